#!/usr/bin/env bats
# ocf:xenha:EvmsSCC on the evms_activate simulator (test/sim/evms): every action, the clone's
# notification sequences and every fault, checking exit codes, exit reasons, the device nodes
# each node ends up with, the agent's activation record and the simulator's call log.
# Timing bounds are generous: the machine is shared and slow.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/evmsscc/helpers"

setup() {
    evms_setup
}

# ---------------------------------------------------------------------------------------------
# meta-data, usage, validate-all
# ---------------------------------------------------------------------------------------------

@test "meta-data is valid against ra-api-1.dtd and metadata.rng, with the reference's parameter and actions" {
    run_agent meta-data
    assert_success
    printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/md.xml"
    assert_valid_metadata "$BATS_TEST_TMPDIR/md.xml"
    for p in ignore_deprecation devices evms_activate activate_attempts; do
        assert_output --partial "<parameter name=\"$p\""
    done
    for a in start stop notify status monitor meta-data validate-all; do
        assert_output --partial "<action name=\"$a\""
    done
    assert_output --partial '<resource-agent name="EvmsSCC"'
    assert_output --partial '<content type="boolean" default="false" />'
    refute_output --partial XENHA_TEST
}

@test "meta-data runs without any environment (as Pacemaker's hacluster user would)" {
    run env -i "$EVMS_AGENT" meta-data
    assert_success
    assert_output --partial '<resource-agent name="EvmsSCC"'
}

@test "unknown action → 3, no action → 2, two actions → 2, usage → 0" {
    run_agent frobnicate
    assert_equal "$status" 3
    run_agent
    assert_equal "$status" 2
    run_agent start stop
    assert_equal "$status" 2
    assert_equal "$(sim_calls)" ""
    run_agent usage
    assert_success
    assert_output --partial notify
}

@test "validate-all succeeds with evms_activate in PATH and runs nothing" {
    OCF_RESKEY_devices="san2 /dev/evms/san2/cfgpool" run_agent validate-all
    assert_success
    assert_equal "$(sim_calls)" ""
    run grep -c 'WARNING: EVMS is no longer maintained' "$HA_LOGFILE"
    assert_output 1
}

@test "validate-all: a device outside /dev/evms or with .. → 6 naming the parameter" {
    OCF_RESKEY_devices="san2 /dev/sda1" run_agent validate-all
    assert_equal "$status" 6
    assert_equal "$(exit_reason)" 'parameter "devices": "/dev/sda1" is not under /dev/evms'
    OCF_RESKEY_devices="san2/../../etc" run_agent validate-all
    assert_equal "$status" 6
    [[ $(exit_reason) == 'parameter "devices": "san2/../../etc" is not a container or volume name'* ]]
}

@test "validate-all: a bad activate_attempts or evms_activate value → 6" {
    OCF_RESKEY_activate_attempts=0 run_agent validate-all
    assert_equal "$status" 6
    assert_equal "$(exit_reason)" 'invalid configuration: parameter "activate_attempts" must be at least 1, not 0'
    OCF_RESKEY_evms_activate=-q run_agent validate-all
    assert_equal "$status" 6
    assert_equal "$(exit_reason)" 'parameter "evms_activate" must be an absolute path or a program name found in PATH, not "-q"'
}

@test "validate-all: evms_activate missing → 5" {
    PATH=/usr/bin:/bin run_agent validate-all
    assert_equal "$status" 5
    assert_equal "$(exit_reason)" 'evms_activate not found (evms_activate="evms_activate"): is EVMS installed on this node?'
}

@test "ignore_deprecation=true silences the deprecation warning" {
    OCF_RESKEY_ignore_deprecation=true run_agent validate-all
    assert_success
    run grep -c 'no longer maintained' "$HA_LOGFILE"
    assert_output 0
}

# ---------------------------------------------------------------------------------------------
# probe / monitor / status
# ---------------------------------------------------------------------------------------------

@test "probe on a node where it never ran → 7, runs nothing, logs no error" {
    run_agent monitor
    assert_equal "$status" 7
    assert_output ""
    assert_equal "$(sim_calls)" ""
    run grep -c ERROR "$HA_LOGFILE"
    assert_output 0
}

@test "probe → 7 even when the volumes exist (activated by someone else, or before a reboot)" {
    evms_activate -q
    assert_equal "$(volumes_of)" "san2/cfgpool san2/vm1 san2/vm2"
    run_agent monitor
    assert_equal "$status" 7
}

@test "probe and stop without evms_activate anywhere → 7 and 0, never 5" {
    PATH=/usr/bin:/bin run_agent monitor
    assert_equal "$status" 7
    PATH=/usr/bin:/bin run_agent stop
    assert_success
    PATH=/usr/bin:/bin OCF_RESKEY_evms_activate=/nonexistent/evms_activate run_agent monitor
    assert_equal "$status" 7
}

@test "monitor and status after start → 0 (recurring and probe)" {
    run_agent start
    assert_success
    run_agent monitor
    assert_success
    OCF_RESKEY_CRM_meta_interval=10000 run_agent monitor
    assert_success
    run_agent status
    assert_success
}

@test "monitor: a listed volume that disappears → 1 naming it" {
    OCF_RESKEY_devices="san2/cfgpool san2/vm1" run_agent start
    assert_success
    rm "$EVMSSIM_DEV/san2/vm1"
    OCF_RESKEY_devices="san2/cfgpool san2/vm1" OCF_RESKEY_CRM_meta_interval=10000 run_agent monitor
    assert_equal "$status" 1
    assert_equal "$(exit_reason)" "$EVMSSIM_DEV/san2/vm1 does not exist, though activated on this node (deactivated by hand, or this node lost its SAN paths)"
}

@test "monitor: a listed container left without volumes → 1; without a list, no volume at all → 1" {
    OCF_RESKEY_devices=san2 run_agent start
    assert_success
    rm "$EVMSSIM_DEV"/san2/*
    OCF_RESKEY_devices=san2 run_agent monitor
    assert_equal "$status" 1
    [[ $(exit_reason) == *"container $EVMSSIM_DEV/san2 holds no volume"* ]]
    run_agent monitor
    assert_equal "$status" 1
    [[ $(exit_reason) == *"no EVMS volume under $EVMSSIM_DEV"* ]]
}

@test "monitor: a regular file where a volume should be is not a volume → 1" {
    OCF_RESKEY_devices=san2/vm1 run_agent start
    assert_success
    rm "$EVMSSIM_DEV/san2/vm1"
    : >"$EVMSSIM_DEV/san2/vm1"
    OCF_RESKEY_devices=san2/vm1 run_agent monitor
    assert_equal "$status" 1
    [[ $(exit_reason) == *"$EVMSSIM_DEV/san2/vm1 is neither a block device nor a container directory"* ]]
}

@test "monitor: a corrupt activation record → 1 saying which file" {
    printf 'garbage' >"$HA_RSCTMP/EvmsSCC-evms.state"
    run_agent monitor
    assert_equal "$status" 1
    assert_equal "$(exit_reason)" "the activation record $HA_RSCTMP/EvmsSCC-evms.state is corrupt (remove it and run a cleanup of the resource)"
}

@test "monitor: an invalid devices value falls back to any volume and warns, never 6" {
    run_agent start
    assert_success
    OCF_RESKEY_devices=/dev/sda run_agent monitor
    assert_success
    grep -q 'parameter "devices": "/dev/sda" is not under /dev/evms; monitor checks for any volume' "$HA_LOGFILE"
}

@test "the record is per resource, not per clone instance number, and per node" {
    run_agent start
    assert_success
    OCF_RESOURCE_INSTANCE=evms:1 run_agent monitor
    assert_success
    OCF_RESOURCE_INSTANCE=evms run_agent monitor
    assert_success
    OCF_RESOURCE_INSTANCE=other:0 run_agent monitor
    assert_equal "$status" 7
    on_node node2 run_agent monitor
    assert_equal "$status" 7
}

@test "a reboot (HA_RSCTMP emptied) makes the probe report 7" {
    run_agent start
    assert_success
    rm -rf "$HA_RSCTMP"
    run_agent monitor
    assert_equal "$status" 7
}

# ---------------------------------------------------------------------------------------------
# start / stop
# ---------------------------------------------------------------------------------------------

@test "start runs evms_activate -q once, creates the volumes, records the activation" {
    OCF_RESKEY_devices="san2/cfgpool /dev/evms/san2/vm1" run_agent start
    assert_success
    assert_equal "$(sim_calls)" "node1 evms_activate -q"
    assert_equal "$(volumes_of)" "san2/cfgpool san2/vm1 san2/vm2"
    [[ $(record_of) == *'"activeSince":"'*'"activatedBy":"start"'* ]]
    assert_equal "$(volumes_of node2)" ""
}

@test "start of an active resource succeeds and runs nothing" {
    run_agent start
    assert_success
    evmssim calls --clear
    run_agent start
    assert_success
    assert_equal "$(sim_calls)" ""
    grep -q 'already active on node1 since' "$HA_LOGFILE"
}

@test "start when the listed volumes already exist confirms without running evms_activate" {
    evms_activate -q
    evmssim calls --clear
    OCF_RESKEY_devices=san2/vm1 run_agent start
    assert_success
    assert_equal "$(sim_calls)" ""
    [[ $(record_of) == *'"activatedBy":"already-present"'* ]]
}

@test "start without a device list runs evms_activate even when some volume exists" {
    evms_activate -q
    evmssim calls --clear
    run_agent start
    assert_success
    assert_equal "$(sim_calls)" "node1 evms_activate -q"
}

@test "without a device list, a notification's activation counts for 5 minutes only" {
    notify_env pre start "node1" ""
    run_agent notify
    clear_notify_env
    evmssim calls --clear
    # the notification ran an hour ago (a transition aborted since): start activates again
    sed -i 's/"notifyActivatedAt":"[^"]*"/"notifyActivatedAt":"2000-01-01T00:00:00.000Z"/' "$HA_RSCTMP/EvmsSCC-evms.state"
    run_agent start
    assert_success
    assert_equal "$(sim_calls)" "node1 evms_activate -q"
}

@test "start of an active resource whose volumes vanished activates again" {
    OCF_RESKEY_devices=san2/vm1 run_agent start
    assert_success
    rm -r "$EVMSSIM_DEV/san2"
    evmssim calls --clear
    OCF_RESKEY_devices=san2/vm1 run_agent start
    assert_success
    assert_equal "$(sim_calls)" "node1 evms_activate -q"
    assert_equal "$(volumes_of)" "san2/cfgpool san2/vm1 san2/vm2"
}

@test "start without evms_activate → 5 with a reason; nothing recorded" {
    PATH=/usr/bin:/bin run_agent start
    assert_equal "$status" 5
    assert_equal "$(exit_reason)" 'evms_activate not found (evms_activate="evms_activate"): is EVMS installed on this node? (PATH=/usr/bin:/bin)'
    assert_equal "$(record_of)" ""
    OCF_RESKEY_evms_activate=/opt/evms/sbin/evms_activate run_agent start
    assert_equal "$status" 5
}

@test "start with an absolute evms_activate path runs that program" {
    PATH=/usr/bin:/bin OCF_RESKEY_evms_activate="$SIM_DIR/evms/evms_activate" run_agent start
    assert_success
    assert_equal "$(sim_calls)" "node1 evms_activate -q"
}

@test "start with an invalid devices value → 6 before running anything" {
    OCF_RESKEY_devices='san2 ../x' run_agent start
    assert_equal "$status" 6
    assert_equal "$(sim_calls)" ""
}

@test "stop → 0, the node is no longer active, the volumes stay (other nodes use them)" {
    run_agent start
    assert_success
    evmssim calls --clear
    run_agent stop
    assert_success
    assert_equal "$(record_of)" ""
    assert_equal "$(volumes_of)" "san2/cfgpool san2/vm1 san2/vm2"
    assert_equal "$(sim_calls)" ""
    run_agent monitor
    assert_equal "$status" 7
    grep -q 'node1 no longer counts as active; the shared EVMS containers stay active' "$HA_LOGFILE"
}

@test "stop of a stopped resource → 0; stop with invalid parameters → 0" {
    run_agent stop
    assert_success
    run_agent start
    assert_success
    OCF_RESKEY_devices=/dev/sda OCF_RESKEY_activate_attempts=many run_agent stop
    assert_success
    assert_equal "$(record_of)" ""
}

@test "stop that cannot remove the record → 1 (monitor would still say running)" {
    run_agent start
    assert_success
    # a directory in the record's place: rm of a file fails, as on a read-only HA_RSCTMP
    rm "$HA_RSCTMP/EvmsSCC-evms.state"
    mkdir -p "$HA_RSCTMP/EvmsSCC-evms.state/x"
    run_agent stop
    assert_equal "$status" 1
    [[ $(exit_reason) == "cannot remove the activation record $HA_RSCTMP/EvmsSCC-evms.state"* ]]
}

# ---------------------------------------------------------------------------------------------
# notifications: the clone's start sequence
# ---------------------------------------------------------------------------------------------

@test "cluster start: the first starting node activates in pre-start notify, the other does not" {
    notify_env pre start "node1 node2" ""
    run_agent notify
    assert_success
    on_node node2 run_agent notify
    assert_success
    assert_equal "$(sim_calls)" "node1 evms_activate -q"
    assert_equal "$(volumes_of node1)" "san2/cfgpool san2/vm1 san2/vm2"
    [[ $(record_of node1) == *'"notifyActivatedAt"'* ]]
    [[ $(record_of node1) != *activeSince* ]]
    run_agent monitor
    assert_equal "$status" 7
}

@test "cluster start: notify then start on both nodes → both active, evms_activate once per node" {
    notify_env pre start "node1 node2" ""
    run_agent notify
    on_node node2 run_agent notify
    clear_notify_env
    run_agent start
    assert_success
    on_node node2 run_agent start
    assert_success
    notify_env post start "node1 node2" ""
    run_agent notify
    assert_success
    on_node node2 run_agent notify
    assert_success
    # node1 activated in its notification; node2, whose /dev/evms the notification did not
    # reach (the simulator's evms_activate activates the node it runs on), in its start
    assert_equal "$(sim_calls)" "node1 evms_activate -q
node2 evms_activate -q"
    [[ $(record_of node1) == *'"activatedBy":"notify"'* ]]
    [[ $(record_of node2) == *'"activatedBy":"start"'* ]]
    assert_equal "$(volumes_of node2)" "san2/cfgpool san2/vm1 san2/vm2"
    run_agent monitor
    assert_success
    on_node node2 run_agent monitor
    assert_success
}

@test "a node joins later: it activates in the notification, the active node does nothing" {
    run_agent start
    evmssim calls --clear
    notify_env pre start "node2" "node1"
    run_agent notify
    assert_success
    on_node node2 run_agent notify
    assert_success
    assert_equal "$(sim_calls)" "node2 evms_activate -q"
    clear_notify_env
    OCF_RESKEY_devices=san2/vm1 on_node node2 run_agent start
    assert_success
    assert_equal "$(sim_calls)" "node2 evms_activate -q"
    on_node node2 run_agent monitor
    assert_success
}

@test "notifications other than pre-start, and notify without variables, run nothing → 0" {
    for spec in "post start" "pre stop" "post stop" "pre promote"; do
        notify_env $spec "node1" ""
        run_agent notify
        assert_success
    done
    clear_notify_env
    run_agent notify
    assert_success
    assert_equal "$(sim_calls)" ""
}

@test "notify names compared case-insensitively (the reference lower-cases uname -n)" {
    notify_env pre start "NODE1 node2" ""
    run_agent notify
    assert_success
    assert_equal "$(sim_calls)" "node1 evms_activate -q"
}

@test "notify on a node that is neither active nor starting → 0, warns, runs nothing" {
    notify_env pre start "node2" "node3"
    run_agent notify
    assert_success
    assert_equal "$(sim_calls)" ""
    grep -q 'node1 is neither active nor starting' "$HA_LOGFILE"
}

@test "notify: evms_activate failing every time → 0 after activate_attempts, error logged, start then fails truthfully" {
    evmssim fault fail 100
    notify_env pre start "node1 node2" ""
    OCF_RESKEY_activate_attempts=2 run_agent notify
    assert_success
    assert_equal "$(sim_calls | wc -l)" 2
    grep -q 'ERROR: pre-start notification: cannot activate the EVMS containers: evms_activate failed 2 times' "$HA_LOGFILE"
    clear_notify_env
    OCF_RESKEY_activate_attempts=1 run_agent start
    assert_equal "$status" 1
    assert_equal "$(exit_reason)" "evms_activate failed once, last: exit 16: Failed to open the EVMS Engine. Error code is 16: Device or resource busy."
}

@test "notify with invalid parameters → 0 (a notification never fails the transition), warns" {
    notify_env pre start "node1" ""
    OCF_RESKEY_devices=/dev/sda OCF_RESKEY_activate_attempts=lots run_agent notify
    assert_success
    assert_equal "$(sim_calls)" "node1 evms_activate -q"
    grep -q 'parameter "devices": "/dev/sda" is not under /dev/evms; notify checks for any volume' "$HA_LOGFILE"
}

@test "notify without evms_activate → 0 with an error logged (start reports 5)" {
    notify_env pre start "node1" ""
    PATH=/usr/bin:/bin run_agent notify
    assert_success
    grep -q 'ERROR: pre-start notification: cannot activate the EVMS containers: evms_activate not found' "$HA_LOGFILE"
}

# ---------------------------------------------------------------------------------------------
# faults of evms_activate
# ---------------------------------------------------------------------------------------------

@test "evms_activate fails twice then succeeds → start 0 after three attempts" {
    evmssim fault fail 2
    run_agent start
    assert_success
    assert_equal "$(sim_calls | wc -l)" 3
    assert_equal "$(volumes_of)" "san2/cfgpool san2/vm1 san2/vm2"
    grep -q "evms_activate failed (attempt 1 of 3): $SIM_DIR/evms/evms_activate -q exited with 16" "$HA_LOGFILE"
    grep -q 'evms_activate succeeded on attempt 3 of 3' "$HA_LOGFILE"
}

@test "two nodes starting at once: the engine is busy for one, which retries and succeeds" {
    evmssim fault slow 2
    ( on_node node2 "$EVMS_AGENT" start ) &
    local other=$!
    until grep -q node2 "$EVMSSIM_STATE/calls.log"; do /bin/sleep 0.05; done
    evmssim clear slow
    # enough attempts (and so at least 9 s of pauses) to outlast node2's run on a loaded machine
    OCF_RESKEY_activate_attempts=10 run_agent start
    wait "$other"
    assert_success
    [[ $(sim_calls) == "node2 evms_activate -q"$'\n'"node1 evms_activate -q"$'\n'*"node1 evms_activate -q" ]] || fail "calls: $(sim_calls)"
    grep -q "evms_activate failed (attempt 1 of 10): .* exited with 16: .*Device or resource busy" "$HA_LOGFILE"
    assert_equal "$(volumes_of node1)" "san2/cfgpool san2/vm1 san2/vm2"
    assert_equal "$(volumes_of node2)" "san2/cfgpool san2/vm1 san2/vm2"
    on_node node2 run_agent monitor
    assert_success
}

@test "evms_activate always fails → start 1 after exactly activate_attempts runs, nothing recorded" {
    evmssim fault fail 100 --rc 5 --msg 'evms_activate: Engine open failed: Input/output error'
    OCF_RESKEY_activate_attempts=2 run_agent start
    assert_equal "$status" 1
    assert_equal "$(exit_reason)" "evms_activate failed 2 times, last: exit 5: Engine open failed: Input/output error"
    grep -q "evms_activate failed (attempt 2 of 2): $SIM_DIR/evms/evms_activate -q exited with 5: evms_activate: Engine open failed" "$HA_LOGFILE"
    assert_equal "$(sim_calls | wc -l)" 2
    assert_equal "$(record_of)" ""
    assert_equal "$(volumes_of)" ""
    run_agent monitor
    assert_equal "$status" 7
}

@test "evms_activate hangs → start 1 before the op timeout, the hung run killed" {
    local secs=$((3000 + $$ % 500))
    evmssim fault hang "$secs"
    OCF_RESKEY_CRM_meta_timeout=6000 run_agent start
    assert_equal "$status" 1
    ((elapsed_ms < 7000)) || fail "start took ${elapsed_ms} ms with a 6000 ms timeout"
    [[ $(exit_reason) == "evms_activate failed "*", last: did not finish in time (killed after "*" s)" ]] || fail "reason: $(exit_reason)"
    run pgrep -f "/bin/sleep $secs"
    assert_failure
    assert_equal "$(record_of)" ""
}

@test "evms_activate hangs once, then works → the next attempt gets its share of the timeout and succeeds" {
    evmssim fault slow 30
    # a one-shot: the first run sleeps 30 s (killed at its share of the timeout), later ones are quick
    ( while ! grep -q evms_activate "$EVMSSIM_STATE/calls.log"; do /bin/sleep 0.1; done; evmssim clear slow ) &
    OCF_RESKEY_CRM_meta_timeout=12000 run_agent start
    wait
    assert_success
    assert_equal "$(sim_calls | wc -l)" 2
    ((elapsed_ms < 13000)) || fail "start took ${elapsed_ms} ms with a 12000 ms timeout"
}

@test "evms_activate succeeds without creating a listed container → start 1 naming it" {
    evmssim container add san3 data
    evmssim fault skip san3
    OCF_RESKEY_devices="san2 san3/data" run_agent start
    assert_equal "$status" 1
    [[ $(exit_reason) == "evms_activate succeeded but $EVMSSIM_DEV/san3/data does not exist: this node does not see the container's disks"* ]]
    assert_equal "$(record_of)" ""
    assert_equal "$(volumes_of)" "san2/cfgpool san2/vm1 san2/vm2"
}

@test "evms_activate succeeds without creating any volume, no list → start 1" {
    evmssim fault skip san2
    run_agent start
    assert_equal "$status" 1
    [[ $(exit_reason) == "evms_activate succeeded but no EVMS volume under $EVMSSIM_DEV: $EVMSSIM_DEV does not exist"* ]]
}

@test "evms_activate exits 0 but is slow: start waits for it inside the timeout" {
    evmssim fault slow 2
    OCF_RESKEY_CRM_meta_timeout=20000 run_agent start
    assert_success
    ((elapsed_ms >= 2000)) || fail "start returned after ${elapsed_ms} ms, before evms_activate finished"
}

# ---------------------------------------------------------------------------------------------
# ocf-tester, docs
# ---------------------------------------------------------------------------------------------

@test "ocf-tester passes" {
    [[ -x /usr/sbin/ocf-tester ]] || skip "ocf-tester is not installed"
    unset HA_debug
    run /usr/sbin/ocf-tester -n evms -o devices=san2 "$EVMS_AGENT"
    assert_success
    assert_output --partial "passed all tests"
    assert_equal "$(record_of)" ""
}

@test "docs/evmsscc.md lists every parameter with the meta-data's default" {
    run_agent meta-data
    assert_success
    local doc="$PROJECT_ROOT/docs/evmsscc.md" names name default row
    names=$(grep -o '<parameter name="[^"]*"' <<<"$output" | cut -d'"' -f2)
    [[ -n $names ]]
    for name in $names; do
        row=$(grep -F "| \`$name\` |" "$doc") || fail "docs/evmsscc.md has no row for $name"
        default=$(sed -n "/<parameter name=\"$name\"/,/<\/parameter>/p" <<<"$output" | grep -o 'default="[^"]*"' | cut -d'"' -f2)
        if [[ -n $default ]]; then
            [[ $row == *"\`$default\`"* ]] || fail "docs/evmsscc.md: $name should show the default $default"
        fi
    done
}
