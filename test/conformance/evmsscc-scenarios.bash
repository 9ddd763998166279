# Conformance scenarios for ocf:xenha:EvmsSCC against ocf:heartbeat:EvmsSCC on the evms_activate
# simulator, sourced by test/conformance/evmsscc.bats (after test/helpers.bash and
# test/agents/evmsscc/helpers.bash).
#
# Each scenario runs once per agent on a fresh simulator (one shared container san2 with three
# volumes; nodes node1 and node2, each with its own device root and record dir; the agent acting
# as node1 unless an action says @node2). Its outcome is the list of exit codes of the actions it
# runs ("killed" when the agent ran past its op timeout and was killed, as Pacemaker would), plus,
# where a scenario observes them, the volumes each node ends up with and how many times
# evms_activate ran.
#
# EVMS_SCENARIOS: one line per scenario, "id|what it does|expectation", where the expectation is
# "same" or "differs: <why ours deliberately differs>". docs/evmsscc.md lists the same differences.

EVMS_SCENARIOS="\
probe-never|probe on a node where it never ran|same
monitor-never|recurring monitor on a node where it never ran|same
stop-never|stop of a resource that never ran|same
meta-data|meta-data|same
unknown-action|an unknown action|same
no-action|no action at all|same
start-no-binary|start without evms_activate|same
notify-first-only|pre-start notification to both nodes: only the first starting node runs evms_activate|same
notify-join|a node joins: the joining node activates, the active one does not|same
notify-not-listed|pre-start notification to a node neither active nor starting|same
notify-post|post-start and pre-stop notifications|same
notify-fail-then-succeed|pre-start notification, evms_activate fails twice then succeeds|same
stop-keeps-volumes|notification, start, stop: the volumes stay on node1|same
cluster-start|pre-start notification, start and monitor on both nodes|differs: ours activates node2 too (its start runs evms_activate when its volumes are missing) and monitor reports both running; the reference's monitor always says 7, so the clone never shows as running
cluster-start-pacemaker2|Pacemaker 2.1's cluster start: no pre-start notification, start on both nodes with the notification variables, post-start notification, monitor|differs: the reference activates only the first starting node (in its start) and reports 7 everywhere; ours activates and reports both
start-alone|start without notification variables|differs: ours activates this node; the reference finds itself on no notification list, logs an error and returns 0 having activated nothing
monitor-after-start|recurring monitor after notification and start|differs: ours 0; the reference cannot monitor and always returns 7 (a recurring monitor fails every interval)
monitor-volume-gone|recurring monitor after a listed volume disappeared|differs: ours reports the failure (1) and names the volume; the reference says 7 whatever happened
start-missing-volume|evms_activate succeeds without creating a listed container's volume|differs: ours fails start (1) naming it; the reference checks nothing and returns 0
notify-fail-always|pre-start notification, evms_activate always fails (4 s timeout)|differs: ours gives up after activate_attempts and logs why (start then reports); the reference retries until Pacemaker kills it
notify-hang|pre-start notification, evms_activate hangs (3 s timeout)|differs: ours kills the hung run and gives up before the op timeout; the reference is killed
probe-no-binary|probe without evms_activate|differs: a probe reports state (7); the reference returns 5 for every action
stop-no-binary|stop without evms_activate|differs: stop succeeds (0); the reference returns 5, which gets the node fenced
notify-no-binary|pre-start notification without evms_activate|differs: ours logs the error and lets start report 5; the reference returns 5
validate|validate-all|differs: ours implements validate-all (0); the reference has none (3)
"

# ---------------------------------------------------------------------------------------------
# Scenario building blocks. AGENT is the agent under test; RESULT collects the outcome.
# ---------------------------------------------------------------------------------------------

# act [@NODE] ACTION [VAR=VALUE...]: run the agent as NODE (default node1) like Pacemaker would,
# with the op timeout (OCF_RESKEY_CRM_meta_timeout, default 20 s) enforced by killing it;
# appends its exit code.
act() {
    local node=node1 timeout_ms=20000 arg rc action
    if [[ $1 == @* ]]; then node=${1#@}; shift; fi
    action=$1; shift
    for arg in "$@"; do
        [[ $arg == OCF_RESKEY_CRM_meta_timeout=* ]] && timeout_ms=${arg#*=}
    done
    (
        evms_node "$node"
        env "$@" timeout --kill-after=2 "$(( timeout_ms / 1000 + 1 ))" "$AGENT" ${action:+"$action"} >>"$SCENARIO_DIR/output" 2>&1
    )
    rc=$?
    if ((rc == 124 || rc == 137)); then rc=killed; fi
    RESULT+="${RESULT:+ }$rc"
}

# observe_volumes NODE: appends the volumes NODE has, e.g. "node1=[san2/cfgpool,san2/vm1]".
observe_volumes() {
    RESULT+=" $1=[$(devices_of "$1" | awk '{ print $1 }' | paste -sd, -)]"
}

# observe_runs: appends how many times evms_activate ran, and on which nodes.
observe_runs() {
    RESULT+=" runs=[$(sim_calls | awk '{ print $1 }' | paste -sd, -)]"
}

RUNNING='OCF_RESKEY_CRM_meta_interval=10000'
PRE_START='OCF_RESKEY_CRM_meta_notify_type=pre OCF_RESKEY_CRM_meta_notify_operation=start'

# The pre-start notification of a cluster start (both nodes starting) on both nodes.
notify_cluster_start() {
    # shellcheck disable=SC2086  # PRE_START is two words
    act notify $PRE_START "OCF_RESKEY_CRM_meta_notify_start_uname=node1 node2" "$@"
    # shellcheck disable=SC2086
    act @node2 notify $PRE_START "OCF_RESKEY_CRM_meta_notify_start_uname=node1 node2" "$@"
}

scenario_probe-never() { act monitor; observe_runs; }
scenario_monitor-never() { act monitor "$RUNNING"; }
scenario_stop-never() { act stop; observe_runs; }
scenario_meta-data() { act meta-data; }
scenario_unknown-action() { act frobnicate; }
scenario_no-action() { act ""; }
scenario_start-no-binary() { act start PATH=/usr/bin:/bin; }
scenario_notify-first-only() { notify_cluster_start; observe_volumes node1; observe_volumes node2; observe_runs; }
scenario_notify-join() {
    # shellcheck disable=SC2086
    act notify $PRE_START OCF_RESKEY_CRM_meta_notify_start_uname=node2 OCF_RESKEY_CRM_meta_notify_active_uname=node1
    # shellcheck disable=SC2086
    act @node2 notify $PRE_START OCF_RESKEY_CRM_meta_notify_start_uname=node2 OCF_RESKEY_CRM_meta_notify_active_uname=node1
    observe_volumes node2; observe_runs
}
scenario_notify-not-listed() {
    # shellcheck disable=SC2086
    act notify $PRE_START OCF_RESKEY_CRM_meta_notify_start_uname=node2 OCF_RESKEY_CRM_meta_notify_active_uname=node3
    observe_runs
}
scenario_notify-post() {
    act notify OCF_RESKEY_CRM_meta_notify_type=post OCF_RESKEY_CRM_meta_notify_operation=start OCF_RESKEY_CRM_meta_notify_start_uname=node1
    act notify OCF_RESKEY_CRM_meta_notify_type=pre OCF_RESKEY_CRM_meta_notify_operation=stop OCF_RESKEY_CRM_meta_notify_stop_uname=node1
    observe_runs
}
scenario_notify-fail-then-succeed() {
    evmssim fault fail 2
    # shellcheck disable=SC2086
    act notify $PRE_START OCF_RESKEY_CRM_meta_notify_start_uname=node1
    observe_volumes node1; observe_runs
}
scenario_stop-keeps-volumes() {
    notify_cluster_start; act start; act stop; observe_volumes node1
}
scenario_cluster-start() {
    notify_cluster_start
    act start; act @node2 start
    act monitor "$RUNNING"; act @node2 monitor "$RUNNING"
    observe_volumes node1; observe_volumes node2; observe_runs
}
scenario_cluster-start-pacemaker2() {
    local vars=("OCF_RESKEY_CRM_meta_notify_start_uname=node1 node2" "OCF_RESKEY_CRM_meta_notify_active_uname=")
    act start "${vars[@]}"; act @node2 start "${vars[@]}"
    act notify OCF_RESKEY_CRM_meta_notify_type=post OCF_RESKEY_CRM_meta_notify_operation=start "${vars[@]}"
    act @node2 notify OCF_RESKEY_CRM_meta_notify_type=post OCF_RESKEY_CRM_meta_notify_operation=start "${vars[@]}"
    act monitor "$RUNNING"; act @node2 monitor "$RUNNING"
    observe_volumes node1; observe_volumes node2; observe_runs
}
scenario_start-alone() { act start; observe_volumes node1; observe_runs; }
scenario_monitor-after-start() { notify_cluster_start; act start; act monitor "$RUNNING"; }
scenario_monitor-volume-gone() {
    notify_cluster_start; act start OCF_RESKEY_devices=san2/vm1
    rm "$BATS_TEST_TMPDIR/dev/node1/san2/vm1"
    act monitor "$RUNNING" OCF_RESKEY_devices=san2/vm1
}
scenario_start-missing-volume() {
    evmssim container add san3 data; evmssim fault skip san3
    notify_cluster_start OCF_RESKEY_devices=san3
    act start OCF_RESKEY_devices=san3
    observe_volumes node1
}
scenario_notify-fail-always() {
    evmssim fault fail 1000
    # shellcheck disable=SC2086
    act notify $PRE_START OCF_RESKEY_CRM_meta_notify_start_uname=node1 OCF_RESKEY_CRM_meta_timeout=4000
}
scenario_notify-hang() {
    evmssim fault hang 30
    # shellcheck disable=SC2086
    act notify $PRE_START OCF_RESKEY_CRM_meta_notify_start_uname=node1 OCF_RESKEY_CRM_meta_timeout=3000
}
scenario_probe-no-binary() { act monitor PATH=/usr/bin:/bin; }
scenario_stop-no-binary() { act stop PATH=/usr/bin:/bin; }
scenario_notify-no-binary() {
    # shellcheck disable=SC2086
    act notify $PRE_START OCF_RESKEY_CRM_meta_notify_start_uname=node1 PATH=/usr/bin:/bin
}
scenario_validate() { act validate-all; }

# ---------------------------------------------------------------------------------------------
# Running a scenario.
# ---------------------------------------------------------------------------------------------

# scenario_field ID FIELD(2|3): the description or the expectation of a scenario.
scenario_field() {
    local line
    line=$(grep "^$1|" <<<"$EVMS_SCENARIOS") || return 1
    cut -d'|' -f"$2" <<<"$line"
}

scenario_ids() {
    cut -d'|' -f1 <<<"$EVMS_SCENARIOS" | grep -v '^$'
}

# run_scenario_with ID LABEL AGENT: the outcome of one scenario for one agent, on a fresh
# simulator in its own directory (in a subshell: the scenario's environment does not leak).
run_scenario_with() {
    local id=$1 label=$2 agent=$3 base=$BATS_TEST_TMPDIR
    (
        BATS_TEST_TMPDIR="$base/$label"
        mkdir -p "$BATS_TEST_TMPDIR"
        evms_setup
        unset HA_debug
        PATH="$BATS_TEST_DIRNAME/evmsscc:$PATH"
        AGENT=$agent SCENARIO_DIR=$BATS_TEST_TMPDIR RESULT=
        "scenario_$id"
        printf '%s\n' "$RESULT"
    )
}
