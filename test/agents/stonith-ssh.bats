#!/usr/bin/env bats
# external/ssh and fence_xenha_ssh through the real cluster-glue `stonith` CLI (in a private
# mount namespace) against an sshd in a network namespace whose forced command only records
# what it is asked and, in "poweroff" mode, then takes the target off the network.
# Needs root (namespaces, mounts); skipped otherwise.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/../cluster/fence/fx"

REBOOT="echo 'sleep 2; /sbin/reboot -nf' | SHELL=/bin/sh at now >/dev/null 2>&1"
POWEROFF="echo 'sleep 2; /sbin/poweroff -nf' | SHELL=/bin/sh at now >/dev/null 2>&1"

setup_file() {
    [ "$(id -u)" = 0 ] || skip "needs root"
    [ -x "$DIST/stonith/ssh" ] || { echo "build first: node build/bundle.mjs" >&2; return 1; }
    fx_up s 1
}

teardown_file() {
    fx_down
}

setup() {
    [ "$(id -u)" = 0 ] || skip "needs root"
    fx_answers "$FX_TARGET" || fx_link_up
    fx_mode log
    fx_clear_requests
    # "unname" mode (see fx-forced-command) may have removed fx-target from the hosts file
    if [ -f "$FX_DIR/hosts.saved" ]; then cat "$FX_DIR/hosts.saved" > "$FX_DIR/hosts"; fi
    # The device as a user configures it; tests add or override name=value pairs.
    DEVICE=(hostlist="fx-target $FX_DEAD" ssh_identity_file="$FX_DIR/id" ssh_known_hosts="$FX_DIR/known_hosts"
            ssh_connect_timeout=2 power_timeout=8)
    export HA_LOGFACILITY=none
}

# Seconds since $1 (an EPOCHREALTIME value).
elapsed_since() { echo "$EPOCHREALTIME - $1" | bc; }

@test "stonith -n prints the reference's config names (for -p)" {
    run fx_stonith -t external/ssh -n
    assert_success
    assert_output "hostlist  "
}

@test "stonith -m prints meta-data with every parameter, well-formed" {
    run fx_stonith -t external/ssh -m
    assert_success
    assert_output --partial '<resource-agent name="external/ssh">'
    assert_output --partial '<shortdesc lang="en">ssh STONITH device'
    for parameter in hostlist livedangerously unreachable_is_off ssh_user ssh_port ssh_identity_file ssh_passphrase ssh_known_hosts ssh_check_host_key ssh_connect_timeout power_timeout; do
        assert_output --partial "<parameter name=\"$parameter\""
    done
    xmllint --noout - <<<"$output"
}

@test "stonith -l lists the hosts as configured (commas and spaces)" {
    run fx_stonith -t external/ssh hostlist="a,B c" -l
    assert_success
    assert_output "$(printf 'a\nB\nc')"
}

@test "stonith -p fills hostlist positionally, as with the reference" {
    run fx_stonith -t external/ssh -p "node1 node2" -l
    assert_success
    assert_output "$(printf 'node1\nnode2')"
}

@test "stonith -S: OK when the target accepts our login, even with another host down" {
    run fx_stonith -t external/ssh "${DEVICE[@]}" -S
    assert_success
    assert_output --partial "does not answer"
    # Logging in is all status does: no command reaches the target.
    [ ! -s "$FX_DIR/requests.log" ]
}

@test "stonith -S: a dead host is skipped once it is silent, not waited for until its ssh connect timeout" {
    # Pacemaker runs one action of a device at a time: a device check waiting on a crashed node
    # holds up that node's fencing. The old check took the whole connect timeout (40 s here).
    # FX_SILENT never answers, not even with "no route": only the silence probe ends the wait.
    local started=$EPOCHREALTIME
    run fx_stonith -t external/ssh "${DEVICE[@]}" hostlist="fx-target $FX_SILENT" ssh_connect_timeout=40 op_timeout=60 -S
    assert_success
    assert_output --partial "$FX_SILENT does not answer (no reply on its ssh port nor to ping): not checked"
    [ "$(echo "$(elapsed_since "$started") < 20" | bc)" = 1 ]
}

@test "stonith -S with hostlist only: identity, known_hosts and host alias come from the ssh client configuration" {
    # The reference's typical device (hostlist only) on a machine whose ssh client is configured
    # in ssh_config (as the cluster harness and many sites do), not in ~/.ssh.
    printf 'Host fx-alias\n    HostName fx-target\nHost *\n    IdentityFile %s/id\n    UserKnownHostsFile %s/known_hosts\n' \
        "$FX_DIR" "$FX_DIR" > "$FX_DIR/ssh_config"
    XENHA_SSH_CONFIG="$FX_DIR/ssh_config" run fx_stonith -t external/ssh hostlist="fx-alias" ssh_connect_timeout=2 -S
    assert_success
    [ ! -s "$FX_DIR/requests.log" ]
}

@test "stonith -T reset of a Host alias: login and the off confirmation both go to its HostName" {
    printf 'Host fx-alias\n    HostName fx-target\nHost *\n    IdentityFile %s/id\n    UserKnownHostsFile %s/known_hosts\n' \
        "$FX_DIR" "$FX_DIR" > "$FX_DIR/ssh_config"
    fx_mode poweroff
    XENHA_SSH_CONFIG="$FX_DIR/ssh_config" run fx_stonith -t external/ssh hostlist="fx-alias" ssh_connect_timeout=2 power_timeout=8 -T reset fx-alias
    assert_success
    assert_output --partial "fx-alias: confirmed off"
    run fx_requests
    assert_output "$(printf '%s\n%s' "poweroff request [$REBOOT]" 'poweroff link-down')"
}

@test "stonith -S says which identity is missing when the ssh client configuration names none that exists" {
    printf 'Host *\n    IdentityFile %s/no-such-key\n    UserKnownHostsFile %s/known_hosts\n' "$FX_DIR" "$FX_DIR" > "$FX_DIR/ssh_config"
    XENHA_SSH_CONFIG="$FX_DIR/ssh_config" run fx_stonith -t external/ssh hostlist="fx-target" ssh_connect_timeout=2 -S
    assert_failure
    assert_output --partial "no ssh identity: none of the IdentityFile entries of the ssh client configuration exists ($FX_DIR/no-such-key)"
    assert_output --partial "set ssh_identity_file, or IdentityFile"
}

@test "stonith -S fails when no host answers" {
    run fx_stonith -t external/ssh "${DEVICE[@]}" hostlist="$FX_DEAD" -S
    [ "$status" -ne 0 ]
    assert_output --partial "none of $FX_DEAD answers on ssh"
}

@test "stonith -T reset: the reference's reboot request, success only after the target is gone" {
    fx_mode poweroff
    run fx_stonith -t external/ssh "${DEVICE[@]}" -T reset FX-Target
    assert_success
    assert_output --partial "fx-target: confirmed off"
    run fx_requests
    assert_output "$(printf '%s\n%s' "poweroff request [$REBOOT]" 'poweroff link-down')"
    # The target went off the network before stonith returned, and stays off.
    run fx_answers "$FX_TARGET"
    assert_failure
}

@test "stonith -T off: a power-off request through at, confirmed" {
    fx_mode poweroff
    run fx_stonith -t external/ssh "${DEVICE[@]}" -T off fx-target
    assert_success
    run fx_requests
    assert_line --index 0 "poweroff request [$POWEROFF]"
}

@test "a host that keeps answering is never reported fenced" {
    fx_mode log
    local started=$EPOCHREALTIME
    run fx_stonith -t external/ssh "${DEVICE[@]}" power_timeout=3 -T reset fx-target
    assert_equal "$status" 5
    assert_output --regexp "timed out after [0-9.]+ s waiting for fx-target to be confirmed OFF \(last: status on\)"
    # Bounded by connect timeout x2 + power_timeout + 2 s, plus stonith's own second.
    (( $(echo "$(elapsed_since "$started") < 16" | bc) ))
    run fx_requests
    assert_output "log request [$REBOOT]"
}

@test "stonith -T on is refused: ssh cannot power a host on" {
    run fx_stonith -t external/ssh "${DEVICE[@]}" -T on fx-target
    assert_equal "$status" 5
    assert_output --partial "ssh cannot power hosts on"
    [ ! -s "$FX_DIR/requests.log" ]
}

@test "a host not in hostlist is refused without connecting" {
    run fx_stonith -t external/ssh "${DEVICE[@]}" -T reset fx-other
    assert_equal "$status" 5
    assert_output --partial "host \"fx-other\" is not controlled by this device (hostlist: fx-target, $FX_DEAD)"
    [ ! -s "$FX_DIR/requests.log" ]
}

@test "a silent host is confirmed off and reported fenced, as a crashed node must be (unreachable_is_off defaults to true)" {
    local started=$EPOCHREALTIME
    run fx_stonith -t external/ssh "${DEVICE[@]}" -T reset "$FX_DEAD"
    assert_success
    assert_output --partial "$FX_DEAD does not answer"
    assert_output --partial "confirmed off"
    # A first 1 s probe and two silent status reads 1 s apart, plus stonith's own 1 s sleep.
    (( $(echo "$(elapsed_since "$started") < 15" | bc) ))
}

@test "a host that answers but refuses ssh is never counted as off" {
    kill "$(cat "$FX_DIR/sshd.pid")"
    local tries=0
    while fx_answers "$FX_TARGET" && timeout 1 bash -c "echo > /dev/tcp/$FX_TARGET/22" 2>/dev/null; do
        tries=$((tries + 1)); [ "$tries" -lt 50 ] || break; sleep 0.1
    done
    run fx_stonith -t external/ssh "${DEVICE[@]}" -T reset fx-target
    # sshd back for the next tests, whatever happened
    nsenter -t "$FX_HOLDER" -n -m /usr/sbin/sshd -f "$FX_DIR/sshd_config" -E "$FX_DIR/sshd.log" 3>&-
    fx_wait_port "$FX_TARGET" 22 10
    assert_equal "$status" 5
    assert_output --partial "refused the connection"
    refute_output --partial "confirmed off"
}

@test "a host name that does not resolve is an error, never off" {
    run fx_stonith -t external/ssh "${DEVICE[@]}" hostlist="no-such-host.invalid" -T reset no-such-host.invalid
    assert_equal "$status" 5
    assert_output --partial "cannot resolve host name no-such-host.invalid"
}

@test "a name that stops resolving during the reboot is never confirmed off while the host answers" {
    [ -f "$FX_DIR/hosts.saved" ] || cp "$FX_DIR/hosts" "$FX_DIR/hosts.saved"
    fx_mode unname
    run fx_stonith -t external/ssh "${DEVICE[@]}" power_timeout=4 -T reset fx-target
    cat "$FX_DIR/hosts.saved" > "$FX_DIR/hosts"
    assert_equal "$status" 5
    assert_output --partial "waiting for fx-target to be confirmed OFF (last: status unreadable: cannot resolve host name fx-target"
    refute_output --partial "confirmed off"
    fx_answers "$FX_TARGET"
    run fx_requests
    assert_line --partial "unname done"
}

@test "fence-agents: -o status of a name that does not resolve is an error, never OFF" {
    run fx_fence_agent fence_xenha_ssh -o status -n nothere.invalid --hostlist "fx-target,nothere.invalid" \
        --ssh-identity-file "$FX_DIR/id" --ssh-known-hosts "$FX_DIR/known_hosts" --ssh-connect-timeout 2
    assert_equal "$status" 1
    refute_output --partial "Status: OFF"
    assert_output --partial "cannot resolve host name nothere.invalid"
}

@test "a hostlist entry that would be an option (-fs65000) is refused before anything runs" {
    run fx_fence_agent fence_xenha_ssh <<<$'action=status\nplug=-fs65000\nhostlist=-fs65000\nssh_connect_timeout=2'
    assert_equal "$status" 1
    assert_output --partial 'parameter "hostlist": "-fs65000" is not a host name or address'
    refute_output --partial 'Status:'
    run fx_stonith -t external/ssh "${DEVICE[@]}" hostlist="fx-target -fs65000" -T reset fx-target
    assert_equal "$status" 5
    assert_output --partial '"-fs65000" is not a host name or address'
    [ ! -s "$FX_DIR/requests.log" ]
}

@test "unreachable_is_off=false: a dead host fails within the connect timeout" {
    local started=$EPOCHREALTIME
    run fx_stonith -t external/ssh "${DEVICE[@]}" unreachable_is_off=false -T reset "$FX_DEAD"
    assert_equal "$status" 5
    assert_output --regexp "could not connect to $FX_DEAD:22 within 2\.0 s|no route to $FX_DEAD:22"
    # 2 s connect timeout, plus stonith's 1 s sleep and start-up: well under the 40 s of plain ssh.
    (( $(echo "$(elapsed_since "$started") < 10" | bc) ))
}

@test "a wrong host key is refused with a clear message, and nothing is sent" {
    run fx_stonith -t external/ssh "${DEVICE[@]}" ssh_known_hosts="$FX_DIR/known_hosts.wrong" -T reset fx-target
    assert_equal "$status" 5
    assert_output --partial "HOST KEY MISMATCH for fx-target:22: it presented ssh-ed25519 SHA256:"
    assert_output --partial "refusing to connect"
    [ ! -s "$FX_DIR/requests.log" ]
}

@test "an unknown host key is refused; ssh_check_host_key=false is the explicit opt-out" {
    run fx_stonith -t external/ssh "${DEVICE[@]}" ssh_known_hosts="$FX_DIR/known_hosts.empty" -T reset fx-target
    assert_equal "$status" 5
    assert_output --partial "no host key for fx-target in $FX_DIR/known_hosts.empty"
    [ ! -s "$FX_DIR/requests.log" ]

    fx_mode poweroff
    run fx_stonith -t external/ssh "${DEVICE[@]}" ssh_known_hosts="$FX_DIR/known_hosts.wrong" ssh_check_host_key=false -T reset fx-target
    assert_success
    assert_output --partial "ssh_check_host_key is off: accepting fx-target:22's host key ssh-ed25519 SHA256:"
}

@test "hashed known_hosts entries are understood" {
    grep -q '^|1|' "$FX_DIR/known_hosts.hashed"
    run fx_stonith -t external/ssh "${DEVICE[@]}" ssh_known_hosts="$FX_DIR/known_hosts.hashed" -S
    assert_success
}

@test "a key the target does not accept is a login failure" {
    run fx_stonith -t external/ssh "${DEVICE[@]}" ssh_identity_file="$FX_DIR/id_stranger" -T reset fx-target
    assert_equal "$status" 5
    assert_output --partial "fx-target:22 refused the login (public key not accepted)"
    [ ! -s "$FX_DIR/requests.log" ]
}

@test "a target that cannot queue the request (no at) fails at once with its reason" {
    fx_mode fail
    run fx_stonith -t external/ssh "${DEVICE[@]}" -T reset fx-target
    assert_equal "$status" 5
    assert_output --partial "fx-target could not queue the reboot: the command exited with 127 (sh: 1: at: not found); is at installed and atd running there?"
}

@test "an encrypted key works with ssh_passphrase, which never appears in logs" {
    fx_mode poweroff
    export HA_LOGFILE="$FX_DIR/ha.log" HA_debug=1
    run fx_stonith -t external/ssh "${DEVICE[@]}" ssh_identity_file="$FX_DIR/id_encrypted" ssh_passphrase=fx-pass-phrase-1 -T reset fx-target
    assert_success
    refute_output --partial fx-pass-phrase-1
    grep -q "confirmed off" "$HA_LOGFILE"
    run ! grep -q fx-pass-phrase-1 "$HA_LOGFILE"
}

@test "an encrypted key without ssh_passphrase is a configuration error" {
    run fx_stonith -t external/ssh "${DEVICE[@]}" ssh_identity_file="$FX_DIR/id_encrypted" -T reset fx-target
    assert_equal "$status" 5
    assert_output --partial "id_encrypted is encrypted: set ssh_passphrase"
}

@test "two operations on the same host never overlap (device lock)" {
    fx_mode slow
    fx_stonith -t external/ssh "${DEVICE[@]}" power_timeout=2 -T reset fx-target > "$FX_DIR/op1.out" 2>&1 &
    local first=$! i
    # Start the second operation once the first one holds the lock (its request has arrived).
    for ((i = 0; i < 100; i++)); do [ -s "$FX_DIR/requests.log" ] && break; sleep 0.1; done
    # The second operation may wait for the whole first one (8 s) and still have time of its own.
    fx_stonith -t external/ssh "${DEVICE[@]}" power_timeout=14 -T reset fx-target > "$FX_DIR/op2.out" 2>&1 &
    local second=$!
    local rc1=0 rc2=0
    wait "$first" || rc1=$?
    wait "$second" || rc2=$?
    # The target never goes down in slow mode: neither may report success.
    assert_equal "$rc1" 5
    assert_equal "$rc2" 5
    grep -q "waiting up to .* for another operation on ssh:fx-target:22 (pid [0-9]*: reset fx-target since" "$FX_DIR/op2.out"
    # The second request reached the target only after the first operation ended.
    local starts ends
    mapfile -t starts < <(awk '$3 == "request" {print $1}' "$FX_DIR/requests.log")
    mapfile -t ends < <(awk '$3 == "end" {print $1}' "$FX_DIR/requests.log")
    assert_equal "${#starts[@]}" 2
    (( $(echo "${starts[1]} > ${ends[0]}" | bc) ))
}

@test "fence-agents: reboot from key=value lines on stdin" {
    fx_mode poweroff
    run fx_fence_agent fence_xenha_ssh <<EOF
action=reboot
plug=FX-TARGET
hostlist=fx-target $FX_DEAD
ssh_identity_file=$FX_DIR/id
ssh_known_hosts=$FX_DIR/known_hosts
ssh_connect_timeout=2
nodeid=2
EOF
    assert_success
    assert_line "Success: Rebooted"
    run fx_requests
    assert_line --index 0 "poweroff request [$REBOOT]"
}

@test "fence-agents: -o metadata is fence-agents meta-data" {
    run "$FX_DIR/sbin/fence_xenha_ssh" -o metadata
    assert_success
    assert_line --index 1 '<resource-agent name="fence_xenha_ssh" shortdesc="ssh STONITH device">'
    assert_output --partial '<getopt mixed="-o, --action=[action]" />'
    assert_output --partial '<getopt mixed="--ssh-known-hosts=[value]" />'
    assert_output --partial '<getopt mixed="--ssh-options=[options]" />'
    assert_output --partial '<getopt mixed="-S, --password-script=[script]" />'
    assert_output --partial '<action name="reboot" />'
    refute_output --partial '<action name="on"'
    xmllint --noout - <<<"$output"
}

@test "fence-agents: list, status ON/OFF and monitor from command-line options" {
    local options=(--hostlist "fx-target,$FX_DEAD" --ssh-identity-file "$FX_DIR/id" --ssh-known-hosts "$FX_DIR/known_hosts" --ssh-connect-timeout 2)
    run fx_fence_agent fence_xenha_ssh -o list "${options[@]}"
    assert_success
    assert_output "$(printf 'fx-target,\n%s,' "$FX_DEAD")"
    run fx_fence_agent fence_xenha_ssh -o status -n fx-target "${options[@]}"
    assert_success
    assert_output "Status: ON"
    run fx_fence_agent fence_xenha_ssh -o status -n "$FX_DEAD" "${options[@]}"
    assert_equal "$status" 2
    assert_output "Status: OFF"
    run fx_fence_agent fence_xenha_ssh -o monitor "${options[@]}"
    assert_success
}

@test "fence-agents: ssh_options -i and a password_script for the key's passphrase; host-key weakening refused" {
    local script="$FX_DIR/get-passphrase" log="$FX_DIR/fa-debug.log"
    printf '#!/bin/sh\necho fx-pass-phrase-1\n' >"$script"
    chmod 700 "$script"
    rm -f "$log"
    # -t is meaningless here and skipped; -i applies; -o Compression is ignored with a warning.
    run fx_fence_agent fence_xenha_ssh -o monitor --hostlist fx-target --ssh-known-hosts "$FX_DIR/known_hosts" \
        --ssh-options="-t -i $FX_DIR/id_encrypted -o Compression=yes -o StrictHostKeyChecking=yes" -S "$script" -D "$log"
    assert_success
    assert_output --partial "ssh_options: ignored, as this ssh client has no use for them: -o Compression=yes"
    refute_output --partial fx-pass-phrase-1
    run grep -c "password_script" "$log"
    assert_success
    run grep fx-pass-phrase-1 "$log"
    assert_failure
    # Without the script, the same key is a configuration error: the passphrase did come from it.
    run fx_fence_agent fence_xenha_ssh -o monitor --hostlist fx-target --ssh-known-hosts "$FX_DIR/known_hosts" \
        --ssh-options="-i $FX_DIR/id_encrypted"
    assert_failure
    assert_output --partial "is encrypted: set ssh_passphrase"
    # Anything that would weaken host-key checking is refused before connecting.
    run fx_fence_agent fence_xenha_ssh -o reboot -n fx-target --hostlist fx-target --ssh-identity-file "$FX_DIR/id" \
        --ssh-options="-o StrictHostKeyChecking=no"
    assert_equal "$status" 1
    assert_output --partial "-o StrictHostKeyChecking=no is refused"
    run fx_fence_agent fence_xenha_ssh -o reboot -n fx-target --hostlist fx-target --ssh-identity-file "$FX_DIR/id" \
        --ssh-options="-oUserKnownHostsFile=/dev/null"
    assert_failure
    assert_output --partial "is refused"
    # A port given twice, differently, is a conflict.
    run fx_fence_agent fence_xenha_ssh -o reboot -n fx-target --hostlist fx-target --ssh-identity-file "$FX_DIR/id" \
        --ipport 22 --ssh-options="-p 2222"
    assert_failure
    assert_output --partial 'ssh_options sets ssh_port to "2222", but ssh_port is also given as "22"'
    [ ! -s "$FX_DIR/requests.log" ]
}

@test "fence-agents: bad input fails with a reason and a fence-agents code" {
    run fx_fence_agent fence_xenha_ssh -o reboot -n nothere --hostlist fx-target
    assert_equal "$status" 8
    assert_output --partial 'Failed: host "nothere" is not controlled by this device'
    run fx_fence_agent fence_xenha_ssh -o reboot -n fx-target --hostlist fx-target --ssh-passphrase secret
    assert_equal "$status" 1
    assert_output --partial "must not be given on the command line"
    refute_output --partial secret
    run fx_fence_agent fence_xenha_ssh -o reboot -n fx-target --hostlist fx-target --ssh-known-hosts "$FX_DIR/known_hosts.wrong" --ssh-identity-file "$FX_DIR/id"
    assert_equal "$status" 3
    assert_output --partial "HOST KEY MISMATCH"
    [ ! -s "$FX_DIR/requests.log" ]
}
