#!/usr/bin/env bats
# Tests of the DRBD simulator itself (drbdadm, drbdsetup, modprobe, modinfo, drbdsim).
# Run: BATS_LIB_PATH=$PWD/node_modules node_modules/bats/bin/bats test/sim/drbd/sim.bats

bats_require_minimum_version 1.5.0

setup() {
    bats_load_library bats-support
    bats_load_library bats-assert
    SIM=$BATS_TEST_DIRNAME
    export PATH="$SIM:$PATH"
    export DRBDSIM_STATE=$BATS_TEST_TMPDIR/state
    export DRBDSIM_NODE=node1
    drbdsim init
    drbdsim res add r0 --nodes "node1 node2" --fencing resource-only \
        --fence-peer "echo fence \$DRBD_RESOURCE \$DRBD_PEER_NODE_ID \$UP_TO_DATE_NODES; exit \${FENCE_RC:-4}" \
        --unfence-peer 'echo unfence $DRBD_RESOURCE' --after-resync-target 'echo after-resync $DRBD_RESOURCE'
}

on() { local n=$1; shift; DRBDSIM_NODE=$n "$@"; }

# bring r0 up on both nodes as the resource agent does (DRBD 9)
both_up() {
    local n
    for n in node1 node2; do
        on $n drbdadm new-resource r0 && on $n drbdadm new-minor r0 && on $n drbdadm adjust --skip-net r0 && on $n drbdadm adjust r0
    done
}

ev() { on "$1" drbdsetup events2 --now r0; }

@test "DRBDSIM_STATE is required" {
    run --separate-stderr env -u DRBDSIM_STATE "$SIM/drbdadm" --version
    assert_failure 1
    [[ $stderr == *"DRBDSIM_STATE is not set"* ]]
}

@test "drbdadm --version prints shell assignments; kernel code 0 without the module" {
    run drbdadm --version
    assert_success
    assert_line 'DRBD_KERNEL_VERSION_CODE=0x09020c'
    assert_line 'DRBDADM_VERSION=9.22.0'
    drbdsim module unload
    run drbdadm --version
    assert_line 'DRBD_KERNEL_VERSION_CODE=0x000000'
    run modinfo -F version drbd
    assert_success
    assert_output 9.2.12
    drbdsim module remove
    run modinfo -F version drbd
    assert_failure 1
    run modprobe -s drbd
    assert_failure 1
}

@test "drbdsetup without the module fails as without the generic netlink family" {
    drbdsim module unload
    run --separate-stderr drbdsetup events2 --now r0
    assert_failure 20
    [[ $stderr == *"generic netlink family"* ]]
    modprobe -s drbd
    run drbdsetup events2 --now r0
    assert_success
    assert_output 'exists -'
}

@test "unknown resource: drbdadm says it is not in the config (exit 10)" {
    run --separate-stderr drbdadm sh-dev nope
    assert_failure 10
    [[ $stderr == *"'nope' not defined in your config"* ]]
}

@test "sh-dev names a block device that exists only while the minor does" {
    run drbdadm sh-dev r0
    assert_success
    dev=$output
    [[ ! -e $dev ]]
    drbdadm new-resource r0; drbdadm new-minor r0
    [[ -b $dev ]]
    drbdadm down r0
    [[ ! -e $dev ]]
}

@test "events2 --now: the field layout of drbdsetup_events2.c, both ends connected" {
    both_up
    run ev node1
    assert_success
    assert_line -n 0 'exists resource name:r0 role:Secondary suspended:no force-io-failures:no may_promote:yes promotion_score:10101'
    assert_line -n 1 'exists connection name:r0 peer-node-id:1 conn-name:node2 connection:Connected role:Secondary'
    assert_line -n 3 'exists device name:r0 volume:0 minor:0 backing_dev:/dev/sim/r0 disk:UpToDate client:no open:no quorum:yes'
    assert_line -n 4 'exists peer-device name:r0 peer-node-id:1 conn-name:node2 volume:0 replication:Established peer-disk:UpToDate peer-client:no resync-suspended:no'
    assert_line -n 5 'exists -'
}

@test "one end up: Connecting with the peer's disk unknown" {
    on node1 drbdadm new-resource r0; on node1 drbdadm new-minor r0; on node1 drbdadm adjust r0
    run ev node1
    assert_line --partial 'connection:Connecting role:Unknown'
    assert_line --partial 'replication:Off peer-disk:DUnknown'
}

@test "primary: a second Primary is refused without allow-two-primaries (exit 11)" {
    both_up
    on node1 drbdadm primary r0
    run --separate-stderr on node2 drbdadm primary r0
    assert_failure 11
    [[ $stderr == *"State change failed: (-1) Multiple primaries not allowed by config"* ]]
    run ev node2
    assert_line --partial 'connection:Connected role:Primary'
}

@test "primary: both nodes Primary with allow-two-primaries" {
    drbdsim res add r1 --nodes "node1 node2" --two-primaries --minor 1
    for n in node1 node2; do on $n drbdadm adjust r1; done
    on node1 drbdadm primary r1
    on node2 drbdadm primary r1
    run on node1 drbdsetup events2 --now r1
    assert_line --partial 'exists resource name:r1 role:Primary'
    assert_line --partial 'connection:Connected role:Primary'
}

@test "primary without UpToDate data is refused with exit 17" {
    drbdsim data r0 Outdated
    on node1 drbdadm adjust r0
    run --separate-stderr drbdadm primary r0
    assert_failure 17
    [[ $stderr == *"(-2) Need access to UpToDate data"* ]]
}

@test "cut link: Connecting, fence-peer queued on the Primary and run with DRBD's environment" {
    both_up
    on node1 drbdadm primary r0
    drbdsim cut r0
    run ev node1
    assert_line --partial 'connection:Connecting'
    run drbdsim handlers run --node node1
    assert_success
    assert_output --regexp 'node1 r0 fence-peer rc=4$'
    run cat "$DRBDSIM_STATE/handlers.out"
    assert_output 'fence r0 1 0x00000001'
    run ev node1
    assert_line --partial 'peer-disk:Outdated'
    # nothing queued on the Secondary
    run drbdsim handlers run --node node2
    refute_output --partial 'node2 r0 fence-peer'
}

@test "heal: resync from the Primary, then unfence-peer on the source and after-resync-target on the target" {
    both_up
    on node1 drbdadm primary r0
    drbdsim resync-time 600
    drbdsim cut r0
    drbdsim heal r0
    run ev node2
    assert_line --partial 'replication:SyncTarget'
    assert_line --partial 'disk:Inconsistent'
    run on node2 drbdsetup sh-status r0
    assert_failure 20
    assert_output "drbdsetup: Unknown command 'sh-status'"
    drbdsim resync-finish r0
    run ev node2
    assert_line --partial 'disk:UpToDate client:no'
    run cat "$DRBDSIM_STATE/queue/node1"
    assert_output $'r0 fence-peer\nr0 unfence-peer'
    run cat "$DRBDSIM_STATE/queue/node2"
    assert_output 'r0 after-resync-target'
}

@test "split brain: both nodes wrote while disconnected, both stay StandAlone" {
    drbdsim res add r1 --nodes "node1 node2" --two-primaries --minor 1
    for n in node1 node2; do on $n drbdadm adjust r1; on $n drbdadm primary r1; done
    drbdsim cut r1
    drbdsim heal r1
    run on node1 drbdsetup events2 --now r1
    assert_line --partial 'connection:StandAlone'
    run drbdsim show r1
    assert_line --partial 'split-brain'
}

@test "split-brain fault on a connected resource" {
    both_up
    drbdsim split-brain r0
    run ev node2
    assert_line --partial 'connection:StandAlone'
    drbdsim clear-split-brain r0 --node node2
    run ev node2
    assert_line --partial 'connection:Connected'
}

@test "graceful down of the Secondary outdates it; the Primary sees peer-disk Outdated and no fence-peer" {
    both_up
    on node1 drbdadm primary r0
    on node2 drbdadm down r0
    run ev node1
    assert_line --partial 'peer-disk:Outdated'
    [[ ! -s $DRBDSIM_STATE/queue/node1 ]]
    run drbdsim show
    assert_line --partial 'node2: up=0 attached=0 net=0 role=Secondary data=Outdated'
}

@test "outdate: refused while connected, works when disconnected" {
    both_up
    run --separate-stderr on node2 drbdadm outdate r0
    assert_failure 11
    [[ $stderr == *"Refusing to be Outdated while Connected"* ]]
    drbdsim cut r0
    on node2 drbdadm outdate r0
    run ev node2
    assert_line --partial 'disk:Outdated'
}

@test "sh-status: unconfigured and configured as v84 sh_status_scmd prints them" {
    drbdsim init --force --version 8.4
    drbdsim res add r0 --nodes "node1 node2"
    run drbdsetup sh-status r0
    assert_success
    assert_line '_known=Unconfigured'
    assert_line '_cstate=Unconfigured'
    assert_line '_sh_status_process'
    run --separate-stderr drbdsetup events2 --now r0
    assert_failure 20
    on node1 drbdadm attach r0; on node1 drbdadm adjust r0
    run drbdsetup sh-status r0
    assert_line '_cstate=WFConnection'
    assert_line '_role=Secondary'
    assert_line '_pdsk=DUnknown'
    run drbdsim proc
    assert_line -n 0 'version: 8.4.11 (api:1/proto:86-101)'
    assert_line ' 0: cs:WFConnection ro:Secondary/Unknown ds:UpToDate/DUnknown C r-----'
}

@test "8.4 handler environment: DRBD_PEER, no node ids" {
    drbdsim init --force --version 8.4
    drbdsim res add r0 --nodes "node1 node2" --fencing resource-only --fence-peer 'echo $DRBD_PEER ${UP_TO_DATE_NODES-none}'
    run on node1 drbdadm fence-peer r0
    assert_success
    run cat "$DRBDSIM_STATE/handlers.out"
    assert_output 'node2 none'
}

@test "wait-connect-resource: returns once connected, 5 at its timeout" {
    on node1 drbdadm adjust r0
    run drbdsetup wait-connect-resource r0 --wfc-timeout=1
    assert_failure 5
    (sleep 0.5; DRBDSIM_NODE=node2 drbdadm adjust r0) &
    run drbdsetup wait-connect-resource r0 --wfc-timeout=20
    assert_success
    wait
}

@test "faults: hang, slow and fail by subcommand; the call log" {
    drbdsim fault fail primary --rc 17 --msg 'r0: State change failed: (-2) Need access to UpToDate data'
    run --separate-stderr drbdadm primary r0
    assert_failure 17
    assert_equal "$stderr" 'r0: State change failed: (-2) Need access to UpToDate data'
    drbdsim fault hang events2 --node node1
    run timeout 1 drbdsetup events2 --now r0
    assert_failure 124
    run on node2 timeout 5 drbdsetup events2 --now r0
    assert_success
    drbdsim clear
    run drbdsim calls
    assert_line --regexp '^[0-9.]+ node1 drbdadm primary r0$'
}

@test "auto handler dispatch: the node's next tool call runs its queued handlers, which can use the tools" {
    drbdsim res add r3 --nodes "node1 node2" --minor 3 --fencing resource-only \
        --fence-peer 'drbdsetup events2 --now $DRBD_RESOURCE | head -1; exit 4'
    on node1 drbdsim up r3 --primary >/dev/null; on node2 drbdsim up r3 >/dev/null
    drbdsim handler-dispatch auto
    drbdsim cut r3
    on node1 drbdsetup events2 --now r3 >/dev/null
    for _ in $(seq 300); do grep -q 'r3 fence-peer' "$DRBDSIM_STATE/handlers.log" && break; sleep 0.1; done
    run cat "$DRBDSIM_STATE/handlers.out"
    assert_output --partial 'exists resource name:r3 role:Primary'
    both_up
    on node1 drbdadm primary r0
    drbdsim handler-dispatch auto
    drbdsim cut r0
    on node1 drbdsetup events2 --now r0 >/dev/null
    for _ in $(seq 300); do grep -q 'node1 r0 fence-peer' "$DRBDSIM_STATE/handlers.log" && break; sleep 0.1; done
    run cat "$DRBDSIM_STATE/handlers.log"
    assert_output --partial 'node1 r0 fence-peer rc=4'
}
