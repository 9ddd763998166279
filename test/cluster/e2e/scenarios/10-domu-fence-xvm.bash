# shellcheck shell=bash disable=SC2034  # scenario_* are read by lib/e2e.bash
# A DomU cluster inside the Dom0 cluster fences a member with the stock fence_xvm
# (stonith:fence_xvm, Debian's fence-virt), answered by xenha-fence-virtd on the Dom0s: the
# daemon on the Dom0 that runs the guest has the Dom0 cluster stop and start its Xen resource.
# The Dom0 cluster stays in charge: a guest fenced off is not restarted.
scenario_title="DomU cluster fences a member with fence_xvm, answered by the Dom0 cluster (xenha-fence-virtd)"
scenario_flavours="ours"
scenario_programs="Xen ssh xenha-fence-virtd"

# The shared key and the daemons' configuration, in the Dom0 cluster's state dir (the DomU
# nodes get their copy of the key in theirs, as an admin copies it into each guest).
fence_xvm_setup_dom0() {
    head -c 512 /dev/urandom > "$XC_BASE/fence_xvm.key"
    chmod 600 "$XC_BASE/fence_xvm.key"
    cat > "$XC_BASE/fence_virt.conf" <<CONF
fence_virtd { listener = "multicast"; backend = "xenha"; }
listeners { multicast { key_file = "$XC_BASE/fence_xvm.key"; interface = "eth0"; } }
backends { xenha { timeout = "25"; } }
CONF
    local node
    for node in $E2E_DOM0_NODES; do
        # The installed daemon, in the node's namespaces; it dies with the node.
        x "$node" env HA_LOGFILE="$(xcluster path logs "$node")/fence-virtd.log" HA_LOGFACILITY=none \
            "$XC_BASE/install/usr/sbin/xenha-fence-virtd" -F -f "$XC_BASE/fence_virt.conf" >/dev/null 2>&1 3>&- &
    done
    for node in $E2E_DOM0_NODES; do
        wait_until 30 grep -q 'listening on' "$(xcluster path logs "$node")/fence-virtd.log"
    done
}

fence_xvm_xml() {
    local id=$1 key=$2
    cat <<XML
<primitive id="$id" class="stonith" type="fence_xvm">
  <instance_attributes id="$id-ia">$(nvpairs "$id" "key_file=$key" "pcmk_host_list=vm1 vm2" timeout=40)</instance_attributes>
  <operations><op id="$id-monitor" name="monitor" interval="60s" timeout="60s"/></operations>
</primitive>
XML
}

scenario_up() {
    local dom0_base node
    E2E_DOM0_SSHD="poweroff" e2e_dom0_up vm1 vm2
    dom0_base=$XC_BASE
    fence_xvm_setup_dom0
    e2e_up_cluster domu vm1 vm2
    xcluster connect "$dom0_base"
    cp "$dom0_base/fence_xvm.key" "$XC_BASE/fence_xvm.key"
    echo "$XC_BASE/fence_xvm.key" > "$dom0_base/domu-key"
    for node in vm1 vm2; do x "$node" ip route add 224.0.0.0/4 dev eth0; done
    x vm1 crm_attribute --type crm_config --name stonith-action --update reboot >/dev/null
    cib_apply vm1 "$(fence_xvm_xml fence-xvm "$XC_BASE/fence_xvm.key")" >/dev/null
    x vm1 crm_attribute --type crm_config --name stonith-enabled --update true >/dev/null
    wait_until "$E2E_SETTLE_TIMEOUT" resource_location fence-xvm >/dev/null
    e2e_wait_settled vm1
    e2e_cluster dom0
}

in_cluster() { ( e2e_cluster "$1" && shift && "$@" ); }

node_off() { [[ " $(running_nodes | tr '\n' ' ') " != *" $1 "* ]]; }

target_role_is() {
    local role
    role=$(e2e_ask crm_resource --resource "$1" --meta --get-parameter target-role --quiet 2>/dev/null) || role=""
    [ "$role" = "$2" ] || { echo "target-role of $1 is [$role], not [$2]"; return 1; }
}

# The Dom0 nodes whose daemon answered "ACTION GUEST" since START_MS (log lines carry no ms:
# the daemon's own log, read whole, filtered by action and guest after the mark).
answered_by() {
    local node log
    for node in $E2E_DOM0_NODES; do
        log="$(xcluster path logs "$node")/fence-virtd.log"
        tail -n +"$(($(cat "$XC_BASE/mark-$node" 2>/dev/null || echo 0) + 1))" "$log" | grep -q "$1 $2 .*: answering$" && echo "$node"
    done
    return 0
}
mark_daemon_logs() {
    local node
    for node in $E2E_DOM0_NODES; do wc -l < "$(xcluster path logs "$node")/fence-virtd.log" > "$XC_BASE/mark-$node"; done
}

scenario_run() {
    local start dom0_node before answered
    dom0_node=$(resource_location vm2)
    before=$(sim_domid vm2)
    e2e_say "DomU cluster vm1 + vm2 runs inside guests vm1 and vm2 of the Dom0 cluster; its fence device is stonith:fence_xvm"
    in_cluster domu e2e_show

    e2e_say "The DomU cluster reboots its member vm2: fence_xvm multicasts, xenha-fence-virtd on $dom0_node (where vm2 runs) answers"
    mark_daemon_logs
    start=$(now_ms)
    in_cluster domu e2e_ask stonith_admin --reboot vm2 --timeout 90
    e2e_measure "stonith_admin --reboot vm2 (fence_xvm -> xenha-fence-virtd -> Dom0 cluster)" "$(ms_since "$start")"
    in_cluster domu expect_fenced vm2 reboot "$start"
    wait_until "$E2E_RECOVERY_TIMEOUT" guest_runs_somewhere vm2
    [ "$(sim_domid vm2)" -gt "$before" ] || { echo "expected: vm2 a new domain (was $before, now $(sim_domid vm2))" >&2; return 1; }
    answered=$(answered_by reboot vm2)
    [ "$answered" = "$dom0_node" ] || { echo "expected: only $dom0_node answered; answered: [${answered//$'\n'/ }]" >&2; return 1; }
    target_role_is vm2 Started >&2
    in_cluster domu e2e_ask stonith_admin --history vm2 | sed 's/^/    /'
    # The DomU node vm2 was told it was fenced and left its cluster: boot it again.
    wait_until "$E2E_RECOVERY_TIMEOUT" in_cluster domu node_off vm2
    in_cluster domu xcluster start vm2
    in_cluster domu xcluster wait 90

    e2e_say "The DomU cluster fences vm1 off (stonith_admin --fence): the Dom0 cluster stops guest vm1 and keeps it stopped"
    mark_daemon_logs
    start=$(now_ms)
    in_cluster domu x vm2 stonith_admin --fence vm1 --timeout 90
    e2e_measure "stonith_admin --fence vm1 (off)" "$(ms_since "$start")"
    expect_guest_stopped vm1
    target_role_is vm1 Stopped >&2
    # The DomU node in the stopped guest is gone with it (Pacemaker there learnt it was fenced).
    in_cluster domu xcluster crash vm1 >/dev/null 2>&1 || true
    e2e_say "While fenced off, the Dom0 cluster does not restart vm1"
    expect_guest_stays vm1 "" 10

    e2e_say "fence_xvm -o on from DomU vm2: the Dom0 cluster starts guest vm1 again"
    start=$(now_ms)
    in_cluster domu x vm2 fence_xvm -o on -H vm1 -k "$(cat "$XC_BASE/domu-key")" -t 40
    wait_until "$E2E_RECOVERY_TIMEOUT" guest_runs_somewhere vm1
    e2e_measure "fence_xvm -o on -> guest running again" "$(ms_since "$start")"
    target_role_is vm1 Started >&2
    in_cluster domu xcluster start vm1
    in_cluster domu xcluster wait 90
    e2e_show
    in_cluster domu e2e_show
}
