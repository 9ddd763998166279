# shellcheck shell=bash
# What the client suites (drop-in.bats, docs-commands.bats) share: our programs installed once
# per file, shown to Debian's pcs and crmsh in a private mount namespace (with-installed), and
# empty CIB files to configure. Loaded after ../helpers.

CLIENTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# clients_setup_file: skip without root or without the clients; install the built programs
# into $CLIENTS_DEST (the layout of make install).
clients_setup_file() {
    [ "$(id -u)" = 0 ] || skip "needs root (private mount namespace)"
    command -v pcs >/dev/null && command -v crm >/dev/null || skip "pcs and crmsh are not installed"
    cd "$PROJECT_ROOT" && node build/bundle.mjs >/dev/null
    export CLIENTS_DEST="$BATS_FILE_TMPDIR/dest"
    DESTDIR="$CLIENTS_DEST" PREFIX=/usr node build/install.mjs --built-only >/dev/null 2>&1
}

clients_setup() {
    [ "$(id -u)" = 0 ] || skip "needs root (private mount namespace)"
}

# ours CMD...: CMD with our programs installed where the clients look.
ours() {
    "$CLIENTS_DIR/lib/with-installed" "$CLIENTS_DEST" "$BATS_TEST_TMPDIR/overlay-$RANDOM" "$@"
}

# empty_cib FILE: a CIB with no resources; fencing off unless a device is being configured.
empty_cib() {
    cibadmin --empty >"$1"
    CIB_file=$1 crm_attribute --type crm_config --name stonith-enabled --update false >/dev/null
}
