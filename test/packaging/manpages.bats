#!/usr/bin/env bats
# The man-page generator on its own (no packages): roff escaping, the examples for kinds of agent
# not in the tree yet (promotable, migratable), and the page of a program without meta-data.

setup() {
  load "${BATS_TEST_DIRNAME}/../helpers"
  cd "$PROJECT_ROOT"
}

@test "text from meta-data cannot become a roff request: leading dots and quotes, backslashes, dashes, non-ASCII" {
  run node --input-type=module -e '
    import { roffText } from "./build/man/render.mjs";
    console.log(JSON.stringify(roffText(".TH evil\n'"'"'quoted\nC:\\path --opt … ∞ é")));'
  assert_success
  assert_output '"\\&.TH evil\n\\&'"'"'quoted\nC:\\epath \\-\\-opt ... infinity \\[u00E9]"'
}

@test "a promotable agent's examples make a promotable clone; a migratable one allows migration" {
  run node --input-type=module -e '
    import { configurationExamples } from "./build/man/examples.mjs";
    const model = {
      dialect: "ocf", entry: { kind: "ocf", name: "drbd" },
      parameters: [{ name: "drbd_resource", type: "string", required: true }, { name: "x", type: "integer", required: false }],
      actions: [{ name: "promote", timeout: "90s" }, { name: "demote", timeout: "90s" }, { name: "migrate_to" }, { name: "migrate_from" },
        { name: "monitor", timeout: "20s", interval: "29s", role: "Promoted" }, { name: "monitor", timeout: "20s", interval: "31s", role: "Unpromoted" }],
    };
    const e = configurationExamples(model);
    console.log(e.crm); console.log("--"); console.log(e.pcs);'
  assert_success
  assert_output 'primitive p_drbd ocf:xenha:drbd \
  params \
    drbd_resource="DRBD_RESOURCE" \
  meta allow-migrate="true" \
  op monitor role="Promoted" interval="29s" timeout="20s" \
  op monitor role="Unpromoted" interval="31s" timeout="20s"
clone cl_drbd p_drbd \
  meta promotable="true" notify="true"
--
pcs resource create p_drbd ocf:xenha:drbd \
  drbd_resource="DRBD_RESOURCE" \
  meta allow-migrate=true \
  op monitor role=Promoted interval=29s timeout=20s monitor role=Unpromoted interval=31s timeout=20s \
  promotable notify=true'
}

@test "a program without meta-data or help gets a page from its manifest summary and its usage line" {
  node build/bundle.mjs >/dev/null
  run node build/manpages.mjs
  assert_success
  run env MANWIDTH=200 man -l dist/man/man8/xenha-xen0-ha-helper.8
  assert_success
  assert_line --regexp '^ +xenha-xen0-ha-helper - Dom0 side of the external/xen0-ha STONITH plugin'
  assert_line --regexp '^ +usage: xen0-ha-helper \{off\|on\|reset\|status\} DOMU \[TIMEOUT-SECONDS\]$'
}
