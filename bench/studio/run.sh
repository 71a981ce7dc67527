#!/usr/bin/env bash
# Webhook -> Edit Fields -> Respond to Webhook on a running studio (+ IAM), over loopback, bounded in time.
# For each execution-saving setting (all, none) it imports the n8n export webhook-respond.json under a fresh path,
# activates it, checks one answer, then measures:
#   1. saturation with wrk (if installed): req/s, p50, p99;
#   2. a fixed offered rate (HETUMIND_BENCH_RATE, default 1000 = half the 2,000 req/s target) with the open-loop Java
#      client WebhookLoad.java: achieved req/s, p50, p99 (target p99 <= 10 ms).
# Usage: bench/studio/run.sh [studio-url] [iam-url]   (IAM sign-up must be open, or set HETUMIND_BENCH_TOKEN)
set -euo pipefail
STUDIO="${1:-http://127.0.0.1:8080}"
IAM="${2:-http://127.0.0.1:8081}"
SECS="${HETUMIND_BENCH_SECONDS:-20}"
WARMUP="${HETUMIND_BENCH_WARMUP:-10}"
RATE="${HETUMIND_BENCH_RATE:-1000}"
CONNS="${HETUMIND_BENCH_CONNECTIONS:-32}"
HERE="$(cd "$(dirname "$0")" && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

token="${HETUMIND_BENCH_TOKEN:-}"
if [ -z "$token" ]; then
  email="bench-$(date +%s%N)@example.test"
  token="$(curl -sf "$IAM/api/v1/auth/signup" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"bench password 123\",\"name\":\"Bench\",\"tenant\":\"Bench $email\"}" \
    | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')"
  [ -n "$token" ] || { echo "sign-up refused: open sign-up (HETUMIND_IAM_OPEN_SIGNUP=true) or set HETUMIND_BENCH_TOKEN" >&2; exit 1; }
fi
pid="$(ss -ltnpH "sport = :${STUDIO##*:}" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n1)"

for save in all none; do
  path="bench-$save-$RANDOM$RANDOM"
  doc="$(sed -e "s/\"PATH\"/\"$path\"/" -e "s/\"SAVE\"/\"$save\"/" "$HERE/webhook-respond.json")"
  created="$(curl -sf "$STUDIO/api/v1/workflows" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "$doc")" || { echo "creating the workflow failed" >&2; exit 1; }
  id="$(grep -o '"id":"[^"]*"' <<<"$created" | head -n1 | cut -d'"' -f4)"  # the workflow's id comes first
  curl -sf -o /dev/null -X POST "$STUDIO/api/v1/workflows/$id/activate" -H "Authorization: Bearer $token" \
    || { echo "activating workflow $id failed" >&2; exit 1; }
  url="$STUDIO/webhook/$path"
  answer="$(curl -sf "$url" -H 'Content-Type: application/json' -d '{"name":"bench","n":21}')"
  grep -q '"greeting":"hello bench"' <<<"$answer" || { echo "unexpected answer: $answer" >&2; exit 1; }
  echo "== execution saving: $save  ($url)"
  if command -v wrk >/dev/null; then
    wrk -t2 -c"$CONNS" -d"${WARMUP}s" -s "$HERE/post.lua" "$url" >/dev/null 2>&1 || true
    out="$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$HERE/post.lua" "$url")"
    printf 'wrk saturation, %s connections: %s req/s  p50 %s  p99 %s  non-2xx %s\n' "$CONNS" \
      "$(sed -n 's/^Requests\/sec: *//p' <<<"$out")" "$(awk '$1=="50%"{print $2}' <<<"$out")" \
      "$(awk '$1=="99%"{print $2}' <<<"$out")" "$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' <<<"$out" | grep . || echo 0)"
  else
    echo "wrk not installed (apt-get install -y wrk): saturation skipped"
  fi
  "$JAVA" "$HERE/WebhookLoad.java" "$url" "$RATE" "$SECS"
  curl -sf -o /dev/null -X POST "$STUDIO/api/v1/workflows/$id/deactivate" -H "Authorization: Bearer $token" || true
done
[ -n "$pid" ] && echo "studio RSS after the run: $(( $(awk '/VmRSS/{print $2}' "/proc/$pid/status") / 1024 )) MiB (pid $pid)"
