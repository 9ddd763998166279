#!/bin/bash
# ocf:xenha:Xen vs ocf:heartbeat:Xen on the Xen toolstack simulator (test/sim/xen), same run,
# same simulator, same environment:
#   monitor of a running domain (recurring)              target <= 2.5x the reference
#   start + stop of a cooperative guest                  (reported)
#   migrate_to (node1) + migrate_from (node2)            (reported)
#   stop of an already-stopped domain                    target < 1x (faster)
#   stop of a cooperative guest (shuts down in 0.5 s)    target < 1x (faster)
#   stop of a guest that shuts down at once              (reported: the fixed cost of each agent)
# The simulator state is reset before every timed run (hyperfine --prepare).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

command -v hyperfine >/dev/null || { echo "bench/xen.sh: skipped (no hyperfine)"; exit 0; }
OURS=$PWD/dist/ocf/Xen
REFERENCE=/usr/lib/ocf/resource.d/heartbeat/Xen
[ -x "$REFERENCE" ] || { echo "bench/xen.sh: skipped (ocf:heartbeat:Xen is not installed)"; exit 0; }
[ -x "$OURS" ] || node build/bundle.mjs --only Xen >/dev/null

WORK=$(mktemp -d /tmp/xen-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
SIM=$PWD/test/sim/xen
# No /usr/sbin: Debian's xl wrapper lives there; the simulator's xl must be the one found.
export PATH="$SIM:/usr/bin:/bin"
export XENSIM_STATE=$WORK/xensim XENSIM_HOST=node1
cat >"$WORK/vm1.cfg" <<'EOF'
name = "vm1"
memory = 512
vcpus = 2
EOF
export OCF_RESOURCE_INSTANCE=rvm1 OCF_RESKEY_xmfile=$WORK/vm1.cfg HA_LOGFILE=$WORK/ha.log

# State resets, run untimed before each measured run.
cat >"$WORK/reset" <<EOF
#!/bin/bash
# reset [running [SHUTDOWN_DELAY]]: two empty hosts; optionally vm1 running on node1.
export PATH="$SIM:/usr/bin:/bin" XENSIM_STATE=$XENSIM_STATE XENSIM_HOST=node1
xensim init --force
xensim host add node1 --force
xensim host add node2 --force
if [ "\${1:-}" = running ]; then
  xensim create vm1 --mem 512 --vcpus 2 >/dev/null
  [ -n "\${2:-}" ] && xensim fault shutdown-delay vm1 "\$2"
fi
exit 0
EOF
cat >"$WORK/start-stop" <<'EOF'
#!/bin/bash
"$1" start && "$1" stop
EOF
cat >"$WORK/migrate" <<'EOF'
#!/bin/bash
export OCF_RESKEY_CRM_meta_migrate_source=node1 OCF_RESKEY_CRM_meta_migrate_target=node2
XENSIM_HOST=node1 "$1" migrate_to && XENSIM_HOST=node2 "$1" migrate_from
EOF
chmod +x "$WORK/reset" "$WORK/start-stop" "$WORK/migrate"

echo "Xen agent on the simulator ($(node --version)); the reference is $REFERENCE"

"$WORK/reset" running
# The simulator's own cost per call: the agents' figures below include it (target < 10 ms).
bench_measure "simulator: xl list (2 domains)" -- "$SIM/xl" list
bench_target "simulator: xl list" "$BENCH_MEDIAN_MS" 10 ms
export OCF_RESKEY_CRM_meta_interval=10000 OCF_RESKEY_CRM_meta_timeout=30000
bench_measure "Xen monitor (running): xenha" -- "$OURS" monitor;         ours_monitor=$BENCH_MEDIAN_MS
bench_measure "Xen monitor (running): heartbeat" -- "$REFERENCE" monitor; ref_monitor=$BENCH_MEDIAN_MS
unset OCF_RESKEY_CRM_meta_interval

export OCF_RESKEY_CRM_meta_timeout=60000
bench_measure "Xen start+stop: xenha" --prepare "$WORK/reset" -- "$WORK/start-stop" "$OURS";          ours_cycle=$BENCH_MEDIAN_MS
bench_measure "Xen start+stop: heartbeat" --prepare "$WORK/reset" -- "$WORK/start-stop" "$REFERENCE"; ref_cycle=$BENCH_MEDIAN_MS

export OCF_RESKEY_CRM_meta_timeout=120000
bench_measure "Xen migrate_to+migrate_from: xenha" --prepare "$WORK/reset running" -- "$WORK/migrate" "$OURS";          ours_migrate=$BENCH_MEDIAN_MS
bench_measure "Xen migrate_to+migrate_from: heartbeat" --prepare "$WORK/reset running" -- "$WORK/migrate" "$REFERENCE"; ref_migrate=$BENCH_MEDIAN_MS

# The reference takes 5 s to stop a stopped domain and polls once a second: fewer runs.
export OCF_RESKEY_CRM_meta_timeout=40000
slow_runs=${XEN_BENCH_SLOW_RUNS:-8}
BENCH_RUNS=$slow_runs BENCH_WARMUP=1 bench_measure "Xen stop (already stopped): xenha" --prepare "$WORK/reset" -- "$OURS" stop
ours_stopped=$BENCH_MEDIAN_MS
BENCH_RUNS=$slow_runs BENCH_WARMUP=1 bench_measure "Xen stop (already stopped): heartbeat" --prepare "$WORK/reset" -- "$REFERENCE" stop
ref_stopped=$BENCH_MEDIAN_MS
BENCH_RUNS=$slow_runs BENCH_WARMUP=1 bench_measure "Xen stop (guest takes 0.5 s): xenha" --prepare "$WORK/reset running 0.5" -- "$OURS" stop
ours_coop=$BENCH_MEDIAN_MS
BENCH_RUNS=$slow_runs BENCH_WARMUP=1 bench_measure "Xen stop (guest takes 0.5 s): heartbeat" --prepare "$WORK/reset running 0.5" -- "$REFERENCE" stop
ref_coop=$BENCH_MEDIAN_MS
bench_measure "Xen stop (guest gone at once): xenha" --prepare "$WORK/reset running" -- "$OURS" stop;          ours_instant=$BENCH_MEDIAN_MS
bench_measure "Xen stop (guest gone at once): heartbeat" --prepare "$WORK/reset running" -- "$REFERENCE" stop; ref_instant=$BENCH_MEDIAN_MS

bench_ratio "Xen monitor ours/reference" "$ours_monitor" "$ref_monitor" 2.5
bench_ratio "Xen start+stop ours/reference" "$ours_cycle" "$ref_cycle"
bench_ratio "Xen migrate_to+migrate_from ours/reference" "$ours_migrate" "$ref_migrate"
bench_ratio "Xen stop (already stopped) ours/reference" "$ours_stopped" "$ref_stopped" 0.99
bench_ratio "Xen stop (guest takes 0.5 s) ours/reference" "$ours_coop" "$ref_coop" 0.99
bench_ratio "Xen stop (guest gone at once) ours/reference" "$ours_instant" "$ref_instant"
