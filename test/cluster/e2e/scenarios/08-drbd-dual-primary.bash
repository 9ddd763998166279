# shellcheck shell=bash disable=SC2034  # scenario_* are read by lib/e2e.bash
# The Debian guide's storage: each guest on its own DRBD resource, a promotable clone with
# promoted-max=2 (both Dom0s Primary, for live migration), the guest colocated with the promoted
# instance and ordered after the promotion. Live migration with crm_resource --move; a cut
# replication link makes the fence-peer handler place its constraint in the CIB, and after the
# resync the unfence handler removes it; the guest never runs where its DRBD is not Primary.
# DRBD is the simulator (test/sim/drbd) shared by both nodes; the handlers run in the nodes.
scenario_title="DRBD dual-primary: promoted on both, guest follows Promoted, --move, link cut -> constraint, resync -> removed"
scenario_flavours="ours"
scenario_programs="drbd crm-fence-peer Xen ssh"

E2E_DRBD_SIM_DIR=$PROJECT_ROOT/test/sim/drbd

# e2e_drbdsim ARGS...: the DRBD simulator's control CLI on the cluster's state.
e2e_drbdsim() { DRBDSIM_STATE=$XC_BASE/drbdsim "$E2E_DRBD_SIM_DIR/drbdsim" "$@"; }

# The guide's CIB: ms (promotable clone) + guest, colocation with Promoted, order after promote.
e2e_drbd_clone_xml() {
    cat <<XML
<clone id="ms-vm1">
  <meta_attributes id="ms-vm1-meta">$(nvpairs ms-vm1-meta promotable=true promoted-max=2 promoted-node-max=1 clone-max=2 clone-node-max=1 notify=true interleave=true)</meta_attributes>
  <primitive id="drbd-vm1" class="ocf" provider="xenha" type="drbd">
    <instance_attributes id="drbd-vm1-ia">$(nvpairs drbd-vm1 drbd_resource=vm1 wfc_timeout=2)</instance_attributes>
    <operations>
      <op id="drbd-vm1-monitor-promoted" name="monitor" interval="5s" role="Promoted" timeout="20s"/>
      <op id="drbd-vm1-monitor-unpromoted" name="monitor" interval="6s" role="Unpromoted" timeout="20s"/>
      <op id="drbd-vm1-start" name="start" interval="0" timeout="60s"/>
      <op id="drbd-vm1-promote" name="promote" interval="0" timeout="30s"/>
      <op id="drbd-vm1-demote" name="demote" interval="0" timeout="30s"/>
      <op id="drbd-vm1-stop" name="stop" interval="0" timeout="30s"/>
      <op id="drbd-vm1-notify" name="notify" interval="0" timeout="30s"/>
    </operations>
  </primitive>
</clone>
XML
}

scenario_up() {
    local node
    E2E_GUESTS=vm1
    e2e_cluster dom0
    # Both simulators in the nodes' PATH; one DRBD state for the cluster; handlers run by the
    # node they belong to (any drbdadm/drbdsetup call there starts them, as DRBD's kernel would).
    export XC_SIM_PATH="$PROJECT_ROOT/test/sim/xen:$E2E_DRBD_SIM_DIR"
    export XC_NODE_ENV="DRBDSIM_STATE=$XC_BASE/drbdsim"
    e2e_say "Starting the Dom0 cluster with DRBD resource vm1 (simulated) on both Dom0s, allow-two-primaries, fencing resource-only, our handlers"
    e2e_up_cluster dom0 $E2E_DOM0_NODES
    echo "vm1" > "$XC_BASE/e2e-guests"
    e2e_sim_init $E2E_DOM0_NODES
    e2e_drbdsim init >/dev/null
    e2e_drbdsim res add vm1 --nodes "node1 node2" --two-primaries --fencing resource-only \
        --fence-peer "/usr/lib/xenha/crm-fence-peer --lock-dir=$XC_BASE/drbd-lock" \
        --unfence-peer "/usr/lib/xenha/crm-unfence-peer --lock-dir=$XC_BASE/drbd-lock"
    e2e_drbdsim handler-dispatch auto
    for node in $E2E_DOM0_NODES; do xcluster sshd "$node" "${E2E_DOM0_SSHD:-poweroff}"; done
    mkdir -p "$XC_BASE/xen"
    e2e_write_guest_config vm1
    x node1 crm_attribute --type rsc_defaults --name resource-stickiness --update 100 >/dev/null
    cib_apply node1 "$(e2e_ssh_fence_xml fence-ssh "$E2E_DOM0_NODES")" >/dev/null
    x node1 crm_attribute --type crm_config --name stonith-enabled --update true >/dev/null
    cib_apply node1 "$(e2e_drbd_clone_xml)" >/dev/null
    cib_apply node1 "$(e2e_guest_xml vm1)" >/dev/null
    cib_apply node1 '<rsc_colocation id="vm1-with-drbd" rsc="vm1" with-rsc="ms-vm1" with-rsc-role="Promoted" score="INFINITY"/>' >/dev/null
    cib_apply node1 '<rsc_order id="vm1-after-drbd" first="ms-vm1" first-action="promote" then="vm1" then-action="start" kind="Mandatory"/>' >/dev/null
}

# promoted_nodes: the nodes where Pacemaker has ms-vm1 promoted (sorted, space separated).
promoted_nodes() {
    x "$(e2e_first_node)" crm_resource --locate --resource ms-vm1 2>/dev/null \
        | awk '/is running on:/ && $7 == "Promoted" { print $6 }' | sort | tr '\n' ' ' | sed 's/ $//'
}

promoted_on() { local now; now=$(promoted_nodes); [ "$now" = "$1" ] || { echo "ms-vm1 promoted on [$now], not [$1]"; return 1; }; }

# drbd_role NODE: the simulator's role of vm1 on NODE.
drbd_role() { e2e_drbdsim show vm1 | sed -n "s/^  $1: .* role=\([A-Za-z]*\) .*/\1/p"; }

# guest_on_primary: vm1 runs on exactly one Dom0 and DRBD is Primary there.
guest_on_primary() {
    local where; where=$(resource_location vm1) || return 1
    [[ $where =~ ^node[12]$ ]] || { echo "vm1 runs on [$where]"; return 1; }
    sim_runs_on vm1 "$where" || return 1
    [ "$(drbd_role "$where")" = Primary ] || { echo "vm1 runs on $where where DRBD is $(drbd_role "$where")"; return 1; }
}

fence_constraint() { e2e_ask cibadmin -Q -o constraints 2>/dev/null | grep -A4 'id="drbd-fence-by-handler-vm1-ms-vm1"'; }
has_fence_constraint() { fence_constraint >/dev/null || { echo "no drbd-fence-by-handler-vm1-ms-vm1 in the CIB"; return 1; }; }
no_fence_constraint() { ! fence_constraint >/dev/null || { echo "drbd-fence-by-handler-vm1-ms-vm1 is still in the CIB"; return 1; }; }

scenario_run() {
    local start from to allowed other
    e2e_say "The promotable clone comes up promoted on both Dom0s (promoted-max=2), DRBD Primary on both; vm1 starts after the promotion, on a Primary"
    wait_until "$E2E_SETTLE_TIMEOUT" promoted_on "node1 node2"
    wait_until "$E2E_SETTLE_TIMEOUT" guest_runs_somewhere vm1
    e2e_wait_settled node1
    [ "$(drbd_role node1)" = Primary ] && [ "$(drbd_role node2)" = Primary ] || { e2e_drbdsim show; return 1; }
    guest_on_primary
    e2e_show

    from=$(resource_location vm1)
    to=$(e2e_other_node "$from")
    e2e_say "crm_resource --move vm1 to $to: a live migration between two Primaries"
    start=$(now_ms)
    x "$from" crm_resource --move --resource vm1 --node "$to" >/dev/null
    wait_guest_on vm1 "$to" "$E2E_RECOVERY_TIMEOUT"
    e2e_measure "--move -> running on the other Primary" "$(ms_since "$start")"
    expect_live_migrated vm1 "$from" "$to" "$start"
    guest_on_primary
    x "$to" crm_resource --clear --resource vm1 >/dev/null
    e2e_wait_settled "$to"

    e2e_say "The replication link breaks: the fence-peer handler places its constraint in the CIB; vm1 stays on a Primary"
    start=$(now_ms)
    e2e_drbdsim cut vm1
    wait_until "$E2E_RECOVERY_TIMEOUT" has_fence_constraint
    e2e_measure "link cut -> constraint in the CIB" "$(ms_since "$start")"
    fence_constraint
    allowed=$(fence_constraint | sed -n 's/.*operation="ne" value="\([^"]*\)".*/\1/p' | tr '\n' ' ' | sed 's/ $//')
    [[ $allowed =~ ^node[12]$ ]] || { echo "expected one allowed node in the constraint, got [$allowed]"; return 1; }
    other=$(e2e_other_node "$allowed")
    wait_until "$E2E_RECOVERY_TIMEOUT" promoted_on "$allowed"
    e2e_wait_settled "$allowed"
    expect_holds 3 guest_on_primary
    [ "$(drbd_role "$other")" != Primary ] || { echo "$other is still DRBD Primary behind the constraint"; return 1; }
    e2e_drbdsim handlers | grep -q "fence-peer rc=4" || { e2e_drbdsim handlers; return 1; }
    e2e_show

    e2e_say "The link comes back: resync, then the unfence handler removes the constraint and $other is promoted again"
    start=$(now_ms)
    e2e_drbdsim heal vm1
    wait_until "$E2E_RECOVERY_TIMEOUT" no_fence_constraint
    e2e_measure "resync -> constraint removed" "$(ms_since "$start")"
    e2e_drbdsim handlers | grep -q "unfence-peer rc=0" || { e2e_drbdsim handlers; return 1; }
    wait_until "$E2E_RECOVERY_TIMEOUT" promoted_on "node1 node2"
    e2e_wait_settled node1
    guest_on_primary
    e2e_show
}
