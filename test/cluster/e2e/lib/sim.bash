# The simulated Xen pool of a Dom0 cluster (test/sim/xen), read and driven from the host:
# every node of a cluster shares the simulator state $XC_BASE/xensim, each node being the Dom0
# host of its own name. Loaded by e2e.bash.

# e2e_xensim ARGS...: the simulator's control CLI on the selected cluster's state.
e2e_xensim() { XENSIM_STATE=$XC_BASE/xensim "$E2E_SIM_DIR/xensim" "$@"; }

# e2e_sim_init HOST...: a fresh pool with these Dom0 hosts.
e2e_sim_init() {
    local host
    e2e_xensim init >/dev/null
    for host in "$@"; do e2e_xensim host add "$host" >/dev/null; done
}

# sim_list HOST: "NAME ID STATE" of each guest of HOST (as `xl list` shows them there).
sim_list() {
    e2e_xensim list --host "$1" | awk 'NR > 1 && $1 != "Domain-0" { print $1, $2, $5 }'
}

# sim_guests_on HOST: names of the domains HOST holds.
sim_guests_on() { sim_list "$1" | awk '{ print $1 }'; }

# sim_where GUEST: "HOST ID STATE" for every host holding a domain named GUEST (or a copy of it
# being migrated: GUEST--incoming, GUEST--migratedaway).
sim_where() {
    local guest=$1 host
    for host in $(e2e_xensim hosts | awk '{ print $1 }'); do
        sim_list "$host" | awk -v host="$host" -v g="$guest" \
            '$1 == g || $1 == g "--incoming" || $1 == g "--migratedaway" { print host, $2, $3, $1 }'
    done
}

# sim_runs_on GUEST HOST: exactly one domain GUEST in the pool, on HOST, running (r or b, not
# paused, shut down, crashed or dying).
sim_runs_on() {
    local where; where=$(sim_where "$1")
    [[ $where =~ ^$2\ [0-9]+\ [r-][b-]----\ $1$ ]] || { echo "simulator: $1 is [${where//$'\n'/; }], not running on $2 alone"; return 1; }
}

# sim_absent GUEST: no domain GUEST on any host.
sim_absent() {
    local where; where=$(sim_where "$1")
    [ -z "$where" ] || { echo "simulator: $1 still exists: ${where//$'\n'/; }"; return 1; }
}

# sim_domid GUEST: its domain id (on the one host that holds it).
sim_domid() { sim_where "$1" | awk 'NR == 1 { print $2 }'; }

# sim_state GUEST: its xl state flags (---sc- when crashed).
sim_state() { sim_where "$1" | awk 'NR == 1 { print $3 }'; }

# sim_calls_since START_MS [GUEST]: the toolstack calls (xl/xm, by any node's agent) made at or
# after START_MS, as "HOST TOOL COMMAND ARGS..."; with GUEST, only those naming it.
sim_calls_since() {
    local start_ms=$1 guest=${2:-}
    e2e_xensim calls | awk -v since="$start_ms" -v g="$guest" '
        {
            split($1, t, "."); ms = t[1] * 1000 + int(substr(t[2] "000", 1, 3))
            if (ms < since) next
            line = $2; for (i = 3; i <= NF; i++) line = line " " $i
            if (g != "") {
                args = ""; for (i = 4; i <= NF; i++) args = args " " $i
                if (args !~ ("(^|[^A-Za-z0-9_])" g "([^A-Za-z0-9_]|$)")) next
            }
            print line
        }'
}
