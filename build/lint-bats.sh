#!/bin/bash
# lint-bats.sh [FILE...]: reject bats lines that start with "! " inside a @test (or inside a
# function defined in a .bats file, which tests call the same way). Bash ignores `set -e` for a
# negated command, so `! cmd` there can never fail the test: write `run ! cmd`, or `run cmd`
# then `assert_failure` / `refute_output`. Without arguments, checks every *.bats file under
# test/. Prints FILE:LINE: TEXT for each offender and exits 1 if any.
set -euo pipefail
cd "$(dirname "$0")/.."
if (($# == 0)); then
    mapfile -t files < <(find test -name '*.bats' -type f | sort)
else
    files=("$@")
fi
status=0
for file in "${files[@]}"; do
    awk -v file="$file" '
        /^@test[ \t]/ || /^(function[ \t]+)?[A-Za-z_][A-Za-z0-9_]*[ \t]*\(\)[ \t]*\{?[ \t]*$/ { in_test = 1; next }
        in_test && /^}[ \t]*$/ { in_test = 0; next }
        in_test {
            line = $0
            sub(/^[ \t]+/, "", line)
            if (line ~ /^![ \t]/) { printf "%s:%d: %s\n", file, FNR, line; bad = 1 }
        }
        END { exit bad }
    ' "$file" || status=1
done
if ((status != 0)); then
    echo 'lint-bats: a line starting with "! " inside a @test (or a function of a .bats file) never fails it (bash ignores set -e there); use "run ! cmd" or "run cmd" with assert_failure' >&2
fi
exit "$status"
