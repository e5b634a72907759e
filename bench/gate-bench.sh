#!/usr/bin/env bash
# Builds cku-governance and runs bench/GateBench.java: the in-process cost of the nine gates (see bench/README.md).
#
#   bench/gate-bench.sh [--iterations N]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
java_cmd="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"

"$root/mvnw" -q -B -f "$root/pom.xml" -pl cku-governance -am install -DskipTests
cp_file="$(mktemp)"
"$root/mvnw" -q -B -f "$root/pom.xml" -pl cku-governance dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
classpath="$root/cku-governance/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
exec "$java_cmd" -cp "$classpath" "$here/GateBench.java" "$@"
