#!/usr/bin/env bats
# The DEB installed with dpkg -i into a throwaway copy of this machine's root (which has
# cluster-glue, resource-agents, pacemaker, pcs and crmsh): an overlay of / with its upper layer
# on a tmpfs, in a private mount namespace, entered with chroot (test/packaging/lib/
# throwaway-root.sh). The scenario (lib/deb-scenario.sh) runs once: install, the real tools
# against the installed programs, dpkg -r, dpkg -P; each test judges one part of its results.
# The machine's own dpkg database and files are checked to be untouched afterwards.

host_state() {
  (cd /usr/lib/stonith/plugins/external && md5sum -- *)
  stat -c '%a %U:%G %n' /usr/lib/stonith/plugins/external/*
  md5sum /var/lib/dpkg/status /var/lib/dpkg/diversions
  dpkg-divert --list | sort
  ls -la /usr/lib/ocf/resource.d/ | awk '{ print $1, $3, $4, $NF }'
  ls -d /usr/lib/xenha /usr/lib/xenha-agents /usr/sbin/fence_xenha_* /usr/share/man/man7/ocf_xenha_* 2>&1 | sed 's/: No such file.*//'
}

setup_file() {
  [ "$(id -u)" = 0 ] || skip "needs root: dpkg -i runs in a private mount namespace with an overlay of /"
  cd "$BATS_TEST_DIRNAME/../.."
  unset NODE_EXTRA_CA_CERTS
  host_state >"$BATS_FILE_TMPDIR/host-before.txt"
  node build/bundle.mjs >/dev/null
  mkdir "$BATS_FILE_TMPDIR/pkg" "$BATS_FILE_TMPDIR/results"
  node build/package.mjs deb --out "$BATS_FILE_TMPDIR/pkg" >/dev/null
  DEB=$(ls "$BATS_FILE_TMPDIR"/pkg/*.deb)
  export RESULTS="$BATS_FILE_TMPDIR/results"
  SHARE="$RESULTS $BATS_FILE_TMPDIR/pkg" test/packaging/lib/throwaway-root.sh \
    "$PWD/test/packaging/lib/deb-scenario.sh" "$RESULTS" "$DEB" "$PWD" >"$BATS_FILE_TMPDIR/scenario.log" 2>&1
  host_state >"$BATS_FILE_TMPDIR/host-after.txt"
  # how long each step took, for the report (XENHA_PACKAGING_LOG=file keeps it)
  [ -z "${XENHA_PACKAGING_LOG:-}" ] || cp "$RESULTS/durations.txt" "$XENHA_PACKAGING_LOG"
}

setup() {
  load "${BATS_TEST_DIRNAME}/../helpers"
  RESULTS="$BATS_FILE_TMPDIR/results"
}

# Assert that a scenario step ran and exited with the given code (default 0); its output in $output.
step_result() {
  local name=$1 expected=${2:-0}
  [ -f "$RESULTS/$name.rc" ] || fail "step $name did not run: $(cat "$BATS_FILE_TMPDIR/scenario.log")"
  output=$(cat "$RESULTS/$name.out")
  mapfile -t lines <<<"$output"
  [ "$(cat "$RESULTS/$name.rc")" = "$expected" ] || fail "step $name exited $(cat "$RESULTS/$name.rc"), not $expected: $output"
}

# kind name of every program and link in the manifests
installed_names() {
  node -e 'for (const p of require(process.argv[1])) { if (p.fixture) continue; console.log(p.kind, p.name); for (const l of p.links) console.log(l.kind, l.name) }' "$DIST/programs.json"
}

parameters_of() {
  xmllint --xpath '//parameter/@name' "$PROJECT_ROOT/meta-data/$1.xml" | sed 's/ name="\([^"]*\)"/\1\n/g' | sed '/^$/d'
}

@test "dpkg -i installs it and diverts exactly cluster-glue's plugins of the names it ships" {
  step_result install
  assert_line --partial "Setting up xenha-agents"
  plugins=$(installed_names | awk '$1 == "stonith" { print $2 }')
  step_result diversions
  for plugin in $plugins; do
    assert_line "diversion of /usr/lib/stonith/plugins/external/$plugin to /usr/lib/xenha-agents/cluster-glue/$plugin by xenha-agents"
  done
  assert_equal "${#lines[@]}" "$(wc -w <<<"$plugins")"
  # the diverted copies are cluster-glue's files, byte for byte
  step_result diverted-files
  for plugin in $plugins; do
    diverted=$(awk -v f="$plugin" '$2 == f { print $1 }' <<<"$output")
    packaged=$(awk -v f="usr/lib/stonith/plugins/external/$plugin" '$2 == f { print $1 }' <<<"$output")
    [ -n "$diverted" ] && assert_equal "$diverted" "$packaged"
  done
  # stonith lists the same plugins as before (the diverted copies are outside its directory)
  step_result stonith-L
  assert_equal "$output" "$(sed -n '/^--- stonith -L$/,$p' "$RESULTS/plugins-before.txt" | tail -n +2)"
}

@test "ocf-tester passes on the installed ocf:xenha:Xen (Xen simulator)" {
  step_result ocf-tester-Xen
  assert_output --partial "/usr/lib/ocf/resource.d/xenha/Xen passed all tests"
}

@test "crm_resource --show-metadata finds every installed OCF agent" {
  for agent in $(installed_names | awk '$1 == "ocf" { print $2 }'); do
    step_result "crm_resource-$agent"
    assert_output --partial "<resource-agent name=\"$agent\""
  done
}

@test "man -l formats every installed page without a warning, one page per installed program" {
  pages=$(ls "$RESULTS" | grep -c '^man-.*\.rc$')
  assert_equal "$pages" "$(installed_names | wc -l)"
  for rc in "$RESULTS"/man-*.rc; do
    name=$(basename "$rc" .rc)
    step_result "$name"
    assert_line NAME
    assert_equal "$(cat "$RESULTS/$name.err")" ""
  done
}

@test "stonith -t external/<plugin> -n and -m on every plugin we ship, with every parameter" {
  for plugin in $(installed_names | awk '$1 == "stonith" { print $2 }'); do
    step_result "stonith-n-$plugin"
    assert_output --partial hostlist
    step_result "stonith-m-$plugin"
    for parameter in $(parameters_of "$plugin"); do
      assert_output --partial "<parameter name=\"$parameter\""
    done
  done
}

@test "pcs resource describe and crm ra info show every parameter of ocf:xenha:Xen" {
  step_result pcs-describe-Xen
  for parameter in $(parameters_of Xen); do
    assert_line --regexp "^  $parameter( \\(|:)"
  done
  step_result crm-ra-info-Xen
  for parameter in $(parameters_of Xen); do
    assert_line --regexp "^$parameter\\*? \\("
  done
}

@test "the examples of the installed man pages are accepted: pcs (one page per kind) and crm shell, then crm_verify" {
  step_result cli-examples
  expected=$(installed_names | awk '$1 == "ocf" { o = 1 } $1 == "stonith" { s = 1 } $2 ~ /^fence_/ { f = 1 } END { print o + s + f }')
  run grep -c '^== pcs: pcs ' <<<"$output"
  assert_output "$expected"
  step_result cli-examples
  assert_line --regexp '^== crm: primitive p_[A-Za-z0-9_-]+ ocf:xenha:'
  assert_line "crm_verify (crm): ok"
  assert_line "crm_verify: ok"
}

@test "installing the same version again keeps the diversions and cluster-glue's copies" {
  step_result reinstall
  assert_equal "$(cat "$RESULTS/diversions-after-reinstall.out")" "$(cat "$RESULTS/diversions.out")"
  step_result diverted-files-after-reinstall
  while read -r sum name; do
    assert_line "$sum  $name" 
  done < <(grep -E '^[0-9a-f]{32}  [^/]+$' "$RESULTS/diverted-files.out")
}

@test "dpkg -r: cluster-glue's plugins are back byte for byte, nothing of ours is left" {
  step_result remove
  assert_output --partial "Removing 'diversion of /usr/lib/stonith/plugins/external/"
  assert_equal "$(cat "$RESULTS/plugins-after-remove.txt")" "$(cat "$RESULTS/plugins-before.txt")"
  step_result leftovers-after-remove
  assert_output ""
}

@test "dpkg -P: still as before, and dpkg has no record of the package" {
  step_result purge
  assert_equal "$(cat "$RESULTS/plugins-after-purge.txt")" "$(cat "$RESULTS/plugins-before.txt")"
  step_result leftovers-after-purge
  assert_output ""
  step_result status-after-purge 1
  assert_output --partial "is not installed"
}

@test "the machine itself is untouched: its plugins, dpkg database, diversions and directories" {
  assert_equal "$(cat "$BATS_FILE_TMPDIR/host-after.txt")" "$(cat "$BATS_FILE_TMPDIR/host-before.txt")"
  run ls /tmp
  refute_output --partial xenha-throwaway
}
