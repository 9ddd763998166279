#!/bin/bash
# ocf:xenha:ping vs ocf:pacemaker:ping: one monitor over 20 targets of which 5 never answer
# (timeout=2, attempts=2), in the same run:
#   ours (fping)                 vs  reference with fping            target <= 1.1x
#   ours (fping)                 vs  reference with use_fping=false  target <= 0.2x (it pings one host after another)
#   ours with use_fping=false    vs  reference with use_fping=false  (reported)
# Targets: 15 addresses in namespace pg-bup and 5 in pg-bdn, whose replies a blackhole route
# inside pg-bdn swallows, behind a bridge pg-br0 at 10.85.0.1/24; all removed on exit.
# attrd: the same stub attrd_updater (exit 0) on PATH for both agents, so only probing is
# measured and no cluster is needed. Needs root, fping, hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

if [ "$(id -u)" != 0 ]; then echo "bench/ping.sh: skipped (needs root for network namespaces)"; exit 0; fi
command -v fping >/dev/null || { echo "bench/ping.sh: skipped (no fping)"; exit 0; }

OURS=$PWD/dist/ocf/ping
REFERENCE=/usr/lib/ocf/resource.d/pacemaker/ping
[ -x "$OURS" ] || node build/bundle.mjs --only ping >/dev/null
WORK=$(mktemp -d /tmp/pg-bench.XXXXXX)

remove_network() {
  ip netns del pg-bup 2>/dev/null || true
  ip netns del pg-bdn 2>/dev/null || true
  ip link del pg-br0 2>/dev/null || true
}
trap 'remove_network; rm -rf "$WORK"' EXIT
remove_network

ip link add pg-br0 type bridge
ip addr add 10.85.0.1/24 dev pg-br0
ip link set pg-br0 up
targets=()
for ns in pg-bup pg-bdn; do
  ip netns add "$ns"
  ip link add "$ns-h" type veth peer name "$ns-p"
  ip link set "$ns-h" master pg-br0 up
  ip link set "$ns-p" netns "$ns"
  ip -n "$ns" link set lo up
  ip -n "$ns" link set "$ns-p" up
done
for i in $(seq 10 24); do ip -n pg-bup addr add "10.85.0.$i/24" dev pg-bup-p; targets+=("10.85.0.$i"); done
for i in $(seq 30 34); do ip -n pg-bdn addr add "10.85.0.$i/24" dev pg-bdn-p; targets+=("10.85.0.$i"); done
# let ARP/links settle, then make pg-bdn's 5 addresses silent: it receives the echo requests, its replies go nowhere
fping -q -r 3 -t 200 "${targets[@]}" 2>/dev/null || true
ip -n pg-bdn route add blackhole 10.85.0.1/32
alive=$(fping -r 1 -t 500 "${targets[@]}" 2>/dev/null | grep -c 'is alive' || true)
[ "$alive" = 15 ] || { echo "bench/ping.sh: expected 15 of 20 targets alive, fping says $alive" >&2; exit 1; }

mkdir -p "$WORK/bin"
printf '#!/bin/sh\nexit 0\n' >"$WORK/bin/attrd_updater"
chmod +x "$WORK/bin/attrd_updater"
export PATH="$WORK/bin:$PATH"
export OCF_RESOURCE_INSTANCE=bench OCF_RESKEY_host_list="${targets[*]}" OCF_RESKEY_timeout=2 OCF_RESKEY_attempts=2
export OCF_RESKEY_CRM_meta_timeout=60000 OCF_RESKEY_CRM_meta_interval=10000 HA_LOGFILE="$WORK/ha.log"
touch "$WORK/ours.pid" "$WORK/ref.pid"

echo "monitor, 20 targets (5 silent), timeout=2 attempts=2; attrd_updater stubbed for both"
BENCH_RUNS=${PING_BENCH_RUNS:-10} BENCH_WARMUP=1 \
  bench_measure "ping monitor ours (fping)" -- env OCF_RESKEY_pidfile="$WORK/ours.pid" "$OURS" monitor
ours=$BENCH_MEDIAN_MS
BENCH_RUNS=${PING_BENCH_RUNS:-10} BENCH_WARMUP=1 \
  bench_measure "ping monitor reference (fping)" -- env OCF_RESKEY_pidfile="$WORK/ref.pid" "$REFERENCE" monitor
ref_fping=$BENCH_MEDIAN_MS
BENCH_RUNS=${PING_BENCH_RUNS:-10} BENCH_WARMUP=1 \
  bench_measure "ping monitor ours (use_fping=false)" -- env OCF_RESKEY_use_fping=false OCF_RESKEY_pidfile="$WORK/ours.pid" "$OURS" monitor
ours_ping=$BENCH_MEDIAN_MS
# ~30 s per run (15 × 1 s + 5 × 3 s, one host after another): few runs
BENCH_RUNS=${PING_BENCH_SERIAL_RUNS:-3} BENCH_WARMUP=0 \
  bench_measure "ping monitor reference (use_fping=false)" -- env OCF_RESKEY_use_fping=false OCF_RESKEY_pidfile="$WORK/ref.pid" "$REFERENCE" monitor
ref_ping=$BENCH_MEDIAN_MS

bench_ratio "ping monitor: ours / reference (fping)" "$ours" "$ref_fping" 1.1
bench_ratio "ping monitor: ours / reference (serial ping)" "$ours" "$ref_ping" 0.2
bench_ratio "ping monitor: ours (ping) / reference (serial ping)" "$ours_ping" "$ref_ping" 0.2

# The runs measured what they should: no errors, and ours saw exactly the 15 live targets.
if [ -f "$WORK/ha.log" ] && grep -q 'ERROR' "$WORK/ha.log"; then echo "bench/ping.sh: errors in the agents' log:" >&2; grep ERROR "$WORK/ha.log" | sort -u >&2; exit 1; fi
for fping in true false; do
  summary=$(OCF_RESKEY_use_fping=$fping OCF_RESKEY_debug=true OCF_RESKEY_pidfile="$WORK/ours.pid" "$OURS" monitor 2>&1 && grep -o 'pingd=.*hosts reachable' "$WORK/ha.log" | tail -1)
  [ "$summary" = "pingd=15: 15 of 20 hosts reachable" ] || { echo "bench/ping.sh: ours (use_fping=$fping) measured [$summary], not 15 of 20" >&2; exit 1; }
done
