#!/usr/bin/env bats
# Conformance: the same scenario table (riloe-scenarios.bash) against our external/riloe and
# cluster-glue's, each on a fresh state of the same iLO simulator. Prints both outcomes per
# scenario; they must agree, except in the scenarios listed as deliberate differences (which
# must then really differ, so that the list in docs/riloe.md stays true).

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/../sim/ilo/helpers"
source "${BATS_TEST_DIRNAME}/riloe-scenarios.bash"

RILOE_REFERENCE=/usr/lib/stonith/plugins/external/riloe

setup_file() {
    [ -x "$DIST/stonith/riloe" ] || { echo "build first: node build/bundle.mjs" >&2; return 1; }
    ilo_up "$BATS_FILE_TMPDIR"
}

teardown_file() {
    ilo_down
}

setup() {
    [[ -x $RILOE_REFERENCE ]] || skip "cluster-glue's external/riloe is not installed"
    command -v python3 >/dev/null || skip "the reference needs python3"
}

check_scenario() {
    local id=$1 expectation ours reference
    expectation=$(scenario_field "$id" 3)
    ours=$(run_scenario_with "$id" ours "$DIST/stonith/riloe")
    reference=$(run_scenario_with "$id" reference "$RILOE_REFERENCE")
    printf '# %-18s ours: %-24s reference: %-24s %s\n' "$id" "$ours" "$reference" "${expectation%%:*}" >&3
    if [[ $expectation == same ]]; then
        assert_equal "$ours" "$reference"
    elif [[ $ours == "$reference" ]]; then
        fail "scenario $id is listed as a deliberate difference but both plugins give: $ours"
    fi
}

while read -r id; do
    bats_test_function --description "riloe conformance: $id ($(scenario_field "$id" 2))" -- check_scenario "$id"
done < <(scenario_ids)
