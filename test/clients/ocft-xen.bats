#!/usr/bin/env bats
# resource-agents' own test cases for ocf:heartbeat:Xen (ocft, the shipped
# /usr/share/resource-agents/ocft/configs/Xen), run against ours: AgentRoot pointed at our
# build, the Xen simulator first on PATH as xl. ocft writes under /var/lib, which is an
# overlay on a tmpfs in a private mount namespace. Needs root.

load "${BATS_TEST_DIRNAME}/../helpers"

setup() {
    [ "$(id -u)" = 0 ] || skip "needs root (private mount namespace)"
    command -v ocft >/dev/null && [ -f /usr/share/resource-agents/ocft/configs/Xen ] || skip "ocft or its Xen config is not installed"
    [ -x "$DIST/ocf/Xen" ] || { echo "build first: node build/bundle.mjs --only Xen" >&2; return 1; }
}

@test "ocft's shipped Xen configuration passes against ocf:xenha:Xen (every case, no listed difference)" {
    local dir="$BATS_TEST_TMPDIR"
    mkdir -p "$dir/configs" "$dir/work"
    sed -e "s#AgentRoot /usr/lib/ocf/resource.d/heartbeat#AgentRoot $DIST/ocf#" \
        -e "s#OCFT_xmfile=/etc/xen/vm/xen-f#OCFT_xmfile=$dir/vm1.cfg#" \
        /usr/share/resource-agents/ocft/configs/Xen >"$dir/configs/Xen"
    printf 'name = "vm1"\nmemory = 256\n' >"$dir/vm1.cfg"
    export XENSIM_STATE="$dir/xensim" XENSIM_HOST=node1 PATH="$SIM_DIR/xen:$PATH" OCF_RESOURCE_INSTANCE=vm1
    xensim init
    xensim host add node1
    run unshare -m --propagation private bash -c '
        mount -t tmpfs tmpfs "$1" && mkdir -p "$1/up" "$1/work" &&
        mount -t overlay overlay -o "lowerdir=/var/lib,upperdir=$1/up,workdir=$1/work" /var/lib &&
        ocft make -d "$2" Xen >/dev/null && ocft test Xen' ocft "$dir/work" "$dir/configs"
    assert_success
    assert_equal "$(grep -c ' - .*OK' <<<"$output")" 9
    refute_output --partial FAILED
    # the guest the cases started is stopped again
    assert_equal "$(xensim list --host node1 | awk '$1 == "vm1"')" ""
}
