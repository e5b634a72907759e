#!/usr/bin/env bash
# Builds cku-governance and runs bench/GateBench.java: the in-process cost of the nine gates (see bench/README.md).
#
#   bench/gate-bench.sh [--iterations N]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java_cmd="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"

classpath="$("$here/classpath.sh" cku-governance)"
exec "$java_cmd" -cp "$classpath" "$here/GateBench.java" "$@"
