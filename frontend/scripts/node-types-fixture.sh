#!/usr/bin/env bash
# Regenerates src/forms/__fixtures__/node-types.json — every node descriptor the CLI knows, as one JSON array (the
# shape of the studio's GET /api/v1/node-types). The forms test renders every one of them, so regenerate whenever a
# node's descriptor changes:   frontend/scripts/node-types-fixture.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/frontend/src/forms/__fixtures__/node-types.json"
cli=("$root/hetumind")
types=$(HETUMIND_NO_AOT=1 "${cli[@]}" nodes | awk 'NR > 1 { print $1 }')
{
  echo '['
  first=1
  for t in $types; do
    [ $first = 1 ] || echo ','
    first=0
    HETUMIND_NO_AOT=1 HETUMIND_CLI_NO_REBUILD=1 "${cli[@]}" nodes "$t"
  done
  echo ']'
} > "$out.tmp"
node -e 'const fs=require("fs");const a=JSON.parse(fs.readFileSync(process.argv[1],"utf8"));fs.writeFileSync(process.argv[2],JSON.stringify(a,null,1)+"\n");console.log(a.length+" node types")' "$out.tmp" "$out"
rm -f "$out.tmp"
