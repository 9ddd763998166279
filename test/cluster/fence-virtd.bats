#!/usr/bin/env bats
# xenha-fence-virtd answering Debian's real fence_xvm, without a cluster: the daemon runs in a
# "dom0" network namespace with stand-ins for crm_mon/crm_resource/crm_node
# (fence-virtd/fake-pacemaker), fence_xvm in a "guest" namespace joined by a veth pair.
# Protocol, authentication, refusals (wrong key, replay, truncated datagram, a requester that
# never accepts or never talks, unknown domain, cluster not running) and a load of 50
# concurrent requests. The Dom0-cluster behaviour is in fence-virtd-cluster.bats. Needs root.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/fence-virtd/netns"

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-90}

setup_file() {
    [ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
    command -v fence_xvm >/dev/null || skip "fence_xvm is not installed (Debian package fence-virt)"
    [ -x "$DIST/sbin/xenha-fence-virtd" ] || skip "build xenha-fence-virtd first (node build/bundle.mjs)"
    [ -x "$DIST/test/helper/fence-virt-client" ] || skip "build the fence-virt-client fixture first (node build/bundle.mjs)"
    export FV_DIR="$BATS_FILE_TMPDIR/fv"
    export FAKE_PCMK="$FV_DIR/pcmk"
    export FV_FAKE_PCMK_BIN="$BATS_TEST_DIRNAME/fence-virtd/fake-pacemaker"
    mkdir -p "$FAKE_PCMK/rsc"
    echo dom0a > "$FAKE_PCMK/node"
    echo dom0a > "$FAKE_PCMK/dc"
    head -c 512 /dev/urandom > "$FV_DIR/fence_xvm.key"
    head -c 512 /dev/urandom > "$FV_DIR/wrong.key"
    chmod 600 "$FV_DIR"/*.key
    cat > "$FV_DIR/fence_virt.conf" <<CONF
# as an admin would write it for fence_virtd, with our backend
fence_virtd {
    listener = "multicast";
    backend = "xenha";
}
listeners {
    multicast {
        key_file = "$FV_DIR/fence_xvm.key";
        interface = "v0";
    }
}
backends {
    libvirt { uri = "qemu:///system"; }
    xenha { timeout = "10"; }
}
CONF
    fv_net_up || { fv_net_down; return 1; }
    fv_daemon_start "$FV_DIR/fence_virt.conf" || { fv_daemon_stop; fv_net_down; return 1; }
    DAEMON_PID=$(cat "$FV_DIR/daemon.pid")
    export DAEMON_PID
}

teardown_file() {
    fv_daemon_stop
    fv_net_down
}

setup() {
    rm -f "$FAKE_PCMK/down" "$FAKE_PCMK/cut-short" "$FAKE_PCMK/rsc/vm3"
    printf 'agent=ocf:xenha:Xen\nnode=dom0a\n' > "$FAKE_PCMK/rsc/vm1"
    printf 'agent=ocf:xenha:Xen\nnode=\n' > "$FAKE_PCMK/rsc/vm2"
    printf 'agent=ocf:pacemaker:Dummy\nnode=dom0a\n' > "$FAKE_PCMK/rsc/not-a-guest"
    : > "$FAKE_PCMK/calls"
    LOG_MARK=$(wc -l < "$FV_DIR/daemon.log")
}

teardown() {
    if [ "$BATS_TEST_COMPLETED" != 1 ]; then
        echo "# daemon log since the test started:" >&3
        tail -n +"$((LOG_MARK + 1))" "$FV_DIR/daemon.log" | sed 's/^/#   /' >&3
    fi
}

xvm() { fv_guest timeout 40 fence_xvm -k "$FV_DIR/fence_xvm.key" -t 5 "$@"; }
client() { fv_guest timeout 60 "$DIST/test/helper/fence-virt-client" "$@"; }
log_since_test() { tail -n +"$((LOG_MARK + 1))" "$FV_DIR/daemon.log"; }
where() { sed -n 's/^node=//p' "$FAKE_PCMK/rsc/$1"; }

# Refusals must not stop the daemon: after each, a normal request is answered.
still_serving() {
    run xvm -o status -H vm1
    assert_success
    assert_output "Status: ON"
}

@test "fence_xvm -o status: ON for a running guest (exit 0), OFF for a stopped one (exit 2)" {
    run xvm -o status -H vm1
    assert_success
    assert_output "Status: ON"
    run xvm -o status -H vm2
    assert_equal "$status" 2
    assert_output "Status: OFF"
    run log_since_test
    assert_output --partial "status vm1 (seqno"
    assert_output --partial "from 10.77.0.2 port 1229: answered success"
    assert_output --partial "answered off"
}

@test "fence_xvm -o list (and list-status): every Xen resource with its state, nothing else" {
    run xvm -o list
    assert_success
    assert_line --regexp '^vm1 +vm1 on$'
    assert_line --regexp '^vm2 +vm2 off$'
    refute_output --partial not-a-guest
    assert_equal "${#lines[@]}" 2
    run xvm -o list-status
    assert_success
    assert_line --regexp '^vm1 +vm1 on$'
}

@test "fence_xvm -o off, on, reboot: target-role set through crm_resource, result checked" {
    run xvm -o off -H vm1
    assert_success
    assert_equal "$(where vm1)" ""
    grep -qx 'crm_resource --resource vm1 --meta --set-parameter target-role --parameter-value Stopped' "$FAKE_PCMK/calls"
    run xvm -o status -H vm1
    assert_equal "$status" 2
    run xvm -o on -H vm1
    assert_success
    assert_equal "$(where vm1)" dom0a
    : > "$FAKE_PCMK/calls"
    run xvm -o reboot -H vm1
    assert_success
    assert_equal "$(grep -c 'target-role' "$FAKE_PCMK/calls")" 2
    grep -A99 'parameter-value Stopped' "$FAKE_PCMK/calls" | grep -q 'parameter-value Started'
    assert_equal "$(where vm1)" dom0a
}

@test "fence_xvm -o monitor answers success; -o null answers failure as fence_virtd does" {
    run xvm -o monitor
    assert_success
    run xvm -o null -H vm1
    assert_failure 1
    assert_output --partial "Operation failed"
}

@test "unknown domain and a resource that is not a Xen guest: refused with a failure answer" {
    run xvm -o off -H nosuch
    assert_failure 1
    assert_output --partial "Operation failed"
    run xvm -o off -H not-a-guest
    assert_failure 1
    assert_equal "$(where not-a-guest)" dom0a
    refute grep -q 'set-parameter' "$FAKE_PCMK/calls"
    run log_since_test
    assert_output --partial "refusing off: unknown domain nosuch: the Dom0 cluster has no resource nosuch"
    assert_output --partial "refusing off: resource not-a-guest is ocf:pacemaker:Dummy, not a Xen guest"
    still_serving
}

@test "wrong key: the request is refused (signature mismatch), nothing is done, fence_xvm times out" {
    run fv_guest timeout 40 fence_xvm -k "$FV_DIR/wrong.key" -t 3 -o off -H vm1
    assert_failure 1
    assert_output --partial "Timed out waiting for response"
    assert_equal "$(where vm1)" dom0a
    run log_since_test
    assert_output --regexp "WARNING: refused off vm1 \(seqno [0-9]+\) from 10.77.0.2 port 1229 \(sent from 10.77.0.2\): sha256 signature mismatch \(wrong key\?\)"
    refute_output --partial "answering"
    still_serving
}

@test "a weaker hash than configured (sha1 < sha256) is refused" {
    run fv_guest timeout 40 fence_xvm -k "$FV_DIR/fence_xvm.key" -t 3 -c sha1 -o status -H vm1
    assert_failure 1
    run log_since_test
    assert_output --partial "hash sha1 is weaker than the configured minimum sha256"
    run fv_guest timeout 40 fence_xvm -k "$FV_DIR/fence_xvm.key" -t 5 -c sha512 -o status -H vm1
    assert_success
}

@test "a replayed request is refused even while a client listens on its callback port" {
    run client send off vm1 --key "$FV_DIR/fence_xvm.key" --from 10.77.0.2 --port 2100 --save "$FV_DIR/captured" --callback refuse --timeout 2
    assert_equal "$status" 3
    run xvm -o on -H vm1
    assert_success
    : > "$FAKE_PCMK/calls"
    # The copy is sent while a client waits on the port the original named.
    run client send off vm1 --key "$FV_DIR/fence_xvm.key" --from 10.77.0.2 --port 2100 --raw "$FV_DIR/captured" --timeout 4
    assert_equal "$status" 3
    assert_output "no callback"
    assert_equal "$(where vm1)" dom0a
    refute grep -q 'set-parameter' "$FAKE_PCMK/calls"
    run log_since_test
    assert_output --partial "a replay of a request already received (same signature)"
    still_serving
}

@test "a truncated datagram is dropped with a log line" {
    run client send off vm1 --key "$FV_DIR/fence_xvm.key" --from 10.77.0.2 --port 2200 --truncate 100 --timeout 3
    assert_equal "$status" 3
    assert_equal "$(where vm1)" dom0a
    run log_since_test
    assert_output --regexp "WARNING: dropped a datagram from 10.77.0.2 port [0-9]+: 100 bytes, a fence_virt request has 176"
    still_serving
}

@test "a requester that never accepts the callback: given up, nothing done" {
    run client send off vm1 --key "$FV_DIR/fence_xvm.key" --from 10.77.0.2 --port 2300 --callback refuse --timeout 3
    assert_equal "$status" 3
    assert_equal "$(where vm1)" dom0a
    run log_since_test
    assert_output --partial "off vm1"
    assert_output --partial "port 2300: not carried out: cannot connect back to 10.77.0.2 port 2300: ECONNREFUSED"
    still_serving
}

@test "a requester that accepts but never talks: the daemon gives up after its 10 s and closes" {
    run client send off vm1 --key "$FV_DIR/fence_xvm.key" --from 10.77.0.2 --port 2400 --callback silent --timeout 30
    assert_equal "$status" 4
    assert_output "silent: the daemon closed the connection"
    assert_equal "$(where vm1)" dom0a
    run log_since_test
    assert_output --partial "port 2400: not carried out: challenge-response failed: reading the client's challenge: no answer from the client in time"
    still_serving
}

@test "a client with another auth hash fails our challenge: nothing done" {
    run fv_guest timeout 40 fence_xvm -k "$FV_DIR/fence_xvm.key" -t 3 -C sha512 -o off -H vm1
    assert_failure
    assert_equal "$(where vm1)" dom0a
    run log_since_test
    assert_output --partial "not carried out: challenge-response failed"
    still_serving
}

@test "the Dom0 cluster not running here: no answer (another Dom0 may), a log line saying why" {
    touch "$FAKE_PCMK/down"
    run fv_guest timeout 40 fence_xvm -k "$FV_DIR/fence_xvm.key" -t 3 -o off -H vm1
    assert_failure 1
    assert_output --partial "Timed out waiting for response"
    run log_since_test
    assert_output --regexp "ERROR: not answering off vm1 .*: the Dom0 cluster cannot be asked on this node \(.*not reachable from here; is Pacemaker running on this node.*crm_mon .* exited with 102: Could not connect to the CIB"
    rm "$FAKE_PCMK/down"
    still_serving
}

@test "crm_mon output cut short: no answer, never read as \"nothing runs\"; a log line saying why" {
    touch "$FAKE_PCMK/cut-short"
    printf 'agent=ocf:xenha:Xen\nnode=\n' > "$FAKE_PCMK/rsc/vm3"
    run fv_guest timeout 40 fence_xvm -k "$FV_DIR/fence_xvm.key" -t 3 -o status -H vm3
    assert_failure 1
    assert_output --partial "Timed out waiting for response"
    run log_since_test
    assert_output --regexp "ERROR: not answering status vm3 .*: the Dom0 cluster cannot be asked on this node \(.*the output is incomplete"
    rm "$FAKE_PCMK/cut-short"
    still_serving
}

@test "not the responsible node: the guest runs on another Dom0, which answers; this one stays silent" {
    printf 'agent=ocf:xenha:Xen\nnode=dom0b\n' > "$FAKE_PCMK/rsc/vm1"
    run fv_guest timeout 40 fence_xvm -k "$FV_DIR/fence_xvm.key" -t 3 -o off -H vm1
    assert_failure 1
    assert_equal "$(where vm1)" dom0b
    run log_since_test
    assert_output --partial "vm1 runs on dom0b, dom0b answers"
    # Stopped everywhere and another node is the DC: the DC answers.
    printf 'agent=ocf:xenha:Xen\nnode=\n' > "$FAKE_PCMK/rsc/vm1"
    echo dom0b > "$FAKE_PCMK/dc"
    run fv_guest timeout 40 fence_xvm -k "$FV_DIR/fence_xvm.key" -t 3 -o status -H vm1
    echo dom0a > "$FAKE_PCMK/dc"
    assert_failure 1
    run log_since_test
    assert_output --partial "dom0b is the DC, dom0b answers"
}

@test "load: 50 concurrent status and list requests answered correctly, no socket or process leaked" {
    local sockets_before
    sockets_before=$(find "/proc/$DAEMON_PID/fd" -lname 'socket:*' | wc -l)
    run client load 50 status,list vm1 --key "$FV_DIR/fence_xvm.key" --from 10.77.0.2 --port 3000 --timeout 30
    assert_success
    assert_equal "$(grep -c '^status: response 0$' <<<"$output")" 25
    assert_equal "$(grep -c '^list: response 0 | host vm1 vm1 on | host vm2 vm2 off$' <<<"$output")" 25
    echo "# $(grep elapsed_ms <<<"$output")" >&3
    # Readings are shared: far fewer crm_mon runs than requests.
    echo "# crm_mon runs for 50 requests: $(grep -c '^crm_mon' "$FAKE_PCMK/calls")" >&3
    [ "$(grep -c '^crm_mon' "$FAKE_PCMK/calls")" -lt 50 ]
    sleep 1
    assert_equal "$(find "/proc/$DAEMON_PID/fd" -lname 'socket:*' | wc -l)" "$sockets_before"
    assert_equal "$(pgrep -P "$DAEMON_PID" | wc -l)" 0
    still_serving
}

@test "configuration errors name the line and stop the start; -c checks a file" {
    printf 'fence_virtd {\n  backend = "libvirt";\n}\nlisteners { multicast { port = "x"; } }\n' > "$FV_DIR/bad.conf"
    run "$DIST/sbin/xenha-fence-virtd" -F -f "$FV_DIR/bad.conf"
    assert_failure 1
    assert_line --partial "$FV_DIR/bad.conf: line 2: fence_virtd: backend = \"libvirt\": only the xenha backend"
    assert_line --partial "$FV_DIR/bad.conf: line 4: listeners/multicast: port = \"x\": a port number 1-65535"
    run "$DIST/sbin/xenha-fence-virtd" -c -f "$FV_DIR/fence_virt.conf"
    assert_success
    assert_output "$FV_DIR/fence_virt.conf: configuration OK"
    run "$DIST/sbin/xenha-fence-virtd" -F -f "$FV_DIR/missing.conf"
    assert_failure 1
    assert_output --partial "cannot read $FV_DIR/missing.conf (ENOENT)"
    run "$DIST/sbin/xenha-fence-virtd" -x
    assert_failure 2
    assert_output --partial "unknown option -x"
}

@test "without -F the daemon detaches, writes its pidfile once it listens, removes it on SIGTERM" {
    run fv_dom0 env HA_LOGFILE="$FV_DIR/detached.log" HA_LOGFACILITY=none \
        "$DIST/sbin/xenha-fence-virtd" -f "$FV_DIR/fence_virt.conf" -p "$FV_DIR/detached.pid"
    assert_success
    wait_for_pidfile() { [ -s "$FV_DIR/detached.pid" ]; }
    local i
    for i in $(seq 1 50); do wait_for_pidfile && break; sleep 0.1; done
    local pid; pid=$(cat "$FV_DIR/detached.pid")
    grep -q "xenha-fence-virtd\[$pid\]: *INFO: listening on 225.0.0.12 port 1229 (v0)" "$FV_DIR/detached.log"
    # its own session, not a child of the shell that started it
    assert_equal "$(ps -o sid= -p "$pid" | tr -d ' ')" "$pid"
    kill "$pid"
    for i in $(seq 1 50); do [ -e "$FV_DIR/detached.pid" ] || break; sleep 0.1; done
    [ ! -e "$FV_DIR/detached.pid" ]
    grep -q "SIGTERM: stopping" "$FV_DIR/detached.log"
}

@test "the key never appears in the daemon's log, argv or environment" {
    local key_text
    key_text=$(head -c 24 "$FV_DIR/fence_xvm.key" | od -An -tx1 | tr -d ' \n')
    run grep -c "$key_text" "$FV_DIR/daemon.log"
    assert_output 0
    # A printable key, as admins often make them, is the case where it could leak as text.
    run grep -a -c -F "$(base64 -w0 < "$FV_DIR/fence_xvm.key" | head -c 24)" "/proc/$DAEMON_PID/cmdline" "/proc/$DAEMON_PID/environ" "$FV_DIR/daemon.log"
    assert_output "$(printf '%s\n' "/proc/$DAEMON_PID/cmdline:0" "/proc/$DAEMON_PID/environ:0" "$FV_DIR/daemon.log:0")"
}

@test "IPv6: family ipv6 listens on ff05::3:1 and answers fence_xvm -i ipv6 (status, off, on)" {
    fv_dom0 ip -6 addr add fd77::1/64 dev v0 nodad
    fv_guest ip -6 addr add fd77::2/64 dev v1 nodad
    fv_guest ip -6 route add ff00::/8 dev v1 table local
    sed 's/interface = "v0";/interface = "v0"; family = "ipv6";/' "$FV_DIR/fence_virt.conf" > "$FV_DIR/ipv6.conf"
    fv_daemon_stop
    fv_daemon_start "$FV_DIR/ipv6.conf"
    run fv_guest timeout 40 fence_xvm -i ipv6 -k "$FV_DIR/fence_xvm.key" -t 5 -o status -H vm1
    assert_success
    assert_output "Status: ON"
    run fv_guest timeout 40 fence_xvm -i ipv6 -k "$FV_DIR/fence_xvm.key" -t 5 -o off -H vm1
    assert_success
    assert_equal "$(where vm1)" ""
    run fv_guest timeout 40 fence_xvm -i ipv6 -k "$FV_DIR/fence_xvm.key" -t 5 -o on -H vm1
    assert_success
    assert_equal "$(where vm1)" dom0a
    run cat "$FV_DIR/daemon.log"
    assert_output --partial "listening on ff05::3:1 port 1229 (v0)"
    assert_output --partial "off vm1 (seqno"
    assert_output --partial "from fd77::2 port 1229: answered success"
}
