#!/bin/bash
# The demo. Until the real-cluster demo lands, it builds the suite and shows what each program
# declares: its meta-data (as Pacemaker reads it) and its actions.
set -euo pipefail
cd "$(dirname "$0")/.."
unset NODE_EXTRA_CA_CERTS
node build/bundle.mjs
for program in $(node -e 'for (const p of require("./dist/programs.json")) if (!p.fixture && p.metadataArgs) console.log(p.out + "|" + p.metadataArgs.join(" "))'); do
  out=${program%%|*}; args=${program#*|}
  echo "=== $out $args"
  "$out" $args
done
if ! node -e 'process.exit(require("./dist/programs.json").some((p) => !p.fixture) ? 0 : 1)'; then
  echo "=== dist/test/ocf/Dummy meta-data (test fixture: no agent is built yet)"
  dist/test/ocf/Dummy meta-data
fi
