/* runtime.c: slow paths of the dispatch loop: operations on dynamic words
 * (Go's rules applied to run-time types), slicing, append and copy,
 * conversions, assertions and min/max. Each returns RT_OK or raises a panic
 * (rterror.c) and returns RT_PANIC. */
#include "runtime.h"
#include "chan.h"
#include "equal.h"
#include "fiber.h"
#include "format.h"
#include "lexer.h"
#include "map.h"
#include "unicode.h"
#include "vm.h"
#include <math.h>
#include <stdio.h>

/* The source text of the dynamic operation at the current pc (DbgExpr). */
const char *op_text_or_null(Fiber *f) {
    CallFrame *fr = &f->frames[f->nframes - 1];
    Proto *p = fr->proto;
    uint32_t pc = (uint32_t)(fr->pc - p->code);
    const char *best = NULL;
    for (uint32_t i = 0; i < p->ndbg; i++) {
        /* the instruction that is running: pc is past it and its extra
         * words; texts marked \1 name an assertion's interface type */
        if (p->dbg[i].pc < pc) best = pc - p->dbg[i].pc <= 3 && p->dbg[i].text[0] != '\1' ? p->dbg[i].text : NULL;
        else break;
    }
    return best;
}

const char *op_text(Fiber *f) {
    const char *t = op_text_or_null(f);
    return t ? t : "value";
}

/* The interface type that the running assertion asserts from, as the
 * compiler wrote it in the debug texts ("\1main.Shape"), or NULL. The
 * instruction's own word has room for small constant indexes only. */
static const char *assert_source(Fiber *f) {
    CallFrame *fr = &f->frames[f->nframes - 1];
    Proto *p = fr->proto;
    uint32_t pc = (uint32_t)(fr->pc - p->code);
    const char *best = NULL;
    for (uint32_t i = 0; i < p->ndbg && p->dbg[i].pc < pc; i++)
        best = pc - p->dbg[i].pc == 1 && p->dbg[i].text[0] == '\1' ? p->dbg[i].text + 1 : NULL;
    return best;
}

static int64_t norm_kind(int64_t v, int kind) {
    switch (kind) {
    case K_INT8: return (int8_t)v;
    case K_INT16: return (int16_t)v;
    case K_INT32: return (int32_t)v;
    case K_UINT8: return (uint8_t)v;
    case K_UINT16: return (uint16_t)v;
    case K_UINT32: return (uint32_t)v;
    default: return v;
    }
}

/* ---- untyped constants beside dynamic operands ---- */

/* A constant operand (dynamic word of its default type) converted to the
 * other operand's type t, when exactly representable. */
static bool adopt_constant(Value c, Type *t, Value *out) {
    Type *ct = dyn_type(c);
    if (!ct || !t) return false;
    if (ct == t) {
        *out = c;
        return true;
    }
    int tk = t->ukind;
    Value cv = from_dyn(ct, c);
    if (kind_is_numeric(ct->ukind) && kind_is_numeric(tk)) {
        double d = kind_is_float(ct->ukind) ? cv.f : (double)cv.i;
        if (kind_is_float(tk)) {
            double r = kind_is_float(ct->ukind) ? cv.f : (double)cv.i;
            if (tk == K_FLOAT32) r = (double)(float)r;
            *out = to_dyn_fresh(t, VAL_FLOAT(r));
            return true;
        }
        if (kind_is_float(ct->ukind)) {
            if (d != floor(d) || d < -9.3e18 || d > 1.85e19) return false;
            int64_t i = d >= 9.2e18 ? (int64_t)(uint64_t)d : (int64_t)d;
            if (norm_kind(i, tk) != i && !(kind_is_unsigned(tk) && kind_bits(tk) == 64)) return false;
            *out = to_dyn_fresh(t, VAL_INT(i));
            return true;
        }
        int64_t i = cv.i;
        if (kind_is_unsigned(tk) && i < 0) return false;
        if (norm_kind(i, tk) != i) return false;
        *out = to_dyn_fresh(t, VAL_INT(i));
        return true;
    }
    if (ct->ukind == K_STRING && tk == K_STRING) {
        *out = to_dyn_fresh(t, cv);
        return true;
    }
    if (ct->ukind == K_BOOL && tk == K_BOOL) {
        *out = to_dyn_fresh(t, cv);
        return true;
    }
    return false;
}

static RtStatus mismatch(Fiber *f, const char *text, Type *a, Type *b) {
    return rt_panic_plain(f, gc_sprintf("invalid operation: %s (mismatched types %s and %s)", text,
                                        a ? type_string(a) : "untyped nil", b ? type_string(b) : "untyped nil"));
}

static RtStatus not_defined(Fiber *f, const char *text, int op, Type *t) {
    return rt_panic_plain(f, gc_sprintf("invalid operation: %s (operator %s not defined on %s)", text,
                                        token_str(op), t ? type_string(t) : "nil"));
}

/* Brings x and y to one dynamic type; false (with a panic) on mismatch. */
static RtStatus unify_operands(Fiber *f, Value *x, Value *y, int flags, const char *text, Type **tp) {
    Type *tx = dyn_type(*x), *ty = dyn_type(*y);
    if ((flags & DOP_X_UNTYPED) && tx != ty && ty) {
        if (adopt_constant(*x, ty, x)) tx = ty;
    } else if ((flags & DOP_Y_UNTYPED) && tx != ty && tx) {
        if (adopt_constant(*y, tx, y)) ty = tx;
    }
    if (tx != ty || !tx) return mismatch(f, text ? text : op_text(f), tx, ty);
    *tp = tx;
    return RT_OK;
}

static RtStatus int_op(Fiber *f, int op, Type *t, int64_t a, int64_t b, int64_t *r) {
    uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
    bool uns = kind_is_unsigned(t->ukind);
    switch (op) {
    case T_ADD: *r = (int64_t)(ua + ub); break;
    case T_SUB: *r = (int64_t)(ua - ub); break;
    case T_MUL: *r = (int64_t)(ua * ub); break;
    case T_QUO:
        if (b == 0) return rt_panic_divide(f);
        if (uns) *r = (int64_t)(ua / ub);
        else *r = b == -1 ? (int64_t)(0 - ua) : a / b;
        break;
    case T_REM:
        if (b == 0) return rt_panic_divide(f);
        if (uns) *r = (int64_t)(ua % ub);
        else *r = b == -1 ? 0 : a % b;
        break;
    case T_AND: *r = a & b; break;
    case T_OR: *r = a | b; break;
    case T_XOR: *r = a ^ b; break;
    case T_AND_NOT: *r = a & ~b; break;
    default: return not_defined(f, op_text(f), op, t);
    }
    *r = norm_kind(*r, t->ukind);
    return RT_OK;
}

static RtStatus shift_op(Fiber *f, int op, Value x, Value y, Value *out) {
    Type *tx = dyn_type(x), *ty = dyn_type(y);
    if (!tx || !kind_is_integer(tx->ukind))
        return rt_panic_plain(f, gc_sprintf("invalid operation: shifted operand %s must be integer", op_text(f)));
    if (!ty || !kind_is_integer(ty->ukind))
        return rt_panic_plain(f, gc_sprintf("invalid operation: shift count %s must be integer", op_text(f)));
    int64_t a = from_dyn(tx, x).i, s = from_dyn(ty, y).i;
    if (!kind_is_unsigned(ty->ukind) && s < 0) return rt_panic_shift(f);
    uint64_t us = (uint64_t)s;
    int64_t r;
    if (op == T_SHL) r = us >= 64 ? 0 : (int64_t)((uint64_t)a << us);
    else if (kind_is_unsigned(tx->ukind)) r = us >= 64 ? 0 : (int64_t)((uint64_t)a >> us);
    else r = us >= 64 ? (a < 0 ? -1 : 0) : a >> us;
    *out = to_dyn_fresh(tx, VAL_INT(norm_kind(r, tx->ukind)));
    return RT_OK;
}

RtStatus dyn_binary(Fiber *f, int op, Value x, Value y, int flags, const char *text, Value *out) {
    if (op == T_SHL || op == T_SHR) return shift_op(f, op, x, y, out);
    Type *t;
    RtStatus st = unify_operands(f, &x, &y, flags, text, &t);
    if (st != RT_OK) return st;
    int k = t->ukind;
    Value a = from_dyn(t, x), b = from_dyn(t, y);
    if (kind_is_integer(k)) {
        int64_t r = 0;
        st = int_op(f, op, t, a.i, b.i, &r);
        if (st != RT_OK) return st;
        *out = to_dyn_fresh(t, VAL_INT(r));
        return RT_OK;
    }
    if (kind_is_float(k)) {
        double r;
        switch (op) {
        case T_ADD: r = a.f + b.f; break;
        case T_SUB: r = a.f - b.f; break;
        case T_MUL: r = a.f * b.f; break;
        case T_QUO: r = a.f / b.f; break;
        default: return not_defined(f, text ? text : op_text(f), op, t);
        }
        if (k == K_FLOAT32) r = (double)(float)r;
        *out = to_dyn_fresh(t, VAL_FLOAT(r));
        return RT_OK;
    }
    if (k == K_STRING && op == T_ADD) {
        *out = to_dyn_fresh(t, VAL_PTR(str_concat(a.p, b.p)));
        return RT_OK;
    }
    if (k == K_BOOL && (op == T_LAND || op == T_LOR)) {
        bool r = op == T_LAND ? (a.i && b.i) : (a.i || b.i);
        *out = to_dyn_fresh(t, VAL_INT(r));
        return RT_OK;
    }
    return not_defined(f, text ? text : op_text(f), op, t);
}

RtStatus dyn_unary(Fiber *f, int op, Value x, const char *text, Value *out) {
    Type *t = dyn_type(x);
    if (op == T_MUL) { /* *p */
        if (!t || t->ukind != K_POINTER) {
            if (!t) return rt_panic_nil(f);
            return rt_panic_plain(f, gc_sprintf("invalid operation: cannot indirect %s (value of type %s)",
                                                op_text(f), type_string(t)));
        }
        Value p = from_dyn(t, x);
        if (!p.p) return rt_panic_nil(f);
        Type *et = t->under->elem;
        *out = et->rep == REP_VAL ? to_dyn(et, p) : to_dyn(et, *(Value *)p.p);
        return RT_OK;
    }
    if (!t) return not_defined(f, text ? text : op_text(f), op, t);
    Value v = from_dyn(t, x);
    int k = t->ukind;
    if (op == T_NOT && k == K_BOOL) {
        *out = to_dyn_fresh(t, VAL_INT(!v.i));
        return RT_OK;
    }
    if (kind_is_integer(k) && (op == T_SUB || op == T_ADD || op == T_XOR)) {
        int64_t r = op == T_SUB ? (int64_t)(0 - (uint64_t)v.i) : op == T_XOR ? ~v.i : v.i;
        *out = to_dyn_fresh(t, VAL_INT(norm_kind(r, k)));
        return RT_OK;
    }
    if (kind_is_float(k) && (op == T_SUB || op == T_ADD)) {
        *out = to_dyn_fresh(t, VAL_FLOAT(op == T_SUB ? -v.f : v.f));
        return RT_OK;
    }
    return rt_panic_plain(f, gc_sprintf("invalid operation: operator %s not defined on %s (value of type %s)",
                                        token_str(op), op_text(f), type_string(t)));
}

RtStatus dyn_compare(Fiber *f, int op, Value x, Value y, int flags, const char *text, bool *res) {
    if (op == T_EQL || op == T_NEQ) {
        Type *tx = dyn_type(x), *ty = dyn_type(y);
        if ((flags & DOP_X_UNTYPED) && ty && tx != ty) {
            if (!adopt_constant(x, ty, &x)) {
                *res = op == T_NEQ;
                return RT_OK;
            }
        } else if ((flags & DOP_Y_UNTYPED) && tx && tx != ty) {
            if (!adopt_constant(y, tx, &y)) {
                *res = op == T_NEQ;
                return RT_OK;
            }
        }
        Type *bad = NULL;
        bool eq = dyn_equal(x, y, &bad);
        if (bad) return rt_panic_uncomparable(f, bad);
        *res = op == T_EQL ? eq : !eq;
        return RT_OK;
    }
    Type *t;
    RtStatus st = unify_operands(f, &x, &y, flags, text, &t);
    if (st != RT_OK) return st;
    Value a = from_dyn(t, x), b = from_dyn(t, y);
    int c;
    int k = t->ukind;
    if (kind_is_integer(k)) c = kind_is_unsigned(k) ? (a.u < b.u ? -1 : a.u > b.u) : (a.i < b.i ? -1 : a.i > b.i);
    else if (kind_is_float(k)) {
        if (a.f != a.f || b.f != b.f) {
            *res = false;
            return RT_OK;
        }
        c = a.f < b.f ? -1 : a.f > b.f;
    } else if (k == K_STRING) c = str_compare(a.p, b.p);
    else return not_defined(f, text ? text : op_text(f), op, t);
    switch (op) {
    case T_LSS: *res = c < 0; break;
    case T_LEQ: *res = c <= 0; break;
    case T_GTR: *res = c > 0; break;
    default: *res = c >= 0; break;
    }
    return RT_OK;
}

RtStatus dyn_truth(Fiber *f, Value x, bool *res) {
    Type *t = dyn_type(x);
    if (!t || t->ukind != K_BOOL)
        return rt_panic_plain(f, gc_sprintf("non-boolean condition %s (value of type %s)", op_text(f),
                                            t ? type_string(t) : "nil"));
    *res = from_dyn(t, x).i != 0;
    return RT_OK;
}

/* ---- fields, indexes, lengths ---- */

/* The struct object behind a dynamic struct or pointer-to-struct value. */
static RtStatus struct_of(Fiber *f, Value x, Type **st, Struct **obj) {
    Type *t = dyn_type(x);
    if (!t) return rt_panic_nil(f);
    if (t->ukind == K_POINTER && t->under->elem->ukind == K_STRUCT) {
        Value p = from_dyn(t, x);
        if (!p.p) return rt_panic_nil(f);
        *st = t->under->elem;
        *obj = p.p;
        return RT_OK;
    }
    if (t->ukind != K_STRUCT) {
        *st = t;
        *obj = NULL;
        return RT_OK;
    }
    *st = t;
    *obj = from_dyn(t, x).p;
    return RT_OK;
}

static int field_index(Type *st, String *name) {
    Type *u = st->under;
    for (int i = 0; i < u->nfields; i++)
        if (strcmp(u->fields[i].name, name->data) == 0) return i;
    return -1;
}

RtStatus dyn_getfield(Fiber *f, Value x, String *name, Value *out) {
    Type *st;
    Struct *obj;
    RtStatus s = struct_of(f, x, &st, &obj);
    if (s != RT_OK) return s;
    int i = obj ? field_index(st, name) : -1;
    if (i < 0) {
        extern RtStatus make_method_value(Fiber * f, Value recv, String * name, Closure * cl, bool dyn, Value * out);
        Type *t = dyn_type(x);
        if (type_method(t, name->data)) return make_method_value(f, x, name, NULL, true, out);
        return rt_panic_plain(f, gc_sprintf("%s.%s undefined (type %s has no field or method %s)", op_text(f),
                                            name->data, type_string(t), name->data));
    }
    Type *ft = st->under->fields[i].type;
    Value w = (Value){.u = LOADW(&obj->f[i].u)};
    /* a nested struct stays the holder's object, so d.a.b = v updates d */
    *out = ft->rep == REP_VAL ? to_dyn_fresh(ft, w) : to_dyn(ft, w);
    return RT_OK;
}

static void store_typed(Type *t, Value *slot, Value v) {
    if (t->rep == REP_VAL) obj_assign(t, *slot, v);
    else STOREW(&slot->u, v.u);
}

RtStatus dyn_setfield(Fiber *f, Value x, String *name, Value v) {
    Type *st;
    Struct *obj;
    RtStatus s = struct_of(f, x, &st, &obj);
    if (s != RT_OK) return s;
    int i = obj ? field_index(st, name) : -1;
    if (i < 0)
        return rt_panic_plain(f, gc_sprintf("%s.%s undefined (type %s has no field %s)", op_text(f), name->data,
                                            type_string(dyn_type(x)), name->data));
    Type *ft = st->under->fields[i].type;
    Value sv;
    bool ok;
    s = rt_assert(f, v, ft, ASSERT_IMPLICIT, &t_dyn, &sv, &ok);
    if (s != RT_OK) return s;
    store_typed(ft, &obj->f[i], sv);
    return RT_OK;
}

static RtStatus index_int(Fiber *f, Value i, int64_t *out) {
    Type *t = dyn_type(i);
    if (!t || !kind_is_integer(t->ukind))
        return rt_panic_plain(f, gc_sprintf("invalid argument: index %s must be integer", t ? type_string(t) : "nil"));
    *out = from_dyn(t, i).i;
    return RT_OK;
}

/* The element slot for x[i] on a dynamic slice, array or pointer to array. */
static RtStatus elem_slot(Fiber *f, Type *t, Value v, int64_t i, Value **slot, Type **et) {
    Type *u = t->under;
    if (u->kind == K_POINTER) {
        if (!v.p) return rt_panic_nil(f);
        u = u->elem->under;
    }
    *et = u->elem;
    if (u->kind == K_SLICE) {
        Slice *s = v.p;
        int64_t len = s ? s->len : 0;
        if (i < 0 || i >= len) return rt_panic_index(f, i, len);
        *slot = &s->arr->e[s->off + i];
        return RT_OK;
    }
    Array *a = v.p;
    if (i < 0 || i >= a->len) return rt_panic_index(f, i, a->len);
    *slot = &a->e[i];
    return RT_OK;
}

static bool indexable(Type *t) {
    int k = t->ukind;
    return k == K_SLICE || k == K_ARRAY || (k == K_POINTER && t->under->elem->ukind == K_ARRAY);
}

RtStatus dyn_index(Fiber *f, Value x, Value i, Value *out) {
    Type *t = dyn_type(x);
    if (!t) return rt_panic_nil(f);
    Value v = from_dyn(t, x);
    if (t->ukind == K_MAP) {
        Value key, val;
        bool ok;
        RtStatus s = rt_assert(f, i, t->under->key, ASSERT_IMPLICIT, &t_dyn, &key, &ok);
        if (s != RT_OK) return s;
        MapErr err = {0};
        if (map_get(v.p, key, &val, &err)) *out = to_dyn(t->under->elem, val);
        else if (err.unhashable) return rt_panic_unhashable(f, err.unhashable);
        else *out = to_dyn_fresh(t->under->elem, zero_value(t->under->elem));
        return RT_OK;
    }
    int64_t n;
    RtStatus s = index_int(f, i, &n);
    if (s != RT_OK) return s;
    if (t->ukind == K_STRING) {
        String *str = v.p;
        if (n < 0 || n >= str->len) return rt_panic_index(f, n, str->len);
        *out = dyn_scalar(K_UINT8, (unsigned char)str->data[n]);
        return RT_OK;
    }
    if (!indexable(t))
        return rt_panic_plain(f, gc_sprintf("invalid operation: cannot index %s (value of type %s)", op_text(f),
                                            type_string(t)));
    Value *slot;
    Type *et;
    s = elem_slot(f, t, v, n, &slot, &et);
    if (s != RT_OK) return s;
    Value w = (Value){.u = LOADW(&slot->u)};
    *out = et->rep == REP_VAL ? to_dyn_fresh(et, w) : to_dyn(et, w);
    return RT_OK;
}

RtStatus dyn_setindex(Fiber *f, Value x, Value i, Value val) {
    Type *t = dyn_type(x);
    if (!t) return rt_panic_nil(f);
    Value v = from_dyn(t, x);
    bool ok;
    if (i.u == ~(uint64_t)0) { /* *p = val */
        if (t->ukind != K_POINTER) return rt_panic_plain(f, "invalid operation: cannot indirect non-pointer");
        if (!v.p) return rt_panic_nil(f);
        Type *et = t->under->elem;
        Value sv;
        RtStatus s = rt_assert(f, val, et, ASSERT_IMPLICIT, &t_dyn, &sv, &ok);
        if (s != RT_OK) return s;
        if (et->rep == REP_VAL) obj_assign(et, v, sv);
        else STOREW(&((Value *)v.p)->u, sv.u);
        return RT_OK;
    }
    if (t->ukind == K_MAP) {
        if (!v.p) return rt_panic_plain(f, "assignment to entry in nil map");
        Value key, sv;
        RtStatus s = rt_assert(f, i, t->under->key, ASSERT_IMPLICIT, &t_dyn, &key, &ok);
        if (s != RT_OK) return s;
        s = rt_assert(f, val, t->under->elem, ASSERT_IMPLICIT, &t_dyn, &sv, &ok);
        if (s != RT_OK) return s;
        if (t->under->elem->rep == REP_VAL) sv = obj_copy(t->under->elem, sv);
        MapErr err = {0};
        map_set(v.p, key, sv, &err);
        if (err.unhashable) return rt_panic_unhashable(f, err.unhashable);
        return RT_OK;
    }
    int64_t n;
    RtStatus s = index_int(f, i, &n);
    if (s != RT_OK) return s;
    if (!indexable(t))
        return rt_panic_plain(f, gc_sprintf("invalid operation: cannot assign to index of value of type %s",
                                            type_string(t)));
    Value *slot;
    Type *et;
    s = elem_slot(f, t, v, n, &slot, &et);
    if (s != RT_OK) return s;
    Value sv;
    s = rt_assert(f, val, et, ASSERT_IMPLICIT, &t_dyn, &sv, &ok);
    if (s != RT_OK) return s;
    store_typed(et, slot, sv);
    return RT_OK;
}

RtStatus dyn_len(Fiber *f, Value x, bool cap, int64_t *out) {
    Type *t = dyn_type(x);
    if (!t) return rt_panic_plain(f, gc_sprintf("invalid argument: nil for built-in %s", cap ? "cap" : "len"));
    Value v = from_dyn(t, x);
    switch (t->ukind) {
    case K_STRING:
        if (cap) break;
        *out = ((String *)v.p)->len;
        return RT_OK;
    case K_SLICE: *out = v.p ? (cap ? ((Slice *)v.p)->cap : ((Slice *)v.p)->len) : 0; return RT_OK;
    case K_ARRAY: *out = ((Array *)v.p)->len; return RT_OK;
    case K_MAP:
        if (cap) break;
        *out = map_len(v.p);
        return RT_OK;
    case K_POINTER:
        if (t->under->elem->ukind == K_ARRAY) {
            *out = t->under->elem->under->len;
            return RT_OK;
        }
        break;
    case K_CHAN: {
        *out = cap ? chan_cap(v.p) : chan_len(v.p);
        return RT_OK;
    }
    default: break;
    }
    return rt_panic_plain(f, gc_sprintf("invalid argument: %s (value of type %s) for built-in %s", op_text(f),
                                        type_string(t), cap ? "cap" : "len"));
}

/* ---- slicing ---- */

RtStatus rt_slice(Fiber *f, int cls, Value x, Value *bounds, int flags, Type *rt, Value *out) {
    int64_t len, cap;
    switch (cls) {
    case RC_STRING: len = cap = ((String *)x.p)->len; break;
    case RC_SLICE:
        len = x.p ? ((Slice *)x.p)->len : 0;
        cap = x.p ? ((Slice *)x.p)->cap : 0;
        break;
    case RC_PTRARRAY:
        if (!x.p) return rt_panic_nil(f);
        /* fallthrough */
    default: len = cap = ((Array *)x.p)->len; break;
    }
    int64_t lo = (flags & 1) ? bounds[0].i : 0;
    int64_t hi = (flags & 2) ? bounds[1].i : len;
    int64_t max = (flags & 4) ? bounds[2].i : cap;
    int64_t capn = cls == RC_STRING ? -len - 1 : cap;
    if (flags & 4) {
        if (max < 0 || max > cap) return rt_panic_slice(f, lo, hi, max, capn, 2);
        if (hi < 0 || hi > max) return rt_panic_slice(f, lo, hi, max, capn, 3);
        if (lo < 0 || lo > hi) return rt_panic_slice(f, lo, hi, max, capn, 4);
    } else {
        int64_t lim = cls == RC_STRING ? len : cap;
        if (hi < 0 || hi > lim) return rt_panic_slice(f, lo, hi, max, capn, 0);
        if (lo < 0 || lo > hi) return rt_panic_slice(f, lo, hi, max, capn, 1);
    }
    if (cls == RC_STRING) {
        *out = VAL_PTR(str_sub(x.p, lo, hi));
        return RT_OK;
    }
    if (cls == RC_SLICE) {
        Slice *s = x.p;
        if (!s) {
            *out = VAL_NIL;
            return RT_OK;
        }
        Type *st = rt ? rt : obj_type((Obj *)s);
        *out = VAL_PTR(slice_new(st, s->arr, s->off + lo, hi - lo, max - lo));
        return RT_OK;
    }
    *out = VAL_PTR(slice_new(rt, x.p, lo, hi - lo, max - lo));
    return RT_OK;
}

RtStatus dyn_slice(Fiber *f, Value x, Value *bounds, int flags, Value *out) {
    Type *t = dyn_type(x);
    if (!t) return rt_panic_nil(f);
    Value v = from_dyn(t, x);
    int cls;
    Type *rt = t;
    switch (t->ukind) {
    case K_STRING: cls = RC_STRING; break;
    case K_SLICE: cls = RC_SLICE; break;
    case K_ARRAY:
        cls = RC_ARRAY;
        rt = type_slice(f->vm->tt, t->under->elem);
        break;
    case K_POINTER:
        if (t->under->elem->ukind == K_ARRAY) {
            cls = RC_PTRARRAY;
            rt = type_slice(f->vm->tt, t->under->elem->under->elem);
            break;
        }
        /* fallthrough */
    default: return rt_panic_plain(f, gc_sprintf("cannot slice value of type %s", type_string(t)));
    }
    Value r;
    RtStatus s = rt_slice(f, cls, v, bounds, flags, rt, &r);
    if (s != RT_OK) return s;
    *out = to_dyn_fresh(cls == RC_STRING ? t : rt, r);
    return RT_OK;
}

/* ---- append, copy, make ---- */

static int64_t grow_cap(int64_t old, int64_t need) {
    int64_t dbl = old * 2;
    if (need > dbl) return need;
    if (old < 256) return dbl;
    int64_t c = old;
    while (c < need) c += (c + 3 * 256) / 4;
    return c;
}

/* A slice of type st with len n and room for at least n, the first `keep`
 * elements copied from s. */
static Slice *slice_grow(Type *st, Slice *s, int64_t n) {
    int64_t len = s ? s->len : 0, cap = s ? s->cap : 0;
    if (s && n <= cap) return slice_new(st, s->arr, s->off, n, cap);
    Slice *ns = slice_make(st, n, grow_cap(cap, n));
    if (s) memcpy(ns->arr->e, &s->arr->e[s->off], sizeof(Value) * (size_t)len);
    return ns;
}

RtStatus rt_append(Fiber *f, Type *st, Value s, Value *vals, int n, Value *out) {
    if (st->kind == K_DYN) { /* append to a dynamic slice */
        Type *t = dyn_type(s);
        if (!t || t->ukind != K_SLICE)
            return rt_panic_plain(f, gc_sprintf("invalid argument: append to value of type %s (not a slice)",
                                                t ? type_string(t) : "nil"));
        Value *conv = NEW_ARRAY(Value, n + 1);
        bool ok;
        for (int i = 0; i < n; i++) {
            RtStatus r = rt_assert(f, vals[i], t->under->elem, ASSERT_IMPLICIT, &t_dyn, &conv[i], &ok);
            if (r != RT_OK) return r;
            if (t->under->elem->rep == REP_VAL) conv[i] = obj_copy(t->under->elem, conv[i]);
        }
        Value r;
        RtStatus rs = rt_append(f, t, from_dyn(t, s), conv, n, &r);
        if (rs != RT_OK) return rs;
        *out = to_dyn_fresh(t, r);
        return RT_OK;
    }
    Slice *sl = s.p;
    int64_t len = sl ? sl->len : 0;
    Slice *ns = slice_grow(st, sl, len + n);
    for (int i = 0; i < n; i++) STOREW(&ns->arr->e[ns->off + len + i].u, vals[i].u);
    *out = VAL_PTR(ns);
    return RT_OK;
}

RtStatus rt_append_slice(Fiber *f, Type *st, Value s, Value other, bool other_is_string, Value *out) {
    if (st->kind == K_DYN) {
        Type *t = dyn_type(s), *ot = dyn_type(other);
        if (!t || t->ukind != K_SLICE) return rt_panic_plain(f, "invalid argument: append to non-slice");
        Value o = ot ? from_dyn(ot, other) : VAL_NIL;
        if (ot && ot->ukind != K_SLICE && ot->ukind != K_STRING)
            return rt_panic_plain(f, gc_sprintf("cannot use value of type %s as slice in append", type_string(ot)));
        Value r;
        RtStatus rs = rt_append_slice(f, t, from_dyn(t, s), o, ot && ot->ukind == K_STRING, &r);
        if (rs != RT_OK) return rs;
        *out = to_dyn_fresh(t, r);
        return RT_OK;
    }
    Slice *sl = s.p;
    int64_t len = sl ? sl->len : 0;
    if (other_is_string) {
        String *str = other.p;
        Slice *ns = slice_grow(st, sl, len + str->len);
        for (int64_t i = 0; i < str->len; i++) ns->arr->e[ns->off + len + i].i = (unsigned char)str->data[i];
        *out = VAL_PTR(ns);
        return RT_OK;
    }
    Slice *o = other.p;
    int64_t n = o ? o->len : 0;
    if (n == 0) { /* append(s) is s, nil included */
        *out = s;
        return RT_OK;
    }
    Slice *ns = slice_grow(st, sl, len + n);
    Type *et = st->under->elem;
    Value *src = &o->arr->e[o->off], *dst = &ns->arr->e[ns->off + len];
    if (et->rep == REP_VAL) {
        Value *tmp = NEW_ARRAY(Value, n);
        for (int64_t i = 0; i < n; i++) tmp[i] = obj_copy(et, src[i]);
        memcpy(dst, tmp, sizeof(Value) * (size_t)n);
    } else {
        memmove(dst, src, sizeof(Value) * (size_t)n);
    }
    *out = VAL_PTR(ns);
    return RT_OK;
}

int64_t rt_copy(Value dst, Value src, bool src_is_string) {
    Slice *d = dst.p;
    if (!d) return 0;
    if (src_is_string) {
        String *s = src.p;
        int64_t n = s->len < d->len ? s->len : d->len;
        for (int64_t i = 0; i < n; i++) d->arr->e[d->off + i].i = (unsigned char)s->data[i];
        return n;
    }
    Slice *s = src.p;
    if (!s) return 0;
    int64_t n = s->len < d->len ? s->len : d->len;
    Type *et = obj_type((Obj *)d)->under->elem;
    if (et && et->rep == REP_VAL) {
        Value *tmp = NEW_ARRAY(Value, n + 1);
        for (int64_t i = 0; i < n; i++) tmp[i] = s->arr->e[s->off + i];
        for (int64_t i = 0; i < n; i++) obj_assign(et, d->arr->e[d->off + i], tmp[i]);
        return n;
    }
    memmove(&d->arr->e[d->off], &s->arr->e[s->off], sizeof(Value) * (size_t)n);
    return n;
}

#define MAX_ELEMS (INT64_C(1) << 37) /* 1 TiB of words: more is out of range */

RtStatus rt_make_slice(Fiber *f, Type *t, Value len, Value cap, bool has_cap, Value *out) {
    int64_t l = len.i, c = has_cap ? cap.i : len.i;
    if (l < 0 || l > MAX_ELEMS) return rt_panic_runtime(f, "makeslice: len out of range");
    if (c < l || c > MAX_ELEMS) return rt_panic_runtime(f, "makeslice: cap out of range");
    size_t max_heap = f->vm->cfg.max_heap;
    if (max_heap && (uint64_t)c * sizeof(Value) > max_heap) {
        f->fatal = "runtime: out of memory";
        return RT_FATAL;
    }
    Array *a = GC_MALLOC_IGNORE_OFF_PAGE(sizeof(Array) + sizeof(Value) * (size_t)c);
    if (!a) {
        f->fatal = "runtime: out of memory";
        return RT_FATAL;
    }
    Type *et = t->under->elem;
    a->len = c;
    if (et->rep == REP_VAL || et->ukind == K_STRING)
        for (int64_t i = 0; i < c; i++) a->e[i] = zero_value(et);
    *out = VAL_PTR(slice_new(t, a, 0, l, c));
    return RT_OK;
}

/* ---- strings ---- */

int32_t rt_decode_rune(const String *s, int64_t i, int *size) {
    return utf8_decode(s->data + i, s->len - i, size);
}

String *rt_int_to_string(int64_t r) {
    char buf[UTF8_MAX];
    int n = utf8_encode(buf, (r < INT32_MIN || r > INT32_MAX) ? UNI_RUNE_ERROR : (int32_t)r);
    return str_new(buf, n);
}

static Slice *bytes_of(Type *t, String *s) {
    Slice *sl = slice_make(t, s->len, s->len);
    for (int64_t i = 0; i < s->len; i++) sl->arr->e[i].i = (unsigned char)s->data[i];
    return sl;
}

static Slice *runes_of(Type *t, String *s) {
    int64_t n = utf8_count(s->data, s->len);
    Slice *sl = slice_make(t, n, n);
    int64_t j = 0;
    for (int64_t i = 0; i < s->len;) {
        int size;
        sl->arr->e[j++].i = utf8_decode(s->data + i, s->len - i, &size);
        i += size;
    }
    return sl;
}

static String *string_of_bytes(Slice *s) {
    if (!s || !s->len) return &str_empty;
    String *r = str_alloc(s->len);
    char *d = (char *)r->data;
    for (int64_t i = 0; i < s->len; i++) d[i] = (char)s->arr->e[s->off + i].i;
    return r;
}

static String *string_of_runes(Slice *s) {
    if (!s || !s->len) return &str_empty;
    Buf b;
    buf_init(&b);
    for (int64_t i = 0; i < s->len; i++) {
        char tmp[UTF8_MAX];
        int64_t r = s->arr->e[s->off + i].i;
        int n = utf8_encode(tmp, (r < INT32_MIN || r > INT32_MAX) ? UNI_RUNE_ERROR : (int32_t)r);
        buf_put(&b, tmp, (size_t)n);
    }
    return str_new(b.data, (int64_t)b.len);
}

/* Go's conversion T(x) for a dynamic x, at run time. */
static RtStatus convert_dyn(Fiber *f, Value x, Type *t, Value *out) {
    Type *xt = dyn_type(x);
    if (!xt) {
        int k = t->ukind;
        if (k == K_POINTER || k == K_SLICE || k == K_MAP || k == K_CHAN || k == K_FUNC) {
            *out = VAL_NIL;
            return RT_OK;
        }
        return rt_panic_plain(f, gc_sprintf("cannot convert nil to type %s", type_string(t)));
    }
    Value v = from_dyn(xt, x);
    int fk = xt->ukind, tk = t->ukind;
    if (xt == t || xt->under == t->under) {
        *out = t->rep == REP_VAL ? obj_copy(t, v) : v;
        return RT_OK;
    }
    if (kind_is_numeric(fk) && kind_is_numeric(tk)) {
        if (kind_is_float(tk)) {
            double d = kind_is_float(fk) ? v.f : kind_is_unsigned(fk) ? (double)v.u : (double)v.i;
            if (tk == K_FLOAT32) d = (double)(float)d;
            *out = VAL_FLOAT(d);
        } else if (kind_is_float(fk)) {
            double d = v.f;
            int64_t i = (d != d) ? 0 : (d >= 9.2e18 ? (kind_is_unsigned(tk) && d < 1.8e19 ? (int64_t)(uint64_t)d : INT64_MIN)
                                                    : (d < -9.2e18 ? INT64_MIN : (int64_t)d));
            *out = VAL_INT(norm_kind(i, tk));
        } else {
            *out = VAL_INT(norm_kind(v.i, tk));
        }
        return RT_OK;
    }
    if (tk == K_STRING) {
        if (kind_is_integer(fk)) return *out = VAL_PTR(rt_int_to_string(v.i)), RT_OK;
        if (fk == K_SLICE && xt->under->elem->ukind == K_UINT8) return *out = VAL_PTR(string_of_bytes(v.p)), RT_OK;
        if (fk == K_SLICE && xt->under->elem->ukind == K_INT32) return *out = VAL_PTR(string_of_runes(v.p)), RT_OK;
    }
    if (fk == K_STRING && tk == K_SLICE) {
        if (t->under->elem->ukind == K_UINT8) return *out = VAL_PTR(bytes_of(t, v.p)), RT_OK;
        if (t->under->elem->ukind == K_INT32) return *out = VAL_PTR(runes_of(t, v.p)), RT_OK;
    }
    return rt_panic_plain(f, gc_sprintf("cannot convert value of type %s to type %s", type_string(xt), type_string(t)));
}

RtStatus rt_convert(Fiber *f, int code, Value x, Type *t, Value *out) {
    switch (code) {
    case CV_INT_TO_STRING: *out = VAL_PTR(rt_int_to_string(x.i)); return RT_OK;
    case CV_STRING_TO_BYTES: *out = VAL_PTR(bytes_of(t, x.p)); return RT_OK;
    case CV_BYTES_TO_STRING: *out = VAL_PTR(string_of_bytes(x.p)); return RT_OK;
    case CV_STRING_TO_RUNES: *out = VAL_PTR(runes_of(t, x.p)); return RT_OK;
    case CV_RUNES_TO_STRING: *out = VAL_PTR(string_of_runes(x.p)); return RT_OK;
    case CV_SLICE_TO_ARRAY: case CV_SLICE_TO_ARRAYPTR: {
        Type *at = code == CV_SLICE_TO_ARRAY ? t : t->under->elem;
        int64_t n = at->under->len;
        Slice *s = x.p;
        int64_t len = s ? s->len : 0;
        if (len < n)
            return rt_panic_runtime(f, gc_sprintf("cannot convert slice with length %lld to array or pointer to array with length %lld",
                                                  (long long)len, (long long)n));
        if (code == CV_SLICE_TO_ARRAYPTR && !s) {
            *out = VAL_NIL;
            return RT_OK;
        }
        Array *a = array_new(at, at->under->elem, n);
        for (int64_t i = 0; i < n; i++) a->e[i] = s->arr->e[s->off + i];
        *out = VAL_PTR(a);
        return RT_OK;
    }
    case CV_DYN: return convert_dyn(f, x, t, out);
    }
    return rt_panic_plain(f, "internal error: bad conversion");
}

/* ---- assertions and equality ---- */

RtStatus rt_assert(Fiber *f, Value x, Type *t, int mode, Type *src, Value *out, bool *ok) {
    Type *xt = dyn_type(x);
    const char *missing = NULL;
    if (t->kind == K_DYN) {
        *out = x;
        *ok = true;
        return RT_OK;
    }
    if (t->ukind == K_INTERFACE) {
        if (xt && type_implements(xt, t, &missing, NULL)) {
            *out = x;
            *ok = true;
            return RT_OK;
        }
    } else if (xt == t) {
        *out = from_dyn(t, x);
        *ok = true;
        return RT_OK;
    }
    *ok = false;
    if (mode == ASSERT_COMMAOK) {
        *out = zero_value(t);
        return RT_OK;
    }
    extern RtStatus rt_panic_assert_from(Fiber * f, const char *src, Type *have, Type *want, const char *missing);
    const char *named = assert_source(f); /* at the assertion's extra word */
    if (named) return rt_panic_assert_from(f, named, xt, t, missing);
    return rt_panic_assert(f, src, xt, t, missing);
}

bool rt_type_is(Value x, Type *t, int mode) {
    if (mode == TYPEIS_NIL) return x.u == 0;
    Type *xt = dyn_type(x);
    if (!xt) return false;
    if (mode == TYPEIS_EXACT) return xt == t;
    return type_implements(xt, t, NULL, NULL);
}

RtStatus rt_equal(Fiber *f, Type *t, Value a, Value b, bool *res) {
    Type *bad = NULL;
    *res = value_equal(t, a, b, &bad);
    if (bad) return rt_panic_uncomparable(f, bad);
    return RT_OK;
}

Value dyn_copy(Value x) {
    if (!dyn_is_obj(x) || obj_is_box(x.p)) return x;
    Type *t = obj_type(x.p);
    return t->rep == REP_VAL ? obj_copy(t, x) : x;
}

/* ---- range over a dynamic value ---- */

typedef struct DynRange {
    Type *t;
    Value v;
    int64_t i;
    MapIter *it;
    bool waiting; /* a channel: parked in a receive whose value is due */
} DynRange;

RtStatus dyn_range(Fiber *f, Value x, Value *state) {
    Type *t = dyn_type(x);
    DynRange *r = NEW(DynRange);
    r->t = t;
    if (!t) { /* ranging over nil: no iterations */
        *state = VAL_PTR(r);
        return RT_OK;
    }
    r->v = from_dyn(t, x);
    int k = t->ukind;
    if (k == K_MAP) r->it = map_iter_new(r->v.p);
    else if (k == K_CHAN && t->under->chandir == CHAN_SEND)
        return rt_panic_plain(f, gc_sprintf("cannot range over send-only channel of type %s", type_string(t)));
    else if (!(k == K_SLICE || k == K_ARRAY || k == K_STRING || kind_is_integer(k) || k == K_CHAN ||
               (k == K_POINTER && t->under->elem->ukind == K_ARRAY)))
        return rt_panic_plain(f, gc_sprintf("cannot range over value of type %s", type_string(t)));
    if (k == K_ARRAY) r->v = obj_copy(t, r->v);
    *state = VAL_PTR(r);
    return RT_OK;
}

bool dyn_range_is_chan(Value state) {
    DynRange *r = state.p;
    return r->t && r->t->ukind == K_CHAN;
}

int dyn_range_recv(Fiber *f, Value state, Value *key, Value *ok) {
    DynRange *r = state.p;
    if (r->waiting) {
        r->waiting = false; /* woken: the value and ok are in place */
    } else if (chan_recv(f, r->v.p, key, ok) == CH_PARKED) {
        r->waiting = true;
        return -1;
    }
    if (!ok->i) return 0;
    *key = to_dyn(r->t->under->elem, *key);
    return 1;
}

bool dyn_range_next(Value state, Value *key, Value *val) {
    DynRange *r = state.p;
    Type *t = r->t;
    if (!t) return false;
    int k = t->ukind;
    if (k == K_MAP) {
        Value kk, vv;
        if (!map_iter_next(r->it, &kk, &vv)) return false;
        *key = to_dyn(t->under->key, kk);
        *val = to_dyn(t->under->elem, vv);
        return true;
    }
    if (kind_is_integer(k)) {
        if (r->i >= r->v.i) return false;
        *key = to_dyn_fresh(t, VAL_INT(r->i++));
        *val = VAL_NIL;
        return true;
    }
    if (k == K_STRING) {
        String *s = r->v.p;
        if (r->i >= s->len) return false;
        int size;
        int32_t ru = rt_decode_rune(s, r->i, &size);
        *key = dyn_small_int(r->i);
        *val = dyn_scalar(K_INT32, (uint32_t)ru);
        r->i += size;
        return true;
    }
    Type *at = k == K_POINTER ? t->under->elem : t;
    int64_t len;
    Value *e;
    if (at->ukind == K_SLICE) {
        Slice *s = r->v.p;
        len = s ? s->len : 0;
        e = s ? &s->arr->e[s->off] : NULL;
    } else {
        Array *a = r->v.p;
        if (!a) return false;
        len = a->len;
        e = a->e;
    }
    if (r->i >= len) return false;
    Type *et = at->under->elem;
    *key = dyn_small_int(r->i);
    *val = to_dyn(et, e[r->i]);
    r->i++;
    return true;
}

/* ---- min, max, print ---- */

RtStatus rt_minmax(Fiber *f, Type *t, Value *args, int n, bool is_max, Value *out) {
    if (t->kind == K_DYN) {
        Value best = args[0];
        for (int i = 1; i < n; i++) {
            bool less;
            RtStatus s = dyn_compare(f, T_LSS, args[i], best, 0, "min/max", &less);
            if (s != RT_OK) return s;
            bool greater;
            s = dyn_compare(f, T_GTR, args[i], best, 0, "min/max", &greater);
            if (s != RT_OK) return s;
            if (is_max ? greater : less) best = args[i];
        }
        *out = best;
        return RT_OK;
    }
    int k = t->ukind;
    Value best = args[0];
    for (int i = 1; i < n; i++) {
        Value v = args[i];
        bool take;
        if (kind_is_float(k)) {
            if (best.f != best.f) continue;
            if (v.f != v.f) {
                best = v;
                continue;
            }
            if (v.f == best.f && v.f == 0) take = is_max ? !signbit(v.f) : signbit(v.f);
            else take = is_max ? v.f > best.f : v.f < best.f;
        } else if (k == K_STRING) {
            int c = str_compare(v.p, best.p);
            take = is_max ? c > 0 : c < 0;
        } else if (kind_is_unsigned(k)) {
            take = is_max ? v.u > best.u : v.u < best.u;
        } else {
            take = is_max ? v.i > best.i : v.i < best.i;
        }
        if (take) best = v;
    }
    *out = best;
    return RT_OK;
}

/* The print/println builtins: Go's runtime print formats, to stderr. */
static void print_one(Buf *b, Value v) {
    Type *t = dyn_type(v);
    if (!t) { /* a nil interface: Go prints its (type, data) words */
        buf_puts(b, "(0x0,0x0)");
        return;
    }
    Value w = from_dyn(t, v);
    int k = t->ukind;
    if (k == K_BOOL) buf_puts(b, w.i ? "true" : "false");
    else if (kind_is_unsigned(k)) buf_printf(b, "%llu", (unsigned long long)w.u);
    else if (kind_is_integer(k)) buf_printf(b, "%lld", (long long)w.i);
    else if (kind_is_float(k)) {
        double d = w.f;
        if (d != d) buf_puts(b, "NaN");
        else if (isinf(d)) buf_puts(b, d > 0 ? "+Inf" : "-Inf");
        else {
            char tmp[64];
            snprintf(tmp, sizeof tmp, "%+.6e", d);
            /* Go prints the exponent with at least three digits */
            char *e = strchr(tmp, 'e');
            if (e && strlen(e) == 4) {
                buf_put(b, tmp, (size_t)(e - tmp + 2));
                buf_putc(b, '0');
                buf_puts(b, e + 2);
            } else {
                buf_puts(b, tmp);
            }
        }
    } else if (k == K_STRING) {
        String *s = w.p;
        buf_put(b, s->data, (size_t)s->len);
    } else if (k == K_INTERFACE) {
        buf_printf(b, "(%#llx,%#llx)", (unsigned long long)(uintptr_t)t, (unsigned long long)(uintptr_t)w.p);
    } else { /* pointers, maps, channels, funcs: the address, 0x0 for nil */
        buf_printf(b, "0x%llx", (unsigned long long)(uintptr_t)w.p);
    }
}

void rt_print(Fiber *f, Value *args, int n, bool ln) {
    Buf b;
    buf_init(&b);
    for (int i = 0; i < n; i++) {
        if (ln && i) buf_putc(&b, ' ');
        print_one(&b, args[i]);
    }
    if (ln) buf_putc(&b, '\n');
    vm_write_err(f->vm, b.data ? b.data : "", b.len);
}
