#!/bin/bash
# make check: type check, build, meta-data drift, lints, then the test suites in parallel lanes
# (the machine has 2 cores; the namespace and real-cluster suites mostly wait on the cluster):
#   lane "unit"     jest, then every bats file outside test/cluster
#   lane "cluster"  (root only) the real-cluster suites except the end-to-end suite
#   lane "e2e"      (root only) test/cluster/e2e.bats
# Ends with one line "check: N passed, M failed[, K skipped]".
# CHECK_LANES=serial runs the lanes one after another (for a quiet comparison).
set -uo pipefail
cd "$(dirname "$0")/.."
unset NODE_EXTRA_CA_CERTS
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
failed_stages=()
started=$SECONDS

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

# The lints: bats assertions that cannot fail ('! cmd'), the import direction (runtime <-
# helpers <- {ocf, fence} <- agents), man pages and README examples current. A missing one fails.
run_lints() {
  local status=0 lint
  for lint in build/lint-bats.sh build/check-imports.mjs build/check-manpages.mjs; do
    echo "--- $lint"
    [ -f "$lint" ] || { echo "lint $lint is missing" >&2; status=1; continue; }
    case "$lint" in
      *.sh) bash "$lint" || status=1 ;;
      *.mjs) node "$lint" || status=1 ;;
    esac
  done
  return "$status"
}

stage typecheck npx tsc -p tsconfig.json
stage build node build/bundle.mjs
stage meta-data node build/metadata.mjs --check
stage lints run_lints

lane_unit() {
  local status=0
  echo "=== jest"
  env NODE_OPTIONS=--experimental-vm-modules npx jest --json --outputFile="$results/jest.json" || status=1
  echo "=== bats"
  local bats_files
  mapfile -t bats_files < <(find test -name '*.bats' -not -path 'test/cluster/*' | sort)
  run_bats "$results/unit.tap" "${bats_files[@]}" || status=1
  return "$status"
}

lane_cluster() {
  local files
  mapfile -t files < <(find test/cluster -name '*.bats' -not -name 'e2e.bats' 2>/dev/null | sort)
  echo "=== cluster suites"
  run_bats "$results/cluster.tap" "${files[@]}"
}

lane_e2e() {
  echo "=== end-to-end suite"
  [ -f test/cluster/e2e.bats ] || return 0
  run_bats "$results/e2e.tap" test/cluster/e2e.bats
}

lanes=(unit)
if [ "$(id -u)" = 0 ]; then
  lanes+=(cluster e2e)
else
  echo "=== cluster and end-to-end suites: skipped (they need root for namespaces)"
fi

declare -A lane_pid
for lane in "${lanes[@]}"; do
  if [ "${CHECK_LANES:-parallel}" = serial ]; then
    stage "$lane" "lane_$lane"
  else
    echo "=== lane $lane started (output at the end)"
    ( "lane_$lane" >"$results/$lane.log" 2>&1 ) &
    lane_pid[$lane]=$!
  fi
done
if [ "${CHECK_LANES:-parallel}" != serial ]; then
  for lane in "${lanes[@]}"; do
    if ! wait "${lane_pid[$lane]}"; then failed_stages+=("$lane"); fi
    echo "=== lane $lane finished after $((SECONDS - started)) s of make check"
    cat "$results/$lane.log"
  done
fi

node -e '
const fs = require("fs");
const dir = process.argv[1];
let passed = 0, failed = 0, skipped = 0;
try {
  const jest = JSON.parse(fs.readFileSync(`${dir}/jest.json`, "utf8"));
  passed += jest.numPassedTests; failed += jest.numFailedTests; skipped += jest.numPendingTests;
} catch { failed += 1; }
for (const name of ["unit.tap", "cluster.tap", "e2e.tap"]) {
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
echo "make check took $((SECONDS - started)) s"

if [ ${#failed_stages[@]} -gt 0 ]; then
  echo "make check FAILED: ${failed_stages[*]}" >&2
  exit 1
fi
