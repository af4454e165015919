#!/usr/bin/env bash
# Benchmark 2: requests/s of a warm PEP 691 project page with 2,000 files, against nginx serving
# the identical bytes as a static file.
#
# 1. Starts Wharf (SQLite, defaults), uploads COUNT (default 2000) tiny wheels of one project
#    with bulk_upload.py (keep-alive, 2 connections) and reports how long that took.
# 2. Warms GET /simple/<project>/ (JSON) with wrk, then measures it:
#      wrk -t2 -c32 -d15s --latency -H 'Accept: application/vnd.pypi.simple.v1+json'
# 3. Saves the exact response body, serves it from Debian's nginx (its own config in $WORK, same
#    URL path, same Content-Type, access log off, 2 workers) and runs the same wrk command.
# 4. Prints both results and the ratio Wharf/nginx.
# Usage: benchmarks/scripts/simple-page-rps.sh [COUNT] [DURATION]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COUNT="${1:-2000}"
DURATION="${2:-15s}"
PROJECT=bench-project
ACCEPT='application/vnd.pypi.simple.v1+json'
DATA="$WORK/data"
PORT="$(free_port)"

build_wharf
log "machine: $(machine_line)"
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

log "warming wharf (10 s)"
wrk -t2 -c32 -d10s -H "Accept: $ACCEPT" "http://127.0.0.1:$PORT$URL_PATH" >/dev/null
log "measuring wharf ($DURATION)"
read -r WHARF_RPS WHARF_P50 WHARF_P99 < <(run_wrk "http://127.0.0.1:$PORT$URL_PATH" wharf)
# Wharf is idle from here on: stop it so that nginx gets the same two cores.
kill "$WHARF_PID"; wait "$WHARF_PID" 2>/dev/null || true

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

log "warming nginx (3 s)"
wrk -t2 -c32 -d3s -H "Accept: $ACCEPT" "http://127.0.0.1:$NGINX_PORT$URL_PATH" >/dev/null
log "measuring nginx ($DURATION)"
read -r NGINX_RPS NGINX_P50 NGINX_P99 < <(run_wrk "http://127.0.0.1:$NGINX_PORT$URL_PATH" nginx)

cat <<REPORT

== simple-page-rps: GET $URL_PATH, $FILES files, $PAGE_BYTES-byte JSON page, $(date -u +%Y-%m-%d) ==
machine: $(machine_line)
upload of $COUNT files: $UPLOAD_LINE
wrk -t2 -c32 -d$DURATION --latency -H 'Accept: $ACCEPT'  (wrk on the same cores as the server)
wharf: $WHARF_RPS req/s   p50 $WHARF_P50   p99 $WHARF_P99
nginx: $NGINX_RPS req/s   p50 $NGINX_P50   p99 $NGINX_P99   (static file, identical bytes and Content-Type)
ratio wharf/nginx: $(python3 -c "print(f'{$WHARF_RPS/$NGINX_RPS:.2f}')")
REPORT
