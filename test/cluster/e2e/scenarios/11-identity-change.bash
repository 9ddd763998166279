# shellcheck shell=bash disable=SC2034  # scenario_* are read by lib/e2e.bash
# A change of `name` makes the resource another domain (one template config for several
# guests): the cluster must end with the new domain running and the old one gone, never the
# old domain left running outside the cluster's control. ocf:heartbeat:Xen has no reload, so
# Pacemaker restarts it; ours has one (xmfile and name are unique="0", as in the reference)
# and refuses it for such a change, so Pacemaker restarts it with the old parameters' stop.
scenario_title="identity change (name=): the old domain is stopped, the new one started"
scenario_flavours="ours reference"
scenario_programs="Xen ssh"

scenario_up() {
    e2e_dom0_up vm1
}

# renamed OLD NEW: Pacemaker runs the resource OLD where the pool runs domain NEW, and domain
# OLD runs nowhere.
renamed() {
    local where
    where=$(resource_location "$1") || { echo "cannot ask where $1 runs"; return 1; }
    [[ $where =~ ^[a-z0-9-]+$ ]] || { echo "Pacemaker: $1 runs on [$where]"; return 1; }
    sim_runs_on "$2" "$where" || return 1
    sim_absent "$1"
}

scenario_run() {
    local node start
    node=$(resource_location vm1)
    e2e_say "the resource vm1 is given name=vm5: its config file is now a template for domain vm5"
    start=$(now_ms)
    x "$node" crm_resource --resource vm1 --set-parameter name --parameter-value vm5 >/dev/null
    wait_until "$E2E_RECOVERY_TIMEOUT" renamed vm1 vm5
    e2e_measure "name changed -> old domain gone, new running" "$(ms_since "$start")"
    e2e_wait_settled "$node"
    expect_holds 3 renamed vm1 vm5
    e2e_show
}
