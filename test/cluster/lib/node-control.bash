# Starting, stopping and crashing nodes, and running commands in them. A node is an
# `unshare` process (its pid in $XC_BASE/node/<name>/unshare.pid) whose child is the node's
# PID 1 (node-init.bash). Sourced by `xcluster`.

unshare_pid_file() { echo "$(node_dir "$1")/unshare.pid"; }
ready_file() { echo "$(node_dir "$1")/init.ready"; }

# Host PID of the node's PID 1, or failure when the node is not running.
node_init_pid() {
    local unshare_pid children
    unshare_pid=$(cat "$(unshare_pid_file "$1")" 2>/dev/null) || return 1
    children=$(cat "/proc/$unshare_pid/task/$unshare_pid/children" 2>/dev/null) || return 1
    [ -n "$children" ] || return 1
    echo "${children%% *}"
}

node_is_running() { node_init_pid "$1" >/dev/null; }
node_is_ready() { node_is_running "$1" && [ -f "$(ready_file "$1")" ]; }

start_node() {
    local name=$1
    node_is_running "$name" && die "$name is already running"
    rm -f "$(ready_file "$name")"
    set_node_link "$name" up                     # undo a crash, linkdown or poweroff
    # --kill-child: when unshare dies, the node's PID 1 gets SIGKILL, and with it the whole
    # PID namespace. setsid: a Ctrl-C in the caller's terminal does not reach the node.
    setsid nsenter --net="$(node_netns_file "$name")" \
        unshare --mount --uts --ipc --pid --fork --mount-proc --kill-child \
        env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin XC_BASE="$XC_BASE" XC_LIB="$XC_LIB" PROJECT_ROOT="$PROJECT_ROOT" \
        /bin/bash "$XC_LIB/node-init.bash" "$name" \
        >> "$(node_log_dir "$name")/init.log" 2>&1 < /dev/null 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
    local unshare_pid=$!
    echo "$unshare_pid" > "$(unshare_pid_file "$name")"
    for _ in $(seq 1 200); do                    # 10 s
        node_is_ready "$name" && return 0
        process_is_gone "$unshare_pid" && break
        sleep 0.05
    done
    tail -n 20 "$(node_log_dir "$name")/init.log" >&2
    die "$name did not boot"
}

# Graceful: Pacemaker stops its resources, then Corosync leaves.
stop_node() {
    local name=$1 unshare_pid init_pid
    init_pid=$(node_init_pid "$name") || return 0
    unshare_pid=$(cat "$(unshare_pid_file "$name")")
    kill -TERM "$init_pid" 2>/dev/null || true
    wait_for_exit "$init_pid" $((XC_STOP_TIMEOUT + 35)) || kill -KILL "$unshare_pid" 2>/dev/null || true
    wait_for_exit "$init_pid" 5 || true
}

# Power cut: the link goes first (peers see the node vanish, not leave), then every process.
crash_node() {
    local name=$1 unshare_pid init_pid
    set_node_link "$name" down 2>/dev/null || true
    init_pid=$(node_init_pid "$name") || return 0
    unshare_pid=$(cat "$(unshare_pid_file "$name")")
    kill -KILL "$unshare_pid" 2>/dev/null || true
    # the node's PID 1 exits last of its namespace: when it is gone, all of it is
    wait_for_exit "$init_pid" 10 || die "$name: its PID 1 (host pid $init_pid) survived SIGKILL"
}

wait_for_exit() {
    local pid=$1 timeout=$2
    for _ in $(seq 1 $((timeout * 20))); do process_is_gone "$pid" && return 0; sleep 0.05; done
    process_is_gone "$pid"
}

# Gone, or a zombie: our nodes' unshare processes are reaped by the host's PID 1, which may
# take its time.
process_is_gone() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
    stat=${stat##*) }
    [ "${stat:0:1}" = Z ]
}

# Run a command in every namespace of the node, with the node's environment only.
run_in_node() {
    local name=$1 init_pid environment=(); shift
    init_pid=$(node_init_pid "$name") || die "$name is not running"
    mapfile -t environment < "$(node_env_file)"
    nsenter --target "$init_pid" --mount --uts --ipc --net --pid -- env -i "${environment[@]}" "$@"
}

wait_until_node_succeeds() {
    local name=$1 timeout=$2; shift 2
    local deadline=$((SECONDS + timeout))
    until run_in_node "$name" "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.1
    done
}

# ---- quorum and DC ----------------------------------------------------------------------

running_nodes() {
    local name
    for name in $(node_names); do node_is_running "$name" && echo "$name"; done
    return 0
}

# Online node names as one node sees them (sorted, space separated), and whether it sees a DC.
online_view() {
    local name=$1 xml online
    xml=$(run_in_node "$name" crm_mon -1 --output-as=xml 2>/dev/null) || return 1
    grep -q '<current_dc present="true"' <<< "$xml" || return 1
    online=$(grep -o '<node name="[^"]*"[^>]*online="true"' <<< "$xml" | sed 's/<node name="\([^"]*\)".*/\1/' | sort | tr '\n' ' ')
    echo "${online% }"
}

# Until every running node sees exactly the running nodes online, and a DC.
wait_online() {
    local timeout=${1:-60} start=$SECONDS want name view settled
    want=$(running_nodes | sort | tr '\n' ' '); want=${want% }
    [ -n "$want" ] || die "wait: no node is running"
    while :; do
        settled=1
        for name in $want; do
            view=$(online_view "$name") && [ "$view" = "$want" ] || { settled=0; break; }
        done
        if [ $settled = 1 ]; then
            echo "online: $want (after $((SECONDS - start))s)"
            return 0
        fi
        if [ $((SECONDS - start)) -ge "$timeout" ]; then
            say "wait: not all of [$want] online with a DC after ${timeout}s"
            for name in $want; do say "  $name sees: $(online_view "$name" || echo 'no DC / no answer')"; done
            return 1
        fi
        sleep 0.25
    done
}
