#!/usr/bin/env bats
# A true drop-in, as the sysadmin's own tools see it: Debian's pcs (pcs -f FILE) and crmsh
# (CIB_file) configure every agent and plugin of agents.table the way the seed guides do, first
# with the reference agent, then with ours where only the provider changes (cluster-glue
# plugins: ours installed in place of the stock file). Each resource must be accepted by both
# clients, and crm_verify and `crm configure verify` must pass. Our programs appear in the
# standard places only inside a private mount namespace (lib/with-installed). Needs root.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/lib/clients.bash"

setup_file() { clients_setup_file; }
setup() { clients_setup; }

# reference CMD...: CMD with only the machine's agents.
reference() {
    "$@"
}

# table_row ID: "reference|ours|verb|attributes" of the row.
table_row() {
    grep -v '^#' "$CLIENTS_DIR/agents.table" | grep "^$1|" | cut -d'|' -f2-
}

# pcs_agent AGENT: how pcs names it (stonith agents without "stonith:").
pcs_agent() {
    echo "${1#stonith:}"
}

# crm_params ATTRS: name="value" words for crmsh.
crm_params() {
    local IFS=';' pair out=""
    for pair in $1; do out+=" ${pair%%=*}=\"${pair#*=}\""; done
    echo "$out"
}

# check_flavour RUNNER ID AGENT VERB ATTRS: pcs creates it and crmsh loads it; both verify.
check_flavour() {
    local runner=$1 id=$2 agent=$3 verb=$4 attrs=$5 pairs=()
    local IFS=';'
    read -r -a pairs <<<"$attrs"
    IFS=$' \t\n'
    local dir="$BATS_TEST_TMPDIR/$runner"
    mkdir -p "$dir"
    empty_cib "$dir/pcs.xml"
    run "$runner" pcs -f "$dir/pcs.xml" "$verb" create "$id" "$(pcs_agent "$agent")" "${pairs[@]}"
    [ "$status" = 0 ] || fail "[$runner] pcs $verb create $id $agent: exit $status: $output"
    run "$runner" crm_verify -x "$dir/pcs.xml"
    [ "$status" = 0 ] || fail "[$runner] crm_verify after pcs: $output"

    empty_cib "$dir/crm.xml"
    echo "primitive $id $agent params$(crm_params "$attrs")" >"$dir/load.crm"
    CIB_file="$dir/crm.xml" run "$runner" crm configure load update "$dir/load.crm"
    [ "$status" = 0 ] || fail "[$runner] crm configure load update ($(cat "$dir/load.crm")): exit $status: $output"
    CIB_file="$dir/crm.xml" run "$runner" crm configure verify
    [ "$status" = 0 ] || fail "[$runner] crm configure verify: exit $status: $output"
    grep -q "<primitive id=\"$id\"" "$dir/crm.xml" || fail "[$runner] crmsh did not write $id"
}

check_row() {
    local id=$1 row reference_agent our_agent verb attrs
    row=$(table_row "$id")
    IFS='|' read -r reference_agent our_agent verb attrs <<<"$row"
    if [ "$reference_agent" != - ]; then
        check_flavour reference "$id" "$reference_agent" "$verb" "$attrs"
    fi
    check_flavour ours "$id" "$our_agent" "$verb" "$attrs"
}

while IFS='|' read -r id reference_agent our_agent _; do
    [[ -z $id || $id == \#* ]] && continue
    bats_test_function --description "drop-in: $id ($reference_agent -> $our_agent) through pcs and crmsh" -- check_row "$id"
done <"$CLIENTS_DIR/agents.table"

@test "one template config for several guests told apart by name: accepted by pcs and crmsh (xmfile and name are not unique)" {
    local dir="$BATS_TEST_TMPDIR"
    empty_cib "$dir/cib.xml"
    run ours pcs -f "$dir/cib.xml" resource create vm1 ocf:xenha:Xen xmfile=/etc/xen/vm1.cfg
    assert_success
    run ours pcs -f "$dir/cib.xml" resource create vm5 ocf:xenha:Xen xmfile=/etc/xen/vm1.cfg name=vm5
    assert_success
    refute_output --partial "unique"
    printf '%s\n' 'primitive vm6 ocf:xenha:Xen params xmfile="/etc/xen/vm1.cfg" name="vm6"' >"$dir/more.crm"
    CIB_file="$dir/cib.xml" run ours crm configure load update "$dir/more.crm"
    assert_success
    CIB_file="$dir/cib.xml" run ours crm configure verify
    assert_success
}

@test "fence_xenha_*: metadata valid against fence-agents' metadata.rng, and what pacemaker-fenced and pcs make of it" {
    local agent agents
    # every fence_xenha_* the manifests declare
    agents=$(grep -ho '"fence_xenha_[a-z0-9]*"' "$PROJECT_ROOT"/src/agents/*/program.json | tr -d '"' | sort -u)
    [ -n "$agents" ]
    for agent in $agents; do
        run ours "/usr/sbin/$agent" -o metadata
        assert_success
        printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/$agent.xml"
        run xmllint --noout --relaxng /usr/share/cluster/relaxng/metadata.rng "$BATS_TEST_TMPDIR/$agent.xml"
        assert_success
        run ours stonith_admin --metadata --agent "$agent"
        assert_success
        assert_output --partial '<parameter name="username" unique="0" required="0" obsoletes="login">'
        assert_output --partial '<action name="list-status"'
        # on only where it works: xen0-ha starts the DomU again, ssh cannot power a host on
        if [ "$agent" = fence_xenha_ssh ]; then refute_output --partial '<action name="on"'; else assert_output --partial '<action name="on"'; fi
        run ours pcs stonith describe "$agent"
        assert_success
        assert_output --partial "username"
        refute_output --regexp "hostlist \(required\)|hostlist: .*required"
    done
}

@test "presentation: ASCII-only, wrapped descriptions; what reload means said once" {
    local agent
    for agent in ocf:xenha:Xen ocf:xenha:ping ocf:xenha:drbd ocf:xenha:EvmsSCC stonith:external/ssh stonith:external/xen0-ha stonith:external/riloe stonith:fence_xenha_ssh stonith:fence_xenha_riloe; do
        run ours crm ra info "$agent"
        assert_success
        run grep -nP '[^\x00-\x7F]' <<<"$output"
        assert_failure   # no non-ASCII character
    done
    run ours crm ra info ocf:xenha:Xen
    assert_equal "$(grep -c 'Reload: ' <<<"$output")" 1
    refute_output --partial "Can be changed without restarting"
    # our own descriptions, as the agents print them (crm adds Pacemaker's pcmk_* texts, not ours)
    for output in "$(ours /usr/lib/ocf/resource.d/xenha/Xen meta-data)" "$(ours /usr/lib/ocf/resource.d/xenha/ping meta-data)" \
        "$(ours /usr/lib/stonith/plugins/external/ssh getinfo-xml)" "$(ours /usr/lib/stonith/plugins/external/ssh getinfo-devdescr)" \
        "$(ours /usr/sbin/fence_xenha_ssh -o metadata)"; do
        run awk 'length > 80 && !/^\t*<(parameter|content|getopt|shortdesc|action|resource-agent|longdesc)/ { print NR": "$0 }' \
            <<<"$(sed 's/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' <<<"$output")"
        assert_output ""
    done
}

@test "presentation: a failed validation is printed once by the agent (crm_resource --validate, pcs --agent-validation)" {
    local reason='must be an absolute path, not "vm1.cfg"'
    run ours crm_resource --validate --class ocf --provider xenha --agent Xen --option xmfile=vm1.cfg
    assert_failure
    # crm_resource repeats the reason in its own summary line; the agent prints it once
    assert_equal "$(grep -E '^(ocf-exit-reason:|.*ERROR: )' <<<"$output" | grep -c "$reason")" 1
    empty_cib "$BATS_TEST_TMPDIR/cib.xml"
    run ours pcs -f "$BATS_TEST_TMPDIR/cib.xml" resource create vm1 ocf:xenha:Xen xmfile=vm1.cfg --agent-validation
    assert_failure
    assert_equal "$(grep -c "$reason" <<<"$output")" 1
}
