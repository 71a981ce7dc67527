#!/usr/bin/env bash
# `./hetumind up | down | status`. `up` builds what is stale, starts the embedded PostgreSQL (unless HETUMIND_DB_URL
# names one) and the services, waits until they are healthy and prints where they are; Ctrl-C stops everything.
# Every child is recorded in $HETUMIND_HOME/run/<name>.pid and dies with `up` (parent-death signal); if `up` itself is
# killed with -9, the next `up` or `down` finds the leftovers there (checking they are this data directory's) and
# stops them. Called by ./hetumind, which has already chosen a JDK 25.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOME_DIR="${HETUMIND_HOME:-$HOME/.hetumind}"
LOGS="$HOME_DIR/logs"
RUN="$HOME_DIR/run"
PG_DATA="$HOME_DIR/postgres"
PG_PORT="${HETUMIND_PG_PORT:-5433}"
STUDIO_PORT="${HETUMIND_STUDIO_PORT:-8080}"
IAM_PORT="${HETUMIND_IAM_PORT:-8081}"
SCHED_PORT="${HETUMIND_SCHED_PORT:-8082}"
AGENT_PORT="${HETUMIND_AGENT_PORT:-8083}"
AGENT_DIR="$HOME_DIR/agent"
KEEP_LOGS=3 # previous runs whose logs are kept, in logs/previous-<time>/
# JVM options of each service: a bounded heap and the serial collector keep a small service small (see
# services/iam/README.md for the RSS measured with and without them).
JAVA_OPTS="${HETUMIND_JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx256m -Xss512k -XX:ReservedCodeCacheSize=96m}"

say() { echo "hetumind: $*" >&2; }

# ---- processes of this data directory ------------------------------------------------------------------------------

start_time() { # the kernel's start time of pid $1 (survives nothing but that process: guards against pid reuse)
  awk '{print $22}' "/proc/$1/stat" 2>/dev/null
}
ours() { # ours PID NAME: pid is alive and is the service NAME started for this data directory
  local pid="$1" name="$2" cmd
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *"-Dhetumind.home=$HOME_DIR "* && "$cmd" == *"-Dhetumind.service=$name "* ]]
}
recorded() { # recorded NAME: prints "pid start port" of the pid file, if any
  [ -f "$RUN/$1.pid" ] && cat "$RUN/$1.pid"
}
alive() { # alive NAME: the recorded process is running, is ours and is the very process recorded
  local pid start port
  read -r pid start port < <(recorded "$1") || return 1
  [ -n "$pid" ] && [ "$(start_time "$pid")" = "$start" ] || return 1
  if [ "$1" = up ]; then # this script: the pid file's place says which data directory it serves
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'up\.sh'
  else
    ours "$pid" "$1"
  fi
}
record() { # record NAME PID PORT
  mkdir -p "$RUN"
  echo "$2 $(start_time "$2") $3" >"$RUN/$1.pid"
}
stop_pid() { # stop_pid PID NAME: TERM, wait up to 30 s, then KILL
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  say "$2 (pid $pid) did not stop in 30 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}
postmaster_pid() { # the running PostgreSQL server of our data directory, if any
  local pid
  [ -f "$PG_DATA/postmaster.pid" ] || return 1
  pid="$(head -n1 "$PG_DATA/postmaster.pid")"
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$PG_DATA" && echo "$pid"
}
stop_leftovers() { # stops what a previous run left behind, services first, the database last
  local f name pid start port
  for f in "$RUN"/*.pid; do
    [ -e "$f" ] || continue
    name="$(basename "$f" .pid)"
    [ "$name" = up ] || [ "$name" = postgres ] && continue
    if alive "$name"; then
      read -r pid start port <"$f"
      say "stopping $name (pid $pid) left by an earlier run"
      stop_pid "$pid" "$name"
    fi
    rm -f "$f"
  done
  if alive postgres; then
    read -r pid start port <"$RUN/postgres.pid"
    say "stopping the embedded PostgreSQL (pid $pid) left by an earlier run"
    stop_pid "$pid" postgres
  fi
  rm -f "$RUN/postgres.pid"
  # The server itself outlives its Java wrapper when that was killed with -9: stop it by its own pid file.
  if pid="$(postmaster_pid)"; then
    say "stopping PostgreSQL (pid $pid) still serving $PG_DATA"
    kill -INT "$pid" 2>/dev/null || true # fast shutdown
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
listener() { # the pid listening on port $1, when the system tells (ss shows other users' pids only to root)
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n1
}
ready_ok() { # the service on port $1 answers 200 on /q/health/ready
  ( exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /q/health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    head -n1 <&3 | grep -q ' 200 ' ) 2>/dev/null
}

# ---- status and down -------------------------------------------------------------------------------------------------

status() {
  local any=0 f name pid start port state
  if alive up; then
    read -r pid start port <"$RUN/up.pid"; echo "up          running (pid $pid)"; any=1
  fi
  for f in "$RUN"/*.pid; do
    [ -e "$f" ] || continue
    name="$(basename "$f" .pid)"
    [ "$name" = up ] && continue
    read -r pid start port <"$f"
    if alive "$name"; then
      any=1
      state="running"
      if [ "$name" != postgres ]; then
        ready_ok "$port" && state="running, ready" || state="running, not ready"
      fi
      printf '%-11s %s (pid %s, port %s)\n' "$name" "$state" "$pid" "$port"
    else
      printf '%-11s stopped (stale pid file)\n' "$name"
    fi
  done
  if pid="$(postmaster_pid)" && ! alive postgres; then
    echo "postgres    server of $PG_DATA running without its wrapper (pid $pid); ./hetumind down stops it"; any=1
  fi
  [ "$any" = 1 ] || { echo "Hetumind is not running (data in $HOME_DIR)"; return 3; }
}

down() {
  local pid start port
  if alive up; then
    read -r pid start port <"$RUN/up.pid"
    say "stopping ./hetumind up (pid $pid)…"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$RUN/up.pid"
  stop_leftovers
  say "stopped."
}

case "${1:-up}" in
  status) status; exit $? ;;
  down) down; exit 0 ;;
  up) ;;
  *) say "usage: up.sh [up|down|status]"; exit 2 ;;
esac

# ---- up ------------------------------------------------------------------------------------------------------------

mkdir -p "$LOGS" "$RUN"
chmod 700 "$HOME_DIR"
if alive up; then
  read -r pid _ _ <"$RUN/up.pid"
  say "Hetumind is already up from this data directory (pid $pid); ./hetumind status, ./hetumind down"; exit 1
fi
record up $$ -
stop_leftovers

# The previous runs' logs are kept (the last $KEEP_LOGS), so a crash's log survives the next start.
if compgen -G "$LOGS/*.log" >/dev/null; then
  prev="$LOGS/previous-$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$prev" && mv "$LOGS"/*.log "$prev"/
  ls -1d "$LOGS"/previous-* 2>/dev/null | sort | head -n -"$KEEP_LOGS" | xargs -r rm -rf
fi

iam_jar="$ROOT/services/iam/target/quarkus-app/quarkus-run.jar"
sched_jar="$ROOT/services/task-server/target/quarkus-app/quarkus-run.jar"
studio_jar="$ROOT/services/studio/target/quarkus-app/quarkus-run.jar"
agent_jar="$ROOT/services/task-agent/target/quarkus-app/quarkus-run.jar"
pg_jar="$ROOT/libs/embedded-postgres/target/hetumind-embedded-postgres-0.1.0-SNAPSHOT.jar"
stale() { # stale TARGET SOURCES…: the target is missing or older than a source
  local target="$1"; shift
  [ -f "$target" ] || return 0
  [ -n "$(find "$@" -newer "$target" -type f -print -quit 2>/dev/null)" ]
}
if [ "${HETUMIND_UP_NO_BUILD:-}" != 1 ] && {
   stale "$iam_jar" "$ROOT/pom.xml" "$ROOT/libs/platform" "$ROOT/services/iam/src/main" "$ROOT/services/iam/pom.xml" \
   || stale "$studio_jar" "$ROOT/pom.xml" "$ROOT/libs/platform" "$ROOT/libs/core/src/main" "$ROOT/libs/nodes/src/main" \
        "$ROOT/services/studio/src/main" "$ROOT/services/studio/pom.xml" \
        "$ROOT/frontend/src" "$ROOT/frontend/index.html" "$ROOT/frontend/package-lock.json" "$ROOT/frontend/pom.xml" \
   || stale "$sched_jar" "$ROOT/pom.xml" "$ROOT/libs/platform" "$ROOT/libs/core/src/main/java/io/hetumind/core/task" \
        "$ROOT/services/task-server/src/main" "$ROOT/services/task-server/pom.xml" \
   || stale "$agent_jar" "$ROOT/libs/core/src/main/java/io/hetumind/core/task" "$ROOT/services/task-agent/src/main" \
        "$ROOT/services/task-agent/pom.xml" \
   || stale "$pg_jar" "$ROOT/libs/embedded-postgres/src" "$ROOT/libs/embedded-postgres/pom.xml"; }; then
  say "building the services (first run or sources changed)…"
  (cd "$ROOT" && ./mvnw -B -q -pl services/iam,services/studio,services/task-server,services/task-agent,libs/embedded-postgres -am \
    package -DskipTests -Dspotless.check.skip=true >&2)
fi

# Children get SIGTERM when this script dies, even by kill -9 (Linux parent-death signal, util-linux setpriv).
# HETUMIND_UP_NO_DEATHSIG=1 turns it off (the crash test uses it to leave children behind on purpose).
DEATHSIG=()
if [ "${HETUMIND_UP_NO_DEATHSIG:-}" != 1 ] && command -v setpriv >/dev/null 2>&1 \
   && setpriv --help 2>&1 | grep -q -- --pdeathsig; then
  DEATHSIG=(setpriv --pdeathsig TERM)
fi

names=() pids=()
stop_all() {
  trap - INT TERM
  say "stopping…"
  local i
  for (( i=${#pids[@]}-1; i>=0; i-- )); do # services first, the database last
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
    rm -f "$RUN/${names[$i]}.pid"
  done
  rm -f "$RUN/up.pid"
  say "stopped."
}
trap 'stop_all; exit 0' INT TERM

launch() { # launch NAME PORT LOG COMMAND…: starts a child marked as ours and records it
  local name="$1" port="$2" log="$3"; shift 3
  "${DEATHSIG[@]}" "$@" >"$log" 2>&1 &
  local pid=$!
  names+=("$name"); pids+=("$pid")
  # Wait for the exec into java so the recorded start time and command line are the service's.
  for _ in $(seq 1 50); do ours "$pid" "$name" && break; sleep 0.02; done
  record "$name" "$pid" "$port"
}
port_free() { # port_free PORT NAME ENV-VAR: fails with a message when something listens on PORT
  if port_open "$1"; then
    local who; who="$(listener "$1")"
    say "port $1 (for $2) is taken${who:+ by pid $who ($(tr '\0' ' ' <"/proc/$who/cmdline" 2>/dev/null | cut -c1-80))};" \
        "set $3 to use another"
    return 1
  fi
}

# start_service NAME PORT JAR PORT-VAR [VAR=VALUE…]: starts a Quarkus service jar on PORT (its port variable
# PORT-VAR set for it) and waits until /q/health/ready answers. Adding a service to `up` is one call of this.
start_service() {
  local name="$1" port="$2" jar="$3" port_var="$4"; shift 4
  port_free "$port" "$name" "$port_var" || { stop_all; exit 1; }
  say "starting $name on $port…"
  launch "$name" "$port" "$LOGS/$name.log" \
    env "$port_var=$port" "$@" java $JAVA_OPTS -Dhetumind.home="$HOME_DIR" -Dhetumind.service="$name" -jar "$jar"
  local pid="${pids[${#pids[@]}-1]}"
  for _ in $(seq 1 360); do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "$name stopped during start-up; the end of $LOGS/$name.log:"; tail -n 30 "$LOGS/$name.log" >&2; stop_all; exit 1
    fi
    ready_ok "$port" && return 0
    sleep 0.5
  done
  say "$name did not become healthy in 180 s; see $LOGS/$name.log"; stop_all; exit 1
}

start_postgres() {
  if port_open "$PG_PORT"; then
    # stop_leftovers has stopped our own server; whatever listens now belongs to someone else.
    local who; who="$(listener "$PG_PORT")"
    say "port $PG_PORT is used by a PostgreSQL (or other program) that is not this data directory's" \
        "${who:+(pid $who: $(tr '\0' ' ' <"/proc/$who/cmdline" 2>/dev/null | cut -c1-80))}; set HETUMIND_PG_PORT" \
        "to another port, or HETUMIND_DB_URL to use that server on purpose"
    stop_all; exit 1
  fi
  say "starting the embedded PostgreSQL on $PG_PORT (data in $PG_DATA)…"
  launch postgres "$PG_PORT" "$LOGS/postgres.log" \
    java -Xmx256m -XX:+UseSerialGC -Dhetumind.home="$HOME_DIR" -Dhetumind.service=postgres -jar "$pg_jar" "$PG_DATA" "$PG_PORT"
  local pid="${pids[${#pids[@]}-1]}"
  for _ in $(seq 1 240); do
    grep -q "embedded PostgreSQL ready" "$LOGS/postgres.log" 2>/dev/null && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      say "the embedded PostgreSQL did not start; the end of $LOGS/postgres.log:"; tail -n 20 "$LOGS/postgres.log" >&2
      stop_all; exit 1
    fi
    sleep 0.5
  done
  say "the embedded PostgreSQL did not start in 120 s; see $LOGS/postgres.log"; stop_all; exit 1
}

# One master key per data directory encrypts IAM's signing keys at rest.
if [ -z "${HETUMIND_IAM_MASTER_KEY:-}" ]; then
  key_file="$HOME_DIR/master.key"
  if [ ! -s "$key_file" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 > "$key_file")
  fi
  HETUMIND_IAM_MASTER_KEY="$(cat "$key_file")"
  export HETUMIND_IAM_MASTER_KEY
fi

# And one encrypts the studio's credentials (envelope: each record's data key is wrapped by it); key id "local".
if [ -z "${HETUMIND_STUDIO_CREDENTIALS_ACTIVE_KEY:-}" ]; then
  cred_key_file="$HOME_DIR/credentials.key"
  if [ ! -s "$cred_key_file" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 > "$cred_key_file")
  fi
  export HETUMIND_STUDIO_CREDENTIALS_ACTIVE_KEY=local
  HETUMIND_STUDIO_CREDENTIALS_MASTER_KEYS_LOCAL="$(cat "$cred_key_file")"
  export HETUMIND_STUDIO_CREDENTIALS_MASTER_KEYS_LOCAL
fi
# the Simple Vector Store (in-memory) keeps its stores here, so they survive a restart (libs/nodes-ai README)
export HETUMIND_VECTOR_STORE_DIR="${HETUMIND_VECTOR_STORE_DIR:-$HOME_DIR/vector-stores}"

db_note="from HETUMIND_DB_URL"
if [ -z "${HETUMIND_DB_URL:-}" ]; then
  export HETUMIND_DB_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
  start_postgres
  db_note="embedded, data in $PG_DATA"
fi

# ---- the services: one start_service line each ---------------------------------------------------------------------
start_service iam "$IAM_PORT" "$iam_jar" HETUMIND_IAM_PORT HETUMIND_IAM_HOST="${HETUMIND_IAM_HOST:-127.0.0.1}"
start_service studio "$STUDIO_PORT" "$studio_jar" HETUMIND_STUDIO_PORT \
  HETUMIND_STUDIO_HOST="${HETUMIND_STUDIO_HOST:-127.0.0.1}" \
  HETUMIND_AUTH_JWKS_URL="http://127.0.0.1:$IAM_PORT/.well-known/jwks.json" \
  HETUMIND_AUTH_REVOCATION_DB_URL="$HETUMIND_DB_URL" \
  HETUMIND_STUDIO_SCHEDULER_URL="http://127.0.0.1:$SCHED_PORT"
start_service task-server "$SCHED_PORT" "$sched_jar" HETUMIND_SCHED_PORT \
  HETUMIND_SCHED_HOST="${HETUMIND_SCHED_HOST:-127.0.0.1}" \
  HETUMIND_AUTH_JWKS_URL="http://127.0.0.1:$IAM_PORT/.well-known/jwks.json" \
  HETUMIND_AUTH_REVOCATION_DB_URL="$HETUMIND_DB_URL"

# The local agent needs an agent token, which only a signed-in user can create; it starts as soon as
# $AGENT_DIR/token exists (now, or later while `up` runs).
start_agent() {
  mkdir -p "$AGENT_DIR/data"
  chmod 700 "$AGENT_DIR"
  cat >"$AGENT_DIR/agent.properties" <<PROPS
hetumind.agent.server-url=ws://127.0.0.1:$SCHED_PORT/ws/agent
hetumind.agent.iam-url=http://127.0.0.1:$IAM_PORT
hetumind.agent.name=${HETUMIND_AGENT_NAME:-local}
hetumind.agent.data-dir=$AGENT_DIR/data
hetumind.agent.labels.host=${HETUMIND_AGENT_NAME:-local}
PROPS
  start_service task-agent "$AGENT_PORT" "$agent_jar" HETUMIND_AGENT_PORT \
    HETUMIND_AGENT_CONFIG="$AGENT_DIR/agent.properties" HETUMIND_AGENT_TOKEN_FILE="$AGENT_DIR/token"
}
agent_started=""
if [ -s "$AGENT_DIR/token" ]; then
  start_agent
  agent_started=1
fi

IAM="http://127.0.0.1:$IAM_PORT"
STUDIO="http://127.0.0.1:$STUDIO_PORT"
SCHED="http://127.0.0.1:$SCHED_PORT"
agent_note="starts once $AGENT_DIR/token holds an agent token (see below)"
[ -n "$agent_started" ] && agent_note="running, health http://127.0.0.1:$AGENT_PORT/q/health"
cat <<EOT

Hetumind is up.
  Designer   $STUDIO/            open it in a browser; the first sign-up creates the instance's owner
  Studio     $STUDIO            API $STUDIO/api/v1 · Swagger UI $STUDIO/q/swagger-ui · health $STUDIO/q/health
  IAM        $IAM            OpenAPI $IAM/q/openapi · health $IAM/q/health · metrics $IAM/q/metrics
  JWKS       $IAM/.well-known/jwks.json
  Scheduler  $SCHED            OpenAPI $SCHED/q/openapi · agents connect to ws://127.0.0.1:$SCHED_PORT/ws/agent
  Agent      $agent_note
  Database   ${HETUMIND_DB_URL%%\?*} ($db_note)
  Logs       $LOGS (earlier runs in $LOGS/previous-*)

Or from a shell — on a new instance the first sign-up creates the owner (later users join by invitation):
  curl -s $IAM/api/v1/auth/signup -H 'Content-Type: application/json' \\
    -d '{"email":"you@example.com","password":"a-long-passphrase","name":"You","tenant":"My team"}'
Sign in (returns accessToken and refreshToken):
  curl -s $IAM/api/v1/auth/signin -H 'Content-Type: application/json' \\
    -d '{"email":"you@example.com","password":"a-long-passphrase"}'
Or use the CLI against the studio:
  ./hetumind login --email you@example.com --studio $STUDIO --iam $IAM
  ./hetumind push examples/hello-world.json && ./hetumind list && ./hetumind exec WORKFLOW_ID --wait

EOT
if [ -z "$agent_started" ]; then
  cat <<EOT
Give the local agent its token (with the accessToken from sign-in in \$TOKEN); it starts within seconds:
  mkdir -p $AGENT_DIR && curl -s $IAM/api/v1/agent-tokens -H "Authorization: Bearer \$TOKEN" \\
    -H 'Content-Type: application/json' -d '{"name":"local","namespace":"default"}' \\
    | sed -n 's/.*"secret":"\([^"]*\)".*/\1/p' > $AGENT_DIR/token && chmod 600 $AGENT_DIR/token
EOT
fi
cat <<EOT
Run a command on this machine through the scheduler: create a job, then trigger it with its id
(./hetumind sched status shows servers, agents and the queue):
  curl -s $SCHED/api/v1/jobs -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
    -d '{"name":"hello","namespace":"default","command":"echo","args":["hello from the agent"]}'
  curl -s -X POST $SCHED/api/v1/jobs/JOB_ID/trigger -H "Authorization: Bearer \$TOKEN"

Ctrl-C (or ./hetumind down from another terminal) stops everything; ./hetumind status shows what runs.
EOT

# Stay in the foreground; start the agent once its token appears; if a service dies, stop the rest.
while true; do
  if [ -z "$agent_started" ] && [ -s "$AGENT_DIR/token" ]; then
    start_agent
    agent_started=1
    say "the local agent is up (health http://127.0.0.1:$AGENT_PORT/q/health)"
  fi
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      say "${names[$i]} exited unexpectedly; see $LOGS/${names[$i]}.log"; stop_all; exit 1
    fi
  done
  sleep 1
done
