#!/usr/bin/env bash
# Builds a module (and what it depends on) into the local Maven repository and prints its runtime class path, its own
# classes first. Used by the in-process benchmarks:
#
#   classpath="$(bench/classpath.sh cku-governance)"
set -euo pipefail
module="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/mvnw" -q -B -f "$root/pom.xml" -pl "$module" -am install -DskipTests >&2
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
"$root/mvnw" -q -B -f "$root/pom.xml" -pl "$module" dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >&2
echo "$root/$module/target/classes:$(cat "$cp_file")"
