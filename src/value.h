/* value.h: the value representation. This is the one essay on it; other files
 * refer here.
 *
 * A Value is one 64-bit word. What the word means depends on the static type
 * the compiler gave the register or heap slot holding it (Type.rep):
 *
 *   REP_INT    bool and integers: the int64 payload. Sized kinds are kept
 *              normalised after every operation (int8 sign-extended, uint32
 *              zero-extended, uint64 as its bit pattern), so typed arithmetic
 *              needs no tag checks: `func fib(n int) int` runs on raw words.
 *   REP_FLOAT  float32/float64 as a double (float32 values already rounded).
 *   REP_REF    string, slice, map, chan, func, pointer: an object pointer,
 *              NULL for nil. Strings are never NULL ("" is str_empty).
 *   REP_VAL    struct and array: a pointer to an object owned by the variable
 *              or slot that holds it. Go's value semantics are paid only here:
 *              storing from an lvalue copies (obj_copy), and assigning to a
 *              struct variable copies into its existing object, so the object's
 *              address is the variable's address (&x needs no cell).
 *   REP_DYN    interface values and csp's dynamic values: a *dynamic word*.
 *
 * A dynamic word is self-describing and one word wide, so a racy read can
 * never see a torn (type, payload) pair:
 *
 *   0                       nil (untyped nil interface)
 *   ...xxxx1                int: the value is word >> 1 (63 bits); ints that do
 *                           not fit are boxed
 *   ...kkkkkkkk 0010        small scalar of an unnamed basic kind k (bool,
 *   (payload in bits 32-63) int8..int32, uint8..uint32, float32 bits)
 *   ...0000                 pointer to a heap object whose first word is its
 *                           header: the object's Type, with bit 0 set when the
 *                           object is a Box.
 *
 * Objects that describe themselves (String, Slice, Map, Chan, Closure,
 * Struct, Array: header type == the value's type) are used as dynamic words
 * directly. Everything else (float64, large ints, named scalar types, pointers,
 * typed nils, a map seen through a named map type) is wrapped in an immutable
 * Box {header = type|1, payload word}. Struct and array values are copied when
 * they become dynamic, so a dynamic struct never aliases a variable.
 *
 * Heap objects are allocated with Boehm (pointers stay visible: only low-bit
 * tags), objects are 16-byte aligned so the low 4 bits of a pointer are 0.
 */
#ifndef CSP_VALUE_H
#define CSP_VALUE_H

#include "common.h"
#include "types.h"

typedef union Value {
    int64_t i;
    uint64_t u;
    double f;
    void *p;
} Value;

#define VAL_INT(x) ((Value){.i = (x)})
#define VAL_UINT(x) ((Value){.u = (x)})
#define VAL_FLOAT(x) ((Value){.f = (x)})
#define VAL_PTR(x) ((Value){.p = (void *)(x)})
#define VAL_NIL ((Value){.u = 0})

/* Object header: the first word of every heap object a dynamic word can point
 * to. */
typedef struct Obj {
    uintptr_t hdr; /* Type* | OBJ_BOXED */
} Obj;

#define OBJ_BOXED ((uintptr_t)1)
#define OBJ_HDR_MASK (~(uintptr_t)15)

static inline Type *obj_type(const Obj *o) { return (Type *)(o->hdr & OBJ_HDR_MASK); }
static inline bool obj_is_box(const Obj *o) { return (o->hdr & OBJ_BOXED) != 0; }

/* An immutable box: a payload word with its type. */
typedef struct Box {
    uintptr_t hdr; /* type | OBJ_BOXED */
    Value v;
} Box;

/* ---- dynamic words ---- */

#define DYN_SCALAR_TAG 0x2u

static inline bool dyn_is_nil(Value w) { return w.u == 0; }
static inline bool dyn_is_int(Value w) { return (w.u & 1) != 0; }
static inline bool dyn_is_scalar(Value w) { return (w.u & 0xF) == DYN_SCALAR_TAG; }
static inline bool dyn_is_obj(Value w) { return w.u != 0 && (w.u & 0xF) == 0; }

/* Small ints: 63-bit range. */
#define DYN_INT_MIN (-(INT64_C(1) << 62))
#define DYN_INT_MAX ((INT64_C(1) << 62) - 1)
static inline bool dyn_int_fits(int64_t x) { return x >= DYN_INT_MIN && x <= DYN_INT_MAX; }
static inline Value dyn_small_int(int64_t x) { return (Value){.u = ((uint64_t)x << 1) | 1}; }
static inline int64_t dyn_small_int_val(Value w) { return w.i >> 1; } /* arithmetic shift */

static inline Value dyn_scalar(int kind, uint32_t payload) {
    return (Value){.u = ((uint64_t)payload << 32) | ((uint64_t)(kind & 0xFF) << 4) | DYN_SCALAR_TAG};
}
static inline int dyn_scalar_kind(Value w) { return (int)((w.u >> 4) & 0xFF); }
static inline uint32_t dyn_scalar_payload(Value w) { return (uint32_t)(w.u >> 32); }

#define DYN_FALSE dyn_scalar(K_BOOL, 0)
#define DYN_TRUE dyn_scalar(K_BOOL, 1)

/* The run-time type of a dynamic word; NULL for nil. */
static inline Type *dyn_type(Value w) {
    if (w.u & 1) return &t_int;
    if (w.u == 0) return NULL;
    if (w.u & 0xF) return type_basic((TypeKind)dyn_scalar_kind(w));
    return obj_type((Obj *)w.p);
}

/* Converting between static words and dynamic words (value.c).
 * to_dyn: a static word of type t becomes a dynamic word. Struct and array
 * values are copied (the dynamic value must not alias the source).
 * to_dyn_fresh: the same, but the caller guarantees a REP_VAL source is not
 * referenced elsewhere (a call result, a literal), so no copy is made. */
Value to_dyn(Type *t, Value v);
Value to_dyn_fresh(Type *t, Value v);
/* The payload of dynamic word w, whose dynamic type must be exactly t (the
 * caller has checked dyn_type(w) == t). Struct/array results alias the
 * dynamic value: copy before storing into a variable. */
Value from_dyn(Type *t, Value w);
/* Box a payload word with type t (allocates). */
Value box_new(Type *t, Value payload);

#endif
