#!/bin/bash
# PID 1 of one cluster node: started by `xcluster` (node-control.bash) in the node's network
# namespace and in new mount, UTS, IPC and PID namespaces, with XC_BASE and XC_LIB set.
#   node-init.bash NODE
# It gives the node private copies of every path Corosync, Pacemaker, sshd and the agents
# write, mounts the cluster's installed programs, starts corosync and pacemakerd, reaps
# orphans, and on SIGTERM stops Pacemaker and Corosync gracefully. When both daemons are
# gone (stopped, or killed by a "poweroff"), it exits and the kernel kills the rest.
set -u

source "$XC_LIB/config.bash"
source "$XC_LIB/programs.bash"
# shellcheck source=/dev/null
source "$XC_BASE/$CLUSTER_ENV_NAME"

log() { echo "$(date +%T.%3N) $NODE: $*"; }

# Mounts of other namespaces (the cluster's netns files, other users' /run/netns) are copied
# into a new mount namespace and would keep those namespaces alive: drop the copies.
release_foreign_namespaces() {
    local mount_point
    awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) == "nsfs") print $5; break } }' /proc/self/mountinfo \
        | while read -r mount_point; do umount -l "$(printf '%b' "$mount_point")" 2>/dev/null || true; done
}

mount_private_runtime_dirs() {
    mount -t sysfs sysfs /sys                       # /sys/class/net of this node
    mount -t tmpfs -o mode=755 tmpfs /run
    mkdir -p /run/lock /run/sshd /run/resource-agents
    chmod 1777 /run/lock
    mount -t tmpfs -o mode=1777 tmpfs /dev/shm      # libqb ring buffers
    if [ -d /var/spool/cron ]; then
        mount -t tmpfs -o mode=755 tmpfs /var/spool/cron   # `at` jobs stay in the node
    fi
}

# A private /tmp, in which the paths the node must see (the state dir, the checkout, the
# test's temporary dir) stay visible at the same place.
mount_private_tmp() {
    local path index=0 kept=()
    for path in "$XC_BASE" "$PROJECT_ROOT" $XC_VISIBLE_PATHS; do
        [[ $path == /tmp/* && -d $path ]] || continue
        is_below_any "$path" "${kept[@]}" && continue
        kept+=("$path")
    done
    for path in "${kept[@]}"; do
        mkdir -p "/run/xcluster-keep/$index"
        mount --bind "$path" "/run/xcluster-keep/$index"
        index=$((index + 1))
    done
    mount -t tmpfs -o mode=1777 tmpfs /tmp
    index=0
    for path in "${kept[@]}"; do
        mkdir -p "$path"
        mount --move "/run/xcluster-keep/$index" "$path"
        index=$((index + 1))
    done
    rm -rf /run/xcluster-keep
}

is_below_any() {
    local path=$1 other; shift
    for other in "$@"; do [[ $path == "$other" || $path == "$other"/* ]] && return 0; done
    return 1
}

bind() {
    local source=$1 target=$2
    [ -e "$target" ] || { log "cannot mount over missing $target"; exit 1; }
    mount --bind "$source" "$target"
}

mount_node_state() {
    local dir logs ssh
    dir=$(node_dir "$NODE"); logs=$(node_log_dir "$NODE"); ssh=$(ssh_dir)
    bind "$dir/etc-corosync" /etc/corosync
    bind "$dir/var-lib-corosync" /var/lib/corosync
    bind "$dir/var-lib-pacemaker" /var/lib/pacemaker
    if [ -d /var/lib/heartbeat ]; then bind "$dir/var-lib-heartbeat" /var/lib/heartbeat; fi
    bind "$logs/corosync" /var/log/corosync
    bind "$logs/pacemaker" /var/log/pacemaker
    bind "$dir/hosts" /etc/hosts
    bind "$ssh/ssh_config.d" /etc/ssh/ssh_config.d
    if [ -d /root/.ssh ]; then bind "$ssh/client" /root/.ssh; fi
}

# The cluster's install tree over the host's directories (see programs.bash).
mount_installed_programs() {
    local root stub dir
    root=$(install_root); stub=$(install_stub_root)
    for dir in usr/lib usr/sbin; do
        if [ -d "$stub/$dir" ]; then
            mount -t overlay overlay -o "ro,lowerdir=$stub/$dir:/$dir" "/$dir"
        fi
    done
    for dir in $INSTALL_MOUNTED_DIRS; do
        if [ -d "$root/$dir" ]; then bind "$root/$dir" "/$dir"; fi
    done
}

load_node_environment() {
    local line
    while IFS= read -r line; do export "${line?}"; done < "$(node_env_file)"
}

start_daemons() {
    local logs; logs=$(node_log_dir "$NODE")
    cd /
    corosync -f > "$logs/corosync.stdout" 2>&1 < /dev/null &
    COROSYNC_PID=$!
    for _ in $(seq 1 100); do corosync-cfgtool -s >/dev/null 2>&1 && break; sleep 0.1; done
    /usr/sbin/pacemakerd > "$logs/pacemakerd.stdout" 2>&1 < /dev/null &
    PACEMAKERD_PID=$!
    log "started corosync (pid $COROSYNC_PID) and pacemakerd (pid $PACEMAKERD_PID)"
}

# shellcheck disable=SC2317  # a trap
stop_gracefully() {
    log "stopping"
    stop_daemon "$PACEMAKERD_PID" "$XC_STOP_TIMEOUT"
    stop_daemon "$COROSYNC_PID" 30
    log "stopped"
    exit 0
}

stop_daemon() {
    local pid=$1 timeout=$2
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 $((timeout * 10))); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    log "pid $pid did not stop within ${timeout}s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
}

# As PID 1, bash reaps every orphan; leave when both daemons are gone.
supervise() {
    trap stop_gracefully TERM INT
    while kill -0 "$COROSYNC_PID" 2>/dev/null || kill -0 "$PACEMAKERD_PID" 2>/dev/null; do
        sleep 1 & wait $! || true
    done
    log "corosync and pacemakerd are gone: node off"
}

main() {
    NODE=${1:?node name}
    set -e
    release_foreign_namespaces
    mount_private_runtime_dirs
    mount_private_tmp
    mount_node_state
    mount_installed_programs
    hostname "$NODE"
    load_node_environment
    set +e
    start_daemons
    echo "$(date +%s.%N)" > "$(node_dir "$NODE")/init.ready"
    supervise
}

# One line: bash reads a script as it runs it, so the file may change under a running node
# only if nothing after this line is left to read.
main "$@"; exit $?
