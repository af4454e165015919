#!/usr/bin/env bash
# Benchmark 2: requests/s of a warm PEP 691 project page with 2,000 files, against nginx serving
# the identical bytes as a static file.
#
# 1. Starts Wharf (SQLite, defaults), uploads COUNT (default 2000) tiny wheels of one project
#    with bulk_upload.py (keep-alive, 2 connections) and reports how long that took.
# 2. Saves the exact JSON body of GET /simple/<project>/ and serves it from Debian's nginx too
#    (its own config in $WORK, same URL path, same Content-Type, access log off, 2 workers).
# 3. Warms both, then alternates ROUNDS (default 2) measurements of each with
#      wrk -t2 -c32 -d15s --latency -H 'Accept: application/vnd.pypi.simple.v1+json'
# 4. Prints every round and the ratio of the mean req/s, Wharf/nginx.
# Usage: [ROUNDS=N] benchmarks/scripts/simple-page-rps.sh [COUNT] [DURATION]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COUNT="${1:-2000}"
DURATION="${2:-15s}"
ROUNDS="${ROUNDS:-2}"
PROJECT=bench-project
ACCEPT='application/vnd.pypi.simple.v1+json'
DATA="$WORK/data"
PORT="$(free_port)"

build_wharf
MACHINE="$(machine_line)"
log "machine: $MACHINE"
mkdir -p "$DATA"
TOKEN="$(make_token "$DATA")"
log "starting wharf on port $PORT"
start_wharf "$DATA" "$PORT"

log "uploading $COUNT wheels"
UPLOAD_LINE="$(python3 "$BENCH_ROOT/benchmarks/scripts/bulk_upload.py" "http://127.0.0.1:$PORT" "$TOKEN" "$PROJECT" "$COUNT" --connections 2)"
log "$UPLOAD_LINE"

URL_PATH="/simple/$PROJECT/"
curl -fsS -H "Accept: $ACCEPT" -D "$WORK/wharf-headers" -o "$WORK/page.json" "http://127.0.0.1:$PORT$URL_PATH"
FILES=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['files']))" "$WORK/page.json")
PAGE_BYTES=$(stat -c %s "$WORK/page.json")
CONTENT_TYPE="$(sed -n 's/^[Cc]ontent-[Tt]ype: *//p' "$WORK/wharf-headers" | tr -d '\r')"
log "page: $FILES files, $PAGE_BYTES bytes, Content-Type: $CONTENT_TYPE"
[[ "$FILES" == "$COUNT" ]] || { echo "expected $COUNT files on the page, found $FILES" >&2; exit 1; }

# run_wrk URL LABEL: prints "rps p50 p99" and keeps wrk's full output in $WORK/wrk-LABEL.txt.
run_wrk() {
  local url="$1" label="$2"
  wrk -t2 -c32 -d"$DURATION" --latency -H "Accept: $ACCEPT" "$url" >"$WORK/wrk-$label.txt"
  if grep -q 'Non-2xx\|Socket errors' "$WORK/wrk-$label.txt"; then
    cat "$WORK/wrk-$label.txt" >&2; echo "wrk saw errors against $label" >&2; return 1
  fi
  awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print rps, p50, p99}' "$WORK/wrk-$label.txt"
}

NGINX_PORT="$(free_port)"
mkdir -p "$WORK/nginx/www/simple/$PROJECT" "$WORK/nginx/tmp"
cp "$WORK/page.json" "$WORK/nginx/www/page.json"
# When run as root, nginx's workers drop to "nobody": they must be able to read the page.
chmod o+rx "$WORK" "$WORK/nginx" "$WORK/nginx/www"; chmod o+r "$WORK/nginx/www/page.json"
cat >"$WORK/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp;
  scgi_temp_path $WORK/nginx/tmp;
  types { }
  default_type "$CONTENT_TYPE";
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/nginx/www;
    location = $URL_PATH { try_files /page.json =404; }
  }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/stderr" &
NGINX_PID=$!; STARTED_PIDS+=("$NGINX_PID")
for _ in $(seq 1 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$NGINX_PORT$URL_PATH" && break
  sleep 0.1
done
curl -fsS -H "Accept: $ACCEPT" -D "$WORK/nginx-headers" -o "$WORK/nginx-page.json" "http://127.0.0.1:$NGINX_PORT$URL_PATH"
cmp -s "$WORK/page.json" "$WORK/nginx-page.json" || { echo "nginx does not serve the same bytes" >&2; exit 1; }
grep -qi "^content-type: $CONTENT_TYPE" "$WORK/nginx-headers" || { cat "$WORK/nginx-headers" >&2; echo "nginx Content-Type differs" >&2; exit 1; }

WHARF_URL="http://127.0.0.1:$PORT$URL_PATH"
NGINX_URL="http://127.0.0.1:$NGINX_PORT$URL_PATH"
log "warming wharf (10 s) and nginx (3 s)"
wrk -t2 -c32 -d10s -H "Accept: $ACCEPT" "$WHARF_URL" >/dev/null
wrk -t2 -c32 -d3s -H "Accept: $ACCEPT" "$NGINX_URL" >/dev/null
# Alternate the two servers round by round (each idles while the other is measured), so that a
# change in background load over the run biases neither side.
ROUND_LINES=""
WHARF_SUM=0; NGINX_SUM=0
for round in $(seq 1 "$ROUNDS"); do
  log "round $round/$ROUNDS: wharf ($DURATION)"
  read -r W_RPS W_P50 W_P99 < <(run_wrk "$WHARF_URL" "wharf-$round")
  log "round $round/$ROUNDS: nginx ($DURATION)"
  read -r N_RPS N_P50 N_P99 < <(run_wrk "$NGINX_URL" "nginx-$round")
  ROUND_LINES+="round $round: wharf $W_RPS req/s (p50 $W_P50, p99 $W_P99)   nginx $N_RPS req/s (p50 $N_P50, p99 $N_P99)   ratio $(python3 -c "print(f'{$W_RPS/$N_RPS:.2f}')")"$'\n'
  WHARF_SUM=$(python3 -c "print($WHARF_SUM + $W_RPS)"); NGINX_SUM=$(python3 -c "print($NGINX_SUM + $N_RPS)")
done

cat <<REPORT

== simple-page-rps: GET $URL_PATH, $FILES files, $PAGE_BYTES-byte JSON page, $(date -u +%Y-%m-%d) ==
machine: $MACHINE (load average when the run began)
upload of $COUNT files: $UPLOAD_LINE
wrk -t2 -c32 -d$DURATION --latency -H 'Accept: $ACCEPT'  (wrk on the same cores as the server)
nginx serves the identical bytes as a static file with the same Content-Type
${ROUND_LINES}mean: wharf $(python3 -c "print(f'{$WHARF_SUM/$ROUNDS:.0f}')") req/s, nginx $(python3 -c "print(f'{$NGINX_SUM/$ROUNDS:.0f}')") req/s, ratio wharf/nginx $(python3 -c "print(f'{$WHARF_SUM/$NGINX_SUM:.2f}')")
REPORT
