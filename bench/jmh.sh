#!/usr/bin/env bash
# Runs the JMH micro-benchmarks of cku-bench (token verification, header validation, gate evaluation, run JSON); the
# "JMH micro-benchmarks" section of bench/README.md says what each measures. Every argument goes to JMH as it is:
#
#   bench/jmh.sh                                  # all of them, about two minutes
#   bench/jmh.sh TokenVerification                # those whose name matches a regular expression
#   bench/jmh.sh HeaderValidation -p header=accept -wi 1 -i 3
#   bench/jmh.sh -l                               # list them; -h for JMH's options
#
# First it compiles cku-bench and cku-app with the modules they need. Compile, not install: the reactor hands each module
# its siblings' target/classes, and cku-app is not repackaged. cku-app is needed because HeaderText is read from
# cku-app/target/classes: the cku-app jar is Spring Boot's fat jar, which cannot be a dependency.
# CKU_BENCH_NO_BUILD=1 skips the build and runs what is built. JAVA (or JAVA_HOME) picks the JDK.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java="${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}"
java="${java:-java}"
classpath_file="$root/cku-bench/target/jmh.classpath"

if [[ -z "${CKU_BENCH_NO_BUILD:-}" ]]; then
  # a relative outputFile lands in each module's own target/, so cku-app's list does not overwrite cku-bench's
  "$root/mvnw" -q -B -f "$root/pom.xml" -pl cku-bench,cku-app -am compile dependency:build-classpath \
    -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=runtime >&2
fi
if [[ ! -f "$classpath_file" || ! -f "$root/cku-bench/target/classes/META-INF/BenchmarkList" ]]; then
  echo "cku-bench is not built: run bench/jmh.sh without CKU_BENCH_NO_BUILD" >&2
  exit 2
fi

# cku-app's classes go last: the benchmarks take only HeaderText from them
exec "$java" -cp "$root/cku-bench/target/classes:$(cat "$classpath_file"):$root/cku-app/target/classes" org.openjdk.jmh.Main "$@"
