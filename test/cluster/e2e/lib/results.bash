# Measures, outcomes and known gaps of a run, as TSV rows in $E2E_RESULTS:
#   KIND  SCENARIO  FLAVOUR  KEY  VALUE  NOTE
#   title    01-live-migration  -          <scenario_title>
#   measure  04-node-crash      ours       <label>  <ms>
#   target   04-node-crash      -          <label>  <max ms>  <max ratio ours/reference>
#   gap      03-guest-crash     reference  <what the flavour's program gets wrong>
#   outcome  01-live-migration  ours       pass|FAIL  <duration ms>
# table.mjs prints them as the scenario x flavour table. Loaded by e2e.bash.

E2E_TABLE=${E2E_DIR:?}/lib/table.mjs
# The latest figures, scenario by scenario (a run of a few scenarios updates only theirs).
E2E_LATEST_RESULTS=${E2E_LATEST_RESULTS:-$E2E_DIR/results.tsv}

# e2e_record KIND KEY VALUE NOTE: one row for the current scenario and flavour.
e2e_record() {
    local flavour=${E2E_FLAVOUR:--}
    [ "$1" = title ] || [ "$1" = target ] && flavour=-
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$E2E_SCENARIO" "$flavour" "$2" "${3:-}" "${4:-}" >> "${E2E_RESULTS:?e2e_begin not called}"
}

# e2e_measure LABEL MS: a figure of this scenario in this flavour (shown at once, and in the table).
e2e_measure() {
    local label=$1 ms=$2
    e2e_record measure "$label" "$ms"
    if [ "${E2E_NARRATE:-0}" = 1 ]; then
        printf '    \033[1mtook %s s\033[0m (%s)\n' "$(seconds "$ms")" "$label"
    else
        record_timing "$E2E_SCENARIO [$E2E_FLAVOUR] $label" "$ms"
    fi
}

# e2e_target LABEL MAX_SECONDS MAX_RATIO: the target for measure LABEL: ours at most
# MAX_SECONDS, and at most MAX_RATIO x the reference's (reported in the table, never asserted).
e2e_target() {
    e2e_record target "$1" "$(($2 * 1000))" "$3"
}

# e2e_known_gap FLAVOUR REASON: true when running in FLAVOUR, whose program is known to get
# this step wrong; the gap is recorded for the table. The scenario then checks that the gap
# still shows (so a fixed reference is noticed) and recovers by hand:
#   if e2e_known_gap reference "..."; then expect_guest_stays ...; repair; else normal path; fi
e2e_known_gap() {
    [ "$E2E_FLAVOUR" = "$1" ] || return 1
    e2e_record gap "$2"
    e2e_say "known gap of the $1 flavour: $2"
    return 0
}

# e2e_table [FILE [FLAVOUR]]: the table of a results file (default: this run's), all flavours
# or one.
e2e_table() {
    node "$E2E_TABLE" print "${1:-$E2E_RESULTS}" ${2:+"$2"}
}

# e2e_publish: merge this run's rows into the latest results (results.tsv), scenario by
# scenario and flavour by flavour.
e2e_publish() {
    node "$E2E_TABLE" merge "$E2E_RESULTS" "$E2E_LATEST_RESULTS"
}
