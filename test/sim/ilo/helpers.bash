# Shared by the riloe bats files, the conformance run and bench/riloe.sh: one simulated iLO
# (test/sim/ilo/ilosim) per file, the stonith CLI with our external/riloe in a private mount
# namespace, and the reference run so that it touches nothing of the machine's cluster-glue.
#
#   ilo_up DIR [MODEL]   certificates, state and a server on 127.0.0.1 (ILO_PORT, ILOSIM_DIR)
#   ilo_reset [MODEL]    fresh state (power on, no fault, empty log), same server and certificates
#   ilo_down             stop the server
#   ilosim ARGS...       the control CLI
#   ours_stonith ARGS... `stonith` with /usr/lib/stonith/plugins/external holding our riloe
#   reference_riloe ACTION [HOST]   cluster-glue's own plugin, as external.so runs it (env parameters)
#   ilo_commands         the commands the simulator received, one per line

ILOSIM="${SIM_DIR:?}/ilo/ilosim"

ilosim() { "$ILOSIM" "$@"; }

ilo_up() {
    local dir=$1 model=${2:-ilo2}
    export ILOSIM_DIR="$dir/ilo" XENHA_LOCK_DIR="$dir/locks"
    export ILO_PLUGINS="$dir/plugins" ILO_SBIN="$dir/sbin" ILO_REFLOG="$dir/reference.log"
    mkdir -p "$XENHA_LOCK_DIR" "$ILO_PLUGINS" "$ILO_SBIN"
    "$ILOSIM" init --model "$model" || return 1
    ILO_PORT=$("$ILOSIM" start) || return 1
    export ILO_PORT ILO_ADDRESS="127.0.0.1:$ILO_PORT"
    if [ -d /usr/lib/stonith/plugins/external ]; then cp -a /usr/lib/stonith/plugins/external/. "$ILO_PLUGINS/"; fi
    install -m 755 "${DIST:?}/stonith/riloe" "$ILO_PLUGINS/riloe"
    ln -sf "$ILO_PLUGINS/riloe" "$ILO_SBIN/fence_xenha_riloe"
}

ilo_reset() { "$ILOSIM" reset --model "${1:-ilo2}"; }

ilo_down() { [ -n "${ILOSIM_DIR:-}" ] && "$ILOSIM" stop; return 0; }

ilo_commands() { "$ILOSIM" log; }

ours_stonith() {
    unshare --mount --propagation private -- sh -c '
        mount --bind "$1" /usr/lib/stonith/plugins/external && shift && exec stonith "$@"' ours "$ILO_PLUGINS" "$@"
}

# The reference trusts the simulator's CA through SSL_CERT_FILE; it logs through ha_log.sh into
# a file of ours (HA_LOGD=no, no syslog facility). Parameters as name=value before the action.
reference_riloe() {
    env PATH="/usr/share/cluster-glue:$PATH" SSL_CERT_FILE="$ILOSIM_DIR/ca.pem" HA_LOGD=no HA_LOGFACILITY=none \
        HA_LOGFILE="$ILO_REFLOG" HA_DEBUGLOG="$ILO_REFLOG" HA_LOGTAG=external/riloe \
        "$@"
}
