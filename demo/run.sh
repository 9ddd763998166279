#!/bin/bash
# The demo (make demo, after bash build/setup-debian.sh): a Xen HA cluster on this machine.
# Two simulated Dom0 hosts form a real Corosync + Pacemaker cluster (each node in its own
# namespaces), with three guests managed by ocf:xenha:Xen and STONITH through our
# external/ssh. It narrates live migration, node standby, guest crashes, a node crash with
# fencing, and connectivity loss, showing crm_mon at each step and how long each recovery
# took; then everything is taken down (also on failure or Ctrl-C) and nothing is left behind.
# The steps are the end-to-end suite's scenarios (test/cluster/e2e/scenarios, docs/e2e.md),
# run one after the other on one cluster. Needs root (namespaces); takes 2-3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
unset NODE_EXTRA_CA_CERTS NODE_OPTIONS

if [ "$(id -u)" != 0 ]; then
    echo "demo: needs root (the cluster's nodes run in network, mount and PID namespaces)" >&2
    exit 1
fi

cat <<'TEXT'
xenha-agents demo: a two-node Xen HA cluster on this machine

  node1, node2   Dom0 hosts: Corosync 3 + Pacemaker 2.1, each in its own namespaces
  vm1 vm2 vm3    Xen guests (test/sim/xen stands in for the hypervisor), ocf:xenha:Xen
  fence-ssh      STONITH through our external/ssh (each node's sshd powers it off when asked)

Steps: live migration, node standby, guest crash, node crash with fencing, connectivity loss.
TEXT

echo
echo "Building the programs ..."
node build/bundle.mjs >/dev/null 2>&1 || echo "demo: warning: not every program builds right now; using what is built" >&2

status=0
E2E_NO_BUILD=1 test/cluster/e2e/run --shared --narrate --flavour ours \
    01-live-migration 02-standby 03-guest-crash 04-node-crash 05-connectivity-loss || status=$?

echo
if [ "$status" = 0 ]; then
    echo "demo: done; the cluster is gone and nothing is left on this machine."
else
    echo "demo: a step failed (see above); the cluster is gone and nothing is left on this machine."
fi
exit "$status"
