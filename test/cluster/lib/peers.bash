# Two clusters that see each other, e.g. a DomU cluster whose xen0-ha fencing logs in to the
# Dom0 cluster: `xcluster connect OTHER_BASE` links the two bridges with a veth pair, gives
# every node of each cluster an on-link route to the other's subnet and the other's nodes in
# /etc/hosts, and makes each cluster's ssh trust the other's client key and host keys.
# The pair belongs to the cluster that connected; `down` of either cluster undoes its half.
# Sourced by `xcluster`.

peers_file() { echo "$XC_BASE/peers.list"; }        # lines: <base> <subnet>
peer_link() { echo "$XC_PREFIX-l$1"; }                # our end; the other end is <prefix>-r<k>
peer_link_far_end() { echo "$XC_PREFIX-r$1"; }

# The knobs of another cluster, read from its state dir.
peer_knob() {
    local base=$1 name=$2
    [ -f "$base/$CLUSTER_ENV_NAME" ] || die "no cluster at $base"
    # shellcheck source=/dev/null
    (source "$base/$CLUSTER_ENV_NAME"; echo "${!name}")
}

connect_cluster() {
    local other=$1 other_bridge index
    [ "$other" != "$XC_BASE" ] || die "connect: a cluster cannot connect to itself"
    other_bridge="$(peer_knob "$other" XC_PREFIX)-br"
    grep -q "^$other " "$(peers_file)" 2>/dev/null && die "connect: already connected to $other"
    index=$(($( (cat "$(peers_file)" 2>/dev/null || true) | wc -l) + 1))
    ip link add "$(peer_link "$index")" type veth peer name "$(peer_link_far_end "$index")"
    ip link set "$(peer_link "$index")" master "$(bridge_name)" up
    ip link set "$(peer_link_far_end "$index")" master "$other_bridge" up
    add_peer "$other"
    local ours=$XC_BASE
    XC_BASE=$other "$XC_LIB/xcluster" __add-peer "$ours"     # the other cluster's half
}

# This cluster's half: routes, names and ssh trust towards the cluster at $1.
add_peer() {
    local other=$1 subnet name
    subnet=$(peer_knob "$other" XC_SUBNET)
    echo "$other $subnet" >> "$(peers_file)"
    cat "$other/ssh/client/id_ed25519.pub" >> "$(ssh_dir)/authorized_keys"
    grep -v '^$' "$other/ssh/client/known_hosts" >> "$(ssh_dir)/client/known_hosts"
    rewrite_all_hosts_files
    for name in $(node_names); do add_peer_routes "$name"; done
}

# On-link routes to the peers' subnets (they share the L2 segment through the veth pair).
# A link that goes down loses its routes, so `linkup` and `start` call this again.
add_peer_routes() {
    local name=$1 base subnet
    [ -f "$(peers_file)" ] || return 0
    while read -r base subnet; do
        in_netns_file "$(node_netns_file "$name")" ip route replace "$subnet.0/24" dev eth0 2>/dev/null || true
    done < "$(peers_file)"
}

# "address name" of every node of the peers, for /etc/hosts.
peer_hosts_lines() {
    local base subnet index peer_name
    [ -f "$(peers_file)" ] || return 0
    while read -r base subnet; do
        [ -f "$base/nodes.list" ] || continue
        index=0
        while read -r peer_name; do
            index=$((index + 1))
            echo "$subnet.$((10 + index)) $peer_name"
        done < "$base/nodes.list"
    done < "$(peers_file)"
}

delete_peer_links() {
    local link
    for link in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E "^$XC_PREFIX-[lr][0-9]+$" || true); do
        ip link del "$link" 2>/dev/null || true
    done
}
