# `xcluster down`: stop every node and remove every trace of the cluster. Idempotent, and
# safe after a half-failed `up`: it acts only when $XC_BASE holds the cluster.env that `up`
# writes as soon as it owns the prefix, so it never touches another cluster's names.
# Sourced by `xcluster`.

tear_down_cluster() {
    local mode=${1:-kill}
    if ! cluster_exists; then
        return 0
    fi
    stop_all_nodes "$mode"
    kill_processes_mentioning_state_dir
    delete_peer_links
    delete_network
    unmount_below_state_dir
    remove_state_dir
}

# kill: SIGKILL every node at once (fast; nothing of a node outlives `down` anyway).
# graceful: Pacemaker stops its resources first, all nodes in parallel.
stop_all_nodes() {
    local mode=$1 name pid pids=()
    for name in $(node_names); do
        if [ "$mode" = graceful ]; then
            stop_node "$name" &
        else
            # the node's PID 1 exits last of its namespace: when it is gone, all of it is
            pid=$(node_init_pid "$name") && pids+=("$pid")
            pid=$(cat "$(unshare_pid_file "$name")" 2>/dev/null) || continue
            kill -KILL "$pid" 2>/dev/null && pids+=("$pid")
        fi
    done
    wait
    for pid in "${pids[@]}"; do wait_for_exit "$pid" 10 || say "pid $pid survived SIGKILL"; done
}

# Anything still running with the state dir on its command line (e.g. an `nsenter --net=...`
# of a caller that was interrupted), except this process and its ancestors.
kill_processes_mentioning_state_dir() {
    local pid spared
    spared=" $(ancestor_pids $$) "
    for pid in $(pids_mentioning_state_dir); do
        [[ $spared == *" $pid "* ]] || kill -KILL "$pid" 2>/dev/null || true
    done
}

pids_mentioning_state_dir() {
    local file pid pattern
    pattern="(^|[=:])$(regex_escape "$XC_BASE")(/|$)"
    # one grep over all processes for the candidates, then an exact look at each
    for file in $(grep -laF -- "$XC_BASE" /proc/[0-9]*/cmdline 2>/dev/null); do
        pid=${file#/proc/}; pid=${pid%/cmdline}
        tr '\0' '\n' < "$file" 2>/dev/null | grep -qE -- "$pattern" && echo "$pid"
    done
    return 0
}

ancestor_pids() {
    local pid=$1
    while [ "$pid" -gt 1 ] 2>/dev/null; do
        echo -n "$pid "
        pid=$(awk '/^PPid:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || break
    done
}

# Mounts in the host's mount namespace below the state dir (the netns files, normally
# already gone), deepest first.
unmount_below_state_dir() {
    local mount_point
    awk -v base="$XC_BASE/" 'index($5, base) == 1 {print $5}' /proc/self/mountinfo | sort -r | while read -r mount_point; do
        umount -l "$mount_point" 2>/dev/null || true
    done
}

# Everything goes, except the logs when asked to keep them (XC_KEEP_LOGS=1, or a test that
# failed: cluster.bash marks it with $XC_BASE/keep-logs).
remove_state_dir() {
    local entry
    if [ "$XC_KEEP_LOGS" = 1 ] || [ -e "$XC_BASE/keep-logs" ]; then
        for entry in "$XC_BASE"/* "$XC_BASE"/.[!.]*; do
            [ -e "$entry" ] || continue
            case "${entry##*/}" in logs|keep-logs) ;; *) rm -rf "$entry" ;; esac
        done
        say "logs kept in $XC_BASE/logs"
    else
        rm -rf "$XC_BASE"
    fi
}

# A state dir left by a torn-down cluster that kept its logs may be reused.
is_kept_logs_only() {
    local entry
    for entry in "$XC_BASE"/* "$XC_BASE"/.[!.]*; do
        [ -e "$entry" ] || continue
        case "${entry##*/}" in logs|keep-logs) ;; *) return 1 ;; esac
    done
    return 0
}
