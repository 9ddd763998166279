#!/bin/bash
# external/riloe, ours vs cluster-glue's, on the iLO simulator (test/sim/ilo), same run, same
# simulator (iLO 2 model, raw RIBCL), same environment, as external.so runs a plugin:
#   reset → power confirmed on, simulator delays zero        target <= 0.5x the reference
#   status                                                    (reported)
#   ours: reset with 1 s power-off and 1 s power-on delays    (reported: the overhead over the 2 s of delays)
#   reset through the `stonith` CLI, as fence_legacy runs it  (reported; root: each plugin is
#     bind-mounted over the stock path in a private mount namespace, the reference over itself)
# The simulator's power is set back on before every timed run (hyperfine --prepare).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

command -v hyperfine >/dev/null || { echo "bench/riloe.sh: skipped (no hyperfine)"; exit 0; }
REFERENCE=/usr/lib/stonith/plugins/external/riloe
[ -x "$REFERENCE" ] || { echo "bench/riloe.sh: skipped (cluster-glue's external/riloe is not installed)"; exit 0; }
OURS=$PWD/dist/stonith/riloe
[ -x "$OURS" ] || node build/bundle.mjs --only riloe >/dev/null

WORK=$(mktemp -d /tmp/riloe-bench.XXXXXX)
SIM=$PWD/test/sim/ilo/ilosim
export ILOSIM_DIR=$WORK/ilo XENHA_LOCK_DIR=$WORK/locks
trap '"$SIM" stop; rm -rf "$WORK"' EXIT
"$SIM" init --model ilo2
PORT=$("$SIM" start)

# Both plugins get the same environment; each ignores what is the other's way of trusting the CA.
export PATH="/usr/share/cluster-glue:$PATH" HA_LOGD=no HA_LOGFACILITY=none HA_LOGFILE=$WORK/ha.log HA_LOGTAG=external/riloe
export SSL_CERT_FILE=$ILOSIM_DIR/ca.pem ilo_ca_file=$ILOSIM_DIR/ca.pem
export hostlist=node1 ilo_hostname=127.0.0.1:$PORT ilo_user=Administrator ilo_password=secret

cat >"$WORK/power-on" <<EOF
#!/bin/bash
ILOSIM_DIR=$ILOSIM_DIR exec "$SIM" power on
EOF
chmod +x "$WORK/power-on"

echo "external/riloe on the iLO simulator ($(node --version), $(python3 --version)); the reference is $REFERENCE"
# Both must really reset the host (checked once, untimed).
for plugin in "$OURS" "$REFERENCE"; do
  "$SIM" power on; "$SIM" log --clear
  "$plugin" reset node1 >/dev/null 2>&1 || { echo "bench/riloe.sh: $plugin reset failed" >&2; exit 1; }
  [ "$("$SIM" power)" = on ] || { echo "bench/riloe.sh: $plugin left the host $("$SIM" power)" >&2; exit 1; }
done

bench_measure "riloe reset (delays 0): xenha" --prepare "$WORK/power-on" -- "$OURS" reset node1;          ours_reset=$BENCH_MEDIAN_MS
bench_measure "riloe reset (delays 0): cluster-glue" --prepare "$WORK/power-on" -- "$REFERENCE" reset node1; ref_reset=$BENCH_MEDIAN_MS
bench_measure "riloe status: xenha" -- "$OURS" status;          ours_status=$BENCH_MEDIAN_MS
bench_measure "riloe status: cluster-glue" -- "$REFERENCE" status; ref_status=$BENCH_MEDIAN_MS

if [ "$(id -u)" = 0 ] && command -v stonith >/dev/null && command -v unshare >/dev/null; then
  cat >"$WORK/via-cli" <<EOF
#!/bin/bash
exec unshare -m sh -c 'mount --bind "\$1" "$REFERENCE" && exec stonith -t external/riloe -E -T reset node1 >/dev/null 2>&1' sh "\$1"
EOF
  chmod +x "$WORK/via-cli"
  bench_measure "riloe reset via stonith CLI: xenha" --prepare "$WORK/power-on" -- "$WORK/via-cli" "$OURS";           ours_cli=$BENCH_MEDIAN_MS
  bench_measure "riloe reset via stonith CLI: cluster-glue" --prepare "$WORK/power-on" -- "$WORK/via-cli" "$REFERENCE"; ref_cli=$BENCH_MEDIAN_MS
fi

"$SIM" delay off 1000
"$SIM" delay on 1000
BENCH_RUNS=${RILOE_BENCH_SLOW_RUNS:-8} BENCH_WARMUP=1 bench_measure "riloe reset (1 s + 1 s delays): xenha" --prepare "$WORK/power-on" -- "$OURS" reset node1
ours_slow=$BENCH_MEDIAN_MS


bench_ratio "riloe reset ours/reference" "$ours_reset" "$ref_reset" 0.5
[ -z "${ours_cli:-}" ] || bench_ratio "riloe reset via stonith CLI ours/reference" "$ours_cli" "$ref_cli"
bench_ratio "riloe status ours/reference" "$ours_status" "$ref_status"
printf '%-48s %.1f ms (reported)\n' "riloe reset overhead over 2 s of delays (ours)" "$(echo "$ours_slow - 2000" | bc)"
