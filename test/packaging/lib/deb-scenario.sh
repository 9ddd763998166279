#!/bin/bash
# Runs inside the throwaway root (throwaway-root.sh): install the DEB, drive it with the real
# tools, remove it, purge it. Each step's output and exit code go to RESULTS/<step>.out|.rc for
# test/packaging/install-deb.bats to judge; a failing step does not stop the later ones.
# Usage: deb-scenario.sh RESULTS DEB PROJECT_ROOT
set -uo pipefail
results=$1 deb=$2 project=$3
programs_json=$project/dist/programs.json
export LC_ALL=C.UTF-8 MANWIDTH=100
unset NODE_EXTRA_CA_CERTS

step() {
  local name=$1 started=$SECONDS; shift
  "$@" >"$results/$name.out" 2>&1
  echo $? >"$results/$name.rc"
  echo "$name $((SECONDS - started))" >>"$results/durations.txt"
}

# names from the manifests: kind name (links included)
installed_names() {
  node -e 'for (const p of require(process.argv[1])) { if (p.fixture) continue; console.log(p.kind, p.name); for (const l of p.links) console.log(l.kind, l.name) }' "$programs_json"
}
plugins=$(installed_names | awk '$1 == "stonith" { print $2 }')
agents=$(installed_names | awk '$1 == "ocf" { print $2 }')

# The cluster-glue plugin directory, file by file with checksums, and what stonith lists.
plugin_state() {
  (cd /usr/lib/stonith/plugins/external && for f in *; do printf '%s %s %s\n' "$(stat -c '%a %U:%G' "$f")" "$(md5sum <"$f" | cut -d' ' -f1)" "$f"; done)
  echo "--- stonith -L"
  stonith -L
}

# What is left of us: a file of the package with our content (another package's file at the same
# path, as cluster-glue's plugins, is not ours), a link of ours, the diverted directory, a
# diversion, and with "purged" also dpkg's records of the package.
leftovers() {
  local control
  control=$(mktemp -d)
  dpkg-deb -e "$deb" "$control"
  dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print substr($6, 2) }' | while read -r path; do
    if [ -L "$path" ]; then echo "left: $path (link)"; continue; fi
    [ -e "$path" ] || continue
    ours=$(awk -v p="${path#/}" '$2 == p { print $1 }' "$control/md5sums")
    [ "$(md5sum <"$path" | cut -d' ' -f1)" = "$ours" ] && echo "left: $path"
  done
  rm -rf "$control"
  [ -e /usr/lib/xenha-agents ] && echo "left: /usr/lib/xenha-agents"
  dpkg-divert --list | grep xenha-agents | sed 's/^/left: /'
  if [ "${1:-}" = purged ]; then ls /var/lib/dpkg/info/xenha-agents.* 2>/dev/null | sed 's/^/left: /'; fi
  true
}

# man-db's trigger would rebuild the whole index (slow); the pages are read with man -l.
rm -f /var/lib/man-db/auto-update

plugin_state >"$results/plugins-before.txt"
step install dpkg -i "$deb"
step diversions sh -c 'dpkg-divert --list | grep xenha-agents | sort'
step diverted-files sh -c 'cd /usr/lib/xenha-agents/cluster-glue && md5sum * && grep -E "^[0-9a-f]+  usr/lib/stonith/plugins/external/" /var/lib/dpkg/info/cluster-glue.md5sums'
step plugins-installed plugin_state
step stonith-L stonith -L

for plugin in $plugins; do
  step "stonith-n-$plugin" stonith -t "external/$plugin" -n
  step "stonith-m-$plugin" stonith -t "external/$plugin" -m
done

for agent in $agents; do
  step "crm_resource-$agent" crm_resource --show-metadata "ocf:xenha:$agent"
done

# ocf-tester on the installed Xen agent, against the Xen toolstack simulator
ocf_tester_xen() {
  export XENSIM_STATE=$(mktemp -d) XENSIM_HOST=node1
  local path="$project/test/sim/xen:$project/test/agents/xen/bin:/usr/bin:/bin"
  PATH=$path xensim init && PATH=$path xensim host add node1 && PATH=$path xensim host add node2 || return 1
  printf 'name = "vm1"\nmemory = 512\n' >/tmp/vm1.cfg
  XEN_STUB_DIR=$(mktemp -d) PATH=$path /usr/sbin/ocf-tester -n vm1 -o xmfile=/tmp/vm1.cfg /usr/lib/ocf/resource.d/xenha/Xen
}
step ocf-tester-Xen ocf_tester_xen

for page in $(dpkg -L xenha-agents | grep '^/usr/share/man/.*\.gz$'); do
  # the formatted page is the step's output; what man and groff warn about goes to .err
  step "man-$(basename "$page" .gz)" sh -c 'man --warnings -E UTF-8 -l "$1" 2>"$2"' man "$page" "$results/man-$(basename "$page" .gz).err"
done

step pcs-describe-Xen pcs resource describe ocf:xenha:Xen
step crm-ra-info-Xen crm ra info ocf:xenha:Xen

# The examples of the installed pages, run against an empty CIB file: pcs for one page of each
# kind (ocf_, stonith_, fence_: one generator per kind; pcs takes seconds per call), crm shell for
# the first OCF agent's page.
example_of() {
  man -l "$1" 2>/dev/null | sed -n "/^EXAMPLE $2/,/^[A-Z]/p" | grep -E '^ {11}' | sed 's/^ *//' | sed -e :a -e '/\\$/N; s/\\\n//; ta'
}
cli_examples() {
  local cib=/tmp/examples-cib.xml page example prefix crm_done=
  cibadmin --empty >"$cib" || return 1
  for prefix in ocf_ stonith_ fence_; do
    page=$(dpkg -L xenha-agents | grep "^/usr/share/man/man[78]/$prefix.*\.gz$" | head -1)
    [ -n "$page" ] || continue
    example=$(example_of "$page" PCS)
    echo "== pcs: $example"
    eval "${example/pcs /pcs -f $cib }" || { echo "FAILED: $example"; return 1; }
    if [ "$prefix" = ocf_ ]; then
      # the crm shell example of the same agent, as a second resource under another id
      example_of "$page" 'CRM SHELL' >/tmp/example.crm
      echo "== crm: $(cat /tmp/example.crm)"
      # crm's commit refuses a CIB with resources and no fencing device; the example has none
      cibadmin --empty >/tmp/examples-crm-cib.xml || return 1
      CIB_file=/tmp/examples-crm-cib.xml crm_attribute --type crm_config --name stonith-enabled --update false || return 1
      CIB_file=/tmp/examples-crm-cib.xml crm configure load update /tmp/example.crm || { echo "FAILED: crm example"; return 1; }
      crm_verify --xml-file /tmp/examples-crm-cib.xml && echo "crm_verify (crm): ok"
    fi
  done
  crm_verify --xml-file "$cib" && echo "crm_verify: ok"
}
step cli-examples cli_examples

# installing the same version again (dpkg's upgrade path) keeps the diversions and cluster-glue's copies
step reinstall dpkg -i "$deb"
step diversions-after-reinstall sh -c 'dpkg-divert --list | grep xenha-agents | sort'
step diverted-files-after-reinstall sh -c 'cd /usr/lib/xenha-agents/cluster-glue && md5sum *'

step remove dpkg -r xenha-agents
plugin_state >"$results/plugins-after-remove.txt"
step leftovers-after-remove leftovers
step purge dpkg -P xenha-agents
plugin_state >"$results/plugins-after-purge.txt"
step leftovers-after-purge leftovers purged
step status-after-purge dpkg -s xenha-agents
exit 0
