/* constant.h: Go's exact compile-time constants, on GMP. Integers are mpz,
 * floats are exact rationals (mpq), so 0.1 + 0.2 == 0.3 and 1 << 100 >> 98 == 4.
 * Sizes are capped so no constant can exhaust memory: an integer longer than
 * CONST_MAX_BITS bits (types2's cap) is an overflow error; a float whose
 * magnitude reaches 2^(CONST_MAX_EXP+1) is an overflow error and one below
 * 2^-CONST_MAX_EXP becomes 0. A fraction whose numerator or denominator grows
 * past 4096 bits is rounded to a 512-bit mantissa, as go/constant does.
 * Const values are immutable once made and may be shared between threads. */
#ifndef CSP_CONSTANT_H
#define CSP_CONSTANT_H

#include "common.h"
#include <gmp.h>

typedef struct Type Type;

#define CONST_MAX_BITS 512     /* integer constants, as Go's compiler */
#define CONST_MAX_EXP 10000    /* binary exponent bound for float constants */
/* types2 rejects a constant shift count above this ("invalid shift count"):
 * 1023 - 1 + 52, so that 1 << 1074 can spell the smallest float64. */
#define CONST_SHIFT_BOUND 1074

typedef enum ConstKind { C_BOOL, C_STRING, C_INT, C_FLOAT } ConstKind;

typedef struct Const {
    uint8_t kind; /* ConstKind */
    bool b;
    const char *s; int64_t slen; /* C_STRING: bytes, may hold NULs */
    mpz_t z;                     /* C_INT */
    mpq_t q;                     /* C_FLOAT (canonical form) */
} Const;

/* Installs GMP's allocator on the GC heap (limbs are pointer-free, so
 * atomic; never freed explicitly because Const objects are collected). Call
 * once at startup, before any other const_ function and before anything else
 * in the process uses GMP: the allocator is process-wide. Idempotent and
 * thread-safe; the constructors below also call it. */
void const_init(void);

Const *const_bool(bool b);
Const *const_string(const char *s, int64_t len);
Const *const_int64(int64_t v);
Const *const_uint64(uint64_t v);
Const *const_float64(double d); /* d must be finite */

/* From an integer or float literal's source text (Go syntax: 0x, 0o, 0b,
 * legacy 017, '_' separators, decimal and hex floats with p exponents).
 * Returns NULL and writes a Go-worded message to err when malformed (the
 * scanner's words: "invalid digit '8' in octal literal", ...), longer than
 * 10000 bytes ("excessively long constant: 1234567890... (10001 chars)"),
 * or out of range ("constant overflow"; "malformed constant: 1e999999999"
 * where Go's own float range ends). const_from_float_lit also takes integer
 * syntax and makes a float of it. A float literal too small for the range
 * is 0, as float64 would round it. */
Const *const_from_int_lit(const char *raw, char *err, size_t errlen);
Const *const_from_float_lit(const char *raw, char *err, size_t errlen);

/* Conversions between kinds of number (value unchanged when exact).
 * const_to_int returns NULL when c is a float that is not an integer. */
Const *const_to_int(const Const *c);
Const *const_to_float(const Const *c);
/* const_trunc: a float truncated toward zero to an int (for Go's conversions of
 * constants it is an error instead; the checker decides). */
Const *const_trunc(const Const *c);

/* Arithmetic. op is a lexer token (T_ADD, T_SUB, T_MUL, T_QUO, T_REM, T_AND,
 * T_OR, T_XOR, T_AND_NOT; T_ADD concatenates strings; T_LAND, T_LOR on
 * bools). Operands should have the same kind (the checker converts first; an
 * int meeting a float is made a float). For C_INT, T_QUO truncates toward
 * zero and T_REM takes the dividend's sign, as Go's. Division by zero
 * returns NULL with err "division by zero" (the checker adds Go's "invalid
 * operation: "). An integer result beyond CONST_MAX_BITS returns NULL with
 * types2's words: "constant addition overflow" (subtraction, multiplication,
 * bitwise XOR likewise), "constant overflow" for other ops; a float result
 * beyond the range, "constant result is not representable". */
Const *const_binary(int op, const Const *x, const Const *y, char *err, size_t errlen);
/* Unary op: T_ADD, T_SUB, T_XOR (bitwise complement), T_NOT. For T_XOR on a
 * typed unsigned constant, pass its size in bits (so ^uint8(1) == 254);
 * unsigned_bits = 0 means signed/untyped (^x == -x-1). */
Const *const_unary(int op, const Const *x, int unsigned_bits, char *err, size_t errlen);
/* x << s or x >> s (op T_SHL/T_SHR) for integer x (or an integral float).
 * >> floors, as Go's arithmetic shift. Shifts that would exceed
 * CONST_MAX_BITS return NULL with err "constant shift overflow", at once and
 * without allocating whatever s is. The checker rejects s above
 * CONST_SHIFT_BOUND first, as types2 does, and words a non-integral operand
 * itself (Go names its type: "shifted operand 2.5 (untyped float constant)
 * must be integer"); here err then says it without the type. */
Const *const_shift(int op, const Const *x, uint64_t s, char *err, size_t errlen);
/* Comparison: op is T_EQL T_NEQ T_LSS T_LEQ T_GTR T_GEQ; same kinds (ints
 * and floats mix; strings compare bytewise; bools only == and !=). */
bool const_compare(int op, const Const *x, const Const *y);

/* Sign: -1, 0, 1 (numbers only). */
int const_sign(const Const *c);
bool const_is_int_valued(const Const *c); /* C_INT, or C_FLOAT with integral value */

/* Representability (Go spec "Representability") in a basic kind given by
 * TypeKind (K_INT8 ... K_FLOAT64, K_STRING, K_BOOL, the K_UNTYPED_ kinds).
 * On success *rounded (may be NULL) receives the value in that kind: a C_INT
 * for integer kinds, for float kinds a C_FLOAT rounded to that precision
 * (float32 rounds directly to 24 bits, never via double). Returns false if it
 * does not fit; *why (may be NULL) is then "overflows", or "truncated" for a
 * C_FLOAT meeting an integer kind (types2 says truncated for any float there,
 * integral or not), or NULL when the kinds cannot meet at all (a string as
 * an int: Go's "cannot convert"). */
bool const_representable(const Const *c, int kind, Const **rounded, const char **why);

/* Extraction (the value must be representable; the checker ensured it). */
int64_t const_to_int64(const Const *c);
uint64_t const_to_uint64(const Const *c); /* two's complement for negatives */
double const_to_double(const Const *c);   /* correctly rounded (nearest even) */
float const_to_float32(const Const *c);   /* correctly rounded to 24 bits */
/* Both give +-inf beyond the type's range and +0 for values too small
 * (constants have no negative zero). */

/* Go's compiler spelling of a constant value in messages (go/constant's
 * String): 300, -1, 1.5, 1e+100, 0.333333, "abc", true. Floats print with
 * %.6g (more digits when that would hide a fraction), strings quoted and cut
 * to 72 runes with "...". The result is a GC string. */
const char *const_string_repr(const Const *c);

#endif
