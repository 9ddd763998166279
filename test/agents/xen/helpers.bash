# Shared setup of the Xen agent's bats files (test/agents/xen.bats, test/conformance/xen*.bats):
# a fresh simulator state with two Dom0 hosts, stubs for crm_resource / crm_attribute, a domain
# config file, and the agent's environment as Pacemaker sets it.
XEN_TEST_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
XEN_AGENT="$DIST/ocf/Xen"
XEN_REFERENCE=/usr/lib/ocf/resource.d/heartbeat/Xen

# PATH without /usr/sbin: this machine has Debian's xl wrapper there (it fails without a
# hypervisor). The simulator's xl/xm come first, then the cluster-tool stubs.
xen_path() {
    printf '%s' "$SIM_DIR/xen:$XEN_TEST_DIR/bin:/usr/bin:/bin"
}

xen_setup() {
    export XENSIM_STATE="$BATS_TEST_TMPDIR/xensim"
    export XENSIM_HOST=node1
    export XEN_STUB_DIR="$BATS_TEST_TMPDIR/stub"
    mkdir -p "$XEN_STUB_DIR"
    : >"$XEN_STUB_DIR/calls.log"
    PATH="$(xen_path)"
    export PATH
    xensim init
    xensim host add node1
    xensim host add node2
    XEN_CFG="$BATS_TEST_TMPDIR/vm1.cfg"
    cat >"$XEN_CFG" <<'CFG'
# a PV guest
name = "vm1"
memory = 512
vcpus = 2
CFG
    export XEN_CFG
    export OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=rvm1 OCF_RESKEY_xmfile="$XEN_CFG"
    export HA_LOGFILE="$BATS_TEST_TMPDIR/ha.log" HA_debug=1
    # Test only (src/lib/xen/xen-presence.ts): where the agent looks for /proc/xen/capabilities
    # and a running xenstored. Empty: a host without Xen; xen_dom0_evidence stages a Dom0.
    export XENHA_TEST_XEN_ROOT="$BATS_TEST_TMPDIR/xenroot"
    mkdir -p "$XENHA_TEST_XEN_ROOT/proc"
    unset OCF_RESKEY_CRM_meta_interval OCF_RESKEY_CRM_meta_timeout HA_LOGFACILITY
}

# Stage evidence that this host is a Xen Dom0: `xen_dom0_evidence capabilities` (xenfs says
# control_d) or `xen_dom0_evidence xenstored` (a process named oxenstored).
xen_dom0_evidence() {
    case $1 in
        capabilities) mkdir -p "$XENHA_TEST_XEN_ROOT/proc/xen" && echo control_d >"$XENHA_TEST_XEN_ROOT/proc/xen/capabilities" ;;
        xenstored) mkdir -p "$XENHA_TEST_XEN_ROOT/proc/4242" && echo oxenstored >"$XENHA_TEST_XEN_ROOT/proc/4242/comm" ;;
    esac
}

# The simulator's call log without timestamps: "<host> <tool> <args>".
sim_calls() {
    xensim calls "$@" | cut -d' ' -f2-
}

# Names of the domains on a host (not Domain-0), one a line.
sim_domains() {
    xensim list --host "${1:-node1}" | awk 'NR > 2 { print $1 }'
}

# The state column of one domain on a host, empty when it is not listed.
sim_state() {
    xensim list --host "$1" | awk -v name="$2" '$1 == name { print $5 }'
}

# Milliseconds since the epoch, for elapsed-time checks.
now_ms() {
    date +%s%3N
}

# Run the built agent (bats `run`), recording how long it took in $elapsed_ms.
run_agent() {
    local started
    started=$(now_ms)
    run "$XEN_AGENT" "$@"
    elapsed_ms=$(($(now_ms) - started))
}

# A domain running on a host, created the way the agent does (from XEN_CFG).
start_vm1() {
    XENSIM_HOST=${1:-node1} xl create "$XEN_CFG" 'name="vm1"' >/dev/null 2>&1
    xensim calls --clear
}

# Start a migration on node1 in the background (`background_migration xl migrate vm1 node2`);
# stop_background_migration (teardown) ends it.
background_migration() {
    XENSIM_HOST=node1 "$@" >/dev/null 2>&1 3>&- &
    XEN_MIGRATION_PID=$!
}

stop_background_migration() {
    if [[ -n ${XEN_MIGRATION_PID-} ]]; then
        kill "$XEN_MIGRATION_PID" 2>/dev/null || true
        wait "$XEN_MIGRATION_PID" 2>/dev/null || true
        XEN_MIGRATION_PID=
    fi
}

# The agent ended by itself before its op timeout rather than running until Pacemaker would
# kill it. The agent plans to finish 0.5 s early; 1 s more is allowed for creating and reaping
# the process on a loaded machine (the clock here starts before fork and stops after wait).
assert_before_timeout() {
    local timeout_ms=$1
    ((elapsed_ms < timeout_ms + 1000)) || fail "the agent took ${elapsed_ms} ms with a ${timeout_ms} ms timeout"
}
