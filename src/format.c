/* format.c: Go's fmt printer: Print/Println spacing, the Printf format
 * language (flags, width, precision, argument indexes, error forms), and the
 * rendering of every kind of value, composite ones included, with String,
 * Error and GoString methods planned as format.h describes. Numbers and
 * quoting come from format_num.c. Follows Go 1.25's fmt/print.go and
 * format.go rule for rule. */
#include "format.h"
#include "map.h"
#include "unicode.h"

#include <math.h>

static const char ldigits[] = "0123456789abcdefx";
static const char udigits[] = "0123456789ABCDEFX";

/* The flags of one verb. %+v and %#v set plus_v/sharp_v instead of
 * plus/sharp: they are different, flagless formats. */
typedef struct Flags {
    int wid, prec;
    bool wid_present, prec_present;
    bool minus, plus, sharp, space, zero;
    bool plus_v, sharp_v;
} Flags;

/* One Sprint/Sprintf in progress (Go's pp). */
typedef struct Printer {
    FmtState *st;
    Buf *buf;
    Flags f;
    bool erroring;     /* printing an error form: methods are not called */
    bool good_argnum;
} Printer;

/* ---- padding and the basic formatters (Go's fmt type) ---- */

static void write_padding(Printer *p, int n) {
    if (n <= 0) return;
    char c = p->f.zero && !p->f.minus ? '0' : ' ';
    buf_reserve(p->buf, (size_t)n);
    memset(p->buf->data + p->buf->len, c, (size_t)n);
    p->buf->len += (size_t)n;
}

/* Appends [s, s+n) padded to the width on the left, or on the right with
 * the minus flag; the width counts runes. */
static void pad(Printer *p, const char *s, size_t n) {
    if (!p->f.wid_present || p->f.wid == 0) {
        buf_put(p->buf, s, n);
        return;
    }
    int width = p->f.wid - (int)utf8_count(s, (int64_t)n);
    if (!p->f.minus) {
        write_padding(p, width);
        buf_put(p->buf, s, n);
    } else {
        buf_put(p->buf, s, n);
        write_padding(p, width);
    }
}

static void pad_cstr(Printer *p, const char *s) { pad(p, s, strlen(s)); }

static void fmt_boolean(Printer *p, bool v) { pad_cstr(p, v ? "true" : "false"); }

/* The prefix of s holding at most prec runes when a precision is given. */
static size_t truncate_runes(Printer *p, const char *s, size_t n) {
    if (!p->f.prec_present) return n;
    int left = p->f.prec;
    for (size_t i = 0; i < n;) {
        if (left-- <= 0) return i;
        int size = 1;
        if ((unsigned char)s[i] >= 0x80) utf8_decode(s + i, (int64_t)(n - i), &size);
        i += (size_t)size;
    }
    return n;
}

static void fmt_s(Printer *p, const char *s, size_t n) { pad(p, s, truncate_runes(p, s, n)); }

/* "U+0078", or with the sharp flag "U+0078 'x'" when printable. */
static void fmt_unicode(Printer *p, uint64_t u) {
    int prec = 4;
    if (p->f.prec_present && p->f.prec > 4) prec = p->f.prec;
    Buf b;
    buf_init(&b);
    char hex[20];
    int nh = 0;
    for (uint64_t x = u; nh == 0 || x; x >>= 4) hex[nh++] = udigits[x & 0xF];
    buf_puts(&b, "U+");
    for (int i = nh; i < prec; i++) buf_putc(&b, '0');
    while (nh) buf_putc(&b, hex[--nh]);
    if (p->f.sharp && u <= UNI_MAX_RUNE && uni_is_print((int32_t)u)) {
        char enc[UTF8_MAX];
        buf_puts(&b, " '");
        buf_put(&b, enc, (size_t)utf8_encode(enc, (int32_t)u));
        buf_putc(&b, '\'');
    }
    bool zero = p->f.zero;
    p->f.zero = false;
    pad(p, b.data, b.len);
    p->f.zero = zero;
}

/* Integers in base 2, 8, 10 or 16 with Go's precision (minimum digits),
 * zero padding, sign and 0x/0b/0o prefixes. */
static void fmt_integer(Printer *p, uint64_t u, int base, bool is_signed, int verb,
                        const char *digits) {
    bool negative = is_signed && (int64_t)u < 0;
    if (negative) u = -u;
    int prec = 0;
    if (p->f.prec_present) {
        prec = p->f.prec;
        if (prec == 0 && u == 0) { /* %.0d of 0 prints nothing but padding */
            bool zero = p->f.zero;
            p->f.zero = false;
            write_padding(p, p->f.wid);
            p->f.zero = zero;
            return;
        }
    } else if (p->f.zero && !p->f.minus && p->f.wid_present) {
        prec = p->f.wid;
        if (negative || p->f.plus || p->f.space) prec--; /* room for the sign */
    }
    size_t cap = (size_t)(prec > 0 ? prec : 0) + 72;
    char small[160];
    char *buf = cap <= sizeof small ? small : ALLOC_ATOMIC(cap);
    size_t i = cap;
    do {
        buf[--i] = digits[u % (uint64_t)base];
        u /= (uint64_t)base;
    } while (u);
    while (i > 0 && (int)(cap - i) < prec) buf[--i] = '0';
    if (p->f.sharp) {
        if (base == 2) {
            buf[--i] = 'b';
            buf[--i] = '0';
        } else if (base == 8 && buf[i] != '0') {
            buf[--i] = '0';
        } else if (base == 16) {
            buf[--i] = digits[16];
            buf[--i] = '0';
        }
    }
    if (verb == 'O') {
        buf[--i] = 'o';
        buf[--i] = '0';
    }
    if (negative) buf[--i] = '-';
    else if (p->f.plus) buf[--i] = '+';
    else if (p->f.space) buf[--i] = ' ';
    /* zero padding was done as precision above, or is overridden by it */
    bool zero = p->f.zero;
    p->f.zero = false;
    pad(p, buf + i, cap - i);
    p->f.zero = zero;
}

/* Hex of a string's or byte slice's bytes: %x, % x, %#x, %# x. */
static void fmt_sbx(Printer *p, const unsigned char *s, size_t n, const char *digits) {
    size_t length = n;
    if (p->f.prec_present && (size_t)p->f.prec < length) length = (size_t)p->f.prec;
    size_t width = 2 * length;
    if (width == 0) {
        if (p->f.wid_present) write_padding(p, p->f.wid);
        return;
    }
    if (p->f.space) {
        if (p->f.sharp) width *= 2;
        width += length - 1;
    } else if (p->f.sharp) {
        width += 2;
    }
    if (p->f.wid_present && (size_t)p->f.wid > width && !p->f.minus)
        write_padding(p, p->f.wid - (int)width);
    if (p->f.sharp) {
        buf_putc(p->buf, '0');
        buf_putc(p->buf, digits[16]);
    }
    for (size_t i = 0; i < length; i++) {
        if (p->f.space && i > 0) {
            buf_putc(p->buf, ' ');
            if (p->f.sharp) {
                buf_putc(p->buf, '0');
                buf_putc(p->buf, digits[16]);
            }
        }
        buf_putc(p->buf, digits[s[i] >> 4]);
        buf_putc(p->buf, digits[s[i] & 0xF]);
    }
    if (p->f.wid_present && (size_t)p->f.wid > width && p->f.minus)
        write_padding(p, p->f.wid - (int)width);
}

/* %q of a string: backquoted with %#q when possible, else Go-quoted. */
static void fmt_q(Printer *p, const char *s, size_t n) {
    n = truncate_runes(p, s, n);
    Buf b;
    buf_init(&b);
    if (p->f.sharp && fmt_can_backquote(s, (int64_t)n)) {
        buf_putc(&b, '`');
        buf_put(&b, s, n);
        buf_putc(&b, '`');
    } else {
        fmt_quote(&b, s, (int64_t)n, p->f.plus);
    }
    pad(p, b.data, b.len);
}

/* %c: the character, U+FFFD when not a valid code point. */
static void fmt_c(Printer *p, uint64_t c) {
    int32_t r = c > UNI_MAX_RUNE ? UNI_RUNE_ERROR : (int32_t)c;
    char enc[UTF8_MAX];
    pad(p, enc, (size_t)utf8_encode(enc, r));
}

/* %q of an integer: a quoted character literal. */
static void fmt_qc(Printer *p, uint64_t c) {
    int32_t r = c > UNI_MAX_RUNE ? UNI_RUNE_ERROR : (int32_t)c;
    Buf b;
    buf_init(&b);
    fmt_quote_rune(&b, r, p->f.plus);
    pad(p, b.data, b.len);
}

/* The # flag on a float: [num, num+n) (sign first) with a decimal point
 * forced in and the trailing zeros %g drops restored, written to out. */
static void sharp_float(Buf *out, const char *num, size_t n, int verb, int prec) {
    int digits = 0;
    if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x') digits = prec < 0 ? 6 : prec;
    const char *tail = "";
    size_t ntail = 0;
    bool point = false, nonzero = false;
    for (size_t i = 1; i < n; i++) {
        char c = num[i];
        if (c == '.') {
            point = true;
        } else if (c == 'p' || c == 'P' || ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X')) {
            tail = num + i; /* the exponent stays at the end */
            ntail = n - i;
            n = i;
            break;
        } else {
            if (c != '0') nonzero = true;
            if (nonzero) digits--; /* significant digits so far */
        }
    }
    buf_put(out, num, n);
    if (!point) {
        if (n == 2 && num[1] == '0') digits--; /* a lone 0 counts once */
        buf_putc(out, '.');
    }
    for (; digits > 0; digits--) buf_putc(out, '0');
    buf_put(out, tail, ntail);
}

/* A float through strconv, then fmt's sign, #, and padding rules. */
static void fmt_float_raw(Printer *p, double v, int size, int verb, int prec) {
    if (p->f.prec_present) prec = p->f.prec;
    Buf nb;
    buf_init(&nb);
    buf_putc(&nb, '+'); /* room for a sign */
    fmt_float(&nb, v, (char)verb, prec, size);
    char *num = nb.data;
    size_t n = nb.len;
    if (num[1] == '-' || num[1] == '+') {
        num++;
        n--;
    }
    if (p->f.space && num[0] == '+' && !p->f.plus) num[0] = ' ';
    if (num[1] == 'I' || num[1] == 'N') { /* no zero padding for Inf and NaN */
        bool zero = p->f.zero;
        p->f.zero = false;
        if (num[1] == 'N' && !p->f.space && !p->f.plus) {
            num++;
            n--;
        }
        pad(p, num, n);
        p->f.zero = zero;
        return;
    }
    if (p->f.sharp && verb != 'b') {
        Buf alt;
        buf_init(&alt);
        sharp_float(&alt, num, n, verb, prec);
        num = alt.data;
        n = alt.len;
    }
    if (p->f.plus || num[0] != '+') {
        if (p->f.zero && !p->f.minus && p->f.wid_present && p->f.wid > (int)n) {
            buf_putc(p->buf, num[0]); /* the sign goes before the zeros */
            write_padding(p, p->f.wid - (int)n);
            buf_put(p->buf, num + 1, n - 1);
            return;
        }
        pad(p, num, n);
        return;
    }
    pad(p, num + 1, n - 1);
}

/* ---- method calls (format.h's two-pass protocol) ---- */

/* The result of calling method on the value, or NULL during the plan (the
 * call is recorded and the caller prints nothing for it). */
static FmtResult *method_result(Printer *p, Type *t, Value v, int method) {
    FmtState *st = p->st;
    if (st->results && st->next < st->nresults) return &st->results[st->next++];
    if (st->ncalls == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 8;
        FmtCall *nc = NEW_ARRAY(FmtCall, st->cap);
        if (st->ncalls) memcpy(nc, st->calls, sizeof(FmtCall) * (size_t)st->ncalls);
        st->calls = nc;
    }
    st->calls[st->ncalls++] = (FmtCall){.recv = to_dyn(t, v), .method = method};
    return NULL;
}

/* Does concrete type t have method name, of type func() string, in its
 * method set (pointer-receiver methods only on the pointer type)? */
static bool has_string_method(Type *t, const char *name) {
    if (!name) return false;
    if (t->kind != K_NAMED && !(t->kind == K_POINTER && t->elem->kind == K_NAMED)) return false;
    Method *m = type_method(t, name);
    return m && m->sig == &t_func_string && (!m->ptr_recv || t->kind == K_POINTER);
}

static void print_value(Printer *p, Type *t, Value v, int verb, int depth, bool ro);
static void print_arg(Printer *p, Value arg, int verb);
static void fmt_string(Printer *p, const char *s, size_t n, Type *t, Value v, int verb);

static const char *method_name(int method) {
    return method == FMT_ERROR ? "Error" : method == FMT_STRING ? "String" : "GoString";
}

/* A method that panicked (Go's catchPanic). */
static void print_panic(Printer *p, Type *t, Value v, int verb, int method, FmtResult *r) {
    if (t->ukind == K_POINTER && v.p == NULL) { /* a nil receiver: say <nil> */
        buf_puts(p->buf, "<nil>");
        return;
    }
    Flags saved = p->f;
    memset(&p->f, 0, sizeof p->f);
    buf_puts(p->buf, "%!");
    char enc[UTF8_MAX];
    buf_put(p->buf, enc, (size_t)utf8_encode(enc, verb));
    buf_printf(p->buf, "(PANIC=%s method: ", method_name(method));
    if (r->panic_text) {
        buf_put(p->buf, r->panic_text->data, (size_t)r->panic_text->len);
    } else {
        bool erroring = p->erroring;
        p->erroring = true;
        print_arg(p, r->panic_val, 'v');
        p->erroring = erroring;
    }
    buf_putc(p->buf, ')');
    p->f = saved;
}

static void bad_verb(Printer *p, int verb, Type *t, Value v);

static bool is_error(Printer *p, Type *t) { return has_string_method(t, p->st->name_error); }

/* Go's handleMethods: prints the value through Error, String or GoString
 * when the verb and the value's method set call for it. */
static bool handle_methods(Printer *p, Type *t, Value v, int verb) {
    if (p->erroring) return false;
    if (verb == 'w') {
        if (!is_error(p, t) || !p->st->wrap_errs) {
            bad_verb(p, verb, t, v);
            return true;
        }
        verb = 'v';
    }
    int method = 0;
    if (p->f.sharp_v) {
        if (has_string_method(t, p->st->name_gostring)) method = FMT_GOSTRING;
    } else if (verb == 'v' || verb == 's' || verb == 'x' || verb == 'X' || verb == 'q') {
        if (is_error(p, t)) method = FMT_ERROR;
        else if (has_string_method(t, p->st->name_string)) method = FMT_STRING;
    }
    if (!method) return false;
    FmtResult *r = method_result(p, t, v, method);
    if (!r) return true;
    if (r->panicked) {
        print_panic(p, t, v, verb, method, r);
        return true;
    }
    const char *s = r->s ? r->s->data : "";
    size_t n = r->s ? (size_t)r->s->len : 0;
    if (method == FMT_GOSTRING) fmt_s(p, s, n); /* unadorned */
    else fmt_string(p, s, n, &t_string, VAL_PTR(r->s ? r->s : &str_empty), verb);
    return true;
}

/* ---- verbs by kind (Go's pp.fmt* methods) ---- */

static void put_verb(Buf *b, int verb) {
    char enc[UTF8_MAX];
    buf_put(b, enc, (size_t)utf8_encode(enc, verb));
}

/* %!verb(type=value), or %!verb(<nil>) for a nil operand. */
static void bad_verb(Printer *p, int verb, Type *t, Value v) {
    p->erroring = true;
    buf_puts(p->buf, "%!");
    put_verb(p->buf, verb);
    buf_putc(p->buf, '(');
    if (t) {
        buf_puts(p->buf, type_string(t));
        buf_putc(p->buf, '=');
        print_value(p, t, v, 'v', 0, false);
    } else {
        buf_puts(p->buf, "<nil>");
    }
    buf_putc(p->buf, ')');
    p->erroring = false;
}

static void fmt_bool(Printer *p, Type *t, Value v, int verb) {
    if (verb == 't' || verb == 'v') fmt_boolean(p, v.i != 0);
    else bad_verb(p, verb, t, v);
}

/* An unsigned in hex with or without 0x, whatever the sharp flag says. */
static void fmt_0x64(Printer *p, uint64_t u, bool leading0x) {
    bool sharp = p->f.sharp;
    p->f.sharp = leading0x;
    fmt_integer(p, u, 16, false, 'v', ldigits);
    p->f.sharp = sharp;
}

static void fmt_int_verb(Printer *p, Type *t, Value v, bool is_signed, int verb) {
    uint64_t u = v.u;
    switch (verb) {
    case 'v':
        if (p->f.sharp_v && !is_signed) fmt_0x64(p, u, true);
        else fmt_integer(p, u, 10, is_signed, verb, ldigits);
        break;
    case 'd': fmt_integer(p, u, 10, is_signed, verb, ldigits); break;
    case 'b': fmt_integer(p, u, 2, is_signed, verb, ldigits); break;
    case 'o': case 'O': fmt_integer(p, u, 8, is_signed, verb, ldigits); break;
    case 'x': fmt_integer(p, u, 16, is_signed, verb, ldigits); break;
    case 'X': fmt_integer(p, u, 16, is_signed, verb, udigits); break;
    case 'c': fmt_c(p, u); break;
    case 'q': fmt_qc(p, u); break;
    case 'U': fmt_unicode(p, u); break;
    default: bad_verb(p, verb, t, v); break;
    }
}

static void fmt_float_verb(Printer *p, Type *t, Value v, int size, int verb) {
    switch (verb) {
    case 'v': fmt_float_raw(p, v.f, size, 'g', -1); break;
    case 'b': case 'g': case 'G': case 'x': case 'X': fmt_float_raw(p, v.f, size, verb, -1); break;
    case 'f': case 'e': case 'E': fmt_float_raw(p, v.f, size, verb, 6); break;
    case 'F': fmt_float_raw(p, v.f, size, 'f', 6); break;
    default: bad_verb(p, verb, t, v); break;
    }
}

/* t and v are the operand, for the error form of a bad verb. */
static void fmt_string(Printer *p, const char *s, size_t n, Type *t, Value v, int verb) {
    switch (verb) {
    case 'v':
        if (p->f.sharp_v) fmt_q(p, s, n);
        else fmt_s(p, s, n);
        break;
    case 's': fmt_s(p, s, n); break;
    case 'x': fmt_sbx(p, (const unsigned char *)s, n, ldigits); break;
    case 'X': fmt_sbx(p, (const unsigned char *)s, n, udigits); break;
    case 'q': fmt_q(p, s, n); break;
    default: bad_verb(p, verb, t, v); break;
    }
}

/* Byte slices and arrays. type_str is what %#v names the type; is_nil
 * tells a nil slice. */
static void fmt_bytes(Printer *p, const unsigned char *b, size_t n, bool is_nil, int verb,
                      const char *type_str) {
    if (verb == 'v' || verb == 'd') {
        if (p->f.sharp_v) {
            buf_puts(p->buf, type_str);
            if (is_nil) {
                buf_puts(p->buf, "(nil)");
                return;
            }
            buf_putc(p->buf, '{');
            for (size_t i = 0; i < n; i++) {
                if (i) buf_puts(p->buf, ", ");
                fmt_0x64(p, b[i], true);
            }
            buf_putc(p->buf, '}');
        } else {
            buf_putc(p->buf, '[');
            for (size_t i = 0; i < n; i++) {
                if (i) buf_putc(p->buf, ' ');
                fmt_integer(p, b[i], 10, false, verb, ldigits);
            }
            buf_putc(p->buf, ']');
        }
        return;
    }
    switch (verb) {
    case 's': pad(p, (const char *)b, truncate_runes(p, (const char *)b, n)); break;
    case 'x': fmt_sbx(p, b, n, ldigits); break;
    case 'X': fmt_sbx(p, b, n, udigits); break;
    case 'q': fmt_q(p, (const char *)b, n); break;
    default: break; /* the callers handle other verbs */
    }
}

/* The address a pointer-like value shows (Go's UnsafePointer): the first
 * element for a slice. */
static uintptr_t pointer_of(Type *t, Value v) {
    if (t->ukind == K_SLICE) {
        Slice *s = v.p;
        return s && s->arr ? (uintptr_t)&s->arr->e[s->off] : 0;
    }
    return (uintptr_t)v.p;
}

static void fmt_pointer(Printer *p, Type *t, Value v, int verb) {
    switch (t->ukind) {
    case K_CHAN: case K_FUNC: case K_MAP: case K_POINTER: case K_SLICE: case K_UNSAFEPTR: break;
    default: bad_verb(p, verb, t, v); return;
    }
    uint64_t u = pointer_of(t, v);
    switch (verb) {
    case 'v':
        if (p->f.sharp_v) {
            buf_printf(p->buf, "(%s)(", type_string(t));
            if (u == 0) buf_puts(p->buf, "nil");
            else fmt_0x64(p, u, true);
            buf_putc(p->buf, ')');
        } else if (u == 0) {
            pad_cstr(p, "<nil>");
        } else {
            fmt_0x64(p, u, !p->f.sharp);
        }
        break;
    case 'p': fmt_0x64(p, u, !p->f.sharp); break;
    case 'b': case 'o': case 'd': case 'x': case 'X':
        fmt_int_verb(p, t, VAL_UINT(u), false, verb);
        break;
    default: bad_verb(p, verb, t, v); break;
    }
}

/* ---- composite values ---- */

/* The element word of an array or slice value. */
static Value elem_at(Type *t, Value v, int64_t i) {
    if (t->ukind == K_ARRAY) return (Value){.u = LOADW(&((Array *)v.p)->e[i].u)};
    Slice *s = v.p;
    return (Value){.u = LOADW(&s->arr->e[s->off + i].u)};
}

static int64_t seq_len(Type *t, Value v) {
    if (t->ukind == K_ARRAY) return t->under->len;
    return v.p ? ((Slice *)v.p)->len : 0;
}

static void print_seq(Printer *p, Type *t, Value v, int verb, int depth, bool ro) {
    Type *et = t->under->elem;
    int64_t n = seq_len(t, v);
    if ((verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') && et->ukind == K_UINT8) {
        unsigned char *b = ALLOC_ATOMIC((size_t)n + 1);
        for (int64_t i = 0; i < n; i++) b[i] = (unsigned char)elem_at(t, v, i).u;
        fmt_bytes(p, b, (size_t)n, t->ukind == K_SLICE && !v.p, verb, type_string(t));
        return;
    }
    if (p->f.sharp_v) {
        buf_puts(p->buf, type_string(t));
        if (t->ukind == K_SLICE && !v.p) {
            buf_puts(p->buf, "(nil)");
            return;
        }
        buf_putc(p->buf, '{');
        for (int64_t i = 0; i < n; i++) {
            if (i) buf_puts(p->buf, ", ");
            print_value(p, et, elem_at(t, v, i), verb, depth + 1, ro);
        }
        buf_putc(p->buf, '}');
        return;
    }
    buf_putc(p->buf, '[');
    for (int64_t i = 0; i < n; i++) {
        if (i) buf_putc(p->buf, ' ');
        print_value(p, et, elem_at(t, v, i), verb, depth + 1, ro);
    }
    buf_putc(p->buf, ']');
}

static void print_struct(Printer *p, Type *t, Value v, int verb, int depth, bool ro) {
    Type *u = t->under;
    Struct *s = v.p;
    if (p->f.sharp_v) buf_puts(p->buf, type_string(t));
    buf_putc(p->buf, '{');
    for (int i = 0; i < u->nfields; i++) {
        Field *fd = &u->fields[i];
        if (i) buf_puts(p->buf, p->f.sharp_v ? ", " : " ");
        if ((p->f.plus_v || p->f.sharp_v) && fd->name && fd->name[0]) {
            buf_puts(p->buf, fd->name);
            buf_putc(p->buf, ':');
        }
        Value fv = {.u = LOADW(&s->f[i].u)};
        print_value(p, fd->type, fv, verb, depth + 1, ro || !fd->exported);
    }
    buf_putc(p->buf, '}');
}

/* ---- map keys in Go's fmtsort order ---- */

static int compare_values(Type *t, Value a, Value b);

static int cmp3(bool lt, bool gt) { return lt ? -1 : gt ? 1 : 0; }

/* NaN sorts before every other float and equal to NaN. */
static int compare_floats(double a, double b) {
    if (isnan(a)) return isnan(b) ? 0 : -1;
    if (isnan(b)) return 1;
    return cmp3(a < b, a > b);
}

/* Interface keys: nil first, then by dynamic type, then by value. Go
 * orders the types by the address of their descriptors, which no
 * interpreter can reproduce; csp orders them by type string. */
static int compare_dyn(Value a, Value b) {
    Type *ta = dyn_type(a), *tb = dyn_type(b);
    if (!ta || !tb) return cmp3(!ta && tb, ta && !tb);
    if (ta != tb) {
        int c = strcmp(type_string(ta), type_string(tb));
        return c ? (c < 0 ? -1 : 1) : cmp3(ta->id < tb->id, ta->id > tb->id);
    }
    return compare_values(ta, from_dyn(ta, a), from_dyn(tb, b));
}

/* Go's internal/fmtsort compare for two static words of comparable type t. */
static int compare_values(Type *t, Value a, Value b) {
    Type *u = t->under;
    switch (u->kind) {
    case K_BOOL: return cmp3(!a.i && b.i, a.i && !b.i);
    case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64:
        return cmp3(a.i < b.i, a.i > b.i);
    case K_UINT: case K_UINT8: case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR:
        return cmp3(a.u < b.u, a.u > b.u);
    case K_FLOAT32: case K_FLOAT64: return compare_floats(a.f, b.f);
    case K_STRING: return str_compare(a.p, b.p);
    case K_POINTER: case K_CHAN: case K_UNSAFEPTR:
        return cmp3((uintptr_t)a.p < (uintptr_t)b.p, (uintptr_t)a.p > (uintptr_t)b.p);
    case K_STRUCT:
        for (int i = 0; i < u->nfields; i++) {
            Struct *sa = a.p, *sb = b.p;
            int c = compare_values(u->fields[i].type, sa->f[i], sb->f[i]);
            if (c) return c;
        }
        return 0;
    case K_ARRAY:
        for (int64_t i = 0; i < u->len; i++) {
            int c = compare_values(u->elem, ((Array *)a.p)->e[i], ((Array *)b.p)->e[i]);
            if (c) return c;
        }
        return 0;
    case K_INTERFACE: case K_DYN: return compare_dyn(a, b);
    default: return 0;
    }
}

typedef struct Entry {
    Value key, val;
} Entry;

/* Stable merge sort of map entries by key (fmtsort uses a stable sort). */
static void sort_entries(Entry *e, Entry *tmp, int64_t n, Type *kt) {
    if (n < 2) return;
    int64_t mid = n / 2;
    sort_entries(e, tmp, mid, kt);
    sort_entries(e + mid, tmp, n - mid, kt);
    int64_t i = 0, j = mid, k = 0;
    while (i < mid && j < n) {
        if (compare_values(kt, e[j].key, e[i].key) < 0) tmp[k++] = e[j++];
        else tmp[k++] = e[i++];
    }
    while (i < mid) tmp[k++] = e[i++];
    while (j < n) tmp[k++] = e[j++];
    memcpy(e, tmp, sizeof(Entry) * (size_t)n);
}

static void print_map(Printer *p, Type *t, Value v, int verb, int depth, bool ro) {
    Map *m = v.p;
    if (p->f.sharp_v) {
        buf_puts(p->buf, type_string(t));
        if (!m) {
            buf_puts(p->buf, "(nil)");
            return;
        }
        buf_putc(p->buf, '{');
    } else {
        buf_puts(p->buf, "map[");
    }
    int64_t n = 0, cap = map_len(m) + 1;
    Entry *es = NEW_ARRAY(Entry, cap);
    MapIter *it = map_iter_new(m);
    Value k, val;
    while (map_iter_next(it, &k, &val)) {
        if (n == cap) { /* grown meanwhile by a racing writer */
            cap *= 2;
            Entry *ne = NEW_ARRAY(Entry, cap);
            memcpy(ne, es, sizeof(Entry) * (size_t)n);
            es = ne;
        }
        es[n++] = (Entry){k, val};
    }
    Type *kt = t->under->key, *vt = t->under->elem;
    sort_entries(es, NEW_ARRAY(Entry, n + 1), n, kt);
    for (int64_t i = 0; i < n; i++) {
        if (i) buf_puts(p->buf, p->f.sharp_v ? ", " : " ");
        print_value(p, kt, es[i].key, verb, depth + 1, ro);
        buf_putc(p->buf, ':');
        print_value(p, vt, es[i].val, verb, depth + 1, ro);
    }
    buf_putc(p->buf, p->f.sharp_v ? '}' : ']');
}

/* ---- values ---- */

/* What a pointer of type t (to elem) points at, as a static word of elem. */
static Value deref(Type *t, Value v) {
    if (t->under->elem->rep == REP_VAL) return v; /* the object itself */
    return (Value){.u = LOADW(&((Value *)v.p)->u)};
}

/* Go's printValue: t is the static type of word v (an interface type
 * included); ro marks values reached through unexported fields, whose
 * methods Go cannot call. */
static void print_value(Printer *p, Type *t, Value v, int verb, int depth, bool ro) {
    if (t->rep == REP_DYN) { /* an interface: print what it holds */
        Type *dt = dyn_type(v);
        if (dt) {
            print_value(p, dt, from_dyn(dt, v), verb, depth + 1, ro);
        } else if (p->f.sharp_v) {
            buf_printf(p->buf, "%s(nil)", type_string(t));
        } else {
            buf_puts(p->buf, "<nil>");
        }
        return;
    }
    if (depth > 0 && !ro && handle_methods(p, t, v, verb)) return;
    switch (t->ukind) {
    case K_BOOL: fmt_bool(p, t, v, verb); break;
    case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64:
        fmt_int_verb(p, t, v, true, verb);
        break;
    case K_UINT: case K_UINT8: case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR:
        fmt_int_verb(p, t, v, false, verb);
        break;
    case K_FLOAT32: fmt_float_verb(p, t, v, 32, verb); break;
    case K_FLOAT64: fmt_float_verb(p, t, v, 64, verb); break;
    case K_STRING: {
        String *s = v.p ? v.p : &str_empty;
        fmt_string(p, s->data, (size_t)s->len, t, v, verb);
        break;
    }
    case K_MAP: print_map(p, t, v, verb, depth, ro); break;
    case K_STRUCT: print_struct(p, t, v, verb, depth, ro); break;
    case K_ARRAY: case K_SLICE: print_seq(p, t, v, verb, depth, ro); break;
    case K_POINTER: {
        /* &{...} at the top level only, so that cycles cannot recurse */
        int ek = t->under->elem->ukind;
        if (depth == 0 && v.p &&
            (ek == K_ARRAY || ek == K_SLICE || ek == K_STRUCT || ek == K_MAP)) {
            buf_putc(p->buf, '&');
            print_value(p, t->under->elem, deref(t, v), verb, depth + 1, ro);
            return;
        }
        fmt_pointer(p, t, v, verb);
        break;
    }
    case K_CHAN: case K_FUNC: case K_UNSAFEPTR: fmt_pointer(p, t, v, verb); break;
    default: buf_printf(p->buf, "?%s?", type_string(t)); break;
    }
}

/* Go's printArg: one top-level operand, a dynamic word. */
static void print_arg(Printer *p, Value arg, int verb) {
    Type *t = dyn_type(arg);
    if (!t) {
        if (verb == 'T' || verb == 'v') pad_cstr(p, "<nil>");
        else bad_verb(p, verb, NULL, arg);
        return;
    }
    if (verb == 'T') {
        const char *ts = type_string(t);
        fmt_s(p, ts, strlen(ts));
        return;
    }
    Value v = from_dyn(t, arg);
    if (verb == 'p') {
        fmt_pointer(p, t, v, 'p');
        return;
    }
    if (t->kind == K_SLICE && t->elem == &t_uint8) { /* []byte itself */
        if (verb == 'v' || verb == 'd' || verb == 's' || verb == 'x' || verb == 'X' || verb == 'q') {
            Slice *s = v.p;
            int64_t n = s ? s->len : 0;
            unsigned char *b = ALLOC_ATOMIC((size_t)n + 1);
            for (int64_t i = 0; i < n; i++) b[i] = (unsigned char)s->arr->e[s->off + i].u;
            fmt_bytes(p, b, (size_t)n, !s, verb, "[]byte");
        } else {
            print_value(p, t, v, verb, 0, false);
        }
        return;
    }
    /* unnamed basic types have no methods */
    if ((t->kind >= K_BOOL && t->kind <= K_UNSAFEPTR) || !handle_methods(p, t, v, verb))
        print_value(p, t, v, verb, 0, false);
}

/* ---- Print, Println, Printf ---- */

static void printer_init(Printer *p, FmtState *st, Buf *out) {
    memset(p, 0, sizeof *p);
    p->st = st;
    p->buf = out;
    st->ncalls = 0;
    st->next = 0;
    st->nwrapped = 0;
    st->reordered = false;
}

void fmt_state_init(FmtState *st, const char *name_error, const char *name_string,
                    const char *name_gostring) {
    memset(st, 0, sizeof *st);
    st->name_error = name_error;
    st->name_string = name_string;
    st->name_gostring = name_gostring;
}

void fmt_print(FmtState *st, Buf *out, const Value *args, int nargs) {
    Printer p;
    printer_init(&p, st, out);
    bool prev_string = false;
    for (int i = 0; i < nargs; i++) {
        Type *t = dyn_type(args[i]);
        bool is_string = t && t->ukind == K_STRING;
        if (i > 0 && !is_string && !prev_string) buf_putc(out, ' ');
        print_arg(&p, args[i], 'v');
        prev_string = is_string;
    }
}

void fmt_println(FmtState *st, Buf *out, const Value *args, int nargs) {
    Printer p;
    printer_init(&p, st, out);
    for (int i = 0; i < nargs; i++) {
        if (i > 0) buf_putc(out, ' ');
        print_arg(&p, args[i], 'v');
    }
    buf_putc(out, '\n');
}

/* Width and precision larger than this are malformed (Go's tooLarge). */
#define FMT_NUM_MAX 1000000

/* Parses a decimal number at fmt[*i..end); isnum false if none or too big
 * (then *i is end, as Go gives up on the rest). */
static int parse_num(const char *fmt, size_t *i, size_t end, bool *isnum) {
    int num = 0;
    *isnum = false;
    if (*i >= end) return 0;
    for (; *i < end && fmt[*i] >= '0' && fmt[*i] <= '9'; (*i)++) {
        if (num > FMT_NUM_MAX || num < -FMT_NUM_MAX) {
            *i = end;
            *isnum = false;
            return 0;
        }
        num = num * 10 + (fmt[*i] - '0');
        *isnum = true;
    }
    return num;
}

/* The int operand used by a * width or precision (Go's intFromArg). */
static int int_from_arg(const Value *args, int nargs, int *argnum, bool *is_int) {
    int num = 0;
    *is_int = false;
    if (*argnum >= nargs) return 0;
    Type *t = dyn_type(args[*argnum]);
    if (t && kind_is_integer(t->ukind)) {
        Value v = from_dyn(t, args[*argnum]);
        if (!kind_is_unsigned(t->ukind)) {
            if (v.i >= INT32_MIN && v.i <= INT32_MAX) num = (int)v.i, *is_int = true;
            else *is_int = false; /* too large below */
        } else if (v.u <= INT32_MAX) {
            num = (int)v.u, *is_int = true;
        }
    }
    (*argnum)++;
    if (num > FMT_NUM_MAX || num < -FMT_NUM_MAX || !*is_int) {
        num = 0;
        *is_int = false;
    }
    return num;
}

/* An explicit argument index "[n]" at fmt[*i]: returns the zero-based
 * index, or argnum unchanged when absent or bad (then good_argnum is false
 * for a bad one). *found tells whether a valid index was parsed. */
static int arg_number(Printer *p, int argnum, const char *fmt, size_t *i, size_t end, int nargs,
                      bool *found) {
    *found = false;
    if (*i >= end || fmt[*i] != '[') return argnum;
    p->st->reordered = true;
    /* find the closing bracket */
    size_t j = *i + 1;
    while (j < end && fmt[j] != ']') j++;
    if (end - *i < 3 || j >= end) { /* no closing bracket: consume the '[' */
        (*i)++;
        p->good_argnum = false;
        return argnum;
    }
    size_t k = *i + 1;
    bool ok;
    int index = parse_num(fmt, &k, j, &ok);
    *i = j + 1;
    if (!ok || k != j) {
        p->good_argnum = false;
        return argnum;
    }
    index--;
    if (index >= 0 && index < nargs) {
        *found = true;
        return index;
    }
    p->good_argnum = false;
    *found = true; /* syntactically fine: Go's ok */
    return argnum;
}

static void add_wrapped(FmtState *st, int argnum) {
    if (st->nwrapped == st->wcap) {
        st->wcap = st->wcap ? st->wcap * 2 : 4;
        int *nw = NEW_ARRAY(int, st->wcap);
        if (st->nwrapped) memcpy(nw, st->wrapped, sizeof(int) * (size_t)st->nwrapped);
        st->wrapped = nw;
    }
    st->wrapped[st->nwrapped++] = argnum;
}

/* Flags, [index], width, [index], precision, [index] of one directive;
 * returns false at the end of the format (NOVERB). */
static bool parse_directive(Printer *p, const char *fmt, size_t *i, size_t end, const Value *args,
                            int nargs, int *argnum, bool *after_index) {
    for (; *i < end; (*i)++) {
        char c = fmt[*i];
        if (c == '#') p->f.sharp = true;
        else if (c == '0') p->f.zero = true;
        else if (c == '+') p->f.plus = true;
        else if (c == '-') p->f.minus = true;
        else if (c == ' ') p->f.space = true;
        else break;
    }
    *argnum = arg_number(p, *argnum, fmt, i, end, nargs, after_index);
    if (*i < end && fmt[*i] == '*') {
        (*i)++;
        p->f.wid = int_from_arg(args, nargs, argnum, &p->f.wid_present);
        if (!p->f.wid_present) buf_puts(p->buf, "%!(BADWIDTH)");
        if (p->f.wid < 0) { /* a negative width means the minus flag */
            p->f.wid = -p->f.wid;
            p->f.minus = true;
            p->f.zero = false;
        }
        *after_index = false;
    } else {
        p->f.wid = parse_num(fmt, i, end, &p->f.wid_present);
        if (*after_index && p->f.wid_present) p->good_argnum = false; /* %[3]2d */
    }
    if (*i + 1 < end && fmt[*i] == '.') {
        (*i)++;
        if (*after_index) p->good_argnum = false; /* %[3].2d */
        *argnum = arg_number(p, *argnum, fmt, i, end, nargs, after_index);
        if (*i < end && fmt[*i] == '*') {
            (*i)++;
            p->f.prec = int_from_arg(args, nargs, argnum, &p->f.prec_present);
            if (p->f.prec < 0) {
                p->f.prec = 0;
                p->f.prec_present = false;
            }
            if (!p->f.prec_present) buf_puts(p->buf, "%!(BADPREC)");
            *after_index = false;
        } else {
            p->f.prec = parse_num(fmt, i, end, &p->f.prec_present);
            if (!p->f.prec_present) {
                p->f.prec = 0;
                p->f.prec_present = true;
            }
        }
    }
    if (!*after_index) *argnum = arg_number(p, *argnum, fmt, i, end, nargs, after_index);
    if (*i >= end) {
        buf_puts(p->buf, "%!(NOVERB)");
        return false;
    }
    return true;
}

/* Prints the operand of one verb (Go's doPrintf switch on the verb). */
static void print_verb(Printer *p, int verb, const Value *args, int nargs, int *argnum) {
    if (verb == '%') { /* consumes no operand, ignores width and precision */
        buf_putc(p->buf, '%');
        return;
    }
    if (!p->good_argnum) {
        buf_puts(p->buf, "%!");
        put_verb(p->buf, verb);
        buf_puts(p->buf, "(BADINDEX)");
        return;
    }
    if (*argnum >= nargs) {
        buf_puts(p->buf, "%!");
        put_verb(p->buf, verb);
        buf_puts(p->buf, "(MISSING)");
        return;
    }
    if (verb == 'w') add_wrapped(p->st, *argnum);
    if (verb == 'v' || verb == 'w') {
        p->f.sharp_v = p->f.sharp;
        p->f.sharp = false;
        p->f.plus_v = p->f.plus;
        p->f.plus = false;
    }
    print_arg(p, args[*argnum], verb);
    (*argnum)++;
}

void fmt_printf(FmtState *st, Buf *out, const char *fmt, size_t flen, const Value *args,
                int nargs) {
    Printer p;
    printer_init(&p, st, out);
    int argnum = 0;
    bool after_index = false;
    size_t i = 0, end = flen;
    while (i < end) {
        p.good_argnum = true;
        size_t last = i;
        while (i < end && fmt[i] != '%') i++;
        if (i > last) buf_put(out, fmt + last, i - last);
        if (i >= end) break;
        i++; /* the % */
        memset(&p.f, 0, sizeof p.f);
        if (!parse_directive(&p, fmt, &i, end, args, nargs, &argnum, &after_index)) break;
        int size;
        int32_t verb = utf8_decode(fmt + i, (int64_t)(end - i), &size);
        i += (size_t)size;
        print_verb(&p, verb, args, nargs, &argnum);
    }
    /* leftover operands, unless indexes were used (then all bets are off) */
    if (!st->reordered && argnum < nargs) {
        memset(&p.f, 0, sizeof p.f);
        buf_puts(out, "%!(EXTRA ");
        for (int k = argnum; k < nargs; k++) {
            if (k > argnum) buf_puts(out, ", ");
            Type *t = dyn_type(args[k]);
            if (!t) {
                buf_puts(out, "<nil>");
                continue;
            }
            buf_puts(out, type_string(t));
            buf_putc(out, '=');
            print_arg(&p, args[k], 'v');
        }
        buf_putc(out, ')');
    }
}
