#!/usr/bin/env bash
# Time travel benchmark (issue 4): reading version 0 of a 100-commit Delta table vs the latest.
# Usage: bench/delta/time_travel_bench.sh [--runs 15]   (BUILD_DIR=target-xyz to use another build dir)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR="${BUILD_DIR:-target}"
mvn -o -q -B -pl magics -Dlakehouse.buildDir="$BUILD_DIR" compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/magics/$BUILD_DIR/bench-classpath.txt" >/dev/null
FLAGS=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)
# shellcheck disable=SC2086
exec java $FLAGS -Xmx2g -cp "magics/$BUILD_DIR/classes:$(cat "magics/$BUILD_DIR/bench-classpath.txt")" \
    bench/delta/TimeTravelBench.java "$@"
