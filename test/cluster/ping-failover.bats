#!/usr/bin/env bats
# The reason ocf:xenha:ping exists: in a 2-node cluster with the agent cloned and the rule
# "pingd not defined or pingd <= 0 -> -INFINITY", a resource (ocf:xenha:Dummy standing in for
# a Xen guest) moves away from the node that loses its ping targets, and comes back when they
# return (it prefers node1). Loss is a blackhole route inside the node (xcluster isolate);
# Corosync is not affected. The time from loss to move is printed. Probe mode, then daemon
# mode on the same cluster. Needs root.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/lib/cluster"
load "${BATS_TEST_DIRNAME}/ping/helpers"

setup_file() {
    cluster_require_root
    (cd "$PROJECT_ROOT" && node build/bundle.mjs --only ping,Dummy >/dev/null)
    ping_cluster_knobs ping-failover
    export XC_FIXTURES=Dummy
    local start; start=$(now_ms)
    xcluster up 2
    xcluster wait 60
    xcluster targets 2
    record_timing "2 nodes online, 2 targets" "$(ms_since "$start")"

    cib_apply node1 '<clone id="pingc"><primitive id="ping" class="ocf" provider="xenha" type="ping">
        <instance_attributes id="ping-ia">
          <nvpair id="ping-hl" name="host_list" value="target1 target2"/>
          <nvpair id="ping-m" name="multiplier" value="100"/>
          <nvpair id="ping-d" name="dampen" value="1s"/>
          <nvpair id="ping-t" name="timeout" value="1"/>
          <nvpair id="ping-a" name="attempts" value="2"/>
        </instance_attributes>
        <operations><op id="ping-mon" name="monitor" interval="2s" timeout="20s"/></operations>
      </primitive></clone>'
    cib_apply node1 '<primitive id="vm" class="ocf" provider="xenha" type="Dummy">
        <instance_attributes id="vm-ia"><nvpair id="vm-state" name="state" value="/run/vm.state"/></instance_attributes>
        <operations><op id="vm-mon" name="monitor" interval="5s" timeout="20s"/></operations></primitive>'
    cib_apply node1 '<rsc_location id="vm-needs-uplink" rsc="vm">
        <rule id="vm-needs-uplink-rule" score="-INFINITY" boolean-op="or">
          <expression id="vm-pingd-undef" attribute="pingd" operation="not_defined"/>
          <expression id="vm-pingd-low" attribute="pingd" operation="lte" value="0" type="integer"/>
        </rule></rsc_location>'
    cib_apply node1 '<rsc_location id="vm-prefers-node1" rsc="vm" node="node1" score="100"/>'
    wait_for_attr node1 pingd 200 60
    wait_for_attr node2 pingd 200 60
    wait_for_location vm node1 60
}

teardown() {
    cluster_logs_on_failure
    xcluster unisolate node1 >/dev/null 2>&1 || true
}

teardown_file() {
    xcluster down
}

# isolate node1 from all targets; print how long until vm runs on node2 and pingd is 0 there
lose_and_restore() {
    local mode=$1 start moved
    wait_for_location vm node1 60
    start=$(now_ms)
    xcluster isolate node1
    wait_for_location vm node2 60
    moved=$(ms_since "$start")
    record_timing "$mode: node1 lost its targets -> vm running on node2" "$moved"
    assert_equal "$(attr node1 pingd)" 0
    assert_equal "$(attr node2 pingd)" 200
    x node2 test -e /run/vm.state
    run x node1 test -e /run/vm.state
    assert_failure

    start=$(now_ms)
    xcluster unisolate node1
    wait_for_location vm node1 60
    record_timing "$mode: targets back -> vm running on node1 again" "$(ms_since "$start")"
    assert_equal "$(attr node1 pingd)" 200
    # nothing failed on the way: the moves were placement decisions, not recoveries
    run x node1 crm_mon -1
    refute_output --partial 'Failed Resource Actions'
}

@test "probe mode: vm moves away from the node that loses its targets, and back" {
    lose_and_restore "probe mode"
}

@test "daemon mode (switched by reload): vm moves away from the node that loses its targets, and back" {
    x node1 crm_resource --resource ping --set-parameter mode --parameter-value daemon
    x node1 crm_resource --resource ping --set-parameter interval --parameter-value 1s
    x node1 crm_resource --wait --timeout=60s
    local node pid
    for node in node1 node2; do
        pid=$(x "$node" cat /var/run/ping-pingd)
        [[ $pid =~ ^[0-9]+$ ]] || { echo "no daemon on $node: [$pid]"; return 1; }
        x "$node" pgrep -f -- "--xenha-pingd /var/run/ping-pingd" >/dev/null
    done
    lose_and_restore "daemon mode"
}

@test "node1 without the clone (stopped there): the attribute is gone and vm stays off node1" {
    x node1 crm_resource --resource pingc --ban --node node1
    wait_for_location vm node2 60
    wait_for_attr node1 pingd "" 30
    x node1 crm_resource --resource pingc --clear
    wait_for_location vm node1 60
}
