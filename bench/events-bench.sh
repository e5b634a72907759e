#!/usr/bin/env bash
# Runs the CKU events benchmark (bench/EventsBench.java: SSE subscribers on GET /events under run load) with the JDK source-file launcher.
# All options are passed through; see `bench/events-bench.sh --help` and bench/README.md.
#
#   bench/events-bench.sh --subscribers 500 --runs 3000 --concurrency 16 --header "Authorization: Bearer $TOKEN"
#
# JAVA (or JAVA_HOME) selects the JDK (17+); BENCH_JAVA_OPTS adds JVM options for the client.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ -n "${JAVA:-}" ]]; then
  java_cmd="$JAVA"
elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  java_cmd="$JAVA_HOME/bin/java"
else
  java_cmd="java"
fi

# shellcheck disable=SC2086  # BENCH_JAVA_OPTS is intentionally word-split
exec "$java_cmd" ${BENCH_JAVA_OPTS:-} "$here/EventsBench.java" "$@"
