# The end-to-end suite (test/cluster/e2e): which programs a flavour runs, the clusters a
# scenario runs on, the Dom0 fixture every Xen scenario starts from, and running one scenario
# in one flavour. Loaded after test/cluster/lib/cluster.bash by e2e.bats, the runner
# (test/cluster/e2e/run), the demo and bench/e2e.sh. docs/e2e.md explains the whole suite.
#
# A scenario is one file scenarios/NN-name.bash that defines
#   scenario_title      one line: what it proves (the row of the results table)
#   scenario_flavours   the flavours it runs in: "ours reference" or "ours"
#   scenario_programs   our programs it needs installed in flavour ours (names as in src/agents)
#   scenario_run        acts, asserts (expect_*), measures (e2e_measure); fails on the first
#                       failed assertion (errexit)
# and, only when the Dom0 fixture does not fit, scenario_up (start its own clusters).

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
E2E_SCENARIO_DIR=$E2E_DIR/scenarios
E2E_SIM_DIR=$PROJECT_ROOT/test/sim/xen
# shellcheck source=/dev/null
source "$E2E_DIR/lib/sim.bash"
# shellcheck source=/dev/null
source "$E2E_DIR/lib/cib.bash"
# shellcheck source=/dev/null
source "$E2E_DIR/lib/expect.bash"
# shellcheck source=/dev/null
source "$E2E_DIR/lib/results.bash"

E2E_ALL_FLAVOURS="ours reference"
# Every program of ours the suite can exercise (built by e2e_build).
E2E_ALL_PROGRAMS="Xen ping ssh xen0-ha xen0-ha-helper xenha-fence-virtd drbd crm-fence-peer EvmsSCC riloe"
# Guests of the Dom0 fixture, and the Dom0 nodes.
E2E_DEFAULT_GUESTS="vm1 vm2 vm3"
E2E_DOM0_NODES="node1 node2"

# Generous bounds for every wait: the machine is small and shared. Timings are reported, never
# asserted; these only end a wait that will never succeed.
E2E_SETTLE_TIMEOUT=${E2E_SETTLE_TIMEOUT:-90}
E2E_RECOVERY_TIMEOUT=${E2E_RECOVERY_TIMEOUT:-120}
# Fencing: Pacemaker gives up on a device after 10 failed attempts (about a minute here).
E2E_FENCE_TIMEOUT=${E2E_FENCE_TIMEOUT:-75}

# ---- flavours ---------------------------------------------------------------------------

# e2e_use_flavour ours|reference: the agents and plugins the scenario's CIB names, and what
# the harness installs in the nodes. Both flavours use the same CIB apart from the provider:
# our programs are parameter-compatible with the reference ones.
# shellcheck disable=SC2034  # read by cib.bash
e2e_use_flavour() {
    E2E_FLAVOUR=$1
    case "$E2E_FLAVOUR" in
        ours)
            E2E_XEN_PROVIDER=xenha
            E2E_PING_PROVIDER=xenha
            # our external/ssh and external/xen0-ha replace the stock ones inside the nodes
            E2E_XC_INSTALL=built
            ;;
        reference)
            E2E_XEN_PROVIDER=heartbeat
            E2E_PING_PROVIDER=pacemaker
            # only the stock agents and cluster-glue plugins in the nodes
            E2E_XC_INSTALL=none
            ;;
        *) echo "e2e: unknown flavour '$E2E_FLAVOUR' (ours or reference)" >&2; return 1 ;;
    esac
    E2E_SSH_FENCE_TYPE=external/ssh
}

# ---- scenarios --------------------------------------------------------------------------

# Scenario ids (file names without .bash), in order; E2E_SCENARIOS (space separated ids or
# their number prefixes, e.g. "04 05") selects some.
e2e_scenario_ids() {
    local file id want
    for file in "$E2E_SCENARIO_DIR"/*.bash; do
        [ -f "$file" ] || continue
        id=$(basename "$file" .bash)
        if [ -n "${E2E_SCENARIOS:-}" ]; then
            for want in $E2E_SCENARIOS; do
                [ "$id" = "$want" ] || [[ $id == "$want"-* ]] && { echo "$id"; break; }
            done
        else
            echo "$id"
        fi
    done
}

# e2e_load_scenario ID: define the scenario's variables and functions (forgetting the last one's).
e2e_load_scenario() {
    local file=$E2E_SCENARIO_DIR/$1.bash
    [ -f "$file" ] || { echo "e2e: no scenario $1 ($file)" >&2; return 1; }
    unset -f scenario_run scenario_up
    scenario_title=$1 scenario_flavours=$E2E_ALL_FLAVOURS scenario_programs=""
    E2E_SCENARIO=$1
    # shellcheck source=/dev/null
    source "$file"
    declare -F scenario_run >/dev/null || { echo "e2e: $file defines no scenario_run" >&2; return 1; }
}

# "ID FLAVOUR" lines: every scenario in every flavour it supports, restricted by
# E2E_SCENARIOS and E2E_FLAVOURS (e.g. E2E_FLAVOURS=ours).
e2e_matrix() {
    local id flavour
    for id in $(e2e_scenario_ids); do
        e2e_load_scenario "$id" || return 1
        for flavour in $scenario_flavours; do
            [[ " ${E2E_FLAVOURS:-$E2E_ALL_FLAVOURS} " == *" $flavour "* ]] && echo "$id $flavour"
        done
    done
    return 0
}

# e2e_run_scenario ID FLAVOUR: start the scenario's clusters (unless they are up already, in
# shared mode) and run it. Call with errexit on; e2e_finish_scenario afterwards, always.
e2e_run_scenario() {
    e2e_load_scenario "$1"
    e2e_use_flavour "$2"
    E2E_SCENARIO_STARTED_MS=$(now_ms)
    e2e_record title "$scenario_title"
    e2e_say "scenario $E2E_SCENARIO [$E2E_FLAVOUR]: $scenario_title"
    if [ "${E2E_SHARED:-0}" = 1 ] && e2e_cluster_is_up dom0; then
        e2e_cluster dom0
    elif declare -F scenario_up >/dev/null; then
        scenario_up
    else
        e2e_dom0_up
    fi
    scenario_run
    e2e_expect_fence_devices_healthy
}

# Every scenario ends with no failed action of any fencing device, in each of its clusters
# that is still up.
e2e_expect_fence_devices_healthy() {
    local name
    for name in dom0 domu; do
        e2e_cluster_is_up "$name" || continue
        ( e2e_cluster "$name" && expect_no_failed_fence_device )
    done
}

# e2e_finish_scenario STATUS: record the outcome; on failure show what the cluster looked
# like and keep the logs; take the clusters down (in shared mode only once at the very end).
e2e_finish_scenario() {
    local status=$1 outcome=pass
    [ "$status" = 0 ] || outcome=FAIL
    [ -n "${E2E_SCENARIO:-}" ] && [ -n "${E2E_FLAVOUR:-}" ] || return 0
    e2e_record outcome "$outcome" "$(ms_since "${E2E_SCENARIO_STARTED_MS:-$(now_ms)}")" "$(date -u +%Y-%m-%dT%H:%MZ)"
    if [ "$status" != 0 ]; then
        e2e_dump_clusters
    fi
    [ "${E2E_SHARED:-0}" = 1 ] || e2e_down_all
}

# ---- clusters ---------------------------------------------------------------------------

# The file listing the state dirs of the clusters started and not yet taken down.
e2e_clusters_file() { echo "${E2E_WORK:?e2e_begin not called}/clusters"; }

# e2e_cluster NAME: select (cluster_use) the scenario's cluster NAME: XC_* knobs and the
# simulator state for host-side xensim calls. In shared mode the clusters belong to the run
# (a new generation after a failure: the failed one's kept logs are not overwritten).
e2e_cluster() {
    local owner="$E2E_SCENARIO-$E2E_FLAVOUR"
    [ "${E2E_SHARED:-0}" = 1 ] && owner="shared-$E2E_FLAVOUR-$(cat "$E2E_WORK/generation" 2>/dev/null || echo 0)"
    cluster_use "e2e-$owner-$1"
    export XENSIM_STATE=$XC_BASE/xensim
    if [ -f "$XC_BASE/e2e-guests" ]; then E2E_GUESTS=$(cat "$XC_BASE/e2e-guests"); fi
}

e2e_cluster_is_up() {
    ( e2e_cluster "$1" && [ -f "$XC_BASE/cluster.env" ] )
}

# e2e_up_cluster NAME UP-ARGS...: start cluster NAME with the flavour's programs installed,
# wait until every node is online with a DC, and check that our programs are the ones the
# scenario will run (never a stock program under our name by accident).
e2e_up_cluster() {
    local name=$1; shift
    e2e_cluster "$name"
    echo "$XC_BASE" >> "$(e2e_clusters_file)"
    XC_INSTALL=$E2E_XC_INSTALL xcluster up "$@"
    xcluster wait 90
    if [ "$E2E_FLAVOUR" = ours ]; then
        e2e_require_installed $scenario_programs
    fi
}

# e2e_require_installed PROGRAM...: each is installed in the cluster's nodes, and is ours
# (a node bundle), not the stock program of the same name.
e2e_require_installed() {
    local program path
    for program in "$@"; do
        path=$(e2e_install_path "$program") || return 1
        if [ ! -f "$XC_BASE/install$path" ]; then
            echo "e2e: $program is not installed in the nodes ($path): it is not built (node build/bundle.mjs --only $program)" >&2
            return 1
        fi
        if [[ $(head -c 64 "$XC_BASE/install$path") != *node* ]]; then
            echo "e2e: $path in the nodes is not ours (not a node bundle): $program is not built" >&2
            return 1
        fi
    done
}

# Where a program of ours is installed, from its manifest (build/programs.mjs).
e2e_install_path() {
    (cd "$PROJECT_ROOT" && node --input-type=module -e '
        import { listPrograms } from "./build/programs.mjs";
        const name = process.argv[1];
        const program = (await listPrograms({ fixtures: false })).find((p) => p.name === name);
        if (!program) { console.error(`e2e: no program ${name} in src/agents`); process.exit(1); }
        console.log(`/usr/${program.installDir}/${program.name}`);' "$1")
}

# Take down every cluster still listed (the last started first), leaving nothing behind.
e2e_down_all() {
    local file bases base
    file=$(e2e_clusters_file)
    [ -s "$file" ] || return 0
    bases=$(tac "$file" | awk '!seen[$0]++')
    for base in $bases; do
        XC_BASE=$base "$XC_CLI" down >/dev/null 2>&1 || XC_BASE=$base "$XC_CLI" down || true
    done
    : > "$file"
}

# On failure: what the cluster looked like (crm_mon, the simulator) and the notable lines of
# every node's log; the whole logs are kept after down, in $XC_BASE/logs.
e2e_dump_clusters() {
    local base node log
    for base in $(awk '!seen[$0]++' "$(e2e_clusters_file)" 2>/dev/null); do
        [ -f "$base/cluster.env" ] || continue
        touch "$base/keep-logs"
        echo "==== cluster $base (its logs are kept in $base/logs)"
        node=$(XC_BASE=$base "$XC_CLI" nodes --running); node=${node%%$'\n'*}
        if [ -n "$node" ]; then
            echo "---- crm_mon -1 on $node"
            XC_BASE=$base "$XC_CLI" x "$node" crm_mon -1 2>&1 | grep -v -e '^Status of pacemakerd' -e 'Last updated:' || true
        fi
        if [ -d "$base/xensim/hosts" ]; then
            echo "---- simulator"
            XENSIM_STATE=$base/xensim "$E2E_SIM_DIR/xensim" show 2>&1 | tail -n 30 || true
        fi
        for log in "$base"/logs/*/pacemaker/pacemaker.log; do
            [ -f "$log" ] || continue
            echo "---- $log (errors, warnings, results; last ${E2E_FAILURE_LOG_LINES:-30})"
            grep -E 'error|warning|WARN|ERROR|Result of|exit-reason|[Ff]encing|terminated' "$log" \
                | grep -v -e cib_perform_op -e 'Result of probe' | tail -n "${E2E_FAILURE_LOG_LINES:-30}" || true
        done
        for log in "$base"/logs/*/ssh-requests.log; do
            [ -s "$log" ] && { echo "---- $log"; tail -n 5 "$log"; }
        done
    done
    return 0
}

# ---- the Dom0 fixture -------------------------------------------------------------------

# e2e_dom0_up [GUEST...]: the cluster users build: two Dom0 nodes (node1, node2) sharing one
# simulated Xen pool, guests (default vm1 vm2 vm3) as Xen resources with allow-migrate,
# resource-stickiness, and STONITH through external/ssh with each node's sshd answering the
# way a fenced node would (E2E_DOM0_SSHD=poweroff, or exec for a Dom0 that others log in to).
# Returns when every guest runs, where Pacemaker says and nowhere else.
# shellcheck disable=SC2120  # the guests are optional
e2e_dom0_up() {
    local guests=${*:-$E2E_DEFAULT_GUESTS} node guest
    E2E_GUESTS=$guests
    e2e_say "Starting the Dom0 cluster: $E2E_DOM0_NODES (Corosync + Pacemaker, each node in its own namespaces), the Xen simulator as their hypervisor, guests $guests as $E2E_XEN_PROVIDER Xen resources, STONITH through external/ssh"
    e2e_up_cluster dom0 $E2E_DOM0_NODES
    echo "$guests" > "$XC_BASE/e2e-guests"
    e2e_sim_init $E2E_DOM0_NODES
    for node in $E2E_DOM0_NODES; do xcluster sshd "$node" "${E2E_DOM0_SSHD:-poweroff}"; done
    mkdir -p "$XC_BASE/xen"
    for guest in $guests; do e2e_write_guest_config "$guest"; done
    x node1 crm_attribute --type rsc_defaults --name resource-stickiness --update 100 >/dev/null
    cib_apply node1 "$(e2e_ssh_fence_xml fence-ssh "$E2E_DOM0_NODES")" >/dev/null
    x node1 crm_attribute --type crm_config --name stonith-enabled --update true >/dev/null
    for guest in $guests; do cib_apply node1 "$(e2e_guest_xml "$guest")" >/dev/null; done
    for guest in $guests; do
        wait_until "$E2E_SETTLE_TIMEOUT" guest_runs_somewhere "$guest"
    done
    e2e_wait_settled node1
    e2e_show
}

# A guest's Xen config file, in the cluster's state dir (visible in every node, gone after down).
e2e_write_guest_config() {
    local guest=$1
    printf 'name = "%s"\nmemory = 256\nvcpus = 1\n' "$guest" > "$XC_BASE/xen/$guest.cfg"
}

# e2e_wait_settled NODE: until the cluster has nothing left to do (no pending action).
e2e_wait_settled() {
    wait_for "$1" "$E2E_SETTLE_TIMEOUT" crm_resource --wait --timeout=20s
}

# e2e_other_node NODE: the other Dom0 node.
e2e_other_node() {
    local node
    for node in $E2E_DOM0_NODES; do [ "$node" = "$1" ] || { echo "$node"; return 0; }; done
    return 1
}

# e2e_dc: the node the cluster has elected DC (empty when there is none).
e2e_dc() {
    local xml
    xml=$(e2e_ask crm_mon --one-shot --output-as=xml --include=summary 2>/dev/null) || return 0
    sed -n 's/.*<current_dc [^>]*name="\([^"]*\)".*/\1/p' <<< "$xml" | head -n 1
}

# e2e_failure_victim: the Dom0 a node-failure scenario takes down: the one that is not the DC,
# when it runs a guest; else the node running vm1. Losing the DC adds an election (about 1 s
# here) to everything after it, and which node won the election is chance: so that both
# flavours lose the same kind of node, the victim is the other one.
e2e_failure_victim() {
    local dc node
    dc=$(e2e_dc)
    if [ -n "$dc" ] && node=$(e2e_other_node "$dc") && [ -n "$(e2e_guests_on "$node")" ]; then
        echo "$node"
    else
        resource_location vm1
    fi
}

# e2e_guests_on NODE: the fixture's guests Pacemaker runs on NODE (space separated).
e2e_guests_on() {
    local guest list=""
    for guest in $E2E_GUESTS; do
        [ "$(resource_location "$guest")" = "$1" ] && list="$list $guest"
    done
    echo "${list# }"
}

# e2e_power_cut NODE: a Dom0 loses power: the node crashes (xcluster crash) and its guests
# are gone with it (destroyed in the simulator, which has no notion of a host's power).
e2e_power_cut() {
    local node=$1 guest
    xcluster crash "$node"
    for guest in $(sim_guests_on "$node"); do
        e2e_xensim destroy "$guest" --host "$node" >/dev/null
    done
}

# ---- the run: work dir, narration -------------------------------------------------------

# e2e_begin [RESULTS]: a work dir for this run (unless E2E_WORK names one) and the file
# measures go to (default: in the work dir).
e2e_begin() {
    if [ -z "${E2E_WORK:-}" ]; then
        E2E_WORK=$(mktemp -d /tmp/xenha-e2e.XXXXXX)
        E2E_WORK_CREATED=1
    fi
    export E2E_WORK
    : >> "$E2E_WORK/clusters"
    E2E_RESULTS=${1:-${E2E_RESULTS:-$E2E_WORK/results.tsv}}
    export E2E_RESULTS
    [ -f "$E2E_RESULTS" ] || : > "$E2E_RESULTS"
}

# e2e_end: remove the work dir e2e_begin made (E2E_KEEP_WORK=1 keeps it).
e2e_end() {
    [ "${E2E_WORK_CREATED:-0}" = 1 ] && [ "${E2E_KEEP_WORK:-0}" != 1 ] && rm -rf "$E2E_WORK"
    return 0
}

# e2e_build: bundle our programs (each alone when they do not all compile: a colleague's may
# be broken at this moment; scenarios that need a missing one fail saying so).
e2e_build() {
    local program list=${E2E_ALL_PROGRAMS// /,} failed=""
    (cd "$PROJECT_ROOT" && node build/bundle.mjs --only "$list" >/dev/null 2>&1) && return 0
    for program in $E2E_ALL_PROGRAMS; do
        (cd "$PROJECT_ROOT" && node build/bundle.mjs --only "$program" >/dev/null 2>&1) || failed="$failed $program"
    done
    [ -z "$failed" ] || echo "e2e: warning: does not build:$failed (scenarios that need it will fail)" >&2
}

# Narration: what the scenario does next. In the demo (E2E_NARRATE=1) on the terminal; in bats
# on stdout, which bats shows when the test fails.
e2e_say() {
    if [ "${E2E_NARRATE:-0}" = 1 ]; then
        printf '\n\033[1m==> %s\033[0m\n' "$*"
    else
        echo "# $*"
    fi
}

# The cluster as the admin sees it (crm_mon -1), in the demo only.
e2e_show() {
    [ "${E2E_NARRATE:-0}" = 1 ] || return 0
    local node; node=$(e2e_first_node)
    x "$node" crm_mon -1 2>&1 | grep -v -e '^Status of pacemakerd' -e 'Last updated:' -e 'Last change:' -e 'Stack: corosync' | sed 's/^/    /'
}
