# Knobs of one cluster, the names derived from them, and where its state lives.
# Sourced by `xcluster`. Every name the harness creates on the host starts with XC_PREFIX,
# every address is in XC_SUBNET, and every file is under XC_BASE.

# shellcheck disable=SC2034  # constants used by the other files of the harness
XC_LIB=${XC_LIB:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
PROJECT_ROOT=${PROJECT_ROOT:-$(cd "$XC_LIB/../../.." && pwd)}

MAX_NODES=40          # node i gets $XC_SUBNET.(10+i)
MAX_TARGETS=40        # ping target k gets $XC_SUBNET.(200+k)
CLUSTER_ENV_NAME=cluster.env

die() { echo "xcluster: $*" >&2; exit 1; }
say() { echo "xcluster: $*" >&2; }
regex_escape() { sed 's/[][\\.^$*+?(){}|/]/\\&/g' <<< "$1"; }

# The knobs, from the environment with defaults. Called before anything else.
read_knobs() {
    XC_PREFIX=${XC_PREFIX:-xc}
    XC_SUBNET=${XC_SUBNET:-10.81.0}
    XC_BASE=${XC_BASE:-/tmp/xcluster-$XC_PREFIX}
    XC_DC_DEADTIME=${XC_DC_DEADTIME:-2s}
    XC_TOKEN=${XC_TOKEN:-1000}
    XC_SIM_PATH=${XC_SIM_PATH:-$PROJECT_ROOT/test/sim/xen}
    XC_INSTALL=${XC_INSTALL:-built}
    XC_FIXTURES=${XC_FIXTURES:-}
    XC_NODE_ENV=${XC_NODE_ENV:-}
    XC_POWEROFF_DELAY=${XC_POWEROFF_DELAY:-1}
    XC_STOP_TIMEOUT=${XC_STOP_TIMEOUT:-60}
    XC_VISIBLE_PATHS=${XC_VISIBLE_PATHS:-${BATS_RUN_TMPDIR:-}}
    XC_KEEP_LOGS=${XC_KEEP_LOGS:-0}
    validate_knobs
    # A running cluster keeps the knobs it was started with: later commands only need XC_BASE.
    if [ -f "$XC_BASE/$CLUSTER_ENV_NAME" ]; then
        # shellcheck source=/dev/null
        source "$XC_BASE/$CLUSTER_ENV_NAME"
    fi
}

validate_knobs() {
    [[ $XC_PREFIX =~ ^[a-z][a-z0-9]{0,7}$ ]] \
        || die "XC_PREFIX must be 1-8 lower-case letters/digits starting with a letter (interface names are <= 15 chars): '$XC_PREFIX'"
    [[ $XC_SUBNET =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$ ]] \
        || die "XC_SUBNET must be the first three octets of a /24, like 10.81.0: '$XC_SUBNET'"
    local octet
    for octet in "${BASH_REMATCH[@]:1}"; do
        [ "$octet" -le 255 ] || die "XC_SUBNET octet out of range: '$XC_SUBNET'"
    done
    [[ $XC_BASE =~ ^/[A-Za-z0-9._/-]+$ ]] || die "XC_BASE must be an absolute path without spaces: '$XC_BASE'"
    case "$XC_BASE/" in
        /|/etc/*|/var/*|/run/*|/usr/*|/proc/*|/sys/*|/dev/*|/boot/*|/root/|/tmp/|/home/)
            die "XC_BASE must not be a system directory: '$XC_BASE'" ;;
    esac
}

# Write the knobs of a cluster being created; their presence marks XC_BASE as ours.
save_knobs() {
    local name
    {
        echo "# xcluster knobs, written by 'xcluster up' (pid $$) on $(date -Is)"
        for name in XC_PREFIX XC_SUBNET XC_DC_DEADTIME XC_TOKEN XC_SIM_PATH XC_INSTALL XC_FIXTURES \
                    XC_NODE_ENV XC_POWEROFF_DELAY XC_STOP_TIMEOUT XC_VISIBLE_PATHS; do
            printf '%s=%q\n' "$name" "${!name}"
        done
    } > "$XC_BASE/$CLUSTER_ENV_NAME"
}

cluster_exists() { [ -f "$XC_BASE/$CLUSTER_ENV_NAME" ]; }
require_cluster() { cluster_exists || die "no cluster at $XC_BASE (XC_PREFIX=$XC_PREFIX); run 'xcluster up' first"; }

# ---- nodes ------------------------------------------------------------------------------

nodes_file() { echo "$XC_BASE/nodes.list"; }
node_names() { cat "$(nodes_file)" 2>/dev/null || true; }
node_count() { if [ -f "$(nodes_file)" ]; then wc -l < "$(nodes_file)"; else echo 0; fi; }

# Node names from `up` arguments: a count (node1..N) or the names themselves.
node_names_from_args() {
    [ $# -gt 0 ] || set -- 2
    if [ $# -eq 1 ] && [[ $1 =~ ^[0-9]+$ ]]; then
        [ "$1" -ge 1 ] && [ "$1" -le $MAX_NODES ] || die "node count must be 1..$MAX_NODES"
        seq -f 'node%g' 1 "$1"
        return
    fi
    [ $# -le $MAX_NODES ] || die "at most $MAX_NODES nodes"
    local name seen=" "
    for name in "$@"; do
        [[ $name =~ ^[a-z][a-z0-9-]{0,30}$ ]] || die "node name must be a host name (a-z, 0-9, -; starting with a letter): '$name'"
        [[ $seen == *" $name "* ]] && die "node name given twice: $name"
        seen="$seen$name "
        echo "$name"
    done
}

# A node given by name or by 1-based index -> its name.
node_name() {
    local arg=${1:?node name or index}
    if grep -qx -- "$arg" "$(nodes_file)" 2>/dev/null; then
        echo "$arg"
    elif [[ $arg =~ ^[0-9]+$ ]] && [ "$arg" -ge 1 ] && [ "$arg" -le "$(node_count)" ]; then
        sed -n "${arg}p" "$(nodes_file)"
    else
        die "no node '$arg' in this cluster (nodes: $(node_names | tr '\n' ' '))"
    fi
}

node_index() { grep -nx -- "$1" "$(nodes_file)" | cut -d: -f1; }
node_address() { echo "$XC_SUBNET.$((10 + $(node_index "$1")))"; }
node_dir() { echo "$XC_BASE/node/$1"; }
node_log_dir() { echo "$XC_BASE/logs/$1"; }

# ---- ping targets -----------------------------------------------------------------------

targets_file() { echo "$XC_BASE/targets.list"; }
target_count() { if [ -f "$(targets_file)" ]; then wc -l < "$(targets_file)"; else echo 0; fi; }
target_name() { echo "target$1"; }
target_address() { echo "$XC_SUBNET.$((200 + $1))"; }
target_addresses() { cut -d' ' -f1 "$(targets_file)" 2>/dev/null || true; }

# ---- names on the host ------------------------------------------------------------------

bridge_name() { echo "$XC_PREFIX-br"; }
bridge_address() { echo "$XC_SUBNET.1"; }
node_veth() { echo "$XC_PREFIX-h$(node_index "$1")"; }     # host end; the node end is eth0
target_veth() { echo "$XC_PREFIX-t$1"; }
node_netns_file() { echo "$XC_BASE/netns/node-$1"; }        # a network namespace bound to a file
target_netns_file() { echo "$XC_BASE/netns/target-$1"; }

# ---- files shared by all nodes ----------------------------------------------------------

xensim_state_dir() { echo "$XC_BASE/xensim"; }
install_root() { echo "$XC_BASE/install"; }
install_stub_root() { echo "$XC_BASE/install-stubs"; }
ssh_dir() { echo "$XC_BASE/ssh"; }
node_env_file() { echo "$XC_BASE/node.env"; }
