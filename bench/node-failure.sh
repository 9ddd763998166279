#!/bin/bash
# The node-failure targets over several runs. Scenarios 04 (node crash, external/ssh) and 07
# (node hang, iLO fencing) run BENCH_NODE_FAILURE_RUNS times (default 3), in both flavours, on
# fresh clusters each time. For each measure that has a target, and for the phase after
# Pacemaker's decision ("fencing requested -> every guest running again"), it prints each run's
# figures, the medians and the ratio of the medians.
#
# Why several runs: one run's ratio moves by up to 0.2 with a second that is Pacemaker's own
# (its controller sleeps 1 s when its CIB updates for the lost node are still pending, in some
# runs and not others, whichever the flavour: docs/e2e.md). The median of several runs is the
# figure to hold against the target. Needs root (skipped otherwise); ~3 min per run.
set -euo pipefail
cd "$(dirname "$0")/.."
unset NODE_EXTRA_CA_CERTS NODE_OPTIONS
if [ "$(id -u)" != 0 ]; then
    echo "bench/node-failure.sh: skipped (needs root: the clusters run in namespaces)"
    exit 0
fi
runs=${BENCH_NODE_FAILURE_RUNS:-3}
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "bench/node-failure.sh: BENCH_NODE_FAILURE_RUNS must be a positive number" >&2; exit 2; }
BENCH_RESULTS=${BENCH_RESULTS:-$PWD/bench/results.tsv}
work=$(mktemp -d /tmp/xenha-bench-node-failure.XXXXXX)
trap 'rm -rf "$work"' EXIT

for ((run = 1; run <= runs; run++)); do
    echo "== run $run of $runs"
    # the first run builds; a failed run leaves its figures out (the summary says how many count)
    if E2E_NO_BUILD=$((run > 1 ? 1 : 0)) test/cluster/e2e/run --flavour all --results "$work/run-$run.tsv" 04 07 \
        > "$work/run-$run.log" 2>&1; then
        grep -E '^e2e: ' "$work/run-$run.log"
    else
        echo "   some scenarios failed in run $run (their figures are left out); the end of its output:"
        tail -n 30 "$work/run-$run.log" | sed 's/^/   | /'
    fi
done

node --input-type=module - "$BENCH_RESULTS" "$work"/run-*.tsv <<'JS'
import { appendFileSync, readFileSync } from 'node:fs';
const [resultsFile, ...runFiles] = process.argv.slice(2);
const rows = (file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => line.split('\t'));
const runs = runFiles.map(rows);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const seconds = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);
// the measures held against a target, and the phase after Pacemaker's decision of each
const targets = new Map();
for (const run of runs) {
  for (const [kind, scenario, , label, maxMs, maxRatio] of run) {
    if (kind !== 'target') continue;
    const prefix = label.split(' -> ')[0];
    targets.set(`${scenario}\t${label}`, { scenario, label, maxMs: Number(maxMs), maxRatio: Number(maxRatio) });
    targets.set(`${scenario}\t${prefix}: fencing requested -> every guest running again`,
      { scenario, label: `${prefix}: fencing requested -> every guest running again` });
  }
}
const valuesOf = (scenario, label, flavour) => runs.map((run) => {
  const row = run.find(([kind, s, f, key]) => kind === 'measure' && s === scenario && f === flavour && key === label);
  return row ? Number(row[4]) : undefined;
});
console.log(`\nnode failures over ${runs.length} run(s): each run ours / reference, then the medians`);
for (const { scenario, label, maxMs, maxRatio } of targets.values()) {
  const ours = valuesOf(scenario, label, 'ours');
  const reference = valuesOf(scenario, label, 'reference');
  const perRun = ours.map((value, index) => `${seconds(value)} / ${seconds(reference[index])}`).join(', ');
  const oursKnown = ours.filter((value) => value !== undefined);
  const referenceKnown = reference.filter((value) => value !== undefined);
  console.log(`${scenario} ${label}`);
  console.log(`    runs: ${perRun}`);
  if (oursKnown.length === 0 || referenceKnown.length === 0) { console.log('    medians: - (no complete run)'); continue; }
  const oursMedian = median(oursKnown);
  const referenceMedian = median(referenceKnown);
  const ratio = oursMedian / referenceMedian;
  let verdict = '';
  if (maxRatio) verdict = `; target <= ${maxMs / 1000} s and <= ${maxRatio}x: ${oursMedian <= maxMs && ratio <= maxRatio ? 'met' : 'NOT met'}`;
  console.log(`    medians (${oursKnown.length} / ${referenceKnown.length} runs): ours ${seconds(oursMedian)}, reference ${seconds(referenceMedian)}, ${ratio.toFixed(2)}x${verdict}`);
  appendFileSync(resultsFile, `e2e median of ${oursKnown.length} ${scenario} [ours] ${label}\t${oursMedian}\t\t\n`);
  appendFileSync(resultsFile, `e2e median of ${referenceKnown.length} ${scenario} [reference] ${label}\t${referenceMedian}\t\t\n`);
}
JS
