#!/usr/bin/env bash
# Issue 18's performance report in one command: starts the service jar on a fresh embedded database, warms it up,
# measures every row of the table (completed runs/s, CPU and database work per run, reads, submits, idle commits,
# liveness, submit latency at half rate, memory) and prints it with the targets. About 6 minutes; --quick for 2.
#
#   bench/perf-report.sh [--jar cku-app/target/cku-app.jar] [--port 18181] [--runs 3000] [--quick]
#
# Builds the jar first when it is missing. JAVA (or JAVA_HOME) selects the JDK that runs both the report and the service.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
java_cmd="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"

cd "$root"
if [[ " $* " != *" --jar "* && ! -f cku-app/target/cku-app.jar ]]; then
  ./mvnw -q -B -pl cku-app -am package -DskipTests
fi
exec "$java_cmd" -Dbench.dir="$here" "$here/PerfReport.java" "$@"
