# shellcheck shell=bash disable=SC2034  # scenario_* are read by lib/e2e.bash
# The production variant of the node crash: each Dom0 has its HP iLO (an iLO simulator,
# test/sim/ilo, whose power-off takes that node down as a power cut would, its guests gone with
# it), and the cluster fences through external/riloe. A Dom0 hangs (every process stopped, as a
# hung kernel: it neither answers nor can fence back); the survivor powers it off through its
# iLO, and the guests run again on the survivor. In flavour ours the hung node then boots again,
# the devices become stonith:fence_xenha_riloe (the fence-agents protocol), and the other Dom0
# hangs in turn.
scenario_title="node hang: fenced through its iLO (external/riloe; ours also fence_xenha_riloe), guests restarted"
scenario_flavours="ours reference"
scenario_programs="Xen riloe"

E2E_ILO_PORT=8443

# e2e_ilo_start NODE: NODE's iLO, reachable from the other Dom0 only, at 127.0.0.1:8443 in
# that node's network namespace (loopback only). It lives in the host's other namespaces, so that
# its power-off hook can crash NODE; its command line names the state dir, so `xcluster down`
# ends it with the cluster.
e2e_ilo_start() {
    local node=$1 peer dir
    peer=$(e2e_other_node "$node")
    dir=$XC_BASE/ilo/$node
    ILOSIM_DIR=$dir "$E2E_ILOSIM" init --model ilo2 --port "$E2E_ILO_PORT"
    ILOSIM_DIR=$dir "$E2E_ILOSIM" hook off -- nsenter --net="$XC_BASE/ilo/host-netns" -- \
        "$PROJECT_ROOT/test/cluster/e2e/lib/ilo-power-cut" "$XC_BASE" "$node"
    nsenter --net="$XC_BASE/netns/node-$peer" env ILOSIM_DIR="$dir" "$E2E_ILOSIM" start >/dev/null
}

# e2e_ilo_fence_xml NODE TYPE: NODE's fencing device of TYPE (external/riloe or
# fence_xenha_riloe), running on the other node only. Both plugins get the same attributes:
# ilo_ca_file is how ours trusts the iLO's certificate, SSL_CERT_FILE (exported by fence_legacy)
# how cluster-glue's does.
e2e_ilo_fence_xml() {
    local node=$1 type=$2 id=ilo-$1 ca
    [ "$type" = fence_xenha_riloe ] && id=ilo-$node-fa
    ca=$XC_BASE/ilo/$node/ca.pem
    local pairs=("hostlist=$node" "ilo_hostname=127.0.0.1:$E2E_ILO_PORT" ilo_user=Administrator ilo_password=secret
                 "ilo_ca_file=$ca" "pcmk_host_list=$node" pcmk_host_check=static-list)
    [ "$type" = external/riloe ] && pairs+=("SSL_CERT_FILE=$ca")
    cat <<XML
<primitive id="$id" class="stonith" type="$type">
  <instance_attributes id="$id-ia">$(nvpairs "$id" "${pairs[@]}")</instance_attributes>
  <operations><op id="$id-monitor" name="monitor" interval="60s" timeout="20s"/></operations>
</primitive>
XML
}

# e2e_ilo_devices TYPE: one device per Dom0, each kept off the node it fences; the devices of
# the other type (and the fixture's external/ssh) removed once the new ones are in place.
e2e_ilo_devices() {
    local type=$1 node id old
    for node in $E2E_DOM0_NODES; do
        id=ilo-$node; [ "$type" = fence_xenha_riloe ] && id=ilo-$node-fa
        # The device and its ban from the node it fences in one update: added one after the
        # other, the scheduler may start the device on that node in between (where its iLO is
        # out of reach), a failed start the scenario did not cause.
        x node1 cibadmin --modify --scope configuration --xml-text "<configuration>
            <resources>$(e2e_ilo_fence_xml "$node" "$type")</resources>
            <constraints><rsc_location id=\"$id-not-on-$node\" rsc=\"$id\" node=\"$node\" score=\"-INFINITY\"/></constraints>
          </configuration>" >/dev/null
    done
    for old in fence-ssh $(for node in $E2E_DOM0_NODES; do
            if [ "$type" = fence_xenha_riloe ]; then echo "ilo-$node"; else echo "ilo-$node-fa"; fi; done); do
        x node1 cibadmin --delete --xml-text "<rsc_location rsc=\"$old\"/>" >/dev/null 2>&1 || true
        x node1 cibadmin --delete --xml-text "<primitive id=\"$old\"/>" >/dev/null 2>&1 || true
    done
    for node in $E2E_DOM0_NODES; do
        id=ilo-$node; [ "$type" = fence_xenha_riloe ] && id=ilo-$node-fa
        wait_until "$E2E_SETTLE_TIMEOUT" resource_runs_on "$id" "$(e2e_other_node "$node")"
    done
    e2e_wait_settled node1
}

resource_runs_on() { [ "$(resource_location "$1")" = "$2" ]; }

# e2e_hang NODE: every process of NODE stopped (SIGSTOP), as a hung kernel: its link stays up,
# it answers nothing, it cannot fence back.
e2e_hang() {
    local node=$1 unshare_pid init_pid pid
    unshare_pid=$(cat "$XC_BASE/node/$node/unshare.pid")
    init_pid=$(cat "/proc/$unshare_pid/task/$unshare_pid/children"); init_pid=${init_pid%% *}
    # -ef compares the namespaces' inodes without a process per pid: the machine has many.
    for pid in /proc/[0-9]*; do
        [[ $pid/ns/pid -ef /proc/$init_pid/ns/pid ]] && kill -STOP "${pid#/proc/}" 2>/dev/null
    done
    return 0
}

scenario_up() {
    E2E_ILOSIM=$PROJECT_ROOT/test/sim/ilo/ilosim
    e2e_dom0_up
    e2e_say "Each Dom0 gets its iLO (simulated, power-off = power cut); fencing moves from external/ssh to external/riloe"
    mkdir -p "$XC_BASE/ilo"
    # The hook runs in the peer's network namespace and needs the host's back (the bridge, the
    # veths): a handle on it below the state dir, which `xcluster down` unmounts.
    : > "$XC_BASE/ilo/host-netns"
    mount --bind /proc/self/ns/net "$XC_BASE/ilo/host-netns"
    for node in $E2E_DOM0_NODES; do e2e_ilo_start "$node"; done
    e2e_ilo_devices external/riloe
    e2e_show
}

# e2e_ilo_hang_and_recover LABEL: hang the Dom0 e2e_failure_victim picks; it must be fenced
# (reboot, through its iLO: a power-off then a power-on in the simulator's log) and its guests
# run again on the other node. Measures "<LABEL> -> powered off by its iLO", "<LABEL> -> fencing
# confirmed", "<LABEL> -> every guest running again" and the phases between (e2e_fencing_phases).
e2e_ilo_hang_and_recover() {
    local label=$1 victim survivor lost guest start confirmed
    victim=$(e2e_failure_victim)
    survivor=$(e2e_other_node "$victim")
    lost=$(e2e_guests_on "$victim")
    ILOSIM_DIR=$XC_BASE/ilo/$victim "$E2E_ILOSIM" log --clear
    e2e_say "$victim hangs with $lost on it"
    start=$(now_ms)
    e2e_hang "$victim"
    # Until the iLO's power-off took it down (asking the cluster before would ask the hung
    # node too: the suite's helpers ask the first running node).
    wait_until "$E2E_FENCE_TIMEOUT" powered_off_since "$victim" "$start"
    wait_until "$E2E_FENCE_TIMEOUT" fenced "$victim" reboot "$start"
    confirmed=$(ms_since "$start")
    for guest in $lost; do wait_guest_on "$guest" "$survivor" "$E2E_RECOVERY_TIMEOUT"; done
    e2e_fencing_phases "$survivor" "$victim" "$start" "$label" "$lost" \
        "powered off by its iLO=$(power_cut_ms "$victim" "$start")" \
        "fencing confirmed=$confirmed" "every guest running again=$(ms_since "$start")"
    for guest in $E2E_GUESTS; do expect_guest_on "$guest" "$survivor"; done
    # The iLO powered it off (the hook took the node down), then on again.
    local commands
    commands=$(ILOSIM_DIR=$XC_BASE/ilo/$victim "$E2E_ILOSIM" log --full)
    sed 's/^/    iLO of '"$victim"': /' <<< "$commands"
    grep -q 'power-off hook ran' <<< "$commands"
    grep -q 'SET_HOST_POWER Y' <<< "$commands"
    x "$survivor" stonith_admin --history "$victim" | sed 's/^/    /'
    E2E_LAST_VICTIM=$victim
}

# power_cut_ms NODE START_MS: when NODE's iLO hook last took it down, in ms since START_MS.
power_cut_ms() {
    awk -v node="$1" -v start="$2" '$4 == node { ms = int($1 * 1000) - start } END { if (ms > 0) print ms; else exit 1 }' \
        "$XC_BASE/ilo/power-cuts.log" 2>/dev/null
}
powered_off_since() { power_cut_ms "$1" "$2" >/dev/null; }

scenario_run() {
    e2e_target "node hang -> every guest running again" 10 0.7
    e2e_ilo_hang_and_recover "node hang"
    [ "$E2E_FLAVOUR" = ours ] || return 0

    e2e_say "$E2E_LAST_VICTIM boots again and rejoins; fencing switches to stonith:fence_xenha_riloe"
    xcluster start "$E2E_LAST_VICTIM"
    xcluster wait 90
    xcluster sshd "$E2E_LAST_VICTIM" "${E2E_DOM0_SSHD:-poweroff}"
    e2e_wait_settled node1
    e2e_ilo_devices fence_xenha_riloe
    e2e_ilo_hang_and_recover "node hang (fence_xenha_riloe)"
}
