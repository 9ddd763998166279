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
  read -r BENCH_MEDIAN_MS BENCH_CPU_MS < <(node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results[0];
console.log((r.median * 1000).toFixed(1), ((r.user + r.system) * 1000).toFixed(1));' "$json")
  rm -f "$json"
  local rss=0 m i rss_file; rss_file=$(mktemp)
  for i in 1 2 3 4 5; do
    if [ ${#prepare[@]} -gt 0 ]; then bash -c "${prepare[1]}" >/dev/null 2>&1 || true; fi
    /usr/bin/time -f '%M' -o "$rss_file" "$@" >/dev/null 2>&1 || true
    m=$(tail -n 1 "$rss_file")
    if [[ "$m" =~ ^[0-9]+$ ]] && [ "$m" -gt "$rss" ]; then rss=$m; fi
  done
  rm -f "$rss_file"
  BENCH_RSS_KIB=$rss
  printf '%-48s %9s ms %9s ms cpu %8s KiB\n' "$label" "$BENCH_MEDIAN_MS" "$BENCH_CPU_MS" "$BENCH_RSS_KIB"
  printf '%s\t%s\t%s\t%s\n' "$label" "$BENCH_MEDIAN_MS" "$BENCH_CPU_MS" "$BENCH_RSS_KIB" >>"$BENCH_RESULTS"
}

# bench_ratio LABEL OURS_MS REFERENCE_MS [TARGET] — prints ours/reference and whether a target ratio holds.
bench_ratio() {
  node -e '
const [label, ours, ref, target] = process.argv.slice(1);
const ratio = Number(ref) > 0 ? Number(ours) / Number(ref) : Infinity;
const verdict = target ? `  (target <= ${target}: ${ratio <= Number(target) ? "met" : "NOT met"})` : "";
console.log(`${label.padEnd(48)} ratio ${ratio.toFixed(2)}x${verdict}`);' "$1" "$2" "$3" "${4:-}"
}

# bench_target LABEL VALUE LIMIT UNIT — prints whether an absolute target holds.
bench_target() {
  node -e '
const [label, value, limit, unit] = process.argv.slice(1);
console.log(`${label.padEnd(48)} ${Number(value).toFixed(1)} ${unit} (target <= ${limit} ${unit}: ${Number(value) <= Number(limit) ? "met" : "NOT met"})`);' "$@"
}
