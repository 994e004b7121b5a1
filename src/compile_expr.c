/* compile_expr.c: expressions -> register code. Typed operations get typed
 * instructions; operations on dynamic words get D* instructions. Also the
 * conversions between static and dynamic words at assignment points, and the
 * value-semantics copies of structs and arrays (value.h). */
#include "compile.h"
#include "lexer.h"
#include "runtime.h"
#include <stdio.h>
#include <stdlib.h>

static bool is_dyn(Type *t) { return t && t->kind == K_DYN; }

int rep_class(Type *t) {
    Type *u = t->under;
    switch (u->kind) {
    case K_STRING: case K_UNTYPED_STRING: return RC_STRING;
    case K_SLICE: return RC_SLICE;
    case K_ARRAY: return RC_ARRAY;
    case K_MAP: return RC_MAP;
    case K_CHAN: return RC_CHAN;
    case K_POINTER: return u->elem->ukind == K_ARRAY ? RC_PTRARRAY : RC_DYN;
    default: return RC_DYN;
    }
}

bool var_in_cell(Object *o) {
    return o->kind == OBJ_VAR && !o->is_global && (o->captured || o->addr_taken) && o->type &&
           o->type->rep != REP_VAL;
}

/* ---- constants ---- */

static Value const_word(Const *cv, Type *t) {
    int k = t->under->kind;
    if (type_is_untyped(t)) k = default_type(t)->kind;
    switch (k) {
    case K_BOOL: return VAL_INT(cv->kind == C_BOOL && cv->b);
    case K_FLOAT32: return VAL_FLOAT((double)const_to_float32(cv));
    case K_FLOAT64: return VAL_FLOAT(const_to_double(cv));
    case K_STRING:
        if (cv->kind == C_STRING) return VAL_PTR(str_new(cv->s, cv->slen));
        return VAL_PTR(&str_empty);
    default:
        if (kind_is_unsigned(k)) return VAL_UINT(const_to_uint64(cv));
        if (kind_is_integer(k)) return VAL_INT(const_to_int64(cv));
        return VAL_NIL;
    }
}

void cg_load_const(FuncState *fs, Node *n, Type *t, int dst) {
    Const *cv = n->cval;
    Type *vt = n->type;
    if (type_is_untyped(vt)) vt = default_type(vt);
    if (!cv) {
        emit_abc(fs, OP_LOADNIL, dst, 0, 0);
        return;
    }
    if (t->rep == REP_DYN && vt->rep != REP_DYN) {
        /* a constant going into an interface: its dynamic word, made now */
        Value w = to_dyn_fresh(vt, const_word(cv, vt));
        emit_abx(fs, OP_LOADK, dst, k_value(fs, w));
        return;
    }
    Value v = const_word(cv, t->rep == REP_DYN ? vt : t);
    int k = (t->rep == REP_DYN ? vt : t)->under->kind;
    if ((kind_is_integer(k) || k == K_BOOL || type_is_untyped(t)) && k != K_UNTYPED_FLOAT && k != K_FLOAT64 &&
        k != K_FLOAT32 && k != K_STRING && k != K_UNTYPED_STRING && v.i >= -(INT64_C(1) << 34) &&
        v.i < (INT64_C(1) << 34)) {
        emit_abx(fs, OP_LOADI, dst, (uint64_t)v.i & ((UINT64_C(1) << 36) - 1));
        return;
    }
    emit_abx(fs, OP_LOADK, dst, k_value(fs, v));
}

/* The extra word of ASSERT: target type and the static source type. */
void emit_assert_word(FuncState *fs, Type *t, Type *src) {
    int64_t w = k_type(fs, t);
    if (src && src->kind != K_DYN) {
        int64_t k = k_type(fs, src) + 1;
        /* the word has 4 bits for it: the failure message also finds the
         * name in the debug texts, marked \1 (runtime.c assert_source) */
        if (k < 16) w |= k << 32;
        add_dbg(fs, gc_sprintf("\1%s", type_string(src)));
    }
    emit_extra(fs, w);
}

/* ---- freshness and conversions ---- */

/* A REP_VAL result is fresh when nothing else refers to its object: then
 * it may be stored without a copy (value.h). */
bool cg_is_fresh(Node *n) {
    while (n->kind == N_PAREN) n = n->un.x;
    switch (n->kind) {
    case N_COMPOSITE: case N_FUNC_LIT: case N_BINARY: case N_UNARY: return true;
    case N_CALL:
        if (n->flags & NF_CONVERSION) return n->call.args.n == 1 && cg_is_fresh(n->call.args.items[0]);
        return true;
    case N_IDENT: return n->mode == M_CONST;
    default: return n->mode == M_CONST;
    }
}

void cg_convert(FuncState *fs, int reg, Type *from, Type *to, bool fresh) {
    if (!to || !from || to == &t_invalid || from == &t_invalid) return;
    if (from == &t_untyped_nil) return; /* nil is the 0 word in every rep */
    if (type_is_untyped(from)) from = default_type(from);
    if (to->rep == REP_DYN) {
        if (from->rep != REP_DYN) {
            emit_abc(fs, fresh ? OP_TODYNF : OP_TODYN, reg, reg, k_type(fs, from));
            return;
        }
        /* dynamic -> interface with methods: checked at run time */
        if (is_dyn(from) && to->ukind == K_INTERFACE && to->nimethods) {
            emit_abc(fs, OP_ASSERT, reg, reg, ASSERT_IMPLICIT);
            emit_type_word(fs, to);
            return;
        }
        if (is_dyn(from) && is_dyn(to) && !fresh) emit_abc(fs, OP_DCOPY, reg, reg, 0);
        return;
    }
    if (from->rep == REP_DYN) {
        emit_abc(fs, OP_ASSERT, reg, reg, ASSERT_IMPLICIT);
        emit_type_word(fs, to);
        if (to->rep == REP_VAL) emit_abc(fs, OP_COPY, reg, reg, k_type(fs, to));
        return;
    }
    if (to->rep == REP_VAL && !fresh) emit_abc(fs, OP_COPY, reg, reg, k_type(fs, to));
}

static int cg_expr_to_inner(FuncState *fs, Node *n, Type *t, int dst);

int cg_expr_to(FuncState *fs, Node *n, Type *t, int dst) {
    int mark = fs->freereg;
    int r = cg_expr_to_inner(fs, n, t, dst);
    if (dst >= 0) free_to(fs, mark > dst ? mark : dst + 1);
    else if (r >= mark) free_to(fs, r + 1);
    return r;
}

static int cg_expr_to_inner(FuncState *fs, Node *n, Type *t, int dst) {
    if (n->mode == M_CONST && n->cval) {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        set_line(fs, n->pos);
        cg_load_const(fs, n, t, r);
        return r;
    }
    Type *from = n->type;
    bool needs = t && from != t && (t->rep == REP_DYN || from->rep == REP_DYN || t->rep == REP_VAL);
    bool copy = t && t->rep == REP_VAL && !cg_is_fresh(n);
    bool dcopy = is_dyn(t) && is_dyn(from) && !cg_is_fresh(n);
    if (!needs && !copy && !dcopy) return cg_expr(fs, n, dst);
    int r = dst >= 0 ? dst : alloc_reg(fs);
    cg_expr(fs, n, r);
    cg_convert(fs, r, from, t, cg_is_fresh(n));
    return r;
}

/* ---- variables ---- */

int cg_var_read(FuncState *fs, Object *o, int dst, Pos pos) {
    if (o->is_global) {
        if (!o->cell) o->cell = cell_new(o->type && o->type != &t_invalid ? zero_value(o->type) : VAL_NIL);
        int r = dst >= 0 ? dst : alloc_reg(fs);
        emit_abx(fs, OP_GETG, r, k_value(fs, VAL_PTR(o->cell)));
        return r;
    }
    if (o->owner && o->owner != fs->fi) {
        int up = upvalue_index(fs, o);
        int r = dst >= 0 ? dst : alloc_reg(fs);
        emit_abc(fs, o->type->rep == REP_VAL ? OP_GETUP : OP_GETUPV, r, up, 0);
        return r;
    }
    if (o->reg < 0) {
        cg_error(fs, pos, "internal error: variable %s has no register", o->name);
        return dst >= 0 ? dst : alloc_reg(fs);
    }
    if (var_in_cell(o)) {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        emit_abc(fs, OP_CELLGET, r, o->reg, 0);
        return r;
    }
    if (dst >= 0 && dst != o->reg) {
        emit_abc(fs, OP_MOVE, dst, o->reg, 0);
        return dst;
    }
    return o->reg;
}

/* The register holding a REP_VAL variable's object (its address). */
static int var_object(FuncState *fs, Object *o, int dst) { return cg_var_read(fs, o, dst, (Pos){0, 0}); }

void cg_var_write(FuncState *fs, Object *o, int reg) {
    if (o->type && o->type->rep == REP_VAL) {
        int mark = fs->freereg;
        int obj = var_object(fs, o, -1);
        emit_abc(fs, OP_ASSIGNV, obj, reg, k_type(fs, o->type));
        free_to(fs, mark);
        return;
    }
    if (o->is_global) {
        if (!o->cell) o->cell = cell_new(VAL_NIL);
        emit_abx(fs, OP_SETG, reg, k_value(fs, VAL_PTR(o->cell)));
        return;
    }
    if (o->owner && o->owner != fs->fi) {
        emit_abc(fs, OP_SETUPV, reg, upvalue_index(fs, o), 0);
        return;
    }
    if (var_in_cell(o)) {
        emit_abc(fs, OP_CELLSET, o->reg, reg, 0);
        return;
    }
    if (reg != o->reg) emit_abc(fs, OP_MOVE, o->reg, reg, 0);
}

/* Binds object o to register `reg` (a register the caller allocated for it)
 * or, when reg < 0, to a fresh register holding the zero value. */
void cg_declare_local(FuncState *fs, Object *o, int reg, bool fresh) {
    Type *t = o->type ? o->type : &t_invalid;
    if (reg < 0) {
        reg = alloc_reg(fs);
        if (t->rep == REP_VAL || t->ukind == K_STRING) emit_abx(fs, OP_LOADZERO, reg, k_type(fs, t));
        else emit_abc(fs, OP_LOADNIL, reg, 0, 0);
    } else if (t->rep == REP_VAL && !fresh) {
        emit_abc(fs, OP_COPY, reg, reg, k_type(fs, t));
    }
    o->reg = reg;
    if (!o->owner) o->owner = fs->fi;
    if (var_in_cell(o)) emit_abc(fs, OP_NEWCELL, reg, reg, 0);
}

/* ---- selectors ---- */

/* Walks an embedded-field path from the struct (or pointer) in reg; the
 * result is in a temporary (or reg itself for an empty path). */
static int walk_path(FuncState *fs, int reg, Type *t, Selection *sel) {
    int cur = reg;
    for (int i = 0; i < sel->npath; i++) {
        bool ptr = t->ukind == K_POINTER;
        Type *st = ptr ? t->under->elem : t;
        int idx = sel->path[i];
        int r = alloc_reg(fs);
        emit_abc(fs, ptr ? OP_GETFP : OP_GETF, r, cur, idx);
        cur = r;
        t = st->under->fields[idx].type;
    }
    return cur;
}

static Type *path_end_type(Type *t, Selection *sel) {
    for (int i = 0; i < sel->npath; i++) {
        Type *st = t->ukind == K_POINTER ? t->under->elem : t;
        t = st->under->fields[sel->path[i]].type;
    }
    return t;
}

static int cg_field(FuncState *fs, Node *n, int dst) {
    Selection *sel = n->ref;
    Node *x = n->sel.x;
    int r = dst >= 0 ? dst : alloc_reg(fs);
    int mark = fs->freereg;
    int base = cg_expr(fs, x, -1);
    int holder = walk_path(fs, base, x->type, sel);
    Type *ht = path_end_type(x->type, sel);
    set_line(fs, n->pos);
    emit_abc(fs, ht->ukind == K_POINTER ? OP_GETFP : OP_GETF, r, holder, sel->index);
    free_to(fs, mark);
    return r;
}

static int cg_selector(FuncState *fs, Node *n, int dst) {
    Node *x = n->sel.x;
    if (x->mode == M_PACKAGE) {
        Object *o = n->ref;
        if (o->kind == OBJ_VAR) return cg_var_read(fs, o, dst, n->pos);
        int r = dst >= 0 ? dst : alloc_reg(fs);
        if (o->kind == OBJ_FUNC) emit_abx(fs, OP_LOADK, r, k_value(fs, VAL_PTR(func_closure(fs->cc, o))));
        else emit_abc(fs, OP_LOADNIL, r, 0, 0);
        return r;
    }
    if (n->aux == -1) { /* dynamic selector */
        int r = dst >= 0 ? dst : alloc_reg(fs);
        int mark = fs->freereg;
        int b = cg_expr(fs, x, -1);
        set_line(fs, n->pos);
        add_dbg(fs, expr_string(x)); /* "x.f undefined (...)" */
        emit_abc(fs, OP_DGETF, r, b, k_string(fs, n->sel.name, (int64_t)strlen(n->sel.name)));
        free_to(fs, mark);
        return r;
    }
    if (n->aux == -2) { /* method expression T.M */
        int r = dst >= 0 ? dst : alloc_reg(fs);
        Object *m = n->ref;
        if (m) emit_abx(fs, OP_LOADK, r, k_value(fs, VAL_PTR(func_closure(fs->cc, m))));
        else cg_error(fs, n->pos, "method expression on interface types is not supported");
        return r;
    }
    Selection *sel = n->ref;
    if (sel && sel->kind == 1) return cg_field(fs, n, dst);
    return cg_method_value(fs, n, dst);
}

/* ---- index and slice ---- */

static int cg_index(FuncState *fs, Node *n, int dst) {
    Node *x = n->index.x;
    if (n->mode == M_VALUE && x->ref && ((Object *)x->ref)->kind == OBJ_FUNC && n->ref) {
        /* an instantiated generic function used as a value */
        int r = dst >= 0 ? dst : alloc_reg(fs);
        emit_abx(fs, OP_LOADK, r, k_value(fs, VAL_PTR(func_closure(fs->cc, n->ref))));
        return r;
    }
    Node *i = n->index.indices.items[0];
    int r = dst >= 0 ? dst : alloc_reg(fs);
    int mark = fs->freereg;
    int b = cg_expr(fs, x, -1);
    Type *t = x->type;
    if (is_dyn(t)) {
        int ir = cg_expr_to(fs, i, &t_dyn, -1);
        set_line(fs, n->pos);
        add_dbg(fs, expr_string(x));
        emit_abc(fs, OP_DINDEX, r, b, ir);
        free_to(fs, mark);
        return r;
    }
    if (t->ukind == K_MAP) {
        int kr = cg_expr_to(fs, i, t->under->key, -1);
        set_line(fs, n->pos);
        emit_abc(fs, OP_MAPGET, r, b, kr);
        emit_type_word(fs, t);
        free_to(fs, mark);
        return r;
    }
    int ir = cg_expr_to(fs, i, &t_int, -1);
    set_line(fs, n->pos);
    switch (rep_class(t)) {
    case RC_STRING: emit_abc(fs, OP_STRINDEX, r, b, ir); break;
    case RC_SLICE: emit_abc(fs, OP_SLGET, r, b, ir); break;
    case RC_ARRAY: emit_abc(fs, OP_ARGET, r, b, ir); break;
    case RC_PTRARRAY:
        emit_abc(fs, OP_NILCHK, b, 0, 0);
        emit_abc(fs, OP_ARGET, r, b, ir);
        break;
    default: cg_error(fs, n->pos, "internal error: bad index");
    }
    free_to(fs, mark);
    return r;
}

static int cg_slice_expr(FuncState *fs, Node *n, int dst) {
    int r = dst >= 0 ? dst : alloc_reg(fs);
    int mark = fs->freereg;
    Node *x = n->slice.x;
    int b = cg_expr(fs, x, -1);
    int bounds = alloc_regs(fs, 3);
    int flags = 0;
    Node *bs[3] = {n->slice.lo, n->slice.hi, n->slice.max};
    for (int k = 0; k < 3; k++) {
        if (!bs[k]) continue;
        flags |= 1 << k;
        cg_expr_to(fs, bs[k], is_dyn(bs[k]->type) ? &t_dyn : &t_int, bounds + k);
        if (is_dyn(bs[k]->type)) emit_abc(fs, OP_ASSERT, bounds + k, bounds + k, ASSERT_IMPLICIT), emit_type_word(fs, &t_int);
    }
    set_line(fs, n->pos);
    if (is_dyn(x->type)) {
        add_dbg(fs, expr_string(x));
        emit_abc(fs, OP_DSLICE, r, b, bounds);
        emit_extra(fs, flags);
    } else {
        int cls = rep_class(x->type);
        emit_abc(fs, OP_SLICE, r, b, bounds);
        emit_extra(fs, flags | (cls << 4) | ((int64_t)k_type(fs, n->type) << 8));
    }
    free_to(fs, mark);
    return r;
}

/* ---- composite literals ---- */

static int cg_composite_as(FuncState *fs, Node *n, Type *t, int dst);

static void store_elem_value(FuncState *fs, Node *e, Type *et, int r) {
    if (e->kind == N_COMPOSITE && !e->comp.type && (e->flags & NF_IMPLICIT_DEREF)) {
        /* &T{...} elided: a struct/array object is its own pointer */
        cg_composite_as(fs, e, et->under->elem, r);
        if (et->under->elem->rep != REP_VAL) emit_abc(fs, OP_NEWCELL, r, r, 0);
        return;
    }
    cg_expr_to(fs, e, et, r);
}

static int cg_struct_lit(FuncState *fs, Node *n, Type *t, int r) {
    Type *u = t->under;
    emit_abx(fs, OP_NEWSTRUCT, r, k_type(fs, t));
    int mark = fs->freereg;
    for (int i = 0; i < n->comp.elts.n; i++) {
        Node *e = n->comp.elts.items[i];
        int fi = i;
        if (e->kind == N_KEYVALUE) {
            fi = e->kv.key->aux;
            e = e->kv.value;
        }
        if (fi < 0 || fi >= u->nfields) continue;
        Type *ft = u->fields[fi].type;
        int v = alloc_reg(fs);
        store_elem_value(fs, e, ft, v);
        if (ft->rep == REP_VAL) {
            int fo = alloc_reg(fs);
            emit_abc(fs, OP_GETF, fo, r, fi);
            emit_abc(fs, OP_ASSIGNV, fo, v, k_type(fs, ft));
        } else {
            emit_abc(fs, OP_SETF, r, fi, v);
        }
        free_to(fs, mark);
    }
    return r;
}

static int cg_indexed_lit(FuncState *fs, Node *n, Type *t, int r) {
    Type *u = t->under;
    bool is_slice = u->kind == K_SLICE;
    int64_t len = 0;
    for (int i = 0; i < n->comp.elts.n; i++) {
        Node *e = n->comp.elts.items[i];
        if ((int64_t)e->elem_index + 1 > len) len = (int64_t)e->elem_index + 1;
    }
    int mark = fs->freereg;
    if (is_slice) {
        int lr = alloc_reg(fs);
        emit_abx(fs, OP_LOADI, lr, (uint64_t)len & ((UINT64_C(1) << 36) - 1));
        emit_abc(fs, OP_MAKESLICE, r, lr, lr);
        emit_type_word(fs, t);
    } else {
        emit_abx(fs, OP_NEWARRAY, r, k_type(fs, t));
    }
    free_to(fs, mark);
    for (int i = 0; i < n->comp.elts.n; i++) {
        Node *e = n->comp.elts.items[i];
        int64_t idx = e->elem_index;
        if (e->kind == N_KEYVALUE) e = e->kv.value;
        int ir = alloc_reg(fs);
        emit_abx(fs, OP_LOADI, ir, (uint64_t)idx & ((UINT64_C(1) << 36) - 1));
        int v = alloc_reg(fs);
        store_elem_value(fs, e, u->elem, v);
        if (u->elem->rep == REP_VAL) {
            int eo = alloc_reg(fs);
            emit_abc(fs, is_slice ? OP_SLGET : OP_ARGET, eo, r, ir);
            emit_abc(fs, OP_ASSIGNV, eo, v, k_type(fs, u->elem));
        } else {
            emit_abc(fs, is_slice ? OP_SLSET : OP_ARSET, r, ir, v);
        }
        free_to(fs, mark);
    }
    return r;
}

static int cg_map_lit(FuncState *fs, Node *n, Type *t, int r) {
    Type *u = t->under;
    int mark = fs->freereg;
    int hr = alloc_reg(fs);
    emit_abx(fs, OP_LOADI, hr, (uint64_t)n->comp.elts.n);
    emit_abc(fs, OP_MAKEMAP, r, hr, 0);
    emit_type_word(fs, t);
    free_to(fs, mark);
    for (int i = 0; i < n->comp.elts.n; i++) {
        Node *e = n->comp.elts.items[i];
        if (e->kind != N_KEYVALUE) continue;
        int kr = alloc_reg(fs);
        store_elem_value(fs, e->kv.key, u->key, kr);
        int vr = alloc_reg(fs);
        store_elem_value(fs, e->kv.value, u->elem, vr);
        set_line(fs, e->pos);
        emit_abc(fs, OP_MAPSET, r, kr, vr);
        free_to(fs, mark);
    }
    return r;
}

static int cg_composite_as(FuncState *fs, Node *n, Type *t, int dst) {
    int r = dst >= 0 ? dst : alloc_reg(fs);
    set_line(fs, n->pos);
    switch (t->ukind) {
    case K_STRUCT: return cg_struct_lit(fs, n, t, r);
    case K_ARRAY: case K_SLICE: return cg_indexed_lit(fs, n, t, r);
    case K_MAP: return cg_map_lit(fs, n, t, r);
    default: return r;
    }
}

static int cg_composite(FuncState *fs, Node *n, int dst) { return cg_composite_as(fs, n, n->type, dst); }

/* ---- operators ---- */

/* A register holding the raw channel of expression x for op (1 send,
 * 2 recv, 3 close): a dynamic channel is checked and unwrapped at run time
 * (and the value in valreg converted to its element type for a send). */
int cg_chan_operand(FuncState *fs, Node *x, int op, int valreg) {
    if (!is_dyn(x->type)) return cg_expr(fs, x, -1);
    int r = alloc_reg(fs);
    cg_expr(fs, x, r);
    set_line(fs, x->pos);
    emit_abc(fs, OP_CHANDYN, r, valreg, op);
    return r;
}

static int arith_op(int op, Type *t) {
    bool f = kind_is_float(t->ukind);
    bool u = kind_is_unsigned(t->ukind);
    switch (op) {
    case T_ADD: return f ? OP_ADD_F : OP_ADD_I;
    case T_SUB: return f ? OP_SUB_F : OP_SUB_I;
    case T_MUL: return f ? OP_MUL_F : OP_MUL_I;
    case T_QUO: return f ? OP_DIV_F : (u ? OP_DIV_U : OP_DIV_I);
    case T_REM: return u ? OP_REM_U : OP_REM_I;
    case T_AND: return OP_AND;
    case T_OR: return OP_OR;
    case T_XOR: return OP_XOR;
    case T_AND_NOT: return OP_ANDNOT;
    case T_SHL: return OP_SHL;
    case T_SHR: return u ? OP_SHR_U : OP_SHR;
    default: return OP_NOP;
    }
}

/* Sized integer kinds wrap after each operation; float32 rounds. */
static void normalise(FuncState *fs, int r, Type *t) {
    int k = t->ukind;
    if (k == K_FLOAT32) emit_abc(fs, OP_ROUND32, r, r, 0);
    else if (kind_is_integer(k) && kind_bits(k) < 64) emit_abc(fs, OP_NORM, r, r, k);
}

static bool is_small_int_const(Node *n, int64_t *v) {
    if (n->mode != M_CONST || !n->cval || n->cval->kind != C_INT) return false;
    const char *why;
    if (!const_representable(n->cval, K_INT64, NULL, &why)) return false;
    *v = const_to_int64(n->cval);
    return *v >= MINSARG && *v <= MAXSARG;
}

/* A dynamic binary operation; a constant operand stays "untyped" so that it
 * takes the other operand's run-time type (LANGUAGE.md). */
static int cg_dyn_binary(FuncState *fs, Node *n, int r) {
    int mark = fs->freereg;
    Node *x = n->bin.x, *y = n->bin.y;
    int flags = 0;
    int a = alloc_reg(fs), b = alloc_reg(fs);
    if (x->mode == M_CONST && type_is_untyped(x->type)) flags |= DOP_X_UNTYPED;
    if (y->mode == M_CONST && type_is_untyped(y->type)) flags |= DOP_Y_UNTYPED;
    cg_expr_to(fs, x, &t_dyn, a);
    cg_expr_to(fs, y, &t_dyn, b);
    set_line(fs, n->pos);
    add_dbg(fs, expr_string(n));
    emit_abc(fs, OP_DOP, r, a, b);
    emit_extra(fs, n->bin.op | (flags << 8));
    free_to(fs, mark);
    return r;
}

static int cg_binary_one(FuncState *fs, Node *n, int r, int left);

/* Left-deep chains are compiled without recursion on the left spine. */
static int cg_binary(FuncState *fs, Node *n, int dst) {
    int r = dst >= 0 ? dst : alloc_reg(fs);
    Node *stack[256];
    Node **spine = stack;
    int ns = 0, cap = 256;
    Node *cur = n;
    while (cur->kind == N_BINARY && cur->bin.op != T_LAND && cur->bin.op != T_LOR && cur->mode != M_CONST &&
           !is_dyn(cur->type) && cur->type->kind != K_UNTYPED_BOOL && cur->type->ukind != K_BOOL) {
        if (ns == cap) {
            Node **big = NEW_ARRAY(Node *, cap * 2);
            memcpy(big, spine, sizeof(Node *) * (size_t)ns);
            spine = big;
            cap *= 2;
        }
        spine[ns++] = cur;
        cur = cur->bin.x;
    }
    if (ns == 0) return cg_binary_one(fs, n, r, -1);
    int left = cg_expr_to(fs, cur, spine[ns - 1]->type, -1);
    for (int i = ns - 1; i >= 0; i--) {
        int mark = fs->freereg;
        int out = cg_binary_one(fs, spine[i], r, left);
        free_to(fs, mark > r + 1 ? mark : r + 1);
        left = out;
    }
    return r;
}

static int cg_compare_value(FuncState *fs, Node *n, int r) {
    emit_abx(fs, OP_LOADI, r, 1);
    int j = cg_cond_jump(fs, n, true);
    emit_abx(fs, OP_LOADI, r, 0);
    patch_here(fs, j);
    return r;
}

/* One binary operation; `left` is the already computed left operand's
 * register or -1. */
static int cg_binary_one(FuncState *fs, Node *n, int r, int left) {
    Node *x = n->bin.x, *y = n->bin.y;
    int op = n->bin.op;
    if (n->mode == M_CONST && n->cval) {
        cg_load_const(fs, n, n->type, r);
        return r;
    }
    if (op == T_LAND || op == T_LOR || op == T_EQL || op == T_NEQ || op == T_LSS || op == T_LEQ || op == T_GTR ||
        op == T_GEQ)
        return cg_compare_value(fs, n, r);
    if (is_dyn(n->type)) return cg_dyn_binary(fs, n, r);
    Type *t = n->type;
    int mark = fs->freereg;
    if (op == T_ADD && t->ukind == K_STRING) {
        int a = left >= 0 ? left : cg_expr_to(fs, x, t, -1);
        int b = cg_expr_to(fs, y, t, -1);
        emit_abc(fs, OP_CONCAT, r, a, b);
        free_to(fs, mark);
        return r;
    }
    if (op == T_SHL || op == T_SHR) {
        int a = left >= 0 ? left : cg_expr_to(fs, x, t, -1);
        Type *yt = y->type;
        int b;
        if (is_dyn(yt)) {
            b = cg_expr(fs, y, -1);
            int c2 = alloc_reg(fs);
            emit_abc(fs, OP_ASSERT, c2, b, ASSERT_IMPLICIT);
            emit_type_word(fs, &t_int);
            b = c2;
            yt = &t_int;
        } else {
            b = cg_expr(fs, y, -1);
        }
        set_line(fs, n->pos);
        if (!(y->mode == M_CONST) && !kind_is_unsigned(yt->ukind)) emit_abc(fs, OP_SHCHK, b, 1, 0);
        emit_abc(fs, arith_op(op, t), r, a, b);
        normalise(fs, r, t);
        free_to(fs, mark);
        return r;
    }
    int64_t imm;
    if (op == T_ADD || op == T_SUB) {
        if (kind_is_integer(t->ukind) && is_small_int_const(y, &imm) && (op == T_ADD || imm != MINSARG)) {
            int a = left >= 0 ? left : cg_expr_to(fs, x, t, -1);
            emit_abc(fs, OP_ADDI, r, a, (int)(op == T_ADD ? imm : -imm) & (int)ARGMASK);
            normalise(fs, r, t);
            free_to(fs, mark);
            return r;
        }
    }
    int a = left >= 0 ? left : cg_expr_to(fs, x, t, -1);
    int b = cg_expr_to(fs, y, t, -1);
    set_line(fs, n->pos);
    emit_abc(fs, arith_op(op, t), r, a, b);
    normalise(fs, r, t);
    free_to(fs, mark);
    return r;
}

static int cg_unary(FuncState *fs, Node *n, int dst) {
    Node *x = n->un.x;
    int op = n->un.op;
    if (n->mode == M_CONST && n->cval) {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        cg_load_const(fs, n, n->type, r);
        return r;
    }
    if (op == T_AND) return cg_address(fs, x, dst);
    if (op == T_ARROW) {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        int mark = fs->freereg;
        int c = cg_chan_operand(fs, x, 2, MAXARG);
        set_line(fs, n->pos);
        emit_abc(fs, OP_RECV, r, c, 0);
        if (is_dyn(x->type)) emit_abc(fs, OP_RECVDYN, r, c, 0);
        free_to(fs, mark);
        return r;
    }
    if (op == T_NOT && !is_dyn(x->type)) {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        return cg_compare_value(fs, n, r);
    }
    int r = dst >= 0 ? dst : alloc_reg(fs);
    int mark = fs->freereg;
    if (op == T_NOT) { /* !d of a dynamic d: a bool, or Go's message */
        int a = cg_expr_to(fs, x, &t_dyn, -1);
        set_line(fs, n->pos);
        add_dbg(fs, expr_string(x));
        emit_abc(fs, OP_DUNOP, r, a, op);
        cg_convert(fs, r, &t_dyn, n->type, true);
        free_to(fs, mark);
        return r;
    }
    if (is_dyn(n->type)) {
        int a = cg_expr_to(fs, x, &t_dyn, -1);
        set_line(fs, n->pos);
        add_dbg(fs, expr_string(x)); /* "operator - not defined on x" */
        emit_abc(fs, OP_DUNOP, r, a, op);
        free_to(fs, mark);
        return r;
    }
    int a = cg_expr_to(fs, x, n->type, -1);
    Type *t = n->type;
    switch (op) {
    case T_ADD: if (a != r) emit_abc(fs, OP_MOVE, r, a, 0); break;
    case T_SUB: emit_abc(fs, kind_is_float(t->ukind) ? OP_NEG_F : OP_NEG_I, r, a, 0); normalise(fs, r, t); break;
    case T_XOR: emit_abc(fs, OP_NOT_I, r, a, 0); normalise(fs, r, t); break;
    }
    free_to(fs, mark);
    return r;
}

static int cg_star(FuncState *fs, Node *n, int dst) {
    int r = dst >= 0 ? dst : alloc_reg(fs);
    int mark = fs->freereg;
    int p = cg_expr(fs, n->un.x, -1);
    set_line(fs, n->pos);
    if (is_dyn(n->un.x->type)) {
        add_dbg(fs, expr_string(n->un.x));
        emit_abc(fs, OP_DUNOP, r, p, T_MUL);
    } else if (n->type->rep == REP_VAL) { /* *p of a struct: the object itself */
        emit_abc(fs, OP_NILCHK, p, 0, 0);
        if (p != r) emit_abc(fs, OP_MOVE, r, p, 0);
    } else {
        emit_abc(fs, OP_LOAD, r, p, 0);
    }
    free_to(fs, mark);
    return r;
}

static int cg_type_assert(FuncState *fs, Node *n, int dst, bool comma_ok) {
    int r = dst >= 0 ? dst : alloc_regs(fs, comma_ok ? 2 : 1);
    int mark = fs->freereg;
    int x = cg_expr(fs, n->assert.x, -1);
    set_line(fs, n->pos);
    emit_abc(fs, OP_ASSERT, r, x, comma_ok ? ASSERT_COMMAOK : ASSERT_PANIC);
    emit_assert_word(fs, n->type, n->assert.x->type);
    free_to(fs, mark);
    return r;
}

static int cg_func_lit(FuncState *fs, Node *n, int dst) {
    int r = dst >= 0 ? dst : alloc_reg(fs);
    int idx = compile_literal(fs, n->ref);
    emit_abx(fs, OP_CLOSURE, r, idx);
    return r;
}

static int cg_ident(FuncState *fs, Node *n, int dst) {
    Object *o = n->ref;
    if (!o) {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        emit_abc(fs, OP_LOADNIL, r, 0, 0);
        return r;
    }
    switch (o->kind) {
    case OBJ_VAR: return cg_var_read(fs, o, dst, n->pos);
    case OBJ_FUNC: {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        emit_abx(fs, OP_LOADK, r, k_value(fs, VAL_PTR(func_closure(fs->cc, o))));
        return r;
    }
    default: {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        emit_abc(fs, OP_LOADNIL, r, 0, 0);
        return r;
    }
    }
}

static int cg_expr_inner(FuncState *fs, Node *n, int dst);

/* Temporaries used while computing a value are released afterwards: with
 * dst given, everything above the entry level; otherwise all but the result
 * register. Callers rely on this to lay out consecutive argument registers. */
int cg_expr(FuncState *fs, Node *n, int dst) {
    int mark = fs->freereg;
    int r = cg_expr_inner(fs, n, dst);
    if (dst >= 0) free_to(fs, mark > dst ? mark : dst + 1);
    else if (r >= mark) free_to(fs, r + 1);
    return r;
}

static int cg_expr_inner(FuncState *fs, Node *n, int dst) {
    if (n->mode == M_CONST && n->cval) {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        cg_load_const(fs, n, n->type, r);
        return r;
    }
    switch (n->kind) {
    case N_IDENT: return cg_ident(fs, n, dst);
    case N_PAREN: return cg_expr(fs, n->un.x, dst);
    case N_BINARY: return cg_binary(fs, n, dst);
    case N_UNARY: return cg_unary(fs, n, dst);
    case N_STAR: return cg_star(fs, n, dst);
    case N_SELECTOR: return cg_selector(fs, n, dst);
    case N_INDEX: return cg_index(fs, n, dst);
    case N_SLICE_EXPR: return cg_slice_expr(fs, n, dst);
    case N_TYPE_ASSERT: return cg_type_assert(fs, n, dst, false);
    case N_CALL: return cg_call(fs, n, 1, dst);
    case N_COMPOSITE: return cg_composite(fs, n, dst);
    case N_FUNC_LIT: return cg_func_lit(fs, n, dst);
    default: {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        cg_error(fs, n->pos, "internal error: cannot compile %s", ast_kind_name(n->kind));
        return r;
    }
    }
}

/* ---- addresses ---- */

int cg_address(FuncState *fs, Node *x, int dst) {
    while (x->kind == N_PAREN) x = x->un.x;
    int r = dst >= 0 ? dst : alloc_reg(fs);
    int mark = fs->freereg;
    if (x->kind == N_COMPOSITE) {
        cg_expr(fs, x, r);
        if (x->type->rep != REP_VAL) { /* &[]int{...}: a cell holding it */
            emit_abc(fs, OP_NEWCELL, r, r, 0);
        }
        return r;
    }
    if (x->type->rep == REP_VAL) { /* the object is its own address */
        cg_expr(fs, x, r);
        return r;
    }
    switch (x->kind) {
    case N_IDENT: {
        Object *o = x->ref;
        if (o->is_global) {
            emit_abx(fs, OP_LOADK, r, k_value(fs, VAL_PTR(o->cell ? o->cell : (o->cell = cell_new(zero_value(o->type))))));
            return r;
        }
        if (o->owner && o->owner != fs->fi) {
            emit_abc(fs, OP_GETUP, r, upvalue_index(fs, o), 0);
            return r;
        }
        emit_abc(fs, OP_MOVE, r, o->reg, 0); /* the cell is the address */
        return r;
    }
    case N_SELECTOR: {
        Selection *sel = x->ref;
        int base = cg_expr(fs, x->sel.x, -1);
        int holder = walk_path(fs, base, x->sel.x->type, sel);
        set_line(fs, x->pos);
        emit_abc(fs, OP_FIELDADDR, r, holder, sel->index);
        free_to(fs, mark);
        return r;
    }
    case N_INDEX: {
        Node *a = x->index.x;
        int base = cg_expr(fs, a, -1);
        int ir = cg_expr_to(fs, x->index.indices.items[0], &t_int, -1);
        set_line(fs, x->pos);
        emit_abc(fs, OP_ELEMADDR, r, base, ir);
        emit_extra(fs, rep_class(a->type));
        free_to(fs, mark);
        return r;
    }
    case N_STAR: {
        int p = cg_expr(fs, x->un.x, r);
        emit_abc(fs, OP_NILCHK, p, 0, 0);
        return r;
    }
    default:
        cg_error(fs, x->pos, "cannot take the address of %s", expr_string(x));
        return r;
    }
}

/* ---- conditions ---- */

static int cmp_op(int op, Type *t, bool *swap, bool *negate) {
    *swap = false;
    *negate = false;
    bool f = kind_is_float(t->ukind);
    bool u = kind_is_unsigned(t->ukind);
    bool s = t->ukind == K_STRING;
    switch (op) {
    case T_NEQ: *negate = true; /* fallthrough */
    case T_EQL: return s ? OP_EQ_S : f ? OP_EQ_F : OP_EQ_I;
    case T_GTR: *swap = true; /* fallthrough */
    case T_LSS: return s ? OP_LT_S : f ? OP_LT_F : u ? OP_LT_U : OP_LT_I;
    case T_GEQ: *swap = true; /* fallthrough */
    case T_LEQ: return s ? OP_LE_S : f ? OP_LE_F : u ? OP_LE_U : OP_LE_I;
    }
    return OP_NOP;
}

static bool simple_eq_type(Type *t) {
    int k = t->ukind;
    return k == K_BOOL || kind_is_numeric(k) || k == K_STRING || k == K_POINTER || k == K_CHAN ||
           k == K_UNSAFEPTR || k == K_FUNC || k == K_MAP || k == K_SLICE;
}

static bool is_nil_lit(Node *n) {
    while (n->kind == N_PAREN) n = n->un.x;
    return n->kind == N_IDENT && n->ref && ((Object *)n->ref)->kind == OBJ_NIL;
}

/* Emits the test for comparison n and a JMP taken when the result equals
 * `when`; returns the JMP. */
static int cg_compare_jump(FuncState *fs, Node *n, bool when) {
    Node *x = n->bin.x, *y = n->bin.y;
    int op = n->bin.op;
    int mark = fs->freereg;
    Type *t = x->type == &t_untyped_nil ? y->type : x->type;
    if (type_is_untyped(t) && !is_dyn(y->type)) t = y->type == &t_untyped_nil ? default_type(t) : y->type;
    if (type_is_untyped(t)) t = default_type(t);
    if (is_dyn(x->type) || is_dyn(y->type)) {
        int flags = 0;
        int a = alloc_reg(fs), b = alloc_reg(fs);
        if (x->mode == M_CONST && type_is_untyped(x->type)) flags |= DOP_X_UNTYPED;
        if (y->mode == M_CONST && type_is_untyped(y->type)) flags |= DOP_Y_UNTYPED;
        cg_expr_to(fs, x, &t_dyn, a);
        cg_expr_to(fs, y, &t_dyn, b);
        set_line(fs, n->pos);
        add_dbg(fs, expr_string(n));
        emit_abc(fs, OP_DCMP, a, b, when);
        emit_extra(fs, op | (flags << 8));
        free_to(fs, mark);
        return emit_jump(fs);
    }
    int64_t imm;
    if (kind_is_integer(t->ukind) && !kind_is_unsigned(t->ukind) && is_small_int_const(y, &imm)) {
        int a = cg_expr_to(fs, x, t, -1);
        int iop = op == T_EQL || op == T_NEQ ? OP_EQI : op == T_LSS ? OP_LTI : op == T_LEQ ? OP_LEI
                  : op == T_GTR ? OP_GTI : OP_GEI;
        bool k = op == T_NEQ ? !when : when;
        set_line(fs, n->pos);
        emit_abc(fs, iop, a, (int)imm & (int)ARGMASK, k);
        free_to(fs, mark);
        return emit_jump(fs);
    }
    Type *ct = t;
    bool with_nil = is_nil_lit(x) || is_nil_lit(y);
    int a = cg_expr_to(fs, x, ct, -1);
    int b = cg_expr_to(fs, y, ct, -1);
    set_line(fs, n->pos);
    if (with_nil) { /* nil is the 0 word in every representation */
        emit_abc(fs, OP_EQ_I, a, b, op == T_NEQ ? !when : when);
        free_to(fs, mark);
        return emit_jump(fs);
    }
    if (ct->rep == REP_DYN || ct->rep == REP_VAL || !simple_eq_type(ct)) {
        bool neg = op == T_NEQ;
        emit_abc(fs, OP_EQ_T, a, b, neg ? !when : when);
        emit_type_word(fs, ct);
        free_to(fs, mark);
        return emit_jump(fs);
    }
    bool swap, negate;
    int cop = cmp_op(op, ct, &swap, &negate);
    bool k = negate ? !when : when;
    if (swap) emit_abc(fs, cop, b, a, k);
    else emit_abc(fs, cop, a, b, k);
    free_to(fs, mark);
    return emit_jump(fs);
}

int cg_cond_jump(FuncState *fs, Node *n, bool when) {
    while (n->kind == N_PAREN) n = n->un.x;
    if (n->mode == M_CONST && n->cval && n->cval->kind == C_BOOL) {
        if (n->cval->b == when) return emit_jump(fs);
        /* never taken: a jump over nothing */
        int j = emit_jump(fs);
        fs->code[j] = INS(OP_NOP, 0, 0, 0);
        return j;
    }
    if (n->kind == N_UNARY && n->un.op == T_NOT && !is_dyn(n->un.x->type)) return cg_cond_jump(fs, n->un.x, !when);
    if (n->kind == N_BINARY) {
        int op = n->bin.op;
        if (op == T_LAND || op == T_LOR) {
            bool is_and = op == T_LAND;
            /* (a && b) jumps when true: if !a skip; if b jump */
            if (is_and == when) {
                int skip = cg_cond_jump(fs, n->bin.x, !when);
                int j = cg_cond_jump(fs, n->bin.y, when);
                patch_here(fs, skip);
                return j;
            }
            /* jump when a gives the answer, or when b does */
            int j1 = cg_cond_jump(fs, n->bin.x, when);
            int j2 = cg_cond_jump(fs, n->bin.y, when);
            /* j1 lands on j2, a JMP, which goes wherever j2 is patched to */
            patch_jump(fs, j1, j2);
            return j2;
        }
        if (op == T_EQL || op == T_NEQ || op == T_LSS || op == T_LEQ || op == T_GTR || op == T_GEQ)
            return cg_compare_jump(fs, n, when);
    }
    int mark = fs->freereg;
    int r = cg_expr(fs, n, -1);
    set_line(fs, n->pos);
    if (is_dyn(n->type)) add_dbg(fs, expr_string(n));
    emit_abc(fs, is_dyn(n->type) ? OP_DTEST : OP_TEST, r, 0, when);
    free_to(fs, mark);
    return emit_jump(fs);
}

/* ---- stores ---- */

/* An assignment target with its operands evaluated (Go evaluates index
 * operands and pointer indirections on the left before the right side). */
void cg_lvalue_prepare(FuncState *fs, Node *lhs, LValue *lv) {
    while (lhs->kind == N_PAREN) lhs = lhs->un.x;
    memset(lv, 0, sizeof *lv);
    lv->node = lhs;
    lv->type = lhs->type;
    if (lhs->kind == N_IDENT) {
        lv->kind = LV_VAR;
        lv->obj = lhs->ref;
        if (!lv->obj || (lhs->ident.name[0] == '_' && lhs->ident.name[1] == 0)) lv->kind = LV_BLANK;
        return;
    }
    set_line(fs, lhs->pos);
    if (lhs->kind == N_SELECTOR) {
        Node *x = lhs->sel.x;
        if (lhs->aux == -1) {
            lv->kind = LV_DYNFIELD;
            lv->text = expr_string(x);
            lv->base = cg_expr(fs, x, alloc_reg(fs));
            lv->name_k = k_string(fs, lhs->sel.name, (int64_t)strlen(lhs->sel.name));
            return;
        }
        if (x->mode == M_PACKAGE) {
            lv->kind = LV_VAR;
            lv->obj = lhs->ref;
            return;
        }
        Selection *sel = lhs->ref;
        int base = cg_expr(fs, x, alloc_reg(fs));
        int holder = walk_path(fs, base, x->type, sel);
        Type *ht = path_end_type(x->type, sel);
        lv->kind = LV_FIELD;
        lv->base = holder;
        lv->index = sel->index;
        lv->ptr = ht->ukind == K_POINTER;
        if (lv->ptr) emit_abc(fs, OP_NILCHK, holder, 0, 0);
        return;
    }
    if (lhs->kind == N_INDEX) {
        Node *x = lhs->index.x;
        Node *i = lhs->index.indices.items[0];
        Type *t = x->type;
        lv->base = cg_expr(fs, x, alloc_reg(fs));
        if (is_dyn(t)) {
            lv->kind = LV_DYNINDEX;
            lv->idx = cg_expr_to(fs, i, &t_dyn, alloc_reg(fs));
        } else if (t->ukind == K_MAP) {
            lv->kind = LV_MAP;
            lv->idx = cg_expr_to(fs, i, t->under->key, alloc_reg(fs));
        } else {
            int cls = rep_class(t);
            lv->kind = cls == RC_ARRAY || cls == RC_PTRARRAY ? LV_ARRAY : LV_SLICE;
            lv->idx = cg_expr_to(fs, i, &t_int, alloc_reg(fs));
            if (cls == RC_PTRARRAY) emit_abc(fs, OP_NILCHK, lv->base, 0, 0);
        }
        return;
    }
    if (lhs->kind == N_STAR) {
        lv->kind = is_dyn(lhs->un.x->type) ? LV_DYNDEREF : LV_DEREF;
        lv->base = cg_expr(fs, lhs->un.x, alloc_reg(fs));
        if (lv->kind == LV_DEREF) emit_abc(fs, OP_NILCHK, lv->base, 0, 0);
        return;
    }
    cg_error(fs, lhs->pos, "internal error: cannot assign to %s", expr_string(lhs));
    lv->kind = LV_BLANK;
}

/* Loads the current value of a prepared target (not LV_BLANK) into dst:
 * x op= y reads and writes its target with operands evaluated once. */
void cg_lvalue_load(FuncState *fs, LValue *lv, int dst) {
    Type *lt = lv->type;
    set_line(fs, lv->node->pos);
    switch (lv->kind) {
    case LV_BLANK: break;
    case LV_VAR: cg_var_read(fs, lv->obj, dst, lv->node->pos); break;
    case LV_DYNFIELD:
        add_dbg(fs, lv->text);
        emit_abc(fs, OP_DGETF, dst, lv->base, lv->name_k);
        break;
    case LV_DYNINDEX:
        add_dbg(fs, expr_string(lv->node->index.x));
        emit_abc(fs, OP_DINDEX, dst, lv->base, lv->idx);
        break;
    case LV_DYNDEREF:
        add_dbg(fs, expr_string(lv->node->un.x));
        emit_abc(fs, OP_DUNOP, dst, lv->base, T_MUL);
        break;
    case LV_MAP:
        emit_abc(fs, OP_MAPGET, dst, lv->base, lv->idx);
        emit_type_word(fs, lv->node->index.x->type);
        break;
    case LV_FIELD: emit_abc(fs, OP_GETF, dst, lv->base, lv->index); break;
    case LV_SLICE: case LV_ARRAY: emit_abc(fs, lv->kind == LV_ARRAY ? OP_ARGET : OP_SLGET, dst, lv->base, lv->idx); break;
    case LV_DEREF: emit_abc(fs, OP_LOAD, dst, lv->base, 0); break;
    }
    (void)lt;
}

/* Stores reg (a word of the target's type) into a prepared target. */
void cg_lvalue_store(FuncState *fs, LValue *lv, int reg) {
    int mark = fs->freereg;
    Type *lt = lv->type;
    set_line(fs, lv->node->pos);
    switch (lv->kind) {
    case LV_BLANK: return;
    case LV_VAR: cg_var_write(fs, lv->obj, reg); return;
    case LV_DYNFIELD:
        add_dbg(fs, lv->text);
        emit_abc(fs, OP_DSETF, lv->base, lv->name_k, reg);
        return;
    case LV_DYNINDEX: emit_abc(fs, OP_DSETINDEX, lv->base, lv->idx, reg); return;
    case LV_DYNDEREF: emit_abc(fs, OP_DSETINDEX, lv->base, lv->base, reg); return;
    case LV_MAP: emit_abc(fs, OP_MAPSET, lv->base, lv->idx, reg); return;
    case LV_FIELD:
        if (lt->rep == REP_VAL) {
            int fo = alloc_reg(fs);
            emit_abc(fs, OP_GETF, fo, lv->base, lv->index);
            emit_abc(fs, OP_ASSIGNV, fo, reg, k_type(fs, lt));
        } else {
            emit_abc(fs, OP_SETF, lv->base, lv->index, reg);
        }
        break;
    case LV_SLICE: case LV_ARRAY:
        if (lt->rep == REP_VAL) {
            int eo = alloc_reg(fs);
            emit_abc(fs, lv->kind == LV_ARRAY ? OP_ARGET : OP_SLGET, eo, lv->base, lv->idx);
            emit_abc(fs, OP_ASSIGNV, eo, reg, k_type(fs, lt));
        } else {
            emit_abc(fs, lv->kind == LV_ARRAY ? OP_ARSET : OP_SLSET, lv->base, lv->idx, reg);
        }
        break;
    case LV_DEREF:
        if (lt->rep == REP_VAL) emit_abc(fs, OP_ASSIGNV, lv->base, reg, k_type(fs, lt));
        else emit_abc(fs, OP_STORE, lv->base, reg, 0);
        break;
    }
    free_to(fs, mark);
}

void cg_store(FuncState *fs, Node *lhs, int reg, Type *vt, bool fresh) {
    int mark = fs->freereg;
    LValue lv;
    cg_lvalue_prepare(fs, lhs, &lv);
    cg_lvalue_store(fs, &lv, reg);
    free_to(fs, mark);
    (void)vt;
    (void)fresh;
}
