/* format_num.c: the number and string renderings fmt builds on: Go's
 * strconv.FormatFloat (shortest round-trip and fixed precision, %e %f %g %b
 * %x), strconv.Quote/QuoteRune, and the runtime's print() rendering of panic
 * values. The printer itself (verbs, flags, composite values) is format.c. */
#include "format.h"
#include "unicode.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- decimal digits of a float ---- */

/* A decimal d[0..nd) * 10^(dp-nd) with no trailing zeros (nd == 0 is zero),
 * the form Go's formatters (fmtE, fmtF, %g) work on. */
typedef struct Digits {
    char *d;
    int nd, dp;
} Digits;

static void trim_zeros(Digits *dg) {
    while (dg->nd > 0 && dg->d[dg->nd - 1] == '0') dg->nd--;
    if (dg->nd == 0) dg->dp = 0;
}

/* Parses printf's "%.Ne" output "D.DDDDe+XX" into dg (d must have room). */
static void parse_e(const char *s, Digits *dg) {
    dg->nd = 0;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9') dg->d[dg->nd++] = *s;
    int exp = *s == 'e' ? atoi(s + 1) : 0;
    dg->dp = exp + 1;
    trim_zeros(dg);
}

/* printf into a GC buffer big enough for any %.*e / %.*f of a double. */
static char *print_double(const char *fmt, int prec, double v) {
    size_t n = (size_t)prec + 330;
    char *s = ALLOC_ATOMIC(n);
    snprintf(s, n, fmt, prec, v);
    return s;
}

/* n significant digits of |v|, correctly rounded (half to even). */
static void fixed_digits(double v, int n, Digits *dg) {
    char *s = print_double("%.*e", n - 1, fabs(v));
    dg->d = ALLOC_ATOMIC((size_t)n + 2);
    parse_e(s, dg);
}

/* Does the decimal string s parse back to v at the given bit size? */
static bool round_trips(const char *s, double v, int bitsize) {
    if (bitsize == 32) return strtof(s, NULL) == (float)v;
    return strtod(s, NULL) == v;
}

/* The p-digit decimal next to the closest one, on v's side of it: used only
 * when v is a power of two, whose round-trip interval is narrower below v
 * than above, so the closest p-digit decimal can miss while its neighbour
 * fits. s is "%.*e" output for p digits; writes the neighbour into out. */
static void neighbour(const char *s, double v, int p, int bitsize, char *out, size_t cap) {
    double back = bitsize == 32 ? (double)strtof(s, NULL) : strtod(s, NULL);
    bool up = back < fabs(v); /* the decimal is below v: try the one above */
    char digits[24];
    int nd = 0;
    const char *q = s;
    for (; *q && *q != 'e'; q++)
        if (*q >= '0' && *q <= '9') digits[nd++] = *q;
    int exp = atoi(q + 1);
    int i = nd - 1;
    if (up) {
        while (i >= 0 && digits[i] == '9') digits[i--] = '0';
        if (i < 0) { /* 9.99 -> 10.0: one more place */
            digits[0] = '1';
            for (int k = 1; k < nd; k++) digits[k] = '0';
            exp++;
        } else {
            digits[i]++;
        }
    } else {
        while (i >= 0 && digits[i] == '0') digits[i--] = '9';
        if (i >= 0) digits[i]--;
        if (digits[0] == '0') { /* 1.00 -> 0.99: one place less, keep p digits */
            for (int k = 0; k < nd - 1; k++) digits[k] = digits[k + 1];
            digits[nd - 1] = '9';
            exp--;
        }
    }
    snprintf(out, cap, "%c%s%.*se%d", digits[0], p > 1 ? "." : "", p - 1, digits + 1, exp);
}

/* The shortest decimal that parses back to v at bitsize bits, choosing the
 * closest one among those of that length, as strconv's shortest mode does.
 * printf rounds exactly, so "%.*e" at p digits gives the closest p-digit
 * decimal; the length is searched. */
static void shortest_digits(double v, int bitsize, Digits *dg) {
    dg->d = ALLOC_ATOMIC(24);
    double a = fabs(v);
    char s[40], alt[40];
    uint64_t bits;
    int mant_zero;
    if (bitsize == 32) {
        float f = (float)a;
        uint32_t b32;
        memcpy(&b32, &f, 4);
        mant_zero = (b32 & 0x7FFFFF) == 0 && (b32 >> 23) > 1;
    } else {
        memcpy(&bits, &a, 8);
        mant_zero = (bits & ((UINT64_C(1) << 52) - 1)) == 0 && (bits >> 52) > 1;
    }
    int maxp = bitsize == 32 ? 9 : 17;
    if (!mant_zero) {
        /* symmetric interval: round-tripping is monotone in p, so the
         * shortest length can be found by bisection */
        int lo = 1, hi = maxp;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            snprintf(s, sizeof s, "%.*e", mid - 1, a);
            if (round_trips(s, a, bitsize)) hi = mid;
            else lo = mid + 1;
        }
        snprintf(s, sizeof s, "%.*e", lo - 1, a);
        parse_e(s, dg);
        return;
    }
    for (int p = 1; p <= maxp; p++) {
        snprintf(s, sizeof s, "%.*e", p - 1, a);
        if (round_trips(s, a, bitsize)) {
            parse_e(s, dg);
            return;
        }
        neighbour(s, a, p, bitsize, alt, sizeof alt);
        if (round_trips(alt, a, bitsize)) {
            parse_e(alt, dg);
            return;
        }
    }
    snprintf(s, sizeof s, "%.*e", maxp - 1, a);
    parse_e(s, dg);
}

/* |v| rounded to prec places after the point, as digits. */
static void fixed_f_digits(double v, int prec, Digits *dg) {
    char *s = print_double("%.*f", prec, fabs(v));
    size_t n = strlen(s);
    dg->d = ALLOC_ATOMIC(n + 1);
    dg->nd = 0;
    dg->dp = 0;
    bool point = false, lead = true;
    for (const char *q = s; *q; q++) {
        if (*q == '.') {
            point = true;
            continue;
        }
        if (lead && *q == '0') { /* leading zeros move the point */
            if (point) dg->dp--;
            continue;
        }
        lead = false;
        dg->d[dg->nd++] = *q;
        if (!point) dg->dp++;
    }
    trim_zeros(dg);
}

/* ---- Go's layouts ---- */

static void put_exp(Buf *out, char e, int exp) {
    buf_putc(out, e);
    buf_putc(out, exp < 0 ? '-' : '+');
    if (exp < 0) exp = -exp;
    if (exp < 10) buf_putc(out, '0');
    buf_printf(out, "%d", exp);
}

/* -d.ddddde±dd */
static void fmt_e(Buf *out, bool neg, const Digits *dg, int prec, char fmtc) {
    if (neg) buf_putc(out, '-');
    buf_putc(out, dg->nd ? dg->d[0] : '0');
    if (prec > 0) {
        buf_putc(out, '.');
        int i = 1;
        int m = dg->nd < prec + 1 ? dg->nd : prec + 1;
        if (i < m) {
            buf_put(out, dg->d + i, (size_t)(m - i));
            i = m;
        }
        for (; i <= prec; i++) buf_putc(out, '0');
    }
    put_exp(out, fmtc, dg->nd ? dg->dp - 1 : 0);
}

/* -ddddd.ddd */
static void fmt_f(Buf *out, bool neg, const Digits *dg, int prec) {
    if (neg) buf_putc(out, '-');
    if (dg->dp > 0) {
        int m = dg->nd < dg->dp ? dg->nd : dg->dp;
        buf_put(out, dg->d, (size_t)m);
        for (; m < dg->dp; m++) buf_putc(out, '0');
    } else {
        buf_putc(out, '0');
    }
    if (prec > 0) {
        buf_putc(out, '.');
        for (int i = 1; i <= prec; i++) {
            int j = dg->dp + i - 1;
            buf_putc(out, j >= 0 && j < dg->nd ? dg->d[j] : '0');
        }
    }
}

/* %g: %e for large and small exponents, %f otherwise. */
static void fmt_g(Buf *out, bool neg, const Digits *dg, int prec, bool shortest, char fmtc) {
    int eprec = prec;
    if (eprec > dg->nd && dg->nd >= dg->dp) eprec = dg->nd;
    /* shortest output decides as if the precision were 6 */
    if (shortest) eprec = 6;
    int exp = dg->dp - 1;
    if (exp < -4 || exp >= eprec) {
        if (prec > dg->nd) prec = dg->nd;
        fmt_e(out, neg, dg, prec - 1, fmtc == 'g' ? 'e' : 'E');
        return;
    }
    if (prec > dg->dp) prec = dg->nd;
    fmt_f(out, neg, dg, prec - dg->dp > 0 ? prec - dg->dp : 0);
}

/* Sign, biased exponent and mantissa fields of v at bitsize bits, with
 * Go's adjustments: the implicit bit added, denormals' exponent fixed. */
typedef struct FloatBits {
    bool neg;
    uint64_t mant;
    int exp, mantbits;
} FloatBits;

static FloatBits float_bits(double v, int bitsize) {
    FloatBits fb;
    int expbits, bias;
    uint64_t bits;
    if (bitsize == 32) {
        float f = (float)v;
        uint32_t b;
        memcpy(&b, &f, 4);
        bits = b;
        fb.mantbits = 23, expbits = 8, bias = -127;
    } else {
        memcpy(&bits, &v, 8);
        fb.mantbits = 52, expbits = 11, bias = -1023;
    }
    fb.neg = (bits >> (expbits + fb.mantbits)) != 0;
    fb.exp = (int)(bits >> fb.mantbits) & ((1 << expbits) - 1);
    fb.mant = bits & ((UINT64_C(1) << fb.mantbits) - 1);
    if (fb.exp == 0) fb.exp++;
    else fb.mant |= UINT64_C(1) << fb.mantbits;
    fb.exp += bias;
    return fb;
}

/* %b: -ddddp±ddd, mantissa times a power of two. */
static void fmt_b(Buf *out, const FloatBits *fb) {
    if (fb->neg) buf_putc(out, '-');
    int exp = fb->exp - fb->mantbits;
    buf_printf(out, "%llup%c%d", (unsigned long long)fb->mant, exp >= 0 ? '+' : '-', abs(exp));
}

/* %x: -0x1.hhhhp±dd, the mantissa in hex with its leading bit before the
 * point; prec hex digits (rounded half to even), or all when prec < 0. */
static void fmt_x(Buf *out, FloatBits fb, int prec, char fmtc) {
    const char *hex = fmtc == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    uint64_t mant = fb.mant;
    int exp = mant == 0 ? 0 : fb.exp;
    mant <<= 60 - fb.mantbits; /* leading bit to bit 60 */
    while (mant != 0 && (mant & (UINT64_C(1) << 60)) == 0) {
        mant <<= 1;
        exp--;
    }
    if (prec >= 0 && prec < 15) {
        unsigned shift = (unsigned)prec * 4;
        uint64_t extra = (mant << shift) & ((UINT64_C(1) << 60) - 1);
        mant >>= 60 - shift;
        if ((extra | (mant & 1)) > (UINT64_C(1) << 59)) mant++;
        mant <<= 60 - shift;
        if (mant & (UINT64_C(1) << 61)) { /* carried into a new leading bit */
            mant >>= 1;
            exp++;
        }
    }
    if (fb.neg) buf_putc(out, '-');
    buf_putc(out, '0');
    buf_putc(out, fmtc);
    buf_putc(out, (char)('0' + ((mant >> 60) & 1)));
    mant <<= 4;
    if (prec < 0 && mant != 0) {
        buf_putc(out, '.');
        for (; mant != 0; mant <<= 4) buf_putc(out, hex[(mant >> 60) & 15]);
    } else if (prec > 0) {
        buf_putc(out, '.');
        for (int i = 0; i < prec; i++, mant <<= 4) buf_putc(out, hex[(mant >> 60) & 15]);
    }
    put_exp(out, fmtc == 'X' ? 'P' : 'p', exp);
}

void fmt_float(Buf *out, double f, char fmtc, int prec, int bitsize) {
    if (isnan(f)) {
        buf_puts(out, "NaN");
        return;
    }
    if (isinf(f)) {
        buf_puts(out, f < 0 ? "-Inf" : "+Inf");
        return;
    }
    FloatBits fb = float_bits(f, bitsize);
    if (fmtc == 'x' || fmtc == 'X') {
        fmt_x(out, fb, prec, fmtc);
        return;
    }
    if (fmtc == 'b') {
        fmt_b(out, &fb);
        return;
    }
    if (fmtc == 0 || !strchr("eEfgG", fmtc)) {
        buf_putc(out, '%');
        buf_putc(out, fmtc);
        return;
    }
    static char no_digits[1];
    Digits dg = {.d = no_digits, .nd = 0, .dp = 0}; /* zero */
    bool shortest = prec < 0;
    if (shortest) {
        if (f != 0) shortest_digits(f, bitsize, &dg);
        if (fmtc == 'e' || fmtc == 'E') prec = dg.nd > 1 ? dg.nd - 1 : 0;
        else if (fmtc == 'f') prec = dg.nd > dg.dp ? dg.nd - dg.dp : 0;
        else prec = dg.nd;
    } else if (fmtc == 'f') {
        if (f != 0) fixed_f_digits(f, prec, &dg);
    } else {
        int digits = prec + 1;
        if (fmtc == 'g' || fmtc == 'G') {
            if (prec == 0) prec = 1;
            digits = prec;
        }
        if (f != 0) fixed_digits(f, digits, &dg);
    }
    switch (fmtc) {
    case 'e': case 'E': fmt_e(out, fb.neg, &dg, prec, fmtc); break;
    case 'f': fmt_f(out, fb.neg, &dg, prec); break;
    default: fmt_g(out, fb.neg, &dg, prec, shortest, fmtc); break;
    }
}

/* ---- quoting ---- */

static const char lowerhex[] = "0123456789abcdef";

static void put_rune(Buf *out, int32_t r) {
    char tmp[UTF8_MAX];
    buf_put(out, tmp, (size_t)utf8_encode(tmp, r));
}

/* strconv's appendEscapedRune: r as it appears inside a quoted literal. */
static void escape_rune(Buf *out, int32_t r, char quote, bool ascii_only) {
    if (r == quote || r == '\\') {
        buf_putc(out, '\\');
        put_rune(out, r);
        return;
    }
    if (ascii_only ? (r < 0x80 && uni_is_print(r)) : uni_is_print(r)) {
        put_rune(out, r);
        return;
    }
    switch (r) {
    case '\a': buf_puts(out, "\\a"); return;
    case '\b': buf_puts(out, "\\b"); return;
    case '\f': buf_puts(out, "\\f"); return;
    case '\n': buf_puts(out, "\\n"); return;
    case '\r': buf_puts(out, "\\r"); return;
    case '\t': buf_puts(out, "\\t"); return;
    case '\v': buf_puts(out, "\\v"); return;
    default: break;
    }
    if (r < ' ' || r == 0x7F) {
        buf_printf(out, "\\x%c%c", lowerhex[(r >> 4) & 0xF], lowerhex[r & 0xF]);
        return;
    }
    if (!utf8_valid_rune(r)) r = UNI_RUNE_ERROR;
    if (r < 0x10000) buf_printf(out, "\\u%04x", (unsigned)r);
    else buf_printf(out, "\\U%08x", (unsigned)r);
}

void fmt_quote(Buf *out, const char *s, int64_t len, bool ascii_only) {
    buf_putc(out, '"');
    for (int64_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            escape_rune(out, c, '"', ascii_only);
            i++;
            continue;
        }
        int size;
        int32_t r = utf8_decode(s + i, len - i, &size);
        if (size == 1) { /* an invalid byte */
            buf_printf(out, "\\x%c%c", lowerhex[c >> 4], lowerhex[c & 0xF]);
            i++;
            continue;
        }
        escape_rune(out, r, '"', ascii_only);
        i += size;
    }
    buf_putc(out, '"');
}

void fmt_quote_rune(Buf *out, int32_t r, bool ascii_only) {
    if (!utf8_valid_rune(r)) r = UNI_RUNE_ERROR;
    buf_putc(out, '\'');
    escape_rune(out, r, '\'', ascii_only);
    buf_putc(out, '\'');
}

bool fmt_can_backquote(const char *s, int64_t len) {
    for (int64_t i = 0; i < len;) {
        int size;
        int32_t r = utf8_decode(s + i, len - i, &size);
        i += size;
        if (size > 1) {
            if (r == 0xFEFF) return false; /* an invisible BOM */
            continue;
        }
        if (r == UNI_RUNE_ERROR) return false;
        if ((r < ' ' && r != '\t') || r == '`' || r == 0x7F) return false;
    }
    return true;
}

/* ---- the runtime's print() ---- */

/* print(float64): +d.dddddde±ddd with 7 digits, computed by repeated
 * scaling as Go's runtime printfloat does (so the last digit can differ from
 * a correctly rounded one, exactly as Go's does). */
static void print_float(Buf *out, double v) {
    if (v != v) {
        buf_puts(out, "NaN");
        return;
    }
    if (v + v == v && v > 0) {
        buf_puts(out, "+Inf");
        return;
    }
    if (v + v == v && v < 0) {
        buf_puts(out, "-Inf");
        return;
    }
    enum { N = 7 };
    char b[N + 7];
    b[0] = '+';
    int e = 0;
    if (v == 0) {
        if (signbit(v)) b[0] = '-';
    } else {
        if (v < 0) {
            v = -v;
            b[0] = '-';
        }
        while (v >= 10) {
            e++;
            v /= 10;
        }
        while (v < 1) {
            e--;
            v *= 10;
        }
        double h = 5.0;
        for (int i = 0; i < N; i++) h /= 10;
        v += h;
        if (v >= 10) {
            e++;
            v /= 10;
        }
    }
    for (int i = 0; i < N; i++) {
        int s = (int)v;
        b[i + 2] = (char)(s + '0');
        v -= s;
        v *= 10;
    }
    b[1] = b[2];
    b[2] = '.';
    b[N + 2] = 'e';
    b[N + 3] = '+';
    if (e < 0) {
        e = -e;
        b[N + 3] = '-';
    }
    b[N + 4] = (char)(e / 100 + '0');
    b[N + 5] = (char)((e / 10) % 10 + '0');
    b[N + 6] = (char)(e % 10 + '0');
    buf_put(out, b, sizeof b);
}

/* A string as the panic printer writes it: each newline followed by a tab,
 * so a multi-line value cannot pass for a goroutine header. */
static void print_indented(Buf *out, const char *s, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        buf_putc(out, s[i]);
        if (s[i] == '\n') buf_putc(out, '\t');
    }
}

/* print() of a scalar static word of basic kind k; false if k is not one. */
static bool print_basic(Buf *out, int k, Value w) {
    switch (k) {
    case K_BOOL: buf_puts(out, w.i ? "true" : "false"); return true;
    case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64:
        buf_printf(out, "%lld", (long long)w.i);
        return true;
    case K_UINT: case K_UINT8: case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR:
        buf_printf(out, "%llu", (unsigned long long)w.u);
        return true;
    case K_FLOAT32: case K_FLOAT64: print_float(out, w.f); return true;
    default: return false;
    }
}

void fmt_panic_value(Buf *out, Value v, const char *method_text) {
    if (method_text) {
        print_indented(out, method_text, (int64_t)strlen(method_text));
        return;
    }
    Type *t = dyn_type(v);
    if (!t) {
        buf_puts(out, "nil");
        return;
    }
    Value w = from_dyn(t, v);
    if (t->kind == K_STRING) {
        String *s = w.p;
        print_indented(out, s->data, s->len);
        return;
    }
    if (t->kind != K_NAMED && print_basic(out, t->kind, w)) return;
    const char *ts = type_string(t);
    if (t->ukind == K_STRING) {
        String *s = w.p;
        buf_printf(out, "%s(\"", ts);
        print_indented(out, s->data, s->len);
        buf_puts(out, "\")");
        return;
    }
    if (t->rep == REP_INT || t->rep == REP_FLOAT) {
        buf_printf(out, "%s(", ts);
        print_basic(out, t->ukind, w);
        buf_putc(out, ')');
        return;
    }
    /* other types: the type and the address of the value, as Go prints the
     * interface's data pointer */
    buf_printf(out, "(%s) %p", ts, v.p);
}
