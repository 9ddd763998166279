# shellcheck shell=bash disable=SC2034  # scenario_* are read by lib/e2e.bash
# A running cluster switched from the reference agents to ours the way docs/migration.md says,
# by running its commands as they are written there (only /tmp/ and the example names are
# pointed at the scenario's own): the check of section 1, then section 4's crm shell steps for
# vm1 and its pcs steps for the rest. The guests must never be stopped, started or migrated:
# the same domains keep running where they ran, the new agents' probes find them, and nothing
# fails.
scenario_title="switching a running cluster to ours as docs/migration.md says: no guest restarted"
scenario_flavours="ours"
scenario_programs="Xen ssh ping"

MIGRATION_DOC=$PROJECT_ROOT/docs/migration.md

scenario_up() {
    # the cluster as it ran before: the reference agents (the plugins are ours already: they
    # switch by installing the package, not in the CIB)
    local E2E_XEN_PROVIDER=heartbeat E2E_PING_PROVIDER=pacemaker
    e2e_dom0_up vm1 vm2
    xcluster targets 1 >/dev/null
    cib_apply node1 "$(e2e_ping_clone_xml target1)" >/dev/null
    e2e_wait_settled node1
}

# doc_block HEADING-PREFIX [FROM-COMMENT]: the commands of the first ```sh block after the
# heading of docs/migration.md that starts with HEADING-PREFIX; with FROM-COMMENT, only those
# after the comment line starting with it, up to the next comment line (or the block's end).
# One command a line; blank and comment lines left out, trailing comments kept (bash drops them).
doc_block() {
    awk -v heading="$1" -v from="${2:-}" '
        index($0, heading) == 1 { in_section = 1; next }
        in_section && /^```sh/ { in_block = 1; taking = (from == ""); next }
        in_block && /^```/ { exit }
        in_block && /^#/ { if (from != "") taking = (index($0, from) == 1); next }
        in_block && taking && NF { print }' "$MIGRATION_DOC"
}

# run_doc_commands NODE WHAT LINES: each line on NODE through bash, in order, stopping at the
# first that fails (or takes over 2 minutes). /tmp/ becomes the scenario's own directory, the example's config file and
# guest become vm1's. crm's editor is a sed that changes the provider, as a sysadmin would,
# and crm's edit gets the terminal it asks for.
run_doc_commands() {
    local node=$1 what=$2 lines=$3 line command dir=$XC_BASE/migration
    [ -n "$lines" ] || { echo "docs/migration.md: no commands found for $what" >&2; return 1; }
    mkdir -p "$dir"
    # crm shell shows an ocf:heartbeat agent by its type alone: "primitive vm1 Xen \"
    printf '%s\n' '#!/bin/sh' 'exec sed -E -i "s/^(primitive [^ ]+ )(ocf:heartbeat:)?Xen( |$)/\1ocf:xenha:Xen\3/" "$1"' >"$dir/editor"
    chmod 755 "$dir/editor"
    while IFS= read -r line; do
        command=${line//\/tmp\//$dir/}
        command=${command//\/etc\/xen\/vm\/nfs.xm/$XC_BASE/xen/vm1.cfg}
        # an interactive command (crm's edit refuses to run without a terminal) gets one
        [[ $command == *"configure edit"* ]] && command="script -qec ${command@Q} /dev/null"
        e2e_say "[$what] $line"
        # bounded: an interactive prompt (crm's "Press enter to continue") must not hang the run
        if ! x "$node" timeout 120 env EDITOR="$dir/editor" bash -c "$command" </dev/null >"$dir/out" 2>&1; then
            echo "docs/migration.md, $what: failed on $node: $line" >&2
            sed 's/^/    /' "$dir/out" >&2
            return 1
        fi
    done <<< "$lines"
}

# provider_of ID: the provider attribute of primitive ID in the CIB.
provider_of() {
    e2e_ask cibadmin --query --xpath "//primitive[@id='$1']" 2>/dev/null | sed -n '1s/.* provider="\([^"]*\)".*/\1/p'
}

expect_provider() {
    local id=$1 want=$2 got
    got=$(provider_of "$id")
    [ "$got" = "$want" ] || { echo "expected: $id with provider $want in the CIB, it has [$got]" >&2; return 1; }
}

# history_provider ID NODE: the provider of ID's operation history on NODE (the agent whose
# probe or monitor ran last).
history_provider() {
    e2e_ask cibadmin --query --xpath "//node_state[@uname='$2']//lrm_resource[@id='$1']" 2>/dev/null |
        sed -n '1s/.* provider="\([^"]*\)".*/\1/p'
}

# no_failed_action: crm_mon shows no failed resource action (and could be read).
no_failed_action() {
    local failed
    failed=$(failed_actions) || { echo "$failed"; return 1; }
    [ -z "$failed" ] || { echo "failed actions: $failed"; return 1; }
}

scenario_run() {
    local guest node start before=() where=()
    for guest in $E2E_GUESTS; do
        before+=("$(sim_domid "$guest")")
        where+=("$(resource_location "$guest")")
    done
    start=$(now_ms)

    e2e_say "Section 1 of docs/migration.md: check the configuration with our agents"
    run_doc_commands node1 "check" "$(doc_block '## 1.')"

    e2e_say "Section 4, crm shell: vm1 switched from ocf:heartbeat:Xen to ocf:xenha:Xen in maintenance mode"
    run_doc_commands node1 "crm shell" "$(doc_block '## 4.' '# crm shell')"
    expect_provider vm1 xenha
    expect_provider vm2 heartbeat
    e2e_wait_settled node1

    e2e_say "Section 4, pcs: the rest (vm2, ping) switched through an edited copy of the CIB"
    run_doc_commands node2 "pcs" "$(doc_block '## 4.' '# pcs')"
    expect_provider vm2 xenha
    expect_provider ping xenha
    e2e_wait_settled node1
    e2e_measure "the whole switch, both procedures (guests running throughout)" "$(ms_since "$start")"

    local i=0 calls
    for guest in $E2E_GUESTS; do
        expect_guest_on "$guest" "${where[$i]}"
        [ "$(sim_domid "$guest")" = "${before[$i]}" ] ||
            { echo "expected: $guest still domain ${before[$i]}, it is now $(sim_domid "$guest") (restarted)" >&2; return 1; }
        calls=$(sim_calls_since "$start" "$guest" | grep -E ' (create|destroy|shutdown|migrate|reboot|pause|unpause) ' || true)
        [ -z "$calls" ] || { echo "expected: no toolstack call changing $guest during the switch; there were: $calls" >&2; return 1; }
        [ "$(history_provider "$guest" "${where[$i]}")" = xenha ] ||
            { echo "expected: $guest's history on ${where[$i]} from ocf:xenha:Xen, it is from [$(history_provider "$guest" "${where[$i]}")]" >&2; return 1; }
        expect_no_op_since "$guest" "${where[$i]}" start "$start"
        expect_no_op_since "$guest" "${where[$i]}" stop "$start"
        i=$((i + 1))
    done
    for node in $E2E_DOM0_NODES; do
        [ "$(history_provider ping "$node")" = xenha ] || { echo "expected: ping's history on $node from ocf:xenha:ping" >&2; return 1; }
    done
    e2e_say "The cluster runs on our agents; no guest was stopped, started or moved; nothing failed"
    expect_holds 5 no_failed_action
    e2e_show

    # docs/xen.md: "as `crm resource trace vm1 start` sets it"; the trace lands in the node's
    # own /var/lib/heartbeat (private to the node: the host's is never written)
    node=$(resource_location vm1)
    e2e_say "docs/xen.md: crm resource trace vm1 start, then a restart of vm1 writes a trace on $node"
    run_doc_commands node1 "trace" "crm resource trace vm1 start"
    x node1 crm_resource --resource vm1 --restart --timeout="${E2E_RECOVERY_TIMEOUT}s" >/dev/null
    wait_until "$E2E_RECOVERY_TIMEOUT" guest_runs_somewhere vm1
    node=$(resource_location vm1)
    wait_until 10 start_traced "$node"
    expect_holds 3 no_failed_action
}

# start_traced NODE: NODE holds a trace of vm1's start, with the xl calls in it.
start_traced() {
    local trace
    trace=$(x "$1" sh -c 'cat /var/lib/heartbeat/trace_ra/Xen/vm1.start.*' 2>/dev/null) || true
    grep -q "xl create" <<<"$trace" ||
        { echo "no trace of vm1's start with its xl calls in $1:/var/lib/heartbeat/trace_ra/Xen: [${trace:0:400}]"; return 1; }
}
