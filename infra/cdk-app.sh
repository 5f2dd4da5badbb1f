#!/usr/bin/env bash
# The command cdk.json runs: starts the CDK app with plain `java -cp` (about twice as fast as mvn exec:java).
# Compiles infra, and the modules it depends on, first when its classes are missing or older than their sources
# or poms. `-am` builds core in the same reactor, so this works on a fresh clone without `mvn install`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
classes="$root/infra/target/classes"
classpath="$root/infra/target/runtime-classpath.txt"
if [ ! -f "$classpath" ] || [ ! -d "$classes" ] || \
   [ -n "$(find "$root/infra/src/main" "$root/core/src/main" "$root/infra/pom.xml" "$root/core/pom.xml" \
        "$root/pom.xml" -newer "$classpath" -print -quit)" ]; then
  (cd "$root" && mvn -B -q -pl infra -am compile) >&2
fi
exec java -cp "$classes:$(cat "$classpath")" io.saturdayzoo.infra.SaturdayApp "$@"
