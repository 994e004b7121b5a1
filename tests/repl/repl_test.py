#!/usr/bin/env python3
"""tests/repl/repl_test.py: the REPL (src/repl.c). Usage: repl_test.py CSP

Piped cases run `csp --repl` with entries on stdin and compare stdout and
stderr; the terminal case drives `csp` on a pseudo-terminal: prompts,
continuation lines, Ctrl-C interrupting an entry and clearing the line at
the prompt, Ctrl-D, the history file. Prints PASS/FAIL per case."""

import os
import pty
import select
import subprocess
import sys
import tempfile
import time

CSP = sys.argv[1] if len(sys.argv) > 1 else "build/csp"
TIMEOUT = 30 * float(os.environ.get("CSP_TEST_TIMEOUT_MULT", "1"))
failures = 0


def check(name, ok, detail=""):
    global failures
    if ok:
        print("PASS", name)
    else:
        failures += 1
        print("FAIL", name, detail)


def piped(name, entries, want_out, want_err=(), want_rc=0):
    p = subprocess.run([CSP, "--repl"], input=entries, capture_output=True, text=True, timeout=TIMEOUT)
    ok = p.stdout == want_out and p.returncode == want_rc and all(e in p.stderr for e in want_err)
    check(name, ok, "\nstdout %r\nstderr %r\nexit %d" % (p.stdout, p.stderr, p.returncode))


piped("values", 'x := 40\nx + 2\n"s"\nx, "two"\nerrors.New("e")\n', "42\ns\n40 two\ne\n")
piped("statements print nothing", "x := 1\nx++\nvar y int\nfmt.Println(x, y)\n", "2 0\n")
piped("multi-line entry", "func sq(n int) int {\n\treturn n * n\n}\nsq(7)\ntype P struct {\n\tX int\n}\nP{3}\n",
      "49\n{3}\n")
piped("compile error, then on", "y := nothing\nfmt.Println(\"on\")\n", "on\n", ["<repl>:1:6: undefined: nothing"])
piped("panic, then state intact", 'n := 5\nvar m map[string]int\nm["a"] = 1\nn * 2\n', "10\n",
      ["panic: assignment to entry in nil map", "goroutine "])
piped("deadlock, then on", "ch := make(chan int)\n<-ch\nfmt.Println(\"on\")\n", "on\n",
      ["fatal error: all goroutines are asleep - deadlock!"])
piped("goroutines run between entries",
      "ch := make(chan string, 1)\ngo func() { time.Sleep(20 * time.Millisecond); ch <- \"late\" }()\n"
      "time.Sleep(100 * time.Millisecond)\n<-ch\n", "late\n")
piped("redeclaration is a new binding", 'v := 1\nv := "one"\nv + "!"\n', "one!\n")
piped("os.Exit ends the session", "fmt.Println(1)\nos.Exit(3)\nfmt.Println(2)\n", "1\n", want_rc=3)
piped("end of input inside an entry", "func f() {\n", "", ["unexpected EOF"])


def terminal():
    hist = tempfile.mktemp(prefix="csp_history_")
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["CSP_HISTORY"] = hist
        os.environ["TERM"] = "dumb"
        os.execv(CSP, [CSP])
    out = b""

    def until(pat):
        nonlocal out
        end = time.time() + TIMEOUT
        while time.time() < end:
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                try:
                    d = os.read(fd, 4096)
                except OSError:
                    return False
                out += d
                if out.endswith(pat) or pat in out[-200:]:
                    return True
        return False

    def send(text, interrupt_after=None):
        """Types text (a fresh capture starts); optionally Ctrl-C after a pause."""
        nonlocal out
        out = b""
        os.write(fd, text)
        if interrupt_after is not None:
            time.sleep(interrupt_after)
            os.kill(pid, 2)

    steps = []
    steps.append(("banner and prompt", until(b"csp> ")))
    send(b"x := 20\r")
    steps.append(("a statement", until(b"csp> ")))
    send(b"x * 2\r")
    steps.append(("an expression's value", until(b"csp> ") and b"40" in out))
    send(b"func f() {\r")
    steps.append(("continuation prompt", until(b"...> ")))
    send(b"}\r")
    steps.append(("entry complete", until(b"csp> ")))
    send(b"for {}\r", interrupt_after=0.5)
    steps.append(("Ctrl-C interrupts a running entry", until(b"csp> ") and b"interrupted" in out))
    send(b"junk", interrupt_after=0.3)
    steps.append(("Ctrl-C clears the line", until(b"csp> ")))
    send(b"x + 1\r")
    steps.append(("state kept after the interrupt", until(b"csp> ") and b"21" in out and b"junk" not in out))
    os.write(fd, b"\x04")
    end = time.time() + TIMEOUT
    st = None
    while time.time() < end:
        p, s = os.waitpid(pid, os.WNOHANG)
        if p:
            st = s
            break
        try:
            os.read(fd, 4096)
        except OSError:
            pass
        time.sleep(0.05)
    if st is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    steps.append(("Ctrl-D leaves with status 0", st is not None and os.WIFEXITED(st) and os.WEXITSTATUS(st) == 0))
    try:
        with open(hist) as f:
            h = f.read()
        os.unlink(hist)
    except OSError:
        h = ""
    steps.append(("history file", "x * 2" in h and "for {}" in h))
    for name, ok in steps:
        check("terminal: " + name, ok, repr(out[-300:]))


terminal()
print("%d failed" % failures if failures else "all passed")
sys.exit(1 if failures else 0)
