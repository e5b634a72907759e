#!/usr/bin/env bash
# Runs the CKU run benchmark (bench/RunBench.java) with the JDK source-file launcher.
# All options are passed through; see `bench/run-bench.sh --help` and bench/README.md.
#
#   bench/run-bench.sh --runs 3000 --concurrency 16
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
exec "$java_cmd" ${BENCH_JAVA_OPTS:-} "$here/RunBench.java" "$@"
