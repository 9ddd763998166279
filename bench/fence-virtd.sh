#!/bin/bash
# xenha-fence-virtd answering Debian's fence_xvm: the round trip of one request as the client
# sees it (multicast, callback, challenge-response both ways, crm_mon, answer) for status and
# list, and a burst of 50 concurrent status/list requests (elapsed time, crm_mon runs, the
# daemon's sockets and RSS before and after). The daemon runs in a network namespace with the
# test stand-ins for crm_mon/crm_resource/crm_node (test/cluster/fence-virtd/fake-pacemaker),
# so only the daemon is measured. No ratio: the reference fence_virtd needs libvirt (its only
# backend that runs on one host), which these machines do not have. Needs root, fence_xvm.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

if [ "$(id -u)" != 0 ]; then echo "bench/fence-virtd.sh: skipped (needs root for network namespaces)"; exit 0; fi
command -v fence_xvm >/dev/null || { echo "bench/fence-virtd.sh: skipped (no fence_xvm: apt-get install fence-virt)"; exit 0; }
[ -x dist/sbin/xenha-fence-virtd ] && [ -x dist/test/helper/fence-virt-client ] \
  || node build/bundle.mjs --only xenha-fence-virtd,fence-virt-client >/dev/null

DIST=$PWD/dist
FV_DIR=$(mktemp -d /tmp/fv-bench.XXXXXX)
FAKE_PCMK=$FV_DIR/pcmk
FV_FAKE_PCMK_BIN=$PWD/test/cluster/fence-virtd/fake-pacemaker
export DIST FV_DIR FAKE_PCMK FV_FAKE_PCMK_BIN
source test/cluster/fence-virtd/netns.bash
trap 'fv_daemon_stop; fv_net_down; rm -rf "$FV_DIR"' EXIT

mkdir -p "$FAKE_PCMK/rsc"
echo dom0a > "$FAKE_PCMK/node"
echo dom0a > "$FAKE_PCMK/dc"
for guest in vm1 vm2 vm3 vm4; do printf 'agent=ocf:xenha:Xen\nnode=dom0a\n' > "$FAKE_PCMK/rsc/$guest"; done
head -c 512 /dev/urandom > "$FV_DIR/fence_xvm.key"
chmod 600 "$FV_DIR/fence_xvm.key"
cat > "$FV_DIR/fence_virt.conf" <<CONF
fence_virtd { listener = "multicast"; backend = "xenha"; }
listeners { multicast { key_file = "$FV_DIR/fence_xvm.key"; interface = "v0"; } }
CONF
fv_net_up
fv_daemon_start "$FV_DIR/fence_virt.conf"
DAEMON_PID=$(cat "$FV_DIR/daemon.pid")

XVM=(nsenter --net="$FV_DIR/ns/guest" fence_xvm -k "$FV_DIR/fence_xvm.key" -t 10)
bench_measure "fence-virtd fence_xvm -o status (round trip)" -- "${XVM[@]}" -o status -H vm1
bench_measure "fence-virtd fence_xvm -o list (round trip)" -- "${XVM[@]}" -o list

sockets() { find "/proc/$DAEMON_PID/fd" -lname 'socket:*' | wc -l; }
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$DAEMON_PID/status"; }
sockets_before=$(sockets)
rss_before=$(rss)
: > "$FAKE_PCMK/calls"
output=$(nsenter --net="$FV_DIR/ns/guest" "$DIST/test/helper/fence-virt-client" load 50 status,list vm1 \
  --key "$FV_DIR/fence_xvm.key" --from 10.77.0.2 --port 3000 --timeout 30) || { echo "bench: the load run failed" >&2; echo "$output" >&2; exit 1; }
elapsed=$(sed -n 's/^elapsed_ms //p' <<< "$output")
answered=$(grep -c ': response 0' <<< "$output" || true)
crm_mon_runs=$(grep -c '^crm_mon' "$FAKE_PCMK/calls" || true)
sleep 1
printf '%-48s %9s ms  (%s of 50 answered, %s crm_mon runs)\n' "fence-virtd 50 concurrent status/list" "$elapsed" "$answered" "$crm_mon_runs"
printf '%s\t%s\t\t\n' "fence-virtd 50 concurrent status/list" "$elapsed" >>"$BENCH_RESULTS"
printf '%-48s sockets %s -> %s, RSS %s -> %s KiB, child processes %s\n' "fence-virtd daemon after the burst" \
  "$sockets_before" "$(sockets)" "$rss_before" "$(rss)" "$(pgrep -P "$DAEMON_PID" | wc -l)"
printf '%s\t\t\t%s\n' "fence-virtd daemon RSS after 50 requests" "$(rss)" >>"$BENCH_RESULTS"
