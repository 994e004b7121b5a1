#!/usr/bin/env python3
"""run.py: runs csp script tests and judges each by the expectations written in it.

usage:  tests/run.py --csp PATH [options] DIR_OR_FILE...
        tests/run.py --selftest

Every *.csp under the given folders is a test, except files and folders whose
name starts with "_" or "." (helper modules a test imports, fixtures). Each
runs as `csp NAME.csp ARGS...` from its own folder, so the file name the
interpreter reports is NAME.csp.

Annotations, anywhere in the file (STYLE.md "Tests"; line = the line they are on):
  // expect: TEXT          the next stdout line (in order); "// expect: " alone is
                           an empty line; trailing spaces matter
  // expect error: MSG     compile error at this line: a stderr line holds
                           NAME.csp:LINE: and MSG after it; exit 1. Every stderr
                           line that starts with NAME.csp:N: must be expected.
  // expect panic: MSG     stderr holds "panic: MSG" and a goroutine trace whose
                           first frame in NAME.csp (of the goroutine listed
                           first after the panic line) is at this line; exit 2
  // expect fatal: MSG     stderr holds "fatal error: MSG"; exit 2
  // expect stderr: TEXT   stderr holds TEXT
  // expect exit: N        the exit status (alternatives as "0|2"); overrides
                           the inferred one and lifts the universal rules below
  // stdin: TEXT           a line of stdin (in order); without any, stdin is empty
  // args: A B 'C D'       arguments after the script path (shell quoting)
  // flags: --leaks        interpreter flags, before the script path
  // skip-tsan: REASON     not run when CSP_TEST_TSAN is set (the ThreadSanitizer
                           build never collects: tests that need a collection)
The conformance header (../shared/conformance/README.md) is read too: the
leading run of // lines with expect-exit:, expect-stdout: (the header lines
after it are stdout), expect-stderr-contains:, expect-stderr-matches: (a
regex), expect-timeout: (seconds).

Rules:
  - exit status: header expect-exit, else `expect exit`, else 1 with `expect
    error`, 2 with `expect panic`/`expect fatal`, else 0. A status that is not
    expected fails; a killed or signalled run is reported as a hang or crash.
  - universal rules (unless `expect exit` is given): exit 1 needs NAME.csp:LINE
    on stderr; exit 2 needs "panic: " or "fatal error: ".
  - stdout must equal the expected lines exactly (bytes, each line ending in a
    newline); a file with a header expect-exit and neither expect-stdout nor
    any `expect:` has its stdout unchecked, as conformance/run.sh does.
  - stderr must be empty unless an error, panic, fatal, stderr, contains or
    matches expectation is given, or the file has a header and exits non-zero.
  - a sanitizer report (AddressSanitizer, UBSan "runtime error:" at a .c line,
    LeakSanitizer, ThreadSanitizer) fails a test whatever it expects.

options:
  --csp PATH        the interpreter (also CSP in the environment)
  --procs 1,2       run each test once per worker count, setting CSP_PROCS
  --repeat N        run each test N times (for timing-sensitive corpora; use
                    --jobs 1); CSP_TEST_REPEAT_MAX in the environment caps N
  --jobs J          tests run in parallel (default: the number of CPUs)
  --timeout S       hang guard per run in seconds (default 10); a header
                    expect-timeout raises it; CSP_TEST_TIMEOUT_MULT scales it
                    (slow builds: ASan, GC torture). A run whose resident
                    memory passes CSP_TEST_MAX_RSS_MB (default 4096) is killed
                    too, and stdout/stderr are capped at 256 MiB each
  --wrap CMD        a command prefix, e.g. --wrap 'valgrind -q --error-exitcode=99'
  --filter REGEX    only tests whose path matches
  -v, --verbose     print PASS lines too
Output: "FAIL path: reason" with a short diff per failure, then "N passed, M
failed"; the exit status is 0 only when nothing failed.
"""

import argparse
import concurrent.futures
import difflib
import os
import re
import resource
import shlex
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_TIMEOUT = 10.0
KILL_GRACE = 2.0
OUTPUT_LIMIT = 256 << 20  # bytes a test may write to a stream (RLIMIT_FSIZE)

ANNOTATION = re.compile(r"// expect(?P<kind> error| panic| fatal| stderr| exit)?:(?: ?)(?P<text>.*)$")
STDIN_LINE = re.compile(r"// stdin:(?: ?)(?P<text>.*)$")
ARGS_LINE = re.compile(r"// args:(?P<text>.*)$")
FLAGS_LINE = re.compile(r"// flags:(?P<text>.*)$")
SKIP_TSAN = re.compile(r"// skip-tsan: *(?P<text>.+)$")
GOROUTINE = re.compile(r"^goroutine \d+ \[")

# Reports of the sanitizers; UBSan's "runtime error:" only at a C source line,
# since Go's own panics say "panic: runtime error: ..."
SANITIZER = re.compile(
    r"ERROR: (AddressSanitizer|LeakSanitizer|MemorySanitizer)"
    r"|WARNING: ThreadSanitizer"
    r"|SUMMARY: (AddressSanitizer|UndefinedBehaviorSanitizer|ThreadSanitizer|LeakSanitizer)"
    r"|\.(c|h|cc|cpp|inc):\d+(:\d+)?: runtime error: ",
    re.M)


class BadTest(Exception):
    """The test file's annotations contradict each other."""


class Spec:
    """What one test file expects."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.stdout = []             # inline `expect:` lines
        self.header_stdout = None    # header expect-stdout block, or None
        self.header_exits = None     # header expect-exit alternatives, or None
        self.exit_override = None    # inline `expect exit:` alternatives
        self.errors = []             # (line, msg)
        self.panics = []             # (line, msg)
        self.fatals = []             # msg
        self.stderr = []             # texts
        self.contains = []           # header expect-stderr-contains
        self.matches = []            # header expect-stderr-matches
        self.timeout = None          # header expect-timeout
        self.stdin = []
        self.args = []
        self.flags = []
        self.skip_tsan = None            # why the test cannot run without collections

    @property
    def exits(self):
        if self.exit_override is not None:
            return self.exit_override
        if self.header_exits is not None:
            return self.header_exits
        if self.errors:
            return [1]
        if self.panics or self.fatals:
            return [2]
        return [0]

    @property
    def universal(self):
        return self.exit_override is None

    @property
    def expected_stdout(self):
        """The expected stdout as bytes, or None when it is not checked."""
        lines = self.header_stdout if self.header_stdout is not None else self.stdout
        if self.header_stdout is None and not self.stdout and self.header_exits is not None:
            return None
        return "".join(l + "\n" for l in lines).encode("utf-8", "surrogateescape")

    @property
    def stderr_allowed(self):
        return bool(self.errors or self.panics or self.fatals or self.stderr
                    or self.contains or self.matches)


def parse_exits(text, where):
    alts = [a for a in re.split(r"[|, \t]+", text.strip()) if a]
    if not alts or not all(a.isdigit() for a in alts):
        raise BadTest("%s: exit status %r is not a number (alternatives as 0|2)" % (where, text))
    return [int(a) for a in alts]


def parse_header(spec, lines):
    """The conformance header: returns the indexes of its stdout lines."""
    out_lines = set()
    mode = None
    for i, line in enumerate(lines):
        if not line.startswith("//"):
            break
        m = re.match(r"// expect-exit:[ \t]*(.*)$", line)
        if m:
            spec.header_exits = parse_exits(m.group(1), "line %d" % (i + 1))
            mode = None
            continue
        if re.match(r"// expect-stdout:[ \t]*$", line):
            spec.header_stdout = []
            mode = "out"
            continue
        m = re.match(r"// expect-stderr-contains: (.*)$", line)
        if m:
            if m.group(1):
                spec.contains.append(m.group(1))
            mode = None
            continue
        m = re.match(r"// expect-stderr-matches: (.*)$", line)
        if m:
            if m.group(1):
                try:
                    spec.matches.append(re.compile(m.group(1), re.M))
                except re.error as e:
                    raise BadTest("line %d: bad regex: %s" % (i + 1, e))
            mode = None
            continue
        m = re.match(r"// expect-timeout:[ \t]*(.*)$", line)
        if m:
            digits = re.sub(r"[^0-9.]", "", m.group(1))
            spec.timeout = float(digits) if digits else None
            mode = None
            continue
        if re.match(r"// (go122-loopvar|go122-rangeint|go-skip)", line):
            mode = None
            continue
        if mode == "out":
            out_lines.add(i)
            if line == "//":
                spec.header_stdout.append("")
            elif line.startswith("// "):
                spec.header_stdout.append(line[3:])
            else:
                spec.header_stdout.append(line[2:])
    return out_lines


def parse_spec(path):
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8", "surrogateescape")
    lines = [l[:-1] if l.endswith("\r") else l for l in text.split("\n")]
    spec = Spec(path)
    skip = parse_header(spec, lines)
    for i, line in enumerate(lines):
        if i in skip or "//" not in line:
            continue
        n = i + 1
        m = ANNOTATION.search(line)
        if m:
            kind, msg = (m.group("kind") or "").strip(), m.group("text")
            if kind == "":
                spec.stdout.append(msg)
            elif kind == "error":
                spec.errors.append((n, msg))
            elif kind == "panic":
                spec.panics.append((n, msg))
            elif kind == "fatal":
                spec.fatals.append(msg)
            elif kind == "stderr":
                spec.stderr.append(msg)
            elif kind == "exit":
                spec.exit_override = parse_exits(msg, "line %d" % n)
            continue
        m = STDIN_LINE.search(line)
        if m:
            spec.stdin.append(m.group("text"))
            continue
        m = SKIP_TSAN.search(line)
        if m:
            spec.skip_tsan = m.group("text").strip()
            continue
        m = FLAGS_LINE.search(line)
        if m:
            spec.flags += m.group("text").split()
            continue
        m = ARGS_LINE.search(line)
        if m:
            try:
                spec.args += shlex.split(m.group("text"))
            except ValueError as e:
                raise BadTest("line %d: // args: %s" % (n, e))
    if spec.header_stdout is not None and spec.stdout:
        raise BadTest("both a header expect-stdout block and // expect: lines")
    if spec.errors and (spec.panics or spec.fatals):
        raise BadTest("a compile error and a panic/fatal error cannot both happen")
    return spec


# ---------------------------------------------------------------------------
# running

class Result:
    def __init__(self, rc, out, err, timed_out, limit, seconds, over_memory=None):
        self.rc, self.out, self.err = rc, out, err
        self.limit, self.seconds = limit, seconds
        self.over_memory = over_memory      # the RSS limit (MiB) it was killed at
        self.timed_out = timed_out or bool(over_memory)  # killed by the runner

    @property
    def err_text(self):
        return self.err.decode("utf-8", "replace")


def set_output_limit(limit=OUTPUT_LIMIT):
    """Caps the files this process and its children write (a runaway printer
    dies of SIGXFSZ instead of filling the disk)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    if hard == resource.RLIM_INFINITY or hard >= limit:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))


def max_rss_mib():
    """The memory guard: a run whose resident set grows past this is killed
    (CSP_TEST_MAX_RSS_MB, default 4096; 0 turns it off). RSS rather than an
    address-space rlimit, which sanitizer builds cannot live with."""
    try:
        return int(os.environ.get("CSP_TEST_MAX_RSS_MB", "4096"))
    except ValueError:
        return 4096


PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def group_rss_mib(pgid):
    """Resident memory of every process in group pgid (the interpreter, or a
    wrapper and its children), in MiB."""
    total = 0
    try:
        pids = [d for d in os.listdir("/proc") if d.isdigit()]
    except OSError:
        return 0
    for pid in pids:
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:  # after "pid (comm)": state ppid pgrp
                continue
            with open("/proc/%s/statm" % pid) as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
    return total >> 20


def execute(argv, cwd, stdin=b"", env=None, timeout=DEFAULT_TIMEOUT):
    """Runs argv in its own process group; kills the group at the time limit
    or when its RSS passes max_rss_mib()."""
    with tempfile.TemporaryFile() as inp, tempfile.TemporaryFile() as out, \
            tempfile.TemporaryFile() as err:
        inp.write(stdin)
        inp.seek(0)
        start = time.monotonic()
        try:
            p = subprocess.Popen(argv, cwd=cwd, stdin=inp, stdout=out, stderr=err,
                                 env=env, start_new_session=True)
        except OSError as e:
            return Result(127, b"", ("cannot run %s: %s\n" % (argv[0], e)).encode(), False, timeout, 0.0)
        timed_out, over, limit_mib = False, None, max_rss_mib()
        delay, rc = 0.002, None
        while rc is None:
            left = start + timeout - time.monotonic()
            try:
                rc = p.wait(max(0.0, min(delay, left)))
                break
            except subprocess.TimeoutExpired:
                pass
            delay = min(delay * 2, 0.1)
            if limit_mib and delay >= 0.1 and group_rss_mib(p.pid) > limit_mib:
                over = limit_mib
            elif left > 0:
                continue
            else:
                timed_out = True
            kill_group(p.pid, signal.SIGTERM if timed_out else signal.SIGKILL)
            try:
                rc = p.wait(KILL_GRACE)
            except subprocess.TimeoutExpired:
                kill_group(p.pid, signal.SIGKILL)
                rc = p.wait()
        kill_group(p.pid, signal.SIGKILL)  # leftovers the test started
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return Result(rc, out.read(), err.read(), timed_out, timeout, seconds, over)


def kill_group(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def describe_status(r):
    if r.over_memory:
        return "memory: killed with over %d MiB resident (CSP_TEST_MAX_RSS_MB)" % r.over_memory
    if r.timed_out:
        return "hang: killed at the %g s limit" % r.limit
    rc = r.rc
    if rc < 0:
        return "crash: died of signal %d (%s)%s" % (-rc, signal_name(-rc), signal_hint(-rc))
    if rc == 127:
        return "interpreter not found (exit 127)"
    if rc == 126:
        return "interpreter not executable (exit 126)"
    if rc > 128:
        return "crash: exit %d (128+%d: %s?)" % (rc, rc - 128, signal_name(rc - 128))
    return "exit %d" % rc


def signal_name(n):
    try:
        return signal.Signals(n).name
    except ValueError:
        return "signal %d" % n


def signal_hint(n):
    if n == signal.SIGXFSZ:
        return ": output over %d MiB" % (OUTPUT_LIMIT >> 20)
    return ""


def sanitizer_report(err_text):
    m = SANITIZER.search(err_text)
    if not m:
        return None
    start = err_text.rfind("\n", 0, m.start()) + 1
    end = err_text.find("\n", m.end())
    return err_text[start:end if end >= 0 else None].strip()


def timeout_mult():
    try:
        return max(float(os.environ.get("CSP_TEST_TIMEOUT_MULT", "1")), 0.01)
    except ValueError:
        return 1.0


# ---------------------------------------------------------------------------
# judging

def clip(s, n=100):
    s = s.replace("\t", "\\t")
    s = "".join(c if c.isprintable() else "?" for c in s)
    return s if len(s) <= n else s[: n - 3] + "..."


def split_lines(b):
    parts = b.decode("utf-8", "backslashreplace").split("\n")
    if parts[-1] == "":
        parts.pop()
    return parts


def stdout_diff(want, got, limit=12):
    """A reason naming the first differing line, and a short unified diff."""
    w, g = split_lines(want), split_lines(got)
    reason = "stdout differs only in its final newline or in undecodable bytes"
    for i in range(max(len(w), len(g))):
        a = w[i] if i < len(w) else None
        b = g[i] if i < len(g) else None
        if a == b:
            continue
        if a is None:
            reason = "stdout has an unexpected line %d: '%s'" % (i + 1, clip(b))
        elif b is None:
            reason = "stdout ends before line %d: want '%s'" % (i + 1, clip(a))
        else:
            reason = "stdout line %d: got '%s', want '%s'" % (i + 1, clip(b), clip(a))
        break
    diff = list(difflib.unified_diff(w, g, "expected stdout", "actual stdout", n=1, lineterm=""))
    if len(diff) > limit:
        diff = diff[:limit] + ["... (%d more diff lines)" % (len(diff) - limit)]
    return reason, diff


def location_re(name, line=None):
    n = re.escape(name)
    if line is None:
        return re.compile(r"(?<![\w.-])%s:\d+" % n)
    return re.compile(r"(?<![\w.-])%s:%d(?!\d)" % (n, line))


def first_frame(err_lines, panic_index, name):
    """(line number, text) of the first frame in NAME.csp of the goroutine
    listed first after stderr line panic_index; None if there is no trace."""
    g = None
    for i in range(panic_index, len(err_lines)):
        if GOROUTINE.match(err_lines[i]):
            g = i
            break
    if g is None:
        return None
    loc = location_re(name)
    for line in err_lines[g + 1:]:
        if line.strip() == "" or GOROUTINE.match(line):
            break
        m = loc.search(line)
        if m:
            return int(m.group(0).rsplit(":", 1)[1]), line.strip()
    return (0, "")


def check_errors(spec, err_lines):
    name = spec.name
    for line, msg in spec.errors:
        pat = re.compile(r"(?<![\w.-])%s:%d:.*%s" % (re.escape(name), line, re.escape(msg)))
        if not any(pat.search(l) for l in err_lines):
            return "missing compile error at line %d: '%s'" % (line, clip(msg))
    want = {line for line, _ in spec.errors}
    diag = re.compile(r"^(?:\S*/)?%s:(\d+):" % re.escape(name))
    for l in err_lines:
        m = diag.match(l)
        if m and int(m.group(1)) not in want:
            return "unexpected compile error: %s" % clip(l)
    return None


def check_panics(spec, err_lines):
    found = None
    for line, msg in spec.panics:
        needle = "panic: " + msg
        idx = next((i for i, l in enumerate(err_lines) if needle in l), None)
        if idx is None:
            return "stderr lacks '%s'" % clip(needle)
        if found is None:
            found = idx
    frame = first_frame(err_lines, found, spec.name)
    if frame is None:
        return "no goroutine trace ('goroutine N [...]:') after the panic line"
    want = sorted({line for line, _ in spec.panics})
    if frame[0] not in want:
        if frame[0] == 0:
            return "the panicking goroutine's trace names no frame in %s (want line %s)" % (
                spec.name, "|".join(map(str, want)))
        return "the panicking goroutine's first frame in %s is line %d, want line %s: %s" % (
            spec.name, frame[0], "|".join(map(str, want)), clip(frame[1]))
    return None


def judge(spec, r):
    """None if the run meets the spec, else (reason, [detail lines])."""
    err = r.err_text
    err_lines = err.split("\n")
    details = []

    rep = sanitizer_report(err)
    if rep:
        return "sanitizer report: %s" % clip(rep, 160), stderr_excerpt(err_lines)

    exits = spec.exits
    if r.timed_out or r.rc not in exits:
        want = "|".join(map(str, exits))
        if r.timed_out or r.rc < 0 or r.rc >= 124:
            reason = "%s, expected exit %s" % (describe_status(r), want)
        else:
            reason = "exit %d, expected %s" % (r.rc, want)
        first = next((l for l in err_lines if l.strip()), "")
        if first:
            reason += "; stderr: %s" % clip(first)
        out = spec.expected_stdout
        if out is not None and out != r.out:
            details += stdout_diff(out, r.out)[1]
        return reason, details + stderr_excerpt(err_lines)

    if spec.universal:
        if r.rc == 1 and not location_re(spec.name).search(err):
            return "exit 1 but stderr does not name %s:LINE" % spec.name, stderr_excerpt(err_lines)
        if r.rc == 2 and "panic: " not in err and "fatal error: " not in err:
            return "exit 2 but stderr has neither 'panic: ' nor 'fatal error: '", stderr_excerpt(err_lines)

    want = spec.expected_stdout
    if want is not None and want != r.out:
        reason, diff = stdout_diff(want, r.out)
        return reason, diff + stderr_excerpt(err_lines)

    reason = None
    if spec.errors:
        reason = check_errors(spec, err_lines)
    if not reason and spec.panics:
        reason = check_panics(spec, err_lines)
    if not reason:
        for msg in spec.fatals:
            if "fatal error: " + msg not in err:
                reason = "stderr lacks 'fatal error: %s'" % clip(msg)
                break
    if not reason:
        for text in spec.stderr + spec.contains:
            if text not in err:
                reason = "stderr lacks '%s'" % clip(text)
                break
    if not reason:
        for rx in spec.matches:
            if not rx.search(err):
                reason = "stderr does not match /%s/" % clip(rx.pattern)
                break
    if not reason and err and not spec.stderr_allowed:
        if spec.header_exits is None or r.rc == 0:
            reason = "unexpected stderr: %s" % clip(next((l for l in err_lines if l.strip()), err_lines[0]))
    if reason:
        return reason, stderr_excerpt(err_lines)
    return None


def stderr_excerpt(err_lines, n=8):
    lines = [l for l in err_lines]
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return []
    out = ["stderr:"] + ["  " + clip(l, 160) for l in lines[:n]]
    if len(lines) > n:
        out.append("  ... (%d more lines)" % (len(lines) - n))
    return out


# ---------------------------------------------------------------------------
# the suite

def find_tests(paths):
    found = []
    for p in paths:
        if os.path.isdir(p):
            for d, subdirs, names in os.walk(p):
                subdirs[:] = sorted(s for s in subdirs if not s.startswith(("_", ".")))
                found += [os.path.join(d, n) for n in sorted(names)
                          if n.endswith(".csp") and not n.startswith(("_", "."))]
        elif os.path.isfile(p):
            found.append(p)
        else:
            raise FileNotFoundError(p)
    return found


def label_of(path):
    a = os.path.abspath(path)
    if a.startswith(ROOT + os.sep):
        return os.path.relpath(a, ROOT)
    return path


class Job:
    def __init__(self, path, procs, rep, opts):
        self.path, self.procs, self.rep, self.opts = path, procs, rep, opts
        tags = []
        if procs is not None:
            tags.append("procs=%s" % procs)
        if opts.repeat > 1:
            tags.append("run %d" % (rep + 1))
        self.label = label_of(path) + (" [%s]" % ", ".join(tags) if tags else "")

    def run(self):
        """(ok, line, details)"""
        try:
            spec = parse_spec(self.path)
        except (BadTest, OSError) as e:
            return False, "FAIL %s: bad test: %s" % (self.label, e), []
        o = self.opts
        if spec.skip_tsan and os.environ.get("CSP_TEST_TSAN"):
            return True, "SKIP %s: %s" % (self.label, spec.skip_tsan), []
        limit = max(o.timeout, spec.timeout or 0) * timeout_mult()
        env = dict(os.environ)
        if self.procs is not None:
            env["CSP_PROCS"] = str(self.procs)
        argv = o.wrap + [o.csp] + spec.flags + [spec.name] + spec.args
        stdin = "".join(l + "\n" for l in spec.stdin).encode("utf-8", "surrogateescape")
        r = execute(argv, os.path.dirname(os.path.abspath(self.path)), stdin, env, limit)
        verdict = judge(spec, r)
        if verdict is None:
            return True, "PASS %s" % self.label, []
        reason, details = verdict
        return False, "FAIL %s: %s" % (self.label, reason), details


def run_suite(files, opts, out=sys.stdout):
    procs = opts.procs or [None]
    jobs = [Job(f, p, k, opts) for f in files for p in procs for k in range(opts.repeat)]
    passed, failed = 0, []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as ex:
        futures = [ex.submit(j.run) for j in jobs]
        for j, fu in zip(jobs, futures):  # in order, as each finishes
            ok, line, details = fu.result()
            if ok:
                passed += 1
                if opts.verbose or line.startswith("SKIP"):
                    print(line, file=out, flush=True)
            else:
                failed.append(j.label)
                print(line, file=out, flush=True)
                for d in details:
                    print("    " + d, file=out)
                out.flush()
    return passed, failed


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="run csp script tests, judged by their annotations",
        epilog="see the top of tests/run.py or tests/README.md for the annotations")
    ap.add_argument("paths", nargs="*", metavar="DIR_OR_FILE")
    ap.add_argument("--csp", default=os.environ.get("CSP"), help="the interpreter")
    ap.add_argument("--procs", help="worker counts, e.g. 1,2: one run each with CSP_PROCS set")
    ap.add_argument("--repeat", type=int, default=1, help="runs per test (default 1)")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                    help="hang guard per run, seconds (default %g)" % DEFAULT_TIMEOUT)
    ap.add_argument("--wrap", default="", help="command prefix, e.g. 'valgrind -q'")
    ap.add_argument("--filter", help="only tests whose path matches this regex")
    ap.add_argument("--verbose", "-v", action="store_true", help="print PASS lines too")
    ap.add_argument("--selftest", action="store_true", help="check this runner with fake interpreters")
    o = ap.parse_args(argv)
    o.wrap = shlex.split(o.wrap)
    if o.procs:
        try:
            o.procs = [int(p) for p in o.procs.split(",") if p.strip()]
        except ValueError:
            ap.error("--procs takes a comma-separated list of numbers")
    # Sanitizer and torture builds run a repeated corpus once: the repetitions
    # hunt timing-dependent bugs, which the plain build finds faster.
    if os.environ.get("CSP_TEST_REPEAT_MAX"):
        o.repeat = min(o.repeat, int(os.environ["CSP_TEST_REPEAT_MAX"]))
    o.repeat = max(1, o.repeat)
    return ap, o


def main(argv):
    ap, o = parse_args(argv)
    if o.selftest:
        return selftest()
    if not o.paths:
        ap.error("no test folders or files given")
    if not o.csp:
        ap.error("--csp PATH (or CSP=PATH) is required")
    if os.sep in o.csp:
        o.csp = os.path.abspath(o.csp)
    if not (os.path.isfile(o.csp) and os.access(o.csp, os.X_OK)):
        from shutil import which
        if os.sep in o.csp or not which(o.csp):
            print("run.py: interpreter '%s' not found or not executable" % o.csp, file=sys.stderr)
            return 2
    try:
        files = find_tests(o.paths)
    except FileNotFoundError as e:
        print("run.py: no such file or folder: %s" % e, file=sys.stderr)
        return 2
    if o.filter:
        rx = re.compile(o.filter)
        files = [f for f in files if rx.search(label_of(f))]
    if not files:
        print("run.py: no tests in %s" % " ".join(o.paths))
    set_output_limit()
    passed, failed = run_suite(files, o)
    if failed:
        print("\nfailed:")
        for f in failed:
            print("  " + f)
    print("%d passed, %d failed" % (passed, len(failed)))
    return 1 if failed else 0


# ---------------------------------------------------------------------------
# --selftest: the runner judged with fake interpreters

FAKE = """#!/bin/sh
# a fake csp: runs the lines of the script (its first argument, relative to
# the working folder) that start with "// fake: ", as sh commands
eval "$(sed -n 's|^// fake: ||p' "$1")"
"""

# An oracle for the conformance corpus that reads each header independently of
# run.py (awk, after ../shared/conformance/run.sh): prints the recorded stdout,
# the stderr fragments, and exits with the first listed status.
ORACLE = r"""#!/usr/bin/env bash
f=$1; base=$(basename "$f"); d=$(mktemp -d)
awk -v D="$d" '
    !/^\/\// { exit }
    /^\/\/ expect-exit:/ { sub(/^\/\/ expect-exit:[ \t]*/, ""); split($0, a, /[|, ]+/); print a[1] > (D "/rc"); mode=""; next }
    /^\/\/ expect-stdout:/ { mode="out"; next }
    /^\/\/ (expect-timeout|go122-loopvar|go122-rangeint|go-skip)/ { mode=""; next }
    /^\/\/ expect-stderr-contains: / { sub(/^\/\/ expect-stderr-contains: /, ""); print > (D "/err"); mode=""; next }
    /^\/\/ expect-stderr-matches: / {
        sub(/^\/\/ expect-stderr-matches: /, ""); s = $0
        sub(/^\^/, "", s); sub(/\$$/, "", s)
        gsub(/\[0-9\]\+/, "1", s); gsub(/\[0-9\]\*/, "", s); gsub(/\.\*/, "", s); gsub(/\.\+/, "x", s)
        while (match(s, /\([^()|]*\|[^()]*\)/)) {
            inner = substr(s, RSTART + 1, RLENGTH - 2); sub(/\|.*/, "", inner)
            s = substr(s, 1, RSTART - 1) inner substr(s, RSTART + RLENGTH)
        }
        split(s, a, "|"); s = a[1]; gsub(/\\/, "", s)
        print s > (D "/err"); mode=""; next
    }
    mode == "out" { if ($0 == "//") print ""; else if (substr($0,1,3) == "// ") print substr($0,4); else print substr($0,3) }
' "$f"
rc=$(cat "$d/rc" 2>/dev/null || echo 0)
[ -f "$d/err" ] && cat "$d/err" >&2
[ "$rc" = 1 ] && echo "$base:1:1: error" >&2
[ "$rc" = 2 ] && echo "panic: oracle" >&2
rm -rf "$d"; exit "$rc"
"""

# (file name, content, verdict, reason fragment). Each content's "// fake: "
# lines are what the fake interpreter does when it runs that file.
CASES = [
    ("pass_stdout.csp", """\
// fake: echo 1; echo 'two  '; echo; echo end
fmt.Println(1) // expect: 1
fmt.Println("two  ") // expect: two  
fmt.Println() // expect: 
fmt.Println("end") // expect: end
""", "PASS", ""),
    ("wrong_line.csp", """\
// fake: echo 1; echo 3
// expect: 1
// expect: 2
""", "FAIL", "stdout line 2: got '3', want '2'"),
    ("trailing_space.csp", """\
// fake: echo 'a'
// expect: a 
""", "FAIL", "stdout line 1"),
    ("missing_line.csp", """\
// fake: echo a
// expect: a
// expect: b
""", "FAIL", "stdout ends before line 2"),
    ("extra_line.csp", """\
// fake: echo a; echo b
// expect: a
""", "FAIL", "unexpected line 2: 'b'"),
    ("no_newline.csp", """\
// fake: printf a
// expect: a
""", "FAIL", "final newline"),
    ("silent.csp", """\
// fake: exit 0
package main
func main() {}
""", "PASS", ""),
    ("silent_prints.csp", """\
// fake: echo hi
""", "FAIL", "unexpected line 1: 'hi'"),
    ("unexpected_stderr.csp", """\
// fake: echo ok; echo 'warning: x' >&2
// expect: ok
""", "FAIL", "unexpected stderr: warning: x"),
    ("segv.csp", """\
// fake: kill -SEGV $$
// expect: 1
""", "FAIL", "crash: died of signal 11 (SIGSEGV)"),
    ("abort.csp", """\
// fake: kill -ABRT $$
x := 1 // expect panic: boom
""", "FAIL", "crash: died of signal 6 (SIGABRT)"),
    ("hang.csp", """\
// fake: exec sleep 30
""", "FAIL", "hang: killed at the 1 s limit"),
    ("hang_child.csp", """\
// fake: sleep 30 & wait
""", "FAIL", "hang: killed at the 1 s limit"),
    ("slow_allowed.csp", """\
// expect-timeout: 6
// fake: sleep 1.5; echo done
// expect: done
""", "PASS", ""),
    ("error_ok.csp", """\
// fake: echo "$1:3:7: undefined: y" >&2; echo '	x := y' >&2; echo '	     ^' >&2; exit 1
package main
x := y // expect error: undefined: y
""", "PASS", ""),
    ("error_two.csp", """\
// fake: printf '%s\\n' "$1:2:1: first" "$1:3:9: second" >&2; exit 1
a // expect error: first
b // expect error: second
""", "PASS", ""),
    ("error_wrong_line.csp", """\
// fake: echo "$1:2:7: undefined: y" >&2; exit 1
package main
x := y // expect error: undefined: y
""", "FAIL", "missing compile error at line 3"),
    ("error_unexpected.csp", """\
// fake: printf '%s\\n' "$1:3:7: undefined: y" "$1:4:1: undefined: z" >&2; exit 1
package main
x := y // expect error: undefined: y
z
""", "FAIL", "unexpected compile error: error_unexpected.csp:4:1: undefined: z"),
    ("error_wrong_status.csp", """\
// fake: echo "$1:2:1: undefined: y" >&2; exit 2
y // expect error: undefined: y
""", "FAIL", "exit 2, expected 1"),
    ("error_exit0.csp", """\
// fake: exit 0
y // expect error: undefined: y
""", "FAIL", "exit 0, expected 1"),
    ("panic_ok.csp", """\
// fake: echo before; printf 'panic: boom\\n\\ngoroutine 1 [running]:\\nmain.f(...)\\n\\t%s:7\\nmain.main()\\n\\t%s:9\\n' "$1" "$1" >&2; exit 2
package main
import "fmt"
func f() {
    fmt.Println("before") // expect: before
    // the next line panics
    panic("boom") // expect panic: boom
}
func main() { f() }
""", "PASS", ""),
    ("panic_stdlib_frame.csp", """\
// fake: printf 'panic: sync: negative WaitGroup counter\\n\\ngoroutine 1 [running]:\\nsync.(*WaitGroup).Add(...)\\n\\tsync.csp:40\\nmain.main()\\n\\t%s:3\\n' "$1" >&2; exit 2
var wg sync.WaitGroup
wg.Done() // expect panic: sync: negative WaitGroup counter
""", "PASS", ""),
    ("panic_goroutine.csp", """\
// fake: printf 'panic: g\\n\\ngoroutine 5 [running]:\\nmain.main.func1()\\n\\t%s:3 +0x1d\\ncreated by main.main in goroutine 1\\n\\t%s:2\\n' "$1" "$1" >&2; exit 2
go func() {
    panic("g") // expect panic: g
}()
""", "PASS", ""),
    ("panic_wrong_line.csp", """\
// fake: printf 'panic: boom\\n\\ngoroutine 1 [running]:\\nmain.main()\\n\\t%s:2\\n' "$1" >&2; exit 2
f()
panic("boom") // expect panic: boom
""", "FAIL", "first frame in panic_wrong_line.csp is line 2, want line 3"),
    ("panic_no_trace.csp", """\
// fake: echo 'panic: boom' >&2; exit 2
panic("boom") // expect panic: boom
""", "FAIL", "no goroutine trace"),
    ("panic_line_prefix.csp", """\
// fake: printf 'panic: boom\\n\\ngoroutine 1 [running]:\\nmain.main()\\n\\t%s:23\\n' "$1" >&2; exit 2
panic("boom") // expect panic: boom
""", "FAIL", "line 23, want line 2"),
    ("panic_wrong_msg.csp", """\
// fake: printf 'panic: bang\\n\\ngoroutine 1 [running]:\\nmain.main()\\n\\t%s:2\\n' "$1" >&2; exit 2
panic("boom") // expect panic: boom
""", "FAIL", "stderr lacks 'panic: boom'"),
    ("panic_exit1.csp", """\
// fake: printf 'panic: boom\\n\\ngoroutine 1 [running]:\\nmain.main()\\n\\t%s:2\\n' "$1" >&2; exit 1
panic("boom") // expect panic: boom
""", "FAIL", "exit 1, expected 2"),
    ("fatal_ok.csp", """\
// fake: printf 'fatal error: all goroutines are asleep - deadlock!\\n\\ngoroutine 1 [chan receive]:\\n' >&2; exit 2
<-ch // expect fatal: all goroutines are asleep - deadlock!
""", "PASS", ""),
    ("fatal_missing.csp", """\
// fake: echo 'panic: x' >&2; exit 2
// expect fatal: all goroutines are asleep - deadlock!
""", "FAIL", "stderr lacks 'fatal error: all goroutines"),
    ("stderr_ok.csp", """\
// fake: echo out; echo 'to stderr' >&2
// expect: out
// expect stderr: to stderr
""", "PASS", ""),
    ("exit_override.csp", """\
// fake: echo bye; exit 3
// expect: bye
os.Exit(3) // expect exit: 3
""", "PASS", ""),
    ("exit_override_stderr.csp", """\
// fake: echo oops >&2; exit 3
// expect exit: 3
""", "FAIL", "unexpected stderr: oops"),
    ("stdin_args.csp", """\
// fake: [ "$1" = stdin_args.csp ] && [ "$2" = a ] && [ "$3" = 'b c' ] && [ $# = 3 ] || exit 9
// fake: [ "$(basename "$(/bin/pwd)")" = cases ] || exit 8
// fake: while IFS= read -r l; do echo "got:$l"; done
// args: a 'b c'
// stdin: first
// stdin: 
// stdin: third
// expect: got:first
// expect: got:
// expect: got:third
""", "PASS", ""),
    ("asan.csp", """\
// fake: echo '==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x1' >&2; exit 1
// expect exit: 1
// expect stderr: heap-use-after-free
""", "FAIL", "sanitizer report: ==1==ERROR: AddressSanitizer: heap-use-after-free"),
    ("ubsan.csp", """\
// fake: echo 'src/vm.c:120:9: runtime error: signed integer overflow' >&2; echo 7
// expect: 7
""", "FAIL", "sanitizer report: src/vm.c:120:9: runtime error"),
    ("go_runtime_error.csp", """\
// fake: printf 'panic: runtime error: index out of range [5] with length 3\\n\\ngoroutine 1 [running]:\\nmain.main()\\n\\t%s:2\\n' "$1" >&2; exit 2
_ = s[5] // expect panic: runtime error: index out of range [5] with length 3
""", "PASS", ""),
    ("bad_both.csp", """\
// fake: exit 0
// expect-exit: 0
// expect-stdout:
// a

fmt.Println("a") // expect: a
""", "FAIL", "bad test: both a header expect-stdout block"),
    # the conformance header format
    ("conf_ok.csp", """\
// fake: echo hello; echo; echo '/''/ expect: not an annotation'
// expect-exit: 0
// expect-stdout:
// hello
//
// // expect: not an annotation

package main
""", "PASS", ""),
    ("conf_panic.csp", """\
// fake: echo before; printf 'panic: runtime error: index out of range [5] with length 3\\n\\ngoroutine 1 [running]:\\n' >&2; exit 2
// expect-exit: 2
// expect-stderr-contains: panic: runtime error: index out of range [5] with length 3
// expect-stderr-matches: goroutine [0-9]+ \\[running\\]
// expect-stdout:
// before
""", "PASS", ""),
    ("conf_matches_fail.csp", """\
// expect-exit: 2
// expect-stderr-matches: goroutine [0-9]+ \\[running\\]
// fake: printf 'panic: x\\n\\ngoroutine 1 [chan send]:\\n' >&2; exit 2
""", "FAIL", "stderr does not match /goroutine"),
    ("conf_alternatives.csp", """\
// expect-exit: 0|2
// fake: echo 'fatal error: all goroutines are asleep - deadlock!' >&2; exit 2
""", "PASS", ""),
    ("conf_exit2_universal.csp", """\
// expect-exit: 2
// fake: echo 'something else' >&2; exit 2
""", "FAIL", "exit 2 but stderr has neither"),
    ("conf_exit1_universal.csp", """\
// expect-exit: 1
// fake: echo 'error somewhere' >&2; exit 1
""", "FAIL", "exit 1 but stderr does not name conf_exit1_universal.csp:LINE"),
    ("conf_stdout_unchecked.csp", """\
// expect-exit: 0
// fake: echo anything
""", "PASS", ""),
    ("conf_exit0_stderr.csp", """\
// expect-exit: 0
// fake: echo noise >&2
""", "FAIL", "unexpected stderr: noise"),
    ("conf_unlisted_signal.csp", """\
// expect-exit: 0|2
// fake: exit 139
""", "FAIL", "crash: exit 139 (128+11: SIGSEGV?)"),
]


def selftest():
    import shutil
    ok = True
    tmp = tempfile.mkdtemp(prefix="run_py_selftest.")
    try:
        cases = os.path.join(tmp, "cases")
        os.mkdir(cases)
        fake = os.path.join(tmp, "fake")
        with open(fake, "w") as f:
            f.write(FAKE)
        os.chmod(fake, 0o755)
        for name, content, _, _ in CASES:
            with open(os.path.join(cases, name), "w") as f:
                f.write(content)
        opts = parse_args(["--csp", fake, "--timeout", "1", "--jobs", "8"])[1]
        byname = {}
        for name, content, verdict, frag in CASES:
            got_ok, line, details = Job(os.path.join(cases, name), None, 0, opts).run()
            byname[name] = line
            good = (got_ok == (verdict == "PASS")) and frag in line
            if not good:
                ok = False
                print("selftest: %s: want %s%s, got: %s" % (
                    name, verdict, " with '%s'" % frag if frag else "", line))
                for d in details:
                    print("    " + d)
        if ok:
            print("selftest: %d fake cases judged right" % len(CASES))

        # the memory guard
        with open(os.path.join(tmp, "hog.csp"), "w") as f:
            f.write("// fake: %s -c 'import time; b = b\"x\" * (400 << 20); time.sleep(5)'\n"
                    % shlex.quote(sys.executable))
        saved = os.environ.get("CSP_TEST_MAX_RSS_MB")
        os.environ["CSP_TEST_MAX_RSS_MB"] = "100"
        try:
            got_ok, line, _ = Job(os.path.join(tmp, "hog.csp"), None, 0,
                                  parse_args(["--csp", fake, "--timeout", "4"])[1]).run()
        finally:
            if saved is None:
                del os.environ["CSP_TEST_MAX_RSS_MB"]
            else:
                os.environ["CSP_TEST_MAX_RSS_MB"] = saved
        if got_ok or "memory: killed with over 100 MiB" not in line:
            ok = False
            print("selftest: a run above CSP_TEST_MAX_RSS_MB must fail as a memory kill; got: %s" % line)
        else:
            print("selftest: memory guard ok")

        # the command line: summary, exit status, failure details, repeat and procs
        log = os.path.join(tmp, "procs.log")
        rep = os.path.join(tmp, "rep")
        os.mkdir(rep)
        with open(os.path.join(rep, "procs.csp"), "w") as f:
            f.write("// fake: echo \"$CSP_PROCS\" >> %s; echo ok\n// expect: ok\n" % shlex.quote(log))
        with open(os.path.join(rep, "_helper.csp"), "w") as f:
            f.write("// fake: exit 1\n")
        p = subprocess.run([sys.executable, os.path.abspath(__file__), "--csp", fake,
                            "--procs", "1,2", "--repeat", "3", "--jobs", "1", rep],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        runs = open(log).read().split() if os.path.exists(log) else []
        if p.returncode != 0 or p.stdout.strip().split("\n")[-1] != "6 passed, 0 failed" \
                or runs != ["1", "1", "1", "2", "2", "2"]:
            ok = False
            print("selftest: --procs 1,2 --repeat 3 --jobs 1: want 6 passes with CSP_PROCS 1,1,1,2,2,2;"
                  " got rc %d, CSP_PROCS %s:\n%s" % (p.returncode, runs, p.stdout))
        else:
            print("selftest: --procs/--repeat ok (6 passed, helper _helper.csp skipped)")

        p = subprocess.run([sys.executable, os.path.abspath(__file__), "--csp", fake,
                            "--timeout", "1", cases], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        npass = sum(1 for c in CASES if c[2] == "PASS")
        want = "%d passed, %d failed" % (npass, len(CASES) - npass)
        last = p.stdout.strip().split("\n")[-1]
        if p.returncode != 1 or last != want or "    --- expected stdout" not in p.stdout:
            ok = False
            print("selftest: command line over all cases: want '%s', exit 1 and diffs; got '%s', exit %d"
                  % (want, last, p.returncode))
        else:
            print("selftest: command line ok (%s, exit 1, diffs shown)" % want)

        p = subprocess.run([sys.executable, os.path.abspath(__file__), "--csp",
                            os.path.join(tmp, "nonexistent"), cases],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode != 2 or "not found" not in p.stdout:
            ok = False
            print("selftest: a missing interpreter must be an error (exit 2); got %d: %s" % (p.returncode, p.stdout))
        else:
            print("selftest: missing interpreter ok")

        # the conformance corpus: an independent oracle passes all; a silent
        # fake passes exactly the programs that expect exit 0, no stdout, no stderr;
        # a crashing fake fails every one as a crash
        corpus = os.path.join(HERE, "conformance")
        files = find_tests([corpus]) if os.path.isdir(corpus) else []
        if files:
            ok &= corpus_check(tmp, files)
        else:
            print("selftest: no tests/conformance corpus; skipped the corpus checks")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("selftest: all ok" if ok else "selftest: FAILED")
    return 0 if ok else 1


def corpus_check(tmp, files):
    ok = True
    fakes = {"oracle": ORACLE, "silent": "#!/bin/sh\nexit 0\n", "segv": "#!/bin/sh\nkill -SEGV $$\n"}
    for n, text in fakes.items():
        with open(os.path.join(tmp, n), "w") as f:
            f.write(text)
        os.chmod(os.path.join(tmp, n), 0o755)
    want_silent = 0
    for f in files:
        head = []
        for line in open(f, encoding="utf-8", errors="replace"):
            if not line.startswith("//"):
                break
            head.append(line.rstrip("\n"))
        exits = next((re.split(r"[|, ]+", h.split(":", 1)[1].strip()) for h in head
                      if h.startswith("// expect-exit:")), [])
        stdout_block = False
        has_stdout = False
        for h in head:
            if h.startswith("// expect-stdout:"):
                stdout_block = True
            elif re.match(r"// (expect-|go122-|go-skip)", h):
                stdout_block = False
            elif stdout_block:
                has_stdout = True
        if "0" in exits and not has_stdout and not any(
                h.startswith(("// expect-stderr-contains:", "// expect-stderr-matches:")) for h in head):
            want_silent += 1
    total = len(files)
    for fake, want_pass, must, show in [("oracle", total, "", True), ("silent", want_silent, "", False),
                                        ("segv", 0, "crash: died of signal 11", False)]:
        opts = parse_args(["--csp", os.path.join(tmp, fake), "--jobs", str(max(4, os.cpu_count() or 1))])[1]
        sink = FailSink(must, show)
        passed, failed = run_suite(files, opts, out=sink)
        if passed != want_pass:
            ok = False
            print("selftest: corpus with the %s fake: want %d passed, got %d passed, %d failed"
                  % (fake, want_pass, passed, len(failed)))
        elif sink.missing:
            ok = False
            print("selftest: corpus with the %s fake: %d failures do not say '%s'" % (fake, sink.missing, must))
        else:
            print("selftest: corpus with the %s fake ok (%d passed, %d failed)" % (fake, passed, len(failed)))
    return ok


class FailSink:
    """A sink for run_suite's output: counts FAIL lines that lack a fragment,
    and shows them when asked (the oracle should have none)."""

    def __init__(self, must, show):
        self.must, self.show, self.missing = must, show, 0

    def write(self, s):
        for line in s.split("\n"):
            if line.startswith("FAIL "):
                if self.must and self.must not in line:
                    self.missing += 1
                if self.show:
                    sys.stdout.write("  " + line + "\n")

    def flush(self):
        pass


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
