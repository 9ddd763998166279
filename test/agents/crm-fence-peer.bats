#!/usr/bin/env bats
# crm-fence-peer / crm-unfence-peer (one program, two names) against a CIB file (CIB_file, real
# cibadmin) and the DRBD simulator, with DRBD's handler environment; exit codes as DRBD reads them.
# Build first: node build/bundle.mjs --only crm-fence-peer

load "${BATS_TEST_DIRNAME}/../helpers"

setup() {
    FP_DIR="$BATS_TEST_DIRNAME/crm-fence-peer"
    export DRBDSIM_STATE="$BATS_TEST_TMPDIR/drbdsim" DRBDSIM_NODE=node1
    export PATH="$FP_DIR/bin:$SIM_DIR/drbd:$PATH"
    export CIB_file="$BATS_TEST_TMPDIR/cib.xml"
    cp "$FP_DIR/cib.xml" "$CIB_file"
    BIN="$BATS_TEST_TMPDIR/bin"
    mkdir -p "$BIN"
    ln -s "$DIST/helper/crm-fence-peer" "$BIN/crm-fence-peer"
    ln -s "$DIST/helper/crm-fence-peer" "$BIN/crm-unfence-peer"
    LOCKS="--lock-dir=$BATS_TEST_TMPDIR/lock"
    drbdsim init
    drbdsim res add r0 --nodes "node1 node2" --two-primaries --fencing resource-only
    on node1 drbdsim up r0 --primary >/dev/null
    on node2 drbdsim up r0 >/dev/null
    unset DRBD_PEER UP_TO_DATE_NODES
}

on() { local n=$1; shift; DRBDSIM_NODE=$n "$@"; }

# drbd9 NODE MASK: DRBD 9's handler environment on NODE (node ids 0 and 1)
drbd9() {
    export DRBDSIM_NODE=$1 DRBD_RESOURCE=r0 DRBD_MINOR=0 DRBD_CONF=/etc/drbd.conf UP_TO_DATE_NODES=$2
    export DRBD_NODE_ID_0=node1 DRBD_NODE_ID_1=node2 DRBD_MY_NODE_ID=$([[ $1 == node1 ]] && echo 0 || echo 1)
}
# drbd84 NODE: DRBD 8.4's (crm-fence-peer.sh callers)
drbd84() {
    export DRBDSIM_NODE=$1 DRBD_RESOURCE=r0 DRBD_MINOR=0 DRBD_CONF=/etc/drbd.conf DRBD_PEER=$([[ $1 == node1 ]] && echo node2 || echo node1)
    unset UP_TO_DATE_NODES DRBD_MY_NODE_ID DRBD_NODE_ID_0 DRBD_NODE_ID_1
}

constraint() { cibadmin -Q -o constraints; }

node_state() {   # node_state NODE crmd in_ccm expected
    sed -i "s|<node_state id=\"[0-9]\" uname=\"$1\"[^>]*/>|<node_state id=\"${1#node}\" uname=\"$1\" in_ccm=\"$3\" crmd=\"$2\" join=\"down\" expected=\"$4\"/>|" "$CIB_file"
}

@test "without DRBD_RESOURCE: exit 1 and drbdadm's message" {
    run --separate-stderr env -u DRBD_RESOURCE "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 1
    [[ $stderr == *'Environment variable $DRBD_RESOURCE not found (this is normally passed in by drbdadm).'* ]]
}

@test "an unknown option, or a value that is not a name, is refused (exit 1)" {
    drbd9 node1 0x1
    run --separate-stderr "$BIN/crm-fence-peer" "$LOCKS" --bogus
    assert_failure 1
    [[ $stderr == *'unknown option "--bogus"'* ]]
    run --separate-stderr "$BIN/crm-fence-peer" "$LOCKS" --fencing-attribute=--help
    assert_failure 1
    [[ $stderr == *'--fencing-attribute "--help" is not a name'* ]]
}

@test "fence (DRBD 9), peer reachable: the reference's constraint XML, role Promoted, exit 4" {
    drbdsim cut r0
    drbd9 node1 0x00000001
    run --separate-stderr "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 4
    run constraint
    assert_output --partial '<rsc_location rsc="ms-r0" id="drbd-fence-by-handler-r0-ms-r0">'
    assert_output --partial '<rule role="Promoted" score="-INFINITY" id="drbd-fence-by-handler-r0-rule-ms-r0">'
    assert_output --partial '<expression attribute="#uname" operation="ne" value="node1" id="drbd-fence-by-handler-r0-expr-0-ms-r0"/>'
    refute_output --partial 'value="node2"'
    # called again: the same constraint is there
    run --separate-stderr "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 4
    [[ $stderr == *"suitable constraint already placed: 'drbd-fence-by-handler-r0-ms-r0'"* ]]
}

@test "fence: a constraint placed by the peer rejects me: not replaced, exit 1 (DATA INTEGRITY at RISK)" {
    drbdsim cut r0
    drbd9 node2 0x00000002
    run "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 4
    drbd9 node1 0x00000001
    run --separate-stderr "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 1
    [[ $stderr == *"constraint already exists, and rejects me"* ]]
    [[ $stderr == *"DATA INTEGRITY at RISK"* ]]
    run constraint
    assert_output --partial 'value="node2"'
}

@test "fence: peer fenced (offline, expected down): exit 7; unreachable: exit 5 with the constraint placed" {
    drbdsim cut r0
    drbd9 node1 0x1
    node_state node2 offline false down
    run "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 7
    cibadmin -D -X '<rsc_location rsc="ms-r0" id="drbd-fence-by-handler-r0-ms-r0"/>'
    node_state node2 offline true member
    run "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 5
    run constraint
    assert_output --partial 'drbd-fence-by-handler-r0-ms-r0'
}

@test "fence: peer unreachable and my disk not UpToDate: no constraint, exit 5" {
    drbdsim cut r0
    on node1 drbdadm secondary r0
    drbdsim data r0 Outdated --node node1
    drbd9 node1 0x0
    export UP_TO_DATE_NODES=0x1   # as DRBD would still claim for itself; the disk state decides
    node_state node2 offline true member
    run --separate-stderr "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 5
    run constraint
    refute_output --partial rsc_location
}

@test "fence (DRBD 9) without quorum: no constraint, exit 1" {
    drbdsim cut r0
    sed -i 's/have-quorum="1"/have-quorum="0"/' "$CIB_file"
    drbd9 node1 0x1
    run --separate-stderr "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 1
    [[ $stderr == *"I don't have quorum; did not place the constraint!"* ]]
}

@test "fence: all peer disks UpToDate (connected again): no constraint, exit 1" {
    drbd9 node1 0x3
    run --separate-stderr "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 1
    [[ $stderr == *"All peer disks are UpToDate! Did not place the constraint."* ]]
}

@test "fence: no clone holds the DRBD resource: exit 1 with the reference's warning" {
    drbdsim cut r0
    drbd9 node1 0x1
    export DRBD_RESOURCE=r9
    drbdsim res add r9 --nodes "node1 node2" --minor 9
    on node1 drbdsim up r9 >/dev/null
    run --separate-stderr "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 1
    [[ $stderr == *"could not determine the master id of drbd resource r9"* ]]
}

@test "fence (DRBD 8.4 caller, crm-fence-peer.sh form): one expression for me, id <prefix>-expr-<master>" {
    drbdsim init --force --version 8.4
    drbdsim res add r0 --nodes "node1 node2" --two-primaries
    on node1 drbdsim up r0 --primary >/dev/null; on node2 drbdsim up r0 >/dev/null
    drbdsim cut r0
    drbd84 node1
    run "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 4
    run constraint
    assert_output --partial '<expression attribute="#uname" operation="ne" value="node1" id="drbd-fence-by-handler-r0-expr-ms-r0"/>'
}

@test "fence: an older CIB schema gets role Master; --role and --id-prefix are honoured" {
    sed -i 's/validate-with="pacemaker-3.9"/validate-with="pacemaker-3.5"/' "$CIB_file"
    drbdsim cut r0
    drbd9 node1 0x1
    run "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 4
    run constraint
    assert_output --partial 'role="Master"'
    cibadmin -D -X '<rsc_location rsc="ms-r0" id="drbd-fence-by-handler-r0-ms-r0"/>'
    run "$BIN/crm-fence-peer" "$LOCKS" --role=Promoted --id-prefix my-fence
    assert_failure 4
    run constraint
    assert_output --partial 'id="my-fence-r0-ms-r0"'
    assert_output --partial 'role="Promoted"'
}

@test "unfence: no constraint: nothing to do, exit 0" {
    drbd9 node1 0x3
    run --separate-stderr "$BIN/crm-unfence-peer" "$LOCKS"
    assert_success
    [[ $stderr == *"No constraint in place, nothing to do."* ]]
}

@test "unfence after resync (all UpToDate): the constraint is removed, exit 0" {
    drbdsim cut r0
    drbd9 node1 0x1
    run "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 4
    drbdsim heal r0
    drbd9 node1 0x3
    run --separate-stderr "$BIN/crm-unfence-peer" "$LOCKS"
    assert_success
    [[ $stderr == *"Removed constraint 'drbd-fence-by-handler-r0-ms-r0'"* ]]
    run constraint
    refute_output --partial rsc_location
}

@test "unfence --unfence-only-if-owner-match on the rejected node leaves the constraint in place (upstream fix)" {
    drbdsim cut r0
    drbd9 node1 0x1
    run "$BIN/crm-fence-peer" "$LOCKS"
    drbdsim heal r0
    drbd9 node2 0x3
    run --separate-stderr "$BIN/crm-unfence-peer" "$LOCKS" --quiet --flock-required --flock-timeout 0 --unfence-only-if-owner-match
    assert_success
    [[ $stderr == *"Constraint owner does not match, leaving constraint in place."* ]]
    run constraint
    assert_output --partial 'value="node1"'
    # the owner may remove it (the resource agent passes the flags through OCF_RESKEY_unfence_extra_args)
    drbd9 node1 0x3
    OCF_RESKEY_unfence_extra_args="--quiet --unfence-only-if-owner-match" run "$BIN/crm-unfence-peer" "$LOCKS"
    assert_success
    run constraint
    refute_output --partial rsc_location
}

@test "unfence while the peer is still behind: never an empty constraint (drbd-utils#11), exit 1 for 8.4 callers" {
    drbdsim cut r0
    drbd84 node1
    run "$BIN/crm-fence-peer" "$LOCKS"
    assert_failure 4
    before=$(constraint)
    run --separate-stderr "$BIN/crm-unfence-peer" "$LOCKS"
    assert_failure 1
    [[ $stderr == *"NOT all UpToDate, leaving constraint in place."* ]]
    assert_equal "$(constraint)" "$before"
    drbd9 node1 0x1
    run "$BIN/crm-unfence-peer" "$LOCKS"
    assert_success
    assert_equal "$(constraint)" "$before"
}

@test "the lock: --flock-required with the lock held elsewhere fails after --flock-timeout (exit 1)" {
    drbdsim cut r0
    drbd9 node1 0x1
    drbdsim fault slow events2 3 --tool drbdsetup
    "$BIN/crm-fence-peer" "$LOCKS" 3>&- &
    holder=$!
    sleep 1
    SECONDS=0
    run --separate-stderr "$BIN/crm-fence-peer" "$LOCKS" --flock-required --flock-timeout 1
    assert_failure 1
    [[ $stderr == *"Could not get a lock"* ]]
    ((SECONDS < 10))
    wait "$holder" || true
}
