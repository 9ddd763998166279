#!/usr/bin/env bats
# The evms_activate simulator itself: activation per node, -n, faults, call log, usage.

load "${BATS_TEST_DIRNAME}/../../helpers"

setup() {
    [[ $EUID == 0 ]] || skip "the simulator creates block devices (mknod needs root)"
    export EVMSSIM_STATE="$BATS_TEST_TMPDIR/state" EVMSSIM_NODE=node1 EVMSSIM_DEV="$BATS_TEST_TMPDIR/dev1"
    PATH="$SIM_DIR/evms:/usr/bin:/bin"
    evmssim init
    evmssim container add san2 cfgpool vm1
}

@test "activation creates block devices of the configured containers under the node's root, quietly" {
    run evms_activate -q
    assert_success
    assert_output ""
    run evmssim devices "$EVMSSIM_DEV"
    assert_output "san2/cfgpool b 253:1
san2/vm1 b 253:2"
    [[ -b $EVMSSIM_DEV/san2/vm1 ]]
    run evms_activate
    assert_success
    run evmssim devices "$EVMSSIM_DEV"
    assert_output --partial "san2/vm1 b 253:2"
    run evmssim calls
    assert_line --index 0 --regexp '^[0-9]+\.[0-9]+ node1 evms_activate -q$'
    assert_line --index 1 --regexp '^[0-9]+\.[0-9]+ node1 evms_activate$'
}

@test "a run activates its own node only; -n reaches a registered node, else fails 112" {
    evms_activate -q
    [[ ! -e $BATS_TEST_TMPDIR/dev2 ]]
    run evms_activate -n node2
    assert_equal "$status" 112
    assert_output "evms_activate: Unable to contact node node2: no evmsd is running there."
    evmssim node add node2 "$BATS_TEST_TMPDIR/dev2"
    run evms_activate -q -n node2
    assert_success
    [[ -b $BATS_TEST_TMPDIR/dev2/san2/cfgpool ]]
}

@test "fail N: N failures with the message and code, then success" {
    evmssim fault fail 2 --rc 5 --msg 'engine: I/O error'
    run evms_activate -q
    assert_equal "$status" 5
    assert_output "engine: I/O error"
    run evms_activate -q
    assert_equal "$status" 5
    [[ ! -e $EVMSSIM_DEV/san2 ]]
    run evms_activate -q
    assert_success
    [[ -b $EVMSSIM_DEV/san2/vm1 ]]
    run evmssim faults
    assert_output ""
}

@test "hang: the run is logged, sleeps, then fails 110; a timeout ends it" {
    evmssim fault hang 3
    run timeout 1 evms_activate -q
    assert_equal "$status" 124
    assert_equal "$(evmssim calls | wc -l)" 1
    [[ ! -e $EVMSSIM_DEV/san2 ]]
    evmssim fault hang 0.1
    run evms_activate -q
    assert_equal "$status" 110
}

@test "skip: success without the container's devices; slow: success after the delay" {
    evmssim container add san3 data
    evmssim fault skip san3
    run evms_activate -q
    assert_success
    [[ -b $EVMSSIM_DEV/san2/vm1 && ! -e $EVMSSIM_DEV/san3 ]]
    evmssim clear skip
    evmssim fault slow 0.5
    run evms_activate -q
    assert_success
    [[ -b $EVMSSIM_DEV/san3/data ]]
}

@test "one engine at a time: a run while another is open fails busy (16); a killed run frees it" {
    evmssim fault slow 2
    evms_activate -q &
    local slow=$!
    until [[ $(evmssim calls | wc -l) == 1 ]]; do /bin/sleep 0.05; done
    evmssim clear slow
    run env EVMSSIM_NODE=node2 EVMSSIM_DEV="$BATS_TEST_TMPDIR/dev2" evms_activate -q
    assert_equal "$status" 16
    assert_output --partial "Device or resource busy"
    wait "$slow"
    run env EVMSSIM_NODE=node2 EVMSSIM_DEV="$BATS_TEST_TMPDIR/dev2" evms_activate -q
    assert_success
    evmssim fault hang 3
    timeout 1 evms_activate -q || true
    evmssim clear hang
    run evms_activate -q
    assert_success
}

@test "usage errors → 22, -h → 0; no state → 1" {
    run evms_activate --bogus
    assert_equal "$status" 22
    assert_output --partial "Usage: evms_activate"
    run evms_activate -h
    assert_success
    EVMSSIM_STATE= run evms_activate -q
    assert_equal "$status" 1
    run evmssim container add ../x
    assert_failure
}
