#!/usr/bin/env bats
# Tests of the Xen toolstack simulator itself (xl, xm, xensim).
# Run: BATS_LIB_PATH=/work/main/node_modules /work/main/node_modules/bats/bin/bats test/sim/xen/sim.bats

bats_require_minimum_version 1.5.0

setup() {
    bats_load_library bats-support
    bats_load_library bats-assert
    SIM=$BATS_TEST_DIRNAME
    export PATH="$SIM:$PATH"
    export XENSIM_STATE=$BATS_TEST_TMPDIR/state
    export XENSIM_HOST=node1
    xensim init
    xensim host add node1 --mem 8192
    xensim host add node2 --mem 8192
    CFG=$BATS_TEST_TMPDIR/vm.cfg
    cat > "$CFG" <<'EOF'
# a typical domU config
name = "from-file"
memory = 1024
vcpus = 2
disk = [ 'phy:/dev/vg0/vm,xvda,w' ]
EOF
}

# mkcfg FILE CONTENT: write a config file (printf %b, so \n works)
mkcfg() { printf '%b' "$2" > "$BATS_TEST_TMPDIR/$1"; }

# wait_until SECS CMD...: poll every 0.1 s until CMD succeeds
wait_until() {
    local end=$(( ${EPOCHREALTIME/./} + $1 * 1000000 )); shift
    until "$@"; do
        (( ${EPOCHREALTIME/./} < end )) || return 1
        sleep 0.1
    done
}

listed() { xl list "$1" >/dev/null 2>&1; }
listed_on() { XENSIM_HOST=$1 xl list "$2" >/dev/null 2>&1; }
state_of() { xl list "$1" 2>/dev/null | awk 'NR==2 {print $5}'; }

# ---------------------------------------------------------------- basics

@test "XENSIM_STATE is required" {
    run --separate-stderr env -u XENSIM_STATE "$SIM/xl" list
    assert_failure 1
    [[ $stderr == *"XENSIM_STATE is not set"* ]]
    run --separate-stderr env -u XENSIM_STATE "$SIM/xensim" show
    assert_failure 1
}

@test "xl list: header and Domain-0 row exactly as xl_info.c:list_domains prints them" {
    run --separate-stderr xl list
    assert_success
    assert_equal "${lines[0]}" $'Name                                        ID   Mem VCPUs\tState\tTime(s)'
    assert_equal "${#lines[@]}" 2
    # "%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f"
    local row=${lines[1]}
    assert_equal "${row:0:41}" "$(printf '%-40s ' Domain-0)"
    assert_equal "${row:41:5}" "    0"
    assert_equal "${row:47:5}" " 1024"
    assert_equal "${row:53:5}" "    4"
    assert_equal "${row:58:5}" "     "
    assert_equal "${row:63:6}" "r-----"
    assert_equal "${row:69:2}" "  "
    [[ ${row:71} =~ ^\ *[0-9]+\.[0-9]$ ]]
    assert_equal "${#row}" 79
}

@test "xl list: domU row columns, domid order, and the awk the reference agent uses" {
    xl create -q "$CFG" 'name="vm1"'
    xensim create vm2 --mem 256 --vcpus 1 --paused
    xensim create a-very-long-domain-name-that-is-over-forty-chars --mem 128 --running
    run --separate-stderr xl list
    assert_success
    assert_equal "${#lines[@]}" 5
    local row=${lines[2]}
    assert_equal "${row:0:41}" "$(printf '%-40s ' vm1)"
    assert_equal "${row:41:5}" "    1"
    assert_equal "${row:47:5}" " 1024"
    assert_equal "${row:53:5}" "    2"
    assert_equal "${row:63:6}" "-b----"
    [[ ${lines[3]} == vm2*"--p---"* ]]
    [[ ${lines[4]} == a-very-long-domain-name-that-is-over-forty-chars" "*"r-----"* ]]
    # Xen_Monitor autoset: xl list <d> | awk 'NR==2 {print $4, $3}'
    run bash -c "xl list vm1 | awk 'NR==2 {print \$4, \$3}'"
    assert_output "2 1024"
    # Xen_List_running: names except the header and Domain-0
    run bash -c "xl list | grep -v -e Name -e Domain-0 | awk '{print \$1}'"
    assert_output $'vm1\nvm2\na-very-long-domain-name-that-is-over-forty-chars'
}

@test "xl list DOM: header plus one row; unknown name and unknown id fail like xl" {
    xl create -q "$CFG" 'name="vm1"'
    run --separate-stderr xl list vm1
    assert_success
    assert_equal "${#lines[@]}" 2
    [[ ${lines[1]} == vm1\ * ]]
    run --separate-stderr xl list 1
    assert_success
    [[ ${lines[1]} == vm1\ * ]]
    run --separate-stderr xl list nosuch
    assert_failure 1
    assert_output ""
    assert_equal "$stderr" "nosuch is an invalid domain identifier (rc=-6)"
    run --separate-stderr xl list 42
    assert_failure 1
    assert_equal "$stderr" "Error: Domain '42' does not exist."
    run --separate-stderr xl list vm1 extra
    assert_failure 1
}

@test "xl list -l and -v" {
    xl create -q "$CFG" 'name="vm1"'
    run --separate-stderr xl list -l vm1
    assert_success
    run node -e 'const d = JSON.parse(require("fs").readFileSync(0, "utf8"));
        if (d.length !== 1 || d[0].domid !== 1 || d[0].config.c_info.name !== "vm1" ||
            d[0].config.b_info.max_memkb !== 1048576 || d[0].config.b_info.avail_vcpus.length !== 2) process.exit(1)' <<< "$output"
    assert_success
    run --separate-stderr xl list -v
    assert_success
    [[ ${lines[0]} == *"UUID                            Reason-Code"* ]]
    [[ ${lines[2]} =~ ^vm1\ .*-b----\ +[0-9.]+\ [0-9a-f-]{36}\ +-\ +-$ ]]
    run --separate-stderr xl list -l nosuch
    assert_failure 1
}

@test "xl info: key : value format, memory accounting, filter" {
    run --separate-stderr xl info
    assert_success
    assert_line "host                   : node1"
    assert_line "total_memory           : 8192"
    assert_line "free_memory            : 7168"
    assert_line "nr_cpus                : 4"
    assert_line "xen_version            : 4.17.5"
    assert_line --regexp '^release                : .+'
    xl create -q "$CFG" 'name="vm1"'
    run bash -c 'xl info | grep "^total_memory" | awk "{print \$3}"'
    assert_output 8192
    run xl info free_memory
    assert_output 6144
    XENSIM_HOST=node2 run xl info host
    assert_output node2
}

@test "xl domid / domname" {
    xl create -q "$CFG" 'name="vm1"'
    run xl domid vm1
    assert_success
    assert_output 1
    run xl domname 1
    assert_output vm1
    run --separate-stderr xl domid nope
    assert_failure 1
    assert_equal "$stderr" "Can't get domid of domain name 'nope', maybe this domain does not exist."
    run --separate-stderr xl domname 9
    assert_failure 1
    assert_equal "$stderr" "Can't get domain name of domain id '9', maybe this domain does not exist."
}

# ------------------------------------------------------------ lifecycle

@test "create, shutdown, create again (new domid), destroy" {
    run --separate-stderr xl create "$CFG" 'name="vm1"'
    assert_success
    assert_equal "$stderr" "Parsing config from $CFG"
    assert_equal "$(state_of vm1)" "-b----"
    run --separate-stderr xl shutdown vm1
    assert_success
    assert_equal "$stderr" "Shutting down domain 1"
    run xl list vm1
    assert_failure 1
    xl create -q "$CFG" 'name="vm1"'
    run xl domid vm1
    assert_output 2
    run --separate-stderr xl destroy vm1
    assert_success
    assert_equal "$stderr" ""
    run xl list vm1
    assert_failure
    run --separate-stderr xl destroy 0
    assert_failure 1
    [[ $stderr == "Not destroying domain 0; use -f to force."* ]]
    run --separate-stderr xl destroy 77
    assert_failure 1
    [[ $stderr == *"libxl__destroy_domid: Domain 77:Non-existant domain"*"destroy failed (rc=-21)" ]]
    run --separate-stderr xl shutdown nosuch
    assert_failure 1
    assert_equal "$stderr" "nosuch is an invalid domain identifier (rc=-6)"
}

@test "shutdown -w waits until the guest has shut down" {
    xl create -q "$CFG" 'name="vm1"'
    xensim fault shutdown-delay vm1 1
    local t0=${EPOCHREALTIME/./}
    run --separate-stderr xl shutdown -w vm1
    assert_success
    (( ${EPOCHREALTIME/./} - t0 >= 900000 ))
    [[ $stderr == *"Waiting for 1 domains"*"Domain 1 has been shut down, reason code 0"* ]]
    run xl list vm1
    assert_failure
}

@test "reboot: the guest comes back with a new domid; reboot-gap makes it vanish first" {
    xl create -q "$CFG" 'name="vm1"'
    run --separate-stderr xl reboot vm1
    assert_success
    assert_equal "$stderr" "Rebooting domain 1"
    run xl domid vm1
    assert_output 2
    xensim fault reboot-gap vm1 1
    xl reboot vm1 2>/dev/null
    run xl list vm1
    assert_failure
    wait_until 3 listed vm1
    run xl domid vm1
    assert_output 3
}

@test "pause and unpause" {
    xl create -q "$CFG" 'name="vm1"'
    xl pause vm1
    assert_equal "$(state_of vm1)" "--p---"
    xl unpause vm1
    assert_equal "$(state_of vm1)" "-b----"
    xl create -q -p "$CFG" 'name="vm2"'
    assert_equal "$(state_of vm2)" "--p---"
}

@test "mem-set accepts 512, 512m, 1g, k; rejects junk and > maxmem" {
    mkcfg mm.cfg 'name="vm1"\nmemory=1024\nmaxmem=2048\n'
    xl create -q "$BATS_TEST_TMPDIR/mm.cfg"
    xl mem-set vm1 512
    run bash -c "xl list vm1 | awk 'NR==2 {print \$3}'"
    assert_output 512
    xl mem-set vm1 768m
    run bash -c "xl list vm1 | awk 'NR==2 {print \$3}'"
    assert_output 768
    xl mem-set vm1 1g
    run bash -c "xl list vm1 | awk 'NR==2 {print \$3}'"
    assert_output 1024
    xl mem-set vm1 1572864k
    run bash -c "xl list vm1 | awk 'NR==2 {print \$3}'"
    assert_output 1536
    run --separate-stderr xl mem-set vm1 12x
    assert_failure 1
    assert_equal "$stderr" "invalid memory size: 12x"
    run --separate-stderr xl mem-set vm1 4g
    assert_failure 1
    [[ $stderr == *"memory_dynamic_max must be less than or equal to memory_static_max"*"cannot set domid 1 dynamic max memory to : 4g" ]]
    run --separate-stderr xl mem-set nosuch 512
    assert_failure 1
    assert_equal "$stderr" "nosuch is an invalid domain identifier (rc=-6)"
}

@test "trigger power: ACPI shutdown for HVM, -EINVAL for PV (exit 0), ignore-acpi" {
    mkcfg hvm.cfg 'name="h1"\ntype="hvm"\nmemory=512\n'
    xl create -q "$BATS_TEST_TMPDIR/hvm.cfg"
    run --separate-stderr xl trigger h1 power
    assert_success
    run xl list h1
    assert_failure
    xl create -q "$CFG" 'name="p1"'
    run --separate-stderr xl trigger p1 power
    assert_success
    assert_equal "$stderr" "libxl: error: libxl_domain.c:2200:libxl_send_trigger: Domain 2:Send trigger 'power' failed: Invalid argument"
    run xl list p1
    assert_success
    xl create -q "$BATS_TEST_TMPDIR/hvm.cfg" 'name="h2"'
    xensim fault ignore-acpi h2
    xl trigger h2 power
    run xl list h2
    assert_success
    xl shutdown h2 2>/dev/null
    run xl list h2
    assert_failure
    run --separate-stderr xl trigger p1 bogus
    assert_failure 1
    assert_equal "$stderr" 'Invalid trigger "bogus"'
}

# ------------------------------------------------------------ config files

@test "config: the reference agent's name=\"<dom>\" override; unquoted value is a parse error" {
    run --separate-stderr xl create "$CFG" 'name="vm1"'
    assert_success
    run xl list vm1
    assert_success
    run --separate-stderr xl create "$CFG" name=vm2
    assert_failure 1
    assert_equal "$stderr" "Parsing config from $CFG
$CFG:7: config parsing error near \`vm2': syntax error, unexpected IDENT, expecting STRING or NUMBER or '['
Failed to parse config: Invalid argument"
}

@test "config: comments, quotes, whitespace, ; separators, multi-line lists, last wins, bases" {
    mkcfg a.cfg "# leading comment\n\t name\t=  'sq-name' # trailing comment\nmemory = \"256\" ; vcpus=3\nvif = [ 'bridge=br0',\n        'bridge=br1', ]\nmemory = 0x200\nmaxmem = 01000\nname = \"dq-\\\\\"x\\\\\"\"\n"
    run --separate-stderr xl create "$BATS_TEST_TMPDIR/a.cfg"
    assert_success
    run --separate-stderr xl list 'dq-"x"'
    assert_success
    [[ ${lines[1]} =~ ^dq-\"x\"\ +1\ +512\ +3\  ]]
    run bash -c "xl list -l 1 | grep max_memkb"
    assert_output --partial '"max_memkb": 524288'
    # no newline at the end of the last line is fine
    mkcfg b.cfg 'name="nonl"\nmemory=128'
    run xl create -q "$BATS_TEST_TMPDIR/b.cfg"
    assert_success
}

@test "config: errors (missing file, directory, no name, lexical, python, bad type)" {
    run --separate-stderr xl create "$BATS_TEST_TMPDIR/nope.cfg"
    assert_failure 3
    assert_equal "$stderr" "Failed to read config file: $BATS_TEST_TMPDIR/nope.cfg: No such file or directory"
    run --separate-stderr xl create
    assert_failure 6
    assert_equal "$stderr" "Config file not specified and none in save file"
    mkcfg noname.cfg 'memory=128\n'
    run --separate-stderr xl create -q "$BATS_TEST_TMPDIR/noname.cfg"
    assert_failure 1
    assert_equal "$stderr" "Domain name must be specified."
    mkcfg lex.cfg 'name="x"\nMemory=128\n'
    run --separate-stderr xl create -q "$BATS_TEST_TMPDIR/lex.cfg"
    assert_failure 1
    assert_equal "$stderr" "$BATS_TEST_TMPDIR/lex.cfg:2: config parsing error near \`Memory=128': lexical error
Failed to parse config: Invalid argument"
    mkcfg py.cfg 'name="x"\nmemory = 64 + 2\n'
    run --separate-stderr xl create -q "$BATS_TEST_TMPDIR/py.cfg"
    assert_failure 1
    [[ $stderr == *"config parsing error near \`+': lexical error"*"warning: Config file looks like it contains Python code."* ]]
    mkcfg ty.cfg 'name="x"\ntype="xen"\n'
    run --separate-stderr xl create -q "$BATS_TEST_TMPDIR/ty.cfg"
    assert_failure 1
    assert_equal "$stderr" "Invalid domain type xen."
    mkcfg num.cfg 'name="x"\nmemory="lots"\n'
    run --separate-stderr xl create -q "$BATS_TEST_TMPDIR/num.cfg"
    assert_success
    assert_equal "$stderr" "$BATS_TEST_TMPDIR/num.cfg:2: warning: parameter \`memory' is not a valid number"
    run bash -c "xl list x | awk 'NR==2 {print \$3}'"
    assert_output 32
}

@test "create: name already exists, not enough memory (libxl errors, exit 3, domid consumed)" {
    xl create -q "$CFG" 'name="vm1"'
    run --separate-stderr xl create -q "$CFG" 'name="vm1"'
    assert_failure 3
    assert_equal "$stderr" 'libxl: error: libxl_domain.c:81:libxl__domain_rename: Domain 2:Domain with name "vm1" already exists.
libxl: error: libxl_create.c:1309:initiate_domain_create: Domain 2:cannot make domain: -6'
    xensim host set node1 --free 512
    run xl info free_memory
    assert_output 512
    run --separate-stderr xl create -q "$CFG" 'name="vm2"'
    assert_failure 3
    assert_equal "$stderr" "xc: error: panic: xg_dom_boot.c:120: xc_dom_boot_mem_init: can't allocate low memory for domain: Out of memory
libxl: error: libxl_dom.c:604:libxl__build_dom: xc_dom_boot_mem_init failed: Cannot allocate memory
libxl: error: libxl_create.c:1653:domcreate_rebuild_done: Domain 3:cannot (re-)build domain: -3"
    run xl list vm2
    assert_failure
    xensim host set node1 --free 2048
    xl create -q "$CFG" 'name="vm2"'
    run xl domid vm2
    assert_output 4
}

@test "create with autoballoon: dom0 shrinks, or 'failed to free memory'" {
    xensim host set node1 --autoballoon 1 --free 512
    xl create -q "$CFG" 'name="vm1"'
    run bash -c "xl list Domain-0 | awk 'NR==2 {print \$3}'"
    assert_output 512
    run --separate-stderr xl create -q "$CFG" 'name="vm2"'
    assert_failure 3
    [[ $stderr == *"for dom0 is below the minimum threshold"*"failed to free memory for the domain" ]]
}

# ------------------------------------------------------------ faults

@test "fault ignore-shutdown: shutdown exits 0 but the guest stays; destroy works" {
    xl create -q "$CFG" 'name="vm1"'
    xensim fault ignore-shutdown vm1
    run --separate-stderr xl shutdown vm1
    assert_success
    sleep 0.3
    run xl list vm1
    assert_success
    xl destroy vm1
    run xl list vm1
    assert_failure
}

@test "fault shutdown-delay: the guest disappears only after N s" {
    xl create -q "$CFG" 'name="vm1"'
    xensim fault shutdown-delay vm1 1.5
    xl shutdown vm1 2>/dev/null
    run xl list vm1
    assert_success
    assert_equal "$(state_of vm1)" "-b----"
    wait_until 4 bash -c '! xl list vm1 2>/dev/null'
    run xensim show
    refute_line --regexp '^\(?vm1'
}

@test "crash: ---sc- until destroyed; --restart comes back with a new domid" {
    xl create -q "$CFG" 'name="vm1"'
    xensim crash vm1
    assert_equal "$(state_of vm1)" "---sc-"
    run xl list vm1
    assert_success
    run bash -c "xl list -v vm1 | awk 'NR==2 {print \$8}'"
    assert_output 3
    xl destroy vm1
    run xl list vm1
    assert_failure
    xl create -q "$CFG" 'name="vm2"'
    xensim crash vm2 --restart 0.5
    run xl list vm2
    assert_failure
    wait_until 3 listed vm2
    run xl domid vm2
    assert_output 3
}

@test "dying: -----d; stuck-dying survives destroy for N s and blocks the name" {
    xl create -q "$CFG" 'name="vm1"'
    xensim dying vm1
    assert_equal "$(state_of vm1)" "-----d"
    run xl destroy vm1
    assert_success
    assert_equal "$(state_of vm1)" "-----d"
    xensim clear dying vm1
    assert_equal "$(state_of vm1)" "-b----"
    xensim fault stuck-dying vm1 1.5
    xl destroy vm1
    assert_equal "$(state_of vm1)" "-----d"
    run xl destroy vm1
    assert_success
    run --separate-stderr xl create -q "$CFG" 'name="vm1"'
    assert_failure 3
    [[ $stderr == *'Domain with name "vm1" already exists.'* ]]
    wait_until 4 bash -c '! xl list vm1 2>/dev/null'
    run xl create -q "$CFG" 'name="vm1"'
    assert_success
}

@test "stuck-dying also applies when the guest shuts down by itself" {
    xl create -q "$CFG" 'name="vm1"'
    xensim fault stuck-dying vm1 1
    xl shutdown vm1 2>/dev/null
    assert_equal "$(state_of vm1)" "-----d"
    wait_until 3 bash -c '! xl list vm1 2>/dev/null'
}

@test "vanish: gone for N s (in-guest reboot), then back with a new domid" {
    xl create -q "$CFG" 'name="vm1"'
    xensim vanish vm1 1
    run xl list vm1
    assert_failure
    run xl info free_memory
    assert_output 6144          # memory stays reserved while it reboots
    wait_until 3 listed vm1
    run xl domid vm1
    assert_output 2
}

@test "no-pv: HVM guest without PV drivers needs shutdown -F" {
    mkcfg hvm.cfg 'name="h1"\nbuilder="hvm"\nmemory=512\n'
    xl create -q "$BATS_TEST_TMPDIR/hvm.cfg"
    xensim fault no-pv h1
    run --separate-stderr xl shutdown h1
    assert_failure 1
    assert_equal "$stderr" 'Shutting down domain 1
PV control interface not available: external graceful shutdown not possible.
Use "-F" to fallback to ACPI power event.
shutdown failed (rc=-10)'
    run --separate-stderr xl shutdown -F h1
    assert_success
    [[ $stderr == *"sending ACPI power button event."* ]]
    run xl list h1
    assert_failure
}

@test "fault hang: the subcommand never returns; scoped to a host; clear" {
    xl create -q "$CFG" 'name="vm1"'
    xensim fault hang list --host node1
    run timeout 1 xl list vm1
    assert_failure 124
    XENSIM_HOST=node2 run timeout 1 xl list
    assert_success
    run timeout 1 xl destroy vm1
    assert_success
    xensim clear hang list
    run timeout 1 xl list
    assert_success
    xensim fault hang shutdown
    run timeout 1 xm shutdown x
    assert_failure 124
}

@test "fault slow and fail (with --rc, --msg, --times)" {
    xensim fault slow list 0.6
    local t0=${EPOCHREALTIME/./}
    xl list >/dev/null
    (( ${EPOCHREALTIME/./} - t0 >= 600000 ))
    xensim clear slow
    xensim fault fail create --rc 3 --msg 'libxl: error: simulated\ncreate failure' --times 1
    run --separate-stderr xl create "$CFG" 'name="vm1"'
    assert_failure 3
    assert_equal "$stderr" $'libxl: error: simulated\ncreate failure'
    run xl create -q "$CFG" 'name="vm1"'
    assert_success
    run xensim faults
    assert_output ""
    xensim fault fail list vm1
    run xl list vm1
    assert_failure 1
    run xl list
    assert_success
}

@test "fault garble: list exits 0 with nothing, the header alone, or junk" {
    xensim fault garble list
    run --separate-stderr xl list
    assert_success
    assert_output ""
    xensim clear
    xensim fault garble list --kind header
    run xl list
    assert_success
    assert_output --regexp '^Name +ID +Mem VCPUs'$'\t''State'$'\t''Time\(s\)$'
    run xm list
    assert_success
    assert_output --regexp '^Name +ID +Mem +VCPUs +State +Time\(s\)$'
    xensim clear
    xensim fault garble list vm1 --kind junk
    run xl list vm1
    assert_success
    assert_output --regexp '^x7Fq!'
    refute_output --partial Name
    run xl list
    assert_success
    assert_line --partial Domain-0
    run xensim fault garble list --kind other
    assert_failure
}

@test "faults: list, scope and clear" {
    xensim fault ignore-shutdown vm1 --host node2
    xensim fault migrate-time 3
    xensim fault hang info vm9
    run xensim faults
    assert_line --regexp '^ignore-shutdown +host=node2 +dom=vm1 '
    assert_line --regexp '^migrate-time +host=\* +dom=\* +value=3'
    assert_line --regexp '^hang:info +host=\* +dom=vm9 '
    xensim clear ignore-shutdown vm1
    run xensim faults
    refute_output --partial ignore-shutdown
    xensim clear
    run xensim faults
    assert_output ""
    [ ! -e "$XENSIM_STATE/faults" ]
}

# ------------------------------------------------------------ migration

@test "xl migrate: --incoming / --migratedaway names while in progress, then moved" {
    xl create -q "$CFG" 'name="vm1"'
    xensim alias 10.78.0.12 node2
    xensim fault migrate-time 4
    xl migrate vm1 10.78.0.12 2> "$BATS_TEST_TMPDIR/mig.err" &
    local pid=$!
    wait_until 2 listed_on node2 vm1--incoming
    run bash -c 'XENSIM_HOST=node2 xl list vm1--incoming | awk "NR==2 {print \$5}"'
    assert_output "--p---"
    run xl list vm1
    assert_success                         # live phase: the source still runs as vm1
    wait_until 4 listed vm1--migratedaway
    run xl list vm1
    assert_failure
    assert_equal "$(state_of vm1--migratedaway)" "---ss-"
    wait "$pid"
    run xl list vm1--migratedaway
    assert_failure
    run xl list vm1
    assert_failure
    XENSIM_HOST=node2 run xl list vm1
    assert_success
    [[ ${lines[1]} == vm1\ *"-b----"* ]]
    run cat "$BATS_TEST_TMPDIR/mig.err"
    assert_line "migration target: Ready to receive domain."
    assert_line "migration sender: Target has acknowledged transfer."
    assert_line "migration target: Domain started successsfully."
    assert_equal "${lines[-1]}" "Migration successful."
    # and back, by host name, with no delay
    xensim clear
    XENSIM_HOST=node2 xl migrate vm1 node1 2>/dev/null
    run xl list vm1
    assert_success
}

@test "xl migrate failure after N s: real messages, exit 1, source keeps running as itself" {
    xl create -q "$CFG" 'name="vm1"'
    xensim fault migrate-fail vm1 --after 1
    local t0=${EPOCHREALTIME/./}
    run --separate-stderr xl migrate vm1 node2
    assert_failure 1
    (( ${EPOCHREALTIME/./} - t0 >= 1000000 ))
    [[ $stderr == *"migration target: Domain creation failed (code -3)."*"migration sender: libxl_domain_suspend failed (rc=-3)"*"Migration failed, resuming at sender." ]]
    assert_equal "$(state_of vm1)" "-b----"
    XENSIM_HOST=node2 run xl list
    assert_equal "${#lines[@]}" 2
}

@test "xl migrate failure kinds: suspend, connect, startup, badly; unknown host; no memory; name clash" {
    xl create -q "$CFG" 'name="vm1"'
    xensim fault migrate-fail vm1 --kind suspend
    run --separate-stderr xl migrate vm1 node2
    assert_failure 1
    [[ $stderr == *"migration sender: libxl_domain_suspend failed (rc=-8)"*"Migration failed, failed to suspend at sender." ]]
    listed vm1
    xensim fault migrate-fail vm1 --kind connect
    run --separate-stderr xl migrate vm1 node2
    assert_failure 1
    [[ $stderr == "ssh: connect to host node2 port 22: Connection refused"* ]]
    listed vm1
    xensim fault migrate-fail vm1 --kind startup
    run --separate-stderr xl migrate vm1 node2
    assert_failure 1
    [[ $stderr == *"migration sender: Target reports startup failure (status code 3)."*"Migration failed due to problems at target." ]]
    listed vm1
    run ! listed_on node2 vm1
    xensim clear
    run --separate-stderr xl migrate vm1 nosuchhost
    assert_failure 1
    local pid=${stderr##*process [}; pid=${pid%%]*}
    assert_equal "$stderr" "ssh: Could not resolve hostname nosuchhost: Name or service not known
libxl: error: libxl_utils.c:494:libxl_read_exactly: file/stream truncated reading banner from migration receiver stream
libxl: info: libxl_exec.c:117:libxl_report_child_exitstatus: migration transport process [$pid] exited with error status 255"
    listed vm1
    xensim host set node2 --free 100
    run --separate-stderr xl migrate vm1 node2
    assert_failure 1
    [[ $stderr == *"Out of memory"*"Migration failed, resuming at sender." ]]
    listed vm1
    xensim host set node2 --free 4096
    XENSIM_HOST=node2 xensim create vm1 --mem 128
    run --separate-stderr xl migrate vm1 node2
    assert_failure 1
    [[ $stderr == *'Domain with name "vm1" already exists.'*"(status code 6)."* ]]
    listed vm1
    XENSIM_HOST=node2 xl destroy vm1
    xensim fault migrate-fail vm1 --kind badly
    run --separate-stderr xl migrate vm1 node2
    assert_failure 1
    [[ $stderr == *"Domain state is now undefined !"* ]]
    listed vm1--migratedaway
    listed_on node2 vm1
}

@test "xl migrate killed half way: the source keeps the domain, the target drops its copy" {
    xl create -q "$CFG" 'name="vm1"'
    xensim fault migrate-time 30
    xl migrate vm1 node2 2>/dev/null &
    local pid=$!
    wait_until 2 listed_on node2 vm1--incoming
    kill -9 "$pid"
    wait "$pid" || true
    wait_until 6 bash -c '! XENSIM_HOST=node2 xl list vm1--incoming 2>/dev/null'
    assert_equal "$(state_of vm1)" "-b----"
    # a destroy during migration also aborts it
    xensim clear
    xensim fault migrate-time 2
    xl migrate vm1 node2 2>/dev/null &
    pid=$!
    wait_until 2 listed_on node2 vm1--incoming
    XENSIM_HOST=node2 xl destroy vm1--incoming
    local rc=0
    wait "$pid" || rc=$?
    assert_equal "$rc" 1
    assert_equal "$(state_of vm1)" "-b----"
}

# ------------------------------------------------------------ xm

@test "xm list: xm_brief_list format; unknown domain is 'Error: Domain ... does not exist.' exit 3" {
    XENSIM_HOST=node1 xensim create vm1 --mem 512
    run --separate-stderr xm list
    assert_success
    assert_equal "${lines[0]}" "Name                                        ID   Mem VCPUs      State   Time(s)"
    # '%(name)-40s %(domid)5s %(mem)5d %(vcpus)5d %(state)10s %(cpu_time)8.1f'
    local row=${lines[2]}
    assert_equal "${row:0:41}" "$(printf '%-40s ' vm1)"
    assert_equal "${row:41:5}" "    1"
    assert_equal "${row:47:5}" "  512"
    assert_equal "${row:53:5}" "    1"
    assert_equal "${row:58:11}" "     -b----"
    run --separate-stderr xm list vm1
    assert_success
    assert_equal "${#lines[@]}" 2
    run --separate-stderr xm list nope
    assert_failure 3
    assert_equal "$stderr" "Error: Domain 'nope' does not exist."
}

@test "xm list --long: (status 2) running, (status 1) paused, as the reference agent greps" {
    xensim create vm1 --mem 512
    run bash -c "xm list --long vm1 | grep status | awk '{print \$1,\$2}'"
    assert_output "(status 2)"
    run bash -c "xm list --long vm1 | grep state"
    assert_output --regexp '\(state -b----\)'
    xm pause vm1
    run bash -c "xm list --long vm1 | grep status | awk '{print \$1,\$2}'"
    assert_output "(status 1)"
    run --separate-stderr xm list --long nope
    assert_failure 3
}

@test "xm create name=<dom> (literal), shutdown, destroy, mem-set, trigger, info" {
    run --separate-stderr xm create "$CFG" name=vm1
    assert_success
    assert_equal "$output" $'Using config file "'"$CFG"$'".\nStarted domain vm1 (id=1)'
    run --separate-stderr xm create "$CFG" name=vm1
    assert_failure 1
    assert_equal "$stderr" "Error: VM name 'vm1' already exists as domain 1"
    # the bug lf#2671 is about: quotes are part of the name for xm
    xm create "$CFG" 'name="q"' >/dev/null
    run xm list '"q"'
    assert_success
    run --separate-stderr xm create "$BATS_TEST_TMPDIR/none.cfg" name=x
    assert_failure 1
    [[ $stderr == "Error: Unable to open config file: $BATS_TEST_TMPDIR/none.cfg"* ]]
    xm mem-set vm1 512
    run bash -c "xm list vm1 | awk 'NR==2 {print \$3}'"
    assert_output 512
    run --separate-stderr xm trigger vm1 power
    assert_failure 1
    [[ $stderr == "Error: (22, 'Invalid argument')"* ]]
    xm shutdown vm1
    run xm list vm1
    assert_failure 3
    xm destroy '"q"'
    run --separate-stderr xm destroy '"q"'
    assert_failure 3
    run xm info
    assert_line "host                   : node1"
    assert_line "total_memory           : 8192"
    assert_line --regexp '^free_memory            : [0-9]+$'
}

@test "xm migrate --live: migrating-<name> on the source while in progress" {
    xensim create vm1 --mem 512
    xensim fault migrate-time 2
    xm migrate --live vm1 node2 &
    local pid=$!
    wait_until 2 listed migrating-vm1
    run xm list vm1
    assert_failure 3
    run bash -c "xm list --long migrating-vm1 | grep status | awk '{print \$1,\$2}'"
    assert_output "(status 2)"
    XENSIM_HOST=node2 run xm list vm1
    assert_success
    [[ ${lines[1]} == *"--p---"* ]]
    wait "$pid"
    run xm list migrating-vm1
    assert_failure 3
    XENSIM_HOST=node2 run xm list vm1
    assert_success
    [[ ${lines[1]} == *"-b----"* ]]
    xensim fault migrate-fail
    run --separate-stderr env XENSIM_HOST=node2 xm migrate --live vm1 node1
    assert_failure 1
    [[ $stderr == "Error: /usr/lib/xen/bin/xc_save 27 "*" 0 0 1 failed"* ]]
    run --separate-stderr xm migrate --live vm1 nowhere
    assert_failure 3
}

# ------------------------------------------------------------ call log, hosts, concurrency

@test "call log: one line per invocation, with host and tool; filters" {
    xl list >/dev/null
    xl create -q "$CFG" 'name="vm1"'
    XENSIM_HOST=node2 xm list >/dev/null
    xl list vm1 >/dev/null
    xl destroy vm1
    run xensim calls
    assert_equal "${#lines[@]}" 5
    [[ ${lines[0]} =~ ^[0-9]+\.[0-9]{6}\ node1\ xl\ list$ ]]
    [[ ${lines[1]} =~ ^[0-9.]+\ node1\ xl\ create\ -q\ .*vm.cfg\ name=\"vm1\"$ ]]
    [[ ${lines[2]} =~ ^[0-9.]+\ node2\ xm\ list$ ]]
    run xensim calls --host node2
    assert_equal "${#lines[@]}" 1
    run bash -c 'xensim calls --tool xl | grep -c " xl list"'
    assert_output 2
    run bash -c 'xensim calls | grep -c " destroy "'
    assert_output 1
    xensim calls --clear
    run xensim calls
    assert_output ""
}

@test "hosts: default host is the hostname (auto-created); aliases; show" {
    local hn
    read -r hn < /proc/sys/kernel/hostname
    run env -u XENSIM_HOST "$SIM/xl" info host
    assert_success
    assert_output "$hn"
    run xensim hosts
    assert_line --regexp "^$hn "
    xensim alias 192.0.2.7 node2
    run xensim alias
    assert_output "192.0.2.7 -> node2"
    xensim create vm9 --host node2 --mem 64
    run xensim show --host node2
    assert_line --partial "== host node2: total_memory=8192"
    assert_line --regexp '^vm9 +1 +64 '
}

@test "concurrency: 20 parallel creates of different domains get 20 distinct ids" {
    local i
    for i in $(seq 1 20); do
        mkcfg "c$i.cfg" "name=\"c$i\"\nmemory=64\n"
        xl create -q "$BATS_TEST_TMPDIR/c$i.cfg" &
    done
    wait
    run bash -c "xl list | awk 'NR>2 {print \$2}' | sort -n | uniq | wc -l"
    assert_output 20
    run bash -c "xl list | awk 'NR>2 {print \$2}' | sort -n | tail -1"
    assert_output 20
    run bash -c "xl list | grep -c '^c[0-9]'"
    assert_output 20
    # readers (no lock) never see a half-written state file while writers run
    local j
    for i in $(seq 1 8); do
        ( for j in 1 2 3 4 5; do xl mem-set c1 $(( 40 + j )); xl pause c2; xl unpause c2; done ) &
    done
    for i in $(seq 1 40); do
        ( xl list > "$BATS_TEST_TMPDIR/r$i" 2>&1 || touch "$BATS_TEST_TMPDIR/r$i.failed" ) &
    done
    wait
    run bash -c "ls $BATS_TEST_TMPDIR/*.failed 2>/dev/null | wc -l"
    assert_output 0
    run bash -c "cat $BATS_TEST_TMPDIR/r* | grep -vc -e '^Name' -e '^Domain-0' -e '^c[0-9]*  '"
    assert_output 0
    run bash -c "wc -l < $BATS_TEST_TMPDIR/r17"
    assert_output 22
    # and parallel list/destroy against the same state stay consistent
    for i in $(seq 1 20); do xl destroy "c$i" & xl list >/dev/null & done
    wait
    run bash -c "xl list | wc -l"
    assert_output 2
}
