# Shared helpers for the load benchmarks: sourced, not run. Each script that sources this file
# gets a private temp directory ($WORK) and an EXIT trap that stops every server it started and
# removes $WORK, whether the benchmark succeeded or not.
set -euo pipefail

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WHARF="$BENCH_ROOT/wharf"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/wharf-bench.XXXXXX")"
STARTED_PIDS=()

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "${KEEP_WORK:-}" ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# A TCP port nobody listens on right now (asks the kernel for an ephemeral one).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# The JDK the launcher uses, for jcmd/jstat.
jdk_home() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [[ -n "$candidate" && -x "$candidate/bin/jcmd" ]] && { echo "$candidate"; return; }
  done
  echo "no JDK with jcmd found" >&2; return 1
}

# build_benchmarks JDK: builds the server and the benchmarks module offline (output in $WORK/build.log).
build_benchmarks() {
  log "building benchmarks (mvn -o -pl benchmarks -am package)"
  (cd "$BENCH_ROOT" && JAVA_HOME="$1" mvn -q -B -o -pl benchmarks -am package -DskipTests) \
    >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
}

# jmh_classpath: the JMH run's classpath without a Maven plugin (the dependency plugin is not in an
# offline ~/.m2): the server's shaded jar carries every server dependency (nimbus, JDBC drivers);
# JMH needs jopt-simple and commons-math3 from ~/.m2. Use as CP="$(jmh_classpath)" || exit 1.
jmh_classpath() {
  local m2="${MAVEN_REPO:-$HOME/.m2/repository}" cp jar name
  cp="$BENCH_ROOT/benchmarks/target/classes:$BENCH_ROOT/server/target/wharf.jar"
  cp+=":$m2/org/openjdk/jmh/jmh-core/1.37/jmh-core-1.37.jar"
  for name in net/sf/jopt-simple/jopt-simple:jopt-simple org/apache/commons/commons-math3:commons-math3; do
    jar="$(ls "$m2/${name%%:*}"/*/"${name##*:}"-*.jar 2>/dev/null | sort -V | tail -1)"
    [[ -n "$jar" ]] || { echo "missing ${name##*:} in $m2" >&2; return 1; }
    cp+=":$jar"
  done
  echo "$cp"
}

# Builds the jar once up front so that build time never lands inside a measurement.
build_wharf() {
  "$WHARF" --version >/dev/null 2>&1 || "$WHARF" --help >/dev/null
}

# start_wharf DATA PORT [extra env assignments...]: starts `wharf serve` in the background, waits
# until /simple/ answers, and sets WHARF_PID to the JVM's pid.
start_wharf() {
  local data="$1" port="$2"; shift 2
  mkdir -p "$data"
  env "$@" "$WHARF" serve --data "$data" --port "$port" >"$WORK/wharf-$port.log" 2>&1 &
  WHARF_PID=$!
  STARTED_PIDS+=("$WHARF_PID")
  local i
  for i in $(seq 1 300); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/simple/"; then return 0; fi
    if ! kill -0 "$WHARF_PID" 2>/dev/null; then
      cat "$WORK/wharf-$port.log" >&2; echo "wharf exited during start-up" >&2; return 1
    fi
    sleep 0.1
  done
  cat "$WORK/wharf-$port.log" >&2; echo "wharf did not answer within 30 s" >&2; return 1
}

# make_token DATA: creates user "bench" and prints an API token for it.
make_token() {
  local data="$1"
  "$WHARF" admin --data "$data" user create bench --email bench@example.org >/dev/null
  "$WHARF" admin --data "$data" token create --user bench
}

# start_static_nginx PORT LOCATIONS FILE...: copies FILE... into $WORK/nginx/www and serves them with
# Debian's nginx as a static server: 2 workers, sendfile, no access log, unlimited keep-alive,
# gzip_static on (FILE.gz goes as it is to a client that accepts gzip). LOCATIONS is the text of
# the server block's location directives (each sets its default_type). Waits until it answers.
start_static_nginx() {
  local port="$1" locations="$2"; shift 2
  mkdir -p "$WORK/nginx/www" "$WORK/nginx/tmp"
  cp "$@" "$WORK/nginx/www/"
  # When run as root, nginx's workers drop to "nobody": they must be able to read the files.
  chmod o+rx "$WORK" "$WORK/nginx" "$WORK/nginx/www"; chmod o+r "$WORK"/nginx/www/*
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
  gzip_static on;
  gzip_vary on;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp;
  scgi_temp_path $WORK/nginx/tmp;
  types { }
  server {
    listen 127.0.0.1:$port;
    root $WORK/nginx/www;
    $locations
  }
}
CONF
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/stderr" &
  STARTED_PIDS+=("$!")
  local i
  for i in $(seq 1 50); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
    sleep 0.1
  done
  cat "$WORK/nginx/stderr" >&2; echo "nginx did not start" >&2; return 1
}

machine_line() {
  echo "$(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
