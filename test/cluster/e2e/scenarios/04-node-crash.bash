# shellcheck shell=bash disable=SC2034  # scenario_* are read by lib/e2e.bash
# A Dom0 loses power: the survivor fences it through external/ssh (the plugin must conclude
# that a node which does not answer at all is off) and restarts its guests; the node boots
# again and rejoins, and the guests stay where they are.
scenario_title="node crash: fenced through external/ssh, guests restarted"
scenario_flavours="ours reference"
scenario_programs="Xen ssh"

scenario_run() {
    local victim survivor lost guest start confirmed
    e2e_target "node crash -> every guest running again" 10 0.7
    victim=$(e2e_failure_victim)
    survivor=$(e2e_other_node "$victim")
    lost=$(e2e_guests_on "$victim")
    e2e_show
    e2e_say "$victim loses power with $lost on it"
    start=$(now_ms)
    e2e_power_cut "$victim"
    wait_until "$E2E_FENCE_TIMEOUT" fenced "$victim" reboot "$start"
    confirmed=$(ms_since "$start")
    for guest in $lost; do wait_guest_on "$guest" "$survivor" "$E2E_RECOVERY_TIMEOUT"; done
    e2e_fencing_phases "$survivor" "$victim" "$start" "node crash" "$lost" "fencing confirmed=$confirmed" \
        "every guest running again=$(ms_since "$start")"
    for guest in $E2E_GUESTS; do expect_guest_on "$guest" "$survivor"; done
    e2e_show
    x "$survivor" stonith_admin --history "$victim" | sed 's/^/    /'

    e2e_say "$victim boots again and rejoins; the guests stay on $survivor"
    start=$(now_ms)
    xcluster start "$victim"
    xcluster wait 90
    e2e_measure "node boots -> online again" "$(ms_since "$start")"
    xcluster sshd "$victim" "${E2E_DOM0_SSHD:-poweroff}"
    e2e_wait_settled "$survivor"
    for guest in $E2E_GUESTS; do expect_guest_stays "$guest" "$survivor" 1; done
}
