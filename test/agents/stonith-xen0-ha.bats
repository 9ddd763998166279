#!/usr/bin/env bats
# external/xen0-ha, fence_xenha_xen0ha and the Dom0 helper through the real cluster-glue
# `stonith` CLI (in a private mount namespace), over real ssh to an sshd in a network namespace
# whose forced command runs the real helper against a fake crm_resource (a directory "CIB";
# test/cluster/fence/fakebin/crm_resource). The real Dom0 cluster is in test/cluster/fence-xen0-ha.bats.
# Needs root (namespaces, mounts); skipped otherwise.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/../cluster/fence/fx"

HELPER=/usr/lib/xenha/xen0-ha-helper

setup_file() {
    [ "$(id -u)" = 0 ] || skip "needs root"
    [ -x "$DIST/stonith/xen0-ha" ] && [ -x "$DIST/helper/xen0-ha-helper" ] || { echo "build first: node build/bundle.mjs" >&2; return 1; }
    fx_up x 9
}

teardown_file() {
    fx_down
}

setup() {
    [ "$(id -u)" = 0 ] || skip "needs root"
    fx_mode helper
    fx_clear_requests
    rm -f "$FX_DIR"/cib/*
    fx_resource vm1 yes 1
    fx_resource vm2 yes 1
    DEVICE=(hostlist="vm1 vm2 vm3" dom0_cluster_ip=fx-target stop_timeout=6
            ssh_identity_file="$FX_DIR/id" ssh_known_hosts="$FX_DIR/known_hosts" ssh_connect_timeout=2)
    export HA_LOGFACILITY=none
}

elapsed_since() { echo "$EPOCHREALTIME - $1" | bc; }

# ssh to the fx target with the DomU cluster's key, as an attacker holding it would.
fx_ssh() {
    ssh -T -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$FX_DIR/known_hosts" \
        -o ConnectTimeout=5 -i "$FX_DIR/id" "root@$FX_TARGET" "$@"
}

# The crm_resource calls that changed something, as "rsc=role".
role_changes() { awk '/--set-parameter/ {print $3 "=" $NF}' "$FX_DIR/crm.log"; }

@test "stonith -n: hostlist, dom0_cluster_ip, stop_timeout (the reference's 'timeout' bug fixed)" {
    run fx_stonith -t external/xen0-ha -n
    assert_success
    assert_output "hostlist  dom0_cluster_ip  stop_timeout  "
}

@test "stonith -m: meta-data with the reference's and the ssh parameters" {
    run fx_stonith -t external/xen0-ha -m
    assert_success
    assert_output --partial '<resource-agent name="external/xen0-ha">'
    for parameter in hostlist dom0_cluster_ip stop_timeout ssh_user ssh_port ssh_identity_file ssh_known_hosts ssh_check_host_key dom0_helper; do
        assert_output --partial "<parameter name=\"$parameter\""
    done
    assert_output --partial "Also accepted as: timeout."
    xmllint --noout - <<<"$output"
}

@test "stonith -l lists the DomUs" {
    run fx_stonith -t external/xen0-ha hostlist="vm1,vm2 vm3" dom0_cluster_ip=x -l
    assert_success
    assert_output "$(printf 'vm1\nvm2\nvm3')"
}

@test "stonith -S: every DomU must be a resource of the Dom0 cluster" {
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" hostlist="vm1 vm2" -S
    assert_success
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" -S
    [ "$status" -ne 0 ]
    assert_output --partial "resource vm3 not found in the Dom0 CIB (the Dom0 resource id must equal the DomU host name)"
}

@test "stonith -T off: target-role=Stopped (with a hyphen), success once the Dom0 reports it stopped" {
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" -T off vm1
    assert_success
    assert_output --partial "vm1: confirmed off"
    assert_equal "$(fx_resource_state vm1)" stopped
    assert_equal "$(role_changes)" "vm1=Stopped"
    run ! grep -q target_role "$FX_DIR/crm.log"
    run fx_requests
    assert_line --index 0 "helper request [$HELPER off vm1 6]"
    assert_line "helper request [$HELPER status vm1]"
}

@test "stonith -T reset: stopped, confirmed, then started again" {
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" -T reset vm1
    assert_success
    assert_equal "$(fx_resource_state vm1)" running
    assert_equal "$(role_changes | tr '\n' ' ')" "vm1=Stopped vm1=Started "
    run fx_requests
    assert_line --index 0 "helper request [$HELPER off vm1 6]"
    assert_line "helper request [$HELPER on vm1 6]"
}

@test "stonith -T on starts a stopped DomU and waits until it runs" {
    fx_resource vm2 no 1
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" -T on vm2
    assert_success
    assert_equal "$(fx_resource_state vm2)" running
    assert_equal "$(role_changes)" "vm2=Started"
}

@test "the configured spelling of the DomU reaches the Dom0 (stonith lower-cases node names)" {
    fx_resource Web1 yes 1
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" hostlist="Web1" -T off WEB1
    assert_success
    assert_equal "$(fx_resource_state Web1)" stopped
}

@test "a DomU not in hostlist is refused without connecting" {
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" -T reset vm9
    assert_equal "$status" 5
    assert_output --partial 'host "vm9" is not controlled by this device (hostlist: vm1, vm2, vm3)'
    [ ! -s "$FX_DIR/requests.log" ]
}

@test "a DomU without a Dom0 resource fails at once with the reason" {
    local started=$EPOCHREALTIME
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" -T off vm3
    assert_equal "$status" 5
    assert_output --partial "resource vm3 not found in the Dom0 CIB"
    (( $(echo "$(elapsed_since "$started") < 8" | bc) ))
}

@test "a DomU the Dom0 cluster does not stop in stop_timeout is a failure, never a success" {
    fx_resource vm2 yes 1 1
    local started=$EPOCHREALTIME
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" stop_timeout=3 -T off vm2
    assert_equal "$status" 5
    assert_output --partial "vm2 is still running dom0a 3 s after target-role=Stopped was set"
    (( $(echo "$(elapsed_since "$started") < 15" | bc) ))
    assert_equal "$(fx_resource_state vm2)" running
}

@test "the reference's parameter name 'timeout' sets stop_timeout" {
    fx_resource vm2 yes 1 1
    run fx_stonith -t external/xen0-ha hostlist="vm1 vm2" dom0_cluster_ip=fx-target timeout=2 \
        ssh_identity_file="$FX_DIR/id" ssh_known_hosts="$FX_DIR/known_hosts" -T off vm2
    assert_equal "$status" 5
    assert_output --partial "vm2 is still running dom0a 2 s after"
}

@test "an unreachable Dom0 fails within the connect timeout" {
    local started=$EPOCHREALTIME
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" dom0_cluster_ip="$FX_DEAD" -T reset vm1
    assert_equal "$status" 5
    assert_output --regexp "could not connect to $FX_DEAD:22 within 2\.0 s|no route to $FX_DEAD:22"
    (( $(echo "$(elapsed_since "$started") < 10" | bc) ))
    assert_equal "$(fx_resource_state vm1)" running
}

@test "a Dom0 with the wrong host key is refused and nothing runs there" {
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" ssh_known_hosts="$FX_DIR/known_hosts.wrong" -T off vm1
    assert_equal "$status" 5
    assert_output --partial "HOST KEY MISMATCH for fx-target:22"
    [ ! -s "$FX_DIR/requests.log" ]
    assert_equal "$(fx_resource_state vm1)" running
}

@test "host names that a shell would interpret are refused before anything is sent" {
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" hostlist='vm1 vm$(id)' -T off vm1
    assert_equal "$status" 5
    assert_output --partial 'refusing to send "vm$(id)" to the Dom0'
    [ ! -s "$FX_DIR/requests.log" ]
}

@test "fence-agents: reboot from stdin, status ON/OFF, metadata" {
    run fx_fence_agent fence_xenha_xen0ha <<EOF
action=reboot
port=vm1
hostlist=vm1 vm2
dom0_cluster_ip=fx-target
stop_timeout=6
ssh_identity_file=$FX_DIR/id
ssh_known_hosts=$FX_DIR/known_hosts
EOF
    assert_success
    assert_line "Success: Rebooted"
    assert_equal "$(role_changes | tr '\n' ' ')" "vm1=Stopped vm1=Started "

    local options=(--hostlist "vm1 vm2" --dom0-cluster-ip fx-target --ssh-identity-file "$FX_DIR/id" --ssh-known-hosts "$FX_DIR/known_hosts")
    fx_resource vm2 no 1
    run fx_fence_agent fence_xenha_xen0ha -o status -n vm1 "${options[@]}"
    assert_success
    assert_output "Status: ON"
    run fx_fence_agent fence_xenha_xen0ha -o status -n vm2 "${options[@]}"
    assert_equal "$status" 2
    assert_output "Status: OFF"

    run "$FX_DIR/sbin/fence_xenha_xen0ha" -o metadata
    assert_success
    assert_output --partial '<resource-agent name="fence_xenha_xen0ha" shortdesc="xen0-ha DomU/Dom0 device">'
    assert_output --partial '<action name="on" automatic="0" />'
    xmllint --noout - <<<"$output"
}

@test "the Dom0 helper: usage, names, timeouts and status" {
    run "$DIST/helper/xen0-ha-helper"
    assert_equal "$status" 2
    assert_output --partial "usage: xen0-ha-helper {off|on|reset|status} DOMU [TIMEOUT-SECONDS]"
    run "$DIST/helper/xen0-ha-helper" off 'vm1;reboot' 5
    assert_equal "$status" 2
    assert_output --partial 'invalid DomU name "vm1;reboot"'
    run "$DIST/helper/xen0-ha-helper" off vm1 soon
    assert_equal "$status" 2
    assert_output --partial 'invalid timeout "soon"'
    export FX_CIB="$FX_DIR/cib" PATH="$BATS_TEST_DIRNAME/../cluster/fence/fakebin:$PATH"
    run "$DIST/helper/xen0-ha-helper" status vm1
    assert_success
    assert_output "running dom0a"
    run "$DIST/helper/xen0-ha-helper" status vm7
    assert_equal "$status" 3
    assert_output --partial "resource vm7 not found in the Dom0 CIB"
    run "$DIST/helper/xen0-ha-helper" reset vm1 5
    assert_success
    assert_equal "$(fx_resource_state vm1)" running
}

@test "forced command: the plugin works unchanged against the helper as the key's forced command" {
    fx_mode forced
    echo "--allow vm1,vm2" > "$FX_DIR/forced-args"
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" hostlist="vm1 vm2" -T reset vm1
    assert_success
    assert_equal "$(fx_resource_state vm1)" running
    assert_equal "$(role_changes | tr '\n' ' ')" "vm1=Stopped vm1=Started "
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" hostlist="vm1 vm2" -S
    assert_success
}

@test "forced command: the DomU key can no longer run a shell or any other program" {
    fx_mode forced
    echo "--allow vm1,vm2" > "$FX_DIR/forced-args"
    run fx_ssh "id; touch $FX_DIR/pwned"
    assert_equal "$status" 5
    assert_output --partial "this key may only run the Dom0 helper, not \"id; touch"
    run fx_ssh /bin/sh -c id
    assert_equal "$status" 5
    run fx_ssh "/tmp/xen0-ha-helper; id"
    assert_equal "$status" 5
    run fx_ssh
    [ "$status" -ne 0 ]
    refute_output --partial "uid="
    [ ! -e "$FX_DIR/pwned" ]
    assert_equal "$(role_changes)" ""
}

@test "forced command: a DomU outside the key's allow-list is refused and keeps running" {
    fx_mode forced
    echo "--allow vm1" > "$FX_DIR/forced-args"
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" hostlist="vm1 vm2" -T off vm2
    assert_equal "$status" 5
    assert_output --partial "vm2 is not in this key's allow-list: refusing to off it"
    assert_equal "$(fx_resource_state vm2)" running
    assert_equal "$(role_changes)" ""
    # the same with the allow-list in a file; and a forced command without any list refuses all
    printf '# DomUs of cluster A\nvm1\n' > "$FX_DIR/allow"
    echo "--allow-file $FX_DIR/allow" > "$FX_DIR/forced-args"
    run fx_ssh "$HELPER off vm2 5"
    assert_equal "$status" 5
    : > "$FX_DIR/forced-args"
    run fx_ssh "$HELPER status vm1"
    assert_equal "$status" 5
    assert_output --partial "needs an allow-list"
    assert_equal "$(fx_resource_state vm2)" running
}

@test "the helper never touches a resource that is not a Xen domain (e.g. the Dom0's fencing device)" {
    fx_resource vm2 yes 1 0 stonith:external/ssh
    fx_mode forced
    echo "--allow vm1,vm2" > "$FX_DIR/forced-args"
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" hostlist="vm1 vm2" -T off vm2
    assert_equal "$status" 5
    assert_output --partial "resource vm2 is a stonith:external/ssh resource, not a Xen domain"
    assert_equal "$(fx_resource_state vm2)" running
    # unrestricted (helper mode) too, and for an OCF agent that is not Xen
    fx_resource vm1 yes 1 0 ocf:heartbeat:IPaddr2
    fx_mode helper
    run fx_stonith -t external/xen0-ha "${DEVICE[@]}" hostlist="vm1 vm2" -T off vm1
    assert_equal "$status" 5
    assert_output --partial "resource vm1 is a ocf:heartbeat:IPaddr2 resource, not a Xen domain"
    assert_equal "$(fx_resource_state vm1)" running
    assert_equal "$(role_changes)" ""
}
