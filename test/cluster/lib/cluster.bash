# The cluster harness for bats tests. Load it after the shared helpers:
#   load "${BATS_TEST_DIRNAME}/../helpers"
#   load "${BATS_TEST_DIRNAME}/lib/cluster"      # adjust the relative path
# Lifecycle and node control go through the `xcluster` CLI (xcluster --help); this file adds
# the choice of unique knobs and the helpers for assertions. docs/cluster-harness.md has an example.

XC_CLI="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/xcluster"

# ---- choosing a cluster -----------------------------------------------------------------

# cluster_use NAME: export XC_PREFIX, XC_SUBNET and XC_BASE for the cluster called NAME in
# this run. They derive from NAME and the run (BATS_ROOT_PID, or XC_RUN_ID when set), so
# two files, two engineers running the same file, or a Dom0 and a DomU cluster in one file
# never share a name, a subnet or a state dir. Calling it again with the same NAME in the
# same run selects the same cluster (to switch between two clusters).
# Prefixes are "x" + 5 hex digits; subnets are in 10.200.0.0-10.249.255.0, a range that
# hand-picked knobs (10.81.0 ...) stay out of.
cluster_use() {
    local name=${1:?cluster name} run=${XC_RUN_ID:-${BATS_ROOT_PID:-$$}} salt hash prefix subnet base
    for salt in 0 1 2 3 4 5 6 7 8 9; do
        hash=$(printf '%s' "$name:$run:$salt" | sha256sum)
        prefix="x${hash:0:5}"
        subnet="10.$((200 + 16#${hash:5:4} % 50)).$((16#${hash:9:4} % 256))"
        base="/tmp/xcluster-$prefix"
        # ours already (a second call), or free for `up`
        if [ -f "$base/cluster.env" ] || _xc_knobs_are_free "$prefix" "$subnet"; then
            export XC_PREFIX=$prefix XC_SUBNET=$subnet XC_BASE=$base
            return 0
        fi
    done
    echo "cluster_use: no free prefix/subnet for '$name'" >&2
    return 1
}

_xc_knobs_are_free() {
    local prefix=$1 subnet=$2 route
    ! ip link show "$prefix-br" >/dev/null 2>&1 || return 1
    ! { route=$(ip -4 route get "$subnet.2" 2>/dev/null) && [[ $route != *" via "* ]]; }
}

# ---- running things ---------------------------------------------------------------------

xcluster() { "$XC_CLI" "$@"; }

# x NODE CMD...: run CMD in NODE (a name or a 1-based index), with the node's environment.
x() { "$XC_CLI" x "$@"; }

# wait_for NODE TIMEOUT CMD...: run CMD in NODE every 0.25 s until it succeeds (return 0),
# or TIMEOUT seconds pass (print CMD's last output, return 1).
wait_for() {
    local node=$1 timeout=$2; shift 2
    wait_until "$timeout" "$XC_CLI" x "$node" "$@"
}

# wait_until TIMEOUT CMD...: the same on the host.
wait_until() {
    local timeout=$1 deadline output; shift
    deadline=$(($(now_ms) + timeout * 1000))
    until output=$("$@" 2>&1); do
        if [ "$(now_ms)" -ge "$deadline" ]; then
            echo "timed out after ${timeout}s waiting for: $*" >&2
            echo "last output: $output" >&2
            return 1
        fi
        sleep 0.25
    done
}

# The running nodes' names, one per line.
running_nodes() { "$XC_CLI" nodes --running; }

# resource_location RSC [NODE]: the node(s) where RSC runs, space separated (nothing when it
# runs nowhere), as NODE (default: the first running node) sees it.
resource_location() {
    local resource=$1 node=${2:-} output
    [ -n "$node" ] || node=$(running_nodes | head -n 1)
    [ -n "$node" ] || { echo "resource_location: no node is running" >&2; return 1; }
    output=$("$XC_CLI" x "$node" crm_resource --locate --resource "$resource" 2>/dev/null) || return 1
    awk '/is running on:/ {print $6}' <<< "$output" | sort | tr '\n' ' ' | sed 's/ $//'
}

# wait_for_location RSC WHERE TIMEOUT: until resource_location RSC prints WHERE ("" = stopped).
wait_for_location() {
    local resource=$1 where=$2 timeout=$3
    wait_until "$timeout" _xc_location_is "$resource" "$where"
}

_xc_location_is() {
    local now; now=$(resource_location "$1") || return 1
    [ "$now" = "$2" ] || { echo "$1 is on [$now], not [$2]"; return 1; }
}

# cib_apply NODE XML: create one element (XML text, or - for stdin) in the CIB section its
# tag belongs to: primitive/group/clone/master/bundle -> resources, rsc_* -> constraints,
# cluster_property_set -> crm_config.
cib_apply() {
    local node=$1 xml=$2 tag section
    [ "$xml" != - ] || xml=$(cat)
    tag=$(sed -n 's/^[[:space:]]*<\([A-Za-z_-]*\).*/\1/p' <<< "$xml" | grep -v '^$' | head -n 1)
    case "$tag" in
        primitive|group|clone|master|bundle) section=resources ;;
        rsc_*) section=constraints ;;
        cluster_property_set) section=crm_config ;;
        *) echo "cib_apply: no CIB section known for <$tag>; use: x $node cibadmin ..." >&2; return 1 ;;
    esac
    "$XC_CLI" x "$node" cibadmin --create --scope "$section" --xml-text "$xml"
}

# ---- time -------------------------------------------------------------------------------

# now_ms: milliseconds since the epoch (no process started).
now_ms() { local t=${EPOCHREALTIME//[.,]/}; echo "${t:0:-3}"; }

# ms_since START_MS: milliseconds elapsed.
ms_since() { echo $(($(now_ms) - $1)); }

# seconds MS: "4.932"
seconds() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }

# record_timing LABEL MS: show it in the bats output and, with XC_TIMINGS_FILE set, append
# "LABEL<TAB>MS" to that file.
record_timing() {
    local label=$1 ms=$2
    if { true >&3; } 2>/dev/null; then echo "# $label: $(seconds "$ms") s" >&3; else echo "$label: $(seconds "$ms") s"; fi
    if [ -n "${XC_TIMINGS_FILE:-}" ]; then printf '%s\t%s\n' "$label" "$ms" >> "$XC_TIMINGS_FILE"; fi
}

# ---- setup and teardown -----------------------------------------------------------------

# In setup_file: skip the whole file, saying why, when not root.
cluster_require_root() {
    [ "$(id -u)" = 0 ] || skip "needs root: namespaces, mounts and interfaces (run as root or with make root-tests)"
}

# In teardown: when the test failed, print the tail of every node's logs (bats shows it with
# the failure) and keep the logs after `xcluster down`.
cluster_logs_on_failure() {
    [ -n "${BATS_TEST_COMPLETED:-}" ] && return 0
    [ -n "${BATS_TEST_SKIPPED:-}" ] && return 0
    [ -d "${XC_BASE:-/nonexistent}" ] || return 0
    touch "$XC_BASE/keep-logs"
    echo "cluster logs (kept after xcluster down in $XC_BASE/logs):"
    "$XC_CLI" logs "" "${XC_FAILURE_LOG_LINES:-20}" || true
}
