#!/usr/bin/env bats
# ocf:xenha:drbd on the DRBD simulator (test/sim/drbd): every action, both roles, the faults,
# the simulator's resulting state and the promotion scores written (crm_attribute stub).
# Build first: node build/bundle.mjs --only drbd

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/drbd/helpers"

AGENT="$DIST/ocf/drbd"

setup() {
    drbd_setup
    export HA_LOGFILE="$BATS_TEST_TMPDIR/ha.log"
}

# agent [NODE] ACTION: run the agent as on NODE (default node1)
agent() {
    if (($# == 2)); then on "$1" "$AGENT" "$2"; else "$AGENT" "$1"; fi
}

# ------------------------------------------------------------ meta-data, usage, validate-all

@test "meta-data is valid against ra-api-1.dtd and metadata.rng and declares every reference parameter" {
    run --separate-stderr "$AGENT" meta-data
    assert_success
    printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/md.xml"
    assert_valid_metadata "$BATS_TEST_TMPDIR/md.xml"
    for p in drbd_resource drbdconf adjust_master_score stop_outdates_secondary ignore_missing_notifications wfc_timeout \
             remove_master_score_if_peer_primary fail_promote_early_if_peer_primary unfence_if_all_uptodate unfence_extra_args \
             require_drbd_module_version_ge require_drbd_module_version_lt connect_only_after_promote; do
        grep -q "<parameter name=\"$p\"" "$BATS_TEST_TMPDIR/md.xml"
    done
    assert_output --partial '<action name="monitor" timeout="20s" interval="10s" role="Promoted"'
    assert_output --partial '<action name="monitor" timeout="20s" interval="20s" role="Unpromoted"'
}

@test "unknown action: 3; no action: 2" {
    run "$AGENT" frobnicate
    assert_failure 3
    run "$AGENT"
    assert_failure 2
}

@test "validate-all: a correct promotable clone passes" {
    run agent validate-all
    assert_success
}

@test "validate-all: notify is required unless ignore_missing_notifications" {
    unset OCF_RESKEY_CRM_meta_notify
    run agent validate-all
    assert_failure 6
    [[ $(exit_reason) == *"enable notify"* ]]
    OCF_RESKEY_ignore_missing_notifications=true run agent validate-all
    assert_success
}

@test "validate-all: clone meta attributes with reasons" {
    OCF_RESKEY_CRM_meta_clone_node_max=2 run agent validate-all
    assert_failure 6
    assert_equal "$(exit_reason)" "meta parameter misconfigured, expected clone-node-max = 1, but found 2: fix the clone's meta attributes"
    OCF_RESKEY_CRM_meta_promoted_max=3 OCF_RESKEY_CRM_meta_master_max=3 run agent validate-all
    assert_failure 6
    [[ $(exit_reason) == *"expected promoted-max <= 2, but found 3"* ]]
}

@test "validate-all: promoted-max 2 needs allow-two-primaries" {
    drbdsim res add r1 --nodes "node1 node2" --minor 1
    OCF_RESKEY_drbd_resource=r1 run agent validate-all
    assert_failure 6
    [[ $(exit_reason) == *"does not set allow-two-primaries"* ]]
    OCF_RESKEY_drbd_resource=r1 OCF_RESKEY_CRM_meta_promoted_max=1 OCF_RESKEY_CRM_meta_master_max=1 run agent validate-all
    assert_success
}

@test "validate-all: resource not in the configuration (5), bad names (6), module versions (5/6)" {
    OCF_RESKEY_drbd_resource=nope run agent validate-all
    assert_failure 5
    [[ $(exit_reason) == *"DRBD resource nope not found in configuration file"* ]]
    OCF_RESKEY_drbd_resource='-x' run agent validate-all
    assert_failure 6
    OCF_RESKEY_drbd_resource='r0;reboot' run agent validate-all
    assert_failure 6
    OCF_RESKEY_require_drbd_module_version_ge=9.3.0 run agent validate-all
    assert_failure 5
    [[ $(exit_reason) == *"9.2.12 is not >= 9.3.0"* ]]
    OCF_RESKEY_require_drbd_module_version_lt=nine run agent validate-all
    assert_failure 6
    OCF_RESKEY_drbdconf=$BATS_TEST_TMPDIR/missing.conf run agent validate-all
    assert_failure 5
}

# ------------------------------------------------------------ probes and monitor

@test "probe on a node without DRBD (no module installed) is 7; validate-all there is 5" {
    drbdsim module remove
    OCF_RESKEY_CRM_meta_interval=0 run agent monitor
    assert_failure 7
    run agent validate-all
    assert_failure 5
}

@test "probe without drbd-utils is 7; a recurring monitor is 5; stop is 0 without a module" {
    PATH=$DRBD_TEST_BIN:/usr/bin:/bin OCF_RESKEY_CRM_meta_interval=0 run "$AGENT" monitor
    assert_failure 7
    PATH=$DRBD_TEST_BIN:/usr/bin:/bin OCF_RESKEY_CRM_meta_interval=10000 run "$AGENT" monitor
    assert_failure 5
    [[ $(exit_reason) == *"drbd-utils"* ]]
    PATH=$DRBD_TEST_BIN:/usr/bin:/bin run "$AGENT" stop
    assert_success
}

@test "monitor: 7 down, 0 Secondary, 8 Primary; the score follows and is written only on change" {
    OCF_RESKEY_CRM_meta_interval=0 run agent monitor
    assert_failure 7
    up_both
    run agent monitor
    assert_success
    assert_equal "$(score node1)" 10000
    on node1 drbdadm primary r0
    run agent monitor
    assert_failure 8
    assert_equal "$(score_writes node1)" 1
    run agent monitor
    assert_failure 8
    assert_equal "$(score_writes node1)" 1
}

@test "monitor: Primary whose disk failed with no connected UpToDate peer is 9 (failed promoted)" {
    up_both
    on node1 drbdadm primary r0
    drbdsim cut r0
    drbdsim data r0 Failed --node node1
    run agent monitor
    assert_failure 9
    [[ $(exit_reason) == *"Primary without access to UpToDate data"* ]]
}

@test "monitor: a hanging drbdsetup fails the monitor inside its timeout, never 'not running'" {
    up_both
    drbdsim fault hang events2 --node node1
    SECONDS=0
    OCF_RESKEY_CRM_meta_timeout=4000 run agent monitor
    assert_failure 1
    ((SECONDS < 10))
    [[ $(exit_reason) == *"did not finish in time"* ]]
}

@test "monitor: scores by state (peer unknown 1000, only the peer UpToDate 10, Consistent removed)" {
    on node1 drbdsim up r0 >/dev/null
    run agent monitor
    assert_success
    assert_equal "$(score node1)" 1000
    on node2 drbdsim up r0 >/dev/null
    drbdsim resync-time 600
    on node1 drbdadm down r0
    drbdsim data r0 Outdated --node node1
    on node1 drbdsim up r0 >/dev/null
    run agent monitor
    assert_success
    assert_equal "$(score node1)" 10
}

@test "monitor: remove_master_score_if_peer_primary=true removes the score of a Secondary facing a Primary" {
    up_both
    on node2 drbdadm primary r0
    run agent monitor
    assert_equal "$(score node1)" 10000
    OCF_RESKEY_remove_master_score_if_peer_primary=true run agent monitor
    assert_success
    assert_equal "$(score node1)" none
}

@test "monitor: remove_master_score_if_peer_primary=unexpected reads 'Promoted' from crm_resource --locate" {
    up_both
    on node2 drbdadm primary r0
    export OCF_RESKEY_CRM_meta_promoted_max=1 OCF_RESKEY_CRM_meta_master_max=1 OCF_RESKEY_remove_master_score_if_peer_primary=unexpected
    echo "resource r0 is running on: node2 Promoted" > "$DRBD_STUB_DIR/locate"
    run agent monitor
    assert_equal "$(score node1)" 10000
    echo "resource r0 is running on: node2" > "$DRBD_STUB_DIR/locate"
    run agent monitor
    assert_success
    assert_equal "$(score node1)" none
}

# ------------------------------------------------------------ start

@test "start on both nodes: Secondary, connected, score 10000; start again is a no-op success" {
    run agent node1 start
    assert_success
    run agent node2 start
    assert_success
    run sim_node node1
    assert_output --partial 'up=1 attached=1 net=1 role=Secondary data=UpToDate'
    run drbdsim show r0
    assert_line --partial 'connected'
    run agent node1 monitor
    assert_success
    assert_equal "$(score node1)" 10000
    assert_equal "$(score node2)" 10000
    run agent node1 start
    assert_success
}

@test "start loads the module when it is not loaded" {
    drbdsim module unload
    run agent start
    assert_success
    run drbdsim calls
    assert_line --regexp 'node1 modprobe -s drbd$'
    run sim_node node1
    assert_output --partial 'up=1'
}

@test "start with the peer down waits wfc_timeout, not more, and scores 1000 (peer unknown)" {
    SECONDS=0
    OCF_RESKEY_wfc_timeout=2 run agent start
    assert_success
    ((SECONDS < 15))
    run drbdsim calls
    assert_line --regexp 'node1 drbdsetup wait-connect-resource r0 --wfc-timeout=2 '
    assert_equal "$(score node1)" 1000
}

@test "start: wfc_timeout is cut to the start timeout" {
    OCF_RESKEY_CRM_meta_timeout=15000 OCF_RESKEY_wfc_timeout=300 run agent start
    assert_success
    run drbdsim calls
    assert_line --regexp 'wait-connect-resource r0 --wfc-timeout=([1-9]|1[0-4]) '
}

@test "start with connect_only_after_promote stays StandAlone" {
    OCF_RESKEY_connect_only_after_promote=true run agent start
    assert_success
    run sim_node node1
    assert_output --partial 'attached=1 net=0'
}

@test "start fails with a reason when the backing disk cannot be attached" {
    drbdsim fault fail adjust --rc 10 --msg 'r0: Failure: (114) Lower device is already claimed'
    run agent start
    assert_failure 1
    [[ $(exit_reason) == *"failed to attach the backing disk of r0"* ]]
}

@test "start demotes a resource found Primary" {
    on node1 drbdsim up r0 --primary >/dev/null
    run agent start
    assert_success
    run sim_node node1
    assert_output --partial 'role=Secondary'
}

# ------------------------------------------------------------ promote, demote

@test "promote both nodes (promoted-max=2, allow-two-primaries): 8 on both, score 10000" {
    up_both
    run agent node1 promote
    assert_success
    run agent node2 promote
    assert_success
    run agent node1 monitor
    assert_failure 8
    run agent node2 monitor
    assert_failure 8
    assert_equal "$(score node2)" 10000
}

@test "promote refused while the peer is Primary without allow-two-primaries: retried, then 1 inside the timeout" {
    drbdsim res add r1 --nodes "node1 node2" --minor 1
    on node1 drbdsim up r1 >/dev/null; on node2 drbdsim up r1 --primary >/dev/null
    export OCF_RESKEY_drbd_resource=r1 OCF_RESKEY_CRM_meta_promoted_max=1 OCF_RESKEY_CRM_meta_master_max=1
    SECONDS=0
    OCF_RESKEY_CRM_meta_timeout=9000 run agent promote
    assert_failure 1
    ((SECONDS < 20))
    [[ $(exit_reason) == *"Multiple primaries not allowed by config"* ]]
    (( $(drbdsim calls | grep -c 'node1 drbdadm -c .* primary r1') >= 2 ))
}

@test "promote without UpToDate data fails at once (exit 17), no retries" {
    drbdsim data r0 Outdated --node node1
    on node1 drbdsim up r0 >/dev/null
    run agent promote
    assert_failure 1
    [[ $(exit_reason) == *"Refusing to be promoted to Primary without access to UpToDate data"* ]]
    assert_equal "$(drbdsim calls | grep -c 'drbdadm -c .* primary r0')" 1
}

@test "promote of a stopped resource fails with a reason" {
    run agent promote
    assert_failure 1
    [[ $(exit_reason) == *"it was not started"* ]]
}

@test "promote with connect_only_after_promote connects once Primary" {
    export OCF_RESKEY_connect_only_after_promote=true
    run agent node2 start
    run agent node1 start
    run sim_node node1
    assert_output --partial 'net=0'
    run agent node1 promote
    assert_success
    run sim_node node1
    assert_output --partial 'net=1 role=Primary'
}

@test "demote: Primary to Secondary (0), idempotent; a stopped resource fails" {
    up_both
    on node1 drbdadm primary r0
    run agent demote
    assert_success
    run sim_node node1
    assert_output --partial 'role=Secondary'
    run agent demote
    assert_success
    on node1 drbdadm down r0
    run agent demote
    assert_failure 1
}

# ------------------------------------------------------------ stop

@test "stop of a Primary: demoted, down (verified), score removed; stop again succeeds" {
    up_both
    on node1 drbdadm primary r0
    run agent monitor
    assert_equal "$(score node1)" 10000
    run agent stop
    assert_success
    run sim_node node1
    assert_output --partial 'up=0'
    assert_equal "$(score node1)" none
    run agent stop
    assert_success
}

@test "stop with a hanging drbdadm down ends inside its timeout with a failure, not a false success" {
    up_both
    drbdsim fault hang down --node node1
    SECONDS=0
    OCF_RESKEY_CRM_meta_timeout=6000 run agent stop
    assert_failure 1
    ((SECONDS < 12))
    [[ $(exit_reason) == *"still up after the stop timeout"* ]]
}

@test "stop never returns 'not installed': a resource missing from the configuration is taken down with drbdsetup" {
    up_both
    drbdsim fault fail down --tool drbdadm --rc 10 --msg "'r0' not defined in your config (for this host)."
    run agent stop
    assert_success
    run sim_node node1
    assert_output --partial 'up=0'
    OCF_RESKEY_drbdconf=$BATS_TEST_TMPDIR/gone.conf run agent stop
    assert_success
}

@test "stop_outdates_secondary: stopping a Secondary while the peer is Primary outdates it" {
    drbdsim cut r0
    up_both
    on node2 drbdadm primary r0
    export OCF_RESKEY_stop_outdates_secondary=true OCF_RESKEY_CRM_meta_notify_master_uname=node2 OCF_RESKEY_CRM_meta_notify_type=pre OCF_RESKEY_CRM_meta_notify_operation=stop
    run agent stop
    assert_success
    run sim_node node1
    assert_output --partial 'data=Outdated'
}

# ------------------------------------------------------------ notify, reload

@test "notify: always 0; pre-start re-adjusts, post-promote refreshes the score" {
    up_both
    OCF_RESKEY_CRM_meta_notify_type=pre OCF_RESKEY_CRM_meta_notify_operation=start OCF_RESKEY_CRM_meta_notify_start_uname=node2 run agent notify
    assert_success
    run drbdsim calls
    assert_line --regexp 'node1 drbdadm -c .* -v adjust r0$'
    on node1 drbdadm primary r0
    OCF_RESKEY_CRM_meta_notify_type=post OCF_RESKEY_CRM_meta_notify_operation=promote run agent notify
    assert_success
    assert_equal "$(score node1)" 10000
    for t in pre post; do for o in stop demote; do
        OCF_RESKEY_CRM_meta_notify_type=$t OCF_RESKEY_CRM_meta_notify_operation=$o run agent notify
        assert_success
    done; done
    drbdsim fault hang events2
    OCF_RESKEY_CRM_meta_timeout=3000 OCF_RESKEY_CRM_meta_notify_type=post OCF_RESKEY_CRM_meta_notify_operation=start run agent notify
    assert_success
}

@test "reload: drbdadm adjust on a running resource; 0 when stopped" {
    run agent reload
    assert_success
    up_both
    run agent reload
    assert_success
    run drbdsim calls
    assert_line --regexp 'node1 drbdadm -c .* adjust r0$'
}

@test "unfence_if_all_uptodate: a Primary with everything UpToDate runs drbdadm unfence-peer with the extra args" {
    drbdsim res add r2 --nodes "node1 node2" --minor 2 --two-primaries --fencing resource-only \
        --unfence-peer 'echo "unfence $DRBD_RESOURCE $OCF_RESKEY_unfence_extra_args"'
    on node1 drbdsim up r2 --primary >/dev/null; on node2 drbdsim up r2 >/dev/null
    OCF_RESKEY_drbd_resource=r2 OCF_RESKEY_unfence_if_all_uptodate=true run agent monitor
    assert_failure 8
    run cat "$DRBDSIM_STATE/handlers.out"
    assert_output 'unfence r2 --quiet --flock-required --flock-timeout 0 --unfence-only-if-owner-match'
}

# ------------------------------------------------------------ DRBD 8.4

@test "DRBD 8.4: start, promote and monitor through drbdsetup sh-status" {
    export DRBD_VERSION=8.4
    drbd_setup
    run agent node2 start
    assert_success
    run agent node1 start
    assert_success
    run agent node1 promote
    assert_success
    run agent node1 monitor
    assert_failure 8
    run drbdsim calls
    assert_line --regexp 'node1 drbdsetup sh-status r0$'
    assert_line --regexp 'node1 drbdadm -c .* attach r0$'
    assert_equal "$(score node1)" 10000
    run agent node1 stop
    assert_success
    run agent node1 monitor
    assert_failure 7
}
