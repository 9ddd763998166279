#!/usr/bin/env bats
# ocf:xenha:fence-virtd, the optional Pacemaker-managed way to run xenha-fence-virtd: start,
# monitor, stop as Pacemaker runs them (and ocf-tester's sequence), in a network namespace,
# with the daemon answering Debian's fence_xvm while it runs. Needs root.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/fence-virtd/netns"

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120}

setup_file() {
    [ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
    command -v fence_xvm >/dev/null || skip "fence_xvm is not installed (Debian package fence-virt)"
    [ -x "$DIST/ocf/fence-virtd" ] && [ -x "$DIST/sbin/xenha-fence-virtd" ] || skip "build fence-virtd and xenha-fence-virtd first (node build/bundle.mjs)"
    export FV_DIR="$BATS_FILE_TMPDIR/fv"
    export FAKE_PCMK="$FV_DIR/pcmk"
    export FV_FAKE_PCMK_BIN="$BATS_TEST_DIRNAME/fence-virtd/fake-pacemaker"
    mkdir -p "$FAKE_PCMK/rsc"
    echo dom0a > "$FAKE_PCMK/node"
    echo dom0a > "$FAKE_PCMK/dc"
    printf 'agent=ocf:xenha:Xen\nnode=dom0a\n' > "$FAKE_PCMK/rsc/vm1"
    head -c 256 /dev/urandom > "$FV_DIR/fence_xvm.key"
    chmod 600 "$FV_DIR/fence_xvm.key"
    printf 'listeners { multicast { key_file = "%s"; interface = "v0"; } }\n' "$FV_DIR/fence_xvm.key" > "$FV_DIR/fence_virt.conf"
    fv_net_up || { fv_net_down; return 1; }
}

teardown() {
    # whatever a failed test left running
    local pid
    pid=$(cat "$FV_DIR/agent.pid" 2>/dev/null) && kill -9 "$pid" 2>/dev/null || true
}

teardown_file() { fv_net_down; }

# Gone, or a zombie its new parent has not reaped yet (it listens and answers no more).
process_gone() { [ ! -d "/proc/$1" ] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# agent ACTION [NAME=VALUE...]: the agent as Pacemaker runs it, in the Dom0 namespace.
agent() {
    local action=$1; shift
    local pair env=()
    for pair in "$@"; do env+=("OCF_RESKEY_${pair%%=*}=${pair#*=}"); done
    fv_dom0 env PATH="$FV_FAKE_PCMK_BIN:$PATH" FAKE_PCMK="$FAKE_PCMK" HA_LOGFILE="$FV_DIR/daemon.log" HA_LOGFACILITY=none \
        OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=fence-virtd:0 \
        OCF_RESKEY_config="$FV_DIR/fence_virt.conf" OCF_RESKEY_pidfile="$FV_DIR/agent.pid" OCF_RESKEY_daemon="$DIST/sbin/xenha-fence-virtd" \
        "${env[@]}" "$DIST/ocf/fence-virtd" "$action" 3>&-
}

@test "meta-data is valid against the OCF DTD" {
    "$DIST/ocf/fence-virtd" meta-data > "$BATS_TEST_TMPDIR/md.xml"
    assert_valid_metadata "$BATS_TEST_TMPDIR/md.xml"
}

@test "start listens (fence_xvm answered), monitor sees it, stop ends it, monitor says not running" {
    run agent monitor
    assert_equal "$status" 7
    run agent start
    assert_success
    local pid; pid=$(cat "$FV_DIR/agent.pid")
    [ -d "/proc/$pid" ]
    run agent start
    assert_success
    assert_equal "$(cat "$FV_DIR/agent.pid")" "$pid"
    run agent monitor
    assert_success
    run fv_guest timeout 30 fence_xvm -k "$FV_DIR/fence_xvm.key" -t 5 -o status -H vm1
    assert_success
    assert_output "Status: ON"
    run agent stop
    assert_success
    process_gone "$pid"
    [ ! -e "$FV_DIR/agent.pid" ]
    run agent monitor
    assert_equal "$status" 7
    run agent stop
    assert_success
}

@test "a daemon that died is not running; a PID reused by another process is never taken for it" {
    run agent start
    assert_success
    kill -9 "$(cat "$FV_DIR/agent.pid")"
    sleep 0.5
    run agent monitor
    assert_equal "$status" 7
    sleep 300 &
    echo $! > "$FV_DIR/agent.pid"
    run agent monitor
    assert_equal "$status" 7
    run agent stop
    assert_success
    kill -0 $!
    kill $!
}

@test "a bad configuration: start and validate-all fail with OCF_ERR_CONFIGURED naming the line" {
    printf 'fence_virtd {\n  backend = "libvirt";\n}\n' > "$FV_DIR/bad.conf"
    run agent start config="$FV_DIR/bad.conf"
    assert_equal "$status" 6
    assert_output --partial "ocf-exit-reason:$FV_DIR/bad.conf: line 2: fence_virtd: backend = \"libvirt\": only the xenha backend"
    run agent validate-all config="$FV_DIR/bad.conf"
    assert_equal "$status" 6
    run agent validate-all
    assert_success
    run agent start pidfile=relative.pid
    assert_equal "$status" 6
    assert_output --partial "pidfile must be an absolute path"
}

@test "a daemon that cannot listen: start fails saying so, nothing left running" {
    printf 'listeners { multicast { key_file = "%s"; interface = "nosuch0"; } }\n' "$FV_DIR/fence_xvm.key" > "$FV_DIR/noif.conf"
    run agent start config="$FV_DIR/noif.conf"
    assert_equal "$status" 1
    assert_output --partial "xenha-fence-virtd exited at start"
    run agent monitor config="$FV_DIR/noif.conf"
    assert_equal "$status" 7
    grep -q "cannot listen on 225.0.0.12 port 1229 on nosuch0: interface nosuch0 does not exist" "$FV_DIR/daemon.log"
}

@test "ocf-tester's sequence passes" {
    command -v ocf-tester >/dev/null || skip "ocf-tester is not installed"
    run fv_dom0 env PATH="$FV_FAKE_PCMK_BIN:$PATH" FAKE_PCMK="$FAKE_PCMK" HA_LOGFILE="$FV_DIR/daemon.log" \
        ocf-tester -n fv -o config="$FV_DIR/fence_virt.conf" -o pidfile="$FV_DIR/agent.pid" -o daemon="$DIST/sbin/xenha-fence-virtd" \
        "$DIST/ocf/fence-virtd"
    assert_success
    assert_output --partial "fence-virtd passed all tests"
}
