#!/usr/bin/env bats
# The OCF core end to end, through the built Dummy fixture run as Pacemaker runs agents.

setup_file() {
  cd "$BATS_TEST_DIRNAME/../.." && node build/bundle.mjs --only Dummy >/dev/null
}

setup() {
  load "${BATS_TEST_DIRNAME}/../helpers"
  AGENT="$DIST/test/ocf/Dummy"
  export OCF_RESOURCE_INSTANCE=d1
  export OCF_RESKEY_state="$BATS_TEST_TMPDIR/d1.state"
}

@test "meta-data needs no parameters and is valid against ra-api-1.dtd and metadata.rng" {
  unset OCF_RESKEY_state OCF_RESOURCE_INSTANCE
  run "$AGENT" meta-data
  assert_success
  assert_line --index 1 '<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">'
  printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/md.xml"
  assert_valid_metadata "$BATS_TEST_TMPDIR/md.xml"
}

@test "unknown action: 3 with usage on stderr" {
  run --separate-stderr "$AGENT" frobnicate
  assert_failure 3
  [[ "$stderr" == *'action "frobnicate" is not implemented'* ]]
  [[ "$stderr" == *'usage: Dummy {'* ]]
}

@test "no action: 2 (usage)" {
  run "$AGENT"
  assert_failure 2
  assert_output --partial 'usage: Dummy'
}

@test "validate-all with a missing required parameter: 6, exit reason names it" {
  unset OCF_RESKEY_state
  run "$AGENT" validate-all
  assert_failure 6
  assert_equal "$(exit_reason)" 'invalid configuration: required parameter "state" is not set'
}

@test "validate-all runs the agent's own check" {
  OCF_RESKEY_state=relative/path run "$AGENT" validate-all
  assert_failure 6
  assert_equal "$(exit_reason)" 'state must be an absolute path, not "relative/path"'
}

@test "a malformed value fails start (6) before anything happens" {
  OCF_RESKEY_delay=soon run "$AGENT" start
  assert_failure 6
  assert_output --partial 'parameter "delay" must be a time such as 30, 30s, 2min or 500ms, not "soon"'
  [ ! -e "$OCF_RESKEY_state" ]
}

@test "lifecycle: probe 7, start, monitor 0, start again 0, stop, stop again 0, monitor 7" {
  run "$AGENT" monitor
  assert_failure 7
  run "$AGENT" start
  assert_success
  [ -e "$OCF_RESKEY_state" ]
  OCF_RESKEY_CRM_meta_interval=10000 run "$AGENT" monitor
  assert_success
  run "$AGENT" start
  assert_success
  run "$AGENT" stop
  assert_success
  [ ! -e "$OCF_RESKEY_state" ]
  run "$AGENT" stop
  assert_success
  run "$AGENT" monitor
  assert_failure 7
}

@test "stop with a malformed value still stops (a typo must not get the node fenced)" {
  "$AGENT" start
  OCF_RESKEY_delay=soon run "$AGENT" stop
  assert_success
  assert_output --partial 'WARNING: parameter "delay" must be a time'
  [ ! -e "$OCF_RESKEY_state" ]
}

@test "an action never outlives OCF_RESKEY_CRM_meta_timeout: a hanging stop fails inside it" {
  # mode=hang-stop waits for ever; the 6 s op timeout must end it with 1 and a reason,
  # before Pacemaker's own kill (simulated by timeout(1) at 6 s, which would give 124).
  OCF_RESKEY_mode=hang-stop OCF_RESKEY_CRM_meta_timeout=6000 run timeout 6 "$AGENT" stop
  assert_failure 1
  assert_equal "$(exit_reason)" 'stop gave up at its deadline (mode=hang-stop)'
}

@test "a failing start gives an exit reason" {
  OCF_RESKEY_mode=fail-start run "$AGENT" start
  assert_failure 1
  assert_equal "$(exit_reason)" 'start refused: mode=fail-start'
}

@test "logging: HA_LOGFILE gets tagged lines; secrets never appear" {
  export HA_LOGFILE="$BATS_TEST_TMPDIR/ha.log"
  OCF_RESKEY_passphrase=correct-horse-battery run "$AGENT" start
  assert_success
  run cat "$HA_LOGFILE"
  assert_output --regexp "Dummy\(d1\)\[[0-9]+\]:    INFO: starting with passphrase \*\*\*\*"
  refute_output --partial 'correct-horse-battery'
}

@test "logging: a value with a newline cannot forge a log line, nor its own syslog priority" {
  export HA_LOGFILE="$BATS_TEST_TMPDIR/ha.log" HA_debug=1
  OCF_RESKEY_state="$BATS_TEST_TMPDIR/d1"$'\nDec 01 00:00:00 Dummy(d1)[1]:    INFO: reset of node2: success' run "$AGENT" monitor
  run grep -c 'reset of node2' "$HA_LOGFILE"
  assert_output 1
  run grep -c '^Dec 01' "$HA_LOGFILE"
  assert_output 0
  grep -q 'DEBUG: checking state file .*/d1\\nDec 01 00:00:00 Dummy(d1)\[1\]:    INFO: reset of node2: success' "$HA_LOGFILE"
  mkdir -p "$BATS_TEST_TMPDIR/bin"
  printf '#!/bin/sh\ncat >>"%s"\n' "$BATS_TEST_TMPDIR/syslog" >"$BATS_TEST_TMPDIR/bin/logger"
  chmod +x "$BATS_TEST_TMPDIR/bin/logger"
  unset HA_LOGFILE
  OCF_RESKEY_state=$'x\n<8>forged' PATH="$BATS_TEST_TMPDIR/bin:$PATH" HA_LOGFACILITY=local3 run "$AGENT" monitor
  run grep -c '^<8>' "$BATS_TEST_TMPDIR/syslog"
  assert_output 0
  run grep -c 'x\\n<8>forged' "$BATS_TEST_TMPDIR/syslog"
  assert_output 1
}

@test "logging: debug lines only with HA_debug=1" {
  export HA_LOGFILE="$BATS_TEST_TMPDIR/ha.log"
  HA_debug=0 run "$AGENT" monitor
  assert_failure 7
  [ ! -s "$HA_LOGFILE" ]
  HA_debug=1 run "$AGENT" monitor
  assert_failure 7
  run cat "$HA_LOGFILE"
  assert_output --partial "DEBUG: checking state file $OCF_RESKEY_state"
}

@test "ocf-tester passes on the built fixture" {
  [ "$(id -u)" = 0 ] || skip "ocf-tester needs root (it runs meta-data as nobody)"
  run ocf-tester -n d1 -o state="$BATS_TEST_TMPDIR/ocft.state" "$AGENT"
  assert_success
  assert_output --partial 'passed all tests'
}

@test "logging: HA_LOGFACILITY sends every line to syslog through one logger process" {
  mkdir -p "$BATS_TEST_TMPDIR/bin"
  cat >"$BATS_TEST_TMPDIR/bin/logger" <<LOGGER
#!/bin/sh
echo "args: \$*" >>"$BATS_TEST_TMPDIR/syslog"
cat >>"$BATS_TEST_TMPDIR/syslog"
LOGGER
  chmod +x "$BATS_TEST_TMPDIR/bin/logger"
  PATH="$BATS_TEST_TMPDIR/bin:$PATH" HA_LOGFACILITY=local3 OCF_RESKEY_passphrase=pw-123456 run "$AGENT" start
  assert_success
  run cat "$BATS_TEST_TMPDIR/syslog"
  assert_line --index 0 --regexp '^args: --prio-prefix -t Dummy\(d1\)\[[0-9]+\]$'
  # local3 (19) * 8 + info (6) = 158
  assert_line --index 1 '<158>INFO: starting with passphrase ****'
  refute_output --partial 'pw-123456'
}
