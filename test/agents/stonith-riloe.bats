#!/usr/bin/env bats
# external/riloe and fence_xenha_riloe against the iLO simulator (test/sim/ilo): the real
# cluster-glue `stonith` CLI (our plugin bind-mounted over cluster-glue's in a private mount
# namespace, so root is needed for those tests), the fence-agents forms, every simulator fault,
# and the password kept out of argv, logs and messages. Outcomes are checked against the
# simulator's state and its command log.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/../sim/ilo/helpers"

setup_file() {
    [ -x "$DIST/stonith/riloe" ] || { echo "build first: node build/bundle.mjs" >&2; return 1; }
    ilo_up "$BATS_FILE_TMPDIR"
}

teardown_file() {
    ilo_down
}

setup() {
    ilo_reset
    export HA_LOGFACILITY=none
    unset HA_LOGFILE HA_debug
    DEVICE=(hostlist=node1 "ilo_hostname=$ILO_ADDRESS" ilo_password=secret "ilo_ca_file=$ILOSIM_DIR/ca.pem" ilo_timeout=3s power_wait=4s)
}

needs_root() { [ "$(id -u)" = 0 ] || skip "the stonith CLI tests bind-mount the plugin directory (root)"; }

# ours ACTION [HOST] [name=value...]: the plugin as external.so runs it (parameters in the environment).
ours() {
    local action=$1; shift
    local host=()
    if [ $# -gt 0 ] && [[ $1 != *=* ]]; then host=("$1"); shift; fi
    env "${DEVICE[@]}" "$@" "$DIST/stonith/riloe" "$action" "${host[@]}"
}

elapsed_since() { echo "$EPOCHREALTIME - $1" | bc; }

# ---------------------------------------------------------------------------------------------
# The stonith CLI
# ---------------------------------------------------------------------------------------------

@test "stonith -n prints the reference's nine config names, in its order" {
    needs_root
    run ours_stonith -t external/riloe -n
    assert_success
    assert_output "hostlist  ilo_hostname  ilo_user  ilo_password  ilo_can_reset  ilo_protocol  ilo_powerdown_method  ilo_proxyhost  ilo_proxyport  "
}

@test "stonith -m prints well-formed meta-data with every parameter" {
    needs_root
    run ours_stonith -t external/riloe -m
    assert_success
    assert_output --partial '<resource-agent name="external/riloe">'
    for parameter in hostlist ilo_hostname ilo_user ilo_password ilo_can_reset ilo_protocol ilo_powerdown_method ilo_proxyhost ilo_proxyport \
        ilo_password_file ilo_ca_file ilo_fingerprint ilo_ssl_insecure ilo_tls_min ilo_transport ilo_redfish_auth ilo_timeout power_wait; do
        assert_output --partial "<parameter name=\"$parameter\""
    done
    xmllint --noout - <<<"$output"
}

@test "stonith -l lists the host; -S reads the power state and nothing else" {
    needs_root
    run ours_stonith -t external/riloe "${DEVICE[@]}" -l
    assert_success
    assert_output node1
    run ours_stonith -t external/riloe "${DEVICE[@]}" -S
    assert_success
    run ilo_commands
    assert_output GET_HOST_POWER_STATUS
}

@test "stonith -S fails when nothing listens at ilo_hostname" {
    needs_root
    run ours_stonith -t external/riloe "${DEVICE[@]}" ilo_hostname=127.0.0.1:1 -S
    assert_failure
    assert_output --partial "127.0.0.1:1 refused the connection"
}

@test "stonith -T reset: off, confirmed off, on, confirmed on; the host ends up on" {
    needs_root
    run ours_stonith -t external/riloe "${DEVICE[@]}" -T reset NODE1
    assert_success
    assert_output --partial "node1: confirmed off"
    assert_output --partial "node1: confirmed on"
    run ilo_commands
    assert_output "$(printf '%s\n' 'SET_HOST_POWER N' GET_HOST_POWER_STATUS 'SET_HOST_POWER Y' GET_HOST_POWER_STATUS)"
    run ilosim power
    assert_output on
}

@test "stonith -T off and -T on, each confirmed" {
    needs_root
    run ours_stonith -t external/riloe "${DEVICE[@]}" -T off node1
    assert_success
    run ilosim power
    assert_output off
    run ours_stonith -t external/riloe "${DEVICE[@]}" -T on node1
    assert_success
    run ilosim power
    assert_output on
    run ilo_commands
    assert_output "$(printf '%s\n' 'SET_HOST_POWER N' GET_HOST_POWER_STATUS 'SET_HOST_POWER Y' GET_HOST_POWER_STATUS)"
}

@test "stonith -T reset of a host not in hostlist is refused before contacting the iLO" {
    needs_root
    run ours_stonith -t external/riloe "${DEVICE[@]}" -T reset node2
    assert_equal "$status" 5
    assert_output --partial 'host "node2" is not controlled by this device (hostlist: node1)'
    run ilo_commands
    assert_output ""
}

# ---------------------------------------------------------------------------------------------
# Power methods and the power state machine
# ---------------------------------------------------------------------------------------------

@test "reset with ilo_powerdown_method=button holds the button, then powers the host back on" {
    run ours reset node1 ilo_powerdown_method=button
    assert_success
    run ilo_commands
    assert_output "$(printf '%s\n' GET_HOST_POWER_STATUS HOLD_PWR_BTN GET_HOST_POWER_STATUS 'SET_HOST_POWER Y' GET_HOST_POWER_STATUS)"
    run ilosim power
    assert_output on
}

@test "reset of a host that is already off powers it on; off of an off host succeeds" {
    ilosim power off
    run ours off node1 ilo_powerdown_method=button
    assert_success
    run ours reset node1
    assert_success
    run ilosim power
    assert_output on
}

@test "a slow power-off is polled until confirmed" {
    ilosim delay off 2500
    run ours off node1
    assert_success
    assert_output --regexp "node1: confirmed off after [2-9]\.[0-9] s"
    run ilosim power
    assert_output off
}

@test "a power-off that never shows fails after power_wait, never success" {
    ilosim delay off 600000
    local started=$EPOCHREALTIME
    run ours off node1 power_wait=2s
    assert_failure
    assert_output --regexp "timed out after [0-9.]+ s waiting for node1 to be confirmed OFF \(last: status on\)"
    # request (3 s at most) + power_wait 2 s + 2 s: generous bound for a loaded machine.
    (( $(echo "$(elapsed_since "$started") < 12" | bc) ))
}

@test "legacy RI_* variables stand for hostlist, ilo_hostname, ilo_user and ilo_password" {
    run env RI_HOST=node1 RI_HOSTRI="$ILO_ADDRESS" RI_LOGIN=Administrator RI_PASSWORD=secret ilo_ca_file="$ILOSIM_DIR/ca.pem" "$DIST/stonith/riloe" status
    assert_success
}

@test "configuration errors: two hosts, a bad address, no password, two trust settings" {
    run ours status hostlist="node1 node2"
    assert_failure
    assert_output --partial "hostlist must name exactly one, not 2"
    run ours status ilo_hostname=-oProxyCommand=x
    assert_failure
    assert_output --partial 'ilo_hostname "-oProxyCommand=x" is not a host name'
    run env -u ilo_password hostlist=node1 ilo_hostname="$ILO_ADDRESS" "$DIST/stonith/riloe" status
    assert_failure
    assert_output --partial "no password"
    run ours status ilo_ssl_insecure=true
    assert_failure
    assert_output --partial "choose one way to trust"
    run ilo_commands
    assert_output ""
}

# ---------------------------------------------------------------------------------------------
# Accounts and busy iLOs
# ---------------------------------------------------------------------------------------------

@test "a wrong password fails with the iLO's message and changes nothing" {
    run ours reset node1 ilo_password=wrong
    assert_failure
    assert_output --partial "Login credentials rejected. (status 0x005F): check ilo_user and the password"
    refute_output --partial wrong
    run ilosim power
    assert_output on
}

@test "a user without the power privilege fails with what to grant" {
    ilosim account add operator op-pass --no-power-priv
    run ours off node1 ilo_user=operator ilo_password=op-pass
    assert_failure
    assert_output --partial 'VIRTUAL_POWER_AND_RESET_PRIV required. (status 0x0023): give the iLO user the "Virtual Power and Reset" privilege'
    run ilosim power
    assert_output on
}

@test "a busy iLO is retried within the deadline" {
    ilosim fault busy 2
    run ours off node1
    assert_success
    assert_output --partial "retrying SET_HOST_POWER in 1.0 s"
    run ilosim power
    assert_output off
}

@test "an iLO that stays busy is a failure, never success, within the deadline" {
    ilosim fault busy always
    local started=$EPOCHREALTIME
    run ours off node1 power_wait=2s
    assert_failure
    assert_output --partial "still busy after"
    (( $(echo "$(elapsed_since "$started") < 12" | bc) ))
    run ilosim power
    assert_output on
}

@test "a session held by someone else: waited for, then the reset goes through" {
    ilosim fault hold-session 2
    run ours reset node1
    assert_success
    run ilosim power
    assert_output on
}

@test "operations on one iLO never overlap: two resets at once both succeed on an iLO that refuses a second session" {
    ilosim fault second-session
    ours reset node1 >"$BATS_TEST_TMPDIR/one" 2>&1 &
    local first=$!
    ours reset node1 >"$BATS_TEST_TMPDIR/two" 2>&1 &
    local second=$! rc1=0 rc2=0
    wait "$first" || rc1=$?
    wait "$second" || rc2=$?
    assert_equal "$rc1" 0
    assert_equal "$rc2" 0
    run ilo_commands
    refute_output --partial BUSY
    assert_equal "$(grep -c 'SET_HOST_POWER N' <<<"$output")" 2
}

# ---------------------------------------------------------------------------------------------
# Broken connections and answers
# ---------------------------------------------------------------------------------------------

@test "an iLO that accepts TCP but never speaks TLS fails within ilo_timeout" {
    ilosim fault no-tls
    local started=$EPOCHREALTIME
    run ours reset node1 ilo_timeout=2s
    assert_failure
    assert_output --partial "accepted the connection but did not complete a TLS handshake within 2.0 s"
    (( $(echo "$(elapsed_since "$started") < 8" | bc) ))
}

@test "an iLO that reads the request and never answers: the power state decides, within the deadline" {
    ilosim fault no-answer
    local started=$EPOCHREALTIME
    run ours off node1 ilo_timeout=1s power_wait=2s
    assert_failure
    assert_output --partial "took the request but did not answer within 1.0 s"
    assert_output --partial "to be confirmed OFF"
    (( $(echo "$(elapsed_since "$started") < 10" | bc) ))
}

@test "a connection reset in the middle of the answer is a failure that says so" {
    ilosim fault reset-mid-answer
    run ours status
    assert_failure
    assert_output --partial "reset the connection before its answer was complete"
}

@test "an answer in 1-byte TLS records is read whole" {
    ilosim fault one-byte-records
    run ours reset node1
    assert_success
    run ilosim power
    assert_output on
}

@test "several documents in one TLS record are all read" {
    ilosim fault single-record
    run ours reset node1
    assert_success
    run ilo_commands
    assert_line --index 3 GET_HOST_POWER_STATUS
}

@test "a TLS 1.0-only iLO: refused with a hint, accepted with ilo_tls_min=TLSv1" {
    ilosim fault tls1-only
    run ours status
    assert_failure
    assert_output --partial "old iLO firmware may need ilo_tls_min=TLSv1"
    run ours reset node1 ilo_tls_min=TLSv1
    assert_success
}

# ---------------------------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------------------------

@test "an untrusted certificate is refused with its fingerprint, and no login is sent" {
    local fingerprint
    fingerprint=$(ilosim fingerprint)
    run env "${DEVICE[@]}" ilo_ca_file= "$DIST/stonith/riloe" status
    assert_failure
    assert_output --partial "is not trusted (its issuer is not trusted; SHA-256 $fingerprint)"
    run ilo_commands
    assert_output ""
}

@test "ilo_fingerprint pins the certificate; a wrong pin is refused before the login" {
    local fingerprint
    fingerprint=$(ilosim fingerprint)
    run env "${DEVICE[@]}" ilo_ca_file= ilo_fingerprint="${fingerprint//:/}" "$DIST/stonith/riloe" reset node1
    assert_success
    ilosim log --clear
    run env "${DEVICE[@]}" ilo_ca_file= ilo_fingerprint="$(printf 'AB%.0s' {1..32})" "$DIST/stonith/riloe" reset node1
    assert_failure
    assert_output --partial "not the ilo_fingerprint AB:AB"
    run ilo_commands
    assert_output ""
}

@test "a certificate for another name is refused; ilo_ssl_insecure accepts it with a warning" {
    ilosim fault wrong-name
    run ours status
    assert_failure
    assert_output --partial "is for another name"
    run env "${DEVICE[@]}" ilo_ca_file= ilo_ssl_insecure=yes "$DIST/stonith/riloe" reset node1
    assert_success
    assert_equal "$(grep -c "ilo_ssl_insecure is set: NOT verifying the certificate of $ILO_ADDRESS" <<<"$output")" 4
}

# ---------------------------------------------------------------------------------------------
# Transports
# ---------------------------------------------------------------------------------------------

@test "iLO 3/4: auto finds POST /ribcl; ilo_transport=raw says why it cannot work" {
    ilosim model ilo4
    run ours reset node1
    assert_success
    run ilo_commands
    assert_output "$(printf '%s\n' 'raw-ribcl rejected' 'SET_HOST_POWER N' GET_HOST_POWER_STATUS 'SET_HOST_POWER Y' GET_HOST_POWER_STATUS)"
    run ours status ilo_transport=raw
    assert_failure
    assert_output --partial "it is an iLO 3 or later, set ilo_transport=http"
    run ours off node1 ilo_transport=http
    assert_success
    run ilosim power
    assert_output off
}

@test "Redfish: session login, ComputerSystem.Reset ForceOff and On, PowerState read back, logout" {
    ilosim model ilo5
    run ours reset node1 ilo_transport=redfish
    assert_success
    run ilo_commands
    assert_output "$(printf '%s\n' login Systems 'Reset ForceOff' PowerState 'Reset On' PowerState logout)"
    run ilosim power
    assert_output on
}

@test "Redfish: basic auth, a slow power-off (PoweringOff) confirmed, no privilege refused" {
    ilosim model ilo5
    ilosim delay off 1500
    run ours off node1 ilo_transport=redfish ilo_redfish_auth=basic
    assert_success
    run ilosim power
    assert_output off
    ilosim account add viewer view-pass --no-power-priv
    run ours on node1 ilo_transport=redfish ilo_user=viewer ilo_password=view-pass
    assert_failure
    assert_output --partial 'the user lacks a privilege (Base.1.4.InsufficientPrivilege)'
}

@test "auto on an iLO without RIBCL (iLO 6) falls back to Redfish" {
    ilosim model ilo5
    ilosim ribcl off
    run ours reset node1
    assert_success
    run ilo_commands
    assert_line --index 1 'POST /ribcl not-found'
    assert_line --index 2 login
    assert_line 'Reset On'
}

@test "through an HTTP proxy (CONNECT), the certificate verified as without it" {
    local proxy_port
    proxy_port=$(ilosim proxy start)
    run ours reset node1 ilo_hostname="localhost:$ILO_PORT" ilo_proxyhost=127.0.0.1 ilo_proxyport="$proxy_port"
    assert_success
    run ilo_commands
    assert_line --index 0 "CONNECT localhost:$ILO_PORT"
    assert_line --index 1 'SET_HOST_POWER N'
    run env "${DEVICE[@]}" ilo_ca_file= ilo_proxyhost=127.0.0.1 ilo_proxyport="$proxy_port" "$DIST/stonith/riloe" status
    assert_failure
    assert_output --partial "is not trusted"
    ilosim proxy stop
    run ours status ilo_proxyhost=127.0.0.1 ilo_proxyport="$proxy_port"
    assert_failure
    assert_output --partial "127.0.0.1:$proxy_port (ilo_proxyhost) refused the connection"
}

# ---------------------------------------------------------------------------------------------
# Secrets
# ---------------------------------------------------------------------------------------------

@test "ilo_password_file: a root-only file works, a readable one is refused" {
    local file="$BATS_TEST_TMPDIR/ilo-pass"
    printf 'secret\n' >"$file"
    chmod 600 "$file"
    run env hostlist=node1 ilo_hostname="$ILO_ADDRESS" ilo_ca_file="$ILOSIM_DIR/ca.pem" ilo_password_file="$file" "$DIST/stonith/riloe" reset node1
    assert_success
    chmod 644 "$file"
    run env hostlist=node1 ilo_hostname="$ILO_ADDRESS" ilo_ca_file="$ILOSIM_DIR/ca.pem" ilo_password_file="$file" "$DIST/stonith/riloe" reset node1
    assert_failure
    assert_output --partial "is readable or writable by group or others (mode 644): chmod 600 it"
    refute_output --partial secret
}

@test "the password never appears in argv, the logs, messages or the lock file" {
    local password='Pw-0f-the-iLO' log="$BATS_TEST_TMPDIR/ha.log"
    ilosim account add fencer "$password"
    ilosim fault no-answer
    # A hanging operation, watched from outside while it runs.
    env "${DEVICE[@]}" ilo_user=fencer ilo_password="$password" ilo_timeout=2s power_wait=2s HA_LOGFILE="$log" HA_debug=1 \
        "$DIST/stonith/riloe" off node1 >"$BATS_TEST_TMPDIR/out" 2>&1 &
    local pid=$!
    sleep 1
    local processes
    processes=$(ps -eo args)
    cat "$XENHA_LOCK_DIR"/*.lock >"$BATS_TEST_TMPDIR/locks" 2>/dev/null || true
    wait "$pid" || true
    [[ $processes == *"riloe off node1"* ]]
    [[ $processes != *"$password"* ]]
    run cat "$log" "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/locks"
    assert_output --partial "did not answer"
    refute_output --partial "$password"
    # A wrong password is not echoed either.
    ilosim fault clear
    run ours status ilo_user=fencer ilo_password="not-$password"
    assert_failure
    refute_output --partial "not-$password"
}

# ---------------------------------------------------------------------------------------------
# fence-agents protocol
# ---------------------------------------------------------------------------------------------

@test "fence-agents: reboot from key=value lines on stdin, password included" {
    run "$ILO_SBIN/fence_xenha_riloe" <<EOF
action=reboot
port=NODE1
hostlist=node1
ilo_hostname=$ILO_ADDRESS
ilo_password=secret
ilo_ca_file=$ILOSIM_DIR/ca.pem
nodeid=1
EOF
    assert_success
    assert_line "Success: Rebooted"
    run ilo_commands
    assert_output "$(printf '%s\n' 'SET_HOST_POWER N' GET_HOST_POWER_STATUS 'SET_HOST_POWER Y' GET_HOST_POWER_STATUS)"
}

@test "fence-agents: off, status OFF (2), on, status ON, list, monitor from options" {
    local file="$BATS_TEST_TMPDIR/ilo-pass"
    printf 'secret\n' >"$file"
    chmod 600 "$file"
    local options=(--hostlist node1 --ilo-hostname "$ILO_ADDRESS" --ilo-password-file "$file" --ilo-ca-file "$ILOSIM_DIR/ca.pem")
    run "$ILO_SBIN/fence_xenha_riloe" -o off -n node1 "${options[@]}"
    assert_success
    assert_line "Success: Powered OFF"
    run ilosim power
    assert_output off
    run "$ILO_SBIN/fence_xenha_riloe" -o status -n node1 "${options[@]}"
    assert_equal "$status" 2
    assert_line "Status: OFF"
    run "$ILO_SBIN/fence_xenha_riloe" -o on -n node1 "${options[@]}"
    assert_success
    run "$ILO_SBIN/fence_xenha_riloe" -o status -n node1 "${options[@]}"
    assert_success
    assert_line "Status: ON"
    run "$ILO_SBIN/fence_xenha_riloe" -o list "${options[@]}"
    assert_line "node1,"
    run "$ILO_SBIN/fence_xenha_riloe" -o monitor "${options[@]}"
    assert_success
}

@test "fence-agents: the password is refused on the command line; failures give fence-agents codes" {
    run "$ILO_SBIN/fence_xenha_riloe" -o reboot -n node1 --hostlist node1 --ilo-hostname "$ILO_ADDRESS" --ilo-password secret
    assert_equal "$status" 1
    assert_output --partial "must not be given on the command line"
    refute_output --partial secret
    run "$ILO_SBIN/fence_xenha_riloe" <<EOF
action=reboot
port=node1
hostlist=node1
ilo_hostname=$ILO_ADDRESS
ilo_password=wrong-one
ilo_ca_file=$ILOSIM_DIR/ca.pem
EOF
    # EC_LOGIN_DENIED
    assert_equal "$status" 3
    assert_output --partial "Login credentials rejected"
    refute_output --partial wrong-one
}

@test "fence-agents: password_script (-S) gives the password, from stdin or the command line; it is never logged" {
    local log="$BATS_TEST_TMPDIR/debug.log" script="$BATS_TEST_TMPDIR/get-password"
    printf '#!/bin/sh\necho secret\necho second-line-ignored\n' >"$script"
    chmod 700 "$script"
    run "$ILO_SBIN/fence_xenha_riloe" <<EOF
action=off
port=node1
hostlist=node1
ilo_hostname=$ILO_ADDRESS
password_script=$script
ilo_ca_file=$ILOSIM_DIR/ca.pem
verbose=1
debug_file=$log
EOF
    assert_success
    assert_line "Success: Powered OFF"
    run ilosim power
    assert_output off
    # The command-line form.
    run "$ILO_SBIN/fence_xenha_riloe" -o on -n node1 --hostlist node1 --ilo-hostname "$ILO_ADDRESS" \
        --ilo-ca-file "$ILOSIM_DIR/ca.pem" -S "$script" -v -D "$log"
    assert_success
    assert_line "Success: Powered ON"
    run ilosim power
    assert_output on
    # A (wrong) password given as well, under fencing.py's old key: the script wins, as in fencing.py, with a warning.
    run "$ILO_SBIN/fence_xenha_riloe" <<EOF
action=status
port=node1
hostlist=node1
ilo_hostname=$ILO_ADDRESS
passwd=wrong-given-too
passwd_script=$script
ilo_ca_file=$ILOSIM_DIR/ca.pem
EOF
    assert_success
    assert_output --partial "using password_script"
    assert_line "Status: ON"
    refute_output --partial wrong-given-too
    # The debug log shows the script ran, never what it printed.
    run grep -c "password_script" "$log"
    assert_success
    run grep -e secret -e second-line "$log"
    assert_failure
}

@test "fence-agents: a password_script that fails, hangs, prints nothing or is not an executable path is a configuration error naming it" {
    local script="$BATS_TEST_TMPDIR/get-password"
    stdin_with_script() {
        printf 'action=status\nport=node1\nhostlist=node1\nilo_hostname=%s\nilo_ca_file=%s\npassword_script=%s\n' \
            "$ILO_ADDRESS" "$ILOSIM_DIR/ca.pem" "$1"
    }
    # Fails: its output (which may hold the password) is not shown; the iLO is never contacted.
    printf '#!/bin/sh\necho leaked-secret\necho leaked-error >&2\nexit 3\n' >"$script"
    chmod 700 "$script"
    run "$ILO_SBIN/fence_xenha_riloe" < <(stdin_with_script "$script")
    assert_failure
    assert_output --partial "password_script \"$script\" exited with 3"
    refute_output --partial leaked
    # Prints nothing.
    printf '#!/bin/sh\nexit 0\n' >"$script"
    run "$ILO_SBIN/fence_xenha_riloe" < <(stdin_with_script "$script")
    assert_failure
    assert_output --partial "printed no password"
    # Hangs: killed at its deadline (10 s); the outer bound only catches a hang of ours.
    printf '#!/bin/sh\nexec sleep 60\n' >"$script"
    run timeout 50 "$ILO_SBIN/fence_xenha_riloe" < <(stdin_with_script "$script")
    assert_failure
    assert [ "$status" -ne 124 ]
    assert_output --partial "did not finish within"
    # Not an absolute path, an option, a command line, not executable.
    run "$ILO_SBIN/fence_xenha_riloe" < <(stdin_with_script "get-password")
    assert_failure
    assert_output --partial "must be an absolute path"
    run "$ILO_SBIN/fence_xenha_riloe" -o status -n node1 --hostlist node1 --ilo-hostname "$ILO_ADDRESS" --password-script=-x
    assert_failure
    assert_output --partial "not an option"
    run "$ILO_SBIN/fence_xenha_riloe" < <(stdin_with_script "/bin/echo secret")
    assert_failure
    assert_output --partial "not a command line"
    chmod 600 "$script"
    run "$ILO_SBIN/fence_xenha_riloe" < <(stdin_with_script "$script")
    assert_failure
    assert_output --partial "is not executable"
    # None of these reached the iLO.
    run ilo_commands
    assert_output ""
}

@test "fence-agents: -o metadata is valid fence-agents meta-data" {
    run "$ILO_SBIN/fence_xenha_riloe" -o metadata
    assert_success
    assert_line --index 1 '<resource-agent name="fence_xenha_riloe" shortdesc="HP iLO STONITH device">'
    assert_output --partial '<getopt mixed="--ilo-password-file=[value]" />'
    assert_output --partial '<parameter name="password_script" unique="0" required="0" obsoletes="passwd_script">'
    assert_output --partial '<getopt mixed="-S, --password-script=[script]" />'
    assert_output --partial '<action name="on" automatic="0" />'
    assert_output --partial '<action name="off" />'
    xmllint --noout - <<<"$output"
    local rng
    for rng in /usr/share/fence/metadata.rng /usr/share/fence-agents/metadata.rng; do
        [ -f "$rng" ] && xmllint --noout --relaxng "$rng" - <<<"$output"
    done
    true
}

@test "fence-agents: pcs stonith describe reads the meta-data (our agent bind-mounted over fence_ilo)" {
    needs_root
    command -v pcs >/dev/null && [ -e /usr/sbin/fence_ilo ] || skip "needs pcs and fence-agents' fence_ilo as a mount point"
    run unshare --mount --propagation private -- sh -c 'mount --bind "$1" /usr/sbin/fence_ilo && exec pcs stonith describe fence_ilo' pcs "$ILO_PLUGINS/riloe"
    assert_success
    assert_line --index 0 "fence_ilo - HP iLO STONITH device"
    # fence-agents names first (pcs shows shortdesc); hostlist is optional there (pcmk_host_list may name the host)
    assert_line "  ip: IP address or hostname of fencing device (also: ilo_hostname)"
    assert_line "  password: Login password or passphrase (also: ilo_password)"
    assert_line "  hostlist: The host this iLO powers"
    assert_line "  ilo_password_file: File holding the iLO password"
    assert_output --partial "pcmk_host_check:"
}
