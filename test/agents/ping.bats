#!/usr/bin/env bats
# ocf:xenha:ping without a cluster: meta-data, bad input, missing tools, attrd unavailable,
# probes where it never ran. Attribute behaviour against a real attrd is in
# test/cluster/ping-*.bats. Actions that would reach attrd run in a fresh network namespace
# (only loopback, up) when root, so no cluster on this machine can be written to by mistake.

setup_file() {
  cd "$BATS_TEST_DIRNAME/../.." && node build/bundle.mjs --only ping >/dev/null
}

setup() {
  load "${BATS_TEST_DIRNAME}/../helpers"
  AGENT="$DIST/ocf/ping"
  REFERENCE=/usr/lib/ocf/resource.d/pacemaker/ping
  export OCF_RESOURCE_INSTANCE=p
  export OCF_RESKEY_pidfile="$BATS_TEST_TMPDIR/run/ping-pingd"
  export OCF_RESKEY_host_list="127.0.0.1 ::1"
}

teardown() {
  # No daemon of ours may outlive a test.
  local pid
  for pid in $(pgrep -f -- "--xenha-pingd $BATS_TEST_TMPDIR/" || true); do kill -KILL "$pid" 2>/dev/null || true; done
}

# Run the agent with no reachable attrd: a new, empty network namespace with only loopback.
without_cluster() {
  [ "$EUID" = 0 ] || skip "needs root for a private network namespace"
  unshare --net sh -c 'ip link set lo up && exec "$@"' sh "$@"
}

# A directory with node and only the named commands, to run the agent with tools missing.
bin_with() {
  local dir="$BATS_TEST_TMPDIR/bin-$RANDOM" command
  mkdir -p "$dir"
  ln -s "$(command -v node)" "$dir/node"
  for command in "$@"; do ln -s "$(command -v "$command")" "$dir/$command"; done
  echo "$dir"
}

daemons_of_this_test() {
  pgrep -f -- "--xenha-pingd $BATS_TEST_TMPDIR/" || true
}

@test "meta-data: valid against ra-api-1.dtd and metadata.rng, every ocf:pacemaker:ping parameter plus mode and interval" {
  unset OCF_RESKEY_host_list OCF_RESOURCE_INSTANCE OCF_RESKEY_pidfile
  run "$AGENT" meta-data
  assert_success
  printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/md.xml"
  assert_valid_metadata "$BATS_TEST_TMPDIR/md.xml"
  ours=$(grep -o '<parameter name="[^"]*"' "$BATS_TEST_TMPDIR/md.xml" | cut -d'"' -f2 | sort)
  reference=$(OCF_ROOT=/usr/lib/ocf "$REFERENCE" meta-data | grep -o '<parameter name="[^"]*"' | cut -d'"' -f2 | sort)
  assert_equal "$(comm -13 <(echo "$ours") <(echo "$reference"))" ""
  assert_equal "$(comm -23 <(echo "$ours") <(echo "$reference") | xargs)" "interval mode"
  assert_output --partial '<parameter name="host_list" unique="0" required="1">'
  # as the reference, which marks none unique="1"
  refute_output --partial 'unique="1"'
  assert_output --partial '<content type="string" default="pingd" />'
  assert_output --partial '<action name="monitor" timeout="60s" interval="10s" depth="0" />'
}

@test "probe where it never ran: 7, even with no host_list and no ping tools" {
  run "$AGENT" monitor
  assert_failure 7
  unset OCF_RESKEY_host_list
  run "$AGENT" monitor
  assert_failure 7
  PATH=$(bin_with) run "$AGENT" monitor
  assert_failure 7
  OCF_RESKEY_mode=daemon run "$AGENT" monitor
  assert_failure 7
  OCF_RESKEY_CRM_meta_interval=10000 run "$AGENT" monitor
  assert_failure 7
  [ ! -e "$OCF_RESKEY_pidfile" ]
}

@test "stop where it never ran, without a cluster, with a broken configuration: 0" {
  run without_cluster "$AGENT" stop
  assert_success
  OCF_RESKEY_options='; reboot' OCF_RESKEY_host_list='' OCF_RESKEY_dampen=soon run without_cluster "$AGENT" stop
  assert_success
  assert_output --partial 'pacemaker-attrd is not reachable'
  assert_output --partial '(stop carries on)'
}

@test "validate-all: a good configuration, IPv4, IPv6 and names mixed, is 0 (the reference refuses the mix)" {
  OCF_RESKEY_host_list="127.0.0.1 ::1 localhost" run "$AGENT" validate-all
  assert_success
  OCF_RESKEY_host_list="127.0.0.1 ::1" run "$REFERENCE" validate-all
  assert_failure 6
}

@test "empty host_list: 6 on validate-all and start, with a reason; nothing left behind" {
  OCF_RESKEY_host_list=' ' run "$AGENT" validate-all
  assert_failure 6
  assert_equal "$(exit_reason)" 'host_list is empty: give the addresses or names of the hosts to ping, separated by spaces'
  unset OCF_RESKEY_host_list
  run "$AGENT" start
  assert_failure 6
  assert_equal "$(exit_reason)" 'invalid configuration: required parameter "host_list" is not set'
  [ ! -e "$OCF_RESKEY_pidfile" ]
}

@test "garbage in options: 6 with a reason naming it, before anything runs" {
  check() {
    OCF_RESKEY_options="$1" run "$AGENT" "${3:-validate-all}"
    assert_failure 6
    assert_equal "$(exit_reason)" "parameter \"options\": $2"
  }
  check '; rm -rf /' '";" contains ";", which no fping option needs: options are fping command-line options (such as -I eth0), split on spaces and never given to a shell'
  check '-I $(reboot)' '"$(reboot)" contains "$", which no fping option needs: options are fping command-line options (such as -I eth0), split on spaces and never given to a shell' start
  check '-c 3' 'fping option -c is not allowed: it changes the output the agent reads' start
  check '10.0.0.9' '"10.0.0.9" is not a fping option (hosts belong in host_list; option values follow their option)'
  check '-I' 'fping option -I needs a value'
  check '--nonsense' 'unknown fping option "--nonsense"'
  OCF_RESKEY_use_fping=false check '-c 3' 'ping option -c is not allowed: the agent sets it from the attempts and timeout parameters'
  OCF_RESKEY_use_fping=false check '-6' 'ping option -6 is not allowed: the agent picks IPv4 or IPv6 for each host itself'
  [ ! -e "$OCF_RESKEY_pidfile" ]
  [ -z "$(daemons_of_this_test)" ]
}

@test "other bad values: timeout, attempts, mode, interval: 6" {
  OCF_RESKEY_timeout=1.5s run "$AGENT" validate-all
  assert_failure 6
  assert_output --partial 'parameter "timeout" must be a whole number of seconds'
  OCF_RESKEY_attempts=0 run "$AGENT" start
  assert_failure 6
  assert_output --partial 'parameter "attempts" must be at least 1, not 0'
  OCF_RESKEY_mode=pingd run "$AGENT" start
  assert_failure 6
  assert_output --partial 'parameter "mode" must be one of probe, daemon, not "pingd"'
  OCF_RESKEY_mode=daemon OCF_RESKEY_interval=100ms run "$AGENT" start
  assert_failure 6
  assert_equal "$(exit_reason)" 'parameter "interval" must be at least 1s, not "100ms"'
}

@test "timeout=0.5 (which ocf:pacemaker:ping ran with): validate-all reports it (6); start uses it as 5 s and warns" {
  OCF_RESKEY_timeout=0.5 run "$AGENT" validate-all
  assert_failure 6
  assert_output --partial 'parameter "timeout" must be a whole number of seconds'
  assert_output --partial 'accepted for compatibility with the reference agent and read as "0": write a whole number such as 1'
  # start gets past the configuration (no 6): it probes, then fails only because attrd is absent here
  HA_debug=1 OCF_RESKEY_timeout=0.5 run without_cluster "$AGENT" start
  assert_failure 1
  assert_output --partial 'WARNING: parameter "timeout" must be a whole number of seconds'
  assert_output --partial 'could not set node attribute pingd=2'
}

@test "reload refuses when name or pidfile now names another instance (no pidfile here): Pacemaker restarts it" {
  OCF_RESKEY_name=other run "$AGENT" reload
  assert_failure 1
  assert_equal "$(exit_reason)" "refusing to reload: $OCF_RESKEY_pidfile (from the name and pidfile parameters) does not exist here; a change of name or pidfile needs a restart (Pacemaker stops the old instance and starts the new one)"
}

@test "values that would become options are refused: name=-D, host_list=-fs65000 → 6, nothing run" {
  stubs="$BATS_TEST_TMPDIR/stubs"
  mkdir -p "$stubs"
  for tool in fping ping attrd_updater; do
    printf '#!/bin/sh\necho "%s $*" >>"%s"\nexit 0\n' "$tool" "$BATS_TEST_TMPDIR/calls" >"$stubs/$tool"
    chmod +x "$stubs/$tool"
  done
  OCF_RESKEY_name=-D PATH="$stubs:$PATH" run "$AGENT" start
  assert_failure 6
  assert_equal "$(exit_reason)" 'parameter "name": "-D" is not a node attribute name (letters, digits, "_", ".", ":", "#" and "-", not starting with "-")'
  OCF_RESKEY_host_list="127.0.0.1 -fs65000" PATH="$stubs:$PATH" run "$AGENT" start
  assert_failure 6
  [[ $(exit_reason) == 'parameter "host_list": "-fs65000" is not a host name or address'* ]] || fail "$(exit_reason)"
  OCF_RESKEY_name=-D PATH="$stubs:$PATH" run "$AGENT" stop
  assert_success
  [ ! -e "$BATS_TEST_TMPDIR/calls" ] || fail "ran: $(cat "$BATS_TEST_TMPDIR/calls")"
}

@test "attrd unavailable: start fails (1) saying so, leaves no pidfile; monitor then 7; stop 0" {
  run without_cluster "$AGENT" start
  assert_failure 1
  assert_equal "$(exit_reason)" "could not set node attribute pingd=2: pacemaker-attrd is not reachable, is the cluster running on this node? (attrd_updater -n pingd -B 2 -d 5s exited with 102: attrd_updater: Could not update pingd=2: Connection refused (111))"
  [ ! -e "$OCF_RESKEY_pidfile" ]
  run "$AGENT" monitor
  assert_failure 7
  run without_cluster "$AGENT" stop
  assert_success
}

@test "attrd unavailable in daemon mode: start fails (1) and leaves no daemon and no pidfile" {
  export OCF_RESKEY_mode=daemon OCF_RESKEY_interval=1s
  run without_cluster "$AGENT" start
  assert_failure 1
  [[ "$(exit_reason)" =~ ^ping\ daemon\ [0-9]+:\ could\ not\ set\ node\ attribute\ pingd=2:\ pacemaker-attrd\ is\ not\ reachable ]]
  [ ! -e "$OCF_RESKEY_pidfile" ]
  [ ! -e "$OCF_RESKEY_pidfile.state" ]
  [ -z "$(daemons_of_this_test)" ]
}

@test "unresolvable names count as unreachable and are named in the log; the wait for them is bounded" {
  OCF_RESKEY_host_list="nosuch.invalid 127.0.0.1 also-missing.invalid" run without_cluster "$AGENT" start
  assert_failure 1
  assert_output --regexp 'WARNING: host "nosuch.invalid" in host_list does not resolve \(.*\); counted as unreachable'
  assert_output --regexp 'WARNING: host "also-missing.invalid" in host_list does not resolve'
  # only 127.0.0.1 counts
  assert_output --partial 'could not set node attribute pingd=1:'
}

@test "attrd_updater missing: start 5; ping tools missing: start 5, probe 7" {
  PATH=$(bin_with fping ping ip unshare sh) run without_cluster "$AGENT" start
  assert_failure 5
  assert_output --partial 'attrd_updater cannot be run'
  PATH=$(bin_with attrd_updater ip unshare sh) run without_cluster "$AGENT" start
  assert_failure 5
  assert_equal "$(exit_reason)" "Setup problem: couldn't find command: ping (install iputils-ping or fping)"
  [ ! -e "$OCF_RESKEY_pidfile" ]
}

@test "options are passed to fping as separate words; fping's debug output shows the command" {
  OCF_RESKEY_options="-I lo -e" OCF_RESKEY_debug=verbose run without_cluster "$AGENT" start
  assert_failure 1
  assert_output --regexp 'INFO: /usr/bin/fping -4 -r 2 -t [0-9]+ -B 1.0 -I lo -e 127.0.0.1 → 0: 127.0.0.1 is alive'
  assert_output --regexp 'INFO: /usr/bin/fping -6 -r 2 -t [0-9]+ -B 1.0 -I lo -e ::1 → 0: ::1 is alive'
  OCF_RESKEY_use_fping=no OCF_RESKEY_options="-I lo" OCF_RESKEY_debug=verbose run without_cluster "$AGENT" start
  assert_output --regexp 'INFO: /usr/bin/ping -4 -n -q -c 1 -i 1 -w 3 -I lo 127.0.0.1 → 0: .*1 packets transmitted, 1 received'
  assert_output --regexp 'INFO: /usr/bin/ping -6 -n -q -c 1 -i 1 -w 3 -I lo ::1 → 0: '
}

@test "a fping that refuses to run is an error (1) naming it, never a silent score of 0" {
  OCF_RESKEY_options="-I pg-nosuch0" run without_cluster "$AGENT" start
  assert_failure 1
  assert_output --partial 'cannot probe the hosts:'
  assert_output --partial 'SO_BINTODEVICE'
}

@test "binary garbage from fping stays out of the exit reason and the log: a short printable excerpt" {
  stubs="$BATS_TEST_TMPDIR/stubs"
  mkdir -p "$stubs"
  head -c 3072 /dev/urandom >"$BATS_TEST_TMPDIR/garbage"
  printf '#!/bin/sh\ncat "%s" >&2\nexit 4\n' "$BATS_TEST_TMPDIR/garbage" >"$stubs/fping"
  printf '#!/bin/sh\nexit 0\n' >"$stubs/attrd_updater"
  chmod +x "$stubs/fping" "$stubs/attrd_updater"
  export HA_LOGFILE="$BATS_TEST_TMPDIR/ha.log"
  PATH="$stubs:$PATH" run --separate-stderr "$AGENT" start
  assert_failure 1
  reason=$(grep -a '^ocf-exit-reason:' <<<"$stderr")
  [[ $reason == *"exited with 4: (unprintable output, not shown)" ]] || fail "exit reason: $reason"
  (( ${#reason} < 400 )) || fail "exit reason of ${#reason} characters"
  run grep -c -P '[^\t\x20-\x7e]' "$HA_LOGFILE"
  assert_output 0
}

@test "the timeout is derived as ocf:pacemaker:ping derives it (fping -t with attempts=1)" {
  stubs="$BATS_TEST_TMPDIR/stubs"
  mkdir -p "$stubs"
  cat >"$stubs/fping" <<STUB
#!/bin/sh
echo "\$*" >>"$BATS_TEST_TMPDIR/fping.args"
for word in "\$@"; do case "\$word" in 127.*) echo "\$word is alive" ;; esac; done
STUB
  printf '#!/bin/sh\nexit 0\n' >"$stubs/attrd_updater"
  chmod +x "$stubs/fping" "$stubs/attrd_updater"
  per_attempt_ms() { sed -n 's/.*-t \([0-9]*\) .*/\1/p' "$BATS_TEST_TMPDIR/fping.args" | tail -1; }
  compare() { # timeout host_list operation_timeout_ms
    rm -f "$BATS_TEST_TMPDIR/fping.args"
    OCF_RESKEY_timeout="$1" OCF_RESKEY_host_list="$2" OCF_RESKEY_CRM_meta_timeout="$3" OCF_RESKEY_attempts=1 \
      PATH="$stubs:$PATH" "$REFERENCE" start >/dev/null 2>&1
    reference=$(per_attempt_ms)
    rm -f "$BATS_TEST_TMPDIR/fping.args" "$OCF_RESKEY_pidfile"
    OCF_RESKEY_timeout="$1" OCF_RESKEY_host_list="$2" OCF_RESKEY_CRM_meta_timeout="$3" OCF_RESKEY_attempts=1 \
      PATH="$stubs:$PATH" "$AGENT" start >/dev/null 2>&1
    ours=$(per_attempt_ms)
    echo "timeout='$1' hosts='$2' op=$3: reference -t $reference, ours -t $ours"
    [ -n "$reference" ] && [ "$reference" = "$ours" ]
  }
  compare '' '127.0.0.1' 20000
  compare '' '127.0.0.1 127.0.0.2 127.0.0.3' 60000
  compare '' '127.0.0.1 127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.5 127.0.0.6 127.0.0.7' 20000
  compare 7 '127.0.0.1' 20000
  compare 7s '127.0.0.1' 20000
  compare 1500ms '127.0.0.1' 20000
  compare 500ms '127.0.0.1' 20000
  compare 2500msec '127.0.0.1' 20000
  compare 2m '127.0.0.1' 20000
  compare 3min '127.0.0.1' 20000
  compare 2h '127.0.0.1' 20000
  compare 1000 '127.0.0.1' 20000
  compare 0 '127.0.0.1' 20000
}

@test "unknown action 3; usage 0" {
  run "$AGENT" frobnicate
  assert_failure 3
  run "$AGENT" usage
  assert_success
  assert_output --partial 'usage: ping {start|stop|monitor|reload|reload-agent|meta-data|validate-all}'
}
