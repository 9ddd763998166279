# shellcheck shell=bash disable=SC2034  # scenario_* are read by lib/e2e.bash
# The maintenance procedure: put a Dom0 in standby and every guest on it live-migrates away;
# bring it back online and nothing bounces back (resource-stickiness).
scenario_title="node standby: guests migrate away, none bounce back"
scenario_flavours="ours reference"
scenario_programs="Xen ssh"

scenario_run() {
    local node other moving guest start
    node=$(resource_location vm1)
    other=$(e2e_other_node "$node")
    moving=$(e2e_guests_on "$node")
    e2e_show
    e2e_say "crm_attribute --node $node --name standby --update on: $moving live-migrate to $other"
    start=$(now_ms)
    x "$other" crm_attribute --node "$node" --name standby --update on >/dev/null
    for guest in $moving; do wait_guest_on "$guest" "$other" "$E2E_RECOVERY_TIMEOUT"; done
    e2e_measure "standby -> every guest running on the other Dom0" "$(ms_since "$start")"
    for guest in $moving; do expect_live_migrated "$guest" "$node" "$other" "$start"; done
    for guest in $E2E_GUESTS; do expect_guest_on "$guest" "$other"; done
    [ -z "$(sim_guests_on "$node")" ] || { echo "expected: no domain left on $node: $(sim_guests_on "$node")" >&2; return 1; }
    e2e_show

    e2e_say "crm_attribute --node $node --name standby --update off: $node is back, the guests stay on $other"
    x "$other" crm_attribute --node "$node" --name standby --update off >/dev/null
    e2e_wait_settled "$other"
    for guest in $E2E_GUESTS; do expect_guest_stays "$guest" "$other" 1; done
    expect_guest_stays vm1 "$other" 3
    e2e_show
}
