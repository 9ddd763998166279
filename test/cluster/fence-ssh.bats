#!/usr/bin/env bats
# external/ssh and fence_xenha_ssh in a real 2-node Pacemaker cluster (test/cluster/lib): node1
# fences node2, whose sshd records the request and then takes node2 off the network
# ("poweroff" mode). Success must come only once node2 is gone; a wrong host key is refused;
# a crashed node is fenced once it is confirmed silent (with unreachable_is_off=false it fails
# within the connect timeout instead). Needs root.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/lib/cluster"

REBOOT="echo 'sleep 2; /sbin/reboot -nf' | SHELL=/bin/sh at now >/dev/null 2>&1"

setup_file() {
    cluster_require_root
    [ -x "$DIST/stonith/ssh" ] || (cd "$PROJECT_ROOT" && node build/bundle.mjs --only ssh) >&3
    cluster_use fence-ssh
    xcluster up 2
    xcluster wait 60
    x node1 crm_attribute --type crm_config --name stonith-enabled --update true
    # node1 answers ssh too (recording only), as every node of a real cluster would: the
    # devices' status sees a live host while node2 is down.
    xcluster sshd node1 log
}

teardown() {
    cluster_logs_on_failure
}

teardown_file() {
    xcluster down
}

node_running() { [[ " $(running_nodes | tr '\n' ' ') " == *" $1 "* ]]; }

# node2 up, in the cluster, with an sshd that powers it off when asked anything.
node2_ready() {
    if ! node_running node2; then
        xcluster start node2
    fi
    xcluster wait 60
    xcluster sshd node2 poweroff
}

# Replace every fence device by one: use_device ID TYPE [NAME=VALUE...]
use_device() {
    local id=$1 type=$2 nvpairs='' pair
    shift 2
    for pair in "$@"; do
        nvpairs+="<nvpair id=\"$id-${pair%%=*}\" name=\"${pair%%=*}\" value=\"${pair#*=}\"/>"
    done
    local existing
    for existing in $(x node1 cibadmin --query --xpath "//primitive[@class='stonith']" 2>/dev/null | sed -n 's/.*<primitive id="\([^"]*\)".*/\1/p'); do
        x node1 cibadmin --delete --scope resources --xml-text "<primitive id=\"$existing\"/>"
    done
    cib_apply node1 "<primitive id=\"$id\" class=\"stonith\" type=\"$type\">
        <instance_attributes id=\"$id-ia\">$nvpairs</instance_attributes></primitive>"
    # The fencer must know this device and no other (a deleted one is unregistered when its
    # resource has stopped).
    wait_for node1 30 sh -c 'test "$(stonith_admin --list-registered | grep -v " found")" = "$1"' sh "$id"
}

node2_fenced_more_than() {
    local successes
    successes=$(x node1 stonith_admin --history node2 --verbose --output-as=xml | grep 'target="node2"' | grep -c 'status="success"' || true)
    [ "$successes" -gt "$1" ]
}

requests_of_node2() { cat "$(xcluster path ssh-requests node2)" 2>/dev/null | wc -l; }

# Successful reboots of node2 that stonith_admin asked for (the controller's own request for
# the node that just left may be merged into ours and is listed too: not counted).
successful_fencings_of_node2() {
    x node1 stonith_admin --history node2 --verbose --output-as=xml |
        grep 'action="reboot" target="node2"' | grep 'client="stonith_admin' | grep -c 'status="success"' || true
}

# Fence node2 from node1 with the configured device and check what must hold.
fence_node2_and_check() {
    local label=$1 requests_before successes_before start elapsed
    requests_before=$(requests_of_node2)
    successes_before=$(successful_fencings_of_node2)
    start=$(now_ms)
    run x node1 stonith_admin --reboot node2 --timeout 60
    elapsed=$(ms_since "$start")
    assert_success
    record_timing "$label: stonith_admin --reboot node2" "$elapsed"
    # The request reached node2 exactly once, and node2 is gone: its sshd powered it off.
    assert_equal "$(requests_of_node2)" $((requests_before + 1))
    run tail -n 1 "$(xcluster path ssh-requests node2)"
    assert_output --regexp " node2 poweroff $(printf '%s' "$REBOOT" | sed 's/[][\.*^$|/]/\\&/g')\$"
    run node_running node2
    assert_failure
    run x node1 ping -c 1 -W 1 node2
    assert_failure
    assert_equal "$(successful_fencings_of_node2)" $((successes_before + 1))
    run x node1 crm_mon -1
    assert_output --partial "OFFLINE: [ node2 ]"
}

@test "stonith:fence_xenha_ssh: Pacemaker fences node2, success only once node2 is gone" {
    node2_ready
    # Defaults only: root's ~/.ssh/id_ed25519 and ~/.ssh/known_hosts in the node.
    use_device fence-fa fence_xenha_ssh hostlist="node1 node2"
    run x node1 stonith_admin --list-registered
    assert_output --partial fence-fa
    fence_node2_and_check "fence_xenha_ssh"
    grep -q "fence_xenha_ssh.*node2: confirmed off" "$(xcluster path pacemaker-log node1)"
}

@test "stonith:external/ssh (ours, through fence_legacy): Pacemaker fences node2" {
    node2_ready
    use_device fence-glue external/ssh hostlist="node1 node2"
    fence_node2_and_check "external/ssh"
    grep -q "external/ssh.*node2: confirmed off" "$(xcluster path pacemaker-log node1)"
}

@test "a wrong host key: fencing is refused, node2 is untouched" {
    node2_ready
    local wrong="$BATS_FILE_TMPDIR/known_hosts.wrong"
    ssh-keygen -q -t ed25519 -N '' -f "$BATS_FILE_TMPDIR/impostor"
    # The real known_hosts, with node2's key replaced by an impostor's.
    grep -v '^node2[, ]' "$(xcluster path known-hosts)" > "$wrong"
    echo "node2,$(xcluster addr node2) $(cut -d' ' -f1,2 "$BATS_FILE_TMPDIR/impostor.pub")" >> "$wrong"
    use_device fence-wrong fence_xenha_ssh hostlist="node1 node2" ssh_known_hosts="$wrong"
    local requests_before
    requests_before=$(requests_of_node2)
    run x node1 stonith_admin --reboot node2 --timeout 30
    assert_failure
    assert_equal "$(requests_of_node2)" "$requests_before"
    node_running node2
    run x node1 crm_mon -1
    assert_output --partial "Online: [ node1 node2 ]"
    grep -q "HOST KEY MISMATCH for node2:22" "$(xcluster path pacemaker-log node1)"
}

@test "a crashed node is fenced automatically once confirmed silent, and the cluster goes on" {
    node2_ready
    use_device fence-crash fence_xenha_ssh hostlist="node1 node2"
    local successes_before start elapsed
    successes_before=$(x node1 stonith_admin --history node2 --verbose --output-as=xml | grep 'target="node2"' | grep -c 'status="success"' || true)
    start=$(now_ms)
    xcluster crash node2
    # The controller asks for the fencing itself; it must succeed, not leave node2 UNCLEAN.
    wait_until 90 node2_fenced_more_than "$successes_before"
    elapsed=$(ms_since "$start")
    record_timing "crash of node2 -> fencing confirmed (fence_xenha_ssh, silent host)" "$elapsed"
    run x node1 crm_mon -1
    assert_output --partial "OFFLINE: [ node2 ]"
    refute_output --partial "UNCLEAN"
    grep -q "node2 does not answer" "$(xcluster path pacemaker-log node1)"
}

@test "unreachable_is_off=false: a dead host fails within the connect timeout (CLI and stonith_admin)" {
    node2_ready
    # No automatic fencing of the crashed node while we measure.
    x node1 crm_attribute --type crm_config --name stonith-enabled --update false
    use_device fence-dead fence_xenha_ssh hostlist="node1 node2" ssh_connect_timeout=3 unreachable_is_off=false
    xcluster crash node2

    local start elapsed
    start=$(now_ms)
    run x node1 stonith -t external/ssh hostlist=node2 ssh_connect_timeout=3 unreachable_is_off=false -T reset node2
    elapsed=$(ms_since "$start")
    assert_equal "$status" 5
    assert_output --regexp "could not connect to node2:22 within 3\.0 s|no route to node2:22"
    record_timing "dead host, stonith -T reset (connect timeout 3 s)" "$elapsed"
    # 3 s connect timeout + stonith's fixed 1 s + start-up; plain ssh takes 40 s here.
    [ "$elapsed" -lt 10000 ]

    start=$(now_ms)
    run x node1 stonith_admin --reboot node2 --timeout 60
    elapsed=$(ms_since "$start")
    assert_failure
    record_timing "dead host, stonith_admin --reboot (fenced tries the device twice)" "$elapsed"
    [ "$elapsed" -lt 25000 ]
    run x node1 stonith_admin --history node2 --verbose
    assert_output --partial "reboot of node2 failed"
}
