#!/usr/bin/env bash
# Measures how long the packaged service takes to start on its embedded defaults: each jar given is started ROUNDS times
# (default 3), alternating, each on a fresh data directory, and the "Started CkuApplication in N seconds" figures and
# their mean are printed per jar. Compare two builds by passing both jars (e.g. a copy of an older build and
# cku-app/target/cku-app.jar): alternating makes the machine's drift fall on both.
#
#   bench/startup-bench.sh /tmp/before.jar cku-app/target/cku-app.jar
#
# PORT (default 18081) is used for the service; JAVA (or JAVA_HOME) selects the JDK.
set -euo pipefail

rounds="${ROUNDS:-3}"
port="${PORT:-18081}"
if [[ -n "${JAVA:-}" ]]; then java_cmd="$JAVA"; elif [[ -n "${JAVA_HOME:-}" ]]; then java_cmd="$JAVA_HOME/bin/java"; else java_cmd=java; fi
[[ $# -ge 1 ]] || { echo "usage: $0 JAR [JAR...]  (build one with ./mvnw -q package -DskipTests)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
declare -A figures

for ((r = 1; r <= rounds; r++)); do
  for jar in "$@"; do
    data="$work/data"; rm -rf "$data"; mkdir -p "$data"
    log="$work/service.log"
    CKU_ADMIN_PASSWORD=startup-bench-password "$java_cmd" -jar "$jar" --server.port="$port" --cku.data-dir="$data" >"$log" 2>&1 &
    pid=$!
    started=""
    for _ in $(seq 1 240); do
      started="$(grep -o 'Started CkuApplication in [0-9.]* seconds' "$log" || true)"
      [[ -n "$started" ]] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [[ -n "$started" ]] || { echo "$jar did not start; its log:" >&2; tail -20 "$log" >&2; exit 1; }
    seconds="$(awk '{print $4}' <<<"$started")"
    figures["$jar"]="${figures["$jar"]:-} $seconds"
    echo "round $r  $jar  started in $seconds s" >&2
  done
done

echo "CKU start-up benchmark: $rounds alternated starts per jar, fresh data directory each"
for jar in "$@"; do
  echo "$jar:${figures["$jar"]}  mean $(tr ' ' '\n' <<<"${figures["$jar"]}" | awk 'NF {s += $1; n++} END {printf "%.2f s", s / n}')"
done
