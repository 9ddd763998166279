# Conformance scenarios for ocf:xenha:drbd against ocf:linbit:drbd, and for our crm-fence-peer
# handlers against crm-fence-peer.9.sh, on the DRBD simulator; sourced by test/conformance/drbd.bats
# (after test/helpers.bash and test/agents/drbd/helpers.bash).
#
# Each scenario runs once per program on a fresh simulator (resource r0 on node1 and node2, the
# program on node1). Its outcome is the exit codes of what it runs ("killed" when it ran past its
# op timeout and had to be killed, as Pacemaker would), plus what the scenario observes: the
# simulator's state of node1 (role, up/down, data) and node1's promotion score.
#
# One line per scenario, "id|what it does|expectation" with expectation "same" or
# "differs: <why>". docs/drbd.md lists the same differences.

DRBD_SCENARIOS="\
probe-down|probe of a stopped resource|same
monitor-down|recurring monitor of a stopped resource|differs: a stopped instance gets no promotion score; the reference reads no volumes as a diskless client with UpToDate peers and sets 9999
validate|validate-all of a correct promotable clone|same
validate-no-notify|validate-all without notify=true|differs: validate-all reports what start would refuse (6); the reference skips that check in validate-all
validate-clone-node-max|validate-all with clone-node-max=2|same
validate-no-two-primaries|validate-all, promoted-max=2 without allow-two-primaries|differs: validate-all reports what start and promote would refuse (6); the reference checks it only there
validate-not-in-config|validate-all of a resource missing from the configuration|same
start|start (peer down, wfc_timeout=1)|same
start-connected|start on both nodes|same
start-twice|start a started resource|same
monitor-secondary|recurring monitor of a connected Secondary|same
promote|promote, then monitor|same
promote-both|promote on both nodes (promoted-max=2)|same
promote-outdated|promote with Outdated data|same
promote-stopped|promote a stopped resource|same
demote|demote a Primary|same
stop-primary|stop a Primary|same
stop-stopped|stop a stopped resource|same
notify-post-promote|post-promote notification|same
drbd84|DRBD 8.4: start, promote, monitor, stop|same
probe-no-module|probe on a node without DRBD installed|differs: a node without DRBD is 'not running' (7), as Pacemaker expects of a probe; the reference says 'not installed' (5) (pcs#667)
stop-no-module|stop on a node without DRBD installed|differs: nothing can run without the module: stopped (0); the reference fails with 5 and Pacemaker fences the node
monitor-failed-disk|monitor of a Primary whose disk failed, peer disconnected|differs: a Primary without access to UpToDate data is 'failed promoted' (9); the reference says 8
monitor-hang|recurring monitor when drbdsetup hangs (4 s timeout)|differs: ours fails with a reason inside the op timeout; the reference is killed
stop-hang|stop when drbdadm down hangs (6 s timeout)|differs: ours fails with a reason inside the op timeout; the reference is killed
promote-refused|promote while the peer is Primary without allow-two-primaries (8 s timeout)|differs: ours gives up with DRBD's refusal inside the op timeout; the reference loops until killed
reload-stopped|reload of a stopped resource|differs: nothing to reload is success (0); the reference fails (1)
score-writes|three monitors of a steady Primary: how often the score is written|differs: ours writes the promotion score only when it changes; the reference writes it on every monitor
unexpected-promoted|remove_master_score_if_peer_primary=unexpected, the peer promoted as Pacemaker 2.1 prints it|differs: ours reads 'Promoted' from crm_resource --locate; the reference looks for 'Master' only and removes the score of a healthy Secondary
"

# act ACTION [VAR=VALUE...]: run the agent as Pacemaker would on node1 with the op timeout
# (OCF_RESKEY_CRM_meta_timeout, default 20 s) enforced by killing it; appends its exit code.
act() {
    local action=$1 timeout_ms=20000 arg rc
    shift
    for arg in "$@"; do [[ $arg == OCF_RESKEY_CRM_meta_timeout=* ]] && timeout_ms=${arg#*=}; done
    env "$@" timeout --kill-after=2 "$(( timeout_ms / 1000 + 1 ))" "$AGENT" "$action" >>"$SCENARIO_DIR/output" 2>&1
    rc=$?
    if ((rc == 124 || rc == 137)); then rc=killed; fi
    RESULT+="${RESULT:+ }$rc"
}

# observe: node1's simulated state and promotion score
observe() {
    local line
    line=$(drbdsim show r0 | sed -n 's/^  node1: //p')
    RESULT+=" [$(sed -E 's/.*up=([01]).*role=([A-Za-z]+) data=([A-Za-z]+).*/up=\1 \2 \3/' <<<"$line") score=$(score node1)]"
}

RUNNING='OCF_RESKEY_CRM_meta_interval=10000'
PROBE='OCF_RESKEY_CRM_meta_interval=0'

scenario_probe-down() { act monitor "$PROBE"; observe; }
scenario_monitor-down() { act monitor "$RUNNING"; observe; }
scenario_validate() { act validate-all; }
scenario_validate-no-notify() { act validate-all OCF_RESKEY_CRM_meta_notify=false; }
scenario_validate-clone-node-max() { act validate-all OCF_RESKEY_CRM_meta_clone_node_max=2; }
scenario_validate-no-two-primaries() {
    drbdsim res add r1 --nodes "node1 node2" --minor 1
    act validate-all OCF_RESKEY_drbd_resource=r1
}
scenario_validate-not-in-config() { act validate-all OCF_RESKEY_drbd_resource=nope; }
scenario_start() { act start OCF_RESKEY_wfc_timeout=1; observe; }
scenario_start-connected() { on node2 drbdsim up r0 >/dev/null; act start; observe; }
scenario_start-twice() { up_both; act start; observe; }
scenario_monitor-secondary() { up_both; act monitor "$RUNNING"; observe; }
scenario_promote() { up_both; act promote; act monitor "$RUNNING"; observe; }
scenario_promote-both() { up_both; on node2 drbdadm primary r0; act promote; act monitor "$RUNNING"; observe; }
scenario_promote-outdated() { drbdsim data r0 Outdated --node node1; on node1 drbdsim up r0 >/dev/null; act promote; observe; }
scenario_promote-stopped() { act promote; }
scenario_demote() { up_both; on node1 drbdadm primary r0; act demote; observe; }
scenario_stop-primary() { up_both; on node1 drbdadm primary r0; act monitor "$RUNNING"; act stop; observe; }
scenario_stop-stopped() { act stop; observe; }
scenario_notify-post-promote() {
    up_both; on node1 drbdadm primary r0
    act notify OCF_RESKEY_CRM_meta_notify_type=post OCF_RESKEY_CRM_meta_notify_operation=promote; observe
}
scenario_drbd84() {
    drbdsim init --force --version 8.4; drbdsim res add r0 --nodes "node1 node2" --two-primaries
    on node2 drbdsim up r0 >/dev/null
    act start; act promote; act monitor "$RUNNING"; observe; act stop; observe
}
scenario_probe-no-module() { drbdsim module remove --node node1; act monitor "$PROBE"; }
scenario_stop-no-module() { drbdsim module remove --node node1; act stop; }
scenario_monitor-failed-disk() {
    up_both; on node1 drbdadm primary r0; drbdsim cut r0; drbdsim data r0 Failed --node node1
    act monitor "$RUNNING"
}
scenario_monitor-hang() { up_both; drbdsim fault hang events2; act monitor "$RUNNING" OCF_RESKEY_CRM_meta_timeout=4000; }
scenario_stop-hang() { up_both; drbdsim fault hang down --tool drbdadm; act stop OCF_RESKEY_CRM_meta_timeout=6000; observe; }
scenario_promote-refused() {
    drbdsim res add r1 --nodes "node1 node2" --minor 1
    on node1 drbdsim up r1 >/dev/null; on node2 drbdsim up r1 --primary >/dev/null
    act promote OCF_RESKEY_drbd_resource=r1 OCF_RESKEY_CRM_meta_promoted_max=1 OCF_RESKEY_CRM_meta_master_max=1 OCF_RESKEY_CRM_meta_timeout=8000
}
scenario_reload-stopped() { act reload; }
scenario_score-writes() {
    up_both; on node1 drbdadm primary r0
    act monitor "$RUNNING"; act monitor "$RUNNING"; act monitor "$RUNNING"
    RESULT+=" writes=$(score_writes node1)"
}
scenario_unexpected-promoted() {
    up_both; on node2 drbdadm primary r0
    echo "resource r0 is running on: node2 Promoted" >"$DRBD_STUB_DIR/locate"
    act monitor "$RUNNING" OCF_RESKEY_remove_master_score_if_peer_primary=unexpected \
        OCF_RESKEY_CRM_meta_promoted_max=1 OCF_RESKEY_CRM_meta_master_max=1
    observe
}

scenario_ids() { printf '%s' "$DRBD_SCENARIOS" | cut -d'|' -f1; }
scenario_field() { printf '%s' "$DRBD_SCENARIOS" | awk -F'|' -v id="$1" -v f="$2" '$1 == id { print $f }'; }

# run_scenario_with ID LABEL AGENT: the outcome of scenario ID with AGENT on a fresh simulator
run_scenario_with() {
    local id=$1
    SCENARIO_DIR="$BATS_TEST_TMPDIR/$2"
    mkdir -p "$SCENARIO_DIR"
    BATS_TEST_TMPDIR=$SCENARIO_DIR drbd_setup
    export DRBDSIM_PROC_DRBD=$DRBDSIM_STATE/node/node1/module
    AGENT=$3
    RESULT=
    "scenario_$id"
    printf '%s' "$RESULT"
}

# ---------------------------------------------------------------------------------------------
# The handlers: ours (crm-fence-peer, crm-unfence-peer) against crm-fence-peer.9.sh /
# crm-unfence-peer.9.sh, with DRBD 9's handler environment on node1, the CIB in a file (the
# "live" CIB too, see drbd-bin/cibadmin), the simulator for the disk states. The outcome is the
# exit code and the constraint left in the CIB, reduced to "role: allowed nodes".
# ---------------------------------------------------------------------------------------------
HANDLER_SCENARIOS="\
fence-no-resource|fence-peer without DRBD_RESOURCE|same
fence-reachable|fence-peer, link cut, peer still in the cluster|differs: ours writes role=Promoted (Pacemaker 2.1's name, where the CIB schema has it); the reference writes Master
fence-fenced-peer|fence-peer, the peer is down (fenced)|same
fence-no-quorum|fence-peer without quorum|same
fence-all-uptodate|fence-peer while every peer disk is UpToDate|same
fence-rejected|fence-peer when the peer's constraint already rejects me|same
unfence-none|unfence-peer without a constraint|same
unfence-resynced|unfence-peer after the resync, all UpToDate|same
unfence-not-owner|unfence-peer --unfence-only-if-owner-match on the node the constraint rejects|same
unfence-behind|unfence-peer while the peer is still behind, no UP_TO_DATE_NODES (drbd-utils#11)|differs: ours leaves the constraint and exits 1 saying the peer is not UpToDate (as crm-fence-peer.sh does for 8.4 callers); crm-fence-peer.9.sh builds no constraint for such callers and exits 0
"

# hact fence|unfence [VAR=VALUE...]: run the handler (15 s bound, killed after) on node1
hact() {
    local mode=$1 rc program name
    shift
    if [[ $mode == fence ]]; then program=$FENCE_CMD; else program=$UNFENCE_CMD; fi
    local -a unset=() settings=()
    local -A overridden=()
    while (($#)); do
        if [[ $1 == -u ]]; then unset+=(-u "$2"); overridden[$2]=1; shift
        else settings+=("$1"); overridden[${1%%=*}]=1
        fi
        shift
    done
    local -a defaults=()
    for name in DRBD_RESOURCE=r0 DRBD_MINOR=0 DRBD_CONF=/etc/drbd.conf DRBD_MY_NODE_ID=0 DRBD_NODE_ID_0=node1 \
        DRBD_NODE_ID_1=node2 DRBD_PEER_NODE_ID=1 UP_TO_DATE_NODES=0x00000001; do
        [[ -n ${overridden[${name%%=*}]-} ]] || defaults+=("$name")
    done
    env "${unset[@]}" "${defaults[@]}" "${settings[@]}" \
        timeout --kill-after=2 15 "$program" "--lock-dir=$SCENARIO_DIR/lock" -t 5 -d 5 >>"$SCENARIO_DIR/output" 2>&1
    rc=$?
    if ((rc == 124 || rc == 137)); then rc=killed; fi
    RESULT+="${RESULT:+ }$rc"
}

# observe_constraint [raw]: "[role: node, node]" of the fencing constraint, or "[none]"; the role
# is shown as "promoted" for both Master and Promoted unless "raw" is given
observe_constraint() {
    local xml role values
    xml=$(CIB_file=$FENCE_LIVE_CIB cibadmin -Q -o constraints 2>/dev/null)
    if ! grep -q 'id="drbd-fence-by-handler-r0-ms-r0"' <<<"$xml"; then RESULT+=" [none]"; return; fi
    role=$(grep -o 'role="[A-Za-z]*"' <<<"$xml" | head -1 | cut -d'"' -f2)
    [[ ${1-} == raw ]] || role=${role/#Master/promoted}; [[ ${1-} == raw ]] || role=${role/#Promoted/promoted}
    values=$(grep -o 'operation="ne" value="[^"]*"' <<<"$xml" | cut -d'"' -f4 | paste -sd, -)
    RESULT+=" [$role: $values]"
}

set_node_state() {   # set_node_state NODE crmd in_ccm expected
    sed -i "s|<node_state id=\"[0-9]\" uname=\"$1\"[^>]*/>|<node_state id=\"${1#node}\" uname=\"$1\" in_ccm=\"$3\" crmd=\"$2\" join=\"down\" expected=\"$4\"/>|" "$FENCE_LIVE_CIB"
}

handler_scenario_fence-no-resource() { hact fence -u DRBD_RESOURCE; observe_constraint; }
handler_scenario_fence-reachable() { drbdsim cut r0; hact fence; observe_constraint raw; }
handler_scenario_fence-fenced-peer() { drbdsim cut r0; set_node_state node2 offline false down; hact fence; observe_constraint; }
handler_scenario_fence-no-quorum() {
    drbdsim cut r0; sed -i 's/have-quorum="1"/have-quorum="0"/' "$FENCE_LIVE_CIB"
    hact fence FENCE_STUB_QUORUM=0; observe_constraint
}
handler_scenario_fence-all-uptodate() { hact fence UP_TO_DATE_NODES=0x00000003; observe_constraint; }
handler_scenario_fence-rejected() {
    drbdsim cut r0
    CIB_file=$FENCE_LIVE_CIB cibadmin -C -o constraints -X '<rsc_location rsc="ms-r0" id="drbd-fence-by-handler-r0-ms-r0"><rule role="Master" score="-INFINITY" id="drbd-fence-by-handler-r0-rule-ms-r0"><expression attribute="#uname" operation="ne" value="node2" id="drbd-fence-by-handler-r0-expr-1-ms-r0"/></rule></rsc_location>'
    hact fence; observe_constraint
}
handler_scenario_unfence-none() { hact unfence UP_TO_DATE_NODES=0x00000003; observe_constraint; }
handler_scenario_unfence-resynced() {
    drbdsim cut r0; hact fence; drbdsim heal r0; hact unfence UP_TO_DATE_NODES=0x00000003; observe_constraint
}
handler_scenario_unfence-not-owner() {
    drbdsim cut r0; hact fence; drbdsim heal r0
    hact unfence DRBDSIM_NODE=node2 DRBD_MY_NODE_ID=1 DRBD_PEER_NODE_ID=0 UP_TO_DATE_NODES=0x00000003 \
        OCF_RESKEY_unfence_extra_args="--quiet --flock-required --flock-timeout 0 --unfence-only-if-owner-match"
    observe_constraint
}
handler_scenario_unfence-behind() {
    drbdsim cut r0; hact fence
    hact unfence -u UP_TO_DATE_NODES -u DRBD_MY_NODE_ID -u DRBD_NODE_ID_0 -u DRBD_NODE_ID_1 DRBD_PEER=node2
    observe_constraint
}

handler_scenario_ids() { printf '%s' "$HANDLER_SCENARIOS" | cut -d'|' -f1; }
handler_scenario_field() { printf '%s' "$HANDLER_SCENARIOS" | awk -F'|' -v id="$1" -v f="$2" '$1 == id { print $f }'; }

# run_handler_scenario_with ID LABEL FENCE UNFENCE
run_handler_scenario_with() {
    local id=$1
    SCENARIO_DIR="$BATS_TEST_TMPDIR/$2"
    mkdir -p "$SCENARIO_DIR"
    export DRBDSIM_STATE=$SCENARIO_DIR/drbdsim DRBDSIM_NODE=node1
    export FENCE_LIVE_CIB=$SCENARIO_DIR/cib.xml CIB_file=$SCENARIO_DIR/cib.xml
    cp "$PROJECT_ROOT/test/agents/crm-fence-peer/cib.xml" "$FENCE_LIVE_CIB"
    drbdsim init
    drbdsim res add r0 --nodes "node1 node2" --two-primaries --fencing resource-only
    on node1 drbdsim up r0 --primary >/dev/null
    on node2 drbdsim up r0 >/dev/null
    FENCE_CMD=$3 UNFENCE_CMD=$4
    RESULT=
    (cd "$SCENARIO_DIR" && "handler_scenario_$id"; printf '%s' "$RESULT")
}
