/* runtime.h: what the compiler and the VM agree on beyond opcodes.h
 * (operand encodings), and the run-time helpers the dispatch loop calls for
 * slow paths: operations on dynamic words, conversions, assertions, Go's
 * run-time error values. Implemented in runtime.c (dynamic operations) and
 * rterror.c (error values and messages). */
#ifndef CSP_RUNTIME_H
#define CSP_RUNTIME_H

#include "object.h"

struct Fiber;
struct VM;

/* Representation classes for LEN/CAP/SLICE/ELEMADDR (operand C or extra). */
enum { RC_STRING, RC_SLICE, RC_ARRAY, RC_MAP, RC_CHAN, RC_DYN, RC_PTRARRAY };

/* ASSERT modes (operand C). */
enum {
    ASSERT_PANIC = 0,   /* x.(T): panics "interface conversion: ..." */
    ASSERT_COMMAOK = 1, /* v, ok := x.(T) into R[A], R[A+1] */
    ASSERT_IMPLICIT = 2 /* a dynamic value used where T is required */
};

/* DOP/DCMP flags (bits 8.. of the extra word; bits 0-7 are the token). */
enum { DOP_X_UNTYPED = 1, DOP_Y_UNTYPED = 2 };

/* TYPEIS modes (operand B). */
enum { TYPEIS_EXACT = 0, TYPEIS_IFACE = 1, TYPEIS_NIL = 2 };

/* CONV codes (operand C of OP_CONV). */
enum {
    CV_INT_TO_STRING,   /* string(rune) */
    CV_STRING_TO_BYTES, /* []byte(s) */
    CV_BYTES_TO_STRING,
    CV_STRING_TO_RUNES,
    CV_RUNES_TO_STRING,
    CV_SLICE_TO_ARRAY,  /* [N]T(s): type in the next word */
    CV_SLICE_TO_ARRAYPTR,
    CV_DYN,             /* T(x) of a dynamic x: Go's conversion rules at run time */
};

/* The result of a slow-path helper: OK, or the fiber now has a panic. */
typedef enum RtStatus { RT_OK = 0, RT_PANIC = 1, RT_FATAL = 2 } RtStatus;

/* ---- run-time errors (rterror.c): each sets the fiber's pending panic
 * to Go's error value and returns RT_PANIC ---- */
RtStatus rt_panic_index(struct Fiber *f, int64_t i, int64_t len);
RtStatus rt_panic_slice(struct Fiber *f, int64_t lo, int64_t hi, int64_t max, int64_t cap, int which);
RtStatus rt_panic_nil(struct Fiber *f);
RtStatus rt_panic_divide(struct Fiber *f);
RtStatus rt_panic_shift(struct Fiber *f);
RtStatus rt_panic_plain(struct Fiber *f, const char *msg);      /* no "runtime error: " */
RtStatus rt_panic_runtime(struct Fiber *f, const char *msg);    /* "runtime error: " + msg */
RtStatus rt_panic_assert(struct Fiber *f, Type *iface, Type *have, Type *want, const char *missing);
RtStatus rt_panic_unhashable(struct Fiber *f, Type *t);
RtStatus rt_panic_uncomparable(struct Fiber *f, Type *t);
/* A panic with an arbitrary dynamic value (the panic builtin). */
RtStatus rt_panic_value(struct Fiber *f, Value v);
/* Creates the run-time error types of a VM (with native Error methods). */
void rterror_init(struct VM *vm);

/* ---- dynamic operations (runtime.c) ---- */
/* The source text of the dynamic operation at the current pc, for messages
 * ("value" when the compiler recorded none). */
const char *op_text(struct Fiber *f);
const char *op_text_or_null(struct Fiber *f);
/* R = x op y on dynamic words; `text` is the source expression for
 * messages; flags DOP_*. */
RtStatus dyn_binary(struct Fiber *f, int op, Value x, Value y, int flags, const char *text, Value *out);
RtStatus dyn_unary(struct Fiber *f, int op, Value x, const char *text, Value *out);
/* Comparison op (T_EQL ... T_GEQ) of dynamic words into *res. */
RtStatus dyn_compare(struct Fiber *f, int op, Value x, Value y, int flags, const char *text, bool *res);
RtStatus dyn_truth(struct Fiber *f, Value x, bool *res);
RtStatus dyn_getfield(struct Fiber *f, Value x, String *name, Value *out);
RtStatus dyn_setfield(struct Fiber *f, Value x, String *name, Value v);
RtStatus dyn_index(struct Fiber *f, Value x, Value i, Value *out);
RtStatus dyn_setindex(struct Fiber *f, Value x, Value i, Value v);
RtStatus dyn_len(struct Fiber *f, Value x, bool cap, int64_t *out);
RtStatus dyn_slice(struct Fiber *f, Value x, Value *bounds, int flags, Value *out);
/* Range over a dynamic value: a state object; next gives key and value. */
RtStatus dyn_range(struct Fiber *f, Value x, Value *state);
bool dyn_range_next(Value state, Value *key, Value *val);
/* Ranging over a dynamic value that holds a channel: a receive instead. */
bool dyn_range_is_chan(Value state);
/* 1: the next value is in *key; 0: the channel is closed; -1: f parked in
 * the receive (the range instruction runs again when f wakes and finds
 * the value in place). ok is a scratch register. */
int dyn_range_recv(struct Fiber *f, Value state, Value *key, Value *ok);
/* min/max builtins over n static words of type t. */
RtStatus rt_minmax(struct Fiber *f, Type *t, Value *args, int n, bool is_max, Value *out);
/* A copy of a dynamic struct/array value (others are returned as is). */
Value dyn_copy(Value x);

/* x.(T): *ok tells success (mode COMMAOK), otherwise a panic in Go's words
 * naming src, the static type of x ("interface {}" for dynamic values).
 * The result is a static word of T. */
RtStatus rt_assert(struct Fiber *f, Value x, Type *t, int mode, Type *src, Value *out, bool *ok);
bool rt_type_is(Value x, Type *t, int mode);
/* Equality of static words of type t (may panic for interfaces holding
 * uncomparable values). */
RtStatus rt_equal(struct Fiber *f, Type *t, Value a, Value b, bool *res);

/* ---- strings, slices, maps helpers (runtime.c) ---- */
String *rt_int_to_string(int64_t r);
RtStatus rt_convert(struct Fiber *f, int code, Value x, Type *t, Value *out);
RtStatus rt_slice(struct Fiber *f, int cls, Value x, Value *bounds, int flags, Type *rt, Value *out);
RtStatus rt_append(struct Fiber *f, Type *st, Value s, Value *vals, int n, Value *out);
RtStatus rt_append_slice(struct Fiber *f, Type *st, Value s, Value other, bool other_is_string, Value *out);
int64_t rt_copy(Value dst, Value src, bool src_is_string);
RtStatus rt_make_slice(struct Fiber *f, Type *t, Value len, Value cap, bool has_cap, Value *out);
/* Decodes the rune at byte offset i of s; *size gets its length. */
int32_t rt_decode_rune(const String *s, int64_t i, int *size);
/* print/println builtins over dynamic words: writes to stderr. */
void rt_print(struct Fiber *f, Value *args, int n, bool ln);

#endif
