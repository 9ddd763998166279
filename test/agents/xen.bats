#!/usr/bin/env bats
# ocf:xenha:Xen on the Xen toolstack simulator (test/sim/xen): every action and every fault,
# checking exit codes, exit reasons, the simulator's resulting state and its call log.
# Timing bounds are generous: the machine is shared and slow.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/xen/helpers"

setup() {
    xen_setup
}

teardown() {
    stop_background_migration
}

# ---------------------------------------------------------------------------------------------
# meta-data, usage, validate-all
# ---------------------------------------------------------------------------------------------

@test "meta-data is valid against ra-api-1.dtd and metadata.rng and lists every parameter" {
    run_agent meta-data
    assert_success
    printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/md.xml"
    assert_valid_metadata "$BATS_TEST_TMPDIR/md.xml"
    for p in xmfile name shutdown_timeout shutdown_acpi allow_mem_management reserved_Dom0_memory \
        node_ip_attribute autoset_utilization_cpu autoset_utilization_hv_memory monitor_scripts \
        toolstack migration_network_suffix; do
        assert_output --partial "<parameter name=\"$p\""
    done
    assert_output --partial 'default="/etc/xen/vm/MyDomU"'
    assert_output --partial '<action name="migrate_to"'
    assert_output --partial '<action name="reload"'
}

@test "unknown action → 3, no action → 2, usage → 0" {
    run_agent frobnicate
    assert_equal "$status" 3
    run_agent
    assert_equal "$status" 2
    run_agent usage
    assert_success
}

@test "validate-all succeeds with a readable config" {
    run_agent validate-all
    assert_success
    assert_equal "$(sim_calls)" ""
}

@test "validate-all: a bad shutdown_timeout → 6 naming the parameter" {
    OCF_RESKEY_shutdown_timeout=abc run_agent validate-all
    assert_equal "$status" 6
    assert_equal "$(exit_reason)" 'invalid configuration: parameter "shutdown_timeout" must be a whole number, not "abc"'
}

@test "validate-all: a bad toolstack or boolean → 6 naming the parameter" {
    OCF_RESKEY_toolstack=libvirt run_agent validate-all
    assert_equal "$status" 6
    [[ $(exit_reason) == *'parameter "toolstack" must be one of auto, xl, xm'* ]]
    OCF_RESKEY_shutdown_acpi=maybe run_agent validate-all
    assert_equal "$status" 6
    [[ $(exit_reason) == *'parameter "shutdown_acpi"'* ]]
}

@test "values the reference ran with: validate-all reports each (6) with what to write instead" {
    OCF_RESKEY_allow_mem_management=maybe run_agent validate-all
    assert_equal "$status" 6
    assert_equal "$(exit_reason)" 'invalid configuration: parameter "allow_mem_management" must be a boolean (true/false, yes/no, 1/0, on/off), not "maybe"; accepted for compatibility with the reference agent and read as false: write "false" (or "true"); ocf_is_true, which the reference uses, reads any other word as false'
    OCF_RESKEY_reserved_Dom0_memory=1G run_agent validate-all
    assert_equal "$status" 6
    assert_equal "$(exit_reason)" 'invalid configuration: parameter "reserved_Dom0_memory" must be a whole number, not "1G"; accepted for compatibility with the reference agent and read as 1024: write 1024 (a number of MiB, without a unit)'
    cd "$BATS_TEST_TMPDIR"
    OCF_RESKEY_xmfile=vm1.cfg run_agent validate-all
    assert_equal "$status" 6
    assert_equal "$(exit_reason)" "invalid configuration: parameter \"xmfile\" must be an absolute path, not \"vm1.cfg\"; accepted for compatibility with the reference agent and read as \"vm1.cfg\": write the absolute path of the config file; a relative one is looked up from the working directory of Pacemaker's executor, as the reference did"
    assert_equal "$(sim_calls)" ""
}

@test "values the reference ran with: start, monitor and stop use the reference's reading and warn" {
    OCF_RESKEY_allow_mem_management=maybe OCF_RESKEY_shutdown_acpi=nope run_agent start
    assert_success
    grep -q 'WARNING: parameter "allow_mem_management" must be a boolean .* not "maybe"; accepted for compatibility .* read as false' "$HA_LOGFILE"
    grep -q 'WARNING: parameter "shutdown_acpi" must be a boolean' "$HA_LOGFILE"
    # read as false: no memory management, no ACPI button on stop
    run sim_calls
    refute_line "node1 xl info"
    OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_allow_mem_management=maybe run_agent monitor
    assert_success
    OCF_RESKEY_shutdown_acpi=nope run_agent stop
    assert_success
    run sim_calls
    refute_line --partial "trigger"
    assert_equal "$(sim_domains node1)" ""
}

@test "reserved_Dom0_memory=1G with memory management is read as 1024 MiB" {
    xensim create other --mem 4096 >/dev/null
    OCF_RESKEY_allow_mem_management=1 OCF_RESKEY_reserved_Dom0_memory=1G run_agent start
    assert_success
    run sim_calls
    assert_line "node1 xl mem-set other 7680"
    grep -q 'WARNING: parameter "reserved_Dom0_memory" .* read as 1024: write 1024' "$HA_LOGFILE"
}

@test "a relative xmfile starts from the executor's working directory, as the reference's does, with a warning; missing there → 5" {
    cd "$BATS_TEST_TMPDIR"
    OCF_RESKEY_xmfile=vm1.cfg run_agent start
    assert_success
    grep -q 'WARNING: parameter "xmfile" must be an absolute path, not "vm1.cfg"' "$HA_LOGFILE"
    assert_equal "$(sim_domains node1)" vm1
    OCF_RESKEY_xmfile=vm1.cfg run_agent stop
    assert_success
    cd /
    OCF_RESKEY_xmfile=vm1.cfg run_agent start
    assert_equal "$status" 5
    assert_equal "$(sim_domains node1)" ""
}

@test "validate-all: a missing config file → 5 naming xmfile" {
    OCF_RESKEY_xmfile=/nonexistent/vm1.cfg run_agent validate-all
    assert_equal "$status" 5
    assert_equal "$(exit_reason)" 'parameter "xmfile": config file /nonexistent/vm1.cfg does not exist'
}

@test "validate-all: a name the config computes → 6 asking for the name parameter" {
    printf 'name = "vm%%d" %% 1\nmemory = 512\n' >"$XEN_CFG"
    run_agent validate-all
    assert_equal "$status" 6
    [[ $(exit_reason) == *"cannot read the domain name from $XEN_CFG line 1"*'set the "name" parameter'* ]]
    OCF_RESKEY_name=vm1 run_agent validate-all
    assert_success
}

@test "a domain name starting with \"-\" is refused by every action before the toolstack runs (xl list -l would succeed)" {
    start_vm1
    local action
    for action in validate-all monitor stop start; do
        OCF_RESKEY_name=-l run_agent "$action"
        assert_equal "$status" 6
        assert_equal "$(exit_reason)" 'domain name "-l" (from the name parameter) starts with "-": the toolstack would read it as an option'
    done
    assert_equal "$(sim_calls)" ""
    assert_equal "$(sim_domains node1)" vm1
}

@test "validate-all: a monitor script that cannot run → 5" {
    OCF_RESKEY_monitor_scripts="/bin/true $BATS_TEST_TMPDIR/missing-check" run_agent validate-all
    assert_equal "$status" 5
    [[ $(exit_reason) == *"monitor_scripts"*"missing-check"* ]]
}

@test "validate-all: toolstack=xm without xm in PATH → 5" {
    mkdir "$BATS_TEST_TMPDIR/xlonly"
    ln -s "$SIM_DIR/xen/xl" "$BATS_TEST_TMPDIR/xlonly/xl"
    PATH="$BATS_TEST_TMPDIR/xlonly:/usr/bin:/bin" OCF_RESKEY_toolstack=xm run_agent validate-all
    assert_equal "$status" 5
    assert_equal "$(exit_reason)" 'toolstack=xm but xm was not found in PATH'
}

@test "reload succeeds and changes nothing: it only checks that the domain still runs" {
    start_vm1
    OCF_RESKEY_monitor_scripts=/bin/true run_agent reload
    assert_success
    assert_equal "$(sim_calls)" "node1 xl list vm1"
    assert_equal "$(sim_domains node1)" vm1
}

@test "meta-data: xmfile and name are not unique, as in ocf:heartbeat:Xen (one template, several guests)" {
    run_agent meta-data
    assert_success
    assert_output --partial '<parameter name="xmfile" unique="0" required="1">'
    assert_output --partial '<parameter name="name" unique="0" required="0">'
    refute_output --partial 'unique="1"'
}

@test "reload refuses a name that makes the resource another domain; the old one keeps running for the restart to stop" {
    start_vm1
    OCF_RESKEY_name=vm5 run_agent reload
    assert_equal "$status" 1
    assert_equal "$(exit_reason)" "refusing to reload: domain vm5, which the new parameters name (xmfile $XEN_CFG, name vm5), is not listed here; xmfile or name changed the domain this resource manages, which needs a restart (Pacemaker stops the old domain and starts the new one)"
    assert_equal "$(sim_domains node1)" vm1
}

@test "reload refuses an xmfile whose domain is another one, and accepts one that names the running domain" {
    start_vm1
    printf 'name = "vm7"\nmemory = 256\n' >"$BATS_TEST_TMPDIR/vm7.cfg"
    OCF_RESKEY_xmfile="$BATS_TEST_TMPDIR/vm7.cfg" run_agent reload
    assert_equal "$status" 1
    assert_output --partial "refusing to reload: domain vm7"
    # the same domain from a config file that moved: nothing to restart
    cp "$XEN_CFG" "$BATS_TEST_TMPDIR/moved.cfg"
    OCF_RESKEY_xmfile="$BATS_TEST_TMPDIR/moved.cfg" run_agent reload
    assert_success
    # a template shared by guests, told apart by name: the running one is accepted
    OCF_RESKEY_xmfile="$BATS_TEST_TMPDIR/vm7.cfg" OCF_RESKEY_name=vm1 run_agent reload
    assert_success
    assert_equal "$(sim_domains node1)" vm1
}

# ---------------------------------------------------------------------------------------------
# monitor / status
# ---------------------------------------------------------------------------------------------

@test "probe of a stopped domain → 7 at once, one xl list, no error logged" {
    run_agent monitor
    assert_equal "$status" 7
    assert_output ""
    assert_equal "$(sim_calls)" "node1 xl list vm1"
    run grep -c ERROR "$HA_LOGFILE"
    assert_output 0
}

@test "probe and status of a running domain → 0" {
    start_vm1
    run_agent monitor
    assert_success
    run_agent status
    assert_success
    assert_equal "$(sim_calls)" "$(printf 'node1 xl list vm1\nnode1 xl list vm1')"
}

@test "recurring monitor of a running domain → 0 with a single xl list" {
    start_vm1
    OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_CRM_meta_timeout=30000 run_agent monitor
    assert_success
    assert_equal "$(sim_calls)" "node1 xl list vm1"
}

@test "recurring monitor of a domain that stays away → 7 with a reason after the retry window" {
    OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_CRM_meta_timeout=30000 run_agent monitor
    assert_equal "$status" 7
    assert_equal "$(exit_reason)" "Xen domain vm1 stopped (not listed by xl)"
    ((elapsed_ms >= 4500 && elapsed_ms < 15000))
    grep -q 'WARNING: domain vm1 reported as not listed, but it is expected to be running' "$HA_LOGFILE"
}

@test "a guest that vanishes briefly (in-guest reboot): recurring monitor → 0, probe → 7" {
    start_vm1
    xensim vanish vm1 2
    OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_CRM_meta_timeout=30000 run_agent monitor
    assert_success
    grep -q 'INFO: domain vm1 is back' "$HA_LOGFILE"
    xensim vanish vm1 30
    run_agent monitor
    assert_equal "$status" 7
    ((elapsed_ms < 3000))
}

@test "the retry window never runs past the monitor's deadline" {
    OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_CRM_meta_timeout=3000 run_agent monitor
    assert_equal "$status" 7
    assert_before_timeout 3000
}

@test "a crashed domain → monitor 1 (probe and recurring), not running" {
    start_vm1
    xensim crash vm1
    assert_equal "$(sim_state node1 vm1)" ---sc-
    run_agent monitor
    assert_equal "$status" 1
    assert_equal "$(exit_reason)" "domain vm1 has crashed (xl state ---sc-)"
    OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_CRM_meta_timeout=30000 run_agent monitor
    assert_equal "$status" 1
    run_agent status
    assert_equal "$status" 1
}

@test "a dying domain → monitor 1 with the reason" {
    start_vm1
    xensim dying vm1
    run_agent monitor
    assert_equal "$status" 1
    [[ $(exit_reason) == "domain vm1 is dying (xl state -----d)"* ]]
}

@test "a paused domain is reported running, with a warning" {
    start_vm1
    xl pause vm1
    run_agent monitor
    assert_success
    grep -q 'WARNING: domain vm1 is paused' "$HA_LOGFILE"
}

@test "monitor_scripts: a failing script → 1 naming it, a passing one → 0" {
    start_vm1
    printf '#!/bin/sh\necho "service down" >&2\nexit 3\n' >"$BATS_TEST_TMPDIR/check-web"
    chmod +x "$BATS_TEST_TMPDIR/check-web"
    OCF_RESKEY_monitor_scripts="/bin/true $BATS_TEST_TMPDIR/check-web" run_agent monitor
    assert_equal "$status" 1
    assert_equal "$(exit_reason)" "domain vm1 runs, but monitor script $BATS_TEST_TMPDIR/check-web exited with 3: service down"
    OCF_RESKEY_monitor_scripts="/bin/true true" run_agent monitor
    assert_success
}

@test "monitor with a hung xl list → 1 within OCF_RESKEY_CRM_meta_timeout" {
    start_vm1
    xensim fault hang list
    OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_CRM_meta_timeout=3000 run_agent monitor
    assert_equal "$status" 1
    [[ $(exit_reason) == "cannot tell whether domain vm1 runs: "*"xl list vm1 did not finish in time"* ]]
    assert_before_timeout 3000
    OCF_RESKEY_CRM_meta_timeout=2000 run_agent monitor
    assert_equal "$status" 1
    assert_before_timeout 2000
}

@test "monitor when xl list fails → 1 with xl's message (the state is unknown)" {
    start_vm1
    xensim fault fail list --msg 'libxl: error: xenstore is not running'
    run_agent monitor
    assert_equal "$status" 1
    [[ $(exit_reason) == *"xl list vm1 exited with 1: libxl: error: xenstore is not running"* ]]
}

@test "utilization: set through crm_resource only when it changed; no cluster → quiet success" {
    start_vm1
    export OCF_RESKEY_autoset_utilization_cpu=true OCF_RESKEY_autoset_utilization_hv_memory=true
    run_agent monitor
    assert_success
    assert_equal "$(cat "$XEN_STUB_DIR/util/rvm1/cpu")" 2
    assert_equal "$(cat "$XEN_STUB_DIR/util/rvm1/hv_memory")" 512
    run grep -c -- '-p cpu -v 2' "$XEN_STUB_DIR/calls.log"
    assert_output 1
    grep -q 'crm_resource -Q -r rvm1 -z -g hv_memory' "$XEN_STUB_DIR/calls.log"
    : >"$XEN_STUB_DIR/calls.log"
    run_agent monitor
    assert_success
    run grep -c -- ' -p ' "$XEN_STUB_DIR/calls.log"
    assert_output 0
    touch "$XEN_STUB_DIR/not-connected"
    run_agent monitor
    assert_success
    run grep -c WARNING "$HA_LOGFILE"
    assert_output 0
}

@test "probe without any toolstack → 7; recurring monitor → 5" {
    PATH=/usr/bin:/bin run_agent monitor
    assert_equal "$status" 7
    PATH=/usr/bin:/bin OCF_RESKEY_CRM_meta_interval=10000 run_agent monitor
    assert_equal "$status" 5
    assert_equal "$(exit_reason)" "neither xl nor xm was found in PATH (is the Xen toolstack installed?): cannot monitor domain vm1"
}

@test "probe with a missing config file → 7 (name falls back to the resource id, logged)" {
    OCF_RESKEY_xmfile=/nonexistent/vm1.cfg run_agent monitor
    assert_equal "$status" 7
    assert_equal "$(sim_calls)" "node1 xl list rvm1"
    grep -q 'DEBUG: domain name rvm1 (from the resource id (config file /nonexistent/vm1.cfg cannot be read))' "$HA_LOGFILE"
}

# ---------------------------------------------------------------------------------------------
# start
# ---------------------------------------------------------------------------------------------

@test "start creates the domain with name=\"vm1\" and returns once it runs; again → 0 without create" {
    run_agent start
    assert_success
    assert_equal "$(sim_domains node1)" vm1
    assert_equal "$(sim_state node1 vm1)" -b----
    assert_equal "$(sim_calls | head -2)" "$(printf 'node1 xl list vm1\nnode1 xl create %s name="vm1"' "$XEN_CFG")"
    grep -q "INFO: domain name vm1 (from $XEN_CFG line 2)" "$HA_LOGFILE"
    xensim calls --clear
    run_agent start
    assert_success
    assert_equal "$(sim_calls)" "node1 xl list vm1"
    grep -q 'INFO: Xen domain vm1 already running.' "$HA_LOGFILE"
}

@test "start: the name parameter overrides the config; the config file is never modified" {
    before=$(md5sum <"$XEN_CFG")
    OCF_RESKEY_name=web01 run_agent start
    assert_success
    assert_equal "$(sim_domains node1)" web01
    grep -q 'INFO: domain name web01 (from the name parameter)' "$HA_LOGFILE"
    assert_equal "$(md5sum <"$XEN_CFG")" "$before"
}

@test "start: the name is read robustly from the config (comments, spacing, last assignment wins)" {
    cat >"$XEN_CFG" <<'CFG'
# name = "commented"
name='first'   # replaced below
memory = 256 ; vcpus = 1
  name   =   "db-01"   # the one xl uses
CFG
    run_agent start
    assert_success
    assert_equal "$(sim_domains node1)" db-01
}

@test "start: a config without a name uses the resource id" {
    printf 'memory = 256\n' >"$XEN_CFG"
    run_agent start
    assert_success
    assert_equal "$(sim_domains node1)" rvm1
    grep -q "INFO: domain name rvm1 (from the resource id ($XEN_CFG assigns no name))" "$HA_LOGFILE"
}

@test "start with a missing config file → 5 with the reason, nothing created" {
    OCF_RESKEY_xmfile="$BATS_TEST_TMPDIR/absent.cfg" OCF_RESKEY_name=vm1 run_agent start
    assert_equal "$status" 5
    assert_equal "$(exit_reason)" "Config file $BATS_TEST_TMPDIR/absent.cfg for vm1 does not exist."
    assert_equal "$(sim_domains node1)" ""
}

@test "start when xl create fails → 1 with xl's message" {
    xensim fault fail create --msg 'libxl: error: libxl_create.c:1653: cannot (re-)build domain: -3'
    run_agent start
    assert_equal "$status" 1
    [[ $(exit_reason) == "failed to create domain vm1: "*"xl create $XEN_CFG 'name=\"vm1\"' exited with 1: libxl: error: libxl_create.c:1653: cannot (re-)build domain: -3" ]]
    assert_equal "$(sim_domains node1)" ""
}

@test "start without enough free memory → 1 with the reason" {
    xensim host set node1 --free 256
    run_agent start
    assert_equal "$status" 1
    [[ $(exit_reason) == *"Out of memory"* ]]
    assert_equal "$(sim_domains node1)" ""
}

@test "start with a failing monitor script → 1 before the deadline, not a hang" {
    printf '#!/bin/sh\necho "no answer on port 80"\nexit 1\n' >"$BATS_TEST_TMPDIR/check"
    chmod +x "$BATS_TEST_TMPDIR/check"
    OCF_RESKEY_monitor_scripts="$BATS_TEST_TMPDIR/check" OCF_RESKEY_CRM_meta_timeout=5000 run_agent start
    assert_equal "$status" 1
    [[ $(exit_reason) == "domain vm1 was created but did not come up within the start timeout: it runs, but monitor script"*"exited with 1: no answer on port 80" ]]
    assert_before_timeout 5000
}

@test "start of a crashed leftover → 1 asking for a stop first" {
    start_vm1
    xensim crash vm1
    run_agent start
    assert_equal "$status" 1
    [[ $(exit_reason) == "domain vm1 already exists but is crashed (state ---sc-)"* ]]
}

@test "start without any toolstack → 5" {
    PATH=/usr/bin:/bin run_agent start
    assert_equal "$status" 5
    assert_equal "$(exit_reason)" "neither xl nor xm was found in PATH (is the Xen toolstack installed?)"
}

@test "start with a hung xl create → 1 within the start timeout" {
    xensim fault hang create
    OCF_RESKEY_CRM_meta_timeout=4000 run_agent start
    assert_equal "$status" 1
    [[ $(exit_reason) == "failed to create domain vm1: "*"did not finish in time"* ]]
    assert_before_timeout 4000
}

@test "start with memory management: memory=N on the command line, others mem-set, file untouched" {
    xensim create other --mem 4096 >/dev/null
    before=$(md5sum <"$XEN_CFG")
    OCF_RESKEY_allow_mem_management=1 OCF_RESKEY_reserved_Dom0_memory=1024 run_agent start
    assert_success
    # (16384 - 1024) / (1 running + 1 starting) = 7680
    run sim_calls
    assert_line "node1 xl info"
    assert_line "node1 xl mem-set other 7680"
    assert_line "node1 xl create $XEN_CFG name=\"vm1\" memory=7680"
    assert_equal "$(md5sum <"$XEN_CFG")" "$before"
    assert_equal "$(xensim list --host node1 | awk '$1 == "vm1" { print $3 }')" 7680
}

# ---------------------------------------------------------------------------------------------
# stop
# ---------------------------------------------------------------------------------------------

@test "stop of a stopped domain → 0 at once: one xl list, nothing destroyed" {
    run_agent stop
    assert_success
    assert_equal "$(sim_calls)" "node1 xl list"
    ((elapsed_ms < 3000))
    grep -q 'INFO: Xen domain vm1 already stopped.' "$HA_LOGFILE"
}

@test "stop of a cooperative guest: shutdown, no destroy, gone" {
    start_vm1
    OCF_RESKEY_CRM_meta_timeout=40000 run_agent stop
    assert_success
    assert_equal "$(sim_domains node1)" ""
    run sim_calls
    assert_line --index 0 "node1 xl list"
    assert_line --index 1 "node1 xl shutdown vm1"
    refute_line --partial destroy
    ((elapsed_ms < 5000))
}

@test "stop of a slow guest waits for its orderly shutdown" {
    start_vm1
    xensim fault shutdown-delay vm1 2
    OCF_RESKEY_CRM_meta_timeout=40000 run_agent stop
    assert_success
    assert_equal "$(sim_domains node1)" ""
    run sim_calls
    refute_line --partial destroy
    ((elapsed_ms >= 1900))
}

@test "stop of a guest that ignores shutdown: destroyed after shutdown_timeout" {
    start_vm1
    xensim fault ignore-shutdown vm1
    OCF_RESKEY_shutdown_timeout=2 OCF_RESKEY_CRM_meta_timeout=40000 run_agent stop
    assert_success
    assert_equal "$(sim_domains node1)" ""
    run sim_calls
    assert_line "node1 xl shutdown vm1"
    assert_line "node1 xl destroy vm1"
    ((elapsed_ms >= 1900 && elapsed_ms < 15000))
    grep -q 'WARNING: Xen domain vm1 will be destroyed!' "$HA_LOGFILE"
}

@test "stop of a guest that ignores shutdown, default shutdown_timeout: destroyed within the stop timeout" {
    start_vm1
    xensim fault ignore-shutdown vm1
    OCF_RESKEY_CRM_meta_timeout=9000 run_agent stop
    assert_success
    assert_equal "$(sim_domains node1)" ""
    run sim_calls
    assert_line "node1 xl destroy vm1"
    assert_before_timeout 9000
}

@test "a CRM_meta_timeout beyond 2^31-1 ms is clamped: the guest still gets its orderly shutdown" {
    start_vm1
    xensim fault shutdown-delay vm1 2
    OCF_RESKEY_CRM_meta_timeout=3000000000 run_agent stop
    assert_success
    assert_equal "$(sim_domains node1)" ""
    run sim_calls
    assert_line "node1 xl shutdown vm1"
    refute_line --partial destroy
}

@test "shutdown_timeout longer than the stop timeout allows is capped" {
    start_vm1
    xensim fault ignore-shutdown vm1
    OCF_RESKEY_shutdown_timeout=600 OCF_RESKEY_CRM_meta_timeout=8000 run_agent stop
    assert_success
    assert_equal "$(sim_domains node1)" ""
    assert_before_timeout 8000
    grep -q 'shutdown_timeout shortened' "$HA_LOGFILE"
}

@test "shutdown_timeout=0 destroys at once" {
    start_vm1
    OCF_RESKEY_shutdown_timeout=0 run_agent stop
    assert_success
    assert_equal "$(sim_domains node1)" ""
    run sim_calls
    refute_line --partial shutdown
    assert_line "node1 xl destroy vm1"
}

@test "shutdown_acpi uses the ACPI power button" {
    xensim create vm1 --type hvm >/dev/null
    OCF_RESKEY_shutdown_acpi=true run_agent stop
    assert_success
    assert_equal "$(sim_domains node1)" ""
    run sim_calls
    assert_line "node1 xl trigger vm1 power"
    refute_line --partial destroy
}

@test "an HVM guest without PV drivers gets the ACPI power button instead of a destroy" {
    xensim create vm1 --type hvm >/dev/null
    xensim fault no-pv vm1
    run_agent stop
    assert_success
    run sim_calls
    assert_line "node1 xl shutdown vm1"
    assert_line "node1 xl trigger vm1 power"
    refute_line --partial destroy
}

@test "a bad shutdown_timeout never fails stop (default used, warning logged)" {
    start_vm1
    OCF_RESKEY_shutdown_timeout=abc run_agent stop
    assert_success
    assert_equal "$(sim_domains node1)" ""
    grep -q 'WARNING: parameter "shutdown_timeout" must be a whole number, not "abc" (stop carries on with the default)' "$HA_LOGFILE"
}

@test "stop of a domain stuck dying → 1 with the reason at the deadline (never a false success)" {
    start_vm1
    xensim fault stuck-dying vm1 600
    OCF_RESKEY_shutdown_timeout=0 OCF_RESKEY_CRM_meta_timeout=6000 run_agent stop
    assert_equal "$status" 1
    [[ $(exit_reason) == "domain vm1 is still present (dying (state -----d)) after "*" destroy attempt(s) over "*"; it cannot be stopped on this node" ]]
    assert_before_timeout 6000
    assert_equal "$(sim_state node1 vm1)" -----d
}

@test "stop of a crashed domain destroys it without waiting for a shutdown" {
    start_vm1
    xensim crash vm1
    run_agent stop
    assert_success
    assert_equal "$(sim_domains node1)" ""
    run sim_calls
    refute_line --partial shutdown
    ((elapsed_ms < 5000))
}

@test "stop with a hung xl list → 1 within OCF_RESKEY_CRM_meta_timeout" {
    start_vm1
    xensim fault hang list
    OCF_RESKEY_CRM_meta_timeout=4000 run_agent stop
    assert_equal "$status" 1
    [[ $(exit_reason) == "cannot tell whether domain vm1 is stopped: "*"did not finish in time"* ]]
    assert_before_timeout 4000
}

@test "stop when xl list exits 0 with a listing that cannot be complete → 1, the guest still runs" {
    start_vm1
    local kind
    for kind in empty header junk; do
        xensim clear
        xensim fault garble list --kind "$kind"
        OCF_RESKEY_CRM_meta_timeout=6000 run_agent stop
        assert_equal "$status" 1
        [[ $(exit_reason) == "cannot tell whether domain vm1 is stopped: xl list exited 0 but the listing "* ]] || fail "$kind: $(exit_reason)"
        xensim clear
        assert_equal "$(sim_state node1 vm1)" -b----
    done
    run sim_calls
    refute_line --partial destroy
    refute_line --partial shutdown
}

@test "monitor when xl list vm1 exits 0 with an empty, header-only or junk listing → 1, never 0 or 7" {
    start_vm1
    local kind
    for kind in empty header junk; do
        xensim clear
        xensim fault garble list --kind "$kind"
        run_agent monitor
        assert_equal "$status" 1
        [[ $(exit_reason) == "cannot tell whether domain vm1 runs: xl list vm1 exited 0 but the listing "* ]] || fail "$kind: $(exit_reason)"
        OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_CRM_meta_timeout=8000 run_agent monitor
        assert_equal "$status" 1
    done
    xensim clear
    assert_equal "$(sim_state node1 vm1)" -b----
}

@test "libxl's transient xenstore message and xenstored down are not \"no such domain\": probe → 1" {
    start_vm1
    local message
    for message in 'libxl: error: libxl_domain.c:2602: domain 1 not found in xenstore, retrying' \
        'xs_open: Domain socket /var/run/xenstored/socket does not exist' \
        'vm1 is an invalid domain identifier (rc=-5)'; do
        xensim clear
        xensim fault fail list vm1 --msg "$message"
        run_agent monitor
        assert_equal "$status" 1
        [[ $(exit_reason) == "cannot tell whether domain vm1 runs: "*"xl list vm1 exited with 1: "* ]] || fail "$message: $(exit_reason)"
    done
    # xl's own answer for an unknown name is absence
    xensim clear
    xensim fault fail list vm1 --msg 'vm1 is an invalid domain identifier (rc=-6)'
    run_agent monitor
    assert_equal "$status" 7
}

@test "stop: a transient xenstore message after the shutdown request is never taken for \"gone\" → 1, the guest still runs" {
    start_vm1
    xensim fault ignore-shutdown vm1
    xensim fault fail destroy vm1 --msg 'libxl: error: libxl_domain.c:1: unable to destroy guest'
    xensim fault fail list vm1 --msg 'libxl: error: libxl_domain.c:2602: domain 1 not found in xenstore, retrying'
    OCF_RESKEY_shutdown_timeout=1 OCF_RESKEY_CRM_meta_timeout=6000 run_agent stop
    assert_equal "$status" 1
    [[ $(exit_reason) == "domain vm1 is still present ("*"after "*" destroy attempt(s)"* ]] || fail "$(exit_reason)"
    assert_before_timeout 6000
    xensim clear
    assert_equal "$(sim_state node1 vm1)" -b----
}

@test "stop: a sudden \"no hypervisor\" after the domain was listed is not \"gone\" → 1, the guest still runs" {
    start_vm1
    xensim fault ignore-shutdown vm1
    xensim fault fail destroy vm1 --msg 'libxl: error: libxl_domain.c:1: unable to destroy guest'
    xensim fault fail list vm1 --msg "ERROR:  Can't find hypervisor information in sysfs!"
    OCF_RESKEY_shutdown_timeout=1 OCF_RESKEY_CRM_meta_timeout=6000 run_agent stop
    assert_equal "$status" 1
    assert_before_timeout 6000
    xensim clear
    assert_equal "$(sim_state node1 vm1)" -b----
}

@test "stop without any toolstack → 0 (no domain can exist)" {
    PATH=/usr/bin:/bin run_agent stop
    assert_success
}

@test "stop without any toolstack on a host where Xen runs → 1, the guest still runs" {
    start_vm1
    xen_dom0_evidence capabilities
    PATH=/usr/bin:/bin run_agent stop
    assert_equal "$status" 1
    assert_equal "$(exit_reason)" 'neither xl nor xm was found in PATH (is the Xen toolstack installed?), yet Xen runs on this node (/proc/xen/capabilities says control_d): cannot tell whether domain vm1 runs here; install the Xen toolstack or fix PATH'
    assert_equal "$(sim_state node1 vm1)" -b----
}

@test "a running xenstored is evidence too: probe and status without a toolstack → 1, not 7" {
    start_vm1
    xen_dom0_evidence xenstored
    PATH=/usr/bin:/bin run_agent monitor
    assert_equal "$status" 1
    [[ $(exit_reason) == *"yet Xen runs on this node (oxenstored runs (pid 4242))"* ]] || fail "$(exit_reason)"
    PATH=/usr/bin:/bin run_agent status
    assert_equal "$status" 1
    PATH=/usr/bin:/bin run_agent stop
    assert_equal "$status" 1
}

@test "xl reporting no hypervisor on a host where Xen runs: stop → 1, probe → 1" {
    start_vm1
    xensim fault fail list --msg "ERROR:  Can't find hypervisor information in sysfs!"
    run_agent monitor
    assert_equal "$status" 7
    xen_dom0_evidence capabilities
    run_agent monitor
    assert_equal "$status" 1
    run_agent stop
    assert_equal "$status" 1
    [[ $(exit_reason) == "xl finds no Xen hypervisor ("*"), yet Xen runs on this node"* ]] || fail "$(exit_reason)"
    xensim clear
    assert_equal "$(sim_state node1 vm1)" -b----
}

@test "stop after a failed migration destroys xl's --migratedaway copy" {
    start_vm1
    xensim fault migrate-fail vm1 --kind badly
    run xl migrate vm1 node2
    assert_failure
    assert_equal "$(sim_domains node1)" vm1--migratedaway
    run_agent stop
    assert_success
    assert_equal "$(sim_domains node1)" ""
    grep -q 'destroying its migration copy vm1--migratedaway' "$HA_LOGFILE"
}

@test "stop with memory management rebalances the remaining domains" {
    start_vm1
    xensim create other --mem 2048 >/dev/null
    OCF_RESKEY_allow_mem_management=yes run_agent stop
    assert_success
    run sim_calls
    assert_line "node1 xl mem-set other 15872"
}

# ---------------------------------------------------------------------------------------------
# xm
# ---------------------------------------------------------------------------------------------

@test "toolstack=xm: start (name= without quotes), monitor, stop" {
    export OCF_RESKEY_toolstack=xm
    run_agent start
    assert_success
    assert_equal "$(sim_domains node1)" vm1
    run sim_calls
    assert_line "node1 xm create $XEN_CFG name=vm1"
    run_agent monitor
    assert_success
    run_agent stop
    assert_success
    assert_equal "$(sim_domains node1)" ""
    run sim_calls
    assert_line "node1 xm shutdown vm1"
}

@test "auto picks xm when xl is not in PATH" {
    mkdir "$BATS_TEST_TMPDIR/xmonly"
    ln -s "$SIM_DIR/xen/xl" "$BATS_TEST_TMPDIR/xmonly/xm"
    PATH="$BATS_TEST_TMPDIR/xmonly:/usr/bin:/bin" run_agent start
    assert_success
    run sim_calls
    assert_line "node1 xm create $XEN_CFG name=vm1"
}

@test "xm: stop destroys a migrating- copy" {
    xensim create vm1 >/dev/null
    xensim fault migrate-time vm1 30
    background_migration xm migrate --live vm1 node2
    for _ in $(seq 50); do [[ $(sim_domains node1) == migrating-vm1 ]] && break; sleep 0.1; done
    assert_equal "$(sim_domains node1)" migrating-vm1
    OCF_RESKEY_toolstack=xm run_agent stop
    assert_success
    assert_equal "$(sim_domains node1)" ""
}

# ---------------------------------------------------------------------------------------------
# migration
# ---------------------------------------------------------------------------------------------

@test "migrate_to + migrate_from move the domain between simulated hosts" {
    start_vm1
    OCF_RESKEY_CRM_meta_migrate_source=node1 OCF_RESKEY_CRM_meta_migrate_target=node2 run_agent migrate_to
    assert_success
    run sim_calls
    assert_line "node1 xl migrate vm1 node2"
    assert_equal "$(sim_domains node1)" ""
    assert_equal "$(sim_domains node2)" vm1
    XENSIM_HOST=node2 OCF_RESKEY_CRM_meta_migrate_source=node1 OCF_RESKEY_CRM_meta_migrate_target=node2 run_agent migrate_from
    assert_success
    grep -q 'INFO: vm1: Active locally, migration successful' "$HA_LOGFILE"
    XENSIM_HOST=node2 run_agent monitor
    assert_success
}

@test "migrate_to uses the node_ip_attribute address" {
    start_vm1
    mkdir -p "$XEN_STUB_DIR/attr/node2"
    echo 10.0.0.2 >"$XEN_STUB_DIR/attr/node2/migration_ip"
    xensim alias 10.0.0.2 node2
    OCF_RESKEY_node_ip_attribute=migration_ip OCF_RESKEY_CRM_meta_migrate_target=node2 run_agent migrate_to
    assert_success
    grep -q 'crm_attribute --type nodes --node node2 --name migration_ip --query --quiet' "$XEN_STUB_DIR/calls.log"
    run sim_calls
    assert_line "node1 xl migrate vm1 10.0.0.2"
    assert_equal "$(sim_domains node2)" vm1
}

@test "migrate_to falls back to node name + migration_network_suffix when the attribute is unset" {
    start_vm1
    xensim alias node2-mig node2
    OCF_RESKEY_node_ip_attribute=migration_ip OCF_RESKEY_migration_network_suffix=-mig \
        OCF_RESKEY_CRM_meta_migrate_target=node2 run_agent migrate_to
    assert_success
    run sim_calls
    assert_line "node1 xl migrate vm1 node2-mig"
    assert_equal "$(sim_domains node2)" vm1
}

@test "xm: migrate_to uses xm migrate --live" {
    xensim create vm1 >/dev/null
    OCF_RESKEY_toolstack=xm OCF_RESKEY_CRM_meta_migrate_target=node2 run_agent migrate_to
    assert_success
    run sim_calls
    assert_line "node1 xm migrate --live vm1 node2"
    assert_equal "$(sim_domains node2)" vm1
}

@test "a failed migration: migrate_to → 1 saying where and why; the domain still runs at the source" {
    start_vm1
    xensim fault migrate-fail vm1
    OCF_RESKEY_CRM_meta_migrate_target=node2 run_agent migrate_to
    assert_equal "$status" 1
    [[ $(exit_reason) == "vm1: xl migrate to node2 (address node2) failed: "*"Migration failed, resuming at sender."*"here the domain is now running (state -b----)" ]]
    assert_equal "$(sim_domains node1)" vm1
    assert_equal "$(sim_domains node2)" ""
    XENSIM_HOST=node2 OCF_RESKEY_CRM_meta_migrate_source=node1 OCF_RESKEY_CRM_meta_timeout=20000 run_agent migrate_from
    assert_equal "$status" 1
    [[ $(exit_reason) == "vm1: Not active locally after "*", migration from node1 failed! (here the domain is not listed)" ]]
    ((elapsed_ms < 12000))
}

@test "migrate_to to an unreachable address → 1 with ssh's reason" {
    start_vm1
    OCF_RESKEY_CRM_meta_migrate_target=node3 run_agent migrate_to
    assert_equal "$status" 1
    [[ $(exit_reason) == *"Could not resolve hostname node3"* ]]
    assert_equal "$(sim_domains node1)" vm1
}

@test "migrate_to when the domain does not run here → 1" {
    OCF_RESKEY_CRM_meta_migrate_target=node2 run_agent migrate_to
    assert_equal "$status" 1
    assert_equal "$(exit_reason)" "vm1: migrate_to: Not active locally! (not listed)"
}

@test "migrate_from waits for a migration still in progress" {
    start_vm1
    xensim fault migrate-time vm1 2
    background_migration xl migrate vm1 node2
    for _ in $(seq 50); do [[ -n $(sim_domains node2) ]] && break; sleep 0.1; done
    assert_equal "$(sim_domains node2)" vm1--incoming
    XENSIM_HOST=node2 OCF_RESKEY_CRM_meta_timeout=30000 run_agent migrate_from
    assert_success
    assert_equal "$(sim_domains node2)" vm1
}

@test "stop on the target destroys xl's --incoming copy of an unfinished migration" {
    start_vm1
    xensim fault migrate-time vm1 30
    background_migration xl migrate vm1 node2
    for _ in $(seq 50); do [[ -n $(sim_domains node2) ]] && break; sleep 0.1; done
    assert_equal "$(sim_domains node2)" vm1--incoming
    XENSIM_HOST=node2 run_agent stop
    assert_success
    assert_equal "$(sim_domains node2)" ""
    grep -q 'destroying its migration copy vm1--incoming' "$HA_LOGFILE"
}

# ---------------------------------------------------------------------------------------------
# ocf-tester
# ---------------------------------------------------------------------------------------------

@test "ocf-tester passes, including the migration checks" {
    [[ -x /usr/sbin/ocf-tester ]] || skip "ocf-tester is not installed"
    unset HA_debug
    run /usr/sbin/ocf-tester -n vm1 -o xmfile="$XEN_CFG" "$XEN_AGENT"
    assert_success
    assert_output --partial "passed all tests"
    refute_output --partial "does not support the migrate action"
    refute_output --partial "does not support the reload action"
    assert_equal "$(sim_domains node1)" ""
}

@test "docs/xen.md lists every parameter with the meta-data's default" {
    run_agent meta-data
    assert_success
    local doc="$PROJECT_ROOT/docs/xen.md" names name default row
    names=$(grep -o '<parameter name="[^"]*"' <<<"$output" | cut -d'"' -f2)
    [[ -n $names ]]
    for name in $names; do
        row=$(grep -F "| \`$name\` |" "$doc") || fail "docs/xen.md has no row for $name"
        default=$(sed -n "/<parameter name=\"$name\"/,/<\/parameter>/p" <<<"$output" | grep -o 'default="[^"]*"' | cut -d'"' -f2)
        if [[ -n $default ]]; then
            [[ $row == *"\`$default\`"* ]] || fail "docs/xen.md: $name should show the default $default"
        fi
    done
}

@test "trace_ra: a trace per action under \$HA_VARLIB/trace_ra/<type>/ with every debug line, each command's exit code and output, the deadline" {
    export HA_VARLIB="$BATS_TEST_TMPDIR/varlib" OCF_RESOURCE_TYPE=Xen
    unset HA_debug
    OCF_RESKEY_trace_ra=1 OCF_RESKEY_CRM_meta_timeout=20000 run_agent start
    assert_success
    local trace
    trace=$(ls "$HA_VARLIB"/trace_ra/Xen/rvm1.start.* 2>/dev/null)
    [ -f "$trace" ] || fail "no trace in $HA_VARLIB/trace_ra/Xen: $(ls -R "$HA_VARLIB" 2>&1)"
    run cat "$trace"
    assert_output --partial 'deadline: 20000 ms (CRM_meta_timeout)'
    assert_output --partial "env OCF_RESKEY_xmfile=\"$XEN_CFG\""
    assert_output --regexp 'DEBUG: running: .*xl create'
    assert_output --regexp "xl create .*: exit 0"
    assert_output --partial 'stdout: "'
    # HA_debug unset: the log itself got no debug line
    run grep -c DEBUG "$HA_LOGFILE"
    assert_output 0
    # OCF_TRACE_FILE names the file; crm resource trace's OCF_TRACE_RA works too
    OCF_TRACE_RA=1 OCF_TRACE_FILE="$BATS_TEST_TMPDIR/mon.trace" run_agent monitor
    assert_success
    grep -q 'xl list vm1' "$BATS_TEST_TMPDIR/mon.trace"
}

@test "xmfile unset: the reference's default /etc/xen/vm/MyDomU is used (start 5 when it is missing, as ocft expects); validate-all reports it (6)" {
    unset OCF_RESKEY_xmfile
    run_agent start
    assert_equal "$status" 5
    assert_output --partial 'Config file /etc/xen/vm/MyDomU'
    grep -q 'WARNING: required parameter "xmfile" is not set; accepted for compatibility' "$HA_LOGFILE"
    run_agent validate-all
    assert_equal "$status" 6
    assert_output --partial 'required parameter "xmfile" is not set'
}
