#!/usr/bin/env bash
# Loopback load against a running IAM with wrk (Debian package `wrk`): GET /api/v1/users/me with one access token,
# then POST /api/v1/auth/signin (Argon2id). Bounded: each scenario runs HETUMIND_BENCH_SECONDS (10) after a warm-up of
# HETUMIND_BENCH_WARMUP seconds (10: the JIT needs that long on a busy 2-core machine).
# Usage: bench/iam/run.sh [iam-url]   (sign-up must be open, or set HETUMIND_BENCH_EMAIL/_PASSWORD)
set -euo pipefail
IAM="${1:-http://127.0.0.1:8081}"
SECS="${HETUMIND_BENCH_SECONDS:-10}"
CONNS="${HETUMIND_BENCH_CONNECTIONS:-16}"
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)" >&2; exit 1; }
email="${HETUMIND_BENCH_EMAIL:-bench-$(date +%s%N)@example.test}"
password="${HETUMIND_BENCH_PASSWORD:-bench password 123}"
body="{\"email\":\"$email\",\"password\":\"$password\"}"
if [ -z "${HETUMIND_BENCH_EMAIL:-}" ]; then
  curl -sf -o /dev/null "$IAM/api/v1/auth/signup" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"name\":\"Bench\",\"tenant\":\"Bench\"}" \
    || { echo "sign-up refused: open sign-up or set HETUMIND_BENCH_EMAIL/HETUMIND_BENCH_PASSWORD" >&2; exit 1; }
fi
token="$(curl -sf "$IAM/api/v1/auth/signin" -H 'Content-Type: application/json' -d "$body" \
  | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')"
[ -n "$token" ] || { echo "sign-in failed" >&2; exit 1; }
pid="$(ss -ltnpH "sport = :${IAM##*:}" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n1)"

scenario() { # scenario NAME WRK-ARGS…
  local name="$1"; shift
  wrk -t2 -c"$CONNS" -d"${HETUMIND_BENCH_WARMUP:-10}s" "$@" >/dev/null 2>&1 || true
  local out; out="$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$@")"
  local rps p50 p99 non2xx
  rps="$(sed -n 's/^Requests\/sec: *//p' <<<"$out")"
  p50="$(awk '$1=="50%"{print $2}' <<<"$out")"
  p99="$(awk '$1=="99%"{print $2}' <<<"$out")"
  non2xx="$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' <<<"$out")"
  printf '%-44s %10s req/s  p50 %8s  p99 %8s  non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}"
}
echo "IAM $IAM, wrk 2 threads, $CONNS connections, ${SECS}s per scenario"
scenario "GET /api/v1/users/me" -H "Authorization: Bearer $token" "$IAM/api/v1/users/me"
# wrk paces by waiting after each answer, so it achieves less than it offers: 6000 offered gives ≥ 5000 answered.
RATE="${HETUMIND_BENCH_RATE:-6000}"
HETUMIND_BENCH_RATE="$RATE" HETUMIND_BENCH_PACED_CONNECTIONS=40 CONNS=40 \
  scenario "GET /api/v1/users/me paced at $RATE req/s" -s "$(dirname "$0")/paced.lua" \
  -H "Authorization: Bearer $token" "$IAM/api/v1/users/me"
scenario "GET /q/health/live (floor)" "$IAM/q/health/live"
HETUMIND_BENCH_SIGNIN_BODY="$body" CONNS=4 scenario "POST /api/v1/auth/signin (Argon2id)" \
  -s "$(dirname "$0")/signin.lua" "$IAM/api/v1/auth/signin"
[ -n "$pid" ] && echo "IAM RSS after the run: $(( $(awk '/VmRSS/{print $2}' "/proc/$pid/status") / 1024 )) MiB (pid $pid)"
