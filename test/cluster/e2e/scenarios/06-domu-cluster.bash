# shellcheck shell=bash disable=SC2034  # scenario_* are read by lib/e2e.bash
# A DomU cluster inside the Dom0 cluster (the DomUClusters setup): its nodes are the guests
# vm1 and vm2, and it fences a member with external/xen0-ha, which asks the Dom0 cluster
# (over ssh, through /usr/lib/xenha/xen0-ha-helper) to stop that guest's Xen resource. The
# Dom0 cluster stops the guest and, target-role being Stopped, does not restart it while it is
# fenced off; the plugin's "on" starts it again.
scenario_title="DomU cluster fences a member through the Dom0 cluster (xen0-ha)"
scenario_flavours="ours"
scenario_programs="Xen ssh xen0-ha xen0-ha-helper"

# Two clusters: the Dom0 one (whose sshd runs what the DomUs send: the helper) and the DomU
# one, connected (routes, /etc/hosts, ssh trust both ways).
scenario_up() {
    local dom0_base
    E2E_DOM0_SSHD="exec" e2e_dom0_up vm1 vm2
    dom0_base=$XC_BASE
    e2e_up_cluster domu vm1 vm2
    xcluster connect "$dom0_base"
    x vm1 crm_attribute --type crm_config --name stonith-action --update off >/dev/null
    cib_apply vm1 "$(e2e_xen0ha_fence_xml fence-dom0 "vm1 vm2" node1)" >/dev/null
    x vm1 crm_attribute --type crm_config --name stonith-enabled --update true >/dev/null
    wait_until "$E2E_SETTLE_TIMEOUT" resource_location fence-dom0 >/dev/null
    e2e_wait_settled vm1
    e2e_cluster dom0
}

# in_cluster NAME CMD...: CMD with cluster NAME selected (the caller's selection unchanged).
in_cluster() { ( e2e_cluster "$1" && shift && "$@" ); }

# target_role_is GUEST ROLE: the Dom0 resource's target-role meta attribute.
target_role_is() {
    local role
    role=$(e2e_ask crm_resource --resource "$1" --meta --get-parameter target-role --quiet 2>/dev/null) || role=""
    [ "$role" = "$2" ] || { echo "target-role of $1 is [$role], not [$2]"; return 1; }
}

scenario_run() {
    local start dom0_node
    dom0_node=$(resource_location vm1)
    e2e_say "DomU cluster vm1 + vm2 runs inside guests vm1 and vm2 of the Dom0 cluster"
    in_cluster domu e2e_show

    e2e_say "DomU vm1 loses its network; DomU vm2 fences it: xen0-ha asks the Dom0 cluster to stop guest vm1"
    start=$(now_ms)
    in_cluster domu xcluster linkdown vm1
    wait_until "$E2E_RECOVERY_TIMEOUT" guest_stopped vm1
    # the guest's domain is gone, so is the DomU node running in it
    in_cluster domu xcluster crash vm1
    wait_until "$E2E_RECOVERY_TIMEOUT" in_cluster domu fenced vm1 off "$start"
    e2e_measure "DomU lost -> fenced (guest stopped by the Dom0 cluster)" "$(ms_since "$start")"
    target_role_is vm1 Stopped >&2
    expect_guest_on vm2 "$(resource_location vm2)"
    e2e_show
    in_cluster domu e2e_ask stonith_admin --history vm1 | sed 's/^/    /'

    e2e_say "While fenced off, the Dom0 cluster does not restart vm1"
    expect_guest_stays vm1 "" 10

    e2e_say "The DomU cluster's device powers vm1 on again: the Dom0 cluster starts the guest"
    start=$(now_ms)
    in_cluster domu e2e_ask stonith -t external/xen0-ha hostlist="vm1 vm2" dom0_cluster_ip=node1 stop_timeout=30 -T on vm1
    wait_until "$E2E_RECOVERY_TIMEOUT" guest_runs_somewhere vm1
    e2e_measure "on -> guest running again" "$(ms_since "$start")"
    target_role_is vm1 Started >&2
    in_cluster domu xcluster start vm1
    in_cluster domu xcluster wait 90
    e2e_show
    in_cluster domu e2e_show
}
