#!/bin/bash
# make check: type check, build, meta-data drift, jest, bats, and (as root) the namespace and
# real-cluster suites. Ends with one line "check: N passed, M failed[, K skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
unset NODE_EXTRA_CA_CERTS
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
failed_stages=()

stage() {
  local name=$1; shift
  echo "=== $name"
  if ! "$@"; then failed_stages+=("$name"); fi
}

run_bats() {
  local tap=$1; shift
  [ $# -gt 0 ] || return 0
  BATS_LIB_PATH="$PWD/node_modules" node_modules/bats/bin/bats --print-output-on-failure "$@" | tee "$tap"
  return "${PIPESTATUS[0]}"
}

stage typecheck npx tsc -p tsconfig.json
stage build node build/bundle.mjs
stage meta-data node build/metadata.mjs --check
stage jest env NODE_OPTIONS=--experimental-vm-modules npx jest --json --outputFile="$results/jest.json"
mapfile -t bats_files < <(find test -name '*.bats' -not -path 'test/cluster/*' | sort)
stage bats run_bats "$results/bats.tap" "${bats_files[@]}"
if [ "$(id -u)" = 0 ]; then
  mapfile -t root_files < <(find test/cluster -name '*.bats' 2>/dev/null | sort)
  stage root-suites run_bats "$results/root.tap" "${root_files[@]}"
else
  echo "=== root-suites: skipped (they need root for namespaces)"
fi

node -e '
const fs = require("fs");
const dir = process.argv[1];
let passed = 0, failed = 0, skipped = 0;
try {
  const jest = JSON.parse(fs.readFileSync(`${dir}/jest.json`, "utf8"));
  passed += jest.numPassedTests; failed += jest.numFailedTests; skipped += jest.numPendingTests;
} catch { failed += 1; }
for (const name of ["bats.tap", "root.tap"]) {
  let tap = "";
  try { tap = fs.readFileSync(`${dir}/${name}`, "utf8"); } catch { continue; }
  for (const line of tap.split("\n")) {
    if (/^ok \d+ .*# skip/.test(line)) skipped += 1;
    else if (/^ok \d+/.test(line)) passed += 1;
    else if (/^not ok \d+/.test(line)) failed += 1;
  }
}
console.log(`check: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$results"

if [ ${#failed_stages[@]} -gt 0 ]; then
  echo "make check FAILED: ${failed_stages[*]}" >&2
  exit 1
fi
