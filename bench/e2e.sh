#!/bin/bash
# The end-to-end figures (test/cluster/e2e): every scenario on real Corosync + Pacemaker
# clusters in namespaces, with our programs and with the reference agents in the same harness,
# in this run: failover, migration and fencing times side by side, ours/reference ratios and
# the targets (node crash -> every guest running again: <= 10 s with ours, <= 0.7x the
# reference). Prints the e2e table, merges it into test/cluster/e2e/results.tsv and appends
# one row per figure to bench/results.tsv. Needs root (skipped otherwise); takes ~7 min.
# E2E_SCENARIOS="01 04" limits it to some scenarios (docs/e2e.md).
set -euo pipefail
cd "$(dirname "$0")/.."
unset NODE_EXTRA_CA_CERTS NODE_OPTIONS
if [ "$(id -u)" != 0 ]; then
    echo "bench/e2e.sh: skipped (needs root: the clusters run in namespaces)"
    exit 0
fi
BENCH_RESULTS=${BENCH_RESULTS:-$PWD/bench/results.tsv}
work=$(mktemp -d /tmp/xenha-bench-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT

status=0
# shellcheck disable=SC2086  # E2E_SCENARIOS is a list of words
test/cluster/e2e/run --flavour all --results "$work/results.tsv" --publish ${E2E_SCENARIOS:-} || status=$?

# bench/results.tsv rows: "e2e <scenario> [<flavour>] <measure>", the time in the median column.
awk -F'\t' '$1 == "measure" { printf "e2e %s [%s] %s\t%s\t\t\n", $2, $3, $4, $5 }' "$work/results.tsv" >> "$BENCH_RESULTS"
[ "$status" = 0 ] || echo "bench/e2e.sh: some scenarios failed (see the table); their figures are missing"
exit 0
