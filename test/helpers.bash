# Shared setup for every bats file: `load "${BATS_TEST_DIRNAME}/<relative>/helpers"`.
# Runs the built programs as Pacemaker would, with NODE_EXTRA_CA_CERTS unset (Pacemaker has none).
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PROJECT_ROOT
export BATS_LIB_PATH="$PROJECT_ROOT/node_modules"
bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert
unset NODE_EXTRA_CA_CERTS NODE_OPTIONS
export OCF_ROOT=/usr/lib/ocf
export DIST="$PROJECT_ROOT/dist"
export SIM_DIR="$PROJECT_ROOT/test/sim"

# Validate meta-data XML (file or stdin) against ra-api-1.dtd (as ocf-tester does) and metadata.rng.
assert_valid_metadata() {
  local xml="$1"
  (cd /usr/share/resource-agents && xmllint --noout --valid - <"$xml") || return 1
  xmllint --noout --relaxng /usr/share/resource-agents/metadata.rng "$xml" || return 1
}

# The ocf-exit-reason line of the last `run`, or fail.
exit_reason() {
  grep -m1 '^ocf-exit-reason:' <<<"$output" | sed 's/^ocf-exit-reason://'
}
