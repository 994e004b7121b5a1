/* constant.c: Go's compile-time constants, exact, on GMP (see constant.h):
 * literal scanning, arithmetic under types2's caps, rounding to float32 and
 * float64, representability and go/constant's printed form. Which rule applies
 * where (typed or untyped, conversion or assignment) is the checker's call.
 *
 * Memory: GMP allocates on the GC heap (const_init) and its free is a no-op,
 * so temporaries here are never mpz_clear'ed: they are garbage like any other.
 * Every size is bounded before GMP sees it (integers by CONST_MAX_BITS, floats
 * by CONST_MAX_EXP, literals by LIT_LIMIT), so hostile input cannot make a
 * huge number or a long computation. */
#include "constant.h"
#include "lexer.h" /* token numbers only */
#include "types.h" /* TypeKind numbers only */

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* go/constant keeps a fraction exact while numerator and denominator stay
 * under 4096 bits ("maxExp"); beyond, it switches to a 512-bit float. */
#define RAT_BITS 4096
#define FLOAT_PREC 512
/* types2 rejects numeric literals longer than this ("excessively long"). */
#define LIT_LIMIT 10000
/* big.Float's exponent range; past it Go itself calls a literal malformed. */
#define GO_MAX_EXP 2147483647.0
/* Go caps no string constant, but a chain of declarations each doubling the
 * last must not exhaust memory. */
#define MAX_STRLEN ((int64_t)1 << 26)
/* log2(10) and log10(2) as doubles, for magnitude estimates and for the
 * digits of huge floats (Go's math.Ln2/math.Ln10 is this exact constant). */
#define LOG2_10 3.321928094887362347870319429489390175864831393
#define LOG10_2 0.301029995663981195213738894724493026768189881462

/* ---- setup and helpers ---- */

static void *gmp_alloc(size_t n) { return GC_MALLOC_ATOMIC(n); }
static void *gmp_realloc(void *p, size_t old, size_t n) { return GC_REALLOC(p, n); }
static void gmp_free(void *p, size_t n) {}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static locale_t c_locale; /* printf and strtod of numbers, whatever the host's */

static void init_once_fn(void) {
    /* Limbs hold no pointers, so atomic blocks; Boehm does not scan malloc's
     * heap and Consts are never freed explicitly, so malloc'd limbs would
     * both dangle from the collector's view and leak. */
    mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
    c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

void const_init(void) { pthread_once(&init_once, init_once_fn); }

/* Error reporting: the message goes to err (if any); fail returns NULL for
 * Const paths, bad returns false for the scanner's. */
#define SET_ERR(err, errlen, fmt)                                                \
    do {                                                                         \
        if ((err) && (errlen)) {                                                 \
            va_list ap;                                                          \
            va_start(ap, fmt);                                                   \
            vsnprintf((err), (errlen), (fmt), ap);                               \
            va_end(ap);                                                          \
        }                                                                        \
    } while (0)

__attribute__((format(printf, 3, 4)))
static void *fail(char *err, size_t errlen, const char *fmt, ...) {
    SET_ERR(err, errlen, fmt);
    return NULL;
}

__attribute__((format(printf, 3, 4)))
static bool bad(char *err, size_t errlen, const char *fmt, ...) {
    SET_ERR(err, errlen, fmt);
    return false;
}

static Const *new_const(ConstKind k) {
    const_init();
    Const *c = NEW(Const);
    c->kind = k;
    if (k == C_INT) mpz_init(c->z);
    if (k == C_FLOAT) mpq_init(c->q);
    return c;
}

static bool is_num(const Const *c) { return c->kind == C_INT || c->kind == C_FLOAT; }
static long bitlen(const mpz_t z) { return (long)mpz_sizeinbase(z, 2); }
static bool int_fits(const mpz_t z) { return bitlen(z) <= CONST_MAX_BITS; }

/* floor(log2(|n| / d)) for n != 0, d > 0. */
static long qlog2(const mpz_t n, const mpz_t d) {
    long e = bitlen(n) - bitlen(d);
    mpz_t t;
    mpz_init(t);
    int c;
    if (e >= 0) {
        mpz_mul_2exp(t, d, (mp_bitcnt_t)e);
        c = mpz_cmpabs(n, t);
    } else {
        mpz_mul_2exp(t, n, (mp_bitcnt_t)-e);
        c = mpz_cmpabs(t, d);
    }
    return c < 0 ? e - 1 : e;
}

/* Rounds |n/d| (n != 0, d > 0, e = qlog2(n, d)) to nearest, ties to even, on
 * a grid of 2^u with u = max(e - prec + 1, umin): prec significant bits, or
 * fewer where umin (the subnormal floor) cuts in. Sets m >= 0 with the result
 * m * 2^u and returns u; m may round up to 2^prec. */
static long round_q(mpz_t m, const mpz_t n, const mpz_t d, long e, int prec, long umin) {
    long u = e - prec + 1 < umin ? umin : e - prec + 1;
    mpz_t num, den, r;
    mpz_inits(num, den, r, NULL);
    mpz_abs(num, n);
    if (u < 0) mpz_mul_2exp(num, num, (mp_bitcnt_t)-u);
    mpz_mul_2exp(den, d, u > 0 ? (mp_bitcnt_t)u : 0);
    mpz_tdiv_qr(m, r, num, den);
    mpz_mul_2exp(r, r, 1);
    int c = mpz_cmp(r, den);
    if (c > 0 || (c == 0 && mpz_odd_p(m))) mpz_add_ui(m, m, 1);
    return u;
}

/* q = sign * m * 2^u in canonical form (the denominator a power of two). */
static void set_scaled(mpq_t q, int sign, mpz_t m, long u) {
    if (mpz_sgn(m) == 0) {
        mpq_set_ui(q, 0, 1);
        return;
    }
    if (u < 0) {
        long tz = (long)mpz_scan1(m, 0), k = tz < -u ? tz : -u;
        mpz_fdiv_q_2exp(m, m, (mp_bitcnt_t)k);
        u += k;
    }
    if (sign < 0) mpz_neg(m, m);
    mpz_mul_2exp(mpq_numref(q), m, u > 0 ? (mp_bitcnt_t)u : 0);
    mpz_set_ui(mpq_denref(q), 1);
    if (u < 0) mpz_mul_2exp(mpq_denref(q), mpq_denref(q), (mp_bitcnt_t)-u);
}

/* Brings a fresh float result into range: false when its magnitude reaches
 * 2^(CONST_MAX_EXP+1). Values below 2^-CONST_MAX_EXP become 0: every float
 * type would round them to 0, and Go's own float constants (512-bit big.Float
 * with a 32-bit exponent) keep them only to lose them at conversion. A
 * fraction with a part of RAT_BITS or more is rounded to FLOAT_PREC bits,
 * as go/constant's makeRat switches to a float. */
static bool fnorm(mpq_t q) {
    if (mpq_sgn(q) == 0) return true;
    long e = qlog2(mpq_numref(q), mpq_denref(q));
    if (e > CONST_MAX_EXP) return false;
    if (e < -CONST_MAX_EXP) {
        mpq_set_ui(q, 0, 1);
        return true;
    }
    if (bitlen(mpq_numref(q)) < RAT_BITS && bitlen(mpq_denref(q)) < RAT_BITS) return true;
    mpz_t m;
    mpz_init(m);
    long u = round_q(m, mpq_numref(q), mpq_denref(q), e, FLOAT_PREC, LONG_MIN / 2);
    set_scaled(q, mpq_sgn(q), m, u);
    return qlog2(mpq_numref(q), mpq_denref(q)) <= CONST_MAX_EXP;
}

/* ---- constructors and conversions ---- */

Const *const_bool(bool b) {
    Const *c = new_const(C_BOOL);
    c->b = b;
    return c;
}

/* The bytes are copied (NUL-terminated for convenience; NULs inside kept). */
Const *const_string(const char *s, int64_t len) {
    Const *c = new_const(C_STRING);
    if (len < 0) len = 0;
    char *p = ALLOC_ATOMIC((size_t)len + 1);
    if (len) memcpy(p, s, (size_t)len);
    p[len] = 0;
    c->s = p;
    c->slen = len;
    return c;
}

Const *const_int64(int64_t v) {
    Const *c = new_const(C_INT);
    mpz_set_si(c->z, v);
    return c;
}

Const *const_uint64(uint64_t v) {
    Const *c = new_const(C_INT);
    mpz_import(c->z, 1, -1, sizeof v, 0, 0, &v);
    return c;
}

/* Exact: every finite double is a dyadic rational. Non-finite input (a
 * contract violation) gives 0 rather than undefined behaviour. */
Const *const_float64(double d) {
    Const *c = new_const(C_FLOAT);
    if (isfinite(d)) mpq_set_d(c->q, d);
    return c;
}

Const *const_to_int(const Const *c) {
    if (c->kind == C_INT) return (Const *)c;
    if (c->kind != C_FLOAT || mpz_cmp_ui(mpq_denref(c->q), 1) != 0) return NULL;
    Const *r = new_const(C_INT);
    mpz_set(r->z, mpq_numref(c->q));
    return r;
}

Const *const_to_float(const Const *c) {
    if (c->kind == C_FLOAT) return (Const *)c;
    Const *r = new_const(C_FLOAT);
    if (c->kind == C_INT) {
        mpq_set_z(r->q, c->z);
        fnorm(r->q); /* cannot overflow: 512 bits is far inside the range */
    }
    return r;
}

Const *const_trunc(const Const *c) {
    if (c->kind != C_FLOAT) return (Const *)c;
    Const *r = new_const(C_INT);
    mpz_tdiv_q(r->z, mpq_numref(c->q), mpq_denref(c->q));
    return r;
}

int const_sign(const Const *c) {
    if (c->kind == C_INT) return mpz_sgn(c->z);
    if (c->kind == C_FLOAT) return mpq_sgn(c->q);
    return 0;
}

bool const_is_int_valued(const Const *c) {
    return c->kind == C_INT || (c->kind == C_FLOAT && mpz_cmp_ui(mpq_denref(c->q), 1) == 0);
}

/* ---- literals ---- */

/* A numeric literal taken apart by scan_num. */
typedef struct Num {
    char prefix;     /* 0 (decimal), '0' (legacy octal), 'x', 'o', 'b' */
    bool is_float;   /* has a point or an exponent */
    char *digits;    /* mantissa digits, '_' and '.' removed; may be empty */
    int64_t frac;    /* mantissa digits after the point */
    int64_t exp;     /* exponent value, saturated at +-EXP_SAT */
} Num;

#define EXP_SAT ((int64_t)1 << 50)

static int lower(int c) { return c | ('a' - 'A'); }
static bool is_dec(int c) { return c >= '0' && c <= '9'; }
static bool is_hex(int c) { return is_dec(c) || (lower(c) >= 'a' && lower(c) <= 'f'); }

static const char *base_name(int base) {
    switch (base) {
    case 2: return "binary";
    case 8: return "octal";
    case 16: return "hexadecimal";
    default: return "decimal";
    }
}

/* Go's scanner's digits(): accepts digits and '_' from s[i]; for bases up to
 * 10 any decimal digit is taken and the first one too big is recorded in
 * *invalid. Sets bit 0 of *digsep for a digit, bit 1 for a '_'. */
static size_t scan_digits(const char *s, size_t i, int base, int *digsep, long *invalid) {
    for (;; i++) {
        int c = (unsigned char)s[i];
        if (c == '_') *digsep |= 2;
        else if (base <= 10 ? is_dec(c) : is_hex(c)) {
            *digsep |= 1;
            if (base < 10 && c >= '0' + base && invalid && *invalid < 0) *invalid = (long)i;
        } else return i;
    }
}

/* Index of the first misplaced '_' in a literal, or -1 (Go's rule: a '_'
 * sits between two digits, or between a 0x/0o/0b prefix and a digit). */
static long invalid_sep(const char *s) {
    int x1 = ' ', d = '.'; /* d: previous was '_', '0' (a digit) or '.' */
    size_t i = 0, n = strlen(s);
    if (n >= 2 && s[0] == '0') {
        x1 = lower((unsigned char)s[1]);
        if (x1 == 'x' || x1 == 'o' || x1 == 'b') d = '0', i = 2;
    }
    for (; i < n; i++) {
        int p = d, c = (unsigned char)s[i];
        if (c == '_') {
            if (p != '0') return (long)i;
            d = '_';
        } else if (is_dec(c) || (x1 == 'x' && is_hex(c))) {
            d = '0';
        } else {
            if (p == '_') return (long)i - 1;
            d = '.';
        }
    }
    return d == '_' ? (long)n - 1 : -1;
}

/* The exponent's decimal digits from s[i] ('_' allowed), saturated. */
static int64_t scan_exp_value(const char *s, size_t i) {
    int64_t v = 0;
    for (; is_dec(s[i]) || s[i] == '_'; i++)
        if (s[i] != '_' && (v = v * 10 + (s[i] - '0')) > EXP_SAT) v = EXP_SAT;
    return v;
}

/* Mantissa digits from s[from] to s[to], separators and point removed. */
static void collect_digits(Num *nm, const char *s, size_t from, size_t to) {
    char *p = nm->digits = ALLOC_ATOMIC(to - from + 1);
    bool after_point = false;
    for (size_t i = from; i < to; i++) {
        if (s[i] == '.') after_point = true;
        else if (s[i] != '_') {
            *p++ = s[i];
            nm->frac += after_point;
        }
    }
    *p = 0;
}

/* The prefix and mantissa part of Go's scanner (syntax/scanner.go number):
 * sets *end to the index after the mantissa; false with err set. */
static bool scan_mantissa(const char *s, Num *nm, int *base, int *digsep, long *invalid,
                          size_t *end, char *err, size_t errlen) {
    size_t i = 0;
    if (s[0] == '0') {
        int c = lower((unsigned char)s[1]);
        i = 1;
        if (c == 'x' || c == 'o' || c == 'b') {
            *base = c == 'x' ? 16 : c == 'o' ? 8 : 2;
            nm->prefix = (char)c;
            i = 2;
        } else {
            *base = 8, nm->prefix = '0', *digsep = 1; /* the leading 0 is a digit */
        }
    }
    i = scan_digits(s, i, *base, digsep, invalid);
    if (s[i] == '.') {
        if (nm->prefix == 'o' || nm->prefix == 'b')
            return bad(err, errlen, "invalid radix point in %s literal", base_name(*base));
        nm->is_float = true;
        i = scan_digits(s, i + 1, *base, digsep, invalid);
    }
    if (!(*digsep & 1)) return bad(err, errlen, "%s literal has no digits", base_name(*base));
    *end = i;
    return true;
}

/* Checks a literal as Go's scanner does and takes it apart; false with err
 * set (in the scanner's words) when malformed. */
static bool scan_num(const char *s, Num *nm, char *err, size_t errlen) {
    int base = 10, digsep = 0;
    long invalid = -1;
    memset(nm, 0, sizeof *nm);
    size_t i = 0;
    if (!scan_mantissa(s, nm, &base, &digsep, &invalid, &i, err, errlen)) return false;
    size_t mant_end = i;
    int e = lower((unsigned char)s[i]);
    if (e == 'e' || e == 'p') {
        if (e == 'e' && nm->prefix && nm->prefix != '0')
            return bad(err, errlen, "'%c' exponent requires decimal mantissa", s[i]);
        if (e == 'p' && nm->prefix != 'x')
            return bad(err, errlen, "'%c' exponent requires hexadecimal mantissa", s[i]);
        nm->is_float = true;
        bool neg = s[++i] == '-';
        if (s[i] == '+' || s[i] == '-') i++;
        int expsep = 0;
        size_t j = scan_digits(s, i, 10, &expsep, NULL);
        if (!(expsep & 1)) return bad(err, errlen, "exponent has no digits");
        nm->exp = neg ? -scan_exp_value(s, i) : scan_exp_value(s, i);
        digsep |= expsep;
        i = j;
    } else if (nm->prefix == 'x' && nm->is_float) {
        return bad(err, errlen, "hexadecimal mantissa requires a 'p' exponent");
    }
    if (s[i] != 0) return bad(err, errlen, "malformed constant: %s", s);
    if (!nm->is_float && invalid >= 0)
        return bad(err, errlen, "invalid digit '%c' in %s literal", s[invalid], base_name(base));
    if ((digsep & 2) && invalid_sep(s) >= 0)
        return bad(err, errlen, "'_' must separate successive digits");
    size_t from = nm->prefix == 0 || nm->prefix == '0' ? 0 : 2;
    collect_digits(nm, s, from, mant_end);
    return true;
}

/* Syntax first (the scanner runs before the checker), then types2's length
 * limit. */
static bool scan_checked(const char *raw, Num *nm, char *err, size_t errlen) {
    if (!raw || !*raw) return bad(err, errlen, "malformed constant: %s", raw ? raw : "");
    if (!scan_num(raw, nm, err, errlen)) return false;
    size_t n = strlen(raw);
    if (n > LIT_LIMIT)
        return bad(err, errlen, "excessively long constant: %.10s... (%zu chars)", raw, n);
    return true;
}

/* The mantissa's integer value: hex for 0x, binary/octal for 0b/0o and
 * legacy-octal integers, decimal otherwise (a legacy-octal-looking float
 * such as 0128.5 is decimal in Go). */
static void mantissa_value(mpz_t m, const Num *nm) {
    int base = 10;
    if (nm->prefix == 'x') base = 16;
    else if (nm->prefix == 'o' || (nm->prefix == '0' && !nm->is_float)) base = 8;
    else if (nm->prefix == 'b') base = 2;
    if (!nm->digits[0] || mpz_set_str(m, nm->digits, base) != 0) mpz_set_ui(m, 0);
}

Const *const_from_int_lit(const char *raw, char *err, size_t errlen) {
    const_init();
    Num nm;
    if (!scan_checked(raw, &nm, err, errlen)) return NULL;
    if (nm.is_float) return fail(err, errlen, "malformed constant: %s", raw);
    Const *c = new_const(C_INT);
    mantissa_value(c->z, &nm);
    /* types2 checks literals like results: more than 512 bits overflows. */
    if (!int_fits(c->z)) return fail(err, errlen, "constant overflow");
    return c;
}

/* The decimal-significant digit count of a digit string (leading zeros out). */
static int64_t sig_digits(const char *d) {
    while (*d == '0') d++;
    return (int64_t)strlen(d);
}

/* log2 bounds [*lo, *hi) of a literal's magnitude, before computing it:
 * the value is m * 10^d10 (decimal) or m * 2^d2 (hexadecimal). */
static void lit_magnitude(const Num *nm, const mpz_t m, double *lo, double *hi) {
    if (nm->prefix == 'x') {
        double b = (double)bitlen(m) + (double)nm->exp - 4.0 * (double)nm->frac;
        *lo = b - 1, *hi = b;
    } else if (nm->is_float) {
        double l = (double)sig_digits(nm->digits), d = (double)(nm->exp - nm->frac);
        *lo = (l - 1 + d) * LOG2_10, *hi = (l + d) * LOG2_10;
    } else {
        *lo = (double)bitlen(m) - 1, *hi = (double)bitlen(m);
    }
}

/* m * base^exp into q, exactly; |exp| is bounded by the magnitude checks. */
static void scale_lit(mpq_t q, const mpz_t m, const Num *nm) {
    mpq_set_z(q, m);
    if (!nm->is_float) return;
    int64_t e = nm->prefix == 'x' ? nm->exp - 4 * nm->frac : nm->exp - nm->frac;
    mpz_t p;
    mpz_init(p);
    if (nm->prefix == 'x') mpz_ui_pow_ui(p, 2, (unsigned long)(e < 0 ? -e : e));
    else mpz_ui_pow_ui(p, 10, (unsigned long)(e < 0 ? -e : e));
    if (e >= 0) mpz_mul(mpq_numref(q), mpq_numref(q), p);
    else mpz_set(mpq_denref(q), p);
    mpq_canonicalize(q);
}

/* Literals past CONST_MAX_EXP are refused from the estimate alone, so
 * 1e999999999 costs nothing; ones below the range are 0 (as in fnorm). */
Const *const_from_float_lit(const char *raw, char *err, size_t errlen) {
    const_init();
    Num nm;
    if (!scan_checked(raw, &nm, err, errlen)) return NULL;
    Const *c = new_const(C_FLOAT);
    mpz_t m;
    mpz_init(m);
    mantissa_value(m, &nm);
    if (mpz_sgn(m) == 0) return c;
    double lo, hi;
    lit_magnitude(&nm, m, &lo, &hi);
    if (lo >= GO_MAX_EXP) return fail(err, errlen, "malformed constant: %s", raw);
    if (lo > CONST_MAX_EXP + 8) return fail(err, errlen, "constant overflow");
    if (hi < -CONST_MAX_EXP - 8) return c;
    scale_lit(c->q, m, &nm);
    if (!fnorm(c->q)) return fail(err, errlen, "constant overflow");
    return c;
}

/* ---- arithmetic ---- */

/* types2's opName: only operations that may overflow are named. */
static void *overflow(int op, bool unary, char *err, size_t errlen) {
    const char *name = NULL;
    if (unary) name = op == T_XOR ? "bitwise complement" : NULL;
    else if (op == T_ADD) name = "addition";
    else if (op == T_SUB) name = "subtraction";
    else if (op == T_XOR) name = "bitwise XOR";
    else if (op == T_MUL) name = "multiplication";
    else if (op == T_SHL) name = "shift";
    if (name) return fail(err, errlen, "constant %s overflow", name);
    return fail(err, errlen, "constant overflow");
}

static Const *int_binary(int op, const Const *x, const Const *y, char *err, size_t errlen) {
    if ((op == T_QUO || op == T_REM) && mpz_sgn(y->z) == 0)
        return fail(err, errlen, "division by zero");
    Const *r = new_const(C_INT);
    switch (op) {
    case T_ADD: mpz_add(r->z, x->z, y->z); break;
    case T_SUB: mpz_sub(r->z, x->z, y->z); break;
    case T_MUL: mpz_mul(r->z, x->z, y->z); break;
    case T_QUO: mpz_tdiv_q(r->z, x->z, y->z); break; /* Go truncates */
    case T_REM: mpz_tdiv_r(r->z, x->z, y->z); break; /* sign of x */
    case T_AND: mpz_and(r->z, x->z, y->z); break;
    case T_OR: mpz_ior(r->z, x->z, y->z); break;
    case T_XOR: mpz_xor(r->z, x->z, y->z); break;
    case T_AND_NOT:
        mpz_com(r->z, y->z);
        mpz_and(r->z, x->z, r->z);
        break;
    default: return fail(err, errlen, "invalid constant operation");
    }
    if (!int_fits(r->z)) return overflow(op, false, err, errlen);
    return r;
}

static Const *float_binary(int op, const Const *x, const Const *y, char *err, size_t errlen) {
    if (op == T_QUO && mpq_sgn(y->q) == 0) return fail(err, errlen, "division by zero");
    Const *r = new_const(C_FLOAT);
    switch (op) {
    case T_ADD: mpq_add(r->q, x->q, y->q); break;
    case T_SUB: mpq_sub(r->q, x->q, y->q); break;
    case T_MUL: mpq_mul(r->q, x->q, y->q); break;
    case T_QUO: mpq_div(r->q, x->q, y->q); break;
    default: return fail(err, errlen, "invalid constant operation");
    }
    /* go/constant turns a big.Float overflow into Unknown, which types2
     * reports with these words. */
    if (!fnorm(r->q)) return fail(err, errlen, "constant result is not representable");
    return r;
}

static Const *str_concat(const Const *x, const Const *y, char *err, size_t errlen) {
    if (x->slen + y->slen > MAX_STRLEN) return fail(err, errlen, "constant string too long");
    Const *r = new_const(C_STRING);
    char *p = ALLOC_ATOMIC((size_t)(x->slen + y->slen) + 1);
    memcpy(p, x->s, (size_t)x->slen);
    memcpy(p + x->slen, y->s, (size_t)y->slen);
    p[x->slen + y->slen] = 0;
    r->s = p;
    r->slen = x->slen + y->slen;
    return r;
}

Const *const_binary(int op, const Const *x, const Const *y, char *err, size_t errlen) {
    const_init();
    if (x->kind == C_STRING && y->kind == C_STRING && op == T_ADD)
        return str_concat(x, y, err, errlen);
    if (x->kind == C_BOOL && y->kind == C_BOOL && (op == T_LAND || op == T_LOR))
        return const_bool(op == T_LAND ? x->b && y->b : x->b || y->b);
    if (!is_num(x) || !is_num(y)) return fail(err, errlen, "invalid constant operation");
    if (x->kind == C_INT && y->kind == C_INT) return int_binary(op, x, y, err, errlen);
    return float_binary(op, const_to_float(x), const_to_float(y), err, errlen);
}

Const *const_unary(int op, const Const *x, int unsigned_bits, char *err, size_t errlen) {
    const_init();
    if (op == T_NOT && x->kind == C_BOOL) return const_bool(!x->b);
    if (op == T_ADD && is_num(x)) return (Const *)x;
    if (op == T_SUB && x->kind == C_FLOAT) {
        Const *r = new_const(C_FLOAT);
        mpq_neg(r->q, x->q);
        return r;
    }
    if (x->kind != C_INT || (op != T_SUB && op != T_XOR))
        return fail(err, errlen, "invalid constant operation");
    Const *r = new_const(C_INT);
    if (op == T_SUB) {
        mpz_neg(r->z, x->z); /* |x| is unchanged: cannot overflow */
    } else if (unsigned_bits > 0) {
        /* go/constant's UnaryOp with prec: x XOR (2^n - 1), within uintN. */
        if (unsigned_bits > CONST_MAX_BITS) return overflow(op, true, err, errlen);
        mpz_set_ui(r->z, 0);
        mpz_setbit(r->z, (mp_bitcnt_t)unsigned_bits);
        mpz_sub_ui(r->z, r->z, 1);
        mpz_xor(r->z, x->z, r->z);
    } else {
        mpz_com(r->z, x->z); /* -x - 1 */
    }
    if (!int_fits(r->z)) return overflow(op, true, err, errlen);
    return r;
}

/* The count is checked against the operand's size before anything is
 * computed, so 1 << (1<<62) fails at once. */
Const *const_shift(int op, const Const *x, uint64_t s, char *err, size_t errlen) {
    const_init();
    const Const *xi = is_num(x) ? const_to_int(x) : NULL;
    if (!xi) return fail(err, errlen, "shifted operand %s must be integer", const_string_repr(x));
    if (op != T_SHL && op != T_SHR) return fail(err, errlen, "invalid constant operation");
    long bits = bitlen(xi->z);
    if (mpz_sgn(xi->z) == 0) return (Const *)xi;
    Const *r = new_const(C_INT);
    if (op == T_SHL) {
        if (s > CONST_MAX_BITS || bits + (long)s > CONST_MAX_BITS)
            return overflow(op, false, err, errlen);
        mpz_mul_2exp(r->z, xi->z, (mp_bitcnt_t)s);
        return r;
    }
    if (s >= (uint64_t)bits) mpz_set_si(r->z, mpz_sgn(xi->z) < 0 ? -1 : 0);
    else mpz_fdiv_q_2exp(r->z, xi->z, (mp_bitcnt_t)s); /* floor: arithmetic shift */
    if (!int_fits(r->z)) return overflow(op, false, err, errlen);
    return r;
}

static int num_cmp(const Const *x, const Const *y) {
    if (x->kind == C_INT && y->kind == C_INT) return mpz_cmp(x->z, y->z);
    if (x->kind == C_FLOAT && y->kind == C_FLOAT) return mpq_cmp(x->q, y->q);
    if (x->kind == C_FLOAT) return mpq_cmp_z(x->q, y->z);
    return -mpq_cmp_z(y->q, x->z);
}

static int str_cmp(const Const *x, const Const *y) {
    int64_t n = x->slen < y->slen ? x->slen : y->slen;
    int c = n ? memcmp(x->s, y->s, (size_t)n) : 0;
    if (c) return c;
    return x->slen < y->slen ? -1 : x->slen > y->slen;
}

bool const_compare(int op, const Const *x, const Const *y) {
    int c;
    if (x->kind == C_BOOL || y->kind == C_BOOL) {
        bool eq = x->kind == y->kind && x->b == y->b;
        return op == T_EQL ? eq : op == T_NEQ ? !eq : false;
    }
    if (x->kind == C_STRING && y->kind == C_STRING) c = str_cmp(x, y);
    else if (is_num(x) && is_num(y)) c = num_cmp(x, y);
    else return op == T_NEQ;
    switch (op) {
    case T_EQL: return c == 0;
    case T_NEQ: return c != 0;
    case T_LSS: return c < 0;
    case T_LEQ: return c <= 0;
    case T_GTR: return c > 0;
    case T_GEQ: return c >= 0;
    default: return false;
    }
}

/* ---- rounding to machine floats ---- */

/* An IEEE binary format: significand bits, smallest ulp exponent
 * (subnormals), largest exponent. */
typedef struct FloatFmt {
    int prec;
    long umin, emax;
} FloatFmt;

static const FloatFmt F64 = {53, -1074, 1023};
static const FloatFmt F32 = {24, -149, 127};

/* n/d rounded to nearest-even in format f, as a double (exact for f = F32
 * too: a float32 value is a double). +-inf past the range, +0 below. */
static double round_fmt(const mpz_t n, const mpz_t d, const FloatFmt *f) {
    if (mpz_sgn(n) == 0) return 0.0;
    double sign = mpz_sgn(n) < 0 ? -1.0 : 1.0;
    long e = qlog2(n, d);
    if (e > f->emax) return sign * HUGE_VAL;
    if (e < f->umin - 2) return 0.0; /* below half the smallest subnormal */
    mpz_t m;
    mpz_init(m);
    long u = round_q(m, n, d, e, f->prec, f->umin);
    if (mpz_sgn(m) == 0) return 0.0;
    if (u + bitlen(m) - 1 > f->emax) return sign * HUGE_VAL; /* rounded up past max */
    return sign * ldexp(mpz_get_d(m), (int)u); /* m <= 2^prec: exact */
}

static double num_round(const Const *c, const FloatFmt *f) {
    if (c->kind == C_FLOAT) return round_fmt(mpq_numref(c->q), mpq_denref(c->q), f);
    if (c->kind != C_INT) return 0.0;
    mpz_t one;
    mpz_init_set_ui(one, 1);
    return round_fmt(c->z, one, f);
}

double const_to_double(const Const *c) { return num_round(c, &F64); }
float const_to_float32(const Const *c) { return (float)num_round(c, &F32); }

/* ---- representability and extraction ---- */

/* Bits and signedness of an integer kind; false if k is none. */
static bool int_kind(int k, int *bits, bool *is_signed) {
    *is_signed = true;
    switch (k) {
    case K_INT8: *bits = 8; return true;
    case K_INT16: *bits = 16; return true;
    case K_INT32: *bits = 32; return true;
    case K_INT: case K_INT64: *bits = 64; return true;
    default: break;
    }
    *is_signed = false;
    switch (k) {
    case K_UINT8: *bits = 8; return true;
    case K_UINT16: *bits = 16; return true;
    case K_UINT32: *bits = 32; return true;
    case K_UINT: case K_UINT64: case K_UINTPTR: *bits = 64; return true;
    default: return false;
    }
}

/* Does z lie in [-2^(bits-1), 2^(bits-1)) (signed) or [0, 2^bits)? */
static bool int_in_range(const mpz_t z, int bits, bool is_signed) {
    if (!is_signed) return mpz_sgn(z) >= 0 && bitlen(z) <= bits;
    if (mpz_sgn(z) >= 0) return bitlen(z) <= bits - 1;
    mpz_t t; /* -z - 1 = ~z fits in bits-1 bits */
    mpz_init(t);
    mpz_com(t, z);
    return bitlen(t) <= bits - 1;
}

static bool set_result(Const **rounded, const char **why, Const *r, const char *w) {
    if (rounded) *rounded = r;
    if (why) *why = w;
    return r != NULL;
}

static bool repr_int(const Const *c, int kind, Const **rounded, const char **why) {
    int bits;
    bool is_signed;
    /* types2: a float type meeting an integer type is "truncated" whenever
     * it does not fit, integral or not. */
    const char *fail_why = c->kind == C_FLOAT ? "truncated" : "overflows";
    Const *i = const_to_int(c);
    if (!i) return set_result(rounded, why, NULL, fail_why);
    if (kind == K_UNTYPED_INT || kind == K_UNTYPED_RUNE) return set_result(rounded, why, i, NULL);
    int_kind(kind, &bits, &is_signed);
    if (!int_in_range(i->z, bits, is_signed)) return set_result(rounded, why, NULL, fail_why);
    return set_result(rounded, why, i, NULL);
}

static bool repr_float(const Const *c, int kind, Const **rounded, const char **why) {
    if (kind == K_UNTYPED_FLOAT) return set_result(rounded, why, const_to_float(c), NULL);
    double d = num_round(c, kind == K_FLOAT32 ? &F32 : &F64);
    if (isinf(d)) return set_result(rounded, why, NULL, "overflows");
    return set_result(rounded, why, const_float64(d), NULL);
}

bool const_representable(const Const *c, int kind, Const **rounded, const char **why) {
    const_init();
    int bits;
    bool is_signed;
    if (kind == K_BOOL || kind == K_UNTYPED_BOOL)
        return set_result(rounded, why, c->kind == C_BOOL ? (Const *)c : NULL, NULL);
    if (kind == K_STRING || kind == K_UNTYPED_STRING)
        return set_result(rounded, why, c->kind == C_STRING ? (Const *)c : NULL, NULL);
    if (!is_num(c)) return set_result(rounded, why, NULL, NULL);
    if (int_kind(kind, &bits, &is_signed) || kind == K_UNTYPED_INT || kind == K_UNTYPED_RUNE)
        return repr_int(c, kind, rounded, why);
    if (kind == K_FLOAT32 || kind == K_FLOAT64 || kind == K_UNTYPED_FLOAT)
        return repr_float(c, kind, rounded, why);
    return set_result(rounded, why, NULL, NULL);
}

/* The low 64 bits, two's complement; floats truncate first. */
uint64_t const_to_uint64(const Const *c) {
    if (c->kind == C_BOOL) return c->b;
    if (!is_num(c)) return 0;
    const_init();
    mpz_t t;
    mpz_init(t);
    if (c->kind == C_INT) mpz_set(t, c->z);
    else mpz_tdiv_q(t, mpq_numref(c->q), mpq_denref(c->q));
    mpz_fdiv_r_2exp(t, t, 64); /* in [0, 2^64) */
    uint64_t v = 0;
    mpz_export(&v, NULL, -1, sizeof v, 0, 0, t);
    return v;
}

int64_t const_to_int64(const Const *c) { return (int64_t)const_to_uint64(c); }

/* ---- Go's printed form ---- */

/* Go's unicode.IsPrint for runes past ASCII, without Unicode's tables: the
 * controls, format characters, non-ASCII spaces, separators, private use
 * and the unassigned planes are not printable; unassigned code points
 * inside the assigned planes are (a known gap: Go escapes them). */
static bool rune_printable(long r) {
    static const long ranges[][2] = {
        {0x80, 0xa0}, {0xad, 0xad}, {0x600, 0x605}, {0x61c, 0x61c}, {0x6dd, 0x6dd},
        {0x70f, 0x70f}, {0x890, 0x891}, {0x8e2, 0x8e2}, {0x1680, 0x1680}, {0x180e, 0x180e},
        {0x2000, 0x200f}, {0x2028, 0x202f}, {0x205f, 0x2064}, {0x2066, 0x206f},
        {0x3000, 0x3000}, {0xd800, 0xf8ff}, {0xfeff, 0xfeff}, {0xfff9, 0xfffb},
        {0xfffe, 0xffff}, {0x110bd, 0x110bd}, {0x110cd, 0x110cd}, {0x13430, 0x1343f},
        {0x1bca0, 0x1bca3}, {0x1d173, 0x1d17a}, {0x323b0, 0xe00ff}, {0xe01f0, 0x10ffff},
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (r >= ranges[i][0] && r <= ranges[i][1]) return false;
    return true;
}

/* Decodes one UTF-8 rune as Go does; an invalid byte is rune -1, width 1. */
static long utf8_rune(const unsigned char *s, int64_t n, int *w) {
    *w = 1;
    if (s[0] < 0x80) return s[0];
    int len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
    if (len == 0 || len > n || s[0] > 0xf4) return -1;
    long r = s[0] & (0x7f >> len);
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) return -1;
        r = r << 6 | (s[i] & 0x3f);
    }
    static const long min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (r < min[len] || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return -1;
    *w = len;
    return r;
}

/* Appends rune r (source bytes s, width w) as strconv.Quote writes it;
 * returns the runes written. */
static int quote_rune(Buf *b, long r, const char *s, int w) {
    static const char esc[] = "\aa\bb\ff\nn\rr\tt\vv\"\"\\\\";
    if (r >= 0x20 && r < 0x7f && r != '"' && r != '\\') {
        buf_putc(b, (char)r);
        return 1;
    }
    if (r >= 0x80 && rune_printable(r)) {
        buf_put(b, s, (size_t)w);
        return 1;
    }
    size_t before = b->len;
    const char *e = esc;
    while (*e && r != e[0]) e += 2;
    if (r < 0) buf_printf(b, "\\x%02x", (unsigned char)s[0]); /* invalid byte */
    else if (*e) buf_putc(b, '\\'), buf_putc(b, e[1]);
    else if (r < 0x80) buf_printf(b, "\\x%02lx", r);
    else if (r < 0x10000) buf_printf(b, "\\u%04lx", r);
    else buf_printf(b, "\\U%08lx", r);
    return (int)(b->len - before); /* escapes are ASCII: bytes are runes */
}

/* go/constant's stringVal.String: the quoted string, and past 72 runes its
 * first 69 and "...". Quoting stops once the cut is certain, so a huge
 * string costs no more than a short one. */
static const char *quote_short(const char *s, int64_t len) {
    enum { MAXLEN = 72 };
    Buf b;
    buf_init(&b);
    buf_putc(&b, '"');
    int64_t runes = 1, i = 0;
    while (i < len && runes <= MAXLEN) {
        int w;
        long r = utf8_rune((const unsigned char *)s + i, len - i, &w);
        runes += quote_rune(&b, r, s + i, w);
        i += w;
    }
    if (i >= len) buf_putc(&b, '"'), runes++;
    if (runes <= MAXLEN) return buf_cstr(&b);
    size_t k = 0;
    for (int n = 0; n < MAXLEN - 3; n++) /* keep 69 runes */
        do k++; while (k < b.len && ((unsigned char)b.data[k] & 0xc0) == 0x80);
    b.len = k;
    buf_puts(&b, "...");
    return buf_cstr(&b);
}

/* Go's %g without precision: the shortest digits that read back as x,
 * in %e form when the exponent is < -4 or >= 6 (fmt's rule for shortest). */
static void fmt_shortest(char *out, size_t cap, double x) {
    char tmp[40];
    int p;
    for (p = 1; p < 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p - 1, x);
        if (strtod(tmp, NULL) == x) break;
    }
    snprintf(tmp, sizeof tmp, "%.*e", p - 1, x);
    char *e = strchr(tmp, 'e');
    int exp10 = atoi(e + 1), nd = 0;
    while (e > tmp && e[-1] == '0') e--; /* trailing zeros are not digits */
    for (char *q = tmp; q < e; q++) nd += is_dec(*q);
    if (exp10 < -4 || exp10 >= 6) snprintf(out, cap, "%.*e", nd > 0 ? nd - 1 : 0, x);
    else snprintf(out, cap, "%.*f", nd - exp10 - 1 > 0 ? nd - exp10 - 1 : 0, x);
}

/* go/constant's floatVal.String past float64's range: an approximate
 * mantissa and decimal exponent, m * 10^e, printed "%.6ge%+d". */
static const char *float_repr_big(const Const *c) {
    mpz_srcptr n = mpq_numref(c->q), d = mpq_denref(c->q);
    long e2 = qlog2(n, d);
    mpz_t m;
    mpz_init(m);
    long u = round_q(m, n, d, e2, 53, LONG_MIN / 2);
    long exp = e2 + 1; /* c = mant * 2^exp, 0.5 <= |mant| < 1 */
    double mant = ldexp(mpz_get_d(m), (int)(u - exp)) * mpq_sgn(c->q);
    double dd = (double)exp * LOG10_2;
    long long e = (long long)dd;
    mant *= pow(10, dd - (double)e);
    double am = fabs(mant);
    if (am < 1 - 0.5e-6) mant *= 10, e--;
    else if (am >= 10) mant /= 10, e++;
    return gc_sprintf("%.6ge%+lld", mant, e);
}

/* go/constant's floatVal.String: %.6g of the float64 value, or %g when %.6g
 * would show a non-integer without a point (Go issue 56220). */
static const char *float_repr(const Const *c) {
    if (mpq_sgn(c->q) == 0) return "0";
    double x = const_to_double(c);
    if (x == 0 || isinf(x)) return float_repr_big(c);
    char buf[64];
    snprintf(buf, sizeof buf, "%.6g", x);
    if (mpz_cmp_ui(mpq_denref(c->q), 1) != 0 && !strchr(buf, '.'))
        fmt_shortest(buf, sizeof buf, x);
    return gc_strdup(buf);
}

const char *const_string_repr(const Const *c) {
    const_init();
    switch (c->kind) {
    case C_BOOL: return c->b ? "true" : "false";
    case C_STRING: return quote_short(c->s, c->slen);
    case C_INT: return mpz_get_str(NULL, 10, c->z); /* GC string: our allocator */
    default: break;
    }
    /* Numbers print with '.', whatever locale the host has set. */
    locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;
    const char *s = float_repr(c);
    if (c_locale) uselocale(old);
    return s;
}
