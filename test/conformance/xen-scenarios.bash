# Conformance scenarios for ocf:xenha:Xen against ocf:heartbeat:Xen on the Xen toolstack
# simulator, sourced by test/conformance/xen.bats (after test/helpers.bash and
# test/agents/xen/helpers.bash).
#
# Each scenario runs once per agent on a fresh simulator state (two Dom0 hosts, node1 and node2,
# the agent running on node1 unless the scenario says otherwise). Its outcome is the list of exit
# codes of the actions it runs ("killed" when the agent ran past its op timeout and had to be
# killed, as Pacemaker would), plus, where a scenario observes it, the simulator's resulting state.
#
# XEN_SCENARIOS: one line per scenario, "id|what it does|expectation", where the expectation is
# "same" or "differs: <why ours deliberately differs>|<the outcome ours must give>" (a deliberate
# difference pins our outcome: differing from the reference is not enough). docs/xen.md lists
# the same differences.

XEN_SCENARIOS="\
probe-stopped|probe of a stopped domain|same
monitor-stopped|recurring monitor of a stopped domain|same
status-stopped|status of a stopped domain|same
start|start a stopped domain|same
start-running|start a running domain|same
probe-running|probe of a running domain|same
monitor-running|recurring monitor of a running domain|same
monitor-paused|recurring monitor of a paused domain|same
stop-running|stop a cooperative guest|same
stop-stopped|stop a stopped domain|same
stop-ignore-shutdown|stop a guest that ignores shutdown, shutdown_timeout=2|same
stop-slow-shutdown|stop a guest that takes 2 s to shut down|same
stop-timeout-zero|stop with shutdown_timeout=0|same
stop-hvm-no-pv|stop an HVM guest without PV drivers|same
start-missing-config|start with a missing config file|same
probe-missing-config|probe with a missing config file|same
validate|validate-all with a good configuration|same
validate-bad-timeout|validate-all with shutdown_timeout=abc|same
unknown-action|an unknown action|same
vanish-monitor|recurring monitor of a guest rebooting (gone for 2 s)|same
vanish-probe|probe of a guest rebooting (gone for 30 s)|same
create-fails|start when xl create fails|same
no-memory|start without enough free memory|same
monitor-script-fails|recurring monitor, a monitor script fails|same
migrate|migrate_to node2, then migrate_from on node2|same
migrate-attribute|migrate_to the address in node_ip_attribute|same
migrate-fails|migrate_to fails, then migrate_from on node2|same
migrate-not-running|migrate_to of a domain that does not run here|same
probe-no-toolstack|probe without xl or xm in PATH|same
stop-no-toolstack|stop without xl or xm in PATH|same
start-bool-maybe|start and stop with allow_mem_management=maybe (read as false)|same
start-memory-unit|start and stop with reserved_Dom0_memory=1G, memory management off|same
start-relative-xmfile|start and stop with a relative xmfile, from its directory|same
start-relative-xmfile-missing|start with a relative xmfile that is not there|same
stop-bad-timeout|stop with shutdown_timeout=abc|differs: a typo in shutdown_timeout must not fail stop (the node would be fenced); ours uses the default and warns|0 node1=[]
monitor-bad-timeout|recurring monitor of a running domain with shutdown_timeout=abc|differs: monitor only reports state; a bad shutdown_timeout matters to stop alone|0
validate-missing-config|validate-all with a missing config file|differs: validate-all checks the config file (5), the reference checks nothing|5
reload|reload|differs: ours implements reload for the parameters that need no restart|0
probe-crashed|probe of a crashed domain|differs: a crashed domain is a failure (1), not running; the reference reports 0 for any listed domain|1
probe-dying|probe of a dying domain|differs: a dying domain is a failure (1); the reference reports 0|1
monitor-list-fails|recurring monitor when xl list fails|differs: an unknown state is a failure (1), not 'stopped' (7), which could start the guest twice|1
monitor-hang|recurring monitor when xl list hangs (3 s timeout)|differs: ours gives up before the op timeout with a reason; the reference is killed|1
stop-hang|stop when xl list hangs (4 s timeout)|differs: ours fails before the op timeout with a reason; the reference is killed|1
stop-stuck-dying|stop a domain stuck dying (6 s timeout)|differs: ours fails with a reason before the op timeout; the reference loops until killed|1
start-script-fails|start when a monitor script fails (5 s timeout)|differs: ours fails with the script's reason before the op timeout; the reference loops until killed|1
start-no-toolstack|start without xl or xm in PATH|differs: a missing toolstack is 'not installed' (5); the reference runs a missing command (1)|5
start-name-computed|start with a config whose name is a Python expression|differs: ours refuses (6) and asks for the name parameter; the reference silently uses the resource id (and xl then rejects the file)|6 node1=[]
start-name-comment|start with a name line followed by a comment|differs: ours reads the name as xl does; the reference falls back to the resource id and starts a domain under another name|0 node1=[vm1]
start-mem-management|start with allow_mem_management (a memory=512 line in the file)|differs: ours passes memory=N on the command line; the reference rewrites the user's config file|0 config=unchanged node1=[vm1]
stop-migratedaway|stop after a failed migration left vm1--migratedaway|differs: ours destroys xl's migration copy; the reference only knows xm's migrating- name and leaves it running|0 node1=[]
"

# ---------------------------------------------------------------------------------------------
# Scenario building blocks. AGENT is the agent under test; RESULT collects the outcome.
# ---------------------------------------------------------------------------------------------

# act ACTION [VAR=VALUE...]: run the agent like Pacemaker would, with the op timeout
# (OCF_RESKEY_CRM_meta_timeout, default 20 s) enforced by killing it; appends its exit code.
act() {
    local action=$1 timeout_ms=20000 arg rc
    shift
    for arg in "$@"; do
        [[ $arg == OCF_RESKEY_CRM_meta_timeout=* ]] && timeout_ms=${arg#*=}
    done
    env "$@" timeout --kill-after=2 "$(( timeout_ms / 1000 + 1 ))" "$AGENT" "$action" >>"$SCENARIO_DIR/output" 2>&1
    rc=$?
    if ((rc == 124 || rc == 137)); then rc=killed; fi
    RESULT+="${RESULT:+ }$rc"
}

# observe_domains HOST: appends the domains left on HOST, e.g. "node1=[vm1]".
observe_domains() {
    local names
    names=$(sim_domains "$1" | paste -sd, -)
    RESULT+=" $1=[$names]"
}

# observe_config: appends whether the config file was modified.
observe_config() {
    if [[ $(md5sum <"$XEN_CFG") == "$CONFIG_SUM" ]]; then RESULT+=" config=unchanged"; else RESULT+=" config=modified"; fi
}

RUNNING='OCF_RESKEY_CRM_meta_interval=10000'

scenario_probe-stopped() { act monitor; }
scenario_start-bool-maybe() { act start OCF_RESKEY_allow_mem_management=maybe; act stop OCF_RESKEY_allow_mem_management=maybe; observe_domains node1; }
scenario_start-memory-unit() { act start OCF_RESKEY_reserved_Dom0_memory=1G; act monitor "$RUNNING" OCF_RESKEY_reserved_Dom0_memory=1G; act stop OCF_RESKEY_reserved_Dom0_memory=1G; }
scenario_start-relative-xmfile() {
    local here=$PWD relative
    relative=$(basename "$XEN_CFG")
    cd "$(dirname "$XEN_CFG")" || return 1
    act start "OCF_RESKEY_xmfile=$relative"; act stop "OCF_RESKEY_xmfile=$relative"
    cd "$here" || return 1
    observe_domains node1
}
scenario_start-relative-xmfile-missing() {
    local here=$PWD
    cd / || return 1
    act start OCF_RESKEY_xmfile=no-such-vm.cfg
    cd "$here" || return 1
}
scenario_monitor-stopped() { act monitor "$RUNNING"; }
scenario_status-stopped() { act status; }
scenario_start() { act start; observe_domains node1; }
scenario_start-running() { start_vm1; act start; observe_domains node1; }
scenario_probe-running() { start_vm1; act monitor; }
scenario_monitor-running() { start_vm1; act monitor "$RUNNING"; }
scenario_monitor-paused() { start_vm1; xl pause vm1; act monitor "$RUNNING"; }
scenario_stop-running() { start_vm1; act stop; observe_domains node1; }
scenario_stop-stopped() { act stop; observe_domains node1; }
scenario_stop-ignore-shutdown() {
    start_vm1; xensim fault ignore-shutdown vm1
    act stop OCF_RESKEY_shutdown_timeout=2; observe_domains node1
}
scenario_stop-slow-shutdown() {
    start_vm1; xensim fault shutdown-delay vm1 2
    act stop; observe_domains node1
}
scenario_stop-timeout-zero() { start_vm1; act stop OCF_RESKEY_shutdown_timeout=0; observe_domains node1; }
scenario_stop-hvm-no-pv() {
    xensim create vm1 --type hvm >/dev/null; xensim fault no-pv vm1
    act stop OCF_RESKEY_CRM_meta_timeout=9000; observe_domains node1
}
scenario_start-missing-config() { act start "OCF_RESKEY_xmfile=$BATS_TEST_TMPDIR/absent.cfg" OCF_RESKEY_name=vm1; }
scenario_probe-missing-config() { act monitor "OCF_RESKEY_xmfile=$BATS_TEST_TMPDIR/absent.cfg"; }
scenario_validate() { act validate-all; }
scenario_validate-bad-timeout() { act validate-all OCF_RESKEY_shutdown_timeout=abc; }
scenario_unknown-action() { act frobnicate; }
scenario_vanish-monitor() { start_vm1; xensim vanish vm1 2; act monitor "$RUNNING"; }
scenario_vanish-probe() { start_vm1; xensim vanish vm1 30; act monitor; }
scenario_create-fails() {
    xensim fault fail create --msg 'libxl: error: libxl_create.c:1653: cannot (re-)build domain: -3'
    act start; observe_domains node1
}
scenario_no-memory() { xensim host set node1 --free 256; act start; observe_domains node1; }
scenario_monitor-script-fails() {
    start_vm1
    printf '#!/bin/sh\nexit 1\n' >"$BATS_TEST_TMPDIR/check"; chmod +x "$BATS_TEST_TMPDIR/check"
    act monitor "$RUNNING" "OCF_RESKEY_monitor_scripts=$BATS_TEST_TMPDIR/check"
}
scenario_migrate() {
    start_vm1
    act migrate_to OCF_RESKEY_CRM_meta_migrate_source=node1 OCF_RESKEY_CRM_meta_migrate_target=node2
    act migrate_from XENSIM_HOST=node2 OCF_RESKEY_CRM_meta_migrate_source=node1 OCF_RESKEY_CRM_meta_migrate_target=node2
    observe_domains node1; observe_domains node2
}
scenario_migrate-attribute() {
    start_vm1
    mkdir -p "$XEN_STUB_DIR/attr/node2"; echo 10.0.0.2 >"$XEN_STUB_DIR/attr/node2/migration_ip"
    xensim alias 10.0.0.2 node2
    act migrate_to OCF_RESKEY_node_ip_attribute=migration_ip OCF_RESKEY_CRM_meta_migrate_target=node2
    observe_domains node2
}
scenario_migrate-fails() {
    start_vm1; xensim fault migrate-fail vm1
    act migrate_to OCF_RESKEY_CRM_meta_migrate_target=node2
    act migrate_from XENSIM_HOST=node2 OCF_RESKEY_CRM_meta_timeout=9000
    observe_domains node1; observe_domains node2
}
scenario_migrate-not-running() { act migrate_to OCF_RESKEY_CRM_meta_migrate_target=node2; }
scenario_probe-no-toolstack() { act monitor PATH=/usr/bin:/bin; }
scenario_stop-no-toolstack() { act stop PATH=/usr/bin:/bin; }
scenario_stop-bad-timeout() { start_vm1; act stop OCF_RESKEY_shutdown_timeout=abc; observe_domains node1; }
scenario_monitor-bad-timeout() { start_vm1; act monitor "$RUNNING" OCF_RESKEY_shutdown_timeout=abc; }
scenario_validate-missing-config() { act validate-all "OCF_RESKEY_xmfile=$BATS_TEST_TMPDIR/absent.cfg"; }
scenario_reload() { start_vm1; act reload; }
scenario_probe-crashed() { start_vm1; xensim crash vm1; act monitor; }
scenario_probe-dying() { start_vm1; xensim dying vm1; act monitor; }
scenario_monitor-list-fails() {
    start_vm1; xensim fault fail list --msg 'libxl: error: xenstore is not running'
    act monitor "$RUNNING" OCF_RESKEY_CRM_meta_timeout=9000
}
scenario_monitor-hang() { start_vm1; xensim fault hang list; act monitor "$RUNNING" OCF_RESKEY_CRM_meta_timeout=3000; }
scenario_stop-hang() { start_vm1; xensim fault hang list; act stop OCF_RESKEY_CRM_meta_timeout=4000; }
scenario_stop-stuck-dying() {
    start_vm1; xensim fault stuck-dying vm1 600
    act stop OCF_RESKEY_shutdown_timeout=0 OCF_RESKEY_CRM_meta_timeout=6000
}
scenario_start-script-fails() {
    printf '#!/bin/sh\nexit 1\n' >"$BATS_TEST_TMPDIR/check"; chmod +x "$BATS_TEST_TMPDIR/check"
    act start "OCF_RESKEY_monitor_scripts=$BATS_TEST_TMPDIR/check" OCF_RESKEY_CRM_meta_timeout=5000
}
scenario_start-no-toolstack() { act start PATH=/usr/bin:/bin; }
scenario_start-name-computed() {
    printf 'name = "vm%%d" %% 1\nmemory = 512\n' >"$XEN_CFG"
    act start; observe_domains node1
}
scenario_start-name-comment() {
    printf 'name = "vm1"   # the web server\nmemory = 512\n' >"$XEN_CFG"
    act start; observe_domains node1
}
scenario_start-mem-management() {
    printf 'name = "vm1"\nmemory=512\n' >"$XEN_CFG"
    CONFIG_SUM=$(md5sum <"$XEN_CFG")
    act start OCF_RESKEY_allow_mem_management=1 OCF_RESKEY_reserved_Dom0_memory=1024; observe_config; observe_domains node1
}
scenario_stop-migratedaway() {
    start_vm1; xensim fault migrate-fail vm1 --kind badly
    XENSIM_HOST=node1 xl migrate vm1 node2 >/dev/null 2>&1
    act stop; observe_domains node1
}

# ---------------------------------------------------------------------------------------------
# Running a scenario.
# ---------------------------------------------------------------------------------------------

# scenario_field ID FIELD(2|3|4): the description, the expectation, or (for a deliberate
# difference) the outcome ours must give.
scenario_field() {
    local line
    line=$(grep "^$1|" <<<"$XEN_SCENARIOS") || return 1
    cut -d'|' -f"$2" <<<"$line"
}

scenario_ids() {
    cut -d'|' -f1 <<<"$XEN_SCENARIOS" | grep -v '^$'
}

# run_scenario_with ID LABEL AGENT: the outcome of one scenario for one agent, on a fresh
# simulator in its own directory (in a subshell: the scenario's environment does not leak).
run_scenario_with() {
    local id=$1 label=$2 agent=$3 base=$BATS_TEST_TMPDIR
    (
        BATS_TEST_TMPDIR="$base/$label"
        mkdir -p "$BATS_TEST_TMPDIR"
        xen_setup
        unset HA_debug
        AGENT=$agent SCENARIO_DIR=$BATS_TEST_TMPDIR RESULT=
        "scenario_$id"
        printf '%s\n' "$RESULT"
    )
}
