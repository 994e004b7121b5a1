/* constant_test.c: unit tests for src/constant.c (Go's constant arithmetic):
 * exactness, caps and Go's wording, correct rounding to float64/float32,
 * representability, printed forms, hostile literals, GC and threads.
 * Exits 1 on any failure. */
#include "constant.h"
#include "lexer.h"
#include "types.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int passed, failed;

#define CHECK(cond, ...)                                                          \
    do {                                                                          \
        if (cond) passed++;                                                       \
        else {                                                                    \
            failed++;                                                             \
            fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);                 \
            fprintf(stderr, __VA_ARGS__);                                         \
            fputc('\n', stderr);                                                  \
        }                                                                         \
    } while (0)

static char err[256];

/* Literals that must parse; a leading '-' (not literal syntax) negates. */
static Const *lit(const char *s, bool is_float) {
    bool neg = s[0] == '-';
    err[0] = 0;
    Const *c = is_float ? const_from_float_lit(s + neg, err, sizeof err)
                        : const_from_int_lit(s + neg, err, sizeof err);
    if (!c) fprintf(stderr, "literal %s: %s\n", s, err), exit(1);
    return neg ? const_unary(T_SUB, c, 0, err, sizeof err) : c;
}

static Const *I(const char *s) { return lit(s, false); }
static Const *F(const char *s) { return lit(s, true); }

static Const *bin(int op, Const *x, Const *y) {
    err[0] = 0;
    return const_binary(op, x, y, err, sizeof err);
}

static Const *shift(int op, Const *x, uint64_t s) {
    err[0] = 0;
    return const_shift(op, x, s, err, sizeof err);
}

static bool eq(Const *x, Const *y) { return x && y && const_compare(T_EQL, x, y); }
static const char *repr(Const *c) { return c ? const_string_repr(c) : "(null)"; }

#define CHECK_REPR(c, want)                                                       \
    do {                                                                          \
        const char *got_ = repr(c);                                               \
        CHECK(strcmp(got_, want) == 0, "repr: got %s, want %s", got_, want);     \
    } while (0)

/* A failing operation: NULL and exactly this message. */
#define CHECK_ERR(expr, want)                                                     \
    do {                                                                          \
        err[0] = 0;                                                               \
        Const *r_ = (expr);                                                       \
        CHECK(r_ == NULL && strcmp(err, want) == 0, "%s: got %s / \"%s\", want \"%s\"", \
              #expr, r_ ? repr(r_) : "NULL", err, want);                          \
    } while (0)

static Const *lit_int_err(const char *s) { return const_from_int_lit(s, err, sizeof err); }
static Const *lit_float_err(const char *s) { return const_from_float_lit(s, err, sizeof err); }

static void test_exact(void) {
    CHECK(eq(bin(T_ADD, F("0.1"), F("0.2")), F("0.3")), "0.1 + 0.2 == 0.3");
    CHECK(!eq(bin(T_ADD, F("0.1"), F("0.2")), F("0.30000000000000004")), "not the double sum");
    Const *x = shift(T_SHR, shift(T_SHL, I("1"), 100), 98);
    CHECK(eq(x, I("4")), "1<<100>>98 == 4, got %s", repr(x));
    Const *third = bin(T_QUO, F("1"), F("3"));
    CHECK(eq(bin(T_MUL, third, F("3")), F("1")), "1/3*3 == 1");
    CHECK(eq(bin(T_QUO, F("1"), I("4")), F("0.25")), "float / int mixes");
    CHECK(eq(I("1"), F("1.0")), "1 == 1.0");
    CHECK(const_compare(T_LSS, F("0.1"), I("1")), "0.1 < 1");
    CHECK(const_is_int_valued(F("3.0")) && !const_is_int_valued(F("3.5")), "int valued");
    CHECK(eq(const_to_int(F("3.0")), I("3")) && !const_to_int(F("3.5")), "to_int");
    CHECK(eq(const_trunc(F("-3.7")), I("-3")), "trunc toward zero");
    CHECK(const_sign(F("-0.5")) < 0 && const_sign(I("0")) == 0 && const_sign(I("7")) > 0, "sign");
    CHECK(eq(const_uint64(UINT64_MAX), I("18446744073709551615")), "uint64 max");
    CHECK(eq(const_int64(INT64_MIN), bin(T_SUB, I("0"), I("9223372036854775808"))), "int64 min");
    CHECK(eq(const_float64(0.5), F("0.5")), "float64 exact");
}

static void test_literals(void) {
    CHECK(eq(I("0x1F"), I("31")) && eq(I("0X1f"), I("31")), "hex");
    CHECK(eq(I("0o17"), I("15")) && eq(I("0O17"), I("15")) && eq(I("017"), I("15")), "octal");
    CHECK(eq(I("0b101"), I("5")) && eq(I("0B1_0_1"), I("5")), "binary");
    CHECK(eq(I("1_000_000"), I("1000000")) && eq(I("0x_1"), I("1")) && eq(I("0_7"), I("7")),
          "separators");
    CHECK(eq(I("0"), I("00")) && const_sign(I("0")) == 0, "zero");
    CHECK(eq(I("0x1e3"), I("483")), "e is a hex digit");
    CHECK(eq(F("0x1.8p3"), F("12")) && eq(F("0X1P-2"), F("0.25")), "hex floats");
    CHECK(eq(F(".5"), F("0.5")) && eq(F("1."), F("1")) && eq(F("1e3"), I("1000")), "decimal floats");
    CHECK(eq(F("0128.5"), F("128.5")) && eq(F("09e1"), I("90")), "0-prefixed floats are decimal");
    CHECK(eq(F("1_0.2_5e1_0"), F("102500000000")), "float separators");
    CHECK(eq(F("017"), I("15")) && eq(F("0x10"), I("16")), "float from integer syntax");
    CHECK(eq(F("1E-2"), bin(T_QUO, F("1"), F("100"))), "negative exponent exact");
    CHECK(eq(F("0e999999999"), F("0")), "zero mantissa");

    CHECK_ERR(lit_int_err("08"), "invalid digit '8' in octal literal");
    CHECK_ERR(lit_int_err("0b102"), "invalid digit '2' in binary literal");
    CHECK_ERR(lit_int_err("0o78"), "invalid digit '8' in octal literal");
    CHECK_ERR(lit_int_err("1__0"), "'_' must separate successive digits");
    CHECK_ERR(lit_int_err("1_"), "'_' must separate successive digits");
    CHECK_ERR(lit_int_err("0x"), "hexadecimal literal has no digits");
    CHECK_ERR(lit_int_err("0b"), "binary literal has no digits");
    CHECK_ERR(lit_float_err("0x1.8"), "hexadecimal mantissa requires a 'p' exponent");
    CHECK_ERR(lit_float_err("1p3"), "'p' exponent requires hexadecimal mantissa");
    CHECK_ERR(lit_float_err("0b1e3"), "'e' exponent requires decimal mantissa");
    CHECK_ERR(lit_float_err("1e"), "exponent has no digits");
    CHECK_ERR(lit_float_err("1e+_"), "exponent has no digits");
    CHECK_ERR(lit_float_err("0b1.0"), "invalid radix point in binary literal");
    CHECK_ERR(lit_int_err("1.5"), "malformed constant: 1.5");
    CHECK_ERR(lit_int_err("12abc"), "malformed constant: 12abc");
    CHECK_ERR(lit_int_err(""), "malformed constant: ");
    CHECK_ERR(lit_float_err("1i"), "malformed constant: 1i");
}

/* 2^n as a literal-free constant. */
static Const *pow2(unsigned n) { return shift(T_SHL, I("1"), n); }

static void test_caps(void) {
    Const *big = pow2(511);
    CHECK(big != NULL, "1<<511 fits");
    CHECK_ERR(shift(T_SHL, I("1"), 512), "constant shift overflow");
    CHECK_ERR(shift(T_SHL, I("-1"), 512), "constant shift overflow");
    CHECK_ERR(shift(T_SHL, I("3"), 511), "constant shift overflow");
    CHECK_ERR(shift(T_SHL, I("1"), UINT64_MAX), "constant shift overflow");
    CHECK(eq(shift(T_SHL, I("0"), UINT64_MAX), I("0")), "0 << huge");
    CHECK_ERR(bin(T_MUL, big, I("2")), "constant multiplication overflow");
    CHECK_ERR(bin(T_ADD, big, big), "constant addition overflow");
    CHECK_ERR(bin(T_SUB, const_unary(T_SUB, big, 0, err, sizeof err), big),
              "constant subtraction overflow");
    Const *max = bin(T_ADD, bin(T_SUB, big, I("1")), big); /* 2^512 - 1 */
    CHECK(max != NULL, "2^512-1 fits");
    CHECK_ERR(const_unary(T_XOR, max, 0, err, sizeof err), "constant bitwise complement overflow");
    CHECK(const_unary(T_SUB, max, 0, err, sizeof err) != NULL, "-(2^512-1) fits");
    /* 155 digits: 10^154 needs 512 bits, 2^512 ~ 1.34e154 */
    char lit[200];
    memset(lit, '9', 155);
    lit[155] = 0;
    CHECK_ERR(lit_int_err(lit), "constant overflow");
    lit[154] = 0; /* 154 nines < 2^512 */
    CHECK(lit_int_err(lit) != NULL, "154 nines fit: %s", err);
    CHECK(eq(I("13407807929942597099574024998205846127479365820592393377723561443721764030073546976801874298166903427690031858186486050853753882811946569946433649006084095"),
             max), "2^512-1 literal fits");
    CHECK_ERR(lit_int_err("13407807929942597099574024998205846127479365820592393377723561443721764030073546976801874298166903427690031858186486050853753882811946569946433649006084096"),
              "constant overflow");
    /* types2's TestLongConstants: 9999 ones overflow, 10001 are too long */
    char *ones = malloc(10002);
    memset(ones, '1', 10001);
    ones[10001] = 0;
    CHECK_ERR(lit_int_err(ones), "excessively long constant: 1111111111... (10001 chars)");
    ones[9999] = 0;
    CHECK_ERR(lit_int_err(ones), "constant overflow");
    free(ones);
    /* float range */
    CHECK_ERR(bin(T_MUL, F("1e2000"), F("1e2000")), "constant result is not representable");
    CHECK(eq(bin(T_MUL, F("1e-2000"), F("1e-2000")), F("0")), "tiny product becomes 0");
    CHECK_ERR(lit_float_err("1e5000"), "constant overflow");
    CHECK(eq(F("1e-5000"), F("0")), "tiny literal is 0");
    CHECK(F("1e3000") != NULL && F("0x1p10000") != NULL, "inside the range");
    CHECK_ERR(lit_float_err("0x1p10001"), "constant overflow");
}

static void test_division(void) {
    CHECK(eq(bin(T_QUO, I("7"), I("2")), I("3")), "7/2");
    CHECK(eq(bin(T_QUO, I("-7"), I("2")), I("-3")), "-7/2 truncates");
    CHECK(eq(bin(T_QUO, I("7"), I("-2")), I("-3")), "7/-2 truncates");
    CHECK(eq(bin(T_REM, I("-7"), I("2")), I("-1")), "-7%%2 has the dividend's sign");
    CHECK(eq(bin(T_REM, I("7"), I("-2")), I("1")), "7%%-2");
    CHECK_ERR(bin(T_QUO, I("1"), I("0")), "division by zero");
    CHECK_ERR(bin(T_REM, I("1"), I("0")), "division by zero");
    CHECK_ERR(bin(T_QUO, F("1.0"), F("0.0")), "division by zero");
    CHECK(eq(bin(T_QUO, F("7"), F("2")), F("3.5")), "float division exact");
    CHECK(eq(bin(T_AND, I("12"), I("10")), I("8")) && eq(bin(T_OR, I("12"), I("10")), I("14")) &&
              eq(bin(T_XOR, I("12"), I("10")), I("6")) && eq(bin(T_AND_NOT, I("12"), I("10")), I("4")),
          "bitwise");
    CHECK(eq(bin(T_AND, I("-1"), I("255")), I("255")), "two's complement and");
}

static void test_unary_shift(void) {
    CHECK(eq(const_unary(T_XOR, I("1"), 8, err, sizeof err), I("254")), "^uint8(1) == 254");
    CHECK(eq(const_unary(T_XOR, I("0"), 64, err, sizeof err), I("18446744073709551615")),
          "^uint64(0)");
    CHECK(eq(const_unary(T_XOR, I("1"), 0, err, sizeof err), I("-2")), "^1 == -2");
    CHECK(eq(const_unary(T_XOR, I("0"), 0, err, sizeof err), I("-1")), "^0 == -1");
    CHECK(eq(const_unary(T_SUB, F("1.5"), 0, err, sizeof err), F("-1.5")), "-1.5");
    CHECK(const_unary(T_NOT, const_bool(true), 0, err, sizeof err)->b == false, "!true");
    CHECK(eq(shift(T_SHR, I("-5"), 1), I("-3")), "-5>>1 floors");
    CHECK(eq(shift(T_SHR, I("-5"), 1000000), I("-1")), "-5>>huge");
    CHECK(eq(shift(T_SHR, I("5"), UINT64_MAX), I("0")), "5>>huge");
    CHECK(eq(shift(T_SHL, F("2.0"), 3), I("16")), "integral float shifts");
    CHECK_ERR(shift(T_SHL, F("2.5"), 3), "shifted operand 2.5 must be integer");
}

static void test_compare(void) {
    Const *a = const_string("a", 1), *b = const_string("b", 1), *ab = const_string("ab", 2);
    Const *nul = const_string("a\0b", 3), *nul2 = const_string("a\0c", 3);
    CHECK(const_compare(T_LSS, a, b) && const_compare(T_GTR, ab, a) && const_compare(T_LEQ, a, a),
          "strings");
    CHECK(const_compare(T_LSS, nul, nul2) && !const_compare(T_EQL, nul, a), "NUL bytes");
    Const *hi = const_string("\xff", 1);
    CHECK(const_compare(T_GTR, hi, a), "bytewise, unsigned");
    CHECK(eq(bin(T_ADD, a, b), ab), "concatenation");
    Const *t = const_bool(true), *f = const_bool(false);
    CHECK(const_compare(T_EQL, t, t) && const_compare(T_NEQ, t, f) && !const_compare(T_LSS, f, t),
          "bools");
    CHECK(bin(T_LAND, t, f)->b == false && bin(T_LOR, t, f)->b == true, "&& ||");
    CHECK(const_compare(T_GEQ, F("2.5"), I("2")) && const_compare(T_LSS, I("2"), F("2.5")),
          "mixed numbers");
}

/* ---- rounding ---- */

static bool same_double(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static void check_double(const char *lit, double want) {
    double got = const_to_double(F(lit));
    CHECK(same_double(got, want), "to_double(%s) = %a, want %a", lit, got, want);
}

static void check_float32(const char *lit, float want) {
    float got = const_to_float32(F(lit));
    CHECK(got == want && signbit(got) == signbit(want), "to_float32(%s) = %a, want %a", lit,
          (double)got, (double)want);
}

static void test_rounding(void) {
    check_double("0.1", 0x1.999999999999ap-4);
    check_double("0x1p-1074", 0x1p-1074);
    check_double("0x1p-1075", 0.0);               /* tie: to even (0) */
    check_double("0x1.0000001p-1075", 0x1p-1074); /* above the tie */
    check_double("0x1.8p-1074", 0x1p-1073);       /* tie between 1 and 2 ulps: 2 */
    check_double("0x1.4p-1074", 0x1p-1074);
    check_double("0x1.fffffffffffffp1023", DBL_MAX);
    check_double("0x1.fffffffffffff7ffp1023", DBL_MAX);
    check_double("0x1.fffffffffffff8p1023", INFINITY); /* tie rounds to even: 2^1024 */
    check_double("0x1.000000000000ap0", 0x1.000000000000ap0); /* exact */
    check_double("0x1.0000000000000ap0", 0x1.0000000000001p0);  /* 0.625 ulp: up */
    check_double("0x1.00000000000008p0", 1.0);                 /* tie, even */
    check_double("0x1.00000000000018p0", 0x1.0000000000002p0); /* tie, up to even */
    check_double("-2e-324", 0.0); /* below half the least subnormal: +0 */
    check_double("-2.5e-324", -0x1p-1074); /* above half */
    check_double("1e23", 1e23);
    check_double("2.2250738585072011e-308", 2.2250738585072011e-308);
    check_double("2.2250738585072014e-308", DBL_MIN);
    check_double("4.9e-324", 0x1p-1074);
    check_double("1.7976931348623157e308", DBL_MAX);
    check_double("1e400", INFINITY);
    check_double("-1e400", -INFINITY);
    CHECK(same_double(const_to_double(I("-9007199254740993")), -9007199254740992.0), "int tie");
    CHECK(same_double(const_to_double(I("9007199254740995")), 9007199254740996.0), "int tie up");

    check_float32("16777217", 16777216.0f);
    check_float32("16777219", 16777220.0f);
    check_float32("0.1", 0.1f);
    check_float32("0x1.000001000000001p0", 0x1.000002p0f); /* via double would give 1 */
    check_float32("0x1p-149", 0x1p-149f);
    check_float32("0x1p-150", 0.0f);
    check_float32("0x1.8p-150", 0x1p-149f);
    check_float32("3.4028234663852886e38", FLT_MAX);
    /* exactly halfway between FLT_MAX and 2^128: ties to even, 2^128 */
    check_float32("340282356779733661637539395458142568448", INFINITY);
    check_float32("340282356779733661637539395458142568447", FLT_MAX);
    check_float32("3.4028235677973366e38", FLT_MAX);
    check_float32("1e40", INFINITY);
    check_float32("-1e-50", 0.0f);

    /* glibc's strtod/strtof are correctly rounded: compare on random literals. */
    srand(12345);
    char buf[64];
    int bad64 = 0, bad32 = 0;
    for (int i = 0; i < 20000; i++) {
        int nd = 1 + rand() % 25, e = rand() % 700 - 350;
        char *p = buf;
        for (int k = 0; k < nd; k++) *p++ = (char)('0' + (k == 0 ? 1 + rand() % 9 : rand() % 10));
        if (i % 3 == 0) e = rand() % 90 - 330; /* near the subnormals */
        if (i % 5 == 0) e = rand() % 60 - 60;  /* float32 range */
        snprintf(p, sizeof buf - (size_t)(p - buf), "e%d", e);
        Const *c = F(buf);
        if (!same_double(const_to_double(c), strtod(buf, NULL))) {
            if (bad64++ < 5) fprintf(stderr, "double mismatch: %s\n", buf);
        }
        float g = const_to_float32(c), w = strtof(buf, NULL);
        if (!(g == w || (isnan(g) && isnan(w)))) {
            if (bad32++ < 5) fprintf(stderr, "float32 mismatch: %s\n", buf);
        }
    }
    CHECK(bad64 == 0, "%d random doubles misrounded", bad64);
    CHECK(bad32 == 0, "%d random float32s misrounded", bad32);
}

/* ---- representability ---- */

static void check_repr_kind(Const *c, int kind, bool ok, const char *why_want) {
    Const *r = NULL;
    const char *why = "unset";
    bool got = const_representable(c, kind, &r, &why);
    bool why_ok = ok ? r != NULL : (why_want ? why && strcmp(why, why_want) == 0 : why == NULL);
    CHECK(got == ok && why_ok, "representable(%s, kind %d) = %d why %s", repr(c), kind, got,
          why ? why : "NULL");
}

static void test_representable(void) {
    check_repr_kind(I("255"), K_UINT8, true, NULL);
    check_repr_kind(I("256"), K_UINT8, false, "overflows");
    check_repr_kind(I("-1"), K_UINT, false, "overflows");
    check_repr_kind(I("-1"), K_UINTPTR, false, "overflows");
    check_repr_kind(I("-128"), K_INT8, true, NULL);
    check_repr_kind(I("-129"), K_INT8, false, "overflows");
    check_repr_kind(I("127"), K_INT8, true, NULL);
    check_repr_kind(I("128"), K_INT8, false, "overflows");
    check_repr_kind(I("0x10FFFF"), K_INT32, true, NULL);
    check_repr_kind(I("2147483648"), K_INT32, false, "overflows");
    check_repr_kind(I("65535"), K_UINT16, true, NULL);
    check_repr_kind(I("4294967296"), K_UINT32, false, "overflows");
    Const *minint = bin(T_SUB, I("0"), I("9223372036854775808"));
    check_repr_kind(minint, K_INT64, true, NULL);
    check_repr_kind(minint, K_INT, true, NULL);
    check_repr_kind(bin(T_SUB, minint, I("1")), K_INT64, false, "overflows");
    check_repr_kind(I("9223372036854775808"), K_INT64, false, "overflows");
    check_repr_kind(I("18446744073709551615"), K_UINT64, true, NULL);
    check_repr_kind(I("18446744073709551616"), K_UINT64, false, "overflows");
    check_repr_kind(F("1.5"), K_INT, false, "truncated");
    check_repr_kind(F("1e100"), K_INT, false, "truncated"); /* types2: float -> int */
    check_repr_kind(F("300.0"), K_UINT8, false, "truncated");
    check_repr_kind(F("1e40"), K_FLOAT32, false, "overflows");
    check_repr_kind(F("1e309"), K_FLOAT64, false, "overflows");
    check_repr_kind(F("1e-400"), K_FLOAT64, true, NULL);
    check_repr_kind(I("1"), K_UNTYPED_FLOAT, true, NULL);
    check_repr_kind(F("2.0"), K_UNTYPED_INT, true, NULL);
    check_repr_kind(const_string("x", 1), K_INT, false, NULL);
    check_repr_kind(I("1"), K_STRING, false, NULL);
    check_repr_kind(const_bool(true), K_BOOL, true, NULL);
    check_repr_kind(const_string("x", 1), K_STRING, true, NULL);
    check_repr_kind(I("1"), K_BOOL, false, NULL);

    Const *r = NULL;
    CHECK(const_representable(F("3.0"), K_INT, &r, NULL) && r->kind == C_INT && eq(r, I("3")),
          "integral float as int gives C_INT");
    CHECK(const_representable(F("0.1"), K_FLOAT32, &r, NULL) && r->kind == C_FLOAT &&
              same_double(const_to_double(r), (double)0.1f),
          "float32 rounding of 0.1");
    CHECK(const_representable(F("0.1"), K_FLOAT64, &r, NULL) &&
              same_double(const_to_double(r), 0.1) && !eq(r, F("0.1")),
          "float64 rounding of 0.1");
    CHECK(const_representable(I("16777217"), K_FLOAT32, &r, NULL) && eq(r, I("16777216")),
          "int to float32 rounds");
    CHECK(const_representable(F("1e-400"), K_FLOAT64, &r, NULL) && const_sign(r) == 0, "underflow");
    CHECK(const_representable(F("-1e-400"), K_FLOAT64, &r, NULL) &&
              !signbit(const_to_double(r)), "no negative zero");
    CHECK(const_representable(F("1.5"), K_INT, NULL, NULL) == false, "NULL outs allowed");

    CHECK(const_to_int64(minint) == INT64_MIN, "to_int64 min");
    CHECK(const_to_uint64(I("-1")) == UINT64_MAX, "to_uint64 two's complement");
    CHECK(const_to_uint64(I("18446744073709551615")) == UINT64_MAX, "to_uint64 max");
    CHECK(const_to_int64(I("-42")) == -42 && const_to_int64(F("7.0")) == 7, "to_int64");
}

/* ---- printed forms ---- */

static void test_repr(void) {
    CHECK_REPR(I("300"), "300");
    CHECK_REPR(I("-1"), "-1");
    CHECK_REPR(F("1.5"), "1.5");
    CHECK_REPR(F("1e100"), "1e+100");
    CHECK_REPR(F("0.1"), "0.1");
    CHECK_REPR(F("2.0"), "2");
    CHECK_REPR(F("0"), "0");
    CHECK_REPR(bin(T_QUO, F("1"), F("3")), "0.333333");
    CHECK_REPR(bin(T_QUO, F("-2"), F("3")), "-0.666667");
    CHECK_REPR(F("123456789.0"), "1.23457e+08");
    CHECK_REPR(F("100000.5"), "100000.5");       /* Go issue 56220 */
    CHECK_REPR(F("1000000.5"), "1.0000005e+06"); /* ditto, %e form */
    CHECK_REPR(F("0.00001"), "1e-05");
    CHECK_REPR(F("0.0001"), "0.0001");
    CHECK_REPR(F("1e400"), "1e+400");
    CHECK_REPR(F("1e-400"), "1e-400");
    CHECK_REPR(F("-1.5e-400"), "-1.5e-400");
    CHECK_REPR(F("1.234567e1000"), "1.23457e+1000");
    CHECK_REPR(F("1e3000"), "1e+3000");
    CHECK_REPR(F("9.9999999e500"), "1e+501");
    CHECK_REPR(F("1.0000004e-400"), "1e-400");
    CHECK_REPR(const_string("abc", 3), "\"abc\"");
    CHECK_REPR(const_string("a\nb\t\"\\", 6), "\"a\\nb\\t\\\"\\\\\"");
    CHECK_REPR(const_string("\xff\x01\x7f\0", 4), "\"\\xff\\x01\\x7f\\x00\"");
    CHECK_REPR(const_string("h\xc3\xa9\xc2\xa0\xe2\x80\x8b", 8), "\"h\xc3\xa9\\u00a0\\u200b\"");
    CHECK_REPR(const_string("\xf0\x9f\x98\x80", 4), "\"\xf0\x9f\x98\x80\"");
    CHECK_REPR(const_string("\xed\xa0\x80", 3), "\"\\xed\\xa0\\x80\""); /* surrogate */
    CHECK_REPR(const_bool(true), "true");
    CHECK_REPR(const_bool(false), "false");
    CHECK_REPR(pow2(100), "1267650600228229401496703205376");

    /* 70 chars quoted = 72 runes: kept; 71 chars: 69 runes and "..." */
    char s[200];
    memset(s, 'x', sizeof s);
    char want[200];
    want[0] = '"';
    memset(want + 1, 'x', 70);
    want[71] = '"';
    want[72] = 0;
    CHECK_REPR(const_string(s, 70), want);
    memset(want + 1, 'x', 68);
    strcpy(want + 69, "...");
    CHECK_REPR(const_string(s, 71), want);
    CHECK_REPR(const_string(s, 200), want);
    /* multibyte runes count as one */
    char u[300] = "", uw[300] = "\"";
    for (int i = 0; i < 80; i++) strcat(u, "\xc3\xa9");
    for (int i = 0; i < 68; i++) strcat(uw, "\xc3\xa9");
    strcat(uw, "...");
    CHECK_REPR(const_string(u, (int64_t)strlen(u)), uw);
    /* a huge string prints quickly and short */
    size_t n = 50u << 20;
    char *hugebuf = malloc(n);
    memset(hugebuf, '\n', n);
    clock_t t0 = clock();
    const char *h = const_string_repr(const_string(hugebuf, (int64_t)n));
    CHECK(strlen(h) == 72 && (double)(clock() - t0) / CLOCKS_PER_SEC < 2, "huge string repr %zu",
          strlen(h));
    free(hugebuf);
}

/* ---- hostile input ---- */

static void test_hostile(void) {
    clock_t t0 = clock();
    size_t n = 100000;
    char *lit = malloc(n + 1);
    memset(lit, '7', n);
    lit[n] = 0;
    CHECK_ERR(lit_int_err(lit), "excessively long constant: 7777777777... (100000 chars)");
    CHECK_ERR(lit_float_err(lit), "excessively long constant: 7777777777... (100000 chars)");
    lit[0] = '0', lit[1] = 'x';
    CHECK_ERR(lit_int_err(lit), "excessively long constant: 0x77777777... (100000 chars)");
    free(lit);
    CHECK_ERR(lit_float_err("1e999999999"), "malformed constant: 1e999999999");
    CHECK_ERR(lit_float_err("1e99999999999999999999999999999"),
              "malformed constant: 1e99999999999999999999999999999");
    CHECK_ERR(lit_float_err("0x1p999999999999"), "malformed constant: 0x1p999999999999");
    CHECK_ERR(lit_float_err("1e100000"), "constant overflow");
    Const *z = lit_float_err("0x1p-99999999");
    CHECK(z && const_sign(z) == 0, "0x1p-99999999 is 0");
    z = lit_float_err("1e-999999999999");
    CHECK(z && const_sign(z) == 0, "1e-999999999999 is 0");
    /* 9999-digit mantissa with a tiny exponent: bounded and exact-ish */
    char *m = malloc(10001);
    m[0] = '0', m[1] = '.';
    memset(m + 2, '3', 9990);
    strcpy(m + 9992, "e-10");
    z = lit_float_err(m);
    CHECK(z && fabs(const_to_double(z) - 1.0 / 3e10) < 1e-24, "long mantissa: %s", err);
    CHECK(z && mpz_sizeinbase(mpq_denref(z->q), 2) < 11000, "rounded to bounded size");
    free(m);
    CHECK_ERR(shift(T_SHL, I("1"), (uint64_t)1 << 62), "constant shift overflow");
    /* squaring a fraction with growing parts stays bounded (512-bit rounding) */
    Const *x = bin(T_ADD, F("1"), bin(T_QUO, F("1"), F("0x1p100")));
    for (int i = 0; i < 40 && x; i++) x = bin(T_MUL, x, x);
    CHECK(x == NULL ? strcmp(err, "constant result is not representable") == 0
                    : mpz_sizeinbase(mpq_numref(x->q), 2) < 11000,
          "repeated squaring bounded: %s", err);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(secs < 2.0, "hostile inputs took %.2fs", secs);
}

/* Random literal-ish strings and random operations on what parses: nothing
 * may crash (run under the sanitizers), every failure must say why. */
static void test_fuzz(void) {
    static const char alpha[] = "0123456789abcdefxXoObBpPeE._+-i";
    srand(777);
    Const *pool[64];
    int npool = 0, silent = 0;
    char s[40];
    for (int i = 0; i < 30000; i++) {
        int n = 1 + rand() % 30;
        for (int k = 0; k < n; k++) s[k] = alpha[rand() % (int)(sizeof alpha - 1)];
        s[n] = 0;
        err[0] = 0;
        Const *c = i % 2 ? const_from_float_lit(s, err, sizeof err)
                         : const_from_int_lit(s, err, sizeof err);
        if (!c) silent += err[0] == 0;
        else pool[npool++ % 64] = c;
    }
    CHECK(silent == 0, "%d literal failures without a message", silent);
    static const int ops[] = {T_ADD, T_SUB, T_MUL, T_QUO, T_REM, T_AND, T_OR, T_XOR, T_AND_NOT};
    int lim = npool < 64 ? npool : 64;
    for (int i = 0; i < 30000 && lim > 1; i++) {
        Const *x = pool[rand() % lim], *y = pool[rand() % lim];
        err[0] = 0;
        Const *r = rand() % 4 ? const_binary(ops[rand() % 9], x, y, err, sizeof err)
                              : const_shift(rand() % 2 ? T_SHL : T_SHR, x,
                                            (uint64_t)rand() % 600, err, sizeof err);
        if (!r) silent += err[0] == 0;
        else {
            pool[rand() % lim] = r;
            (void)const_string_repr(r);
            (void)const_to_double(r);
            (void)const_representable(r, K_FLOAT32, NULL, NULL);
        }
    }
    CHECK(silent == 0, "%d operation failures without a message", silent);
}

/* ---- GC and threads ---- */

#define KEEP 2000

static void test_gc(void) {
    Const **keep = GC_MALLOC(sizeof(Const *) * KEEP);
    for (int i = 0; i < KEEP; i++) {
        keep[i] = bin(T_QUO, F("1"), const_int64(i + 3));
        keep[i] = bin(T_MUL, keep[i], pow2(300)); /* limbs worth collecting */
        if (i % 200 == 0) GC_gcollect();
    }
    GC_gcollect();
    int bad = 0;
    for (int i = 0; i < KEEP; i++) {
        Const *back = bin(T_QUO, bin(T_MUL, keep[i], const_int64(i + 3)), pow2(300));
        bad += !eq(back, F("1"));
    }
    CHECK(bad == 0, "%d constants corrupted by collection", bad);
}

static void *worker(void *arg) {
    long id = (long)arg, bad = 0;
    char e[128];
    for (int i = 0; i < 3000; i++) {
        Const *a = const_from_float_lit("0.1", e, sizeof e);
        Const *b = const_binary(T_MUL, a, const_int64(id + i + 1), e, sizeof e);
        Const *c = const_binary(T_QUO, b, const_int64(id + i + 1), e, sizeof e);
        bad += !const_compare(T_EQL, c, a);
        bad += strcmp(const_string_repr(c), "0.1") != 0;
        if (i % 500 == 0) GC_gcollect();
    }
    return (void *)bad;
}

static void test_threads(void) {
    pthread_t th[4];
    for (long i = 0; i < 4; i++) pthread_create(&th[i], NULL, worker, (void *)i);
    long bad = 0;
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(th[i], &r);
        bad += (long)r;
    }
    CHECK(bad == 0, "%ld thread mismatches", bad);
}

int main(void) {
    GC_INIT();
    const_init();
    const_init(); /* idempotent */
    test_exact();
    test_literals();
    test_caps();
    test_division();
    test_unary_shift();
    test_compare();
    test_rounding();
    test_representable();
    test_repr();
    test_hostile();
    test_fuzz();
    test_gc();
    test_threads();
    printf("constant: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
