# ssh between the nodes of a cluster: keys generated per cluster, and an sshd in a node on
# demand. Sourced by `xcluster`. Layout of $XC_BASE/ssh:
#   client/{id_ed25519,id_ed25519.pub,known_hosts}  mounted over /root/.ssh in every node
#   ssh_config.d/xcluster.conf                       mounted over /etc/ssh/ssh_config.d
#   config                                           the same settings, for `ssh -F` on the host
#   hostkeys/<node>{,.pub}, authorized_keys          used by the nodes' sshd

SSHD_PID_FILE=/run/xcluster-sshd.pid      # inside the node (its private /run)

create_ssh_keys() {
    local dir name; dir=$(ssh_dir)
    mkdir -p "$dir/client" "$dir/hostkeys" "$dir/ssh_config.d"
    chmod 700 "$dir" "$dir/client" "$dir/hostkeys"
    ssh-keygen -q -t ed25519 -N '' -C "xcluster-$XC_PREFIX-client" -f "$dir/client/id_ed25519"
    cp "$dir/client/id_ed25519.pub" "$dir/authorized_keys"
    chmod 600 "$dir/authorized_keys"
    : > "$dir/client/known_hosts"
    for name in $(node_names); do
        ssh-keygen -q -t ed25519 -N '' -C "xcluster-$XC_PREFIX-$name" -f "$dir/hostkeys/$name"
        echo "$name,$(node_address "$name") $(cut -d' ' -f1,2 "$dir/hostkeys/$name.pub")" >> "$dir/client/known_hosts"
    done
    write_ssh_client_config > "$dir/ssh_config.d/xcluster.conf"
    { write_ssh_client_config; echo "    User root"; } > "$dir/config"
    chmod 644 "$dir/ssh_config.d/xcluster.conf" "$dir/config"
}

# Host keys are checked against the cluster's known_hosts; ssh never waits for a dead node.
write_ssh_client_config() {
    echo "Host *"
    echo "    IdentityFile $(ssh_dir)/client/id_ed25519"
    echo "    IdentitiesOnly yes"
    echo "    UserKnownHostsFile $(ssh_dir)/client/known_hosts"
    echo "    StrictHostKeyChecking yes"
    echo "    BatchMode yes"
    echo "    ConnectTimeout 3"
}

# exec: run what is asked; log: only record it; poweroff: record it, then the node goes off
# the network and every process of it is killed (see sshd-forced-command).
write_sshd_config() {
    local name=$1 mode=$2 requests
    requests=$(node_log_dir "$name")/ssh-requests.log
    echo "Port 22"
    echo "HostKey $(ssh_dir)/hostkeys/$name"
    echo "PidFile $SSHD_PID_FILE"
    echo "PermitRootLogin prohibit-password"
    echo "PubkeyAuthentication yes"
    echo "PasswordAuthentication no"
    echo "KbdInteractiveAuthentication no"
    echo "UsePAM no"
    echo "AuthorizedKeysFile $(ssh_dir)/authorized_keys"
    echo "StrictModes no"
    echo "PrintMotd no"
    echo "LogLevel VERBOSE"
    case "$mode" in
        exec) ;;
        log|poweroff) echo "ForceCommand $XC_LIB/sshd-forced-command $mode $requests $XC_POWEROFF_DELAY" ;;
        *) die "sshd mode must be exec, log or poweroff: '$mode'" ;;
    esac
}

# (Re)start the node's sshd in MODE on port 22; returns once it accepts connections.
start_sshd() {
    local name=$1 mode=${2:-exec} config
    config=$(node_dir "$name")/sshd_config
    write_sshd_config "$name" "$mode" > "$config"
    touch "$(node_log_dir "$name")/ssh-requests.log"
    stop_sshd "$name"
    run_in_node "$name" /usr/sbin/sshd -t -f "$config" || die "sshd config rejected: $config"
    run_in_node "$name" /usr/sbin/sshd -f "$config" -E "$(node_log_dir "$name")/sshd.log" 3>&- 4>&- 5>&-
    wait_until_node_succeeds "$name" 10 test -s "$SSHD_PID_FILE" || die "sshd did not start in $name"
}

stop_sshd() {
    local name=$1
    # shellcheck disable=SC2016
    run_in_node "$name" sh -c '
        pid=$(cat "$1" 2>/dev/null) || exit 0
        kill "$pid" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        rm -f "$1"' sh "$SSHD_PID_FILE"
}
