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
log "building benchmarks (mvn -o -pl benchmarks -am package)"
(cd "$BENCH_ROOT" && JAVA_HOME="$JDK" mvn -q -B -o -pl benchmarks -am package -DskipTests) \
  >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
# The classpath without a Maven plugin (the dependency plugin is not in an offline ~/.m2): the
# server's shaded jar carries every server dependency; JMH needs jopt-simple and commons-math3.
M2="${MAVEN_REPO:-$HOME/.m2/repository}"
m2_jar() { local jar; jar="$(ls "$M2/$1"/*/"$2"-*.jar 2>/dev/null | sort -V | tail -1)"; [[ -n "$jar" ]] || { echo "missing $2 in $M2" >&2; exit 1; }; echo "$jar"; }
CLASSPATH_ARG="$BENCH_ROOT/benchmarks/target/classes:$BENCH_ROOT/server/target/wharf.jar"
CLASSPATH_ARG+=":$M2/org/openjdk/jmh/jmh-core/1.37/jmh-core-1.37.jar"
CLASSPATH_ARG+=":$(m2_jar net/sf/jopt-simple/jopt-simple jopt-simple):$(m2_jar org/apache/commons/commons-math3 commons-math3)"
"$JDK/bin/java" -cp "$CLASSPATH_ARG" org.openjdk.jmh.Main -rf text -rff "$WORK/jmh.txt" "$@" >&2
echo
echo "== jmh, $(date -u +%Y-%m-%d), $("$JDK/bin/java" -version 2>&1 | head -1) =="
echo "machine: $MACHINE (load average when the run began)"
cat "$WORK/jmh.txt"
