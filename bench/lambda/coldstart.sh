#!/usr/bin/env bash
# Cold start of the Lambda runner on the JVM, without and with the JDK's AOT cache (JEP 483/514, JDK 25).
# Builds the function if needed (services/lambda-runner/target: the runner jar + lib/), compiles ColdStart.java
# beside it, records an AOT cache with one training run (-XX:AOTCacheOutput), then starts a fresh JVM RUNS times
# (default 5) each way, alternating, and prints init_ms (JVM launch -> handler constructed: Quarkus booted, every
# node type loaded) and answer_ms (JVM launch -> first answer, a bad request so no S3) per run, then min/median/max.
# The classpath is jars only (an AOT cache refuses directories), in the order Lambda's runtime uses: the function's
# classes, then lib/*.jar.
# Usage: bench/lambda/coldstart.sh        env: HETUMIND_BENCH_RUNS, HETUMIND_JAVA_OPTS, HETUMIND_BENCH_OUT
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${HETUMIND_BENCH_RUNS:-5}"
OUT="${HETUMIND_BENCH_OUT:-$ROOT/bench/lambda/target}"
# Lambda's managed Java runtimes start the JVM with tiered compilation stopped at C1 by default.
JAVA_OPTS="${HETUMIND_JAVA_OPTS:--XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx768m}"
JAVA_HOME="${JAVA_HOME:-$("$ROOT/hetumind" java-home)}"
JAVA="$JAVA_HOME/bin/java"
TARGET="$ROOT/services/lambda-runner/target"
RUNNER="$(ls "$TARGET"/hetumind-lambda-runner-*-runner.jar 2>/dev/null | head -1 || true)"
if [ -z "$RUNNER" ] || [ ! -d "$TARGET/lib" ]; then
  (cd "$ROOT" && ./mvnw -B -q -pl services/lambda-runner -am package -DskipTests -Dspotless.check.skip=true)
  RUNNER="$(ls "$TARGET"/hetumind-lambda-runner-*-runner.jar | head -1)"
fi
mkdir -p "$OUT/classes"
LIBS="$(ls "$TARGET"/lib/*.jar | sort | paste -sd: -)"
"$JAVA_HOME/bin/javac" -q -d "$OUT/classes" -cp "$LIBS" "$ROOT/bench/lambda/ColdStart.java" 2>/dev/null \
  || "$JAVA_HOME/bin/javac" -d "$OUT/classes" -cp "$LIBS" "$ROOT/bench/lambda/ColdStart.java"
"$JAVA_HOME/bin/jar" --create --file "$OUT/coldstart.jar" -C "$OUT/classes" .
CP="$RUNNER:$LIBS:$OUT/coldstart.jar"
# what the SAM template gives the function; the bucket is never reached by a bad request
export HETUMIND_LAMBDA_BUCKET=bench AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench

once() { # $1: extra JVM options; prints "init_ms=… answer_ms=…"
  # shellcheck disable=SC2086
  "$JAVA" $JAVA_OPTS $1 -Dbench.launch="$(date +%s%3N)" -cp "$CP" ColdStart >"$OUT/last.log" 2>&1
  grep '^init_ms=' "$OUT/last.log" || { echo "no figures; see $OUT/last.log" >&2; exit 1; }
}

rm -f "$OUT/runner.aot"
echo "recording the AOT cache (one training run)..."
# shellcheck disable=SC2086
"$JAVA" $JAVA_OPTS -XX:AOTCacheOutput="$OUT/runner.aot" -Dbench.launch="$(date +%s%3N)" -cp "$CP" ColdStart \
  >"$OUT/training.log" 2>&1 || { cat "$OUT/training.log" >&2; exit 1; }
# the engine (every node type) must be built while the function starts, before its first answer
first_answer_line="$(grep -n '^init_ms=' "$OUT/training.log" | cut -d: -f1)"
engine_line="$(grep -n 'engine ready:' "$OUT/training.log" | head -1 | cut -d: -f1)"
if [ -z "$engine_line" ] || [ -z "$first_answer_line" ] || [ "$engine_line" -gt "$first_answer_line" ]; then
  echo "the engine was not built at start-up (no 'engine ready' before the first answer); see $OUT/training.log" >&2
  exit 1
fi
grep -o 'engine ready:.*' "$OUT/training.log" | head -1
echo "cache: $(du -m "$OUT/runner.aot" | cut -f1) MB; function: $(ls "$TARGET"/lib/*.jar | wc -l) library jars," \
  "$(du -m "$TARGET/function.zip" 2>/dev/null | cut -f1 || echo '?') MB zip; JVM options: $JAVA_OPTS"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$OUT/without.txt"; : >"$OUT/with.txt"
for i in $(seq 1 "$RUNS"); do
  a="$(once "")"; echo "$a" >>"$OUT/without.txt"
  b="$(once "-XX:AOTMode=on -XX:AOTCache=$OUT/runner.aot")"; echo "$b" >>"$OUT/with.txt"
  printf 'run %d: without cache %s | with cache %s\n' "$i" "$a" "$b"
done
summary() { # $1: file, $2: field
  sed -n "s/.*$2=\([0-9]*\).*/\1/p" "$1" | sort -n | awk '{v[NR]=$1} END {printf "min %d / median %d / max %d ms", v[1], v[int((NR+1)/2)], v[NR]}'
}
for f in init_ms answer_ms; do
  printf '%-9s without: %s   with: %s\n' "$f" "$(summary "$OUT/without.txt" $f)" "$(summary "$OUT/with.txt" $f)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
