#!/bin/sh
# run.sh: the front end's tests. Usage: tests/parse/run.sh PATH/TO/parse_dump
#   ok/*.csp     must parse without errors
#   dump/*.csp   must parse to exactly the tree in the matching .dump file
#   err/*.csp    must fail with every "// expect error: LINE:COL: message"
#                line at the top of the file reported
#   generated    hostile input (NUL bytes, invalid UTF-8, 100,000-deep
#                nesting, 10 MB lines, huge identifiers, truncated files,
#                binary garbage...), written to a temporary folder: the driver
#                must not crash, and must answer briefly with Go's error
#   -i           the REPL's "is this input incomplete?" answers
# A second argument picks a part: "main" (all but the generated input) or
# "generated" (meson runs it in the suite `hostile`, which the GC-torture
# build skips: a 1,000,000-node tree marked every 1,000 allocations is a
# test of patience, not of GC roots). Without it, both run.
# If CSP_CONFORMANCE names a folder (default: ../shared/conformance beside
# the repository, when it exists), every .csp under it must parse as well.
# Prints PASS or FAIL per case; exits 1 if anything failed. Builds nothing.
set -u

PART=${2:-all}
if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -x "$1" ]; then
    echo "usage: $0 PATH/TO/parse_dump [main|generated]" >&2
    exit 2
fi
case $PART in main | generated | all) ;; *)
    echo "$0: unknown part $PART (main, generated)" >&2
    exit 2
    ;;
esac
DRIVER=$1
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
TIMEOUT=
if command -v timeout >/dev/null 2>&1; then TIMEOUT="timeout 120"; fi
npass=0
nfail=0

pass() { npass=$((npass + 1)); echo "PASS $1"; }
fail() { nfail=$((nfail + 1)); echo "FAIL $1: $2"; }

# run NAME FILE [driver flags...]: runs the driver on FILE; leaves the exit
# status in $rc and the outputs in $TMP/out, $TMP/err. Returns 1 (after
# reporting a failure) if the driver crashed or a sanitizer complained.
run() {
    name=$1 file=$2
    shift 2
    $TIMEOUT "$DRIVER" "$@" "$file" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ $rc -gt 1 ]; then
        fail "$name" "exit status $rc (crash or timeout): $(head -c 300 "$TMP/err")"
        return 1
    fi
    if grep -q -e 'Sanitizer' -e 'runtime error:' "$TMP/err"; then
        fail "$name" "sanitizer report: $(grep -m1 -e 'Sanitizer' -e 'runtime error:' "$TMP/err")"
        return 1
    fi
    return 0
}

# expect_ok NAME FILE [flags]: parses cleanly.
expect_ok() {
    name=$1
    run "$@" || return
    if [ $rc -ne 0 ] || [ -s "$TMP/err" ]; then
        fail "$name" "expected no errors, got: $(head -c 300 "$TMP/err")"
    else
        pass "$name"
    fi
}

# expect_err NAME FILE "LINE:COL: message" [max stderr bytes]: that error
# (among others) is reported, and the report stays small. Without the
# position, "message" alone must be reported.
expect_err() {
    name=$1 file=$2 want=$3 max=${4:-100000}
    run "$name" "$file" -q || return
    size=$(wc -c <"$TMP/err")
    case $want in
    [0-9]*) pattern=":$want" ;;
    *) pattern=": $want" ;;
    esac
    if [ $rc -ne 1 ]; then
        fail "$name" "expected an error, got exit status $rc"
    elif ! grep -q -F -e "$pattern" "$TMP/err"; then
        fail "$name" "expected \"$want\", got: $(head -c 300 "$TMP/err")"
    elif [ "$size" -gt "$max" ]; then
        fail "$name" "error report of $size bytes (limit $max)"
    else
        pass "$name"
    fi
}

# repeat STRING COUNT: STRING written COUNT times (single characters are fast).
repeat() {
    if [ ${#1} -eq 1 ]; then
        head -c "$2" /dev/zero | tr '\0' "$1"
    else
        yes "$1" | head -n "$2" | tr -d '\n'
    fi
}

G=$TMP/gen
mkdir "$G"

# part NAME: whether this run includes that part.
part() { [ "$PART" = all ] || [ "$PART" = "$1" ]; }

main_part() {
# ---- ok/ and the conformance corpus ----
for f in "$HERE"/ok/*.csp; do
    expect_ok "ok/$(basename "$f")" "$f" -q
done
CONF=${CSP_CONFORMANCE:-$HERE/../../../shared/conformance}
if [ -d "$CONF" ]; then
    for f in $(find "$CONF" -name '*.csp' | sort); do
        expect_ok "conformance/${f#"$CONF"/}" "$f" -q
    done
fi

# ---- dump/ (and ast_clone of each tree, which must read the same) ----
for f in "$HERE"/dump/*.csp; do
    for flag in "" -c; do
        name="dump/$(basename "$f")${flag:+ (clone)}"
        run "$name" "$f" $flag || continue
        if [ $rc -ne 0 ]; then
            fail "$name" "$(head -c 300 "$TMP/err")"
        elif ! cmp -s "$TMP/out" "${f%.csp}.dump"; then
            fail "$name" "tree differs: $(diff "${f%.csp}.dump" "$TMP/out" | head -5)"
        else
            pass "$name"
        fi
    done
done

# ---- err/ ----
for f in "$HERE"/err/*.csp; do
    name="err/$(basename "$f")"
    run "$name" "$f" -q || continue
    wants=$(sed -n 's#^// expect error: ##p' "$f")
    if [ -z "$wants" ]; then
        fail "$name" "no \"// expect error:\" line"
        continue
    fi
    missing=$(printf '%s\n' "$wants" | while IFS= read -r w; do
        grep -q -F -e ":$w" "$TMP/err" || printf '%s; ' "$w"
    done)
    if [ $rc -ne 1 ]; then
        fail "$name" "expected exit status 1, got $rc"
    elif [ -n "$missing" ]; then
        fail "$name" "missing: $missing got: $(head -c 300 "$TMP/err")"
    else
        pass "$name"
    fi
done

}

generated_part() {
# ---- generated hostile input ----

printf 'package main\n\nfunc main() {\n\tx := 1\000\n}\n' >"$G/nul.csp"
expect_err gen/nul_byte "$G/nul.csp" "4:8: invalid NUL character"

printf 'package main\n\nvar s = "a\377\376b"\n' >"$G/utf8.csp"
expect_err gen/invalid_utf8 "$G/utf8.csp" "3:11: invalid UTF-8 encoding"

printf '\357\273\277x := 1\n' >"$G/bom_start.csp"
expect_ok gen/bom_at_start "$G/bom_start.csp" -q
printf 'x := 1\n\357\273\277y := 2\n' >"$G/bom_mid.csp"
expect_err gen/bom_in_middle "$G/bom_mid.csp" "2:1: invalid BOM in the middle of the file"

printf 'x := "\000\001\033[2J\377"\n' >"$G/controls.csp"
expect_err gen/control_bytes_quoted_safely "$G/controls.csp" "1:7: invalid NUL character"
if tr -d '\n\t' <"$TMP/err" | LC_ALL=C grep -q '[[:cntrl:]]'; then
    fail gen/control_bytes_quoted_safely "control bytes written to the terminal"
fi

head -c 5000 /dev/zero | LC_ALL=C tr '\0' '\276' >"$G/continuation.csp"
expect_err gen/long_line_of_continuation_bytes "$G/continuation.csp" "1:1: invalid UTF-8 encoding" 2000

{ printf 'x := '; repeat '(' 100000; printf '1'; repeat ')' 100000; echo; } >"$G/parens.csp"
expect_err gen/nested_parens_100k "$G/parens.csp" "1:1006: nesting too deep (limit 1000)" 2000

{ printf 'x := '; repeat '[' 100000; echo; } >"$G/brackets.csp"
expect_err gen/nested_brackets_100k "$G/brackets.csp" "1:1006: nesting too deep (limit 1000)" 2000

{ repeat '{' 100000; echo; } >"$G/braces.csp"
expect_err gen/nested_braces_100k "$G/braces.csp" "1:1001: nesting too deep (limit 1000)" 2000

{ printf 'x := T'; repeat '{' 100000; echo; } >"$G/complit.csp"
expect_err gen/nested_literals_100k "$G/complit.csp" "1:1007: nesting too deep (limit 1000)" 2000

{ printf 'x := '; repeat '!' 100000; echo 'true'; } >"$G/unary.csp"
expect_err gen/unary_chain_100k "$G/unary.csp" "1:1006: nesting too deep (limit 1000)" 2000

{ printf 'var x '; repeat 'chan ' 100000; echo 'int'; } >"$G/chans.csp"
expect_err gen/nested_types_100k "$G/chans.csp" "1:5007: nesting too deep (limit 1000)" 2000

{ printf 'x := f'; repeat '(f' 100000; echo; } >"$G/calls.csp"
expect_err gen/nested_calls_100k "$G/calls.csp" "1:2007: nesting too deep (limit 1000)" 2000

{ printf 'if a {} '; repeat 'else if a {} ' 100000; echo; } >"$G/elseif.csp"
expect_err gen/else_if_chain_100k "$G/elseif.csp" "1:13006: nesting too deep (limit 1000)" 2000

{ repeat '(' 999; printf 'x'; repeat ')' 999; echo '()'; } >"$G/parens999.csp"
expect_ok gen/nested_parens_999 "$G/parens999.csp" -q

{ printf 'x := 1'; repeat '+1' 1000000; echo; } >"$G/binary.csp"
expect_ok gen/binary_chain_1M "$G/binary.csp"
expect_ok gen/binary_chain_1M_clone "$G/binary.csp" -c

{ printf 'x := "'; repeat 'a' 10485760; echo '"'; } >"$G/longline.csp"
expect_ok gen/line_10MB "$G/longline.csp" -q

{ printf 'x := "'; repeat 'a' 10485760; echo '" @ 1'; } >"$G/longline_err.csp"
expect_err gen/line_10MB_error "$G/longline_err.csp" "1:10485769: invalid character U+0040 '@'" 2000

{ printf 'x := '; repeat '(' 10485760; echo; } >"$G/longline_deep.csp"
expect_err gen/line_10MB_nesting "$G/longline_deep.csp" "1:1006: nesting too deep (limit 1000)" 2000

{ repeat 'x' 100000; echo ' := 1'; } >"$G/ident.csp"
expect_ok gen/identifier_100k "$G/ident.csp" -q

{ printf 'x := 1 '; repeat 'y' 100000; echo; } >"$G/ident_err.csp"
expect_err gen/identifier_100k_error "$G/ident_err.csp" "1:8: syntax error: unexpected name yyy" 2000

head -c 1500 "$HERE/ok/grammar_corners.csp" >"$G/truncated.csp"
expect_err gen/truncated_file "$G/truncated.csp" "syntax error: unexpected EOF"
i=0
while [ $i -lt 40 ]; do
    head -c $((i * 97 + 13)) "$HERE/ok/grammar_corners.csp" >"$G/cut.csp"
    run "gen/truncated_at_$((i * 97 + 13))" "$G/cut.csp" -q || break
    i=$((i + 1))
done
[ $i -eq 40 ] && pass gen/truncated_at_40_points

expect_err gen/binary_garbage "$DRIVER" "too many errors" 20000

i=0
while [ $i -lt 20000 ]; do
    echo "func f$i(a, b int) int { return a + b + $i }"
    echo "var v$i = f$i(1, 2)"
    i=$((i + 1))
done >"$G/decls.csp"
expect_ok gen/declarations_20k "$G/decls.csp" -q

i=0
while [ $i -lt 30 ]; do
    echo "x$i := ) // error $i"
    i=$((i + 1))
done >"$G/many_errors.csp"
expect_err gen/too_many_errors "$G/many_errors.csp" "10:7: too many errors"
}

repl_part() {

# ---- the REPL's incompleteness test ----
incomplete() {
    name=$1 want=$2 text=$3
    printf '%s' "$text" >"$G/repl.csp"
    run "$name" "$G/repl.csp" -i || return
    got=$(cat "$TMP/out")
    if [ "$got" = "$want" ]; then pass "$name"; else fail "$name" "expected $want, got $got"; fi
}
incomplete repl/open_brace incomplete 'func main() {'
incomplete repl/open_paren incomplete 'fmt.Println(1,'
incomplete repl/open_bracket incomplete 'x := []int{1, 2'
incomplete repl/raw_string incomplete 'x := `abc'
incomplete repl/string incomplete 'x := "abc'
incomplete repl/rune incomplete "x := 'a"
incomplete repl/comment incomplete 'x := 1 /* note'
incomplete repl/operator incomplete 'x := 1 +'
incomplete repl/complete complete 'x := 1'
incomplete repl/closed complete 'func main() {
	println(1)
}'
incomplete repl/string_newline complete 'x := "abc
'
incomplete repl/line_comment complete 'x := 1 // (not open'
incomplete repl/empty complete ''
}

if part main; then main_part; repl_part; fi
if part generated; then generated_part; fi
echo "$npass passed, $nfail failed"
[ $nfail -eq 0 ]
