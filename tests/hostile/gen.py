#!/usr/bin/env python3
"""gen.py: hostile inputs for csp, generated at test time and run one by one.

usage:  tests/hostile/gen.py --csp PATH [--jobs J] [--timeout S] [--only REGEX]
                             [--seed N] [--keep DIR] [--list]
        tests/hostile/gen.py --selftest

Each case is a file that a careless lexer, parser, compiler or runtime would
crash or hang on: binary garbage, NUL bytes, invalid UTF-8, conformance
programs cut at random points, unterminated literals and comments, 100,000
nested brackets and blocks, a 10 MB line, a 100,000-character identifier,
constants out of range, 5,000 and 65,535 locals in one function, tens of
thousands of constants, runaway recursion, huge allocations.

Every case must: exit with one of its allowed statuses (1: a compile error,
2: a panic or fatal error, 0: a valid program, printing what it must); never
die of a signal; print no AddressSanitizer/UBSan report; finish within the
hang guard (--timeout, scaled by CSP_TEST_TIMEOUT_MULT and the case's own
factor) and below the memory guard (CSP_TEST_MAX_RSS_MB, default 4096 MiB
resident; see tests/run.py). Exit 1 needs a FILE:LINE:COL on stderr (NAME.csp:L:C); exit 2 needs
"panic: " or "fatal error: " (and the case's message, when it has one); exit
0 needs the case's stdout exactly and an empty stderr.

The random cases (garbage, truncations) come from --seed (default: fixed, so
runs repeat; the seed is printed). --keep DIR writes the cases there and
keeps them, for reproducing a failure by hand.
"""

import argparse
import concurrent.futures
import json
import os
import random
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import run as runner  # noqa: E402  (tests/run.py: process control, crash and sanitizer detection)

CONFORMANCE = os.path.join(os.path.dirname(HERE), "conformance")
DEFAULT_SEED = 20240611


class Case:
    """One hostile input and what csp may do with it.

    exits: allowed statuses; out: the stdout required on exit 0 (None: any,
    only for cases where exit 0 is not allowed); msg: a stderr fragment
    required on exit 2 (alternatives separated by '|'); err: a fragment
    required on exit 1; slow: the case's hang-guard factor."""

    def __init__(self, name, data, exits, out=None, msg=None, err=None, slow=1.0, why=""):
        self.name = name if name.endswith(".csp") else name + ".csp"
        self.data = data if isinstance(data, bytes) else data.encode("utf-8")
        self.exits, self.out, self.msg, self.err = exits, out, msg, err
        self.slow, self.why = slow, why

    def meta(self):
        return {"exits": self.exits, "out": self.out, "msg": self.msg, "err": self.err}


def prog(body, imports=("fmt",), decls=""):
    imp = "".join('import "%s"\n' % i for i in imports)
    return "package main\n\n%s\n%sfunc main() {\n%s}\n" % (imp, decls, body)


SYNTAX, OK, PANIC = [1], [0], [2]
OK_OR_LIMIT = [0, 1]  # valid, but a documented nesting/size limit may reject it


def cases(seed):
    rnd = random.Random(seed)
    cs = []

    # --- bytes that are not a program
    for i in range(3):
        junk = bytes(rnd.randrange(256) for _ in range(4096)) + b"\xff"
        cs.append(Case("garbage_%d" % i, junk, SYNTAX, why="random bytes"))
    cs.append(Case("garbage_after_package", b"package main\n\n" + bytes(rnd.randrange(256) for _ in range(2048)) + b"\xfe",
                   SYNTAX, why="random bytes after a package clause"))
    cs.append(Case("nul_in_code", b"package main\n\nfunc main() {\n\tx := 1\x00\n\t_ = x\n}\n", SYNTAX,
                   why="Go: invalid NUL character"))
    cs.append(Case("nul_in_string", b'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("a\x00b")\n}\n',
                   SYNTAX, why="Go: invalid NUL character"))
    cs.append(Case("nul_only", b"\x00" * 64, SYNTAX))
    cs.append(Case("utf8_ident", b"package main\n\nfunc main() {\n\tx\xff := 1\n}\n", SYNTAX,
                   why="Go: invalid UTF-8 encoding"))
    cs.append(Case("utf8_string", b'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("\xc3\x28")\n}\n',
                   SYNTAX, why="Go: invalid UTF-8 encoding"))
    cs.append(Case("utf8_comment", b"package main\n\n// \xe2\x82\nfunc main() {\n}\n", SYNTAX,
                   why="Go: invalid UTF-8 encoding"))
    cs.append(Case("utf8_overlong", b"package main\n\nfunc main() {\n\t_ = \"\xc0\xaf\"\n}\n", SYNTAX,
                   why="overlong encoding of '/'"))
    cs.append(Case("bom_in_middle", "package main\n\nfunc main() {\n\t\ufeffx := 1\n}\n", SYNTAX,
                   why="Go: invalid BOM in the middle of the file"))

    # --- unterminated things
    for name, text in [
            ("unterminated_string", 'x := "abc\n\tfmt.Println(x)\n'),
            ("unterminated_string_eof", 'fmt.Println("abc'),
            ("unterminated_rune", "r := 'a\n\tfmt.Println(r)\n"),
            ("unterminated_rune_eof", "r := '"),
            ("unterminated_raw_string", "s := `abc\n\n"),
            ("unterminated_comment", "/* never closed\n\n"),
            ("unterminated_escape", 'fmt.Println("\\'),
            ("unterminated_block", "if true {\n"),
            ("unterminated_call", "fmt.Println(1, 2,\n")]:
        cs.append(Case(name, "package main\n\nimport \"fmt\"\n\nfunc main() {\n\t" + text, SYNTAX))

    # --- conformance programs cut at random points inside func main's body
    # (before the "}" line that closes it): main is left open, so every cut is
    # a syntax error
    sources = sorted(runner.find_tests([os.path.join(CONFORMANCE, "core")])) if os.path.isdir(CONFORMANCE) else []
    picks = rnd.sample(sources, min(8, len(sources)))
    for src in picks:
        text = open(src, "rb").read()
        start = text.find(b"func main() {")
        end = text.find(b"\n}", start) + 1
        if start < 0 or end <= start + 14:
            continue
        for k in range(3):
            cut = rnd.randrange(start + len(b"func main() {"), end)
            base = os.path.basename(src)[:-4]
            cs.append(Case("truncated_%s_%d" % (base, cut), text[:cut], SYNTAX,
                           why="%s cut at byte %d" % (os.path.basename(src), cut)))

    # --- depth: 100,000 nested brackets and blocks
    n = 100000
    cs.append(Case("nested_parens", prog("\tx := " + "(" * n + "1" + ")" * n + "\n\tfmt.Println(x)\n"),
                   OK_OR_LIMIT, out="1\n", slow=2))
    cs.append(Case("nested_parens_open", prog("\tx := " + "(" * n + "\n"), SYNTAX))
    cs.append(Case("nested_brackets_open", prog("\tx := " + "[" * n + "\n"), SYNTAX))
    cs.append(Case("nested_braces_open", prog("\t" + "{" * n + "\n"), SYNTAX))
    cs.append(Case("nested_blocks", prog("\tx := 0\n" + "\t{\n" * n + "\tx++\n" + "\t}\n" * n + "\tfmt.Println(x)\n"),
                   OK_OR_LIMIT, out="1\n", slow=2))
    cs.append(Case("nested_ifs", prog("\tx := 0\n" + "\tif true {\n" * n + "\tx++\n" + "\t}\n" * n + "\tfmt.Println(x)\n"),
                   OK_OR_LIMIT, out="1\n", slow=2))
    cs.append(Case("nested_slices_type", prog("\tvar x " + "[]" * n + "int\n\tfmt.Println(len(x))\n"),
                   OK_OR_LIMIT, out="0\n", slow=2))
    cs.append(Case("nested_composite", prog("\tx := " + "[]any{" * 10000 + "}" * 10000 + "\n\tfmt.Println(len(x))\n"),
                   OK_OR_LIMIT, out="1\n", slow=2, why="10,000 deep: Go itself takes minutes at 100,000"))
    cs.append(Case("nested_unary", prog("\tx := " + "- " * n + "1\n\tfmt.Println(x)\n"),
                   OK_OR_LIMIT, out="1\n", slow=2, why="an even number of minus signs"))
    cs.append(Case("nested_not", prog("\tx := " + "!" * n + "true\n\tfmt.Println(x)\n"),
                   OK_OR_LIMIT, out="true\n", slow=2))
    cs.append(Case("nested_funcs", prog("\tf := " + "func() int { return " * 10000 + "7" + " }()" * 10000 + "\n\tfmt.Println(f)\n"),
                   OK_OR_LIMIT, out="7\n", slow=2, why="10,000 nested closures"))
    cs.append(Case("long_sum", prog("\tx := 0" + " + 1" * n + "\n\tfmt.Println(x)\n"),
                   OK_OR_LIMIT, out="%d\n" % n, slow=2, why="a left-deep tree 100,000 deep"))

    # --- size: a 10 MB line, a 100,000-character identifier
    big = 10 << 20
    cs.append(Case("line_10mb", prog('\ts := "' + "a" * big + '"\n\tfmt.Println(len(s))\n'),
                   OK, out="%d\n" % big, slow=3))
    ident = "v" + "x" * 99999
    cs.append(Case("long_identifier", prog("\t%s := 7\n\tfmt.Println(%s)\n" % (ident, ident)), OK, out="7\n"))
    cs.append(Case("long_comment_line", prog("\t// " + "c" * big + "\n\tfmt.Println(1)\n"), OK, out="1\n", slow=3))

    # --- constants out of range (Go: "... (overflows)"; a literal beyond 512 bits: "constant overflow", go.dev/issue/54280)
    for name, text in [
            ("int_overflow", "x := 9223372036854775808\n\tfmt.Println(x)\n"),
            ("int_overflow_huge", "x := " + "9" * 5000 + "\n\tfmt.Println(x)\n"),
            ("int8_overflow", "var x int8 = 300\n\tfmt.Println(x)\n"),
            ("uint_negative", "var x uint = -1\n\tfmt.Println(x)\n"),
            ("float_overflow", "x := 1e999\n\tfmt.Println(x)\n"),
            ("hex_overflow", "x := 0x1" + "0" * 40 + "\n\tfmt.Println(x)\n")]:
        cs.append(Case(name, prog("\t" + text), SYNTAX, err="overflow"))
    cs.append(Case("float_exponent_huge", prog("\tx := 1e999999999\n\tfmt.Println(x)\n"), SYNTAX,
                   why="exact constant arithmetic must not try 10^999999999"))
    cs.append(Case("shift_huge", prog("\tx := 1 << 100000\n\tfmt.Println(x)\n"), SYNTAX,
                   why="Go: invalid shift count"))
    cs.append(Case("const_shift_huge", prog("\tfmt.Println(1 << 100000 >> 99998)\n"), SYNTAX,
                   why="Go: invalid shift count (above 1074)"))
    cs.append(Case("const_big_exact", prog("\tfmt.Println(1 << 500 >> 498)\n"), OK, out="4\n",
                   why="exact constant arithmetic within Go's 512-bit limit"))
    cs.append(Case("const_shift_1000", prog("\tfmt.Println(1 << 1000 >> 998)\n"), OK_OR_LIMIT, out="4\n",
                   why="Go says 'constant shift overflow' (its 512-bit limit); exact arithmetic gives 4"))

    # --- many locals in one function (both must run)
    for k in (5000, 65535):
        vals = ["\tv%d := %d\n" % (i, i) for i in range(k - 1)]
        sums = ["\ts += v%d\n" % i for i in range(k - 1)]
        cs.append(Case("locals_%d" % k, prog("".join(vals) + "\ts := 0\n" + "".join(sums) + "\tfmt.Println(s)\n"),
                       OK, out="%d\n" % ((k - 1) * (k - 2) // 2), slow=3,
                       why="%d locals (v0..v%d and s)" % (k, k - 2)))

    # --- thousands of constants
    nc = 10000
    decls = "const (\n" + "".join("\tc%d = %d\n" % (i, 3 * i) for i in range(nc)) + ")\n\n"
    cs.append(Case("const_decls", prog("\tfmt.Println(c0 + c%d)\n" % (nc - 1), decls=decls), OK,
                   out="%d\n" % (3 * (nc - 1)), slow=2))
    decls = "const (\n\tk0 = iota * 2\n" + "".join("\tk%d\n" % i for i in range(1, nc)) + ")\n\n"
    cs.append(Case("const_iota", prog("\tfmt.Println(k%d)\n" % (nc - 1), decls=decls), OK,
                   out="%d\n" % (2 * (nc - 1)), slow=2))
    nl = 70000
    lits = [1000003 + 7 * i for i in range(nl)]
    cs.append(Case("int_literals_70000", prog("\ts := 0\n" + "".join("\ts += %d\n" % v for v in lits) + "\tfmt.Println(s)\n"),
                   OK, out="%d\n" % sum(lits), slow=3, why="distinct literals beyond any 16-bit constant index"))
    strs = ["s%d" % i for i in range(nl)]
    cs.append(Case("string_literals_70000", prog("\tn := 0\n" + "".join('\tn += len("%s")\n' % s for s in strs) + "\tfmt.Println(n)\n"),
                   OK, out="%d\n" % sum(len(s) for s in strs), slow=3))
    cs.append(Case("float_literals_70000", prog("\tf := 0.0\n" + "".join("\tf += %d.5\n" % i for i in range(nl)) + "\tfmt.Println(int(f))\n"),
                   OK, out="%d\n" % (sum(range(nl)) + nl // 2), slow=3))

    # --- runaway recursion (Go: "runtime: goroutine stack exceeds ...", then this)
    so = "fatal error: stack overflow"
    cs.append(Case("recursion_plain", prog("\tf()\n", imports=(), decls="func f() { f() }\n\n"), PANIC, msg=so, slow=3))
    cs.append(Case("recursion_args", prog("\tfmt.Println(g(0))\n", decls="func g(n int) int { return g(n+1) + 1 }\n\n"),
                   PANIC, msg=so, slow=3))
    cs.append(Case("recursion_closure", prog("\tvar f func(int) int\n\tf = func(n int) int { return f(n+1) * 2 }\n\tfmt.Println(f(0))\n"),
                   PANIC, msg=so, slow=3))
    cs.append(Case("recursion_mutual", prog("\tfmt.Println(a(1))\n",
                                            decls="func a(n int) int { return b(n) + 1 }\n\nfunc b(n int) int { return a(n) + 1 }\n\n"),
                   PANIC, msg=so, slow=3))
    cs.append(Case("recursion_method", prog("\tvar t T\n\tt.m()\n", imports=(),
                                            decls="type T struct{ a, b, c int }\n\nfunc (t T) m() { t.m() }\n\n"),
                   PANIC, msg=so, slow=3))
    cs.append(Case("recursion_goroutine", prog("\tdone := make(chan bool)\n\tgo func() { f(); done <- true }()\n\t<-done\n",
                                               imports=(), decls="func f() { f() }\n\n"),
                   PANIC, msg=so, slow=3))
    cs.append(Case("recursion_defer", prog("\tf()\n", imports=(), decls="func f() { defer f() }\n\n"),
                   PANIC, msg=so, slow=3, why="each deferred call defers another"))

    # --- huge allocations
    for name, text, msg in [
            ("make_len_huge", "s := make([]int, 1<<62)\n\tfmt.Println(len(s))\n", "makeslice: len out of range"),
            ("make_len_negative", "n := -1\n\ts := make([]int, n)\n\tfmt.Println(len(s))\n", "makeslice: len out of range"),
            ("make_cap_huge", "s := make([]int, 0, 1<<62)\n\tfmt.Println(cap(s))\n", "makeslice: cap out of range"),
            ("make_bytes_1pb", "n := 1 << 50\n\tb := make([]byte, n)\n\tfmt.Println(len(b))\n",
             "makeslice: len out of range|out of memory"),
            ("make_chan_huge", "c := make(chan int, 1<<62)\n\tfmt.Println(cap(c))\n", "makechan: size out of range"),
            ("append_huge", "s := make([]int, 1)\n\tn := 1 << 61\n\ts = append(s, make([]int, n)...)\n\tfmt.Println(len(s))\n",
             "makeslice: len out of range|growslice: cap out of range|growslice: len out of range|out of memory")]:
        cs.append(Case(name, prog("\t" + text), PANIC, msg=msg))
    cs.append(Case("repeat_huge", prog('\ts := strings.Repeat("ab", 1<<62)\n\tfmt.Println(len(s))\n', imports=("fmt", "strings")),
                   PANIC, msg="strings: Repeat output length overflow|strings: Repeat count causes overflow",
                   why="Go 1.22 changed the message"))
    cs.append(Case("make_map_huge", prog("\tm := make(map[int]int, 1<<62)\n\tm[1] = 2\n\tfmt.Println(len(m))\n"),
                   OK, out="1\n", why="Go ignores a size hint it cannot honour"))
    return cs


# ---------------------------------------------------------------------------

FILE_LINE_COL = r"(?<![\w.-])%s:\d+:\d+"


def judge(case, r):
    """None when the run is acceptable, else the reason."""
    err = r.err_text
    rep = runner.sanitizer_report(err)
    if rep:
        return "sanitizer report: %s" % runner.clip(rep, 160)
    if r.timed_out or r.rc < 0 or r.rc >= 124:
        return runner.describe_status(r)
    if r.rc not in case.exits:
        first = next((l for l in err.split("\n") if l.strip()), "")
        return "exit %d, allowed %s%s" % (r.rc, "|".join(map(str, case.exits)),
                                         "; stderr: " + runner.clip(first) if first else "")
    if r.rc == 1:
        if not re.search(FILE_LINE_COL % re.escape(case.name), err):
            return "exit 1 but stderr has no %s:LINE:COL: %s" % (case.name, runner.clip(err.strip()[:200]) or "(empty)")
        if case.err and case.err not in err:
            return "exit 1 but stderr lacks '%s'" % case.err
    if r.rc == 2:
        if "panic: " not in err and "fatal error: " not in err:
            return "exit 2 but stderr has neither 'panic: ' nor 'fatal error: '"
        if case.msg and not any(m in err for m in case.msg.split("|")):
            return "exit 2 but stderr lacks '%s'" % case.msg
    if r.rc == 0:
        if case.out is not None and r.out != case.out.encode():
            got = r.out[:80].decode("utf-8", "replace")
            return "stdout %r (%d bytes), want %r" % (got, len(r.out), case.out)
        if err:
            return "exit 0 but stderr is not empty: %s" % runner.clip(err.strip().split("\n")[0])
    return None


def run_cases(csp, cs, folder, opts):
    base_limit = opts.timeout * runner.timeout_mult()

    def one(case):
        path = os.path.join(folder, case.name)
        r = runner.execute([csp, case.name], folder, b"", dict(os.environ), base_limit * case.slow)
        return case, judge(case, r), r

    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as ex:
        for case, reason, r in ex.map(one, cs):
            if reason:
                failed += 1
                print("FAIL %s: %s%s" % (case.name, reason, " (%s)" % case.why if case.why else ""), flush=True)
            elif opts.verbose:
                print("PASS %s (exit %d, %.2f s)" % (case.name, r.rc, r.seconds), flush=True)
    return len(cs) - failed, failed


def write_cases(cs, folder):
    for c in cs:
        with open(os.path.join(folder, c.name), "wb") as f:
            f.write(c.data)


def parse_args(argv):
    ap = argparse.ArgumentParser(description="hostile inputs for csp")
    ap.add_argument("--csp", default=os.environ.get("CSP"))
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=runner.DEFAULT_TIMEOUT,
                    help="hang guard per case, seconds (times the case's factor and CSP_TEST_TIMEOUT_MULT)")
    ap.add_argument("--only", help="only cases whose name matches this regex")
    ap.add_argument("--seed", type=int, default=int(os.environ.get("CSP_HOSTILE_SEED", DEFAULT_SEED)))
    ap.add_argument("--keep", help="write the cases into this folder and keep them")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--selftest", action="store_true", help="check this harness with fake interpreters")
    return ap, ap.parse_args(argv)


def main(argv):
    ap, o = parse_args(argv)
    if o.selftest:
        return selftest()
    cs = cases(o.seed)
    if o.only:
        cs = [c for c in cs if re.search(o.only, c.name)]
    if o.list:
        for c in cs:
            print("%-40s exit %-5s %9d bytes  %s" % (c.name, "|".join(map(str, c.exits)), len(c.data), c.why))
        return 0
    if not o.csp:
        ap.error("--csp PATH (or CSP=PATH) is required")
    csp = os.path.abspath(o.csp) if os.sep in o.csp else (shutil.which(o.csp) or o.csp)
    if not (os.path.isfile(csp) and os.access(csp, os.X_OK)):
        print("gen.py: interpreter '%s' not found or not executable" % o.csp, file=sys.stderr)
        return 2
    runner.set_output_limit()
    folder = o.keep or tempfile.mkdtemp(prefix="csp_hostile.")
    os.makedirs(folder, exist_ok=True)
    try:
        write_cases(cs, folder)
        print("hostile: %d cases, seed %d%s" % (len(cs), o.seed, ", kept in " + folder if o.keep else ""), flush=True)
        passed, failed = run_cases(csp, cs, folder, o)
    finally:
        if not o.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


# ---------------------------------------------------------------------------
# --selftest: an oracle that reads each case's sidecar NAME.json must pass all;
# fakes that crash, hang, say nothing or print a sanitizer report must fail all.

ORACLE = r"""#!/usr/bin/env python3
import json, sys
m = json.load(open(sys.argv[1][:-4] + ".json"))
rc = m["exits"][0]
if rc == 0:
    sys.stdout.write(m["out"] or "")
elif rc == 1:
    sys.stderr.write("%s:1:1: %s\n" % (sys.argv[1], m["err"] or "syntax error"))
else:
    sys.stderr.write("fatal error: %s\n" % (m["msg"] or "x").split("|")[0])
sys.exit(rc)
"""

FAKES = {
    "segv": ("#!/bin/sh\nkill -SEGV $$\n", "crash: died of signal 11"),
    "hang": ("#!/bin/sh\nexec sleep 60\n", "hang: killed"),
    "silent_exit1": ("#!/bin/sh\nexit 1\n", "stderr has no"),  # on the cases that allow exit 1
    "asan": ("#!/bin/sh\necho '==7==ERROR: AddressSanitizer: stack-overflow on address 0x1' >&2\nexit 1\n",
             "sanitizer report"),
    "exit3": ("#!/bin/sh\nexit 3\n", "exit 3, allowed"),
}


def selftest():
    ok = True
    tmp = tempfile.mkdtemp(prefix="hostile_selftest.")
    try:
        cs = cases(DEFAULT_SEED)
        names = [c.name for c in cs]
        if len(set(names)) != len(names):
            ok = False
            print("selftest: duplicate case names")
        folder = os.path.join(tmp, "cases")
        os.mkdir(folder)
        write_cases(cs, folder)
        for c in cs:
            with open(os.path.join(folder, c.name[:-4] + ".json"), "w") as f:
                json.dump(c.meta(), f)
        for name, text in [("oracle", ORACLE)] + [(k, v[0]) for k, v in FAKES.items()]:
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)
            os.chmod(os.path.join(tmp, name), 0o755)

        o = parse_args(["--timeout", "1", "--jobs", str(max(4, os.cpu_count() or 1))])[1]
        import io
        import contextlib
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            passed, failed = run_cases(os.path.join(tmp, "oracle"), cs, folder, o)
        if failed:
            ok = False
            print("selftest: the oracle must pass all %d cases:\n%s" % (len(cs), buf.getvalue()))
        else:
            print("selftest: oracle ok (%d passed)" % passed)
        for name, (_, frag) in FAKES.items():
            sample = cs[:4] if name == "hang" else cs
            if name == "silent_exit1":
                sample = [c for c in cs if 1 in c.exits]
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                passed, failed = run_cases(os.path.join(tmp, name), sample, folder, o)
            lines = [l for l in buf.getvalue().split("\n") if l.startswith("FAIL")]
            if passed or len(lines) != len(sample) or not all(frag in l for l in lines):
                ok = False
                print("selftest: the %s fake must fail every case with '%s'; got %d passed:\n%s"
                      % (name, frag, passed, "\n".join(l for l in lines if frag not in l)[:2000]))
            else:
                print("selftest: %s fake ok (%d failed)" % (name, failed))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("selftest: all ok" if ok else "selftest: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
