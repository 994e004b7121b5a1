/* value.c: conversions between static words and dynamic words (the encoding
 * is described in value.h). */
#include "object.h"

Value box_new(Type *t, Value payload) {
    Box *b = NEW(Box);
    b->hdr = (uintptr_t)t | OBJ_BOXED;
    b->v = payload;
    return VAL_PTR(b);
}

/* Unnamed basic kinds that fit a small scalar immediate. */
static bool small_scalar_kind(const Type *t) {
    switch (t->kind) {
    case K_BOOL: case K_INT8: case K_INT16: case K_INT32:
    case K_UINT8: case K_UINT16: case K_UINT32: case K_FLOAT32:
        return true;
    default:
        return false;
    }
}

static Value int_to_dyn(Type *t, Value v) {
    if (t == &t_int) return dyn_int_fits(v.i) ? dyn_small_int(v.i) : box_new(t, v);
    if (small_scalar_kind(t)) return dyn_scalar(t->kind, (uint32_t)v.u);
    return box_new(t, v);
}

static Value float_to_dyn(Type *t, Value v) {
    if (t == &t_float32) {
        float f = (float)v.f;
        uint32_t bits;
        memcpy(&bits, &f, 4);
        return dyn_scalar(K_FLOAT32, bits);
    }
    return box_new(t, v);
}

static Value ref_to_dyn(Type *t, Value v) {
    /* Pointers may point at cells and fields, which have no header: always
     * boxed. Other references describe themselves when their header is t. */
    if (t->ukind != K_POINTER && t->ukind != K_UNSAFEPTR && v.p &&
        ((Obj *)v.p)->hdr == (uintptr_t)t)
        return v;
    return box_new(t, v);
}

/* A REP_VAL object with header t (a copy is made by the caller if needed). */
static Value val_with_type(Type *t, Value v) {
    if (((Obj *)v.p)->hdr == (uintptr_t)t) return v;
    Value c = obj_copy(t, v);
    ((Obj *)c.p)->hdr = (uintptr_t)t;
    return c;
}

Value to_dyn_fresh(Type *t, Value v) {
    switch (t->rep) {
    case REP_INT: return int_to_dyn(t, v);
    case REP_FLOAT: return float_to_dyn(t, v);
    case REP_REF: return ref_to_dyn(t, v);
    case REP_VAL: return val_with_type(t, v);
    default: return v;
    }
}

Value to_dyn(Type *t, Value v) {
    if (t->rep == REP_VAL) return obj_copy(t, v); /* the copy's header is t */
    return to_dyn_fresh(t, v);
}

static Value scalar_payload(Value w) {
    uint32_t p = dyn_scalar_payload(w);
    switch (dyn_scalar_kind(w)) {
    case K_INT8: return VAL_INT((int8_t)p);
    case K_INT16: return VAL_INT((int16_t)p);
    case K_INT32: return VAL_INT((int32_t)p);
    case K_FLOAT32: {
        float f;
        memcpy(&f, &p, 4);
        return VAL_FLOAT((double)f);
    }
    default: return VAL_UINT(p); /* bool, uint8..uint32 */
    }
}

Value from_dyn(Type *t, Value w) {
    if (t->rep == REP_DYN) return w;
    if (dyn_is_int(w)) return VAL_INT(dyn_small_int_val(w));
    if (dyn_is_scalar(w)) return scalar_payload(w);
    if (!w.p) return zero_value(t);
    Obj *o = w.p;
    return obj_is_box(o) ? ((Box *)o)->v : w;
}
