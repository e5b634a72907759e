#!/usr/bin/env bash
# Hammers one route with C connections, as wrk would (bench/RequestBench.java, JDK source-file launcher).
#
#   bench/request-bench.sh --url http://localhost:8080/runs/$ID --connections 32 --seconds 20 \
#       --header "Authorization: Bearer $TOKEN" --pid $(pgrep -f cku-app.jar)
#
# --pid adds the service's CPU time per request (Linux /proc). See bench/README.md, "Request benchmark".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -n "${JAVA:-}" ]]; then java_cmd="$JAVA"
elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then java_cmd="$JAVA_HOME/bin/java"
else java_cmd="java"; fi
exec "$java_cmd" "$here/RequestBench.java" "$@"
