#!/usr/bin/env bats
# The end-to-end suite: the clusters users build with these programs (a Dom0 cluster keeping
# Xen guests running through migration, maintenance, guest and node crashes, connectivity
# loss; a DomU cluster fencing through its Dom0 cluster), on real Corosync + Pacemaker in
# namespaces (test/cluster/lib) with the Xen simulator. One test per scenario
# (test/cluster/e2e/scenarios/*.bash) and flavour: ours, and the reference agents in the same
# harness. Prints the results table at the end and merges it into test/cluster/e2e/results.tsv.
# Needs root. One scenario alone: E2E_SCENARIOS=04 E2E_FLAVOURS=ours bats test/cluster/e2e.bats
# (docs/e2e.md).

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/lib/cluster"
load "${BATS_TEST_DIRNAME}/e2e/lib/e2e"

setup_file() {
    cluster_require_root
    export E2E_WORK="$BATS_FILE_TMPDIR/e2e"
    mkdir -p "$E2E_WORK"
    e2e_begin
    e2e_build
}

teardown() {
    local status=1
    [ -n "${BATS_TEST_COMPLETED:-}" ] && status=0
    [ -n "${BATS_TEST_SKIPPED:-}" ] && return 0
    e2e_finish_scenario "$status"
}

teardown_file() {
    [ -n "${E2E_WORK:-}" ] || return 0
    e2e_begin
    e2e_down_all
    [ -s "$E2E_RESULTS" ] || return 0
    {
        echo "# e2e results of this run (latest of every scenario: $E2E_LATEST_RESULTS)"
        e2e_table | sed 's/^/# /'
    } >&3
    e2e_publish
}

e2e_test() {
    e2e_begin
    e2e_run_scenario "$1" "$2"
}

while read -r e2e_id e2e_flavour; do
    [ -n "$e2e_id" ] || continue
    bats_test_function --description "$e2e_id [$e2e_flavour]" -- e2e_test "$e2e_id" "$e2e_flavour"
done <<< "$(e2e_matrix)"
unset e2e_id e2e_flavour
