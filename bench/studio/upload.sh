#!/usr/bin/env bash
# Webhook uploads on a running studio (+ IAM), over loopback, bounded in time: Webhook (multipart, one file of
# HETUMIND_BENCH_UPLOAD_KB KiB, default 64) -> Respond to Webhook (the file's name and size from $binary).
# Every upload is stored in the studio's binary store (hetumind.studio.engine.binary-store: file or postgres) before
# the run starts. For each execution-saving setting (none, all) it creates the workflow under a fresh path, checks one
# answer, then measures saturation with wrk: req/s, p50, p99, MiB/s of uploads. For the PostgreSQL store start the
# studio with HETUMIND_STUDIO_ENGINE_BINARY_STORE=postgres (./hetumind up passes it on).
# Usage: bench/studio/upload.sh [studio-url] [iam-url]   (IAM sign-up must be open, or set HETUMIND_BENCH_TOKEN)
set -euo pipefail
STUDIO="${1:-http://127.0.0.1:8080}"
IAM="${2:-http://127.0.0.1:8081}"
SECS="${HETUMIND_BENCH_SECONDS:-20}"
WARMUP="${HETUMIND_BENCH_WARMUP:-10}"
CONNS="${HETUMIND_BENCH_CONNECTIONS:-16}"
KB="${HETUMIND_BENCH_UPLOAD_KB:-64}"
export HETUMIND_BENCH_UPLOAD_KB="$KB"
HERE="$(cd "$(dirname "$0")" && pwd)"
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install -y wrk)" >&2; exit 1; }

token="${HETUMIND_BENCH_TOKEN:-}"
if [ -z "$token" ]; then
  email="bench-$(date +%s%N)@example.test"
  token="$(curl -sf "$IAM/api/v1/auth/signup" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"bench password 123\",\"name\":\"Bench\",\"tenant\":\"Bench $email\"}" \
    | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')"
  [ -n "$token" ] || { echo "sign-up refused: open sign-up (HETUMIND_IAM_OPEN_SIGNUP=true) or set HETUMIND_BENCH_TOKEN" >&2; exit 1; }
fi
sample="$(mktemp)"; trap 'rm -f "$sample"' EXIT
head -c $((KB * 1024)) /dev/zero > "$sample"

for save in none all; do
  path="bench-upload-$save-$RANDOM$RANDOM"
  doc="$(sed -e "s/\"PATH\"/\"$path\"/" -e "s/\"SAVE\"/\"$save\"/" "$HERE/webhook-upload.json")"
  created="$(curl -sf "$STUDIO/api/v1/workflows" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "$doc")" || { echo "creating the workflow failed" >&2; exit 1; }
  id="$(grep -o '"id":"[^"]*"' <<<"$created" | head -n1 | cut -d'"' -f4)"
  curl -sf -o /dev/null -X POST "$STUDIO/api/v1/workflows/$id/activate" -H "Authorization: Bearer $token" \
    || { echo "activating workflow $id failed" >&2; exit 1; }
  url="$STUDIO/webhook/$path"
  answer="$(curl -sf "$url" -F name=bench -F "file=@$sample;filename=bench.bin")"
  grep -q "\"size\":$((KB * 1024))" <<<"$answer" || { echo "unexpected answer: $answer" >&2; exit 1; }
  echo "== uploads of $KB KiB, execution saving: $save  ($url)"
  wrk -t2 -c"$CONNS" -d"${WARMUP}s" -s "$HERE/upload.lua" "$url" >/dev/null 2>&1 || true
  out="$(wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$HERE/upload.lua" "$url")"
  rps="$(sed -n 's/^Requests\/sec: *//p' <<<"$out")"
  printf 'wrk saturation, %s connections: %s req/s (%s MiB/s uploaded)  p50 %s  p99 %s  non-2xx %s\n' "$CONNS" "$rps" \
    "$(awk -v r="$rps" -v k="$KB" 'BEGIN{printf "%.1f", r*k/1024}')" \
    "$(awk '$1=="50%"{print $2}' <<<"$out")" "$(awk '$1=="99%"{print $2}' <<<"$out")" \
    "$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' <<<"$out" | grep . || echo 0)"
  curl -sf -o /dev/null -X POST "$STUDIO/api/v1/workflows/$id/deactivate" -H "Authorization: Bearer $token" || true
done
