#!/usr/bin/env bash
# Benchmark 1: heap growth and throughput of one large upload.
#
# Starts Wharf with -Xmx256m (and a 1 GiB file limit), generates a wheel of SIZE_MIB (default 500)
# MiB of random STORED bytes, and uploads it with curl, which streams the file from disk.
#   Pass 1 (throughput + GC log): a forced full GC (jcmd GC.run) before and after the upload brackets the window;
#          the GC log gives the heap used after every collection inside it. Upload wall time is
#          curl's time_total, compared with `cp` of the same file on the same disk (after a warm
#          read, both plain and followed by `sync FILE`, since Wharf fsyncs before it commits).
#   Pass 2 (live set): a second wheel of the same size is uploaded while `jcmd GC.run` forces a
#          full collection every second; the heap used after those collections is the live set.
# Usage: benchmarks/scripts/upload-memory.sh [SIZE_MIB]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZE_MIB="${1:-500}"
HEAP="${HEAP:--Xmx256m}"
JDK="$(jdk_home)"
DATA="$WORK/data"
PORT="$(free_port)"
GC_LOG="$WORK/gc.log"

build_wharf
MACHINE="$(machine_line)"
log "machine: $MACHINE"
log "generating two ${SIZE_MIB} MiB wheels in $WORK"
WHEEL1="$(python3 "$BENCH_ROOT/benchmarks/scripts/make_wheel.py" "$WORK" bigwheel 1.0 --payload-mib "$SIZE_MIB")"
WHEEL2="$(python3 "$BENCH_ROOT/benchmarks/scripts/make_wheel.py" "$WORK" bigwheel 2.0 --payload-mib "$SIZE_MIB")"
BYTES=$(stat -c %s "$WHEEL1")

mkdir -p "$DATA"
TOKEN="$(make_token "$DATA")"
log "starting wharf on port $PORT with $HEAP"
start_wharf "$DATA" "$PORT" \
  WHARF_JAVA_OPTS="$HEAP -Xlog:gc:file=$GC_LOG:uptime" \
  WHARF_UPLOAD_MAX_FILE_SIZE=1GiB WHARF_UPLOAD_MAX_PROJECT_SIZE=10GiB
log "collector: $("$JDK/bin/jcmd" "$WHARF_PID" VM.info 2>/dev/null | sed -n 's/.*, \([A-Za-z0-9]* gc\)\b.*/\1/p' | head -1 || true)"

# upload WHEEL: prints curl's total time in seconds; fails unless the server answers 200.
upload() {
  local wheel="$1" name version sha
  name=bigwheel
  version="$(basename "$wheel" | cut -d- -f2)"
  sha="$(sha256sum "$wheel" | cut -d' ' -f1)"
  local out
  out="$(curl -sS -o "$WORK/upload-response" -w '%{http_code} %{time_total}' -H 'Expect:' \
    -u "__token__:$TOKEN" \
    -F ':action=file_upload' -F 'protocol_version=1' -F 'metadata_version=2.1' \
    -F "name=$name" -F "version=$version" -F 'filetype=bdist_wheel' -F 'pyversion=py3' \
    -F "sha256_digest=$sha" \
    -F "content=@$wheel;type=application/octet-stream;filename=$(basename "$wheel")" \
    "http://127.0.0.1:$PORT/legacy/")"
  if [[ "${out%% *}" != 200 ]]; then
    echo "upload of $(basename "$wheel") answered ${out%% *}: $(head -c 500 "$WORK/upload-response")" >&2
    return 1
  fi
  echo "${out#* }"
}

gc_now() { "$JDK/bin/jcmd" "$WHARF_PID" GC.run >/dev/null; }

# Warm-up: one small upload so the upload path's classes are loaded before the baseline.
WARM="$(python3 "$BENCH_ROOT/benchmarks/scripts/make_wheel.py" "$WORK" bigwheel 0.1 --payload-mib 1)"
upload "$WARM" >/dev/null

# ---- pass 1: throughput, GC log only ------------------------------------------------------
sha256sum "$WHEEL1" >/dev/null   # read the file once so it starts in the page cache, as cp's does
gc_now; sleep 0.5
log "pass 1: uploading $(basename "$WHEEL1") ($BYTES bytes)"
"$JDK/bin/jstat" -gc "$WHARF_PID" 100 >"$WORK/jstat.txt" 2>/dev/null &
JSTAT_PID=$!; STARTED_PIDS+=("$JSTAT_PID")
UPLOAD_S="$(upload "$WHEEL1")"
kill "$JSTAT_PID" 2>/dev/null || true
sleep 0.5; gc_now
eval "$(python3 "$BENCH_ROOT/benchmarks/scripts/gc_window.py" "$GC_LOG" | sed 's/^/P1_/')"
# jstat: S0U S1U EU OU are columns 3,4,6,8 (KB); the largest sum is the raw heap-used peak.
JSTAT_PEAK_MIB=$(awk 'NR>1 && $3 ~ /^[0-9.]+$/ {u=($3+$4+$6+$8)/1024; if (u>m) m=u} END {printf "%.1f", m}' "$WORK/jstat.txt")

# cp on the same disk, after a warm read; then cp followed by fsync of the copy (Wharf fsyncs).
cat "$WHEEL1" >/dev/null
seconds_since() { python3 -c "import time,sys; print(f'{time.time()-float(sys.argv[1]):.3f}')" "$1"; }
T0=$(date +%s.%N); cp "$WHEEL1" "$DATA/copy1"; CP_S=$(seconds_since "$T0")
cat "$WHEEL1" >/dev/null
T0=$(date +%s.%N); cp "$WHEEL1" "$DATA/copy2"; sync "$DATA/copy2"; CP_SYNC_S=$(seconds_since "$T0")
rm -f "$DATA/copy1" "$DATA/copy2"

# ---- pass 2: live set, forced full GC every second during the upload -------------------------
sha256sum "$WHEEL2" >/dev/null
gc_now; sleep 0.5
log "pass 2: uploading $(basename "$WHEEL2") with a full GC every second"
( while :; do sleep 1; "$JDK/bin/jcmd" "$WHARF_PID" GC.run >/dev/null 2>&1 || exit 0; done ) &
FORCER_PID=$!; STARTED_PIDS+=("$FORCER_PID")
UPLOAD2_S="$(upload "$WHEEL2")"
kill "$FORCER_PID" 2>/dev/null || true; wait "$FORCER_PID" 2>/dev/null || true
sleep 0.5; gc_now
# Only the pass-2 part of the log: from the forced GC that starts pass 2 onwards.
python3 - "$GC_LOG" >"$WORK/gc2.log" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
marks = [i for i, l in enumerate(lines) if ("Diagnostic Command" in l or "System.gc()" in l) and "->" in l]
# pass 1 used marks[0] (before) and marks[1] (after); pass 2 starts at marks[2]
print("\n".join(lines[marks[2]:]))
PY
eval "$(python3 "$BENCH_ROOT/benchmarks/scripts/gc_window.py" "$WORK/gc2.log" | sed 's/^/P2_/')"

mib_s() { python3 -c "print(f'{$BYTES/1048576/$1:.0f}')"; }
cat <<REPORT

== upload-memory: ${SIZE_MIB} MiB wheel ($BYTES bytes), wharf $HEAP, $(date -u +%Y-%m-%d) ==
machine: $MACHINE (load average when the run began)
pass 1 (no forced GC): heap used after GC: before upload ${P1_baseline} MiB, peak during upload ${P1_peak_after} MiB,
                       growth $((P1_peak_after - P1_baseline)) MiB over ${P1_gcs} collections; after upload ${P1_after_upload} MiB
                       raw heap used peak (live + garbage): ${P1_peak_before} MiB (GC log), ${JSTAT_PEAK_MIB} MiB (jstat 100 ms)
pass 2 (full GC each s): live set before ${P2_baseline} MiB, peak during upload ${P2_full_after} MiB,
                       growth $(( ${P2_full_after/n\/a/$P2_baseline} - P2_baseline )) MiB over ${P2_gcs} collections
upload wall time:      ${UPLOAD_S} s ($(mib_s "$UPLOAD_S") MiB/s); pass 2 (perturbed by GCs): ${UPLOAD2_S} s
cp (warm):             ${CP_S} s ($(mib_s "$CP_S") MiB/s)   upload/cp throughput ratio $(python3 -c "print(f'{$CP_S/$UPLOAD_S:.2f}')")
cp + sync (warm):      ${CP_SYNC_S} s ($(mib_s "$CP_SYNC_S") MiB/s)   upload/(cp+sync) ratio $(python3 -c "print(f'{$CP_SYNC_S/$UPLOAD_S:.2f}')")
REPORT
