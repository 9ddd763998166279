# shellcheck shell=bash disable=SC2034  # scenario_* are read by lib/e2e.bash
# Guests start and are monitored where Pacemaker says; crm_resource --move live-migrates a
# guest (migrate_to + migrate_from, never stop + start), --clear removes the constraint and the
# guest stays where it is.
scenario_title="live migration: start, monitor, --move, --clear"
scenario_flavours="ours reference"
scenario_programs="Xen ssh"

scenario_run() {
    local guest node from to start
    e2e_say "Every guest was started by the cluster and is monitored; each runs on the Dom0 Pacemaker says, and only there"
    for guest in $E2E_GUESTS; do
        node=$(resource_location "$guest")
        expect_guest_on "$guest" "$node"
        expect_op "$guest" "$node" start
        expect_op "$guest" "$node" monitor
    done
    e2e_show

    from=$(resource_location vm1)
    to=$(e2e_other_node "$from")
    e2e_say "crm_resource --move --resource vm1 --node $to: a live migration $from -> $to"
    start=$(now_ms)
    x "$from" crm_resource --move --resource vm1 --node "$to" >/dev/null
    wait_guest_on vm1 "$to" "$E2E_RECOVERY_TIMEOUT"
    e2e_measure "--move -> running on the other Dom0" "$(ms_since "$start")"
    expect_live_migrated vm1 "$from" "$to" "$start"
    expect_constraint cli-prefer-vm1
    e2e_show

    e2e_say "crm_resource --clear: the constraint goes, vm1 stays on $to (resource-stickiness)"
    x "$to" crm_resource --clear --resource vm1 >/dev/null
    expect_no_move_constraints
    e2e_wait_settled "$to"
    expect_guest_stays vm1 "$to" 3
}
