#!/usr/bin/env bats
# xenha on a CIB file (CIB_file, as Pacemaker's own tools honour it): no cluster needed.
# list, tidy, clear, start/stop/migrate edits, check's CIB and config-file findings, errors
# and exit codes. The live-cluster behaviour is in test/cluster/xenha.bats.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/xenha/cib-fixture"

XENHA="$DIST/sbin/xenha"

setup_file() {
    [ -x "$DIST/sbin/xenha" ] || (cd "$PROJECT_ROOT" && node build/bundle.mjs --only xenha >/dev/null)
    export FIXTURE_DIR="$BATS_FILE_TMPDIR/fixture"
    xenha_cib_fixture "$FIXTURE_DIR"
}

setup() {
    cp "$FIXTURE_DIR/leftovers.xml" "$BATS_TEST_TMPDIR/cib.xml"
    export CIB_file="$BATS_TEST_TMPDIR/cib.xml"
}

@test "list: every Xen guest of any provider, where it runs, utilization, DRBD dependency, leftovers" {
    run "$XENHA" list
    assert_success
    assert_line --index 0 --regexp '^GUEST +ROLE +NODE +MEMORY +VCPUS +DRBD +NOTES$'
    assert_line --regexp '^vm1 +Started +node1 +512 MiB +2 +- +target-role=Started; moving to node2 \(cli-prefer-vm1\)$'
    assert_line --regexp '^vm2 +Started +node2 +- +- +drbd-vm2-clone +banned from node2 \(cli-ban-vm2-on-node2\)$'
    assert_line --regexp '^vm3 +Stopped +- +- +- +- +target-role=Stopped$'
    refute_output --partial web
    refute_line --regexp '^drbd'
    [ "${#lines[@]}" -eq 4 ]
}

@test "list --json: the documented shape" {
    run "$XENHA" list --json
    assert_success
    run jq -c '{source, nodes: [.nodes[].name], ids: [.guests[].id]}' <<<"$output"
    assert_output '{"source":"cib-file","nodes":["node1","node2"],"ids":["vm1","vm2","vm3"]}'
    run bash -c "'$XENHA' list --json | jq -c '.guests[0] | {id, agent, role, nodes, memoryMib, vcpus, allowMigrate, targetRole, pendingMoves}'"
    assert_output '{"id":"vm1","agent":"ocf:heartbeat:Xen","role":"Started","nodes":["node1"],"memoryMib":512,"vcpus":2,"allowMigrate":true,"targetRole":"Started","pendingMoves":[{"constraint":"cli-prefer-vm1","kind":"prefer","node":"node2"}]}'
    run bash -c "'$XENHA' list --json | jq -c '.guests[1].dependsOn'"
    assert_output '[{"resource":"drbd-vm2-clone","drbd":"drbd-vm2","requirement":"Promoted"}]'
}

@test "tidy --dry-run lists exactly the leftovers and changes nothing" {
    cp "$CIB_file" "$BATS_TEST_TMPDIR/before.xml"
    run "$XENHA" tidy --dry-run
    assert_success
    assert_output "keep   meta attribute vm3-target-role (vm3 target-role=Stopped): target-role=Stopped keeps vm3 stopped; removing it would change that
remove constraint cli-prefer-vm1 (vm1 INFINITY on node2)
remove constraint cli-ban-vm2-on-node2 (vm2 -INFINITY on node2)
remove meta attribute vm1-meta_attributes-target-role (vm1 target-role=Started)
remove meta attribute vm2-old-target_role (vm2 target_role=stopped)"
    cmp "$BATS_TEST_TMPDIR/before.xml" "$CIB_file"
}

@test "tidy removes exactly the move/ban constraints and target-role leftovers of the guests, nothing else" {
    cib_elements "$CIB_file" > "$BATS_TEST_TMPDIR/before"
    run "$XENHA" tidy
    assert_success
    assert_line 'removed constraint cli-prefer-vm1 (vm1 INFINITY on node2)'
    assert_line 'removed meta attribute vm2-old-target_role (vm2 target_role=stopped)'
    cib_elements "$CIB_file" > "$BATS_TEST_TMPDIR/after"
    run comm -23 "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
    assert_output '<nvpair id="vm1-meta_attributes-target-role" name="target-role" value="Started">
<nvpair id="vm2-old-target_role" name="target_role" value="stopped">
<rsc_location id="cli-ban-vm2-on-node2" rsc="vm2" role="Started" node="node2" score="-INFINITY">
<rsc_location id="cli-prefer-vm1" rsc="vm1" role="Started" node="node2" score="INFINITY">'
    run comm -13 "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
    assert_output ''
    # a second run finds nothing (the non-guest "web" keeps its own move and target-role)
    run "$XENHA" tidy
    assert_success
    assert_line 'nothing to remove'
    grep -q 'id="cli-prefer-web"' "$CIB_file"
    grep -q 'id="web-meta_attributes-target-role"' "$CIB_file"
}

@test "clear GUEST removes that guest's leftovers only" {
    cib_elements "$CIB_file" > "$BATS_TEST_TMPDIR/before"
    run "$XENHA" clear vm1
    assert_success
    cib_elements "$CIB_file" > "$BATS_TEST_TMPDIR/after"
    run comm -23 "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
    assert_output '<nvpair id="vm1-meta_attributes-target-role" name="target-role" value="Started">
<rsc_location id="cli-prefer-vm1" rsc="vm1" role="Started" node="node2" score="INFINITY">'
    run comm -13 "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
    assert_output ''
}

@test "tidy --dry-run --json: what would go and what stays" {
    run "$XENHA" tidy --dry-run --json
    assert_success
    run jq -c '[.remove[].id], [.keep[].id]' <<<"$output"
    assert_output '["cli-prefer-vm1","cli-ban-vm2-on-node2","vm1-meta_attributes-target-role","vm2-old-target_role"]
["vm3-target-role"]'
}

@test "stop sets target-role=Stopped, start removes it (no interim attribute left), on the CIB file" {
    run "$XENHA" stop vm1
    assert_success
    run crm_resource --resource vm1 --meta --get-parameter target-role --quiet
    assert_output 'Stopped'
    run "$XENHA" start vm3
    assert_success
    run grep -c 'name="target-role"' <(cibadmin --query --xpath "//primitive[@id='vm3']")
    assert_output '0'
}

@test "migrate on the CIB file adds the move constraint (nothing runs to wait for)" {
    cp "$FIXTURE_DIR/clean.xml" "$CIB_file"
    run "$XENHA" migrate vm1 node2
    assert_success
    assert_output --partial 'cli-prefer-vm1'
    run cibadmin --query --xpath "//rsc_location[@id='cli-prefer-vm1']"
    assert_output --partial 'node="node2"'
}

@test "unknown guest, a resource that is no guest, unknown node: exit 3 with the known names" {
    run "$XENHA" stop vm9
    assert_failure 3
    assert_output 'xenha: no guest vm9 in the CIB; guests: vm1, vm2, vm3'
    run "$XENHA" stop web
    assert_failure 3
    assert_output --partial 'web is not a Xen guest (it is ocf:heartbeat:Dummy)'
    run "$XENHA" migrate vm1 node7
    assert_failure 3
    assert_output 'xenha: no node node7 in the cluster; nodes: node1, node2'
    run "$XENHA" standby node7
    assert_failure 3
}

@test "no cluster and no readable CIB: exit 4 saying so" {
    export CIB_file="$BATS_TEST_TMPDIR/missing.xml"
    run "$XENHA" list
    assert_failure 4
    assert_output --partial 'CIB_file'
    # the machine running the tests has no cluster of its own
    unset CIB_file
    run "$XENHA" list
    assert_failure 4
    assert_output --partial 'is Pacemaker running on this node'
}

@test "usage errors exit 2; every subcommand has --help; exit codes are in --help" {
    run "$XENHA"
    assert_failure 2
    run "$XENHA" frobnicate
    assert_failure 2
    run "$XENHA" migrate
    assert_failure 2
    run "$XENHA" list --timeout -3
    assert_failure 2
    run "$XENHA" --help
    assert_success
    assert_output --partial 'Exit codes:'
    assert_output --partial '5  refused: it would conflict with a transition'
    for command in list start stop restart migrate standby online clear tidy check; do
        run "$XENHA" "$command" --help
        assert_success
        assert_output --partial "xenha $command"
        assert_output --partial "3  no such guest or node"
    done
}

@test "check on a CIB file: config files without a resource and ids that differ from the domain name (exit 6)" {
    mkdir -p "$BATS_TEST_TMPDIR/etc-xen"
    cp "$FIXTURE_DIR"/xen/vm*.cfg "$BATS_TEST_TMPDIR/etc-xen/"
    printf 'name = "stray"\nmemory = 128\n' > "$BATS_TEST_TMPDIR/etc-xen/stray.cfg"
    printf '# xl.conf: no domain here\nautoballoon = "off"\n' > "$BATS_TEST_TMPDIR/etc-xen/xl.conf"
    # the CIB's xmfiles point at $FIXTURE_DIR/xen, so the copies count as unused too: use the originals
    run "$XENHA" check --config-dir "$FIXTURE_DIR/xen" --config-dir "$BATS_TEST_TMPDIR/stray-only"
    assert_success
    assert_output --partial 'ok: every guest runs'
    assert_output --partial "note: CIB_file is set"
    printf 'name = "vm1-renamed"\n' > "$FIXTURE_DIR/xen/vm1.cfg"
    run "$XENHA" check --config-dir "$BATS_TEST_TMPDIR/etc-xen" --json
    printf 'name = "vm1"\nmemory = 256\n' > "$FIXTURE_DIR/xen/vm1.cfg"
    assert_failure 6
    run jq -c '[.findings[] | [.kind, (.file // .guest)]]' <<<"$output"
    assert_output "[[\"config-without-resource\",\"$BATS_TEST_TMPDIR/etc-xen/stray.cfg\"],[\"config-without-resource\",\"$BATS_TEST_TMPDIR/etc-xen/vm1.cfg\"],[\"config-without-resource\",\"$BATS_TEST_TMPDIR/etc-xen/vm2.cfg\"],[\"config-without-resource\",\"$BATS_TEST_TMPDIR/etc-xen/vm3.cfg\"],[\"id-differs-from-name\",\"$FIXTURE_DIR/xen/vm1.cfg\"]]"
}

@test "bash completion: subcommands, options, guests and nodes from the CIB" {
    complete_words() {
        # shellcheck source=/dev/null
        source "$PROJECT_ROOT/src/agents/xenha/completion.bash"
        xenha() { "$XENHA" "$@"; }
        COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
        _xenha
        echo "${COMPREPLY[*]}"
    }
    run complete_words xenha mi
    assert_output migrate
    run complete_words xenha migrate ""
    assert_output 'vm1 vm2 vm3'
    run complete_words xenha migrate vm1 ""
    assert_output 'node1 node2'
    run complete_words xenha tidy --d
    assert_output '--dry-run'
    run complete_words xenha --timeout 5 standby n
    assert_output 'node1 node2'
}
