#!/usr/bin/env bats
# The DEB and the RPM hold exactly the install layout (build/install.mjs into a staging dir) plus
# the generated man pages and the docs: names, types, modes, owners, link targets. lintian and
# rpmlint report no errors; every installed program has its man page; a program added with only
# a program.json (and its extra files) lands in both packages with a page, without packaging edits.

setup_file() {
  cd "$BATS_TEST_DIRNAME/../.."
  unset NODE_EXTRA_CA_CERTS
  node build/bundle.mjs >/dev/null
  export PKG_OUT="$BATS_FILE_TMPDIR/out"
  node build/package.mjs deb --out "$PKG_OUT" >/dev/null
  node build/package.mjs rpm --out "$PKG_OUT" >/dev/null
  node build/manpages.mjs >/dev/null
}

setup() {
  load "${BATS_TEST_DIRNAME}/../helpers"
  VERSION=$(node -p 'require(process.argv[1]).version' "$PROJECT_ROOT/package.json")
  DEB="$PKG_OUT/xenha-agents_${VERSION}_all.deb"
  RPM="$PKG_OUT/xenha-agents-${VERSION}-1.noarch.rpm"
  cd "$PROJECT_ROOT"
}

# "<mode> <owner>/<group> <path>[ -> <target>]" for every entry below a staged tree, directories
# included when $2 says so ("all", or a regex of the directories to list).
tree_listing() {
  local root=$1 dirs=$2
  (cd "$root" && find . -mindepth 1 \( -type d -printf 'd %M root/root %P\n' \) -o \( -type l -printf 'l %M root/root %P -> %l\n' \) -o \( -type f -printf 'f %M root/root %P\n' \)) |
    while read -r type mode owner path rest; do
      if [ "$type" = d ] && [ "$dirs" != all ] && ! [[ "/$path" =~ $dirs ]]; then continue; fi
      echo "$mode $owner /$path${rest:+ $rest}"
    done | sort
}

# The intended layout: make install's, plus the man pages, plus the docs.
expected_tree() {
  local root="$BATS_TEST_TMPDIR/expected"
  DESTDIR="$root" PREFIX=/usr node build/install.mjs >/dev/null
  while IFS= read -r page; do
    install -D -m 644 /dev/null "$root/usr/share/man/${page#dist/man/}.gz"
  done < <(find dist/man -type f)
  local doc="$root/usr/share/doc/xenha-agents"
  install -D -m 644 /dev/null "$doc/README.md"
  install -D -m 644 /dev/null "$doc/copyright"
  for linked in $(grep -o '](docs/[A-Za-z0-9._-]*\.md)' README.md | sed 's/^](//; s/)$//' | sort -u); do
    install -D -m 644 /dev/null "$doc/$linked"
  done
  find "$root" -type d -exec chmod 755 {} +
  echo "$root"
}

@test "dpkg-deb -c: exactly the install layout, man pages and docs (+ changelog.gz), modes and owners" {
  root=$(expected_tree)
  install -m 644 /dev/null "$root/usr/share/doc/xenha-agents/changelog.gz"
  expected=$(tree_listing "$root" all)
  actual=$(dpkg-deb -c "$DEB" | awk '{ path = substr($6, 2); if (path == "/") next; sub(/\/$/, "", path); line = $1 " " $2 " " path; if ($7 == "->") line = line " -> " $8; print line }' | sort)
  assert_equal "$actual" "$expected"
  # every program the manifests declare is in it, where its kind belongs
  while read -r dir name; do
    run grep -c -- " /usr/$dir/$name\$" <<<"$actual"
    assert_output 1
  done < <(node -e 'for (const p of require(process.argv[1])) if (!p.fixture) console.log(p.installDir, p.name)' "$DIST/programs.json")
}

@test "rpm -qplv: exactly the install layout, man pages and docs, our own directories, modes and owners" {
  root=$(expected_tree)
  expected=$(tree_listing "$root" '/xenha(-agents)?(/|$)')
  actual=$(rpm -qplv "$RPM" | awk '{ line = $1 " " $3 "/" $4 " " $9; if ($10 == "->") line = line " -> " $11; print line }' | sort)
  assert_equal "$actual" "$expected"
}

@test "DEB control and RPM header: version from package.json, nodejs (>= 18), recommendations from the manifests" {
  run dpkg-deb -f "$DEB" Package Version Architecture Depends Recommends
  assert_success
  assert_line "Package: xenha-agents"
  assert_line "Version: $VERSION"
  assert_line "Architecture: all"
  assert_line "Depends: nodejs (>= 18)"
  assert_line "Recommends: cluster-glue, drbd-utils, fping, pacemaker, pacemaker-cli-utils"
  run rpm -qp --queryformat '%{NAME} %{VERSION} %{ARCH}\n' "$RPM"
  assert_output "xenha-agents $VERSION noarch"
  run rpm -qp --requires "$RPM"
  assert_line "nodejs >= 18"
  run rpm -qp --recommends "$RPM"
  assert_line cluster-glue
  assert_line fping
  assert_line pacemaker
  # the changelog: in the DEB, and as the RPM's %changelog
  run bash -c "dpkg-deb --fsys-tarfile '$DEB' | tar -xO ./usr/share/doc/xenha-agents/changelog.gz | gzip -dc | head -1"
  assert_output --partial "xenha-agents ($VERSION)"
  run rpm -qp --changelog "$RPM"
  assert_line --partial " - $VERSION-1"
}

@test "the DEB diverts exactly the STONITH plugins it ships, and gives them back on remove, purge and abort-install" {
  ctl="$BATS_TEST_TMPDIR/control"
  dpkg-deb -e "$DEB" "$ctl"
  plugins=$(node -e 'for (const p of require(process.argv[1])) { if (p.fixture) continue; if (p.kind === "stonith") console.log(p.name); for (const l of p.links) if (l.kind === "stonith") console.log(l.name) }' "$DIST/programs.json" | sort)
  [ -n "$plugins" ]
  added=$(sed -n 's|.*dpkg-divert --package xenha-agents --rename --divert /usr/lib/xenha-agents/cluster-glue/\([^ ]*\) --add /usr/lib/stonith/plugins/external/\1$|\1|p' "$ctl/preinst" | sort)
  removed=$(sed -n 's|.*dpkg-divert --package xenha-agents --rename --divert /usr/lib/xenha-agents/cluster-glue/\([^ ]*\) --remove /usr/lib/stonith/plugins/external/\1$|\1|p' "$ctl/postrm" | sort)
  assert_equal "$added" "$plugins"
  assert_equal "$removed" "$plugins"
  run grep -c 'dpkg-divert' "$ctl/preinst"
  assert_output "$(wc -l <<<"$plugins")"
  assert_equal "$(grep -o '^  remove|purge|abort-install|disappear)' "$ctl/postrm")" "  remove|purge|abort-install|disappear)"
  for script in preinst postinst postrm; do
    run sh -n "$ctl/$script"
    assert_success
    assert_equal "$(stat -c %a "$ctl/$script")" 755
  done
}

@test "lintian on the DEB: no errors and no warnings" {
  run lintian --pedantic --suppress-tags spare-manual-page "$DEB"
  refute_line --regexp '^[EW]: '
  assert_success
}

@test "rpmlint on the RPM: no errors, and only the warnings README.md explains" {
  run rpmlint -c build/packaging/rpmlint.toml "$RPM"
  assert_line --regexp ' 0 errors, '
  while IFS= read -r warning; do
    tag=$(awk '{ print $3 }' <<<"$warning")
    run grep -c -- "\`$tag" README.md
    [ "$output" -ge 1 ] || fail "rpmlint warning not explained in README.md: $warning"
  done < <(grep ': W: ' <<<"$output")
}

@test "every installed program in the DEB has its man page, and man formats each one; a missing page fails the check" {
  tree="$BATS_TEST_TMPDIR/deb"
  dpkg-deb -x "$DEB" "$tree"
  run node build/check-manpages.mjs --tree "$tree"
  assert_success
  for page in "$tree"/usr/share/man/man*/*.gz; do
    run env MANWIDTH=80 man --warnings -E UTF-8 -l "$page"
    assert_success
    assert_line NAME
  done
  # Xen's page names every parameter, with type/default/required, and both example syntaxes
  page=$(MANWIDTH=200 man -l "$tree/usr/share/man/man7/ocf_xenha_Xen.7.gz" 2>/dev/null)
  for parameter in $(xmllint --xpath '//parameter/@name' meta-data/Xen.xml | sed 's/ name="\([^"]*\)"/\1 /g'); do
    grep -q "^       $parameter\$" <<<"$page" || fail "ocf_xenha_Xen(7) lacks parameter $parameter"
  done
  grep -q '(required, string, default "/etc/xen/vm/MyDomU")' <<<"$page"
  grep -q 'Default timeout: 40s' <<<"$page"
  grep -q 'primitive p_Xen ocf:xenha:Xen' <<<"$page"
  grep -q 'pcs resource create p_Xen ocf:xenha:Xen' <<<"$page"
  rm "$tree/usr/share/man/man8/fence_xenha_ssh.8.gz"
  run node build/check-manpages.mjs --tree "$tree"
  assert_failure
  assert_output --partial '/usr/sbin/fence_xenha_ssh has no man page (usr/share/man/man8/fence_xenha_ssh.8.gz)'
}

@test "a new program.json (with extra files, no meta-data) lands in both packages with a man page, no packaging edits" {
  copy="$BATS_TEST_TMPDIR/project"
  mkdir -p "$copy"
  cp -a build src docs README.md package.json tsconfig.json "$copy"/
  ln -s "$PROJECT_ROOT/node_modules" "$copy/node_modules"
  mkdir "$copy/src/agents/zz-admin"
  cat >"$copy/src/agents/zz-admin/main.ts" <<'TS'
if (process.argv[2] === '--help') {
  process.stdout.write('usage: xenha-zz [--help]\n\nAdministers the zz part of the cluster.\n');
} else {
  process.exitCode = 2;
}
TS
  printf '[Unit]\nDescription=zz\n\n[Service]\nExecStart=/usr/sbin/xenha-zz\n' >"$copy/src/agents/zz-admin/xenha-zz.service"
  printf 'complete -W "--help" xenha-zz\n' >"$copy/src/agents/zz-admin/completion.bash"
  cat >"$copy/src/agents/zz-admin/program.json" <<'JSON'
{ "programs": [ { "name": "xenha-zz", "entry": "main.ts", "kind": "sbin", "metadataArgs": null,
  "extraFiles": [ { "source": "xenha-zz.service", "kind": "systemd-unit" }, { "source": "completion.bash", "kind": "bash-completion" } ] } ] }
JSON
  cd "$copy"
  node build/bundle.mjs >/dev/null
  run node build/package.mjs deb --out "$copy/out"
  assert_success
  run node build/package.mjs rpm --out "$copy/out"
  assert_success
  run dpkg-deb -c "$copy/out/xenha-agents_${VERSION}_all.deb"
  assert_line --regexp '^-rwxr-xr-x root/root .* \./usr/sbin/xenha-zz$'
  assert_line --regexp '^-rw-r--r-- root/root .* \./usr/share/man/man8/xenha-zz\.8\.gz$'
  assert_line --regexp '^-rw-r--r-- root/root .* \./lib/systemd/system/xenha-zz\.service$'
  assert_line --regexp '^-rw-r--r-- root/root .* \./usr/share/bash-completion/completions/xenha-zz$'
  run rpm -qpl "$copy/out/xenha-agents-${VERSION}-1.noarch.rpm"
  assert_line /usr/sbin/xenha-zz
  assert_line /usr/share/man/man8/xenha-zz.8.gz
  assert_line /lib/systemd/system/xenha-zz.service
  assert_line /usr/share/bash-completion/completions/xenha-zz
  # its page is its --help
  dpkg-deb -x "$copy/out/xenha-agents_${VERSION}_all.deb" "$copy/tree"
  run env MANWIDTH=80 man -l "$copy/tree/usr/share/man/man8/xenha-zz.8.gz"
  assert_output --partial 'Administers the zz part of the cluster.'
  # and the check now wants README.md's examples regenerated, then passes
  run node build/check-manpages.mjs --tree "$copy/tree"
  assert_failure
  assert_output --partial 'README.md: configuration examples differ'
  node build/manpages.mjs --readme >/dev/null
  run node build/check-manpages.mjs --tree "$copy/tree"
  assert_success
}
