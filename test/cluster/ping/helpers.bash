# Shared by test/cluster/ping-*.bats: cluster knobs, attribute queries, IPv6 on targets.
# Load after ../helpers and ../lib/cluster.

# ping_cluster_knobs NAME: the cluster's knobs. By default cluster_use NAME (unique per run, so
# two runs never collide); PING_XC_PREFIX/PING_XC_SUBNET pin them instead (by hand: pc, 10.86.0).
ping_cluster_knobs() {
    if [ -n "${PING_XC_PREFIX:-}" ]; then
        export XC_PREFIX=$PING_XC_PREFIX XC_SUBNET=${PING_XC_SUBNET:-10.86.0}
        export XC_BASE=${PING_XC_BASE:-/tmp/xcluster-$XC_PREFIX}
    else
        cluster_use "$1"
    fi
}

# attr NODE NAME: the value attrd holds for NODE (attrd_updater -Q run in NODE); "<unset>"
# when attrd has no such attribute.
attr() {
    local output
    output=$(x "$1" attrd_updater -Q -n "$2" -N "$1" 2>/dev/null) || { echo "<unset>"; return 0; }
    sed -n 's/.*value="\([^"]*\)".*/\1/p' <<< "$output"
}

_attr_is() { local now; now=$(attr "$1" "$2"); [ "$now" = "$3" ] || { echo "$2 on $1 is [$now], not [$3]"; return 1; }; }

# wait_for_attr NODE NAME VALUE TIMEOUT: until attrd_updater -Q in NODE shows VALUE.
wait_for_attr() { wait_until "$4" _attr_is "$1" "$2" "$3"; }

# The attribute in the CIB status section (what the scheduler sees, after the dampening).
cib_attr() {
    x "$1" crm_attribute --type status --node "$1" --name "$2" --query --quiet 2>/dev/null || echo "<unset>"
}
_cib_attr_is() { local now; now=$(cib_attr "$1" "$2"); [ "$now" = "$3" ] || { echo "CIB $2 on $1 is [$now], not [$3]"; return 1; }; }
wait_for_cib_attr() { wait_until "$4" _cib_attr_is "$1" "$2" "$3"; }

# IPv6 in the cluster's network: ULA fd86::<last octet> on a node's and a target's eth0.
# Both live in namespaces the harness removes with the cluster.
ipv6_of() { echo "fd86::$(($(xcluster addr "$1" | cut -d. -f4)))"; }
add_ipv6_to_node() { x "$1" ip -6 addr replace "$(ipv6_of "$1")/64" dev eth0 nodad; }
add_ipv6_to_target() {
    local k=$1 netns
    netns="$(xcluster path base)/netns/target-$k"
    nsenter --net="$netns" ip -6 addr replace "$(ipv6_of "target$k")/64" dev eth0 nodad
}

# isolate6 NODE ADDRESS / unisolate6: the IPv6 counterpart of xcluster isolate (blackhole
# route inside the node).
isolate6() { x "$1" ip -6 route replace blackhole "$2/128"; }
unisolate6() { x "$1" ip -6 route del blackhole "$2/128" 2>/dev/null || true; }

# The last successful result of an operation of RSC on NODE, from the CIB's status section.
last_op() {
    x "$1" cibadmin --query --xpath "//node_state[@uname='$1']//lrm_resource[@id='$2']/lrm_rsc_op[@operation='$3']" 2>/dev/null
}

# The agent's log lines in NODE (Pacemaker's log, where HA_LOGFILE points).
agent_log() { x "$1" grep -a "$2" /var/log/pacemaker/pacemaker.log || true; }
