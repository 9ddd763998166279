#!/usr/bin/env bats
# Conformance: the same scenario table (xen-scenarios.bash) against ocf:xenha:Xen and the
# installed ocf:heartbeat:Xen, each on a fresh Xen toolstack simulator. Prints both outcomes per
# scenario; they must agree, except in the scenarios listed as deliberate differences, where ours
# must give the outcome the table pins and the reference must really give another (so that the
# list in docs/xen.md stays true).

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/../agents/xen/helpers"
source "${BATS_TEST_DIRNAME}/xen-scenarios.bash"

setup() {
    [[ -x $XEN_REFERENCE ]] || skip "ocf:heartbeat:Xen is not installed"
}

check_scenario() {
    local id=$1 expectation ours reference pinned
    expectation=$(scenario_field "$id" 3)
    ours=$(run_scenario_with "$id" ours "$XEN_AGENT")
    reference=$(run_scenario_with "$id" reference "$XEN_REFERENCE")
    printf '# %-22s ours: %-30s reference: %-30s %s\n' "$id" "$ours" "$reference" "${expectation%%:*}" >&3
    if [[ $expectation == same ]]; then
        assert_equal "$ours" "$reference"
        return
    fi
    [[ $expectation == differs:* ]] || fail "scenario $id: expectation is neither 'same' nor 'differs: …': $expectation"
    pinned=$(scenario_field "$id" 4)
    [[ -n $pinned ]] || fail "scenario $id is a deliberate difference without the outcome ours must give (4th field)"
    # what ours must give, not merely something other than the reference
    assert_equal "$ours" "$pinned"
    if [[ $ours == "$reference" ]]; then
        fail "scenario $id is listed as a deliberate difference but both agents give: $ours"
    fi
}

while read -r id; do
    bats_test_function --description "Xen conformance: $id ($(scenario_field "$id" 2))" -- check_scenario "$id"
done < <(scenario_ids)
