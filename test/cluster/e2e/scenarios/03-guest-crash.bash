# shellcheck shell=bash disable=SC2034  # scenario_* are read by lib/e2e.bash
# A guest that crashes is noticed by the monitor and restarted by the cluster, whether the
# crashed domain stays listed (on_crash="preserve", state ---sc-) or is gone (on_crash=
# "destroy"); a guest that ignores the shutdown request is destroyed within the stop timeout.
scenario_title="guest crash: restarted; a guest ignoring shutdown is destroyed in time"
scenario_flavours="ours reference"
scenario_programs="Xen ssh"

# guest_restarted GUEST NODE OLD_DOMID: running on NODE again, as a new domain.
guest_restarted() {
    guest_runs_on "$1" "$2" || return 1
    [ "$(sim_domid "$1")" != "$3" ] || { echo "$1 still has domid $3"; return 1; }
}

# guest_left_crashed GUEST NODE: the domain is still crashed and Pacemaker still reports it
# running on NODE, with no failure.
guest_left_crashed() {
    [ "$(sim_state "$1")" = ---sc- ] || { echo "simulator: $1 is $(sim_state "$1"), not ---sc-"; return 1; }
    [ "$(resource_location "$1")" = "$2" ] || { echo "Pacemaker: $1 is no longer on $2"; return 1; }
    [ -z "$(lrm_ops "$1" "$2" | awk -v id="${1}_last_failure_0" '$6 == id')" ] || { echo "the cluster recorded a failure of $1"; return 1; }
}

# expect_failure_recorded GUEST NODE OPERATION SINCE_MS: the cluster saw OPERATION fail.
expect_failure_recorded() {
    local failure
    failure=$(lrm_ops "$1" "$2" | awk -v id="${1}_last_failure_0" -v op="$3" -v since=$(($4 / 1000 - 1)) '$6 == id && $1 == op && $5 >= since')
    [ -n "$failure" ] || { echo "expected: a failed $3 of $1 on $2 in the operation history" >&2; return 1; }
}

# clear_failure_after_recovery GUEST NODE: once the recovery is over, clear the recorded failure
# as an administrator would; the guest is not restarted again. --refresh, not --cleanup: after
# earlier migrations (the demo runs this after 01 and 02), --cleanup forgets the failed node's
# history only, Pacemaker then takes the old migrate_to left on the other node for an
# unfinished migration and restarts the guest ("can no longer migrate").
clear_failure_after_recovery() {
    local domid; domid=$(sim_domid "$1")
    e2e_wait_settled "$2"
    x "$2" crm_resource --refresh --resource "$1" >/dev/null
    e2e_wait_settled "$2"
    expect_holds 2 guest_is_domain "$1" "$2" "$domid"
}

# guest_is_domain GUEST NODE DOMID: running on NODE, still as domain DOMID (not restarted).
guest_is_domain() {
    guest_runs_on "$1" "$2" || return 1
    [ "$(sim_domid "$1")" = "$3" ] || { echo "$1 was restarted again: domid $(sim_domid "$1"), was $3"; return 1; }
}

scenario_run() {
    local node domid start calls exec_ms

    node=$(resource_location vm1); domid=$(sim_domid vm1)
    e2e_say "vm1 crashes on $node and its domain stays listed as crashed (on_crash=\"preserve\", xl state ---sc-)"
    start=$(now_ms)
    e2e_xensim crash vm1 >/dev/null
    if e2e_known_gap reference "ocf:heartbeat:Xen counts a crashed domain (---sc-) as running: xl list exits 0 for it, so the cluster never notices the crash"; then
        expect_holds 12 guest_left_crashed vm1 "$node"
        e2e_say "the administrator destroys the crashed domain; the monitor then sees it gone"
        e2e_xensim destroy vm1 >/dev/null
        wait_until "$E2E_RECOVERY_TIMEOUT" guest_restarted vm1 "$node" "$domid"
    else
        wait_until "$E2E_RECOVERY_TIMEOUT" guest_restarted vm1 "$node" "$domid"
        e2e_measure "guest crash (---sc-) -> running again" "$(ms_since "$start")"
        expect_failure_recorded vm1 "$node" monitor "$start"
    fi
    e2e_show
    clear_failure_after_recovery vm1 "$node"

    node=$(resource_location vm2); domid=$(sim_domid vm2)
    e2e_say "vm2 crashes on $node and its domain is gone (on_crash=\"destroy\", the default)"
    start=$(now_ms)
    e2e_xensim destroy vm2 >/dev/null
    wait_until "$E2E_RECOVERY_TIMEOUT" guest_restarted vm2 "$node" "$domid"
    e2e_measure "guest crash (domain gone) -> running again" "$(ms_since "$start")"
    expect_failure_recorded vm2 "$node" monitor "$start"
    clear_failure_after_recovery vm2 "$node"

    node=$(resource_location vm3)
    e2e_say "vm3 ignores shutdown requests; the cluster stops it (stop timeout 15 s)"
    e2e_xensim fault ignore-shutdown vm3 >/dev/null
    start=$(now_ms)
    x "$node" crm_resource --resource vm3 --meta --set-parameter target-role --parameter-value Stopped >/dev/null
    wait_until "$E2E_RECOVERY_TIMEOUT" guest_stopped vm3
    e2e_measure "stop of a guest that ignores shutdown" "$(ms_since "$start")"
    expect_op vm3 "$node" stop
    exec_ms=$(lrm_ops vm3 "$node" | awk '$6 == "vm3_last_0" { print $4 }')
    [ "${exec_ms:-99999}" -lt 15000 ] || { echo "expected: stop of vm3 within its 15 s timeout; it took ${exec_ms:-?} ms" >&2; return 1; }
    calls=$(sim_calls_since "$start" vm3)
    if ! grep -Eq "^$node x[lm] (shutdown|trigger) " <<< "$calls" || ! grep -Eq "^$node x[lm] destroy " <<< "$calls"; then
        echo "expected: an orderly shutdown request, then destroy of vm3 on $node; calls: $calls" >&2
        return 1
    fi
    e2e_show
    e2e_xensim clear ignore-shutdown vm3 >/dev/null
    x "$node" crm_resource --resource vm3 --meta --set-parameter target-role --parameter-value Started >/dev/null
    wait_until "$E2E_RECOVERY_TIMEOUT" guest_runs_somewhere vm3
}
