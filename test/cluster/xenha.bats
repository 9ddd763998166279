#!/usr/bin/env bats
# xenha against a real 2-node cluster (Corosync + Pacemaker in namespaces) with the Xen simulator
# as the nodes' hypervisor: each subcommand's effect is checked in the CIB and in the
# simulator's state. One cluster for the whole file; the tests run in order on it.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/lib/cluster"
load "${BATS_TEST_DIRNAME}/../agents/xenha/cib-fixture"

E2E_SIM_DIR=$PROJECT_ROOT/test/sim/xen
E2E_XEN_PROVIDER=xenha
# shellcheck source=/dev/null
source "$BATS_TEST_DIRNAME/e2e/lib/sim.bash"
# shellcheck source=/dev/null
source "$BATS_TEST_DIRNAME/e2e/lib/cib.bash"

XENHA="$PROJECT_ROOT/dist/sbin/xenha"

# xenha ARGS...: the command, run as root on node1 (the checkout is visible in the nodes).
xenha() { x node1 "$XENHA" "$@"; }

# The guests' node, as the cluster says.
where() { resource_location "$1"; }
other_node() { if [ "$1" = node1 ]; then echo node2; else echo node1; fi; }

# The configuration section's elements (the status section changes all the time).
config_elements() {
    x node1 cibadmin --query --scope configuration > "$BATS_TEST_TMPDIR/config.xml"
    cib_elements "$BATS_TEST_TMPDIR/config.xml"
}

setup_file() {
    cluster_require_root
    (cd "$PROJECT_ROOT" && node build/bundle.mjs --only Xen,xenha,xen0-ha-helper >/dev/null)
    cluster_use xenha
    xcluster up 2
    xcluster wait 60
    e2e_sim_init node1 node2
    mkdir -p "$XC_BASE/xen"
    for guest in vm1 vm2; do printf 'name = "%s"\nmemory = 256\nvcpus = 1\n' "$guest" > "$XC_BASE/xen/$guest.cfg"; done
    x node1 crm_attribute --type rsc_defaults --name resource-stickiness --update 100 >/dev/null
    for guest in vm1 vm2; do cib_apply node1 "$(e2e_guest_xml "$guest")" >/dev/null; done
    # check reads `xl list` on the other node over ssh: the nodes' sshd runs commands for real,
    # and the cluster's key gets the simulator's PATH and state (a real Dom0 has xl on PATH).
    local key; key=$(cat "$XC_BASE/ssh/client/id_ed25519.pub")
    printf 'command="PATH=%s:/usr/sbin:/usr/bin:/sbin:/bin XENSIM_STATE=%s; export PATH XENSIM_STATE; exec /bin/sh -c \\"$SSH_ORIGINAL_COMMAND\\"" %s\n' \
        "$E2E_SIM_DIR" "$XC_BASE/xensim" "$key" > "$XC_BASE/ssh/authorized_keys"
    xcluster sshd node1 exec
    xcluster sshd node2 exec
    wait_until 90 sh -c "[ -n \"\$(XC_BASE=$XC_BASE $XC_CLI x node1 crm_resource --locate --resource vm1 2>/dev/null | grep 'is running')\" ]"
    wait_until 90 sh -c "[ -n \"\$(XC_BASE=$XC_BASE $XC_CLI x node1 crm_resource --locate --resource vm2 2>/dev/null | grep 'is running')\" ]"
    wait_for node1 60 crm_resource --wait --timeout=20s
}

teardown() { cluster_logs_on_failure; }
teardown_file() { xcluster down; }

@test "list: both guests, where the cluster and the simulator have them" {
    run xenha list
    assert_success
    local guest node
    for guest in vm1 vm2; do
        node=$(where "$guest")
        assert_line --regexp "^$guest +Started +$node "
        sim_runs_on "$guest" "$node"
    done
    run xenha list --json
    assert_success
    run jq -r '.source, .dc != null, ([.guests[].id] | join(" "))' <<<"$output"
    assert_output $'live\ntrue\nvm1 vm2'
}

@test "migrate: live migration to the other node, no constraint left, the domain moved in the simulator" {
    local from to start
    from=$(where vm1); to=$(other_node "$from")
    start=$(now_ms)
    run xenha migrate vm1 "$to"
    assert_success
    assert_line "vm1: running on $to (migrated live)"
    assert_line "vm1: move constraint removed, stays on $to"
    [ "$(where vm1)" = "$to" ]
    sim_runs_on vm1 "$to"
    run sim_calls_since "$start" vm1
    assert_line --regexp "^$from xl migrate .*vm1"
    run x node1 cibadmin --query --scope constraints
    refute_output --partial 'cli-'
}

@test "stop, start, restart: target-role in the CIB, the domain in the simulator" {
    local node start
    run xenha stop vm2
    assert_success
    assert_line 'vm2: stopped (target-role=Stopped; "xenha start vm2" removes it)'
    run x node1 crm_resource --resource vm2 --meta --get-parameter target-role --quiet
    assert_output Stopped
    [ "$(where vm2)" = "" ]
    sim_absent vm2

    run xenha start vm2
    assert_success
    node=$(where vm2)
    assert_line "vm2: running on $node"
    run x node1 cibadmin --query --xpath "//primitive[@id='vm2']//nvpair[@name='target-role']"
    assert_failure
    sim_runs_on vm2 "$node"

    start=$(now_ms)
    run xenha restart vm2
    assert_success
    node=$(where vm2)
    sim_runs_on vm2 "$node"
    run sim_calls_since "$start" vm2
    assert_line --regexp '^node[12] xl (shutdown|destroy) .*vm2'
    assert_line --regexp '^node[12] xl create .*vm2'
    run x node1 cibadmin --query --xpath "//primitive[@id='vm2']//nvpair[@name='target-role']"
    assert_failure
}

@test "standby drains a node guest by guest; online brings it back and nothing moves" {
    local node other
    node=$(where vm1); other=$(other_node "$node")
    run xenha standby "$node"
    assert_success
    assert_line "vm1: $node -> $other"
    assert_line "$node: drained, no guest runs there"
    run x node1 crm_attribute --type nodes --node "$node" --name standby --query --quiet
    assert_output on
    [ -z "$(sim_guests_on "$node")" ]
    sim_runs_on vm1 "$other"
    sim_runs_on vm2 "$other"

    run xenha online "$node"
    assert_success
    run x node1 crm_attribute --type nodes --node "$node" --name standby --query --quiet
    assert_output off
    wait_for node1 60 crm_resource --wait --timeout=20s
    sim_runs_on vm1 "$other"
    sim_runs_on vm2 "$other"
}

@test "migrate --keep-constraint leaves cli-prefer; clear removes it and the guest stays" {
    local from to
    from=$(where vm2); to=$(other_node "$from")
    run xenha migrate vm2 "$to" --keep-constraint
    assert_success
    run x node1 cibadmin --query --xpath "//rsc_location[@id='cli-prefer-vm2']"
    assert_success
    assert_output --partial "node=\"$to\""
    run xenha clear vm2
    assert_success
    assert_line "removed constraint cli-prefer-vm2 (vm2 INFINITY on $to)"
    run x node1 cibadmin --query --xpath "//rsc_location[@id='cli-prefer-vm2']"
    assert_failure
    wait_for node1 60 crm_resource --wait --timeout=20s
    sim_runs_on vm2 "$to"
}

@test "tidy on the live cluster removes exactly the leftovers; no guest moves" {
    local n1 n2 id1 id2
    n1=$(where vm1); n2=$(where vm2)
    id1=$(sim_domid vm1); id2=$(sim_domid vm2)
    # leftovers that change no placement: a move to where vm1 runs, a ban from where vm2 does not
    # (crm_resource --move refuses a move to where it runs: write what it writes)
    cib_apply node1 "<rsc_location id=\"cli-prefer-vm1\" rsc=\"vm1\" role=\"Started\" node=\"$n1\" score=\"INFINITY\"/>" >/dev/null
    x node1 crm_resource --ban --resource vm2 --node "$(other_node "$n2")" >/dev/null 2>&1
    x node1 crm_resource --resource vm2 --meta --set-parameter target-role --parameter-value Started >/dev/null
    wait_for node1 60 crm_resource --wait --timeout=20s
    config_elements > "$BATS_TEST_TMPDIR/before"
    run xenha tidy --dry-run
    assert_success
    assert_output "remove constraint cli-prefer-vm1 (vm1 INFINITY on $n1)
remove constraint cli-ban-vm2-on-$(other_node "$n2") (vm2 -INFINITY on $(other_node "$n2"))
remove meta attribute vm2-meta_attributes-target-role (vm2 target-role=Started)"
    run xenha tidy
    assert_success
    config_elements > "$BATS_TEST_TMPDIR/after"
    run comm -23 "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
    assert_output "<nvpair id=\"vm2-meta_attributes-target-role\" name=\"target-role\" value=\"Started\">
<rsc_location id=\"cli-ban-vm2-on-$(other_node "$n2")\" rsc=\"vm2\" role=\"Started\" node=\"$(other_node "$n2")\" score=\"-INFINITY\">
<rsc_location id=\"cli-prefer-vm1\" rsc=\"vm1\" role=\"Started\" node=\"$n1\" score=\"INFINITY\">"
    run comm -13 "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
    assert_output ''
    wait_for node1 60 crm_resource --wait --timeout=20s
    sim_runs_on vm1 "$n1"
    sim_runs_on vm2 "$n2"
    [ "$(sim_domid vm1)" = "$id1" ] && [ "$(sim_domid vm2)" = "$id2" ]
}

@test "check: clean, then flags a guest started behind the cluster's back, one running on both nodes, an unmanaged domain" {
    run xenha check --config-dir "$XC_BASE/xen"
    assert_success
    assert_output "ok: every guest runs under the cluster's control"

    local node other
    node=$(where vm1); other=$(other_node "$node")
    printf 'name = "rogue"\nmemory = 128\n' > "$XC_BASE/rogue.cfg"
    x "$other" xl create "$XC_BASE/rogue.cfg"
    x "$other" xl create "$XC_BASE/xen/vm1.cfg"
    run xenha check --config-dir "$XC_BASE/xen" --json
    assert_failure 6
    run jq -c '.findings[] | [.kind, .domain, .nodes]' <<<"$output"
    assert_output "[\"running-on-several-nodes\",\"vm1\",[\"node1\",\"node2\"]]
[\"outside-cluster-control\",\"vm1\",[\"$other\"]]
[\"unmanaged-domain\",\"rogue\",[\"$other\"]]"
    e2e_xensim destroy rogue --host "$other" >/dev/null
    e2e_xensim destroy vm1 --host "$other" >/dev/null
    run xenha check --config-dir "$XC_BASE/xen"
    assert_success
}

@test "xen0-ha-helper status reads crm_resource --locate's XML on the live cluster" {
    local node; node=$(where vm1)
    run x node1 "$DIST/helper/xen0-ha-helper" status vm1
    assert_success
    assert_output "running $node"
    run x node1 "$DIST/helper/xen0-ha-helper" status vm9
    assert_failure 3
    assert_output --partial 'resource vm9 not found in the Dom0 CIB'
}

@test "a change while a transition runs is refused (exit 5); unknown guest or node exits 3" {
    # vm2 takes 15 s to shut down: its stop is a transition in progress for that long
    e2e_xensim fault shutdown-delay vm2 15 >/dev/null
    run xenha stop vm2 --no-wait
    assert_success
    run xenha migrate vm1 --settle 1
    assert_failure 5
    assert_output --partial 'the cluster is busy with a transition'
    run xenha start vm2
    assert_failure 5
    assert_output 'xenha: vm2 is stopping: wait until that ends (see crm_mon)'
    e2e_xensim clear shutdown-delay vm2 >/dev/null
    wait_for_location vm2 "" 60
    run xenha start vm2 --timeout 120
    assert_success
    run xenha stop vm9
    assert_failure 3
    run xenha standby node9
    assert_failure 3
}
