#!/usr/bin/env bash
# Benchmark 4: Trusted Publishing exchanges per second (MintBenchmark), as a ratio to the bare RS256
# signature check nimbus does on the same kind of token in the same JMH run.
#
# Builds server + benchmarks offline, then runs MintBenchmark (rawRs256Verify; sqliteRowsOnly, the
# bare SQLite floor, with a commit per exchange and per 8 exchanges; mintSqlite; mintPostgres;
# 1 fork, 4 x 5 s warm-up, 3 x 3 s measurement) with 2, 8 and 32 threads (clients exchanging at
# once: a CI matrix publishing together; the server's Jetty pool runs up to 200 requests at once),
# and prints ops/s and the ratios to the raw check. mintPostgres needs a PostgreSQL server
# (default jdbc:postgresql://127.0.0.1:5432/postgres, user postgres, trust auth; override with
# WHARF_BENCH_POSTGRES_ADMIN_URL / WHARF_BENCH_POSTGRES_USER): it creates a fresh database for the
# run and drops it afterwards. Set NO_POSTGRES=1 to skip it.
#
#   benchmarks/scripts/mint.sh                 # 2, 8 and 32 threads
#   THREADS="2" benchmarks/scripts/mint.sh     # only 2 threads
#   TOKEN_POOL=/tmp/pool.txt benchmarks/scripts/mint.sh   # keep the signed pool for the next run
#   PROFILE=1 benchmarks/scripts/mint.sh       # also: mintSqlite (PROFILE_THREADS, default 8) under JFR,
#                                              # with a breakdown of the workers and of the group committer
# Extra arguments go to every JMH run (e.g. -p pool=80000 if a fast machine uses up the tokens).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDK="$(jdk_home)"
THREADS="${THREADS:-2 8 32}"
PATTERN='MintBenchmark\.(rawRs256Verify|sqliteRowsOnly|mintSqlite'"$([[ -n "${NO_POSTGRES:-}" ]] || echo '|mintPostgres')"')$'
build_benchmarks "$JDK"
CLASSPATH_ARG="$(jmh_classpath)" || exit 1
JMH=("$JDK/bin/java" -cp "$CLASSPATH_ARG" org.openjdk.jmh.Main)
# The first trial signs the token pool and leaves it here; later trials (new JVMs, new databases)
# read it back instead of spending minutes on RSA signatures again. TOKEN_POOL=FILE keeps the pool
# in FILE instead, so that a later run reuses it (it is signed anew when too small or too old).
POOL_ARG="-Dwharf.bench.tokens=${TOKEN_POOL:-$WORK/tokens.txt}"

REPORT=""
for threads in $THREADS; do
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  log "MintBenchmark, $threads thread(s), load average $load_before"
  "${JMH[@]}" "$PATTERN" -t "$threads" -jvmArgsAppend "$POOL_ARG" -rf json -rff "$WORK/mint-t$threads.json" "$@" \
    >"$WORK/jmh-t$threads.log" 2>&1 || { tail -60 "$WORK/jmh-t$threads.log" >&2; exit 1; }
  grep '^\[mint\]' "$WORK/jmh-t$threads.log" >&2 || true
  load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
  REPORT+="$(python3 - "$WORK/mint-t$threads.json" "$threads" "$load_before" "$load_after" "$WORK/raw-rates.txt" <<'PY'
import json, os, sys
def key(r):
    name = r["benchmark"].rsplit(".", 1)[1]
    per_commit = r.get("params", {}).get("perCommit")
    return f"{name}/{per_commit}" if per_commit else name
results = {key(r): r["primaryMetric"] for r in json.load(open(sys.argv[1]))}
threads, before, after = sys.argv[2], sys.argv[3], sys.argv[4]
print(f"-- {threads} thread(s); load average {before} before, {after} after --")
names = ("rawRs256Verify", "sqliteRowsOnly/1", "sqliteRowsOnly/8", "mintSqlite", "mintPostgres")
for name in names:
    if name in results:
        m = results[name]
        # JMH writes "NaN" (a string) for an error bar it cannot compute; float() reads both.
        runs = ", ".join(f"{float(v):,.0f}" for fork in m["rawData"] for v in fork)
        print(f"{name:17} {float(m['score']):>10,.0f} ops/s  ± {float(m['scoreError']):,.0f} (99.9 %)   iterations: {runs}")
# The yardstick is the best raw rate of the run so far: with more threads than cores the raw check
# itself slows down (32 threads on 2 cores: about half the 2-thread rate), and dividing by that
# would flatter the exchange.
raw_here = float(results["rawRs256Verify"]["score"])
rates_file = sys.argv[5]
with open(rates_file, "a") as f:
    f.write(f"{threads} {raw_here}\n")
best_threads, raw = max(((int(t), float(r)) for t, r in (line.split() for line in open(rates_file))), key=lambda x: x[1])
print(f"yardstick: rawRs256Verify {raw:,.0f} ops/s (best of the run, {best_threads} thread(s))")
for name, label in (("mintSqlite", "mint, SQLite"), ("mintPostgres", "mint, PostgreSQL"),
                    ("sqliteRowsOnly/1", "SQLite rows only, a commit each"),
                    ("sqliteRowsOnly/8", "SQLite rows only, 8 per commit")):
    if name in results:
        ratio = float(results[name]["score"]) / raw
        target = "  (target >= 0.2: " + ("met" if ratio >= 0.2 else "NOT met") + ")" if name == "mintSqlite" else ""
        print(f"ratio to raw RS256, {label:32} {ratio:.3f}{target}")
PY
)"$'\n'
done

PROFILE_REPORT=""
if [[ -n "${PROFILE:-}" ]]; then
  PROFILE_THREADS="${PROFILE_THREADS:-8}"
  log "profiling mintSqlite ($PROFILE_THREADS threads) with JFR"
  "${JMH[@]}" 'MintBenchmark\.mintSqlite$' -t "$PROFILE_THREADS" "$@" \
    -jvmArgsAppend "$POOL_ARG -XX:FlightRecorderOptions:stackdepth=256 -XX:StartFlightRecording=filename=$WORK/mint.jfr,settings=profile" \
    >"$WORK/jmh-profile.log" 2>&1 || { tail -60 "$WORK/jmh-profile.log" >&2; exit 1; }
  "$JDK/bin/jfr" print --events jdk.ExecutionSample,jdk.NativeMethodSample --stack-depth 256 "$WORK/mint.jfr" >"$WORK/mint-samples.txt"
  PROFILE_REPORT="$(python3 "$BENCH_ROOT/benchmarks/scripts/jfr_breakdown.py" mintSqlite-jmh-worker 20 <"$WORK/mint-samples.txt")"
  # The writes run on Database's group-commit thread, not on the workers.
  PROFILE_REPORT+=$'\n'"$(python3 "$BENCH_ROOT/benchmarks/scripts/jfr_breakdown.py" wharf-group-commit 20 <"$WORK/mint-samples.txt")"
  PROFILE_REPORT+=$'\n'"$("$JDK/bin/jfr" view --width 160 contention-by-site "$WORK/mint.jfr" 2>/dev/null | head -12 || true)"
fi

cat <<REPORT

== mint: Trusted Publishing exchanges/s vs raw RS256 verification, $(date -u +%Y-%m-%d), $("$JDK/bin/java" -version 2>&1 | head -1) ==
machine: $(machine_line)
JMH: 1 fork, 4 x 5 s warm-up, 3 x 3 s measurement; every exchange spends a distinct token (replay protection on)
${REPORT}${PROFILE_REPORT:+
-- JFR profile of mintSqlite, ${PROFILE_THREADS:-8} threads (samples of the JMH workers and of the group committer, set-up excluded) --
$PROFILE_REPORT}
REPORT
