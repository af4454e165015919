#!/usr/bin/env bash
# Benchmark 3: JMH micro-benchmarks (DigestBenchmark, VersionBenchmark). Builds the server and the
# benchmarks module offline, then runs JMH with short settings (1 fork, 2 x 1 s warm-up, 3 x 2 s
# measurement; set in the classes). Extra arguments go to JMH, e.g. a regex to pick benchmarks:
#   benchmarks/scripts/jmh.sh Digest          # only DigestBenchmark
#   benchmarks/scripts/jmh.sh -f 2 -i 5       # more forks and iterations
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

JDK="$(jdk_home)"
# MintBenchmark needs PostgreSQL and a signed token pool: it has its own script (mint.sh).
[[ $# -gt 0 ]] || set -- '(Digest|Version)Benchmark'
MACHINE="$(machine_line)"
log "machine: $MACHINE"
build_benchmarks "$JDK"
CLASSPATH_ARG="$(jmh_classpath)" || exit 1
"$JDK/bin/java" -cp "$CLASSPATH_ARG" org.openjdk.jmh.Main -rf text -rff "$WORK/jmh.txt" "$@" >&2
echo
echo "== jmh, $(date -u +%Y-%m-%d), $("$JDK/bin/java" -version 2>&1 | head -1) =="
echo "machine: $MACHINE (load average when the run began)"
cat "$WORK/jmh.txt"
