# shellcheck shell=bash disable=SC2034  # scenario_* are read by lib/e2e.bash
# A Dom0 loses its connectivity (its ping targets stop answering, the cluster network does
# not): the ping clone sets its pingd attribute to 0, the usual location rule (pingd not
# defined or <= 0: -INFINITY) bans it, and its guests live-migrate to the connected node.
# Connectivity back: nothing bounces back.
scenario_title="connectivity loss: ping clone + rule, the isolated node's guests move"
scenario_flavours="ours reference"
scenario_programs="Xen ssh ping"

# pingd_is NODE VALUE: the node attribute pingd of NODE, as the cluster has it (CIB status).
pingd_is() {
    local value
    value=$(e2e_ask crm_attribute --type status --node "$1" --name pingd --query --quiet 2>/dev/null) || true
    [ "$value" = "$2" ] || { echo "pingd on $1 is [${value}], not [$2]"; return 1; }
}

scenario_run() {
    local node victim survivor moving guest start
    e2e_say "One ping target; the ping clone on every Dom0; then the rule on every guest"
    xcluster targets 1 >/dev/null
    cib_apply node1 "$(e2e_ping_clone_xml target1)" >/dev/null
    for node in $E2E_DOM0_NODES; do wait_until "$E2E_SETTLE_TIMEOUT" pingd_is "$node" 1000; done
    for guest in $E2E_GUESTS; do cib_apply node1 "$(e2e_connectivity_rule_xml "$guest")" >/dev/null; done
    e2e_wait_settled node1
    for guest in $E2E_GUESTS; do guest_runs_somewhere "$guest" >&2; done

    victim=$(resource_location vm1)
    survivor=$(e2e_other_node "$victim")
    moving=$(e2e_guests_on "$victim")
    e2e_show
    e2e_say "$victim can no longer reach target1 (the cluster network still works): $moving move to $survivor"
    start=$(now_ms)
    xcluster isolate "$victim"
    for guest in $moving; do wait_guest_on "$guest" "$survivor" "$E2E_RECOVERY_TIMEOUT"; done
    e2e_measure "connectivity loss -> every guest running on the other Dom0" "$(ms_since "$start")"
    pingd_is "$victim" 0 >&2
    for guest in $moving; do expect_live_migrated "$guest" "$victim" "$survivor" "$start"; done
    for guest in $E2E_GUESTS; do expect_guest_on "$guest" "$survivor"; done
    expect_no_move_constraints
    e2e_show

    e2e_say "$victim reaches target1 again; the guests stay on $survivor"
    start=$(now_ms)
    xcluster unisolate "$victim"
    wait_until "$E2E_SETTLE_TIMEOUT" pingd_is "$victim" 1000
    e2e_measure "connectivity back -> pingd restored" "$(ms_since "$start")"
    e2e_wait_settled "$survivor"
    for guest in $E2E_GUESTS; do expect_guest_stays "$guest" "$survivor" 1; done
}
