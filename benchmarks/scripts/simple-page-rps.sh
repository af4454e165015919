#!/usr/bin/env bash
# Benchmark 2: requests/s of a warm PEP 691 project page with 2,000 files, against nginx serving
# the identical bytes as a static file, for the request pip really sends and for one without
# compression.
#
# 1. Starts Wharf (SQLite, defaults), uploads COUNT (default 2000) tiny wheels of one project
#    with bulk_upload.py (keep-alive, 2 connections) and reports how long that took.
# 2. Saves the exact JSON body of GET /simple/<project>/ in identity and in gzip (Wharf's own gzip
#    bytes) and serves both from Debian's nginx (its own config in $WORK, same URL path, same
#    Content-Type, access log off, 2 workers, gzip_static on: nginx sends page.json.gz as is to a
#    client that accepts gzip, so both servers send byte-identical bodies).
# 3. Warms both, then alternates ROUNDS (default 2) measurements of each server in each case:
#      pip:      wrk -t2 -c32 with pip's Accept, Accept-Encoding: gzip, deflate and User-Agent
#      identity: the same Accept, no Accept-Encoding
# 4. Prints every round and the ratios of the mean req/s, Wharf/nginx, per case.
# Usage: [ROUNDS=N] benchmarks/scripts/simple-page-rps.sh [COUNT] [DURATION]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COUNT="${1:-2000}"
DURATION="${2:-15s}"
ROUNDS="${ROUNDS:-2}"
PROJECT=bench-project
# What pip 23-25 sends for a project page (pip/_internal/index/collector.py; requests adds the rest).
ACCEPT='application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01'
PIP_ENCODING='gzip, deflate'
PIP_AGENT='pip/25.0 {"installer":{"name":"pip","version":"25.0"}} python-requests/2.32.3'
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
curl -fsS -H "Accept: $ACCEPT" -H "Accept-Encoding: $PIP_ENCODING" -D "$WORK/wharf-gzip-headers" -o "$WORK/page.json.gz" "http://127.0.0.1:$PORT$URL_PATH"
grep -qi '^content-encoding: gzip' "$WORK/wharf-gzip-headers" || { cat "$WORK/wharf-gzip-headers" >&2; echo "wharf did not answer pip's request in gzip" >&2; exit 1; }
gzip -dc "$WORK/page.json.gz" | cmp -s - "$WORK/page.json" || { echo "wharf's gzip variant does not decode to the page" >&2; exit 1; }
GZ_BYTES=$(stat -c %s "$WORK/page.json.gz")
FILES=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['files']))" "$WORK/page.json")
PAGE_BYTES=$(stat -c %s "$WORK/page.json")
CONTENT_TYPE="$(sed -n 's/^[Cc]ontent-[Tt]ype: *//p' "$WORK/wharf-headers" | tr -d '\r')"
log "page: $FILES files, $PAGE_BYTES bytes ($GZ_BYTES gzipped), Content-Type: $CONTENT_TYPE"
[[ "$FILES" == "$COUNT" ]] || { echo "expected $COUNT files on the page, found $FILES" >&2; exit 1; }

# run_wrk URL LABEL CASE: prints "rps p50 p99" and keeps wrk's full output in $WORK/wrk-LABEL.txt.
# CASE pip sends pip's headers; CASE identity the same Accept and no Accept-Encoding.
run_wrk() {
  local url="$1" label="$2" case="$3"
  local headers=(-H "Accept: $ACCEPT")
  [[ "$case" == pip ]] && headers+=(-H "Accept-Encoding: $PIP_ENCODING" -H "User-Agent: $PIP_AGENT")
  wrk -t2 -c32 -d"$DURATION" --latency "${headers[@]}" "$url" >"$WORK/wrk-$label.txt"
  if grep -q 'Non-2xx\|Socket errors' "$WORK/wrk-$label.txt"; then
    cat "$WORK/wrk-$label.txt" >&2; echo "wrk saw errors against $label" >&2; return 1
  fi
  awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print rps, p50, p99}' "$WORK/wrk-$label.txt"
}

NGINX_PORT="$(free_port)"
start_static_nginx "$NGINX_PORT" "location = $URL_PATH { default_type \"$CONTENT_TYPE\"; try_files /page.json =404; }" \
  "$WORK/page.json" "$WORK/page.json.gz"
curl -fsS -H "Accept: $ACCEPT" -D "$WORK/nginx-headers" -o "$WORK/nginx-page.json" "http://127.0.0.1:$NGINX_PORT$URL_PATH"
cmp -s "$WORK/page.json" "$WORK/nginx-page.json" || { echo "nginx does not serve the same bytes" >&2; exit 1; }
grep -qi "^content-type: $CONTENT_TYPE" "$WORK/nginx-headers" || { cat "$WORK/nginx-headers" >&2; echo "nginx Content-Type differs" >&2; exit 1; }
curl -fsS -H "Accept: $ACCEPT" -H "Accept-Encoding: $PIP_ENCODING" -D "$WORK/nginx-gzip-headers" -o "$WORK/nginx-page.json.gz" "http://127.0.0.1:$NGINX_PORT$URL_PATH"
cmp -s "$WORK/page.json.gz" "$WORK/nginx-page.json.gz" || { cat "$WORK/nginx-gzip-headers" >&2; echo "nginx does not serve wharf's gzip bytes" >&2; exit 1; }

WHARF_URL="http://127.0.0.1:$PORT$URL_PATH"
NGINX_URL="http://127.0.0.1:$NGINX_PORT$URL_PATH"
# 30 s: the JIT is still compiling Jetty's write path after 10 s (req/s kept rising in short runs).
log "warming wharf (30 s) and nginx (3 s)"
wrk -t2 -c32 -d30s -H "Accept: $ACCEPT" -H "Accept-Encoding: $PIP_ENCODING" "$WHARF_URL" >/dev/null
wrk -t2 -c32 -d3s -H "Accept: $ACCEPT" -H "Accept-Encoding: $PIP_ENCODING" "$NGINX_URL" >/dev/null
# Alternate the two servers round by round (each idles while the other is measured), so that a
# change in background load over the run biases neither side.
ROUND_LINES=""
declare -A SUM=([wharf-pip]=0 [nginx-pip]=0 [wharf-identity]=0 [nginx-identity]=0)
for round in $(seq 1 "$ROUNDS"); do
  for case in pip identity; do
    log "round $round/$ROUNDS, $case: wharf ($DURATION)"
    read -r W_RPS W_P50 W_P99 < <(run_wrk "$WHARF_URL" "wharf-$case-$round" "$case")
    log "round $round/$ROUNDS, $case: nginx ($DURATION)"
    read -r N_RPS N_P50 N_P99 < <(run_wrk "$NGINX_URL" "nginx-$case-$round" "$case")
    ROUND_LINES+="round $round, $case: wharf $W_RPS req/s (p50 $W_P50, p99 $W_P99)   nginx $N_RPS req/s (p50 $N_P50, p99 $N_P99)   ratio $(python3 -c "print(f'{$W_RPS/$N_RPS:.2f}')")"$'\n'
    SUM[wharf-$case]=$(python3 -c "print(${SUM[wharf-$case]} + $W_RPS)"); SUM[nginx-$case]=$(python3 -c "print(${SUM[nginx-$case]} + $N_RPS)")
  done
done

mean_line() {
  local case="$1"
  echo "mean, $case: wharf $(python3 -c "print(f'{${SUM[wharf-$case]}/$ROUNDS:.0f}')") req/s, nginx $(python3 -c "print(f'{${SUM[nginx-$case]}/$ROUNDS:.0f}')") req/s, ratio wharf/nginx $(python3 -c "print(f'{${SUM[wharf-$case]}/${SUM[nginx-$case]}:.2f}')")"
}

cat <<REPORT

== simple-page-rps: GET $URL_PATH, $FILES files, $PAGE_BYTES-byte JSON page ($GZ_BYTES bytes gzipped), $(date -u +%Y-%m-%d) ==
machine: $MACHINE (load average when the run began)
upload of $COUNT files: $UPLOAD_LINE
wrk -t2 -c32 -d$DURATION --latency  (wrk on the same cores as the server)
  pip:      Accept: $ACCEPT / Accept-Encoding: $PIP_ENCODING / pip's User-Agent
  identity: the same Accept, no Accept-Encoding
nginx serves the identical bytes (gzip_static with wharf's own gzip file) with the same Content-Type
${ROUND_LINES}$(mean_line pip)
$(mean_line identity)
REPORT
