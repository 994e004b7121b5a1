#!/usr/bin/env bash
# scripts/test.sh: the test command (README; .ci/run calls it). Installs what
# is missing, then builds csp and runs the whole meson test suite in each
# build configuration below, in order, stopping at the first failure.
#
#   scripts/test.sh                 every configuration
#   scripts/test.sh plain asan      only these
#   KEEP_GOING=1 scripts/test.sh    run every configuration even after a failure
#   MESON_TEST_ARGS='lang' scripts/test.sh plain   extra `meson test` arguments
#
# Prints one timing line per phase ("== asan: build: 41.2 s") and a summary.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. scripts/deps.sh

# One configuration per line: NAME | BUILD DIR | meson setup options |
# environment of the tests | meson test arguments. A new build (ThreadSanitizer
# for the concurrency suites, say) is one more line.
CONFIGS=(
    "plain   | build         | | |"
    "asan    | build-asan    | -Db_sanitize=address,undefined -Db_lundef=false
             | ASAN_OPTIONS=detect_leaks=0:detect_stack_use_after_return=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 CSP_TEST_TIMEOUT_MULT=3 CSP_TEST_REPEAT_MAX=1
             | --timeout-multiplier 3 --no-suite tools"
    # The suite `tools` checks the test tools with fakes: it does not depend on
    # the build, so only the plain build runs it. The torture build collects
    # every CSP_GC_TORTURE_EVERY allocations; it runs every other suite but
    # `hostile`, whose 10 MB and 70,000-line inputs test sizes rather than GC
    # roots (the plain and ASan builds run it).
    "torture | build-torture | -Dgc_torture=true
             | CSP_GC_TORTURE_EVERY=${CSP_GC_TORTURE_EVERY:-1000} CSP_TEST_TIMEOUT_MULT=5 CSP_TEST_REPEAT_MAX=1
             | --timeout-multiplier 5 --no-suite tools --no-suite hostile"
    # ThreadSanitizer runs the suite `race` (the concurrency tests and the
    # concurrency conformance corpus), each test once. Boehm's stop-the-world
    # signals hang under TSan (bdwgc #181, #236), so this build never collects
    # (src/api.c); tests that need a collection say `// skip-tsan: REASON`.
    "tsan    | build-tsan    | -Db_sanitize=thread -Db_lundef=false
             | TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 CSP_TEST_TIMEOUT_MULT=5 CSP_TEST_REPEAT_MAX=1 CSP_TEST_TSAN=1
             | --timeout-multiplier 5 --suite race"
)

failures=()
t_all=$(date +%s.%N)

field() { # N LINE: the Nth |-separated field, spaces squeezed
    echo "$2" | tr '\n' ' ' | cut -d'|' -f"$1" | tr -s ' ' | sed 's/^ //; s/ $//'
}

elapsed() { # START
    awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }'
}

fail() { # CONFIG MESSAGE
    echo "FAILED: $1: $2" >&2
    failures+=("$1")
    if [ -z "${KEEP_GOING:-}" ]; then
        echo "== total: $(elapsed "$t_all"); FAILED: ${failures[*]}"
        exit 1
    fi
}

phase() { # CONFIG NAME COMMAND...: runs it, prints its timing line
    local cfg=$1 name=$2 t; shift 2
    t=$(date +%s.%N)
    echo "== $cfg: $name: $*"
    "$@"
    local rc=$?
    echo "== $cfg: $name: $(elapsed "$t")$([ $rc = 0 ] || echo ", exit $rc")"
    return $rc
}

quietly() { # LOG COMMAND...: its output goes to LOG, shown only if it fails
    local log=$1; shift
    "$@" > "$log" 2>&1 || { local rc=$?; cat "$log"; return $rc; }
}

run_config() { # LINE
    local name dir opts envs targs
    name=$(field 1 "$1"); dir=$(field 2 "$1"); opts=$(field 3 "$1")
    envs=$(field 4 "$1"); targs=$(field 5 "$1")
    local reconf=()
    [ -f "$dir/meson-private/coredata.dat" ] && reconf=(--reconfigure)
    # shellcheck disable=SC2086  # the fields are word lists
    phase "$name" setup quietly "$dir.setup.log" meson setup "${reconf[@]}" "$dir" $opts \
        || { fail "$name" "meson setup $dir failed (output above; log: $dir.setup.log)"; return; }
    phase "$name" build meson compile -C "$dir" \
        || { fail "$name" "the build failed (see above)"; return; }
    # shellcheck disable=SC2086
    phase "$name" test env $envs meson test -C "$dir" --print-errorlogs $targs ${MESON_TEST_ARGS:-} \
        || { fail "$name" "tests failed; log: $dir/meson-logs/testlog.txt"; return; }
    if [ ! -x "$dir/csp" ]; then
        fail "$name" "$dir/csp was not built (src/main.c does not exist yet), so the interpreter suites (lang lib errors limit conc regression conformance hostile) are not registered and did not run"
        return
    fi
}

t=$(date +%s.%N)
install_deps || { echo "FAILED: could not install the build dependencies" >&2; exit 1; }
echo "== deps: $(elapsed "$t")"

want=("$@")
for line in "${CONFIGS[@]}"; do
    name=$(field 1 "$line")
    if [ ${#want[@]} != 0 ] && [[ " ${want[*]} " != *" $name "* ]]; then
        continue
    fi
    run_config "$line"
done

if [ ${#failures[@]} != 0 ]; then
    echo "== total: $(elapsed "$t_all"); FAILED: ${failures[*]}"
    exit 1
fi
echo "== total: $(elapsed "$t_all"); all passed"
