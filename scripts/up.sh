#!/usr/bin/env bash
# `./hetumind up`: build what is stale, start the embedded PostgreSQL (unless HETUMIND_DB_URL names one) and the
# services, wait until they are healthy, print where they are; Ctrl-C stops everything. Called by ./hetumind,
# which has already chosen a JDK 25.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOME_DIR="${HETUMIND_HOME:-$HOME/.hetumind}"
LOGS="$HOME_DIR/logs"
PG_PORT="${HETUMIND_PG_PORT:-5433}"
IAM_PORT="${HETUMIND_IAM_PORT:-8081}"
mkdir -p "$LOGS"
chmod 700 "$HOME_DIR"

say() { echo "hetumind: $*" >&2; }

iam_jar="$ROOT/services/iam/target/quarkus-app/quarkus-run.jar"
pg_jar="$ROOT/libs/embedded-postgres/target/hetumind-embedded-postgres-0.1.0-SNAPSHOT.jar"
stale() { # stale TARGET SOURCES…: the target is missing or older than a source
  local target="$1"; shift
  [ -f "$target" ] || return 0
  [ -n "$(find "$@" -newer "$target" -type f -print -quit 2>/dev/null)" ]
}
if stale "$iam_jar" "$ROOT/pom.xml" "$ROOT/libs/platform" "$ROOT/services/iam/src/main" "$ROOT/services/iam/pom.xml" \
   || stale "$pg_jar" "$ROOT/libs/embedded-postgres/src" "$ROOT/libs/embedded-postgres/pom.xml"; then
  say "building the services (first run or sources changed)…"
  (cd "$ROOT" && ./mvnw -B -q -pl services/iam,libs/embedded-postgres -am package -DskipTests -Dspotless.check.skip=true >&2)
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ready_ok() { # the service on port $1 answers 200 on /q/health/ready
  ( exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /q/health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    head -n1 <&3 | grep -q ' 200 ' ) 2>/dev/null
}

pids=()
stop_all() {
  trap - INT TERM
  say "stopping…"
  local i
  for (( i=${#pids[@]}-1; i>=0; i-- )); do # services first, the database last
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  say "stopped."
}
trap 'stop_all; exit 0' INT TERM

# One master key per data directory encrypts IAM's signing keys at rest.
if [ -z "${HETUMIND_IAM_MASTER_KEY:-}" ]; then
  key_file="$HOME_DIR/master.key"
  if [ ! -s "$key_file" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 > "$key_file")
  fi
  HETUMIND_IAM_MASTER_KEY="$(cat "$key_file")"
  export HETUMIND_IAM_MASTER_KEY
fi

db_note="from HETUMIND_DB_URL"
if [ -z "${HETUMIND_DB_URL:-}" ]; then
  export HETUMIND_DB_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
  if port_open "$PG_PORT"; then
    db_note="already running on $PG_PORT, reused"
  else
    say "starting the embedded PostgreSQL (data in $HOME_DIR/postgres)…"
    java -Xmx256m -XX:+UseSerialGC -jar "$pg_jar" "$HOME_DIR/postgres" "$PG_PORT" >"$LOGS/postgres.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 240); do
      grep -q "embedded PostgreSQL ready" "$LOGS/postgres.log" 2>/dev/null && break
      if ! kill -0 "${pids[0]}" 2>/dev/null; then
        say "the embedded PostgreSQL did not start; the end of $LOGS/postgres.log:"; tail -n 20 "$LOGS/postgres.log" >&2; exit 1
      fi
      sleep 0.5
    done
    db_note="embedded, data in $HOME_DIR/postgres"
  fi
fi

if port_open "$IAM_PORT"; then
  say "port $IAM_PORT is taken (is Hetumind already up?); set HETUMIND_IAM_PORT to use another"; stop_all; exit 1
fi
say "starting IAM on $IAM_PORT…"
HETUMIND_IAM_PORT="$IAM_PORT" HETUMIND_IAM_HOST="${HETUMIND_IAM_HOST:-127.0.0.1}" \
  java -jar "$iam_jar" >"$LOGS/iam.log" 2>&1 &
iam_pid=$!
pids+=($iam_pid)
ready=""
for _ in $(seq 1 360); do
  if ! kill -0 "$iam_pid" 2>/dev/null; then
    say "IAM stopped during start-up; the end of $LOGS/iam.log:"; tail -n 30 "$LOGS/iam.log" >&2; stop_all; exit 1
  fi
  if ready_ok "$IAM_PORT"; then
    ready=1; break
  fi
  sleep 0.5
done
[ -n "$ready" ] || { say "IAM did not become healthy in 180 s; see $LOGS/iam.log"; stop_all; exit 1; }

IAM="http://127.0.0.1:$IAM_PORT"
cat <<EOT

Hetumind is up.
  IAM        $IAM            OpenAPI $IAM/q/openapi · health $IAM/q/health · metrics $IAM/q/metrics
  JWKS       $IAM/.well-known/jwks.json
  Database   ${HETUMIND_DB_URL%%\?*} ($db_note)
  Logs       $LOGS

On a new instance the first sign-up creates the owner (later users are added by an admin):
  curl -s $IAM/api/v1/auth/signup -H 'Content-Type: application/json' \\
    -d '{"email":"you@example.com","password":"a-long-passphrase","name":"You","tenant":"My team"}'
Sign in (returns accessToken and refreshToken):
  curl -s $IAM/api/v1/auth/signin -H 'Content-Type: application/json' \\
    -d '{"email":"you@example.com","password":"a-long-passphrase"}'

Ctrl-C stops everything.
EOT

# Stay in the foreground; if a service dies, stop the rest.
while true; do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "a service exited unexpectedly; see $LOGS"; stop_all; exit 1
    fi
  done
  sleep 1
done
