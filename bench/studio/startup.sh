#!/usr/bin/env bash
# Studio start-up time and idle RSS: starts the packaged studio (services/studio/target/quarkus-app) against a fresh
# database RUNS times (3) with the JVM options `./hetumind up` uses, and prints the time from launch to the first
# 200 of /q/health/ready and the resident set size after IDLE seconds (10) of idling.
# Usage: bench/studio/startup.sh [postgresql://user@host:port/db]   (default: the machine's server on 5432)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DB="${1:-${HETUMIND_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}}"
RUNS="${HETUMIND_BENCH_RUNS:-3}"
IDLE="${HETUMIND_BENCH_IDLE:-10}"
JAR="$ROOT/services/studio/target/quarkus-app/quarkus-run.jar"
JAVA_OPTS="${HETUMIND_JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx256m -Xss512k -XX:ReservedCodeCacheSize=96m}"
[ -f "$JAR" ] || { echo "package the studio first: ./mvnw -B -pl services/studio -am package -DskipTests" >&2; exit 1; }
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
port="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
base="${DB%/*}"
echo "studio start-up: $RUNS runs, JVM options: $JAVA_OPTS"
for i in $(seq 1 "$RUNS"); do
  db="hetumind_bench_startup_$$_$i"
  psql -q "$base/postgres" -c "CREATE DATABASE $db" >/dev/null
  start="$(date +%s%N)"
  # shellcheck disable=SC2086
  HETUMIND_DB_URL="$base/$db" HETUMIND_STUDIO_PORT="$port" HETUMIND_STUDIO_HOST=127.0.0.1 \
    "$JAVA" $JAVA_OPTS -jar "$JAR" >"/tmp/studio-startup-$i.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    kill -0 "$pid" 2>/dev/null || { echo "the studio exited; see /tmp/studio-startup-$i.log" >&2; exit 1; }
    sleep 0.05
  done
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep "$IDLE"
  rss_mib=$(( $(awk '/VmRSS/{print $2}' "/proc/$pid/status") / 1024 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  psql -q "$base/postgres" -c "DROP DATABASE $db" >/dev/null
  printf 'run %d: ready in %5d ms, RSS after %ss idle %4d MiB\n' "$i" "$ready_ms" "$IDLE" "$rss_mib"
done
