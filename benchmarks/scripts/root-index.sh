#!/usr/bin/env bash
# Benchmark 5: the root index /simple/ with many projects (default 500,000).
#
# 1. Starts Wharf once to create its SQLite catalogue, stops it, and adds COUNT projects straight
#    into the catalogue (seed_projects.py), as a long-lived index would have them.
# 2. Starts Wharf again and times the first GET /simple/ (the full render of every chunk).
# 3. Saves the root page in HTML and in PEP 691 JSON, identity and gzip (Wharf's own gzip bytes),
#    and serves them from Debian's nginx with gzip_static (same bytes, same Content-Type). Then
#    alternates ROUNDS (default 1) wrk -t2 -c32 runs of each server, Accept-Encoding: gzip, per format.
# 4. Under read load (wrk -t1 -c4 on the gzip JSON root for the whole step), creates 20 new
#    projects one by one and times the first GET /simple/ after each (root_latency.py), beside a GET
#    of the unchanged page just before each upload: the target is p99 < 100 ms after a new project.
# Usage: [ROUNDS=N] benchmarks/scripts/root-index.sh [COUNT] [DURATION]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COUNT="${1:-500000}"
DURATION="${2:-15s}"
ROUNDS="${ROUNDS:-1}"
JSON_ACCEPT='application/vnd.pypi.simple.v1+json'
DATA="$WORK/data"
PORT="$(free_port)"

build_wharf
MACHINE="$(machine_line)"
log "machine: $MACHINE"
mkdir -p "$DATA"
TOKEN="$(make_token "$DATA")"
log "seeding $COUNT projects"
python3 "$BENCH_ROOT/benchmarks/scripts/seed_projects.py" "$DATA/wharf.db" "$COUNT" >&2

log "starting wharf on port $PORT"
STARTED=$(date +%s.%N)
start_wharf "$DATA" "$PORT"
curl -fsS -H "Accept: $JSON_ACCEPT" -H 'Accept-Encoding: gzip' -o "$WORK/root.json.gz" "http://127.0.0.1:$PORT/simple/"
FIRST_RENDER=$(python3 -c "import time; print(f'{time.time() - $STARTED:.1f}')")
log "first root page served ${FIRST_RENDER} s after the start"
curl -fsS -H "Accept: $JSON_ACCEPT" -o "$WORK/root.json" "http://127.0.0.1:$PORT/simple/"
curl -fsS -o "$WORK/root.html" "http://127.0.0.1:$PORT/simple/"
curl -fsS -H 'Accept-Encoding: gzip' -o "$WORK/root.html.gz" "http://127.0.0.1:$PORT/simple/"
for f in root.json root.html; do
  gzip -dc "$WORK/$f.gz" | cmp -s - "$WORK/$f" || { echo "wharf's gzip $f does not decode to its identity bytes" >&2; exit 1; }
done
LISTED=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['projects']))" "$WORK/root.json")
log "root: $LISTED projects; HTML $(stat -c %s "$WORK/root.html") bytes ($(stat -c %s "$WORK/root.html.gz") gzipped), JSON $(stat -c %s "$WORK/root.json") bytes ($(stat -c %s "$WORK/root.json.gz") gzipped)"

NGINX_PORT="$(free_port)"
start_static_nginx "$NGINX_PORT" "location = /simple/ { default_type \"text/html; charset=utf-8\"; try_files /root.html =404; }
    location = /simple-json/ { default_type \"$JSON_ACCEPT\"; try_files /root.json =404; }" \
  "$WORK"/root.json "$WORK"/root.json.gz "$WORK"/root.html "$WORK"/root.html.gz
curl -fsS -H 'Accept-Encoding: gzip' -o "$WORK/nginx-root.json.gz" "http://127.0.0.1:$NGINX_PORT/simple-json/"
cmp -s "$WORK/root.json.gz" "$WORK/nginx-root.json.gz" || { echo "nginx does not serve wharf's gzip bytes" >&2; exit 1; }

# run_wrk URL LABEL [ACCEPT]: prints "rps p50 p99"; wrk's output stays in $WORK/wrk-LABEL.txt.
run_wrk() {
  local url="$1" label="$2" accept="${3:-}"
  local headers=(-H 'Accept-Encoding: gzip, deflate')
  [[ -n "$accept" ]] && headers+=(-H "Accept: $accept")
  wrk -t2 -c32 -d"$DURATION" --timeout 10s --latency "${headers[@]}" "$url" >"$WORK/wrk-$label.txt"
  if grep -q 'Non-2xx\|Socket errors' "$WORK/wrk-$label.txt"; then
    cat "$WORK/wrk-$label.txt" >&2; echo "wrk saw errors against $label" >&2; return 1
  fi
  awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print rps, p50, p99}' "$WORK/wrk-$label.txt"
}

log "warming wharf (20 s) and nginx (3 s)"
wrk -t2 -c32 -d20s -H 'Accept-Encoding: gzip' -H "Accept: $JSON_ACCEPT" "http://127.0.0.1:$PORT/simple/" >/dev/null
wrk -t2 -c32 -d3s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$NGINX_PORT/simple-json/" >/dev/null
LINES=""
for round in $(seq 1 "$ROUNDS"); do
  for format in json html; do
    if [[ $format == json ]]; then W_ACCEPT="$JSON_ACCEPT"; N_PATH=/simple-json/; else W_ACCEPT=""; N_PATH=/simple/; fi
    log "round $round/$ROUNDS, $format: wharf ($DURATION)"
    read -r W_RPS W_P50 W_P99 < <(run_wrk "http://127.0.0.1:$PORT/simple/" "wharf-$format-$round" "$W_ACCEPT")
    log "round $round/$ROUNDS, $format: nginx ($DURATION)"
    read -r N_RPS N_P50 N_P99 < <(run_wrk "http://127.0.0.1:$NGINX_PORT$N_PATH" "nginx-$format-$round")
    LINES+="round $round, $format, gzip: wharf $W_RPS req/s (p50 $W_P50, p99 $W_P99)   nginx $N_RPS req/s (p50 $N_P50, p99 $N_P99)   ratio $(python3 -c "print(f'{$W_RPS/$N_RPS:.2f}')")"$'\n'
  done
done

log "20 new projects under read load (wrk -t1 -c4 on the gzip JSON root)"
wrk -t1 -c4 -d600s --timeout 10s -H 'Accept-Encoding: gzip' -H "Accept: $JSON_ACCEPT" "http://127.0.0.1:$PORT/simple/" >"$WORK/wrk-load.txt" &
LOAD_PID=$!; STARTED_PIDS+=("$LOAD_PID")
sleep 2
LATENCY="$(python3 "$BENCH_ROOT/benchmarks/scripts/root_latency.py" "http://127.0.0.1:$PORT" "$TOKEN" 20)"
kill "$LOAD_PID" 2>/dev/null || true

cat <<REPORT

== root-index: GET /simple/ with $LISTED projects, $(date -u +%Y-%m-%d) ==
machine: $MACHINE (load average when the run began)
HTML $(stat -c %s "$WORK/root.html") bytes ($(stat -c %s "$WORK/root.html.gz") gzipped), JSON $(stat -c %s "$WORK/root.json") bytes ($(stat -c %s "$WORK/root.json.gz") gzipped)
first root page served ${FIRST_RENDER} s after \`wharf serve\` started (JVM start, migrations check, full render)
wrk -t2 -c32 -d$DURATION, Accept-Encoding: gzip, deflate; nginx gzip_static serves wharf's own gzip bytes
${LINES}$LATENCY
REPORT
