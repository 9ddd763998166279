# Benchmark helpers, sourced by bench/*.sh. Each measurement is a hyperfine run (wall time
# median and mean CPU time) plus peak RSS over 5 runs of /usr/bin/time. Always with
# NODE_EXTRA_CA_CERTS unset: Pacemaker's environment has no such variable, and on Node 18/20
# it costs ~30 ms per process.
unset NODE_EXTRA_CA_CERTS NODE_OPTIONS
export OCF_ROOT=/usr/lib/ocf
BENCH_RUNS=${BENCH_RUNS:-30}
BENCH_WARMUP=${BENCH_WARMUP:-3}
BENCH_RESULTS=${BENCH_RESULTS:-$PWD/bench/results.tsv}

# bench_measure LABEL [--prepare CMD] -- CMD [ARGS...]
# Prints and appends "LABEL<TAB>median_ms<TAB>cpu_ms<TAB>peak_rss_kib" and sets
# BENCH_MEDIAN_MS, BENCH_CPU_MS, BENCH_RSS_KIB.
bench_measure() {
  local label=$1; shift
  local prepare=()
  if [ "${1:-}" = --prepare ]; then prepare=(--prepare "$2"); shift 2; fi
  [ "${1:-}" = -- ] && shift
  local json; json=$(mktemp)
  local cmd; cmd=$(printf '%q ' "$@")
  hyperfine -N -i --style none --warmup "$BENCH_WARMUP" --runs "$BENCH_RUNS" "${prepare[@]}" \
    --export-json "$json" -- "$cmd" >/dev/null 2>&1 || { echo "bench: hyperfine failed for $label" >&2; rm -f "$json"; return 1; }
  read -r BENCH_MEDIAN_MS BENCH_CPU_MS < <(python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))["results"][0]
print("%.1f %.1f" % (r["median"]*1000, (r["user"]+r["system"])*1000))' "$json")
  rm -f "$json"
  local rss=0 m i
  for i in 1 2 3 4 5; do
    [ ${#prepare[@]} -gt 0 ] && bash -c "${prepare[1]}" >/dev/null 2>&1
    m=$( { /usr/bin/time -f 'RSS=%M' "$@" >/dev/null 2>/dev/null; } 2>&1 | grep -o 'RSS=[0-9]*' | cut -d= -f2)
    [ "${m:-0}" -gt "$rss" ] && rss=$m
  done
  BENCH_RSS_KIB=$rss
  printf '%-48s %9s ms %9s ms cpu %8s KiB\n' "$label" "$BENCH_MEDIAN_MS" "$BENCH_CPU_MS" "$BENCH_RSS_KIB"
  printf '%s\t%s\t%s\t%s\n' "$label" "$BENCH_MEDIAN_MS" "$BENCH_CPU_MS" "$BENCH_RSS_KIB" >>"$BENCH_RESULTS"
}

# bench_ratio LABEL OURS_MS REFERENCE_MS [TARGET] — prints ours/reference and whether a target ratio holds.
bench_ratio() {
  local label=$1 ours=$2 ref=$3 target=${4:-}
  python3 - "$label" "$ours" "$ref" "$target" <<'PY'
import sys
label, ours, ref, target = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
ratio = ours / ref if ref > 0 else float('inf')
verdict = ''
if target:
    verdict = '  (target <= %s: %s)' % (target, 'met' if ratio <= float(target) else 'NOT met')
print('%-48s ratio %.2fx%s' % (label, ratio, verdict))
PY
}
