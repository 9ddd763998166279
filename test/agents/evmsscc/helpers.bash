# Shared setup of the EvmsSCC bats files (test/agents/evmsscc.bats, test/conformance/evmsscc.bats):
# a fresh evms_activate simulator (test/sim/evms) with one shared cluster container, two nodes
# whose device roots, activation records and names are kept apart, and the agent's environment
# as Pacemaker sets it. The device root is the agent's test-only XENHA_TEST_EVMS_DEVICE_ROOT.
EVMS_AGENT="$DIST/ocf/EvmsSCC"
EVMS_REFERENCE=/usr/lib/ocf/resource.d/heartbeat/EvmsSCC

evms_path() {
    printf '%s' "$SIM_DIR/evms:/usr/bin:/bin"
}

evms_setup() {
    [[ $EUID == 0 ]] || skip "the evms_activate simulator creates block devices (mknod needs root)"
    export EVMSSIM_STATE="$BATS_TEST_TMPDIR/evmssim"
    PATH="$(evms_path)"
    export PATH
    evmssim init
    evmssim container add san2 cfgpool vm1 vm2
    export OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=evms:0
    export OCF_RESKEY_CRM_meta_clone_max=2 OCF_RESKEY_CRM_meta_notify=true
    export HA_LOGFILE="$BATS_TEST_TMPDIR/ha.log" HA_debug=1
    : >"$HA_LOGFILE"
    unset OCF_RESKEY_CRM_meta_interval OCF_RESKEY_CRM_meta_timeout HA_LOGFACILITY OCF_RESKEY_devices
    clear_notify_env
    evms_node node1
}

# evms_node NODE: act as NODE from now on (its device root, record dir, name).
evms_node() {
    local node=$1
    export EVMSSIM_NODE=$node
    export EVMSSIM_DEV="$BATS_TEST_TMPDIR/dev/$node"
    export XENHA_TEST_EVMS_DEVICE_ROOT="$EVMSSIM_DEV"
    export HA_RSCTMP="$BATS_TEST_TMPDIR/rsctmp/$node"
    export OCF_RESKEY_CRM_meta_on_node=$node HA_CURHOST=$node
    mkdir -p "$HA_RSCTMP"
}

# on_node NODE CMD...: run CMD as NODE (in a subshell: the current node does not change).
on_node() {
    local node=$1; shift
    ( evms_node "$node"; "$@" )
}

# The device nodes of NODE ("san2/cfgpool b 253:1" lines); the default is the current node.
devices_of() {
    evmssim devices "$BATS_TEST_TMPDIR/dev/${1:-$EVMSSIM_NODE}"
}

# Volume names only, space separated.
volumes_of() {
    devices_of "$@" | awk '{ print $1 }' | paste -sd' ' -
}

# The simulator's call log without timestamps: "<node> evms_activate <args>".
sim_calls() {
    evmssim calls | cut -d' ' -f2-
}

# The agent's activation record on NODE (empty when there is none).
record_of() {
    cat "$BATS_TEST_TMPDIR/rsctmp/${1:-$EVMSSIM_NODE}/EvmsSCC-evms.state" 2>/dev/null || true
}

now_ms() {
    date +%s%3N
}

# Run the agent (bats `run`), recording how long it took in $elapsed_ms.
run_agent() {
    local started
    started=$(now_ms)
    run "$EVMS_AGENT" "$@"
    elapsed_ms=$(($(now_ms) - started))
}

# The notification variables of a clone with notify=true: notify_env TYPE OP "START" "ACTIVE".
notify_env() {
    export OCF_RESKEY_CRM_meta_notify_type=$1 OCF_RESKEY_CRM_meta_notify_operation=$2
    export OCF_RESKEY_CRM_meta_notify_start_uname=$3 OCF_RESKEY_CRM_meta_notify_active_uname=${4-}
    export OCF_RESKEY_CRM_meta_notify_stop_uname="" OCF_RESKEY_CRM_meta_notify_all_uname="node1 node2"
}

clear_notify_env() {
    local name
    for name in "${!OCF_RESKEY_CRM_meta_notify_@}"; do unset "$name"; done
}
