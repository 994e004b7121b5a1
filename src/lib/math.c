/* lib/math.c: the native half of math: the C library's functions, with
 * Go's results where C's special cases differ. Arguments arrive as static
 * float64 words (a[i].f) and results are written over them. */
#include "lib.h"
#include <math.h>
#include <string.h>

#define MATH1(name, expr)                                                                                              \
    static NatStatus name(Fiber *f, Value *a, int n) {                                                                 \
        (void)f, (void)n;                                                                                              \
        double x = a[0].f;                                                                                             \
        a[0].f = (expr);                                                                                               \
        return NAT_OK;                                                                                                 \
    }
#define MATH2(name, expr)                                                                                              \
    static NatStatus name(Fiber *f, Value *a, int n) {                                                                 \
        (void)f, (void)n;                                                                                              \
        double x = a[0].f, y = a[1].f;                                                                                 \
        a[0].f = (expr);                                                                                               \
        return NAT_OK;                                                                                                 \
    }

MATH1(m_abs, fabs(x))
MATH1(m_acos, acos(x))
MATH1(m_acosh, acosh(x))
MATH1(m_asin, asin(x))
MATH1(m_asinh, asinh(x))
MATH1(m_atan, atan(x))
MATH2(m_atan2, atan2(x, y))
MATH1(m_atanh, atanh(x))
MATH1(m_cbrt, (double)cbrtl(x)) /* glibc's cbrt is off by an ulp on cubes (27 -> 3.0000000000000004) */
MATH1(m_ceil, ceil(x))
MATH2(m_copysign, copysign(x, y))
MATH1(m_cos, cos(x))
MATH1(m_cosh, cosh(x))
MATH1(m_erf, erf(x))
MATH1(m_erfc, erfc(x))
MATH1(m_exp, exp(x))
MATH1(m_exp2, exp2(x))
MATH1(m_expm1, expm1(x))
MATH1(m_floor, floor(x))
MATH1(m_gamma, tgamma(x))
MATH2(m_hypot, hypot(x, y))
MATH1(m_log, log(x))
MATH1(m_log10, log10(x))
MATH1(m_log1p, log1p(x))
MATH1(m_log2, log2(x))
MATH1(m_logb, logb(x))
MATH2(m_mod, fmod(x, y))
MATH2(m_nextafter, nextafter(x, y))
MATH2(m_pow, pow(x, y))
MATH2(m_remainder, remainder(x, y))
MATH1(m_round, round(x))
MATH1(m_round_even, nearbyint(x)) /* the default rounding: to nearest, ties to even */
MATH1(m_sin, sin(x))
MATH1(m_sinh, sinh(x))
MATH1(m_sqrt, sqrt(x))
MATH1(m_tan, tan(x))
MATH1(m_tanh, tanh(x))
MATH1(m_trunc, trunc(x))

static NatStatus m_fma(Fiber *f, Value *a, int n) {
    (void)f, (void)n;
    a[0].f = fma(a[0].f, a[1].f, a[2].f);
    return NAT_OK;
}

/* Go: Max(x, +Inf) = +Inf before NaN, Max(x, NaN) = NaN, Max(+0, -0) = +0
 * (C's fmax prefers the number to the NaN). */
static double go_max(double x, double y) {
    if (isinf(x) && x > 0) return x;
    if (isinf(y) && y > 0) return y;
    if (isnan(x) || isnan(y)) return NAN;
    if (x == 0 && x == y) return signbit(x) ? y : x;
    return x > y ? x : y;
}

static double go_min(double x, double y) {
    if (isinf(x) && x < 0) return x;
    if (isinf(y) && y < 0) return y;
    if (isnan(x) || isnan(y)) return NAN;
    if (x == 0 && x == y) return signbit(x) ? x : y;
    return x < y ? x : y;
}

/* Go: Dim(+Inf, +Inf) = NaN, Dim(x, NaN) = Dim(NaN, x) = NaN. */
static double go_dim(double x, double y) {
    double v = x - y;
    return v <= 0 ? 0 : v;
}

MATH2(m_max, go_max(x, y))
MATH2(m_min, go_min(x, y))
MATH2(m_dim, go_dim(x, y))

static NatStatus m_ilogb(Fiber *f, Value *a, int n) {
    (void)f, (void)n;
    double x = a[0].f;
    if (x == 0) a[0].i = INT32_MIN;
    else if (isnan(x) || isinf(x)) a[0].i = INT32_MAX;
    else a[0].i = ilogb(x);
    return NAT_OK;
}

static NatStatus m_frexp(Fiber *f, Value *a, int n) {
    (void)f, (void)n;
    double x = a[0].f;
    int e = 0;
    if (x == 0 || isnan(x) || isinf(x)) { /* Go: ±0, ±Inf, NaN come back with exp 0 */
        a[1].i = 0;
        return NAT_OK;
    }
    a[0].f = frexp(x, &e);
    a[1].i = e;
    return NAT_OK;
}

static NatStatus m_ldexp(Fiber *f, Value *a, int n) {
    (void)f, (void)n;
    int64_t e = a[1].i;
    if (e > 100000) e = 100000; /* past any float64 exponent either way */
    if (e < -100000) e = -100000;
    a[0].f = ldexp(a[0].f, (int)e);
    return NAT_OK;
}

static NatStatus m_modf(Fiber *f, Value *a, int n) {
    (void)f, (void)n;
    double x = a[0].f, ip;
    if (isinf(x)) { /* Go: Modf(±Inf) = ±Inf, NaN */
        a[1].f = NAN;
        return NAT_OK;
    }
    a[1].f = modf(x, &ip);
    a[0].f = ip;
    return NAT_OK;
}

static NatStatus m_lgamma(Fiber *f, Value *a, int n) {
    (void)f, (void)n;
    int sign = 1;
    a[0].f = lgamma_r(a[0].f, &sign);
    a[1].i = sign < 0 ? -1 : 1;
    return NAT_OK;
}

static NatStatus m_f64bits(Fiber *f, Value *a, int n) {
    (void)f, (void)n;
    double x = a[0].f;
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    a[0].u = u;
    return NAT_OK;
}

static NatStatus m_f64frombits(Fiber *f, Value *a, int n) {
    (void)f, (void)n;
    uint64_t u = a[0].u;
    double x;
    memcpy(&x, &u, sizeof x);
    a[0].f = x;
    return NAT_OK;
}

static NatStatus m_f32bits(Fiber *f, Value *a, int n) {
    (void)f, (void)n;
    float x = (float)a[0].f;
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    a[0].i = u;
    return NAT_OK;
}

static NatStatus m_f32frombits(Fiber *f, Value *a, int n) {
    (void)f, (void)n;
    uint32_t u = (uint32_t)a[0].i;
    float x;
    memcpy(&x, &u, sizeof x);
    a[0].f = x;
    return NAT_OK;
}

const NativeReg lib_math[] = {
    {"math.Abs", m_abs}, {"math.Acos", m_acos}, {"math.Acosh", m_acosh}, {"math.Asin", m_asin},
    {"math.Asinh", m_asinh}, {"math.Atan", m_atan}, {"math.Atan2", m_atan2}, {"math.Atanh", m_atanh},
    {"math.Cbrt", m_cbrt}, {"math.Ceil", m_ceil}, {"math.Copysign", m_copysign}, {"math.Cos", m_cos},
    {"math.Cosh", m_cosh}, {"math.Erf", m_erf}, {"math.Erfc", m_erfc}, {"math.Exp", m_exp},
    {"math.Exp2", m_exp2}, {"math.Expm1", m_expm1}, {"math.FMA", m_fma}, {"math.Floor", m_floor},
    {"math.Gamma", m_gamma}, {"math.Hypot", m_hypot}, {"math.Log", m_log}, {"math.Log10", m_log10},
    {"math.Log1p", m_log1p}, {"math.Log2", m_log2}, {"math.Logb", m_logb}, {"math.Mod", m_mod},
    {"math.Nextafter", m_nextafter}, {"math.Pow", m_pow}, {"math.Remainder", m_remainder},
    {"math.Round", m_round}, {"math.RoundToEven", m_round_even}, {"math.Sin", m_sin}, {"math.Sinh", m_sinh},
    {"math.Sqrt", m_sqrt}, {"math.Tan", m_tan}, {"math.Tanh", m_tanh}, {"math.Trunc", m_trunc},
    {"math.Max", m_max}, {"math.Min", m_min}, {"math.Dim", m_dim}, {"math.Ilogb", m_ilogb},
    {"math.Frexp", m_frexp}, {"math.Ldexp", m_ldexp}, {"math.Modf", m_modf}, {"math.Lgamma", m_lgamma},
    {"math.Float64bits", m_f64bits}, {"math.Float64frombits", m_f64frombits},
    {"math.Float32bits", m_f32bits}, {"math.Float32frombits", m_f32frombits},
    {NULL, NULL},
};
