#!/usr/bin/env bash
# Benchmark: a mirror index against what it is compared with, in one script on one machine.
#
# Part 1, pages: requests/s of a cached mirror page against the same project served hosted.
#   Starts Wharf, uploads COUNT (default 2000) tiny wheels of one project, and adds a mirror whose
#   upstream is this same Wharf's /simple/ (wharf admin index add, while it runs). After one fetch
#   the mirror's page of the project is cached; wrk -t2 -c32 then alternates between
#   /simple/<project>/ (hosted) and /i/self/simple/<project>/ (the cached mirror page), ROUNDS
#   times, with pip's headers. Ratio = mirror / hosted (target >= 0.9).
# Part 2, a first download: rate of a SIZE_MIB (default 100) MiB upstream file fetched through the
#   mirror for the first time, against the same kind of file fetched directly from the upstream.
#   The upstream is Debian's nginx serving a static PEP 691 tree (a page listing ROUNDS distinct
#   random files with their sha256 and upload time), so the upstream itself is never the limit.
#   Each round downloads one file directly and another through Wharf (curl, to /dev/null),
#   alternating which goes first. Ratio = through Wharf / direct (target >= 0.8). Measured twice:
#   against nginx at full loopback speed (sendfile: no hashing, no copy, which no proxy that checks
#   and stores what it serves can match on 2 cores), and against the same tree limited to
#   UPSTREAM_RATE (default 100m = 100 MB/s per connection, nginx limit_rate), as a remote index is.
# Part 3, memory: one more first download through Wharf (its client throttled to 20 MiB/s, so it
#   lasts) while `jcmd GC.run` forces a full collection every half second; the largest heap used after those collections, less the heap used
#   after a collection just before, is the heap the download holds (target < 32 MiB).
# Usage: [ROUNDS=N] [UPSTREAM_RATE=100m] benchmarks/scripts/mirror.sh [COUNT] [DURATION] [SIZE_MIB]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COUNT="${1:-2000}"
DURATION="${2:-15s}"
SIZE_MIB="${3:-100}"
ROUNDS="${ROUNDS:-3}"
UPSTREAM_RATE="${UPSTREAM_RATE:-100m}"
PROJECT=bench-project
ACCEPT='application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01'
PIP_ENCODING='gzip, deflate'
JDK="$(jdk_home)"
DATA="$WORK/data"
PORT="$(free_port)"

build_wharf
MACHINE="$(machine_line)"
log "machine: $MACHINE"
mkdir -p "$DATA"
TOKEN="$(make_token "$DATA")"
start_wharf "$DATA" "$PORT"
log "uploading $COUNT wheels"
python3 "$BENCH_ROOT/benchmarks/scripts/bulk_upload.py" "http://127.0.0.1:$PORT" "$TOKEN" "$PROJECT" "$COUNT" --connections 2 >&2

# ---- part 1: pages
"$WHARF" admin --data "$DATA" index add self --mirror "http://127.0.0.1:$PORT/simple/" --ttl 1h >&2
sleep 2.2 # the server re-reads index definitions every 2 s
HOSTED_URL="http://127.0.0.1:$PORT/simple/$PROJECT/"
MIRROR_URL="http://127.0.0.1:$PORT/i/self/simple/$PROJECT/"
for url in "$HOSTED_URL" "$MIRROR_URL"; do
  curl -fsS -H "Accept: $ACCEPT" -o "$WORK/page.json" "$url"
  files=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['files']))" "$WORK/page.json")
  [[ "$files" == "$COUNT" ]] || { echo "$url lists $files files, expected $COUNT" >&2; exit 1; }
done
HOSTED_BYTES=$(curl -fsS -H "Accept: $ACCEPT" "$HOSTED_URL" | wc -c)
MIRROR_BYTES=$(curl -fsS -H "Accept: $ACCEPT" "$MIRROR_URL" | wc -c)

run_wrk() {
  local url="$1" label="$2"
  wrk -t2 -c32 -d"$DURATION" --latency -H "Accept: $ACCEPT" -H "Accept-Encoding: $PIP_ENCODING" "$url" >"$WORK/wrk-$label.txt"
  if grep -q 'Non-2xx\|Socket errors' "$WORK/wrk-$label.txt"; then
    cat "$WORK/wrk-$label.txt" >&2; echo "wrk saw errors against $label" >&2; return 1
  fi
  awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} END {print rps, p99}' "$WORK/wrk-$label.txt"
}
log "warming both pages (30 s)"
wrk -t2 -c32 -d15s -H "Accept: $ACCEPT" -H "Accept-Encoding: $PIP_ENCODING" "$HOSTED_URL" >/dev/null
wrk -t2 -c32 -d15s -H "Accept: $ACCEPT" -H "Accept-Encoding: $PIP_ENCODING" "$MIRROR_URL" >/dev/null
PAGE_LINES=""; H_SUM=0; M_SUM=0
for round in $(seq 1 "$ROUNDS"); do
  log "pages, round $round/$ROUNDS"
  read -r H_RPS H_P99 < <(run_wrk "$HOSTED_URL" "hosted-$round")
  read -r M_RPS M_P99 < <(run_wrk "$MIRROR_URL" "mirror-$round")
  PAGE_LINES+="round $round: hosted $H_RPS req/s (p99 $H_P99)   mirror $M_RPS req/s (p99 $M_P99)   ratio $(python3 -c "print(f'{$M_RPS/$H_RPS:.2f}')")"$'\n'
  H_SUM=$(python3 -c "print($H_SUM + $H_RPS)"); M_SUM=$(python3 -c "print($M_SUM + $M_RPS)")
done

# ---- part 2: first downloads of large upstream files
log "generating $((ROUNDS * 2 + 1)) random files of $SIZE_MIB MiB"
mkdir -p "$WORK/tree/files" "$WORK/tree/simple/big"
python3 - "$WORK/tree" "$((ROUNDS * 2 + 1))" "$SIZE_MIB" <<'PY'
import hashlib, json, os, sys, datetime
tree, count, mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
files = []
for i in range(count):
    name = f"big-1.0.{i}.tar.gz"
    digest = hashlib.sha256()
    with open(os.path.join(tree, "files", name), "wb") as out:
        for _ in range(mib):
            chunk = os.urandom(1024 * 1024)
            digest.update(chunk)
            out.write(chunk)
    files.append({"filename": name, "url": f"../../files/{name}", "hashes": {"sha256": digest.hexdigest()},
                  "size": mib * 1024 * 1024, "upload-time": "2020-01-01T00:00:00.000000Z"})
page = {"meta": {"api-version": "1.1"}, "name": "big", "files": files}
with open(os.path.join(tree, "simple", "big", "index.json"), "w") as out:
    json.dump(page, out)
PY
NGINX_PORT="$(free_port)"
mkdir -p "$WORK/nginx/www"
cp -r "$WORK/tree/files" "$WORK/tree/simple" "$WORK/nginx/www/"
# /slow/ is the same tree (hard links) behind a link of UPSTREAM_RATE bytes/s per connection.
mkdir -p "$WORK/nginx/www/slow"
cp -al "$WORK/nginx/www/files" "$WORK/nginx/www/simple" "$WORK/nginx/www/slow/"
start_static_nginx "$NGINX_PORT" \
  "location /simple/ { default_type application/vnd.pypi.simple.v1+json; try_files \$uri/index.json =404; }
   location /files/ { default_type application/octet-stream; }
   location /slow/simple/ { default_type application/vnd.pypi.simple.v1+json; try_files \$uri/index.json =404; }
   location /slow/files/ { default_type application/octet-stream; limit_rate $UPSTREAM_RATE; }" \
  "$WORK/tree/simple/big/index.json"
chmod -R o+rX "$WORK/nginx/www"
"$WHARF" admin --data "$DATA" index add static --mirror "http://127.0.0.1:$NGINX_PORT/simple/" >&2
"$WHARF" admin --data "$DATA" index add static-slow --mirror "http://127.0.0.1:$NGINX_PORT/slow/simple/" >&2
sleep 2.2
for index in static static-slow; do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/i/$index/simple/big/" || { echo "the mirror $index cannot read the static upstream" >&2; exit 1; }
done

# fetch URL: prints "seconds bytes_per_second"
fetch() { curl -fsS -o /dev/null -w '%{time_total} %{speed_download}\n' "$1"; }
# downloads PREFIX INDEX: ROUNDS rounds of one direct and one first download through Wharf, from
# nginx's PREFIX (/ or /slow/) and the mirror INDEX of it; sets DL_LINES and RATIO.
downloads() {
  local prefix="$1" index="$2" d_sum=0 w_sum=0 n=0 round direct_file wharf_file D_T D_RATE W_T W_RATE
  DL_LINES=""
  for round in $(seq 1 "$ROUNDS"); do
    direct_file="big-1.0.$n.tar.gz"; n=$((n + 1))
    wharf_file="big-1.0.$n.tar.gz"; n=$((n + 1))
    log "download round $round/$ROUNDS from ${prefix}"
    if (( round % 2 )); then
      read -r D_T D_RATE < <(fetch "http://127.0.0.1:$NGINX_PORT${prefix}files/$direct_file")
      read -r W_T W_RATE < <(fetch "http://127.0.0.1:$PORT/i/$index/files/big/$wharf_file")
    else
      read -r W_T W_RATE < <(fetch "http://127.0.0.1:$PORT/i/$index/files/big/$wharf_file")
      read -r D_T D_RATE < <(fetch "http://127.0.0.1:$NGINX_PORT${prefix}files/$direct_file")
    fi
    DL_LINES+="round $round: direct $(python3 -c "print(f'{$D_RATE/1048576:.0f}')") MiB/s (${D_T} s)   through wharf $(python3 -c "print(f'{$W_RATE/1048576:.0f}')") MiB/s (${W_T} s)   ratio $(python3 -c "print(f'{$W_RATE/$D_RATE:.2f}')")"$'\n'
    d_sum=$(python3 -c "print($d_sum + $D_RATE)"); w_sum=$(python3 -c "print($w_sum + $W_RATE)")
  done
  RATIO=$(python3 -c "print(f'{$w_sum/$d_sum:.2f}')")
}
downloads / static; FAST_LINES="$DL_LINES"; FAST_RATIO="$RATIO"
downloads /slow/ static-slow; SLOW_LINES="$DL_LINES"; SLOW_RATIO="$RATIO"
next=$((ROUNDS * 2))
# The stored copy must be the upstream's bytes.
curl -fsS "http://127.0.0.1:$PORT/i/static/files/big/big-1.0.1.tar.gz" | cmp -s - "$WORK/tree/files/big-1.0.1.tar.gz" \
  || { echo "the mirrored file differs from the upstream's" >&2; exit 1; }

# ---- part 3: heap held by a first download
heap_used_mib() { "$JDK/bin/jcmd" "$WHARF_PID" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub(/K,?/, "", v); print v/1024; exit}}'; }
"$JDK/bin/jcmd" "$WHARF_PID" GC.run >/dev/null
BASE_MIB=$(heap_used_mib)
( while :; do sleep 0.5; "$JDK/bin/jcmd" "$WHARF_PID" GC.run >/dev/null 2>&1 || exit 0; heap_used_mib >>"$WORK/heap.txt" || exit 0; done ) &
SAMPLER=$!
# Throttled to 20 MiB/s so the download lasts long enough for several collections to land inside it.
curl -fsS -o /dev/null --limit-rate 20M "http://127.0.0.1:$PORT/i/static/files/big/big-1.0.$next.tar.gz"
kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true
PEAK_MIB=$(sort -n "$WORK/heap.txt" | tail -1)
SAMPLES=$(wc -l <"$WORK/heap.txt")

cat <<REPORT

== mirror: $(date -u +%Y-%m-%d) ==
machine: $MACHINE (load average when the run began)
pages: GET /simple/$PROJECT/ (hosted, $HOSTED_BYTES bytes) vs GET /i/self/simple/$PROJECT/ (cached mirror page, $MIRROR_BYTES bytes), $COUNT files, wrk -t2 -c32 -d$DURATION, pip's Accept and Accept-Encoding
${PAGE_LINES}mean: hosted $(python3 -c "print(f'{$H_SUM/$ROUNDS:.0f}')") req/s, mirror $(python3 -c "print(f'{$M_SUM/$ROUNDS:.0f}')") req/s, ratio mirror/hosted $(python3 -c "print(f'{$M_SUM/$H_SUM:.2f}')")   (target >= 0.9)
first downloads of $SIZE_MIB MiB random files, upstream = nginx static tree on the same machine (sendfile over loopback), curl to /dev/null
${FAST_LINES}mean: ratio through wharf / direct $FAST_RATIO   (target >= 0.8)
the same, upstream limited to $UPSTREAM_RATE bytes/s per connection (nginx limit_rate: a fast link to a remote index)
${SLOW_LINES}mean: ratio through wharf / direct $SLOW_RATIO   (target >= 0.8)
heap during one more first download ($SAMPLES full collections, two a second, client at 20 MiB/s): used after GC before $BASE_MIB MiB, largest after GC during $PEAK_MIB MiB, growth $(python3 -c "print(f'{$PEAK_MIB-$BASE_MIB:.1f}')") MiB   (target < 32 MiB)
REPORT
