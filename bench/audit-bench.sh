#!/usr/bin/env bash
# Builds cku-app and runs bench/AuditBench.java: audit appends/s with 32 writers and verified entries/s over a million
# entries, on an embedded PostgreSQL in a temporary directory (see bench/README.md).
#
#   bench/audit-bench.sh [--appends N] [--writers W] [--verify V] [--cku.db.url=jdbc:postgresql://…]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
java_cmd="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"

"$root/mvnw" -q -B -f "$root/pom.xml" -pl cku-app -am install -DskipTests
cp_file="$(mktemp)"
"$root/mvnw" -q -B -f "$root/pom.xml" -pl cku-app dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
classpath="$root/cku-app/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
# shellcheck disable=SC2086  # BENCH_JAVA_OPTS is intentionally word-split
exec "$java_cmd" ${BENCH_JAVA_OPTS:-} -cp "$classpath" "$here/AuditBench.java" "$@"
