#!/usr/bin/env bash
# Soak: the server's resident memory and open file descriptors under steady mixed load.
#
# Starts Wharf (SQLite, the launcher's defaults plus EXTRA_OPTS from the environment, e.g.
# EXTRA_OPTS=-Xmx6g for the JVM's own default on a 24 GiB machine), uploads 200 wheels, then for
# DURATION runs wrk on a project page (pip's headers), the root page and the JSON API, and uploads
# one wheel a second. Every 10 s it samples RSS (from /proc) and the number of open fds, and prints
# the series and the trend: first, last and maximum.
# Usage: [EXTRA_OPTS=...] benchmarks/scripts/soak-rss.sh [DURATION_SECONDS]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${1:-600}"
DATA="$WORK/data"
PORT="$(free_port)"
build_wharf
MACHINE="$(machine_line)"
mkdir -p "$DATA"
TOKEN="$(make_token "$DATA")"
log "starting wharf on port $PORT (WHARF_JAVA_OPTS=${EXTRA_OPTS:-})"
start_wharf "$DATA" "$PORT" WHARF_JAVA_OPTS="${EXTRA_OPTS:-}"
JVM_PID="$(pgrep -P "$WHARF_PID" java || echo "$WHARF_PID")"
python3 "$BENCH_ROOT/benchmarks/scripts/bulk_upload.py" "http://127.0.0.1:$PORT" "$TOKEN" soak-project 200 --connections 2 >&2

ACCEPT='application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01'
for path in /simple/soak-project/ /simple/ /pypi/soak-project/json; do
  wrk -t1 -c4 -d"${DURATION}s" -H "Accept: $ACCEPT" -H 'Accept-Encoding: gzip, deflate' "http://127.0.0.1:$PORT$path" >/dev/null 2>&1 &
  STARTED_PIDS+=("$!")
done
(
  i=0
  while true; do
    python3 "$BENCH_ROOT/benchmarks/scripts/bulk_upload.py" "http://127.0.0.1:$PORT" "$TOKEN" "soak-new-$i" 1 --connections 1 >/dev/null 2>&1 || true
    i=$((i + 1)); sleep 1
  done
) &
STARTED_PIDS+=("$!")

SAMPLES=""
for t in $(seq 0 10 "$DURATION"); do
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$JVM_PID/status")
  fds=$(ls "/proc/$JVM_PID/fd" | wc -l)
  SAMPLES+="$t $rss_kb $fds"$'\n'
  log "t=${t}s rss=$((rss_kb / 1024)) MiB fds=$fds"
  [[ "$t" -lt "$DURATION" ]] && sleep 10
done

echo
echo "== soak-rss, ${DURATION} s, WHARF_JAVA_OPTS='${EXTRA_OPTS:-}' (launcher default heap unless -Xmx given), $(date -u +%Y-%m-%d) =="
echo "machine: $MACHINE"
printf '%s' "$SAMPLES" | awk '
  NR == 1 {first = $2; ffd = $3}
  {last = $2; lfd = $3; if ($2 > max) max = $2; if ($3 > maxfd) maxfd = $3}
  END {printf "RSS first %d MiB, last %d MiB, max %d MiB; fds first %d, last %d, max %d\n", first/1024, last/1024, max/1024, ffd, lfd, maxfd}'
