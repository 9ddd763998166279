# The built programs, installed into a private tree of the cluster ($XC_BASE/install, the
# layout of `DESTDIR=$XC_BASE/install make install`), which every node mounts over the host's
# directories (see mount_installed_programs in node-init.bash). The host's /usr is never written.
# Sourced by `xcluster`.

# Directories of the tree that a node bind-mounts whole over the same path (when present).
# shellcheck disable=SC2034  # used by node-init.bash
INSTALL_MOUNTED_DIRS="usr/lib/ocf/resource.d usr/lib/stonith/plugins/external usr/lib/xenha"

create_install_tree() {
    local root; root=$(install_root)
    mkdir -p "$root/usr/lib/ocf" "$root/usr/lib/stonith/plugins"
    # Private copies of the stock directories: our programs sit next to the reference ones.
    cp -a /usr/lib/ocf/resource.d "$root/usr/lib/ocf/"
    rm -rf "$root/usr/lib/ocf/resource.d/xenha"        # never a copy of one installed on the host
    mkdir -p "$root/usr/lib/ocf/resource.d/xenha"
    cp -a /usr/lib/stonith/plugins/external "$root/usr/lib/stonith/plugins/"
    install_programs
    # shellcheck disable=SC2086
    install_fixtures $XC_FIXTURES
    create_install_stubs
}

# `make install` with DESTDIR (node build/install.mjs): every program of src/agents, with its
# links. XC_INSTALL=built (default): when that fails because a program is not built yet,
# `build/install.mjs --built-only` installs the built ones in the same layout and names the others;
# strict: `make install` must succeed; none: only the stock agents and plugins.
install_programs() {
    local output
    case "$XC_INSTALL" in
        none) return 0 ;;
        built|strict) ;;
        *) die "XC_INSTALL must be built, strict or none: '$XC_INSTALL'" ;;
    esac
    if output=$(cd "$PROJECT_ROOT" && DESTDIR="$(install_root)" PREFIX=/usr node build/install.mjs 2>&1); then
        printf '%s\n' "$output" >> "$XC_BASE/install.log"
        return 0
    fi
    [ "$XC_INSTALL" = built ] || die "make install failed (build first: make build):
$output"
    output=$(cd "$PROJECT_ROOT" && DESTDIR="$(install_root)" PREFIX=/usr node build/install.mjs --built-only 2>&1) \
        || die "installing the built programs failed:
$output"
    printf '%s\n' "$output" >> "$XC_BASE/install.log"
    grep '^not built' <<< "$output" | sed 's/^/xcluster: warning: /' >&2 || true
}

# Test fixtures (never part of `make install`), from dist/programs.json: dist/test/<kind>/<name>.
install_fixtures() {
    local name line out dir
    for name in "$@"; do
        line=$(fixture_build_record "$name") \
            || die "fixture '$name' is not built: node build/bundle.mjs --only $name"
        read -r out dir <<< "$line"
        [ -f "$PROJECT_ROOT/$out" ] || die "fixture '$name' is not built ($out): node build/bundle.mjs --only $name"
        mkdir -p "$(install_root)/usr/$dir"
        install -m 755 "$PROJECT_ROOT/$out" "$(install_root)/usr/$dir/$name"
        echo "installed fixture $(install_root)/usr/$dir/$name" >> "$XC_BASE/install.log"
    done
}

# "<out> <installDir>" of a fixture, from the build's own record of what it built.
fixture_build_record() {
    node -e '
        const [file, name] = process.argv.slice(1);
        const all = JSON.parse(require("fs").readFileSync(file, "utf8"));
        const p = all.find((q) => q.fixture && q.name === name);
        if (!p) process.exit(1);
        console.log(`${p.out} ${p.installDir}`);
    ' "$PROJECT_ROOT/dist/programs.json" "$1" 2>/dev/null
}

# A bind mount needs a mount point, and paths like /usr/lib/xenha or /usr/sbin/fence_xenha_*
# do not exist on the host. Inside a node, /usr/lib and /usr/sbin then become read-only
# overlays of a small stub tree over the host's directory; the stub holds the missing
# directory (bind-mounted afterwards) or the sbin links themselves.
create_install_stubs() {
    local root stub; root=$(install_root); stub=$(install_stub_root)
    rm -rf "$stub"
    if [ -d "$root/usr/lib/xenha" ] && [ ! -d /usr/lib/xenha ]; then
        mkdir -p "$stub/usr/lib/xenha"
    fi
    if [ -d "$root/usr/sbin" ] && [ -n "$(ls -A "$root/usr/sbin")" ]; then
        mkdir -p "$stub/usr/sbin"
        cp -a "$root/usr/sbin/." "$stub/usr/sbin/"
    fi
    link_simulated_toolstack "$stub/usr/sbin"
}

# A Dom0 has its toolstack in /usr/sbin, and some callers look only there: pcs runs an agent
# (--agent-validation) with no PATH at all, so the agent searches the default directories.
# The simulator's xl and xm (first on the nodes' PATH anyway) are linked there too.
link_simulated_toolstack() {
    local sbin=$1 dir tool
    for dir in ${XC_SIM_PATH//:/ }; do
        for tool in xl xm; do
            [ -x "$dir/$tool" ] && [ ! -e "/usr/sbin/$tool" ] && [ ! -e "$sbin/$tool" ] || continue
            mkdir -p "$sbin"
            ln -s "$dir/$tool" "$sbin/$tool"
        done
    done
}
