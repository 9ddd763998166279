# shellcheck shell=bash
# Two network namespaces joined by a veth pair, bound to files under $FV_DIR (nothing in
# /run/netns, no interface on the host): "dom0" (10.77.0.1, the daemon) and "guest"
# (10.77.0.2, the clients), with the multicast route fence_xvm needs in the guest.
# fv_net_down removes everything and is safe to call twice or after a half-made fv_net_up.

fv_dom0() { nsenter --net="$FV_DIR/ns/dom0" "$@"; }
fv_guest() { nsenter --net="$FV_DIR/ns/guest" "$@"; }

fv_net_up() {
    mkdir -p "$FV_DIR/ns"
    local name
    for name in dom0 guest; do
        touch "$FV_DIR/ns/$name"
        unshare --net="$FV_DIR/ns/$name" true
        nsenter --net="$FV_DIR/ns/$name" ip link set lo up
    done
    # A process in the guest namespace, so that the veth's peer can be moved there by PID.
    nsenter --net="$FV_DIR/ns/guest" sleep 60 &
    local holder=$!
    fv_dom0 ip link add v0 type veth peer name v1
    fv_dom0 ip link set v1 netns "$holder"
    kill "$holder"; wait "$holder" 2>/dev/null || true
    fv_dom0 ip addr add 10.77.0.1/24 dev v0
    fv_dom0 ip link set v0 up
    fv_guest ip addr add 10.77.0.2/24 dev v1
    fv_guest ip link set v1 up
    fv_guest ip route add 224.0.0.0/4 dev v1
}

fv_net_down() {
    [ -n "${FV_DIR:-}" ] || return 0
    local name
    for name in dom0 guest; do
        [ -e "$FV_DIR/ns/$name" ] || continue
        umount "$FV_DIR/ns/$name" 2>/dev/null || true
        rm -f "$FV_DIR/ns/$name"
    done
}

# fv_daemon_start CONFIG: the daemon in the dom0 namespace, in the foreground, its log in
# $FV_DIR/daemon.log, the fake Pacemaker tools first on PATH.
fv_daemon_start() {
    local config=$1
    : > "$FV_DIR/daemon.log"
    fv_dom0 env PATH="$FV_FAKE_PCMK_BIN:$PATH" FAKE_PCMK="$FAKE_PCMK" HA_LOGFILE="$FV_DIR/daemon.log" HA_LOGFACILITY=none \
        "$DIST/sbin/xenha-fence-virtd" -F -d 1 -f "$config" >/dev/null 2>&1 3>&- &
    local launcher=$! i daemon=""
    # nsenter stays as the parent: record the daemon's own PID, which is what gets stopped.
    for i in $(seq 1 100); do
        daemon=$(pgrep -P "$launcher" | head -n 1)
        [ -n "$daemon" ] && break
        sleep 0.05
    done
    [ -n "$daemon" ] || { echo "the daemon did not start" >&2; return 1; }
    echo "$daemon" > "$FV_DIR/daemon.pid"
    for i in $(seq 1 100); do
        grep -q 'listening on' "$FV_DIR/daemon.log" 2>/dev/null && return 0
        kill -0 "$daemon" 2>/dev/null || { cat "$FV_DIR/daemon.log" >&2; return 1; }
        sleep 0.1
    done
    echo "the daemon did not start listening" >&2
    return 1
}

fv_daemon_stop() {
    [ -f "$FV_DIR/daemon.pid" ] || return 0
    local pid; pid=$(cat "$FV_DIR/daemon.pid")
    kill "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$FV_DIR/daemon.pid"
}
