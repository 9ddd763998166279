#!/usr/bin/env bats
# external/xen0-ha and fence_xenha_xen0ha for real: a one-node Dom0 cluster ("dom0a") runs the
# guests vm1 and vm2 as ocf:xenha:Xen resources on the Xen simulator; the DomU cluster (nodes
# vm1 and vm2) fences them over real ssh through /usr/lib/xenha/xen0-ha-helper on the Dom0,
# with the stonith CLI and with stonith_admin. Needs root, and the Xen agent built.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/lib/cluster"

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-240}

setup_file() {
    cluster_require_root
    local program
    for program in ocf/Xen stonith/xen0-ha helper/xen0-ha-helper stonith/ssh; do
        [ -x "$DIST/$program" ] || skip "build $program first (node build/bundle.mjs)"
    done
    export GUEST_DIR="$BATS_FILE_TMPDIR/xen"
    mkdir -p "$GUEST_DIR"
    local guest
    for guest in vm1 vm2; do
        printf 'name = "%s"\nmemory = 256\nvcpus = 1\n' "$guest" > "$GUEST_DIR/$guest.cfg"
    done

    local start; start=$(now_ms)
    cluster_use domu
    export DOMU_BASE=$XC_BASE
    xcluster up vm1 vm2
    cluster_use dom0
    export DOM0_BASE=$XC_BASE
    xcluster up dom0a
    xcluster wait 60
    xcluster connect "$DOMU_BASE"
    xcluster sshd dom0a exec
    XENSIM_STATE="$XC_BASE/xensim" "$SIM_DIR/xen/xensim" init --force >/dev/null
    XENSIM_STATE="$XC_BASE/xensim" "$SIM_DIR/xen/xensim" host add dom0a >/dev/null
    for guest in vm1 vm2; do
        cib_apply dom0a "<primitive id=\"$guest\" class=\"ocf\" provider=\"xenha\" type=\"Xen\">
            <instance_attributes id=\"$guest-ia\">
              <nvpair id=\"$guest-xmfile\" name=\"xmfile\" value=\"$GUEST_DIR/$guest.cfg\"/>
              <nvpair id=\"$guest-st\" name=\"shutdown_timeout\" value=\"0\"/>
            </instance_attributes>
            <meta_attributes id=\"$guest-meta\"><nvpair id=\"$guest-tr\" name=\"target-role\" value=\"Started\"/></meta_attributes>
            <operations>
              <op id=\"$guest-mon\" name=\"monitor\" interval=\"5s\" timeout=\"30s\"/>
              <op id=\"$guest-stop\" name=\"stop\" interval=\"0\" timeout=\"30s\"/>
            </operations></primitive>"
    done
    wait_until 60 guest_running vm1
    wait_until 60 guest_running vm2
    cluster_use domu
    xcluster wait 60
    record_timing "Dom0 cluster with 2 guests + DomU cluster ready" "$(ms_since "$start")"
}

teardown() {
    cluster_use domu
    cluster_logs_on_failure
    cluster_use dom0
    cluster_logs_on_failure
}

teardown_file() {
    cluster_use domu && xcluster down
    cluster_use dom0 && xcluster down
}

# ---- the Dom0 side, asked from the host ----------------------------------------------------

in_dom0() { (cluster_use dom0 && x dom0a "$@"); }
in_domu() { (cluster_use domu && x "$@"); }

# The guest's domain id in the simulator, empty when it has no domain.
domid() { in_dom0 xl list "$1" 2>/dev/null | awk 'NR == 2 { print $2 }'; }

# Running in the simulator, and Pacemaker in the Dom0 says so.
guest_running() {
    [ -n "$(domid "$1")" ] && in_dom0 crm_resource --resource "$1" --locate 2>/dev/null | grep -q "is running on: dom0a"
}

guest_stopped() {
    [ -z "$(domid "$1")" ] && in_dom0 crm_resource --resource "$1" --locate 2>&1 | grep -q "is NOT running"
}

target_role() { in_dom0 crm_resource --resource "$1" --meta --get-parameter target-role --quiet; }

# The simulator's toolstack calls naming GUEST made after START_MS.
sim_calls_since() {
    XENSIM_STATE="$DOM0_BASE/xensim" "$SIM_DIR/xen/xensim" calls | awk -v since="$1" -v g="$2" '
        { split($1, t, "."); ms = t[1] * 1000 + int(substr(t[2] "000", 1, 3)) }
        ms >= since && index($0, g) { $1 = ""; print }'
}

node_off() { [[ " $(running_nodes | tr '\n' ' ') " != *" $1 "* ]]; }

# Both guests running with target-role Started; both DomU nodes in their cluster.
setup() {
    local guest
    for guest in vm1 vm2; do
        if ! guest_running "$guest" || [ "$(target_role "$guest")" != Started ]; then
            in_dom0 crm_resource --resource "$guest" --meta --set-parameter target-role --parameter-value Started
            in_dom0 crm_resource --resource "$guest" --meta --set-parameter is-managed --parameter-value true
            wait_until 60 guest_running "$guest"
        fi
    done
    cluster_use domu
    local node
    for node in vm1 vm2; do
        if node_off "$node"; then xcluster start "$node"; fi
    done
    xcluster wait 60
}

XEN0HA=(hostlist="vm1 vm2 vm3" dom0_cluster_ip=dom0a stop_timeout=20)

@test "stonith -T reset vm2 over real ssh: the Dom0 cluster stops and restarts the domain" {
    local before start elapsed
    before=$(domid vm2)
    start=$(now_ms)
    run in_domu vm1 stonith -t external/xen0-ha "${XEN0HA[@]}" -T reset vm2
    elapsed=$(ms_since "$start")
    assert_success
    record_timing "stonith -T reset vm2 (xen0-ha, real Dom0 cluster)" "$elapsed"
    guest_running vm2
    [ "$(domid vm2)" -gt "$before" ]
    assert_equal "$(target_role vm2)" Started
    run sim_calls_since "$start" vm2
    assert_output --partial "destroy vm2"
    assert_output --partial "create $GUEST_DIR/vm2.cfg"
    # vm1 was not touched
    run sim_calls_since "$start" vm1
    refute_output --partial destroy
}

@test "stonith -T off vm1: stopped, and the Dom0 cluster does not start it again" {
    local start
    start=$(now_ms)
    run in_domu vm2 stonith -t external/xen0-ha "${XEN0HA[@]}" -T off vm1
    assert_success
    record_timing "stonith -T off vm1" "$(ms_since "$start")"
    guest_stopped vm1
    assert_equal "$(target_role vm1)" Stopped
    # Three monitor intervals later it is still stopped: the Dom0 cluster knows it was fenced.
    sleep 15
    guest_stopped vm1
    run in_dom0 crm_mon -1
    refute_output --partial "Failed"

    run in_domu vm2 stonith -t external/xen0-ha "${XEN0HA[@]}" -T on vm1
    assert_success
    guest_running vm1
}

@test "stonith_admin --reboot vm2 in the DomU cluster (stonith:external/xen0-ha)" {
    cluster_use domu
    cib_apply vm1 '<primitive id="fence-xen0" class="stonith" type="external/xen0-ha">
        <instance_attributes id="fence-xen0-ia">
          <nvpair id="fence-xen0-hl" name="hostlist" value="vm1 vm2"/>
          <nvpair id="fence-xen0-ip" name="dom0_cluster_ip" value="dom0a"/>
          <nvpair id="fence-xen0-st" name="stop_timeout" value="20"/>
        </instance_attributes></primitive>'
    x vm1 crm_attribute --type crm_config --name stonith-enabled --update true
    wait_for vm1 30 sh -c "stonith_admin --list vm2 | grep -qx fence-xen0"
    local before start elapsed
    before=$(domid vm2)
    start=$(now_ms)
    run x vm1 stonith_admin --reboot vm2 --timeout 90
    elapsed=$(ms_since "$start")
    assert_success
    record_timing "stonith_admin --reboot vm2 (DomU cluster, external/xen0-ha)" "$elapsed"
    guest_running vm2
    [ "$(domid vm2)" -gt "$before" ]
    run x vm1 stonith_admin --history vm2 --verbose
    assert_output --partial "reboot of vm2 successful"
    grep -q "external/xen0-ha.*reset of vm2: success" "$(xcluster path pacemaker-log vm1)"

    x vm1 crm_attribute --type crm_config --name stonith-enabled --update false
    x vm1 cibadmin --delete --scope resources --xml-text '<primitive id="fence-xen0"/>'
    # The DomU node vm2 learnt it was fenced and left its cluster (Pacemaker does that): back.
    wait_until 60 node_off vm2
    xcluster start vm2
    xcluster wait 60
}

@test "stonith_admin --fence / --unfence vm2 with stonith:fence_xenha_xen0ha" {
    cluster_use domu
    cib_apply vm1 '<primitive id="fence-fa" class="stonith" type="fence_xenha_xen0ha">
        <instance_attributes id="fence-fa-ia">
          <nvpair id="fence-fa-hl" name="hostlist" value="vm1 vm2"/>
          <nvpair id="fence-fa-ip" name="dom0_cluster_ip" value="dom0a"/>
          <nvpair id="fence-fa-st" name="stop_timeout" value="20"/>
        </instance_attributes></primitive>'
    wait_for vm1 30 sh -c "stonith_admin --list vm2 | grep -qx fence-fa"
    local start
    start=$(now_ms)
    run x vm1 stonith_admin --fence vm2 --timeout 60
    assert_success
    record_timing "stonith_admin --fence vm2 (fence_xenha_xen0ha)" "$(ms_since "$start")"
    guest_stopped vm2
    sleep 8
    guest_stopped vm2
    grep -q "fence_xenha_xen0ha.*vm2: confirmed off" "$(xcluster path pacemaker-log vm1)"

    run x vm1 stonith_admin --unfence vm2 --timeout 60
    assert_success
    guest_running vm2
    x vm1 cibadmin --delete --scope resources --xml-text '<primitive id="fence-fa"/>'
}

@test "a DomU that is not a Dom0 resource, and a Dom0 cluster that does not act in time: failures" {
    local start elapsed
    start=$(now_ms)
    run in_domu vm1 stonith -t external/xen0-ha "${XEN0HA[@]}" -T off vm3
    elapsed=$(ms_since "$start")
    assert_equal "$status" 5
    assert_output --partial "resource vm3 not found in the Dom0 CIB"
    [ "$elapsed" -lt 10000 ]

    # vm2 unmanaged: target-role=Stopped changes nothing, the helper times out, fencing fails.
    in_dom0 crm_resource --resource vm2 --meta --set-parameter is-managed --parameter-value false
    start=$(now_ms)
    run in_domu vm1 stonith -t external/xen0-ha "${XEN0HA[@]}" stop_timeout=3 -T off vm2
    elapsed=$(ms_since "$start")
    assert_equal "$status" 5
    assert_output --partial "vm2 is still running dom0a 3 s after target-role=Stopped was set"
    [ "$elapsed" -lt 20000 ]
    [ -n "$(domid vm2)" ]
}
