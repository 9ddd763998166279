#!/bin/bash
# ocf:xenha:drbd vs ocf:linbit:drbd on the DRBD simulator (test/sim/drbd), same run, same
# simulator, same environment (crm_attribute stub from test/agents/drbd/bin):
#   recurring monitor of a promoted (Primary) instance, connected    target <= 1x the reference
# The reference tests -f /proc/drbd: it runs from a copy in which that path is the simulator's
# per-node module flag (as in test/conformance/drbd.bats).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

command -v hyperfine >/dev/null || { echo "bench/drbd.sh: skipped (no hyperfine)"; exit 0; }
OURS=$PWD/dist/ocf/drbd
REFERENCE_DIR=/usr/lib/ocf/resource.d/linbit
[ -x "$REFERENCE_DIR/drbd" ] || { echo "bench/drbd.sh: skipped (ocf:linbit:drbd is not installed)"; exit 0; }
[ -x "$OURS" ] || node build/bundle.mjs --only drbd >/dev/null

WORK=$(mktemp -d /tmp/drbd-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cp "$REFERENCE_DIR/drbd.shellfuncs.sh" "$WORK/"
sed 's|/proc/drbd|${DRBDSIM_PROC_DRBD:?}|g' "$REFERENCE_DIR/drbd" >"$WORK/drbd"
chmod +x "$WORK/drbd"

export PATH="$PWD/test/sim/drbd:$PWD/test/agents/drbd/bin:$PATH"
export DRBDSIM_STATE=$WORK/drbdsim DRBDSIM_NODE=node1 DRBD_STUB_DIR=$WORK/stub
export DRBDSIM_PROC_DRBD=$DRBDSIM_STATE/node/node1/module
mkdir -p "$DRBD_STUB_DIR"
echo '# the simulator keeps the resource configuration' >"$WORK/drbd.conf"
drbdsim init
drbdsim res add r0 --nodes "node1 node2" --two-primaries
DRBDSIM_NODE=node1 drbdsim up r0 --primary >/dev/null
DRBDSIM_NODE=node2 drbdsim up r0 --primary >/dev/null

export OCF_RESKEY_drbd_resource=r0 OCF_RESKEY_drbdconf=$WORK/drbd.conf OCF_RESOURCE_INSTANCE=r0:0
export OCF_RESKEY_CRM_meta_clone_max=2 OCF_RESKEY_CRM_meta_clone_node_max=1 OCF_RESKEY_CRM_meta_promoted_max=2
export OCF_RESKEY_CRM_meta_master_max=2 OCF_RESKEY_CRM_meta_promoted_node_max=1 OCF_RESKEY_CRM_meta_master_node_max=1
export OCF_RESKEY_CRM_meta_notify=true OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_CRM_meta_timeout=20000
export OCF_RESKEY_crm_feature_set=3.16.1 HA_LOGFILE=$WORK/ha.log

echo "DRBD agent on the simulator ($(node --version)); the reference is $REFERENCE_DIR/drbd"
"$OURS" monitor >/dev/null 2>&1 && { echo "bench/drbd.sh: ours does not report Primary" >&2; exit 1; } || [ $? -eq 8 ] || { echo "bench/drbd.sh: ours monitor failed" >&2; exit 1; }
bench_measure "drbd monitor (Primary): xenha" -- "$OURS" monitor;          ours_monitor=$BENCH_MEDIAN_MS
bench_measure "drbd monitor (Primary): linbit" -- "$WORK/drbd" monitor;    ref_monitor=$BENCH_MEDIAN_MS
bench_ratio "drbd monitor (Primary)" "$ours_monitor" "$ref_monitor" 1
