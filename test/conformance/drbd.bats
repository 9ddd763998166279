#!/usr/bin/env bats
# Conformance: one scenario table (drbd-scenarios.bash) against ocf:xenha:drbd and the installed
# ocf:linbit:drbd, and one against our crm-fence-peer handlers and crm-fence-peer.9.sh, each run
# on a fresh DRBD simulator. Prints both outcomes per scenario; they must agree except in the
# scenarios listed as deliberate differences (which must then really differ; docs/drbd.md lists
# them).
#
# The reference agent tests `-f /proc/drbd`, which no machine without the DRBD module has: it runs
# from a copy in which that one path is replaced by the simulator's per-node module flag. Nothing
# else is changed.

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/../agents/drbd/helpers"
source "${BATS_TEST_DIRNAME}/drbd-scenarios.bash"

REFERENCE_DIR=/usr/lib/ocf/resource.d/linbit
REFERENCE_HANDLER=/usr/lib/drbd/crm-fence-peer.9.sh

setup_file() {
    if [[ -x $REFERENCE_DIR/drbd ]]; then
        cp "$REFERENCE_DIR/drbd.shellfuncs.sh" "$BATS_FILE_TMPDIR/"
        sed 's|/proc/drbd|${DRBDSIM_PROC_DRBD:?}|g' "$REFERENCE_DIR/drbd" >"$BATS_FILE_TMPDIR/drbd"
        chmod +x "$BATS_FILE_TMPDIR/drbd"
    fi
    mkdir -p "$BATS_FILE_TMPDIR/ours"
    ln -sf "$DIST/helper/crm-fence-peer" "$BATS_FILE_TMPDIR/ours/crm-fence-peer"
    ln -sf "$DIST/helper/crm-fence-peer" "$BATS_FILE_TMPDIR/ours/crm-unfence-peer"
}

check_scenario() {
    [[ -x $REFERENCE_DIR/drbd ]] || skip "ocf:linbit:drbd is not installed"
    local id=$1 expectation ours reference
    expectation=$(scenario_field "$id" 3)
    ours=$(run_scenario_with "$id" ours "$DIST/ocf/drbd")
    reference=$(run_scenario_with "$id" reference "$BATS_FILE_TMPDIR/drbd")
    printf '# %-26s ours: %-44s reference: %-44s %s\n' "$id" "$ours" "$reference" "${expectation%%:*}" >&3
    if [[ $expectation == same ]]; then
        assert_equal "$ours" "$reference"
    elif [[ $ours == "$reference" ]]; then
        fail "scenario $id is listed as a deliberate difference but both agents give: $ours"
    fi
}

check_handler_scenario() {
    [[ -x $REFERENCE_HANDLER ]] || skip "crm-fence-peer.9.sh is not installed"
    local id=$1 expectation ours reference
    expectation=$(handler_scenario_field "$id" 3)
    export PATH="$BATS_TEST_DIRNAME/drbd-bin:$PROJECT_ROOT/test/agents/crm-fence-peer/bin:$SIM_DIR/drbd:$PATH"
    ours=$(run_handler_scenario_with "$id" ours "$BATS_FILE_TMPDIR/ours/crm-fence-peer" "$BATS_FILE_TMPDIR/ours/crm-unfence-peer")
    reference=$(run_handler_scenario_with "$id" reference "$REFERENCE_HANDLER" /usr/lib/drbd/crm-unfence-peer.9.sh)
    printf '# %-26s ours: %-30s reference: %-30s %s\n' "$id" "$ours" "$reference" "${expectation%%:*}" >&3
    if [[ $expectation == same ]]; then
        assert_equal "$ours" "$reference"
    elif [[ $ours == "$reference" ]]; then
        fail "scenario $id is listed as a deliberate difference but both give: $ours"
    fi
}

while read -r id; do
    bats_test_function --description "drbd conformance: $id ($(scenario_field "$id" 2))" -- check_scenario "$id"
done < <(scenario_ids)
while read -r id; do
    bats_test_function --description "handler conformance: $id ($(handler_scenario_field "$id" 2))" -- check_handler_scenario "$id"
done < <(handler_scenario_ids)
