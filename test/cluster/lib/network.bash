# The network of one cluster: a bridge on the host at $XC_SUBNET.1, and one network namespace
# per node and per ping target, each plugged into the bridge by a veth pair whose namespace
# end is called eth0. The namespaces are bound to files in the state dir (not /run/netns), so
# the host's /run is never written. Sourced by `xcluster`.

in_netns_file() { local file=$1; shift; nsenter --net="$file" "$@"; }

# Refuse to build over somebody else's network: the prefix or the subnet is in use.
check_network_is_free() {
    local route
    if ip link show "$(bridge_name)" >/dev/null 2>&1; then
        die "interface $(bridge_name) exists: prefix '$XC_PREFIX' is in use by another cluster (pick another XC_PREFIX; a stale cluster of yours: find its dir with ls -d /tmp/xcluster-*, then XC_BASE=<dir> xcluster down)"
    fi
    if route=$(ip -4 route get "$XC_SUBNET.2" 2>/dev/null) && [[ $route != *" via "* ]]; then
        die "subnet $XC_SUBNET.0/24 is in use on this host ($(head -n 1 <<< "$route")); pick another XC_SUBNET"
    fi
}

# Adding the bridge fails when its name exists: that makes it the lock on the prefix.
add_bridge() { ip link add "$(bridge_name)" type bridge 2>/dev/null; }

configure_bridge() {
    ip addr add "$(bridge_address)/24" dev "$(bridge_name)"
    ip link set "$(bridge_name)" up
}

# A new network namespace, kept alive by a bind mount on $1 (no process needed).
create_netns_file() {
    local file=$1
    mkdir -p "$(dirname "$file")"
    : > "$file"
    unshare --net="$file" true
    in_netns_file "$file" ip link set lo up
}

# Plug the namespace of $1 into the bridge as eth0 with address $3; $2 is the host end.
plug_into_bridge() {
    local file=$1 host_end=$2 address=$3
    # Created inside the namespace, its peer moved to ours: no name ever appears twice.
    in_netns_file "$file" ip link add eth0 type veth peer name "$host_end" netns $$
    ip link set "$host_end" master "$(bridge_name)" up
    in_netns_file "$file" ip addr add "$address/24" dev eth0
    in_netns_file "$file" ip link set eth0 up
}

create_node_network() {
    local name=$1
    create_netns_file "$(node_netns_file "$name")"
    plug_into_bridge "$(node_netns_file "$name")" "$(node_veth "$name")" "$(node_address "$name")"
}

set_node_link() {  # $1 node, $2 up|down: the node's only link, cut or restored inside the node
    in_netns_file "$(node_netns_file "$1")" ip link set eth0 "$2"
    if [ "$2" = up ]; then add_peer_routes "$1"; fi
}

# ---- ping targets -----------------------------------------------------------------------

create_target() {
    local k=$1 file; file=$(target_netns_file "$1")
    create_netns_file "$file"
    plug_into_bridge "$file" "$(target_veth "$k")" "$(target_address "$k")"
}

delete_target() {
    local k=$1 file; file=$(target_netns_file "$1")
    ip link del "$(target_veth "$k")" 2>/dev/null || true
    umount "$file" 2>/dev/null || true
    rm -f "$file"
}

# Exactly K targets, target1..K at $XC_SUBNET.201..; the nodes' /etc/hosts follow.
set_targets() {
    local wanted=$1 k have
    [[ $wanted =~ ^[0-9]+$ ]] && [ "$wanted" -le $MAX_TARGETS ] || die "targets: K must be 0..$MAX_TARGETS"
    have=$(target_count)
    for ((k = have + 1; k <= wanted; k++)); do create_target "$k"; done
    for ((k = wanted + 1; k <= have; k++)); do delete_target "$k"; done
    : > "$(targets_file)"
    for ((k = 1; k <= wanted; k++)); do echo "$(target_address "$k") $(target_name "$k")" >> "$(targets_file)"; done
    rewrite_all_hosts_files
}

# isolate: blackhole routes to the ping targets inside the node (all, or the given ones
# as indexes or addresses). Corosync is not affected; no host-side link is touched. All the
# routes go in with one `ip -batch`: a probe that runs in between must not see some targets
# isolated and not the others (a monitor once failed with one of two targets gone).
target_addresses_from_args() {
    local arg
    [ $# -gt 0 ] || { target_addresses; return; }
    for arg in "$@"; do
        if [[ $arg =~ ^[0-9]+$ ]]; then target_address "$arg"; else echo "$arg"; fi
    done
}

isolate_node() {
    local name=$1 address; shift
    local addresses; addresses=$(target_addresses_from_args "$@")
    [ -n "$addresses" ] || die "isolate: this cluster has no ping targets (xcluster targets K)"
    for address in $addresses; do
        echo "route replace blackhole $address/32"
    done | in_netns_file "$(node_netns_file "$name")" ip -batch -
}

unisolate_node() {
    local name=$1 address; shift
    local routes
    routes=$(in_netns_file "$(node_netns_file "$name")" ip route show type blackhole | awk '{ print $2 }')
    # only the routes that are there (ip -batch stops at the first failing command), in one batch
    for address in $(target_addresses_from_args "$@"); do
        if grep -qxF "$address" <<< "$routes"; then echo "route del blackhole $address/32"; fi
    done | in_netns_file "$(node_netns_file "$name")" ip -batch -
}

# ---- teardown ---------------------------------------------------------------------------

# Idempotent: every step tolerates what is already gone.
delete_network() {
    local file link
    for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E "^$XC_PREFIX-(h|t)[0-9]+$" || true); do
        ip link del "$link" 2>/dev/null || true
    done
    for file in "$XC_BASE"/netns/*; do
        [ -e "$file" ] || continue
        umount "$file" 2>/dev/null || true
        rm -f "$file"
    done
    ip link del "$(bridge_name)" 2>/dev/null || true
}
