#!/usr/bin/env bats
# The cluster harness itself (test/cluster/lib): a real 2-node Corosync + Pacemaker cluster in
# namespaces runs our programs, nodes can be isolated, powered off by ssh, crashed, and
# `xcluster down` leaves nothing behind. Needs root.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/lib/cluster"

setup_file() {
    cluster_require_root
    if [ ! -x "$DIST/test/ocf/Dummy" ]; then
        (cd "$PROJECT_ROOT" && node build/bundle.mjs --only Dummy) >&3
    fi
    cluster_use harness
    export XC_FIXTURES=Dummy
    # what the host looked like before, for the last test
    export HOST_HAD_XENHA_OCF_DIR=0
    [ -d /usr/lib/ocf/resource.d/xenha ] && HOST_HAD_XENHA_OCF_DIR=1
    export HOST_STAMP="$BATS_FILE_TMPDIR/before-up" HOST_RUN_DIRS="$BATS_FILE_TMPDIR/run-dirs-before"
    host_run_dirs > "$HOST_RUN_DIRS"
    touch "$HOST_STAMP"
    sleep 0.01

    local start; start=$(now_ms)
    xcluster up 2
    xcluster wait 60
    record_timing "2 nodes online (up + wait)" "$(ms_since "$start")"
}

# What Corosync, Pacemaker or sshd would create in the host's /run, if they ran there.
host_run_dirs() { ls -d /run/crm /run/sshd /run/corosync* /run/xcluster-sshd.pid /run/netns/"$XC_PREFIX"-* 2>/dev/null || true; }

processes_mentioning() { grep -laF -- "$1" /proc/[0-9]*/cmdline 2>/dev/null || true; }

node_is_off() { [[ " $(xcluster nodes --running | tr '\n' ' ') " != *" $1 "* ]]; }

teardown() {
    cluster_logs_on_failure
}

teardown_file() {
    xcluster down
}

@test "a 2-node cluster is online with a DC" {
    run x node1 crm_mon -1
    assert_success
    assert_output --partial "Online: [ node1 node2 ]"
    assert_output --regexp "Current DC: node[12] "
    run x node2 corosync-quorumtool -s
    assert_output --partial "Quorate:          Yes"
}

@test "a command runs in a node, sees the node's hostname and the cluster's environment" {
    run x node2 hostname
    assert_success
    assert_output node2
    run x 1 hostname
    assert_output node1
    [ "$(hostname)" != node1 ]
    run x node1 sh -c 'echo "$PATH"; echo "$XENSIM_STATE"'
    assert_line --index 0 --regexp "^$PROJECT_ROOT/test/sim/xen:"
    assert_line --index 1 "$(xcluster path xensim)"
    # the node has a private /tmp, in which the test's temporary files stay visible
    echo probe > "$BATS_FILE_TMPDIR/visible-in-nodes"
    run x node1 cat "$BATS_FILE_TMPDIR/visible-in-nodes"
    assert_output probe
    x node1 touch /tmp/harness-probe
    [ ! -e /tmp/harness-probe ]
    # the node's own /run: a file there is not on the host nor in the other node
    x node1 touch /run/harness-probe
    [ ! -e /run/harness-probe ]
    run x node2 test -e /run/harness-probe
    assert_failure
}

@test "the programs are installed in the nodes next to the stock ones, not on the host" {
    x node1 test -x /usr/lib/ocf/resource.d/xenha/Dummy
    x node1 test -x /usr/lib/ocf/resource.d/heartbeat/Dummy
    x node2 test -d /usr/lib/stonith/plugins/external
    run x node1 crm_resource --show-metadata ocf:xenha:Dummy
    assert_success
    assert_output --partial '<resource-agent name="Dummy"'
    if [ "$HOST_HAD_XENHA_OCF_DIR" = 0 ]; then [ ! -e /usr/lib/ocf/resource.d/xenha ]; fi
}

@test "ocf:xenha:Dummy starts and live-migrates with crm_resource --move" {
    cib_apply node1 '<primitive id="mig" class="ocf" provider="xenha" type="Dummy">
        <instance_attributes id="mig-ia"><nvpair id="mig-state" name="state" value="/run/mig.state"/></instance_attributes>
        <meta_attributes id="mig-meta"><nvpair id="mig-am" name="allow-migrate" value="true"/></meta_attributes>
        <operations><op id="mig-mon" name="monitor" interval="5s" timeout="20s"/></operations></primitive>'
    wait_for node1 30 crm_resource --wait --timeout=25s
    local from to start
    from=$(resource_location mig)
    [[ $from == node[12] ]]
    x "$from" test -e /run/mig.state
    to=node1; [ "$from" = node1 ] && to=node2

    start=$(now_ms)
    x node1 crm_resource --move --resource mig --node "$to"
    wait_for_location mig "$to" 30
    record_timing "live migration $from -> $to" "$(ms_since "$start")"
    x "$to" test -e /run/mig.state
    run x "$from" test -e /run/mig.state
    assert_failure
    run x node1 cibadmin --query --xpath "//lrm_resource[@id='mig']/lrm_rsc_op"
    assert_output --partial 'operation="migrate_from"'
    assert_output --partial 'operation="migrate_to"'

    x node1 crm_resource --clear --resource mig
    run x node1 cibadmin --query --scope constraints
    refute_output --partial 'cli-prefer-mig'
    x node1 crm_resource --resource mig --set-parameter target-role --meta --parameter-value Stopped
    wait_for_location mig "" 30
    x node1 cibadmin --delete --scope resources --xml-text '<primitive id="mig"/>'
}

@test "isolate makes a ping target unreachable from one node only" {
    xcluster targets 2
    x node1 ping -c1 -W1 target1
    x node2 ping -c1 -W1 "$(xcluster addr target2)"
    xcluster isolate node1
    run x node1 ping -c1 -W1 target1
    assert_failure
    run x node1 ping -c1 -W1 target2
    assert_failure
    x node2 ping -c1 -W1 target1
    x node1 ping -c1 -W1 node2                  # the cluster network is untouched
    run x node1 crm_mon -1
    assert_output --partial "Online: [ node1 node2 ]"
    xcluster unisolate node1
    x node1 ping -c1 -W1 target1
}

@test "sshd in log mode records a command sent with plain ssh from the other node" {
    xcluster sshd node2 log
    run x node1 ssh node2 touch /run/ssh-ran-this
    assert_success
    run x node2 test -e /run/ssh-ran-this       # recorded, not run
    assert_failure
    run cat "$(xcluster path ssh-requests node2)"
    assert_output --regexp "^[0-9]+\.[0-9]{3} node2 log touch /run/ssh-ran-this$"
    # host keys are checked, against the cluster's known_hosts
    ssh-keygen -F node2 -f "$(xcluster path known-hosts)"
    ssh-keygen -F "$(xcluster addr node2)" -f "$(xcluster path known-hosts)"
    run x node1 ssh -o UserKnownHostsFile=/dev/null node2 true
    assert_failure
    assert_output --partial "Host key verification failed"
}

@test "sshd in poweroff mode records the request, then the node is off; start brings it back" {
    xcluster sshd node2 poweroff
    run x node1 ssh node2 "echo 'sleep 2; /sbin/reboot -nf' | SHELL=/bin/sh at now"
    assert_success
    wait_until 15 node_is_off node2
    wait_for node1 30 sh -c 'crm_mon -1 --output-as=xml | grep -q "<node name=\"node2\"[^>]*online=\"false\""'
    run cat "$(xcluster path ssh-requests node2)"
    assert_output --partial "node2 poweroff echo 'sleep 2; /sbin/reboot -nf' | SHELL=/bin/sh at now"
    local start; start=$(now_ms)
    xcluster start node2
    xcluster wait 60
    record_timing "node2 back online after poweroff" "$(ms_since "$start")"
}

@test "stop is graceful: the peer sees the node leave cleanly" {
    xcluster stop node2
    run xcluster nodes --running
    assert_output node1
    run x node1 crm_mon -1
    assert_output --partial "OFFLINE: [ node2 ]"
    refute_output --partial UNCLEAN
    xcluster start node2
    xcluster wait 60
}

@test "crash takes a node out: the other sees it OFFLINE or UNCLEAN" {
    local start; start=$(now_ms)
    xcluster crash node2
    run xcluster nodes --running
    assert_output node1
    wait_for node1 30 sh -c 'crm_mon -1 --output-as=xml | grep -q "<node name=\"node2\"[^>]*online=\"false\""'
    record_timing "crash noticed by node1" "$(ms_since "$start")"
    run x node1 crm_mon -1
    assert_output --regexp "(OFFLINE|UNCLEAN).*node2"
}

@test "down leaves nothing behind, and may be called again" {
    local start; start=$(now_ms)
    xcluster down
    record_timing "down" "$(ms_since "$start")"
    xcluster down

    run ip netns list
    refute_output --partial "$XC_PREFIX-"
    run ip -o link show
    refute_output --partial "$XC_PREFIX-"
    run grep -F "$XC_BASE" /proc/self/mountinfo
    assert_failure
    run processes_mentioning "$XC_BASE"
    assert_output ""
    # the state dir is gone, or holds only the logs kept for a failed test
    [ ! -e "$XC_BASE" ] || [ "$(ls -A "$XC_BASE" | tr '\n' ' ')" = "keep-logs logs " ]
    if [ "$HOST_HAD_XENHA_OCF_DIR" = 0 ]; then [ ! -e /usr/lib/ocf/resource.d/xenha ]; fi
    # nothing the cluster writes inside its nodes reached the host
    # (of the places that exist on this host: a fresh machine may have no /root/.ssh)
    local watched=() place
    for place in /etc /var/lib/pacemaker /var/lib/corosync /var/log/pacemaker /var/log/corosync \
        /var/spool/cron /usr/lib/ocf /usr/lib/stonith /root/.ssh; do
        [ -e "$place" ] && watched+=("$place")
    done
    run find "${watched[@]}" -xdev -newer "$HOST_STAMP"
    assert_success
    assert_output ""
    run host_run_dirs
    assert_output "$(cat "$HOST_RUN_DIRS")"
}
