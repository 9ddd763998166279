#!/bin/bash
# xenha list on a CIB file vs crm_mon --output-as=xml on the same file, same run:
#   xenha list (table)                                    target < 2x crm_mon
#   xenha list --json                                     (reported)
#   xenha --help (the yargs path: every other command)    (reported)
#   node -e 0 (the floor of any node program)             (reported)
#   a node program that runs crm_mon and nothing else     (reported: the floor of any node
#                                                          program that asks crm_mon)
# The CIB file is the one test/agents/xenha.bats uses: 2 nodes, 3 guests, a DRBD clone, status
# written by crm_simulate, move/ban leftovers.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
source test/agents/xenha/cib-fixture.bash

command -v hyperfine >/dev/null || { echo "bench/xenha.sh: skipped (no hyperfine)"; exit 0; }
command -v crm_mon >/dev/null || { echo "bench/xenha.sh: skipped (no crm_mon)"; exit 0; }
OURS=$PWD/dist/sbin/xenha
[ -x "$OURS" ] || node build/bundle.mjs --only xenha >/dev/null

WORK=$(mktemp -d /tmp/xenha-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
xenha_cib_fixture "$WORK" || { echo "bench/xenha.sh: cannot build the CIB file" >&2; exit 1; }
export CIB_file=$WORK/leftovers.xml

echo "xenha list vs crm_mon on a CIB file ($(node --version), $(crm_mon --version | head -n 1))"
bench_measure "crm_mon --output-as=xml (CIB_file)" -- crm_mon --output-as=xml
crm_ms=$BENCH_MEDIAN_MS
bench_measure "xenha list (CIB_file)" -- "$OURS" list
list_ms=$BENCH_MEDIAN_MS
bench_measure "xenha list --json (CIB_file)" -- "$OURS" list --json
bench_measure "xenha --help (yargs)" -- "$OURS" --help
bench_measure "node -e 0" -- node -e 0
bench_measure "node running crm_mon, nothing else" -- node -e \
    'require("node:child_process").spawnSync("crm_mon", ["--output-as=xml"], { stdio: ["ignore", "pipe", "inherit"] })'
floor_ms=$BENCH_MEDIAN_MS
bench_ratio "xenha list / crm_mon" "$list_ms" "$crm_ms" 2
bench_ratio "floor: node running crm_mon / crm_mon" "$floor_ms" "$crm_ms"
bench_ratio "xenha list / node running crm_mon" "$list_ms" "$floor_ms"
