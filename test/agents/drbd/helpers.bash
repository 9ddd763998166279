# Shared setup of the DRBD agent tests (ours and, in the conformance run, ocf:linbit:drbd):
# a fresh simulator with resource r0 on node1/node2, stubs for crm_attribute (promotion
# scores per node), crm_resource and crm_node, and the OCF environment of a promotable clone.
DRBD_TEST_BIN=$PROJECT_ROOT/test/agents/drbd/bin

drbd_setup() {
    export DRBDSIM_STATE="$BATS_TEST_TMPDIR/drbdsim"
    export DRBD_STUB_DIR="$BATS_TEST_TMPDIR/stub"
    export DRBDSIM_NODE=node1
    mkdir -p "$DRBD_STUB_DIR"
    export PATH="$SIM_DIR/drbd:$DRBD_TEST_BIN:$PATH"
    drbdsim init --force --version "${DRBD_VERSION:-9}"
    drbdsim res add r0 --nodes "node1 node2" --two-primaries
    DRBD_CONF="$BATS_TEST_TMPDIR/drbd.conf"
    echo '# the simulator keeps the resource configuration in its state' > "$DRBD_CONF"
    export OCF_RESKEY_drbd_resource=r0 OCF_RESKEY_drbdconf=$DRBD_CONF OCF_RESOURCE_INSTANCE=r0:0
    export OCF_RESKEY_CRM_meta_clone_max=2 OCF_RESKEY_CRM_meta_clone_node_max=1
    export OCF_RESKEY_CRM_meta_promoted_max=2 OCF_RESKEY_CRM_meta_promoted_node_max=1
    export OCF_RESKEY_CRM_meta_master_max=2 OCF_RESKEY_CRM_meta_master_node_max=1
    export OCF_RESKEY_CRM_meta_promotable=true OCF_RESKEY_CRM_meta_notify=true
    export OCF_RESKEY_CRM_meta_timeout=20000 OCF_RESKEY_crm_feature_set=3.16.2
    export OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=0
}

# on NODE CMD...: run CMD as on that simulated node
on() { local n=$1; shift; DRBDSIM_NODE=$n "$@"; }

# score NODE: the promotion score the agent left on NODE ("none" when removed)
score() {
    local f=$DRBD_STUB_DIR/scores/${1:-node1}/r0:0
    if [[ -f $f ]]; then cat "$f"; else echo none; fi
}

# writes NODE: how many times a score was written or removed on NODE
score_writes() {
    grep -cE "^${1:-node1} crm_attribute .*(-v|--update|-D|--delete)( |$)" "$DRBD_STUB_DIR/calls.log" 2>/dev/null || true
}

# sim_node NODE: the simulator's line for NODE ("up=1 attached=1 net=1 role=… data=… disk=…")
sim_node() { drbdsim show r0 | sed -n "s/^  $1: //p"; }

# up_both: r0 up and connected on both nodes (as two starts would leave it), scores cleared
up_both() {
    on node1 drbdsim up r0 >/dev/null; on node2 drbdsim up r0 >/dev/null
}
