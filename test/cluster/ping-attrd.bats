#!/usr/bin/env bats
# ocf:xenha:ping against a real pacemaker-attrd: a one-node Corosync + Pacemaker cluster in
# namespaces (test/cluster/lib), ping targets in their own namespaces, a node cut off from
# them by blackhole routes inside the node. attrd_updater -Q shows what the agent wrote.
# Needs root.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/lib/cluster"
load "${BATS_TEST_DIRNAME}/ping/helpers"

setup_file() {
    cluster_require_root
    (cd "$PROJECT_ROOT" && node build/bundle.mjs --only ping,Dummy >/dev/null)
    ping_cluster_knobs ping-attrd
    local start; start=$(now_ms)
    xcluster up 1
    xcluster wait 60
    xcluster targets 4
    add_ipv6_to_node node1
    add_ipv6_to_target 4
    x node1 ping -c1 -W2 target1 >/dev/null
    x node1 ping -6 -c1 -W2 "$(ipv6_of target4)" >/dev/null
    record_timing "1 node online, 4 targets" "$(ms_since "$start")"
}

teardown() {
    cluster_logs_on_failure
    xcluster unisolate node1 >/dev/null 2>&1 || true
    unisolate6 node1 "$(ipv6_of target4)"
}

teardown_file() {
    xcluster down
}

# A primitive of ocf:xenha:ping; extra nvpairs as name=value arguments.
ping_primitive() {
    local id=$1 interval=$2; shift 2
    local pairs='' pair
    for pair in "$@"; do pairs+="<nvpair id=\"$id-${pair%%=*}\" name=\"${pair%%=*}\" value=\"${pair#*=}\"/>"; done
    echo "<primitive id=\"$id\" class=\"ocf\" provider=\"xenha\" type=\"ping\">
      <instance_attributes id=\"$id-ia\">$pairs</instance_attributes>
      <operations><op id=\"$id-mon\" name=\"monitor\" interval=\"$interval\" timeout=\"30s\"/></operations></primitive>"
}

_log_has() { [ -n "$(agent_log "$1" "$2")" ]; }

remove_resource() {
    x node1 crm_resource --resource "$1" --set-parameter target-role --meta --parameter-value Stopped >/dev/null
    x node1 crm_resource --wait --timeout=60s
    wait_for_location "$1" "" 30
    x node1 cibadmin --delete --scope resources --xml-text "<${2:-primitive} id=\"$1\"/>"
}

@test "probe mode: the clone writes multiplier × reachable hosts; isolating targets lowers it, restoring raises it" {
    cib_apply node1 "<clone id=\"pingc\">$(ping_primitive ping 2s host_list="target1 target2 target3" multiplier=100 dampen=1s timeout=1 attempts=2)</clone>"
    wait_for_attr node1 pingd 300 30
    wait_for_cib_attr node1 pingd 300 30
    run last_op node1 ping start
    assert_output --partial 'rc-code="0"'

    local start
    start=$(now_ms)
    xcluster isolate node1 2
    wait_for_attr node1 pingd 200 30
    record_timing "probe mode: one target lost -> pingd 200" "$(ms_since "$start")"

    xcluster isolate node1
    wait_for_attr node1 pingd 0 30
    wait_for_cib_attr node1 pingd 0 30
    # the resource itself stays healthy: no failure_score
    run x node1 crm_mon -1
    refute_output --partial 'Failed Resource Actions'

    start=$(now_ms)
    xcluster unisolate node1
    wait_for_attr node1 pingd 300 30
    record_timing "probe mode: targets back -> pingd 300" "$(ms_since "$start")"
}

@test "probe mode: IPv4, IPv6 and names mixed; an unresolvable name counts as unreachable and is logged; a parameter change is a reload" {
    local v6; v6=$(ipv6_of target4)
    x node1 crm_resource --resource ping --set-parameter host_list --parameter-value "target1 $v6 target3 nosuch.invalid"
    # a changed non-unique parameter is applied with reload, not stop + start
    wait_until 30 _log_has node1 'Result of reload operation for ping on node1: ok'
    run agent_log node1 'Result of stop operation for ping on node1'
    assert_output ''
    wait_for_attr node1 pingd 300 30
    run agent_log node1 'host "nosuch.invalid" in host_list does not resolve'
    assert_output --regexp 'ping\(ping[^)]*\)\[[0-9]+\]: +WARNING: host "nosuch.invalid" in host_list does not resolve \(.*\); counted as unreachable'

    isolate6 node1 "$v6"
    wait_for_attr node1 pingd 200 30
    unisolate6 node1 "$v6"
    wait_for_attr node1 pingd 300 30
}

@test "probe mode: failure_score fails the monitor when the score drops below it" {
    x node1 crm_resource --resource ping --set-parameter failure_score --parameter-value 250
    x node1 crm_resource --resource ping --set-parameter host_list --parameter-value "target1 target2 target3"
    x node1 crm_resource --wait --timeout=30s
    wait_for_attr node1 pingd 300 30
    xcluster isolate node1 1 2
    # the monitor fails; the restart that follows fails the same way (start also checks it)
    wait_until 30 _log_has node1 'Result of monitor operation for ping on node1: error (pingd=100 is less than failure_score(250): unreachable: target1, target2)'
    wait_for node1 30 sh -c 'crm_mon -1 | grep -q "pingd=100 is less than failure_score(250): unreachable: target1, target2"'
    xcluster unisolate node1
    x node1 crm_resource --resource ping --delete-parameter failure_score
    x node1 crm_resource --cleanup --resource pingc >/dev/null
    wait_for_location pingc node1 30
    wait_for_attr node1 pingd 300 30
    run x node1 crm_mon -1
    refute_output --partial 'Failed Resource Actions' 
}

@test "probe mode: stop removes the attribute (attrd holds an empty value) and the pidfile" {
    x node1 test -e /var/run/ping-pingd
    remove_resource pingc clone
    wait_for_attr node1 pingd "" 30
    run x node1 test -e /var/run/ping-pingd
    assert_failure
}

@test "daemon mode: starts a daemon that outlives start, probes every interval and writes only changes" {
    cib_apply node1 "$(ping_primitive pingd2 5s name=pingd2 mode=daemon interval=1s host_list="target1 target2 target3" multiplier=10 dampen=1s timeout=1 attempts=2)"
    wait_for_attr node1 pingd2 30 30
    local pid
    pid=$(x node1 cat /var/run/ping-pingd2)
    [[ $pid =~ ^[0-9]+$ ]]
    # alive after start returned, its own session, not a child of pacemaker-execd
    run x node1 ps -o pid=,ppid=,sid=,args= -p "$pid"
    assert_output --regexp "^ *$pid +1 +$pid +(/usr/bin/)?node /usr/lib/ocf/resource.d/xenha/ping --xenha-pingd /var/run/ping-pingd2$"
    x node1 test -s /var/run/ping-pingd2.state

    # every round refreshes the heartbeat; the attribute is written once while nothing changes
    local rounds_before rounds_after
    rounds_before=$(x node1 sed -n 's/.*"rounds": \([0-9]*\).*/\1/p' /var/run/ping-pingd2.state)
    sleep 4
    rounds_after=$(x node1 sed -n 's/.*"rounds": \([0-9]*\).*/\1/p' /var/run/ping-pingd2.state)
    [ "$rounds_after" -ge $((rounds_before + 2)) ]
    run agent_log node1 'pingd2 \(set to\|changed\)'
    assert_equal "${#lines[@]}" 1
    assert_line --index 0 --partial 'pingd2 set to 30: 3 of 3 hosts reachable'

    local start
    start=$(now_ms)
    xcluster isolate node1 3
    wait_for_attr node1 pingd2 20 30
    record_timing "daemon mode: one target lost -> pingd2 20" "$(ms_since "$start")"
    xcluster unisolate node1
    wait_for_attr node1 pingd2 30 30
    run agent_log node1 'pingd2 \(set to\|changed\)'
    assert_equal "${#lines[@]}" 3
    assert_line --index 1 --regexp 'pingd2 changed from 30 to 20: 2 of 3 hosts reachable \(unreachable: target3 \(unreachable \(error while sending ping: Invalid argument\)\)\)'
    assert_line --index 2 --partial 'pingd2 changed from 20 to 30: 3 of 3 hosts reachable'
    # the same daemon all along
    assert_equal "$(x node1 cat /var/run/ping-pingd2)" "$pid"
    run x node1 crm_mon -1
    refute_output --partial 'pingd2 '
}

@test "daemon mode: a stuck daemon fails the monitor (stale heartbeat) and is restarted; a killed one too" {
    local pid new
    pid=$(x node1 cat /var/run/ping-pingd2)
    x node1 kill -STOP "$pid"
    # stale after 2 × interval (1 s) + the probe bound (1 s resolve + 1 s timeout + 2 s grace) + 5 s = 11 s
    wait_for node1 60 sh -c 'crm_mon -1 | grep -q "pingd2.*monitor.*error"'
    run x node1 crm_mon -1
    assert_output --regexp "ping daemon $pid is alive but its last probe finished [0-9]+ s ago \(interval 1 s\): it is stuck"
    wait_until 60 sh -c "new=\$($XC_CLI x node1 cat /var/run/ping-pingd2 2>/dev/null) && [ -n \"\$new\" ] && [ \"\$new\" != $pid ]"
    new=$(x node1 cat /var/run/ping-pingd2)
    run x node1 ps -p "$pid"
    assert_failure
    wait_for_attr node1 pingd2 30 30

    x node1 crm_resource --cleanup --resource pingd2 >/dev/null
    x node1 crm_resource --wait --timeout=30s
    new=$(x node1 cat /var/run/ping-pingd2)
    x node1 kill -KILL "$new"
    wait_until 60 sh -c "n=\$($XC_CLI x node1 cat /var/run/ping-pingd2 2>/dev/null) && [ -n \"\$n\" ] && [ \"\$n\" != $new ]"
    run agent_log node1 'Result of monitor operation for pingd2 on node1: not running'
    refute_output ''
    run agent_log node1 "ping daemon of /var/run/ping-pingd2 is not running"
    refute_output ''
    wait_for_attr node1 pingd2 30 30
    x node1 crm_resource --cleanup --resource pingd2 >/dev/null
    x node1 crm_resource --wait --timeout=60s
}

@test "daemon mode: stop ends the daemon by PID and removes the attribute and its files" {
    local pid
    pid=$(x node1 cat /var/run/ping-pingd2)
    remove_resource pingd2
    wait_for_attr node1 pingd2 "" 30
    run x node1 ps -p "$pid"
    assert_failure
    run x node1 sh -c 'ls /var/run/ping-pingd2*'
    assert_failure
    run x node1 pgrep -f -- --xenha-pingd
    assert_failure
}

@test "ocf-tester passes against the installed agent, with real attrd" {
    run x node1 ocf-tester -n pt -o host_list="target1 target2" -o name=pingt -o timeout=1 /usr/lib/ocf/resource.d/xenha/ping
    assert_success
    assert_output --partial 'passed all tests'
    run x node1 ocf-tester -n pt -o host_list=target1 -o name=pingt -o mode=daemon -o interval=1s -o timeout=1 /usr/lib/ocf/resource.d/xenha/ping
    assert_success
    assert_output --partial 'passed all tests'
    run x node1 pgrep -f -- --xenha-pingd
    assert_failure
}
