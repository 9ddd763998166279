#!/usr/bin/env bats
# make install layout, and every OCF program as Pacemaker finds it: meta-data run as an
# unprivileged user from the installed location, and `crm_resource --show-metadata ocf:xenha:<Agent>`.
# The machine's own /usr/lib/ocf is never touched: the checks run in a private mount namespace
# where a copy of resource.d (with our xenha provider added) is bind-mounted over the real one.

setup_file() {
  cd "$BATS_TEST_DIRNAME/../.." && node build/bundle.mjs >/dev/null
}

setup() {
  load "${BATS_TEST_DIRNAME}/../helpers"
  STAGE="$BATS_TEST_TMPDIR/stage"
}

ocf_programs() {
  node -e 'for (const p of require(process.argv[1])) if (p.kind === "ocf" && !p.fixture) console.log(p.name)' "$DIST/programs.json"
}

@test "make install puts each program where its kind belongs, mode 755, and no fixtures" {
  run make -s -C "$PROJECT_ROOT" install DESTDIR="$STAGE" PREFIX=/usr
  assert_success
  for agent in $(ocf_programs); do
    [ -x "$STAGE/usr/lib/ocf/resource.d/xenha/$agent" ]
    assert_equal "$(stat -c %a "$STAGE/usr/lib/ocf/resource.d/xenha/$agent")" 755
  done
  [ ! -e "$STAGE/usr/lib/ocf/resource.d/xenha/Dummy" ]
  # every installed program is a standalone bundle with a node shebang (extra files such as
  # systemd units and bash completions go below share/ and /lib/systemd)
  while IFS= read -r file; do
    assert_equal "$(head -c 19 "$file")" '#!/usr/bin/env node'
  done < <(find "$STAGE" -type f -not -path "$STAGE/usr/share/*" -not -path "$STAGE/lib/systemd/*")
}

@test "the installed programs run with no node_modules anywhere" {
  make -s -C "$PROJECT_ROOT" install DESTDIR="$STAGE" PREFIX=/usr >/dev/null
  cp "$DIST/test/ocf/Dummy" "$BATS_TEST_TMPDIR/Dummy"
  cd "$BATS_TEST_TMPDIR"
  run env -i PATH=/usr/bin:/bin NODE_PATH=/nonexistent ./Dummy meta-data
  assert_success
  for agent in $(ocf_programs); do
    run env -i PATH=/usr/bin:/bin "$STAGE/usr/lib/ocf/resource.d/xenha/$agent" meta-data
    assert_success
  done
}

@test "every OCF program: meta-data as nobody from the installed location, valid, and crm_resource --show-metadata ocf:xenha:<Agent>" {
  [ "$(id -u)" = 0 ] || skip "needs root for a private mount namespace"
  make -s -C "$PROJECT_ROOT" install DESTDIR="$STAGE" PREFIX=/usr >/dev/null
  install -D -m 755 "$DIST/test/ocf/Dummy" "$STAGE/usr/lib/ocf/resource.d/xenha/Dummy"
  chmod 755 "$BATS_TEST_TMPDIR" "$STAGE"
  host_provider_before=$(ls -la /usr/lib/ocf/resource.d/ 2>&1)
  agents="$(ocf_programs) Dummy"
  run unshare --mount --propagation private bash -euc '
    overlay=$(mktemp -d) && chmod 755 "$overlay"
    cp -a /usr/lib/ocf/resource.d/. "$overlay"/
    rm -rf "$overlay/xenha" && cp -a "$1/usr/lib/ocf/resource.d/xenha" "$overlay/xenha"
    mount --bind "$overlay" /usr/lib/ocf/resource.d
    shift
    for agent in "$@"; do
      path=/usr/lib/ocf/resource.d/xenha/$agent
      su nobody -s /bin/sh -c "$path meta-data" >"$overlay/$agent.xml"
      (cd /usr/share/resource-agents && xmllint --noout --valid - <"$overlay/$agent.xml")
      xmllint --noout --relaxng /usr/share/resource-agents/metadata.rng "$overlay/$agent.xml"
      crm_resource --show-metadata "ocf:xenha:$agent" | grep -q "<resource-agent name=\"$agent\""
      echo "checked ocf:xenha:$agent"
    done
    umount /usr/lib/ocf/resource.d
    rm -rf "$overlay"
  ' bash "$STAGE" $agents
  assert_success
  for agent in $agents; do assert_line "checked ocf:xenha:$agent"; done
  # the machine's own resource.d is as it was
  assert_equal "$(ls -la /usr/lib/ocf/resource.d/ 2>&1)" "$host_provider_before"
}
