#!/usr/bin/env bats
# Every pcs and crm shell command of README.md and docs/*.md is run by a test
# (lib/doc-commands.mjs finds them): the configuration examples here, with Debian's pcs (pcs -f
# FILE) and crmsh (CIB_file) and our programs installed where they look; the commands that need
# a running cluster by e2e scenario 12, which runs docs/migration.md's sections 1 and 4 as they
# are written; the rest by the test named for it below, which must hold the command. A command
# added to the docs that no test runs fails here. Needs root (private mount namespace).

load "${BATS_TEST_DIRNAME}/../helpers"
load "${BATS_TEST_DIRNAME}/lib/clients.bash"

setup_file() {
    clients_setup_file
    export DOC_COMMANDS="$BATS_FILE_TMPDIR/commands.tsv"
    node "$CLIENTS_DIR/lib/doc-commands.mjs" "$PROJECT_ROOT" "$BATS_FILE_TMPDIR/snippets" >"$DOC_COMMANDS"
}

setup() { clients_setup; }

# commands KIND: "FILE:LINE<TAB>TEXT" of each command of that kind.
commands() {
    awk -F'\t' -v kind="$1" '$1 == kind { print $2 "\t" $3 }' "$DOC_COMMANDS"
}

# Where the commands that are neither configuration examples nor docs/migration.md's steps are
# run: "COMMAND<TAB>TEST FILE" (the file must contain COMMAND).
RUN_ELSEWHERE="crm resource trace vm1 start	test/cluster/e2e/scenarios/12-switch-provider.bash
crm resource trace	test/cluster/e2e/scenarios/12-switch-provider.bash
crm ra info	test/clients/drop-in.bats
pcs resource describe	test/packaging/lib/deb-scenario.sh"

@test "the docs' commands are found: configuration examples, code blocks, inline commands" {
    # a floor, so that a broken finder cannot pass the tests below by finding nothing
    [ "$(commands pcs-create | wc -l)" -ge 15 ] || fail "few pcs create examples found: $(commands pcs-create)"
    [ "$(commands crm-config | wc -l)" -ge 11 ] || fail "few crm configure examples found"
    [ "$(commands block | grep -c '^docs/migration.md')" -ge 10 ] || fail "docs/migration.md's steps not found"
    run grep -c 'primitive p_Xen ocf:xenha:Xen params xmfile="/etc/xen/vm/MyDomU"' "$BATS_FILE_TMPDIR"/snippets/*.crm
    assert_output --partial ":1"
}

@test "every pcs create example of README.md and docs/ is accepted by pcs, with our agents, and the CIB verifies" {
    local file where text cib files
    files=$(commands pcs-create | cut -d: -f1 | sort -u)
    for file in $files; do
        cib="$BATS_TEST_TMPDIR/$(basename "$file" .md).xml"
        empty_cib "$cib"
        # a guest for the constraints of docs/evmsscc.md, unless the page creates its own
        if ! commands pcs-create | grep -q "^$file:[0-9]*	pcs resource create vm1 "; then
            run ours pcs -f "$cib" resource create vm1 ocf:xenha:Xen xmfile=/etc/xen/vm/vm1.cfg
            assert_success
        fi
        while IFS=$'\t' read -r where text; do
            [[ $where == "$file":* ]] || continue
            run eval "ours ${text/pcs /pcs -f \"\$cib\" }"
            [ "$status" = 0 ] || fail "$where: $text: exit $status: $output"
        done <<<"$(commands pcs-create)"
        # the page's constraints, on what it created
        while IFS=$'\t' read -r where text; do
            [[ $where == "$file":* && $text == "pcs constraint "* ]] || continue
            run eval "ours ${text/pcs /pcs -f \"\$cib\" }"
            [ "$status" = 0 ] || fail "$where: $text: exit $status: $output"
        done <<<"$(commands inline; commands block)"
        run ours crm_verify -x "$cib"
        [ "$status" = 0 ] || fail "crm_verify after $file's pcs examples: $output"
    done
}

@test "every crm configure example of README.md and docs/ loads with crmsh, with our agents, and verifies" {
    local where snippet cib
    while IFS=$'\t' read -r where snippet; do
        cib="$BATS_TEST_TMPDIR/$(basename "$snippet" .crm).xml"
        empty_cib "$cib"
        CIB_file="$cib" run ours crm configure load update "$snippet"
        [ "$status" = 0 ] || fail "$where: crm configure load update ($(cat "$snippet")): exit $status: $output"
        CIB_file="$cib" run ours crm configure verify
        [ "$status" = 0 ] || fail "$where: crm configure verify ($(cat "$snippet")): exit $status: $output"
    done <<<"$(commands crm-config)"
}

@test "every other pcs and crm command of the docs is run by a test" {
    local where text guide readme_line missing=""
    # the steps scenario 12 runs: docs/migration.md's code blocks of sections 1 and 4
    guide=$(awk '/^## [14]\./ { on = 1; next } /^## / { on = 0 } on' "$PROJECT_ROOT/docs/migration.md")
    grep -q 'doc_block .## 1\.' "$PROJECT_ROOT/test/cluster/e2e/scenarios/12-switch-provider.bash"
    grep -q 'doc_block .## 4\.' "$PROJECT_ROOT/test/cluster/e2e/scenarios/12-switch-provider.bash"
    while IFS=$'\t' read -r where text; do
        [ -n "$where" ] || continue
        [[ $text == "pcs constraint "* ]] && continue   # run with the page's examples above
        if [[ $where == docs/migration.md:* ]]; then
            readme_line=$(sed -n "${where#*:}p" "$PROJECT_ROOT/docs/migration.md")
            grep -qxF -- "$readme_line" <<<"$guide" || missing+=$'\n'"$where: $text (not in sections 1 or 4)"
            continue
        fi
        if [[ $where == README.md:* ]]; then
            # README's short version: the same lines as the guide's
            readme_line=$(sed -n "${where#*:}p" "$PROJECT_ROOT/README.md")
            grep -qxF -- "$readme_line" <<<"$guide" && continue
        fi
        local elsewhere
        elsewhere=$(awk -F'\t' -v c="$text" '$1 == c { print $2 }' <<<"$RUN_ELSEWHERE")
        if [ -n "$elsewhere" ] && grep -qF -- "$text" "$PROJECT_ROOT/$elsewhere"; then continue; fi
        missing+=$'\n'"$where: $text"
    done <<<"$(commands block; commands inline)"
    [ -z "$missing" ] || fail "commands of the docs that no test runs:$missing"
}
