#!/bin/bash
# Start-up cost of a built program against the reference shell agent, same run:
# meta-data and a no-op monitor of the Dummy fixture vs ocf:heartbeat:Dummy.
# Targets (Foundation issue): meta-data <= 25 ms median and <= 45 MiB peak RSS on Node 20.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
node build/bundle.mjs --only Dummy >/dev/null
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export OCF_RESOURCE_INSTANCE=bench OCF_RESKEY_state="$tmp/absent.state"
REF=/usr/lib/ocf/resource.d/heartbeat/Dummy
OURS=dist/test/ocf/Dummy
echo "node $(node --version)"
printf "" >"$tmp/empty.js"
bench_measure "node floor: empty script" -- node "$tmp/empty.js"; floor=$BENCH_MEDIAN_MS

bench_measure "meta-data: xenha Dummy" -- "$OURS" meta-data;     ours_md=$BENCH_MEDIAN_MS; ours_rss=$BENCH_RSS_KIB
bench_measure "meta-data: heartbeat Dummy" -- "$REF" meta-data;  ref_md=$BENCH_MEDIAN_MS
bench_measure "monitor (not running): xenha Dummy" -- "$OURS" monitor;    ours_mon=$BENCH_MEDIAN_MS
bench_measure "monitor (not running): heartbeat Dummy" -- "$REF" monitor; ref_mon=$BENCH_MEDIAN_MS

bench_ratio "meta-data ours/reference" "$ours_md" "$ref_md"
bench_ratio "meta-data ours/node floor" "$ours_md" "$floor"
bench_ratio "monitor ours/reference" "$ours_mon" "$ref_mon"
bench_target "meta-data median (Node $(node --version))" "$ours_md" 25 ms
bench_target "meta-data peak RSS" "$(( ours_rss / 1024 ))" 45 MiB
