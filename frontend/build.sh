#!/usr/bin/env bash
# Called by the Maven build (frontend/pom.xml) with the system node/npm — no Node download, ever.
#   build.sh build   install dependencies from the committed lockfile when they changed, type-check, bundle
#   build.sh test    the component and store tests (Vitest)
set -euo pipefail
cd "$(dirname "$0")"

command -v node >/dev/null 2>&1 || { echo "frontend: node (>= 20.19) is needed to build the designer; install Debian's nodejs/npm" >&2; exit 1; }

install_deps() {
  # `npm ci` wipes node_modules; only do it when the lockfile is newer than the last install.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

case "${1:-build}" in
  build) install_deps; npm run --silent build ;;
  test) install_deps; npm run --silent test ;;
  *) echo "usage: build.sh build|test" >&2; exit 2 ;;
esac
