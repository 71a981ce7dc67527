#!/usr/bin/env bash
# Called by the Maven build with the system node/npm (no Node download): installs wabt from the
# committed lockfile when it changed, then compiles the WAT test plugins to <outDir>.
#   build-wat.sh <outDir> [name ...]
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null 2>&1 || { echo "nodes-wasm: node and npm are needed to build the test plugins; install Debian's nodejs/npm" >&2; exit 1; }
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node build-wat.mjs "$@"
