/* lib/strconv.c: the native half of strconv: integer and float formatting
 * and parsing with Go's syntax (base prefixes, underscores with base 0) and
 * range rules, and quoting (shared with fmt, format.h). */
#include "lib.h"
#include "../format.h"
#include "../lexer.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>

static String *format_uint(uint64_t u, int base, bool neg) {
    char buf[72];
    int i = sizeof buf;
    if (base < 2 || base > 36) base = 10;
    do {
        int d = (int)(u % (uint64_t)base);
        buf[--i] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        u /= (uint64_t)base;
    } while (u);
    if (neg) buf[--i] = '-';
    return str_new(buf + i, (int64_t)sizeof buf - i);
}

static NatStatus sc_format_int(Fiber *f, Value *a, int n) {
    int64_t v = a[0].i;
    if (a[1].i < 2 || a[1].i > 36) return lib_panic(f, "strconv: illegal AppendInt/FormatInt base");
    a[0].p = v < 0 ? format_uint(0 - (uint64_t)v, (int)a[1].i, true) : format_uint((uint64_t)v, (int)a[1].i, false);
    return NAT_OK;
}

static NatStatus sc_format_uint(Fiber *f, Value *a, int n) {
    if (a[1].i < 2 || a[1].i > 36) return lib_panic(f, "strconv: illegal AppendInt/FormatInt base");
    a[0].p = format_uint(a[0].u, (int)a[1].i, false);
    return NAT_OK;
}

static NatStatus sc_format_float(Fiber *f, Value *a, int n) {
    Buf b;
    buf_init(&b);
    double d = a[0].f;
    if (a[3].i == 32) d = (double)(float)d; /* Go formats the float32 value */
    fmt_float(&b, d, (char)a[1].i, (int)a[2].i, (int)a[3].i);
    a[0].p = str_new(b.data ? b.data : "", (int64_t)b.len);
    return NAT_OK;
}

static int digit_val(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

/* Parses the magnitude of s (no sign) in base (0: Go prefixes and '_');
 * returns 0 ok, 1 syntax, 2 overflow of 64 bits. */
static int parse_mag(const char *s, int64_t len, int base, uint64_t *out) {
    int64_t i = 0;
    bool base0 = base == 0;
    if (len == 0) return 1;
    if (base0) {
        base = 10;
        if (s[0] == '0') {
            if (len >= 3 && (s[1] == 'x' || s[1] == 'X')) base = 16, i = 2;
            else if (len >= 3 && (s[1] == 'o' || s[1] == 'O')) base = 8, i = 2;
            else if (len >= 3 && (s[1] == 'b' || s[1] == 'B')) base = 2, i = 2;
            else base = 8, i = 1;
        }
    }
    uint64_t v = 0;
    /* '_' only between digits or after a base prefix: not first */
    bool any = i == 1, overflow = false, last_us = i == 0;
    if (i == 1 && len == 1) {
        *out = 0;
        return 0;
    }
    for (; i < len; i++) {
        char c = s[i];
        if (c == '_' && base0) {
            if (last_us) return 1;
            last_us = true;
            continue;
        }
        int d = digit_val(c);
        if (d >= base) return 1;
        last_us = false;
        any = true;
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) overflow = true;
        else v = v * (uint64_t)base + (uint64_t)d;
    }
    if (!any || last_us) return 1;
    *out = overflow ? UINT64_MAX : v;
    return overflow ? 2 : 0;
}

/* parseInt(s string, base, bitSize int) (int64, int) */
static NatStatus sc_parse_int(Fiber *f, Value *a, int n) {
    String *s = a[0].p;
    int bits = a[2].i == 0 ? 64 : (int)a[2].i;
    const char *p = s->data;
    int64_t len = s->len;
    bool neg = false;
    if (len && (p[0] == '+' || p[0] == '-')) {
        neg = p[0] == '-';
        p++;
        len--;
    }
    uint64_t mag;
    int code = parse_mag(p, len, (int)a[1].i, &mag);
    uint64_t cutoff = UINT64_C(1) << (bits - 1);
    if (code == 1) {
        a[0].i = 0;
        a[1].i = 1;
        return NAT_OK;
    }
    if (code == 2 || (!neg && mag >= cutoff) || (neg && mag > cutoff)) {
        a[0].i = neg ? -(int64_t)(cutoff - 1) - 1 : (int64_t)(cutoff - 1);
        a[1].i = 2;
        return NAT_OK;
    }
    a[0].i = neg ? (int64_t)(0 - mag) : (int64_t)mag;
    a[1].i = 0;
    return NAT_OK;
}

static NatStatus sc_parse_uint(Fiber *f, Value *a, int n) {
    String *s = a[0].p;
    int bits = a[2].i == 0 ? 64 : (int)a[2].i;
    uint64_t mag;
    int code = parse_mag(s->data, s->len, (int)a[1].i, &mag);
    uint64_t max = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
    if (code == 1) {
        a[0].u = 0;
        a[1].i = 1;
    } else if (code == 2 || mag > max) {
        a[0].u = max;
        a[1].i = 2;
    } else {
        a[0].u = mag;
        a[1].i = 0;
    }
    return NAT_OK;
}

/* Go's underscoreOK: '_' only between digits, or between a base prefix
 * and a digit. */
static bool underscore_ok(const char *s, int64_t len) {
    char saw = '^';
    int64_t i = 0;
    if (len >= 1 && (s[0] == '-' || s[0] == '+')) s++, len--;
    bool hex = false;
    if (len >= 2 && s[0] == '0' && strchr("bBoOxX", s[1])) {
        i = 2;
        saw = '0';
        hex = s[1] == 'x' || s[1] == 'X';
    }
    for (; i < len; i++) {
        char c = s[i];
        if ((c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))) {
            saw = '0';
            continue;
        }
        if (c == '_') {
            if (saw != '0') return false;
            saw = '_';
            continue;
        }
        if (saw == '_') return false;
        saw = '!';
    }
    return saw != '_';
}

/* parseFloat(s string, bitSize int) (float64, int): Go's syntax (no
 * whitespace, optional '_' between digits, hex floats with a p exponent,
 * inf, nan). */
static NatStatus sc_parse_float(Fiber *f, Value *a, int n) {
    String *s = a[0].p;
    char *tmp = ALLOC_ATOMIC((size_t)s->len + 1);
    int64_t k = 0;
    for (int64_t i = 0; i < s->len; i++)
        if (s->data[i] != '_') tmp[k++] = s->data[i];
    tmp[k] = 0;
    const char *mant = tmp + (tmp[0] == '+' || tmp[0] == '-');
    bool hex = mant[0] == '0' && (mant[1] == 'x' || mant[1] == 'X');
    bool bad = k == 0 || memchr(s->data, 0, (size_t)s->len) || strchr(tmp, ' ') || strchr(tmp, '\t') ||
               strchr(tmp, '\n') || strchr(tmp, '(') || (k < s->len && !underscore_ok(s->data, s->len)) ||
               (hex && !strchr(tmp, 'p') && !strchr(tmp, 'P'));
    char *end = NULL;
    errno = 0;
    double d = bad ? 0 : strtod(tmp, &end);
    if (bad || !end || *end) {
        a[0].f = 0;
        a[1].i = 1;
        return NAT_OK;
    }
    int64_t bits = a[1].i;
    a[1].i = errno == ERANGE && isinf(d) ? 2 : 0;
    if (bits == 32) {
        float r = (float)d;
        if (isinf(r) && !isinf(d)) a[1].i = 2;
        d = (double)r;
    }
    a[0].f = d;
    return NAT_OK;
}

static NatStatus quote_common(Value *a, bool ascii) {
    Buf b;
    buf_init(&b);
    String *s = a[0].p;
    fmt_quote(&b, s->data, s->len, ascii);
    a[0].p = str_new(b.data, (int64_t)b.len);
    return NAT_OK;
}

static NatStatus sc_quote(Fiber *f, Value *a, int n) { return quote_common(a, false); }
static NatStatus sc_quote_ascii(Fiber *f, Value *a, int n) { return quote_common(a, true); }

static NatStatus rune_common(Value *a, bool ascii) {
    Buf b;
    buf_init(&b);
    fmt_quote_rune(&b, (int32_t)a[0].i, ascii);
    a[0].p = str_new(b.data, (int64_t)b.len);
    return NAT_OK;
}

static NatStatus sc_quote_rune(Fiber *f, Value *a, int n) { return rune_common(a, false); }
static NatStatus sc_quote_rune_ascii(Fiber *f, Value *a, int n) { return rune_common(a, true); }

static NatStatus sc_can_backquote(Fiber *f, Value *a, int n) {
    String *s = a[0].p;
    a[0].i = fmt_can_backquote(s->data, s->len);
    return NAT_OK;
}

static NatStatus sc_unquote(Fiber *f, Value *a, int n) {
    String *s = a[0].p;
    char *out;
    int64_t outlen;
    char err[128];
    bool ok = false;
    if (s->len >= 2) {
        char q = s->data[0];
        if (q == '`' && s->data[s->len - 1] == '`' && !memchr(s->data + 1, '`', (size_t)s->len - 2)) {
            a[0].p = str_sub(s, 1, s->len - 1);
            a[1].i = 1;
            return NAT_OK;
        }
        if (q == '"' && s->data[s->len - 1] == '"')
            ok = lex_decode_string(s->data, (size_t)s->len, &out, &outlen, err, sizeof err);
        else if (q == '\'' && s->data[s->len - 1] == '\'') {
            int32_t r;
            ok = lex_decode_rune(s->data, (size_t)s->len, &r, err, sizeof err);
            if (ok) {
                a[0].p = rt_int_to_string(r);
                a[1].i = 1;
                return NAT_OK;
            }
        }
    }
    a[0].p = ok ? str_new(out, outlen) : &str_empty;
    a[1].i = ok;
    return NAT_OK;
}

const NativeReg lib_strconv[] = {
    {"strconv.FormatInt", sc_format_int},
    {"strconv.FormatUint", sc_format_uint},
    {"strconv.FormatFloat", sc_format_float},
    {"strconv.parseInt", sc_parse_int},
    {"strconv.parseUint", sc_parse_uint},
    {"strconv.parseFloat", sc_parse_float},
    {"strconv.Quote", sc_quote},
    {"strconv.QuoteToASCII", sc_quote_ascii},
    {"strconv.QuoteRune", sc_quote_rune},
    {"strconv.QuoteRuneToASCII", sc_quote_rune_ascii},
    {"strconv.CanBackquote", sc_can_backquote},
    {"strconv.unquote", sc_unquote},
    {NULL, NULL},
};
