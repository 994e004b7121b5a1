/* equal.h: Go's == and hashing on static words (by static type) and on
 * dynamic words (by dynamic type). Comparing or hashing a dynamic value whose
 * dynamic type is a slice, map or func is a run-time panic in Go; these
 * functions report it through *bad (the offending type) and the caller panics
 * with "runtime error: comparing uncomparable type T" or "runtime error: hash
 * of unhashable type T". */
#ifndef CSP_EQUAL_H
#define CSP_EQUAL_H

#include "object.h"

/* The word mixer behind every hash: one 64x64->128 multiply, folded
 * (wyhash's "mum"). Every input bit reaches every output bit, so a table may
 * take low bits for a slot and high bits for a tag. Inline because map.c's
 * integer-key path is this and a compare. */
static inline uint64_t hash_word(uint64_t x) {
    __uint128_t r = (__uint128_t)(x ^ 0x2d358dccaa6c78a5ull) * 0x8bb84b93962eacc9ull;
    return (uint64_t)(r >> 64) ^ (uint64_t)r;
}

/* a == b for two static words of comparable type t. Floats compare by value
 * (NaN != NaN, +0 == -0), strings by bytes, pointers/chans by identity,
 * structs field-wise, arrays element-wise, interfaces by dyn_equal. */
bool value_equal(Type *t, Value a, Value b, Type **bad);
/* Interface equality: equal dynamic types and equal values; nil == nil. */
bool dyn_equal(Value a, Value b, Type **bad);

/* Hashes consistent with value_equal / dyn_equal: equal values hash equal
 * (+0 and -0 alike; NaN hashes to a random-ish value, it never matches). */
uint64_t value_hash(Type *t, Value v, Type **bad);
uint64_t dyn_hash(Value w, Type **bad);
/* *bad may be NULL in all four when the caller knows the type is hashable.
 * Words are read with LOADW, so racy structs and arrays are safe to compare
 * (a torn result, never a crash). *bad is only ever set, never cleared. */

#endif
