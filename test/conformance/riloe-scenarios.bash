# Conformance scenarios for our external/riloe against cluster-glue's, on the iLO simulator
# (test/sim/ilo), sourced by test/conformance/riloe.bats after test/helpers.bash and
# test/sim/ilo/helpers.bash.
#
# Each scenario runs once per plugin on a fresh simulator state (iLO 2 model, host powered on,
# account Administrator/secret). Both plugins get the same environment: the device parameters as
# external.so exports them, SSL_CERT_FILE (how the reference trusts the simulator's CA) and
# ilo_ca_file (how ours does), ilo_timeout=2s and power_wait=3s (ours; the reference ignores
# them). A run longer than 8 s is killed, as the fencer would kill it at its timeout. The outcome
# is the exit code ("killed" when killed), the simulator's power state afterwards, and the number
# of warm resets (RESET_SERVER) when there were any.
#
# RILOE_SCENARIOS: "id|what it does|expectation"; the expectation is "same" or
# "differs: <why ours deliberately differs>". docs/riloe.md lists the same differences.

RILOE_SCENARIOS="\
status|status of a host that is on|same
status-off|status of a host that is off|same
gethosts|gethosts|same
reset|reset (power method)|same
reset-off|reset of a host that is off|same
reset-slow|reset, the power-off takes 2 s to show|same
off|off|same
off-off|off of a host that is off|same
on|on of a host that is off|same
on-on|on of a host that is on|same
wrong-password|reset with a wrong password|same
no-privilege|reset by a user without the power privilege|same
untrusted|reset with the simulator's CA trusted by neither|same
wrong-name|reset, the certificate is for another name|same
reset-mid-answer|status, the connection is reset in the middle of the answer|same
tls1-default|status of a TLS 1.0-only iLO, no TLS option|same
unknown-action|an unknown action|same
no-hostname|status without ilo_hostname|same
reset-button|reset with ilo_powerdown_method=button|differs: ours powers the host back on after holding the button; the reference leaves it off
reset-can-reset|reset with ilo_can_reset=1|differs: ours cycles the power and confirms off then on; the reference's warm reset (RESET_SERVER) cannot be confirmed by reading the power state
off-stuck|off, the iLO accepts the request but the power stays on|differs: ours fails after power_wait; the reference reports success without reading the power state again
other-host|reset of a host that is not in hostlist|differs: ours refuses; the reference fences its one host whatever the name asked for
busy-once|reset, the iLO is busy for the first request|differs: ours retries within the deadline; the reference fails
single-record|reset, several answer documents in one TLS record|differs: ours parses the answer as a stream; the reference parses each read as one document and fails
one-byte-records|reset, the answer in 1-byte TLS records|differs: ours parses the answer as a stream; the reference fails on the first partial document
no-answer|status, the iLO reads the request and never answers|differs: ours fails after ilo_timeout; the reference waits until it is killed
no-tls|status, the iLO accepts TCP but never speaks TLS|differs: ours fails after ilo_timeout; the reference waits until it is killed
tls1-option|status of a TLS 1.0-only iLO with ilo_tls_min=TLSv1|differs: ours can allow TLS 1.0 for old firmware; the reference cannot
ilo4-http|reset of an iLO 4 (RIBCL only inside HTTP)|differs: ours finds POST /ribcl; the reference speaks raw RIBCL only
"

KILL_AFTER_S=8

scenario_ids() { sed -n 's/^\([a-z0-9-]*\)|.*/\1/p' <<<"$RILOE_SCENARIOS"; }
scenario_field() { grep "^$1|" <<<"$RILOE_SCENARIOS" | cut -d'|' -f"$2"; }

# act ACTION [HOST] [name=value...]: run the plugin under test as external.so would.
act() {
    local action=$1 rc
    shift
    local host=()
    if [ $# -gt 0 ] && [[ $1 != *=* ]]; then host=("$1"); shift; fi
    env "${PARAMS[@]}" "$@" timeout --kill-after=2 "$KILL_AFTER_S" "$PLUGIN" "$action" "${host[@]}" >>"$SCENARIO_DIR/output" 2>&1
    rc=$?
    if ((rc == 124 || rc == 137)); then rc=killed; fi
    RESULT+="${RESULT:+ }$rc"
}

observe_power() { RESULT+=" $(ilosim summary)"; }

scenario_status() { act status; }
scenario_status-off() { ilosim power off; act status; }
scenario_gethosts() { act gethosts; }
scenario_reset() { act reset node1; }
scenario_reset-off() { ilosim power off; act reset node1; }
scenario_reset-slow() { ilosim delay off 2000; act reset node1; }
scenario_off() { act off node1; }
scenario_off-off() { ilosim power off; act off node1; }
scenario_on() { ilosim power off; act on node1; }
scenario_on-on() { act on node1; }
scenario_wrong-password() { act reset node1 ilo_password=wrong; }
scenario_no-privilege() { ilosim account add viewer view-pass --no-power-priv; act reset node1 ilo_user=viewer ilo_password=view-pass; }
scenario_untrusted() { act reset node1 SSL_CERT_FILE=/nonexistent ilo_ca_file=; }
scenario_wrong-name() { ilosim fault wrong-name; act reset node1; }
scenario_reset-mid-answer() { ilosim fault reset-mid-answer; act status; }
scenario_tls1-default() { ilosim fault tls1-only; act status; }
scenario_unknown-action() { act frobnicate node1; }
scenario_no-hostname() { act status ilo_hostname=; }
scenario_reset-button() { act reset node1 ilo_powerdown_method=button; }
scenario_reset-can-reset() { act reset node1 ilo_can_reset=1; }
scenario_off-stuck() { ilosim delay off 600000; act off node1; }
scenario_other-host() { act reset node2; }
scenario_busy-once() { ilosim fault busy 1; act reset node1; }
scenario_single-record() { ilosim fault single-record; act reset node1; }
scenario_one-byte-records() { ilosim fault one-byte-records; act reset node1; }
scenario_no-answer() { ilosim fault no-answer; act status; }
scenario_no-tls() { ilosim fault no-tls; act status; }
scenario_tls1-option() { ilosim fault tls1-only; act status ilo_tls_min=TLSv1; }
scenario_ilo4-http() { ilosim model ilo4; act reset node1; }

# run_scenario_with ID LABEL PLUGIN: prints the outcome of scenario ID run with PLUGIN.
run_scenario_with() {
    local id=$1 label=$2
    PLUGIN=$3
    SCENARIO_DIR="$BATS_TEST_TMPDIR/$label"
    mkdir -p "$SCENARIO_DIR"
    ilo_reset >/dev/null
    PARAMS=(PATH="/usr/share/cluster-glue:$PATH" HA_LOGD=no HA_LOGFACILITY=none HA_LOGFILE="$SCENARIO_DIR/ha.log"
            HA_LOGTAG=external/riloe SSL_CERT_FILE="$ILOSIM_DIR/ca.pem" hostlist=node1 ilo_hostname="$ILO_ADDRESS"
            ilo_user=Administrator ilo_password=secret ilo_ca_file="$ILOSIM_DIR/ca.pem" ilo_timeout=2s power_wait=3s)
    RESULT=""
    "scenario_$id"
    observe_power
    echo "$RESULT"
}
