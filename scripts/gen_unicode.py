#!/usr/bin/env python3
"""Generates src/unicode_tables.c: the range tables behind src/unicode.c.

Go 1.25's unicode and strconv packages are built from Unicode 15.0.0. The
tables are read from the Unicode Character Database text files when they are
present (Debian's unicode-data package puts UCD 15.0.0 in /usr/share/unicode),
which gives exactly Go's data; otherwise Python's unicodedata module is used
(its version, e.g. 14.0.0, is written into the output and differs from Go's
for the characters added since).

Usage: scripts/gen_unicode.py [UCD_DIR] > src/unicode_tables.c
"""
import os
import sys

# General categories in the order of UniCat in src/unicode.h.
CATS = ["Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No",
        "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So",
        "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co"]
MAX_RUNE = 0x10FFFF


def from_ucd(d):
    """Categories, simple case mappings and White_Space from UCD files."""
    cat, upper, lower, title = {}, {}, {}, {}
    first = None
    with open(os.path.join(d, "UnicodeData.txt"), encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split(";")
            cp, name, gc = int(p[0], 16), p[1], p[2]
            if name.endswith(", First>"):
                first = cp
                continue
            if name.endswith(", Last>"):
                for c in range(first, cp + 1):
                    cat[c] = gc
                continue
            cat[cp] = gc
            if p[12]:
                upper[cp] = int(p[12], 16)
            if p[13]:
                lower[cp] = int(p[13], 16)
            # An empty titlecase field means "same as uppercase" (UCD).
            if p[14]:
                title[cp] = int(p[14], 16)
            elif p[12]:
                title[cp] = int(p[12], 16)
    space = set()
    with open(os.path.join(d, "PropList.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line:
                continue
            rng, prop = [x.strip() for x in line.split(";")]
            if prop != "White_Space":
                continue
            lo, _, hi = rng.partition("..")
            for c in range(int(lo, 16), int(hi or lo, 16) + 1):
                space.add(c)
    version = "unknown"
    readme = os.path.join(d, "ReadMe.txt")
    if os.path.exists(readme):
        for line in open(readme, encoding="utf-8"):
            if "for Version" in line:
                version = line.split("for Version")[1].split()[0]
                break
    return version, cat, upper, lower, title, space


def from_python():
    import unicodedata
    cat, upper, lower, title = {}, {}, {}, {}
    for cp in range(MAX_RUNE + 1):
        ch = chr(cp)
        gc = unicodedata.category(ch)
        if gc != "Cn":
            cat[cp] = gc
        # Simple mappings only: multi-character results are full mappings.
        u, l, t = ch.upper(), ch.lower(), ch.title()
        if len(u) == 1 and u != ch:
            upper[cp] = ord(u)
        if len(l) == 1 and l != ch:
            lower[cp] = ord(l)
        if len(t) == 1 and t != ch:
            title[cp] = ord(t)
    space = {c for c in range(MAX_RUNE + 1) if chr(c).isspace() and
             unicodedata.bidirectional(chr(c)) in ("WS", "B", "S")}
    return unicodedata.unidata_version, cat, upper, lower, title, space


def category_runs(cat):
    """(start, category index) for each run of equal categories."""
    runs = []
    prev = None
    for cp in range(MAX_RUNE + 1):
        c = CATS.index(cat.get(cp, "Cn"))
        if c != prev:
            runs.append((cp, c))
            prev = c
    return runs


def ranges(cps):
    out = []
    for cp in sorted(cps):
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def case_ranges(upper, lower, title):
    """Ranges with constant (upper, lower, title) deltas, and alternating
    Upper/Lower runs (even offsets upper case, odd offsets lower case)."""
    cps = sorted(set(upper) | set(lower) | set(title))
    deltas = {cp: (upper.get(cp, cp) - cp, lower.get(cp, cp) - cp,
                   title.get(cp, cp) - cp) for cp in cps}
    out = []  # [lo, hi, du, dl, dt, alt]
    i = 0
    while i < len(cps):
        cp = cps[i]
        # An alternating run: adjacent pairs (r: 0,+1,0) (r+1: -1,0,-1).
        k, end = i, -1
        while (k + 1 < len(cps) and cps[k + 1] == cps[k] + 1 and
               deltas[cps[k]] == (0, 1, 0) and deltas[cps[k + 1]] == (-1, 0, -1)):
            end = k + 1
            if k + 2 < len(cps) and cps[k + 2] == cps[k + 1] + 1:
                k += 2
            else:
                break
        if end - i >= 3:
            out.append([cp, cps[end], 0, 0, 0, 1])
            i = end + 1
            continue
        d = deltas[cp]
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1 and deltas[cps[j + 1]] == d:
            j += 1
        out.append([cp, cps[j], d[0], d[1], d[2], 0])
        i = j + 1
    return out


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
    if os.path.exists(os.path.join(d, "UnicodeData.txt")):
        version, cat, upper, lower, title, space = from_ucd(d)
        source = "the UCD files in " + d
    else:
        version, cat, upper, lower, title, space = from_python()
        source = "Python's unicodedata module"
    runs = category_runs(cat)
    w = sys.stdout.write
    w("/* unicode_tables.c: GENERATED by scripts/gen_unicode.py, do not edit.\n")
    w(" * Source: %s (Unicode %s; Go 1.25 uses 15.0.0). */\n" % (source, version))
    w('#include "unicode.h"\n\n')
    w("const char uni_version[] = \"%s\";\n\n" % version)
    w("/* Category runs: code points from uni_cat_start[i] up to the next start\n")
    w(" * have category uni_cat_code[i] (a UniCat). */\n")
    w("const int uni_cat_nruns = %d;\n" % len(runs))
    w("const uint32_t uni_cat_start[] = {")
    for k, (s, _) in enumerate(runs):
        w(("\n    " if k % 8 == 0 else " ") + "0x%05X," % s)
    w("\n};\nconst uint8_t uni_cat_code[] = {")
    for k, (_, c) in enumerate(runs):
        w(("\n    " if k % 16 == 0 else " ") + "%d," % c)
    w("\n};\n\n")
    sp = [r for r in ranges(space) if r[0] > 0xFF]
    w("/* White_Space above Latin-1 (Latin-1 is special-cased as Go does). */\n")
    w("const int uni_space_n = %d;\n" % len(sp))
    w("const uint32_t uni_space_ranges[][2] = {")
    for lo, hi in sp:
        w("\n    {0x%04X, 0x%04X}," % (lo, hi))
    w("\n};\n\n")
    cr = case_ranges(upper, lower, title)
    w("/* Simple case mappings: {lo, hi, upper delta, lower delta, title delta,\n")
    w(" * alternating}; an alternating range maps even offsets from lo (upper\n")
    w(" * case) to lower = r+1 and odd offsets (lower case) to upper = r-1. */\n")
    w("const int uni_case_n = %d;\n" % len(cr))
    w("const UniCaseRange uni_case_ranges[] = {")
    for lo, hi, du, dl, dt, alt in cr:
        w("\n    {0x%05X, 0x%05X, %d, %d, %d, %d}," % (lo, hi, du, dl, dt, alt))
    w("\n};\n")


if __name__ == "__main__":
    main()
