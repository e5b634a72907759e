#!/usr/bin/env bash
# Builds cku-app and runs bench/AuditBench.java: audit appends/s with 32 writers and verified entries/s over a million
# entries, on an embedded PostgreSQL in a temporary directory (see bench/README.md).
#
#   bench/audit-bench.sh [--appends N] [--writers W] [--verify V] [--cku.db.url=jdbc:postgresql://…]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java_cmd="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"

classpath="$("$here/classpath.sh" cku-app)"
# shellcheck disable=SC2086  # BENCH_JAVA_OPTS is intentionally word-split
exec "$java_cmd" ${BENCH_JAVA_OPTS:-} -cp "$classpath" "$here/AuditBench.java" "$@"
