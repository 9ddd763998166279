#!/usr/bin/env bats
# Conformance: the same scenario table (evmsscc-scenarios.bash) against ocf:xenha:EvmsSCC and the
# installed ocf:heartbeat:EvmsSCC, each on a fresh evms_activate simulator. Prints both outcomes
# per scenario; they must agree, except in the scenarios listed as deliberate differences (which
# must then really differ, so that the list in docs/evmsscc.md stays true).

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/../agents/evmsscc/helpers"
source "${BATS_TEST_DIRNAME}/evmsscc-scenarios.bash"

setup() {
    [[ -x $EVMS_REFERENCE ]] || skip "ocf:heartbeat:EvmsSCC is not installed"
}

check_scenario() {
    local id=$1 expectation ours reference
    expectation=$(scenario_field "$id" 3)
    ours=$(run_scenario_with "$id" ours "$EVMS_AGENT")
    reference=$(run_scenario_with "$id" reference "$EVMS_REFERENCE")
    printf '# %-26s ours: %-44s reference: %-44s %s\n' "$id" "$ours" "$reference" "${expectation%%:*}" >&3
    if [[ $expectation == same ]]; then
        assert_equal "$ours" "$reference"
    elif [[ $ours == "$reference" ]]; then
        fail "scenario $id is listed as a deliberate difference but both agents give: $ours"
    fi
}

while read -r id; do
    bats_test_function --description "EvmsSCC conformance: $id ($(scenario_field "$id" 2))" -- check_scenario "$id"
done < <(scenario_ids)
