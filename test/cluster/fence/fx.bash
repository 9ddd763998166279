# fx: a throwaway ssh target for the stonith CLI tests (test/agents/stonith-*.bats), and a
# private view of cluster-glue's plugin directory with our plugins in it. Needs root.
#
#   fx_up SLOT OCTET     a network + mount namespace holding the target at 10.83.0.<OCTET+1>
#                        (veth "fx<SLOT>-t"; host side "fx<SLOT>-h" at 10.83.0.<OCTET>/29) with an
#                        sshd on port 22 whose ForceCommand is fx-forced-command (see fx_mode);
#                        10.83.0.<OCTET+5> is an address where nothing answers (FX_DEAD: no
#                        neighbour, so a connection fails with "no route" once ARP gives up);
#                        10.83.0.<OCTET+4> is a black hole (FX_SILENT: a permanent neighbour entry
#                        to a MAC nobody has, so nothing ever comes back, not even an error: a
#                        node that has just crashed, whose ARP entry is still valid)
#   fx_mode MODE         log | poweroff | unname | fail | slow | helper | forced (see fx-forced-command)
#   fx_link_up           put the target back on the network (after poweroff)
#   fx_stonith ARGS...   the real stonith CLI in a private mount namespace where
#                        /usr/lib/stonith/plugins/external holds our plugins (over a copy of
#                        cluster-glue's) and /etc/hosts knows "fx-target"
#   fx_fence_agent NAME ARGS...   fence_xenha_ssh / fence_xenha_xen0ha, with that /etc/hosts
#   fx_resource ID [yes|no] [DELAY] [STUCK]   a resource in the fake Dom0 CIB (helper mode)
#   fx_down              stop sshd, remove the namespace and the interfaces (idempotent)
#
# Nothing on the machine is written: the target's /run is a tmpfs in its own mount namespace,
# the plugin directory and /etc/hosts are bind mounts in mount namespaces that die with the
# command, files live in $BATS_FILE_TMPDIR.

FX_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fx_up() {
    local slot=$1 octet=$2
    FX_HOST_IF="fx${slot}-h"
    FX_TARGET_IF="fx${slot}-t"
    FX_HOST_ADDR="10.83.0.${octet}"
    FX_TARGET="10.83.0.$((octet + 1))"
    FX_DEAD="10.83.0.$((octet + 5))"
    FX_SILENT="10.83.0.$((octet + 4))"
    FX_DIR="${BATS_FILE_TMPDIR:?}/fx"
    export FX_HOST_IF FX_TARGET_IF FX_HOST_ADDR FX_TARGET FX_DEAD FX_SILENT FX_DIR
    export XENHA_LOCK_DIR="$FX_DIR/locks"
    if ip link show "$FX_HOST_IF" >/dev/null 2>&1; then
        echo "fx: interface $FX_HOST_IF exists (another run, or a leftover)" >&2
        return 1
    fi
    mkdir -p "$FX_DIR/locks" "$FX_DIR/plugins" "$FX_DIR/sbin" "$FX_DIR/cib"
    chmod 700 "$FX_DIR"

    ssh-keygen -q -t ed25519 -N '' -C fx-host -f "$FX_DIR/hostkey"
    ssh-keygen -q -t ed25519 -N '' -C fx-impostor -f "$FX_DIR/otherkey"
    ssh-keygen -q -t ed25519 -N '' -C fx-client -f "$FX_DIR/id"
    ssh-keygen -q -t ed25519 -N 'fx-pass-phrase-1' -C fx-client-encrypted -f "$FX_DIR/id_encrypted"
    ssh-keygen -q -t ed25519 -N '' -C fx-stranger -f "$FX_DIR/id_stranger"
    cat "$FX_DIR/id.pub" "$FX_DIR/id_encrypted.pub" > "$FX_DIR/authorized_keys"
    echo "fx-target,$FX_TARGET $(cut -d' ' -f1,2 "$FX_DIR/hostkey.pub")" > "$FX_DIR/known_hosts"
    echo "fx-target,$FX_TARGET $(cut -d' ' -f1,2 "$FX_DIR/otherkey.pub")" > "$FX_DIR/known_hosts.wrong"
    cp "$FX_DIR/known_hosts" "$FX_DIR/known_hosts.hashed"
    ssh-keygen -q -H -f "$FX_DIR/known_hosts.hashed" >/dev/null 2>&1
    rm -f "$FX_DIR/known_hosts.hashed.old"
    : > "$FX_DIR/known_hosts.empty"
    : > "$FX_DIR/requests.log"
    : > "$FX_DIR/crm.log"
    echo log > "$FX_DIR/mode"
    fx_sshd_config > "$FX_DIR/sshd_config"
    { echo "$FX_TARGET fx-target"; cat /etc/hosts; } > "$FX_DIR/hosts"

    cp -a /usr/lib/stonith/plugins/external/. "$FX_DIR/plugins/"
    install -m 755 "$DIST/stonith/ssh" "$FX_DIR/plugins/ssh"
    install -m 755 "$DIST/stonith/xen0-ha" "$FX_DIR/plugins/xen0-ha"
    ln -sf "$FX_DIR/plugins/ssh" "$FX_DIR/sbin/fence_xenha_ssh"
    ln -sf "$FX_DIR/plugins/xen0-ha" "$FX_DIR/sbin/fence_xenha_xen0ha"

    # The target: network and mount namespaces held by a sleeping process.
    unshare --net --mount --propagation private sleep infinity 3>&- &
    FX_HOLDER=$!
    export FX_HOLDER
    echo "$FX_HOLDER" > "$FX_DIR/holder.pid"
    local tries=0
    until [ "$(readlink "/proc/$FX_HOLDER/ns/net" 2>/dev/null)" != "$(readlink /proc/self/ns/net)" ]; do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || { echo "fx: namespace holder did not start" >&2; return 1; }
        sleep 0.05
    done
    ip link add "$FX_HOST_IF" type veth peer name "$FX_TARGET_IF"
    ip link set "$FX_TARGET_IF" netns "$FX_HOLDER"
    ip addr add "$FX_HOST_ADDR/29" dev "$FX_HOST_IF"
    ip link set "$FX_HOST_IF" up
    ip neigh replace "$FX_SILENT" lladdr 02:00:00:00:83:ee dev "$FX_HOST_IF" nud permanent
    nsenter -t "$FX_HOLDER" -n sh -c "ip link set lo up && ip addr add $FX_TARGET/29 dev $FX_TARGET_IF && ip link set $FX_TARGET_IF up"
    nsenter -t "$FX_HOLDER" -n -m sh -c "mount -t tmpfs -o mode=755 fx-run /run && mkdir -m 755 /run/sshd &&
        /usr/sbin/sshd -t -f $FX_DIR/sshd_config && /usr/sbin/sshd -f $FX_DIR/sshd_config -E $FX_DIR/sshd.log" 3>&-
    fx_wait_port "$FX_TARGET" 22 10
}

fx_sshd_config() {
    echo "Port 22"
    echo "ListenAddress $FX_TARGET"
    echo "HostKey $FX_DIR/hostkey"
    echo "PidFile $FX_DIR/sshd.pid"
    echo "PermitRootLogin prohibit-password"
    echo "PubkeyAuthentication yes"
    echo "PasswordAuthentication no"
    echo "KbdInteractiveAuthentication no"
    echo "UsePAM no"
    echo "AuthorizedKeysFile $FX_DIR/authorized_keys"
    echo "StrictModes no"
    echo "PrintMotd no"
    echo "LogLevel VERBOSE"
    echo "ForceCommand $FX_LIB/fx-forced-command $FX_DIR $FX_TARGET_IF $DIST"
}

fx_mode() { echo "$1" > "$FX_DIR/mode"; }

# fx_resource ID [RUNNING yes|no] [DELAY seconds] [STUCK 0|1] [AGENT class:provider:type]
fx_resource() {
    local id=$1 running=${2:-yes} delay=${3:-1} stuck=${4:-0} agent=${5:-ocf:heartbeat:Xen} role=Started
    [ "$running" = yes ] || role=Stopped
    echo "$role $running $(date +%s) $delay $stuck $agent" > "$FX_DIR/cib/$id"
}

# What the fake Dom0 cluster reports for ID now: running or stopped.
fx_resource_state() {
    local out
    out=$(FX_CIB="$FX_DIR/cib" "$FX_LIB/fakebin/crm_resource" --resource "$1" --locate 2>&1)
    case "$out" in
        *"is running on"*) echo running ;;
        *"NOT running"*) echo stopped ;;
        *) echo "unknown: $out" ;;
    esac
}

fx_link_up() {
    nsenter -t "$FX_HOLDER" -n ip link set "$FX_TARGET_IF" up
    fx_wait_port "$FX_TARGET" 22 10
}

fx_wait_port() {
    local host=$1 port=$2 seconds=$3 i
    for ((i = 0; i < seconds * 10; i++)); do
        timeout 1 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "fx: $host:$port does not answer" >&2
    return 1
}

fx_answers() { ping -n -q -c 1 -W 1 "$1" >/dev/null 2>&1; }

fx_stonith() {
    unshare --mount --propagation private -- sh -c '
        mount --bind "$1" /usr/lib/stonith/plugins/external &&
        mount --bind "$2" /etc/hosts && shift 2 && exec stonith "$@"' fx "$FX_DIR/plugins" "$FX_DIR/hosts" "$@"
}

fx_fence_agent() {
    local agent=$1
    shift
    unshare --mount --propagation private -- sh -c '
        mount --bind "$1" /etc/hosts && shift && exec "$@"' fx "$FX_DIR/hosts" "$FX_DIR/sbin/$agent" "$@"
}

# The requests the target recorded, without timestamps: "<mode> request [<command>]".
fx_requests() { sed 's/^[0-9.]* //' "$FX_DIR/requests.log"; }

fx_clear_requests() { : > "$FX_DIR/requests.log"; : > "$FX_DIR/crm.log"; }

fx_down() {
    [ -n "${FX_DIR:-}" ] || return 0
    local pid
    if pid=$(cat "$FX_DIR/sshd.pid" 2>/dev/null); then kill "$pid" 2>/dev/null; fi
    if pid=$(cat "$FX_DIR/holder.pid" 2>/dev/null); then kill "$pid" 2>/dev/null; fi
    ip link del "${FX_HOST_IF:-fx-none}" 2>/dev/null
    return 0
}
