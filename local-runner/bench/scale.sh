#!/usr/bin/env bash
# Scale benchmark (not a test): rotation's selection on DynamoDB Local for 1k/10k/100k specs (requests, items read,
# time), a thousand registrations paged as the Saturday definition loops them (and repeated: nothing twice), the
# history events per execution of the inline and the Distributed Map, and the 1,000-spec local Saturday's wall time
# with training mocked. Writes local-runner/bench/SCALE.md.
#   local-runner/bench/scale.sh [SIZES...]      (default 1000 10000 100000; BENCH_VERSIONS versions per label, 3;
#                                               BENCH_PARTS=registry,maps; BENCH_OUT=file instead of SCALE.md)
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/../.." && pwd)"
OUT="${BENCH_OUT:-$BENCH/SCALE.md}"
cd "$ROOT"
# the reactor's jars and the bench's class path, none installed in ~/.m2
mvn -B -q -Pbench -pl statemachine-tests -am package -DskipTests
CP="$ROOT/statemachine-tests/target/test-classes:$ROOT/statemachine-tests/target/classes:$(cat "$ROOT/statemachine-tests/target/bench.classpath")"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
START=$(date +%s)
BODY="$(java -Xmx3g -Dsun.net.httpserver.nodelay=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  io.saturdayzoo.statemachine.scenario.ScaleBench --versions="${BENCH_VERSIONS:-3}" --parts="${BENCH_PARTS:-registry,maps}" "$@" 2>"$BENCH/scale.log")"
END=$(date +%s)
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "# Scale benchmark"
  echo
  echo "\`local-runner/bench/scale.sh $*\` on $(nproc) cores, $(date -u +%Y-%m-%d); load average before ${LOAD_BEFORE}," \
       "after ${LOAD_AFTER} (the machine was shared); $((END - START)) s in all. DynamoDB Local and s3proxy run" \
       "in-process, so every figure is local latency, not AWS's."
  echo
  echo "$BODY"
} >"$OUT"
echo "wrote $OUT"
