#!/usr/bin/env bats
# xenha-fence-virtd with its real backend: a two-node Dom0 cluster (real Corosync + Pacemaker,
# dom0a and dom0b) runs the guests vm1 and vm2 as ocf:xenha:Xen resources on the Xen
# simulator, and the daemon on both nodes. Debian's fence_xvm, run from a "guest" network
# namespace on the cluster's bridge (the harness's ping target), fences the guests: the
# simulator, the CIB and the daemons' logs show the effect, one Dom0 answers each request, and
# the Dom0 cluster does not restart a guest fenced off. Needs root, the Xen agent and the
# daemon built.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/lib/cluster"

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-180}

setup_file() {
    cluster_require_root
    command -v fence_xvm >/dev/null || skip "fence_xvm is not installed (Debian package fence-virt)"
    local program
    for program in ocf/Xen sbin/xenha-fence-virtd; do
        [ -x "$DIST/$program" ] || skip "build $program first (node build/bundle.mjs)"
    done
    export FV_DIR="$BATS_FILE_TMPDIR/fv"
    mkdir -p "$FV_DIR/xen"
    local guest node
    for guest in vm1 vm2; do
        printf 'name = "%s"\nmemory = 256\nvcpus = 1\n' "$guest" > "$FV_DIR/xen/$guest.cfg"
    done
    head -c 512 /dev/urandom > "$FV_DIR/fence_xvm.key"
    chmod 600 "$FV_DIR/fence_xvm.key"
    cat > "$FV_DIR/fence_virt.conf" <<CONF
fence_virtd { listener = "multicast"; backend = "xenha"; }
listeners { multicast { key_file = "$FV_DIR/fence_xvm.key"; interface = "eth0"; } }
backends { xenha { timeout = "40"; } }
CONF

    local start; start=$(now_ms)
    cluster_use fence-virtd
    xcluster up dom0a dom0b
    xcluster targets 1
    xcluster wait 60
    XENSIM_STATE="$XC_BASE/xensim" "$SIM_DIR/xen/xensim" init --force >/dev/null
    XENSIM_STATE="$XC_BASE/xensim" "$SIM_DIR/xen/xensim" host add dom0a >/dev/null
    XENSIM_STATE="$XC_BASE/xensim" "$SIM_DIR/xen/xensim" host add dom0b >/dev/null
    for guest in vm1 vm2; do
        cib_apply dom0a "<primitive id=\"$guest\" class=\"ocf\" provider=\"xenha\" type=\"Xen\">
            <instance_attributes id=\"$guest-ia\">
              <nvpair id=\"$guest-xmfile\" name=\"xmfile\" value=\"$FV_DIR/xen/$guest.cfg\"/>
              <nvpair id=\"$guest-st\" name=\"shutdown_timeout\" value=\"0\"/>
            </instance_attributes>
            <meta_attributes id=\"$guest-meta\"><nvpair id=\"$guest-tr\" name=\"target-role\" value=\"Started\"/></meta_attributes>
            <operations>
              <op id=\"$guest-mon\" name=\"monitor\" interval=\"5s\" timeout=\"30s\"/>
              <op id=\"$guest-stop\" name=\"stop\" interval=\"0\" timeout=\"30s\"/>
            </operations></primitive>"
    done
    # One guest per Dom0, so that each node has a request to answer.
    cib_apply dom0a '<rsc_location id="vm1-on-a" rsc="vm1" node="dom0a" score="100"/>'
    cib_apply dom0a '<rsc_location id="vm2-on-b" rsc="vm2" node="dom0b" score="100"/>'
    wait_until 60 guest_running vm1 dom0a
    wait_until 60 guest_running vm2 dom0b
    for node in dom0a dom0b; do
        x "$node" env HA_LOGFILE="$FV_DIR/daemon-$node.log" HA_DEBUGLOG="$FV_DIR/daemon-$node.log" \
            "$DIST/sbin/xenha-fence-virtd" -F -d 1 -f "$FV_DIR/fence_virt.conf" >/dev/null 2>&1 3>&- &
    done
    for node in dom0a dom0b; do
        wait_until 20 grep -q 'listening on' "$FV_DIR/daemon-$node.log"
    done
    # The guest's namespace: fence_xvm multicasts on the route to 224.0.0.0/4.
    in_guest ip route add 224.0.0.0/4 dev eth0
    record_timing "Dom0 cluster with 2 guests and 2 daemons ready" "$(ms_since "$start")"
}

teardown() {
    cluster_logs_on_failure
    if [ "$BATS_TEST_COMPLETED" != 1 ]; then
        local node
        for node in dom0a dom0b; do
            echo "# $node daemon log:" >&3
            tail -n 30 "$FV_DIR/daemon-$node.log" | sed 's/^/#   /' >&3
        done
    fi
}

teardown_file() { xcluster down; }

in_guest() { nsenter --net="$XC_BASE/netns/target-1" "$@"; }
xvm() { in_guest timeout 90 fence_xvm -k "$FV_DIR/fence_xvm.key" -t 45 "$@"; }
# The guest's domain id on whichever Dom0 has it (the simulator's xl lists the local host's).
domid() {
    local node
    for node in dom0a dom0b; do x "$node" xl list "$1" 2>/dev/null | awk 'NR == 2 { print $2 }'; done
}
# The simulator's own record of the guest on either host ("HOST: xl list line"), empty if none.
sim_host() {
    local host
    for host in dom0a dom0b; do
        XENSIM_STATE="$XC_BASE/xensim" "$SIM_DIR/xen/xensim" list --host "$host" | awk -v g="$1" -v h="$host" '$1 == g { print h ": " $0 }'
    done
}
located() { x dom0a crm_resource --resource "$1" --locate 2>&1; }
guest_running() { [ -n "$(domid "$1")" ] && located "$1" | grep -q "is running on: ${2:-}"; }
guest_stopped() { [ -z "$(domid "$1")" ] && located "$1" | grep -q "is NOT running"; }
target_role() { x dom0a crm_resource --resource "$1" --meta --get-parameter target-role --quiet; }

# Lines of both daemon logs written since mark_logs, prefixed with the node.
mark_logs() {
    local node
    for node in dom0a dom0b; do wc -l < "$FV_DIR/daemon-$node.log" > "$FV_DIR/mark-$node"; done
}
logs_since_mark() {
    local node
    for node in dom0a dom0b; do
        tail -n +"$(($(cat "$FV_DIR/mark-$node") + 1))" "$FV_DIR/daemon-$node.log" | sed "s/^/$node: /"
    done
}
# The node(s) that answered requests since the mark.
answered_by() { logs_since_mark | grep ': answering$' | cut -d: -f1 | sort -u | tr '\n' ' ' | sed 's/ $//'; }

setup() {
    local guest
    for guest in vm1 vm2; do
        if [ "$(target_role "$guest")" != Started ]; then
            x dom0a crm_resource --resource "$guest" --meta --set-parameter target-role --parameter-value Started
        fi
    done
    wait_until 60 guest_running vm1 dom0a
    wait_until 60 guest_running vm2 dom0b
    mark_logs
}

@test "fence_xvm -o list from the guest network: both guests, answered by the DC alone" {
    run xvm -o list
    assert_success
    assert_line --regexp '^vm1 +vm1 on$'
    assert_line --regexp '^vm2 +vm2 on$'
    local dc
    dc=$(x dom0a crm_mon -1 --output-as=xml | sed -n 's/.*current_dc present="true".* name="\([^"]*\)".*/\1/p')
    assert_equal "$(answered_by)" "$dc"
}

@test "fence_xvm -o status: answered by the Dom0 that runs the guest" {
    run xvm -o status -H vm2
    assert_success
    assert_output "Status: ON"
    assert_equal "$(answered_by)" dom0b
    mark_logs
    run xvm -o status -H vm1
    assert_success
    assert_equal "$(answered_by)" dom0a
}

@test "fence_xvm -o off vm1: the Dom0 cluster stops it (simulator and CIB agree), does not restart it; -o on starts it" {
    local start
    start=$(now_ms)
    run xvm -o off -H vm1
    assert_success
    record_timing "fence_xvm -o off vm1 (real Dom0 cluster)" "$(ms_since "$start")"
    # success was answered only once the cluster reported it stopped everywhere
    guest_stopped vm1
    run sim_host vm1
    assert_output ""
    assert_equal "$(target_role vm1)" Stopped
    assert_equal "$(answered_by)" dom0a
    run logs_since_mark
    assert_output --partial "off vm1: done, stopped"
    # Two monitor intervals later it is still stopped: the Dom0 cluster knows it was fenced.
    sleep 11
    guest_stopped vm1
    run x dom0a crm_mon -1
    refute_output --partial "Failed"
    # A guest that runs nowhere: the DC answers status (OFF), list, and on.
    local dc
    dc=$(x dom0a crm_mon -1 --output-as=xml | sed -n 's/.*current_dc present="true".* name="\([^"]*\)".*/\1/p')
    mark_logs
    run xvm -o status -H vm1
    assert_equal "$status" 2
    assert_output "Status: OFF"
    run xvm -o list
    assert_line --regexp '^vm1 +vm1 off$'
    start=$(now_ms)
    run xvm -o on -H vm1
    assert_success
    record_timing "fence_xvm -o on vm1 (real Dom0 cluster)" "$(ms_since "$start")"
    guest_running vm1
    assert_equal "$(target_role vm1)" Started
    assert_equal "$(answered_by)" "$dc"
}

@test "fence_xvm -o reboot vm2: destroyed and created again (new domain id), vm1 untouched" {
    local before before_vm1 start
    before=$(domid vm2)
    before_vm1=$(domid vm1)
    start=$(now_ms)
    run xvm -o reboot -H vm2
    assert_success
    record_timing "fence_xvm -o reboot vm2 (real Dom0 cluster)" "$(ms_since "$start")"
    wait_until 30 guest_running vm2
    [ "$(domid vm2)" -gt "$before" ]
    assert_equal "$(domid vm1)" "$before_vm1"
    assert_equal "$(target_role vm2)" Started
    assert_equal "$(answered_by)" dom0b
}

@test "unknown domain: refused with a failure answer by the DC, nothing changed" {
    run xvm -o off -H vm9
    assert_failure 1
    assert_output --partial "Operation failed"
    run logs_since_mark
    assert_output --partial "refusing off: unknown domain vm9: the Dom0 cluster has no resource vm9"
    guest_running vm1 dom0a
    guest_running vm2 dom0b
}
