#!/usr/bin/env bats
# make install layout, and every OCF program as Pacemaker finds it: meta-data run as an
# unprivileged user from the installed location, and `crm_resource --show-metadata ocf:xenha:<Agent>`;
# what every installed program prints for its meta-data action (OCF, cluster-glue and fence-agents
# forms), and the heavy modules loaded lazily (ssh2, fast-xml-parser, yargs) found in the bundle.
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

# name kind metadata-args (space-separated, "-" for none) of every installed program
installed_programs() {
  node -e 'for (const p of require(process.argv[1])) if (!p.fixture) console.log(p.name, p.kind, (p.metadataArgs ?? ["-"]).join(" "))' "$DIST/programs.json"
}

@test "what each installed program prints: its committed meta-data, valid (OCF: ra-api-1.dtd; STONITH: cluster-glue form; fence_xenha_*: fence-agents form)" {
  make -s -C "$PROJECT_ROOT" install DESTDIR="$STAGE" PREFIX=/usr >/dev/null
  cd "$BATS_TEST_TMPDIR"
  local checked=0 name kind args dir
  while read -r name kind args; do
    [ "$args" = - ] && continue
    case $kind in
      ocf) dir=lib/ocf/resource.d/xenha ;;
      stonith) dir=lib/stonith/plugins/external ;;
      *) dir=sbin ;;
    esac
    # shellcheck disable=SC2086 # args are words (meta-data, getinfo-xml, -o metadata)
    run --separate-stderr env -i PATH=/usr/bin:/bin NODE_PATH=/nonexistent "$STAGE/usr/$dir/$name" $args </dev/null
    assert_success
    printf '%s\n' "$output" >"$name.xml"
    # byte for byte what meta-data/ commits (run's $output loses the trailing newline: compare that way)
    assert_equal "$output" "$(cat "$PROJECT_ROOT/meta-data/$name.xml")"
    case $kind in
      ocf)
        (cd /usr/share/resource-agents && xmllint --noout --valid - <"$BATS_TEST_TMPDIR/$name.xml") || fail "$name meta-data is not valid against ra-api-1.dtd"
        assert_line "<resource-agent name=\"$name\" version=\"1.0\">" ;;
      stonith)
        xmllint --noout --relaxng "$BATS_TEST_DIRNAME/install/glue-parameters.rng" "$name.xml" || fail "$name getinfo-xml is not in cluster-glue form"
        # the other info actions cluster-glue's stonith and Pacemaker ask for: one non-empty answer each
        for info in getinfo-devid getinfo-devname getinfo-devdescr getinfo-devurl; do
          run env -i PATH=/usr/bin:/bin NODE_PATH=/nonexistent "$STAGE/usr/$dir/$name" "$info" </dev/null
          assert_success
          [ -n "$output" ] || fail "$name $info printed nothing"
        done
        # the names stonith -n prints are parameters the XML declares
        run env -i PATH=/usr/bin:/bin NODE_PATH=/nonexistent "$STAGE/usr/$dir/$name" getconfignames </dev/null
        assert_success
        [ -n "$output" ] || fail "$name getconfignames printed nothing"
        for config_name in $output; do grep -q "<parameter name=\"$config_name\"" "$name.xml" || fail "$name: $config_name not in getinfo-xml"; done
        ;;
    esac
    checked=$((checked + 1))
  done < <(installed_programs)
  [ "$checked" -ge 8 ] || fail "only $checked programs with meta-data checked"
  # the fence-agents names of the STONITH plugins: -o metadata, well-formed, named as installed
  local links=0 link
  for link in "$STAGE"/usr/sbin/fence_xenha_*; do
    run --separate-stderr env -i PATH=/usr/bin:/bin NODE_PATH=/nonexistent "$link" -o metadata </dev/null
    assert_success
    xmllint --noout - <<<"$output" || fail "$link -o metadata is not well-formed XML"
    assert_line --partial "<resource-agent name=\"$(basename "$link")\""
    for action in off reboot status monitor metadata; do
      assert_line --partial "<action name=\"$action\""
    done
    links=$((links + 1))
  done
  assert_equal "$links" 3
}

@test "the lazily loaded modules load from the installed bundle: ssh2 (external/ssh), the XML parser (crm-fence-peer), yargs (xenha)" {
  make -s -C "$PROJECT_ROOT" install DESTDIR="$STAGE" PREFIX=/usr >/dev/null
  cd "$BATS_TEST_TMPDIR"
  # ssh2: reading the identity and connecting both need it; port 1 on loopback refuses, so the
  # action fails at connect, after the import (a missing module would say "Cannot find package")
  ssh-keygen -q -t ed25519 -N '' -C install-test -f id
  : >known_hosts
  run env -i PATH=/usr/bin:/bin NODE_PATH=/nonexistent HA_LOGFACILITY=none \
    hostlist=127.0.0.1 ssh_port=1 ssh_identity_file="$PWD/id" ssh_known_hosts="$PWD/known_hosts" ssh_connect_timeout=5 \
    "$STAGE/usr/lib/stonith/plugins/external/ssh" reset 127.0.0.1
  assert_failure
  assert_output --partial "reset 127.0.0.1 failed: 127.0.0.1:1 refused the connection"
  refute_output --partial "Cannot find"
  # fast-xml-parser: crm-fence-peer reads the CIB (cibadmin on a CIB file) and places its constraint
  cp "$BATS_TEST_DIRNAME/crm-fence-peer/cib.xml" cib.xml
  local sim_path="$BATS_TEST_DIRNAME/crm-fence-peer/bin:$SIM_DIR/drbd"
  export DRBDSIM_STATE="$PWD/drbdsim"
  PATH="$sim_path:$PATH" DRBDSIM_NODE=node1 drbdsim init
  PATH="$sim_path:$PATH" DRBDSIM_NODE=node1 drbdsim res add r0 --nodes "node1 node2" --two-primaries --fencing resource-only
  PATH="$sim_path:$PATH" DRBDSIM_NODE=node1 drbdsim up r0 --primary >/dev/null
  PATH="$sim_path:$PATH" DRBDSIM_NODE=node2 drbdsim up r0 >/dev/null
  PATH="$sim_path:$PATH" DRBDSIM_NODE=node1 drbdsim cut r0
  run env -i PATH="$sim_path:/usr/sbin:/usr/bin:/bin" NODE_PATH=/nonexistent CIB_file="$PWD/cib.xml" \
    DRBDSIM_STATE="$DRBDSIM_STATE" DRBDSIM_NODE=node1 DRBD_RESOURCE=r0 DRBD_MINOR=0 DRBD_CONF=/etc/drbd.conf \
    UP_TO_DATE_NODES=0x1 DRBD_NODE_ID_0=node1 DRBD_NODE_ID_1=node2 DRBD_MY_NODE_ID=0 \
    "$STAGE/usr/lib/xenha/crm-fence-peer" --lock-dir="$PWD/lock"
  assert_failure 4
  assert_output --partial "placed constraint 'drbd-fence-by-handler-r0-ms-r0'"
  refute_output --partial "Cannot find"
  grep -q '<rsc_location rsc="ms-r0" id="drbd-fence-by-handler-r0-ms-r0">' cib.xml
  # yargs: the admin command's help comes from it
  run env -i PATH=/usr/bin:/bin NODE_PATH=/nonexistent "$STAGE/usr/sbin/xenha" --help
  assert_success
  assert_line --partial 'xenha migrate <guest> [node]'
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
