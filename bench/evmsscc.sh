#!/bin/bash
# ocf:xenha:EvmsSCC vs ocf:heartbeat:EvmsSCC on the evms_activate simulator (test/sim/evms),
# same run, same simulator, same environment:
#   monitor of an active clone instance (recurring)      target <= 2.5x the reference
#   probe on a node where it never ran                    (reported)
#   start with the node's volumes missing                 (reported: ours runs evms_activate and
#                                                          verifies; the reference's start, given
#                                                          no notification variables, does nothing)
#   pre-start notification on the first starting node     (reported: both run evms_activate once)
# The reference's monitor answers 7 without looking at anything, so the ratio is the price of a
# monitor that checks the record and the volumes. Needs root (the simulator's mknod).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

command -v hyperfine >/dev/null || { echo "bench/evmsscc.sh: skipped (no hyperfine)"; exit 0; }
[ "$(id -u)" = 0 ] || { echo "bench/evmsscc.sh: skipped (the simulator's mknod needs root)"; exit 0; }
OURS=$PWD/dist/ocf/EvmsSCC
REFERENCE=/usr/lib/ocf/resource.d/heartbeat/EvmsSCC
[ -x "$REFERENCE" ] || { echo "bench/evmsscc.sh: skipped (ocf:heartbeat:EvmsSCC is not installed)"; exit 0; }
[ -x "$OURS" ] || node build/bundle.mjs --only EvmsSCC >/dev/null

WORK=$(mktemp -d /tmp/evmsscc-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
SIM=$PWD/test/sim/evms
export PATH="$SIM:/usr/bin:/bin"
export EVMSSIM_STATE=$WORK/evmssim EVMSSIM_NODE=node1 EVMSSIM_DEV=$WORK/dev XENHA_TEST_EVMS_DEVICE_ROOT=$WORK/dev
export HA_RSCTMP=$WORK/rsctmp HA_LOGFILE=$WORK/ha.log OCF_RESOURCE_INSTANCE=evms:0
export OCF_RESKEY_CRM_meta_on_node=node1 HA_CURHOST=node1 OCF_RESKEY_ignore_deprecation=true
export OCF_RESKEY_devices="san2/cfgpool san2/vm1"

# reset [active]: a fresh simulator with container san2, no volumes, no record; "active":
# activated and started with our agent (the record the monitor reads).
cat >"$WORK/reset" <<SCRIPT
#!/bin/bash
export PATH="$PATH" EVMSSIM_STATE=$EVMSSIM_STATE EVMSSIM_NODE=node1 EVMSSIM_DEV=$EVMSSIM_DEV
rm -rf "$WORK/dev" "$WORK/rsctmp"
evmssim init --force
evmssim container add san2 cfgpool vm1 vm2
if [ "\${1:-}" = active ]; then "$OURS" start >/dev/null 2>&1; fi
exit 0
SCRIPT
chmod +x "$WORK/reset"

echo "EvmsSCC agent on the simulator ($(node --version)); the reference is $REFERENCE"

"$WORK/reset" active
export OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_CRM_meta_timeout=10000
bench_measure "EvmsSCC monitor (active): xenha" -- "$OURS" monitor;          ours_monitor=$BENCH_MEDIAN_MS
# the reference exits 7 here (it cannot monitor); hyperfine -i times it anyway
bench_measure "EvmsSCC monitor (active): heartbeat" -- "$REFERENCE" monitor; ref_monitor=$BENCH_MEDIAN_MS
unset OCF_RESKEY_CRM_meta_interval
bench_measure "EvmsSCC probe (never ran): xenha" --prepare "$WORK/reset" -- "$OURS" monitor;          ours_probe=$BENCH_MEDIAN_MS
bench_measure "EvmsSCC probe (never ran): heartbeat" --prepare "$WORK/reset" -- "$REFERENCE" monitor; ref_probe=$BENCH_MEDIAN_MS

export OCF_RESKEY_CRM_meta_timeout=60000
bench_measure "EvmsSCC start (volumes missing): xenha" --prepare "$WORK/reset" -- "$OURS" start;          ours_start=$BENCH_MEDIAN_MS
bench_measure "EvmsSCC start (volumes missing): heartbeat" --prepare "$WORK/reset" -- "$REFERENCE" start; ref_start=$BENCH_MEDIAN_MS

export OCF_RESKEY_CRM_meta_notify_type=pre OCF_RESKEY_CRM_meta_notify_operation=start OCF_RESKEY_CRM_meta_notify_start_uname="node1 node2"
bench_measure "EvmsSCC pre-start notify (first node): xenha" --prepare "$WORK/reset" -- "$OURS" notify;          ours_notify=$BENCH_MEDIAN_MS
bench_measure "EvmsSCC pre-start notify (first node): heartbeat" --prepare "$WORK/reset" -- "$REFERENCE" notify; ref_notify=$BENCH_MEDIAN_MS

echo
bench_ratio "EvmsSCC monitor (active) xenha/heartbeat" "$ours_monitor" "$ref_monitor" 2.5
bench_ratio "EvmsSCC probe xenha/heartbeat" "$ours_probe" "$ref_probe"
bench_ratio "EvmsSCC start xenha/heartbeat" "$ours_start" "$ref_start"
bench_ratio "EvmsSCC pre-start notify xenha/heartbeat" "$ours_notify" "$ref_notify"
