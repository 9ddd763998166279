#!/bin/bash
# make bench: every bench/*.sh in one run, results in bench/results.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench: hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }
export BENCH_RESULTS=$PWD/bench/results.tsv
printf 'label\tmedian_ms\tcpu_ms\tpeak_rss_kib\n' >"$BENCH_RESULTS"
for script in bench/[0-9a-z]*.sh; do
  case "$script" in bench/lib.sh|bench/run.sh) continue ;; esac
  echo "== $script"
  bash "$script"
done
echo "results: $BENCH_RESULTS"
