# What the scenarios assert: where each guest runs (Pacemaker and the simulator agree), how
# it got there (operation history, simulator call log), fencing history, constraints. Each
# check prints what it saw and returns 1 when the expectation does not hold; expect_* are
# the checks a scenario calls, the others are also polled with wait_until. Loaded by e2e.bash.

# e2e_first_node: the first running node of the selected cluster (no pipe into head: under
# pipefail, head closing the pipe early would fail the caller).
e2e_first_node() {
    local nodes; nodes=$(running_nodes)
    echo "${nodes%%$'\n'*}"
}

# e2e_ask CMD...: run CMD on the first running node of the selected cluster.
e2e_ask() {
    local node; node=$(e2e_first_node)
    [ -n "$node" ] || { echo "no node of $XC_BASE is running" >&2; return 1; }
    x "$node" "$@"
}

# ---- where guests run -------------------------------------------------------------------

# guest_runs_on GUEST NODE: Pacemaker runs GUEST on NODE, and the pool holds exactly one
# running GUEST, on Dom0 NODE.
guest_runs_on() {
    local guest=$1 node=$2 where
    where=$(resource_location "$guest") || { echo "cannot ask where $guest runs"; return 1; }
    [ "$where" = "$node" ] || { echo "Pacemaker: $guest runs on [$where], not [$node]"; return 1; }
    sim_runs_on "$guest" "$node"
}

# guest_runs_somewhere GUEST: on one node, and the simulator agrees.
guest_runs_somewhere() {
    local guest=$1 where
    where=$(resource_location "$guest") || { echo "cannot ask where $guest runs"; return 1; }
    [[ $where =~ ^[a-z0-9-]+$ ]] || { echo "Pacemaker: $guest runs on [$where]"; return 1; }
    sim_runs_on "$guest" "$where"
}

# guest_stopped GUEST: Pacemaker runs it nowhere, and no host holds it.
guest_stopped() {
    local guest=$1 where
    where=$(resource_location "$guest") || { echo "cannot ask where $guest runs"; return 1; }
    [ -z "$where" ] || { echo "Pacemaker: $guest runs on [$where]"; return 1; }
    sim_absent "$guest"
}

expect_guest_on() { guest_runs_on "$@" || { echo "expected: $1 running on $2" >&2; return 1; }; }
expect_guest_stopped() { guest_stopped "$@" || { echo "expected: $1 stopped everywhere" >&2; return 1; }; }

# wait_guest_on GUEST NODE TIMEOUT
wait_guest_on() { wait_until "$3" guest_runs_on "$1" "$2"; }

# expect_holds SECONDS CMD...: CMD keeps succeeding, checked every 0.5 s for SECONDS.
expect_holds() {
    local seconds=$1 deadline problem; shift
    deadline=$(($(now_ms) + seconds * 1000))
    while :; do
        problem=$("$@" 2>&1) || { echo "expected for ${seconds}s: $*; but: $problem" >&2; return 1; }
        [ "$(now_ms)" -lt "$deadline" ] || return 0
        sleep 0.5
    done
}

# expect_guest_stays GUEST NODE|"" SECONDS: for SECONDS, GUEST keeps running on NODE (or stays
# stopped, with ""): nothing bounces back, nothing restarts it.
expect_guest_stays() {
    if [ -n "$2" ]; then expect_holds "$3" guest_runs_on "$1" "$2"; else expect_holds "$3" guest_stopped "$1"; fi
}

# ---- how they got there: operation history and toolstack calls --------------------------

# lrm_ops GUEST NODE: "OPERATION RC OP-STATUS EXEC-MS LAST-RC-CHANGE ID" of each entry of
# GUEST's operation history on NODE (status section of the CIB).
lrm_ops() {
    local guest=$1 node=$2 xml
    xml=$(e2e_ask cibadmin --query --xpath "//node_state[@uname='$node']//lrm_resource[@id='$guest']" 2>/dev/null) || return 0
    grep -o '<lrm_rsc_op [^>]*>' <<< "$xml" | while read -r op; do
        printf '%s %s %s %s %s %s\n' "$(xml_attr operation "$op")" "$(xml_attr rc-code "$op")" "$(xml_attr op-status "$op")" \
            "$(xml_attr exec-time "$op")" "$(xml_attr last-rc-change "$op")" "$(xml_attr id "$op")"
    done
}

# xml_attr NAME ELEMENT-TEXT
xml_attr() { sed -n "s/.* $1=\"\\([^\"]*\\)\".*/\\1/p" <<< "$2"; }

# expect_op GUEST NODE OPERATION: the history of GUEST on NODE records OPERATION, succeeded.
expect_op() {
    local guest=$1 node=$2 operation=$3 ops
    ops=$(lrm_ops "$guest" "$node")
    if ! awk -v op="$operation" '$1 == op && $2 == 0 && $3 == 0 { found = 1 } END { exit !found }' <<< "$ops"; then
        echo "expected: a successful $operation of $guest on $node in the operation history; it holds:" >&2
        sed 's/^/    /' <<< "${ops:-(nothing)}" >&2
        return 1
    fi
}

# expect_no_op_since GUEST NODE OPERATION SINCE_MS: no OPERATION of GUEST ran on NODE since
# SINCE_MS (the history's clock has seconds: one second of slack).
expect_no_op_since() {
    local guest=$1 node=$2 operation=$3 since=$4 found
    found=$(lrm_ops "$guest" "$node" | awk -v op="$operation" -v since=$((since / 1000 - 1)) '$1 == op && $5 >= since')
    [ -z "$found" ] || { echo "expected: no $operation of $guest on $node since the step began; history: $found" >&2; return 1; }
}

# expect_live_migrated GUEST FROM TO SINCE_MS: GUEST moved FROM -> TO by live migration and
# nothing else since SINCE_MS: migrate_to on FROM and migrate_from on TO succeeded, no start
# on either since; the toolstack was asked to migrate it once, never to create it again or
# shut it down, and nothing destroyed it on TO.
expect_live_migrated() {
    local guest=$1 from=$2 to=$3 since=$4 calls
    expect_op "$guest" "$from" migrate_to || return 1
    expect_op "$guest" "$to" migrate_from || return 1
    expect_no_op_since "$guest" "$to" start "$since" || return 1
    expect_no_op_since "$guest" "$from" start "$since" || return 1
    calls=$(sim_calls_since "$since" "$guest")
    local migrations; migrations=$(awk -v from="$from" '$1 == from && $3 == "migrate"' <<< "$calls" | wc -l)
    if [ "$migrations" != 1 ] \
        || awk -v to="$to" '$3 == "create" || $3 == "shutdown" || $3 == "trigger" || ($3 == "destroy" && $1 == to) { bad = 1 } END { exit !bad }' <<< "$calls"; then
        echo "expected: exactly one 'migrate $guest' on $from and no create/shutdown of $guest (nor a destroy on $to) since the move; toolstack calls naming $guest:" >&2
        sed 's/^/    /' <<< "${calls:-(none)}" >&2
        return 1
    fi
}

# ---- constraints ------------------------------------------------------------------------

constraint_ids() {
    e2e_ask cibadmin --query --scope constraints | grep -o '<rsc_[a-z_]* id="[^"]*"' | sed 's/.* id="\([^"]*\)"/\1/'
}

expect_constraint() {
    local ids; ids=$(constraint_ids)
    grep -qx -- "$1" <<< "$ids" || { echo "expected: constraint $1 in the CIB; there are: ${ids//$'\n'/ }" >&2; return 1; }
}

expect_no_constraint() {
    local ids; ids=$(constraint_ids)
    ! grep -qx -- "$1" <<< "$ids" || { echo "expected: no constraint $1 in the CIB" >&2; return 1; }
}

# expect_no_move_constraints: no cli-prefer-* / cli-ban-* left by crm_resource --move/--ban.
expect_no_move_constraints() {
    local ids; ids=$(constraint_ids | grep -E '^cli-(prefer|ban)-' || true)
    [ -z "$ids" ] || { echo "expected: no constraint left by --move/--ban; found: ${ids//$'\n'/ }" >&2; return 1; }
}

# ---- fencing ----------------------------------------------------------------------------

# fence_events TARGET: "ACTION STATUS DELEGATE COMPLETED" of each fencing of TARGET, as the
# first running node's history (stonith_admin -H) shows them.
fence_events() {
    local xml
    xml=$(e2e_ask stonith_admin --history "$1" --output-as=xml 2>/dev/null) || true
    grep -o '<fence_event [^>]*>' <<< "$xml" | while read -r event; do
        printf '%s %s %s %s\n' "$(xml_attr action "$event")" "$(xml_attr status "$event")" \
            "$(xml_attr delegate "$event")" "$(xml_attr completed "$event" | tr ' ' T)"
    done
}

# fenced TARGET ACTION SINCE_MS: a successful ACTION (reboot, off) of TARGET completed at or
# after SINCE_MS (the history's clock has seconds: one second of slack).
fenced() {
    local target=$1 action=$2 since=$3 events event_action status completed
    events=$(fence_events "$target")
    while read -r event_action status _ completed; do
        [ "$event_action" = "$action" ] && [ "$status" = success ] || continue
        completed=$(date -u -d "${completed/T/ }" +%s 2>/dev/null) || continue
        [ "$completed" -ge $((since / 1000 - 1)) ] && return 0
    done <<< "$events"
    echo "no successful $action of $target since $(date -u -d "@$((since / 1000))" +%T)Z; history: ${events:-(empty)}"
    return 1
}

expect_fenced() { fenced "$@" || { echo "expected: $1 fenced ($2)" >&2; return 1; }; }

# fencing_phase_rows LOG SURVIVOR VICTIM START_MS "GUESTS": "PHASE|LOG DATE" lines, each phase
# of e2e_fencing_phases at its first line in LOG since START_MS.
fencing_phase_rows() {
    local log=$1 survivor=$2 victim=$3 start=$4 guests=$5
    [ -f "$log" ] || return 0
    awk -v victim="$victim" -v survivor="$survivor" -v guests="$guests" \
            -v from="$(date -d "@$((start / 1000))" +%m%d%H:%M:%S)" '
        BEGIN {
            split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", names, " ")
            for (i in names) month[names[i]] = sprintf("%02d", i)
            waiting = split(guests, lost, " ")
        }
        function stamp() { return $1 " " $2 " " $3 }
        function note(phase) { if (!(phase in seen)) { seen[phase] = 1; print phase "|" stamp() } }
        $3 !~ /\.[0-9][0-9][0-9]$/ { next }
        month[$1] $2 substr($3, 1, 8) < from { next }
        index($0, "Node " victim " state is now lost") { note("out of the membership") }
        $0 ~ "Requesting fencing \\([a-z]+\\) of node " victim " " { note("fencing requested") }
        $0 ~ "Requesting that [^ ]+ perform .[a-z]+. action targeting " victim " " { note("fencing device called"); calling = 1; next }
        calling && $4 ~ /:$/ && $4 !~ /^(Xen|ping|drbd|EvmsSCC)/ {
            if (!("plugin" in seen)) { seen["plugin"] = 1; print "plugin'"'"'s first log line|" stamp() }
            last = stamp()
        }
        calling && $0 ~ "Operation .[a-z]+. \\[[0-9]+\\] targeting " victim " using [^ ]+ returned " {
            if (last != "") print "plugin'"'"'s last log line|" last
            note("fencing device returned"); calling = 0
        }
        $0 ~ "Peer " victim " was terminated \\([a-z]+\\) by [^ ]+ on behalf of [^ ]+: OK" { note("fencing confirmed"); fenced = 1 }
        fenced && $0 ~ "Result of start operation for [^ ]+ on " survivor ": ok" {
            note("first guest started")
            for (i in lost) if ($0 ~ "Result of start operation for " lost[i] " on ") { delete lost[i]; if (--waiting == 0) note("every guest running again") }
        }
    ' "$log"
}

# e2e_fencing_phases SURVIVOR VICTIM START_MS LABEL "GUESTS" [MEASURE=MS...]: split a node
# failure into its phases, read from SURVIVOR's pacemaker.log (Pacemaker and our agents log
# there with milliseconds), each recorded as "LABEL -> PHASE" in ms since START_MS, in the order
# they happened, with the MEASURE=MS rows the scenario measured itself:
#   out of the membership      the survivor's Pacemaker sees VICTIM lost (Corosync)
#   fencing requested          the controller asks the fencer (the scheduler decided)
#   fencing device called      the fencer runs the device (after its query of the devices)
#   plugin's first/last line   the first and last line the plugin itself logged (ours log
#                              with milliseconds; cluster-glue's plugins log nothing there)
#   fencing device returned    the device's exit, as the fencer saw it
#   fencing confirmed          the controller learns the fencing succeeded
#   first guest started        the first successful start of a guest on the survivor
#   every guest running again  the last of GUESTS' starts on the survivor that succeeded
# The log is the clock: polling crm_mon or stonith_admin would add its own period to every
# figure. A phase the log does not show is taken from a MEASURE of the same name if one is
# given (the scenario's polling), else left out (the table shows "-").
e2e_fencing_phases() {
    local survivor=$1 victim=$2 start=$3 label=$4 guests=$5 log rows phase stamp extra tries=0
    shift 5
    log=$XC_BASE/logs/$survivor/pacemaker/pacemaker.log
    [ -f "$log" ] || echo "e2e: no $log: the phases of the fencing are not measured" >&2
    # Pacemaker writes its log a moment after the CIB shows what the scenario waited for: read
    # it again (for at most 5 s) until it shows the last guest started.
    while :; do
        rows=$(fencing_phase_rows "$log" "$survivor" "$victim" "$start" "$guests")
        tries=$((tries + 1))
        if [ -z "$guests" ] || [ "$tries" -ge 20 ] || grep -q '^every guest running again|' <<< "$rows"; then break; fi
        sleep 0.25
    done
    local measured requested running
    measured=$({
        while IFS='|' read -r phase stamp; do
            [ -n "$phase" ] && printf '%s|%s\n' "$(($(date -d "$stamp" +%s%3N) - start))" "$phase"
        done <<< "$rows"
        for extra in "$@"; do
            grep -q "^${extra%=*}|" <<< "$rows" || printf '%s|%s\n' "${extra##*=}" "${extra%=*}"
        done
    } | sort -t '|' -k1,1n)
    while IFS='|' read -r ms phase; do
        [ -n "$phase" ] && e2e_measure "$label -> $phase" "$ms"
    done <<< "$measured"
    # What the agents and plugins make of it: from Pacemaker's decision to fence to every guest
    # running (Corosync's detection, the same for every flavour, left out).
    requested=$(sed -n 's/^\([0-9]*\)|fencing requested$/\1/p' <<< "$measured")
    running=$(sed -n 's/^\([0-9]*\)|every guest running again$/\1/p' <<< "$measured")
    if [ -n "$requested" ] && [ -n "$running" ]; then
        e2e_measure "$label: fencing requested -> every guest running again" "$((running - requested))"
    fi
}

# failed_actions [RESOURCE...]: "OPERATION-KEY on NODE: EXIT (REASON)" for each failed action
# crm_mon shows for the selected cluster (with RESOURCEs, only theirs). Fails, saying so, when
# crm_mon cannot be read: an unreadable status is never "nothing failed".
failed_actions() {
    local failures failure key id wanted
    failures=$(e2e_ask crm_mon --one-shot --output-as=xml --include=failures 2>/dev/null) || { echo "cannot read crm_mon"; return 1; }
    # no failure at all is the usual case: grep's status 1 must not fail the pipeline (pipefail)
    { grep -o '<failure [^>]*>' <<< "$failures" || true; } | while read -r failure; do
        key=$(xml_attr op_key "$failure")
        wanted=$(( $# == 0 ))
        for id in "$@"; do [[ $key == "${id}_"* ]] && wanted=1; done
        [ "$wanted" = 1 ] || continue
        printf '%s on %s: %s (%s)\n' "$key" "$(xml_attr node "$failure")" "$(xml_attr exitstatus "$failure")" "$(xml_attr exitreason "$failure")"
    done
}

# fence_device_failures: failed_actions of the selected cluster's fencing devices.
fence_device_failures() {
    local resources devices
    resources=$(e2e_ask cibadmin --query --scope resources 2>/dev/null) || { echo "cannot read the CIB"; return 1; }
    devices=$({ grep -o '<primitive [^>]*class="stonith"[^>]*>' <<< "$resources" || true; } | while read -r element; do xml_attr id "$element"; done)
    [ -n "$devices" ] || return 0
    # shellcheck disable=SC2086  # one word per device id
    failed_actions $devices
}

# expect_no_failed_fence_device: no fencing device of the selected cluster has a failed action
# (a device that cannot start or monitor would leave the cluster unable to fence).
expect_no_failed_fence_device() {
    local failed
    failed=$(fence_device_failures) || { echo "$failed" >&2; return 1; }
    [ -z "$failed" ] || { echo "expected: no failed fencing device action; but: $failed" >&2; return 1; }
}
