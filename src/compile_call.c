/* compile_call.c: calls (static, interface, dynamic), receivers and method
 * values, conversions, builtins, go/defer, and the wrappers that let
 * interface dispatch reach promoted methods. */
#include "compile.h"
#include "lexer.h"
#include "runtime.h"
#include <stdio.h>
#include <stdlib.h>

static bool is_dyn(Type *t) { return t && t->kind == K_DYN; }

/* ---- helpers ---- */

static void load_closure(FuncState *fs, Object *fn, int r) {
    emit_abx(fs, OP_LOADK, r, k_value(fs, VAL_PTR(func_closure(fs->cc, fn))));
}

/* A closure over a native helper for builtins used in go/defer
 * ("builtin.close" ...), whose arguments are dynamic words. */
static Closure *builtin_closure(FuncState *fs, const char *name, int nparams) {
    CompilerCtx *cc = fs->cc;
    Proto *p = NEW(Proto);
    p->name = name;
    p->native = cc->find_native ? cc->find_native(cc->vm, name) : NULL;
    p->nparams = (uint32_t)nparams;
    p->nregs = (uint32_t)nparams + 2;
    p->file = cc->file;
    Type **ps = NEW_ARRAY(Type *, nparams + 1);
    for (int i = 0; i < nparams; i++) ps[i] = &t_dyn;
    p->sig = type_func(cc->tt, ps, nparams, NULL, 0, false);
    if (!p->native) cg_error(fs, (Pos){fs->line, 1}, "internal error: no native %s", name);
    return closure_new(p->sig, p, 0);
}

/* The static callee object of a call, if known at compile time. */
static Object *static_callee(Node *fn) {
    while (fn->kind == N_PAREN) fn = fn->un.x;
    if (fn->kind == N_IDENT || fn->kind == N_INDEX) {
        Object *o = fn->kind == N_INDEX ? fn->ref : fn->ref;
        if (fn->kind == N_INDEX && !o) o = fn->index.x->ref;
        if (o && o->kind == OBJ_FUNC && (!o->ntparams || o->is_instance)) return o;
        return NULL;
    }
    if (fn->kind == N_SELECTOR && fn->sel.x->mode == M_PACKAGE) {
        Object *o = fn->ref;
        if (o && o->kind == OBJ_FUNC) return o;
    }
    return NULL;
}

/* Packs variadic arguments from `first` (n of them, already converted to
 * the element type) into a slice of type st in register `dst`. */
static void pack_variadic(FuncState *fs, int dst, int first, int n, Type *st) {
    if (n == 0) {
        emit_abc(fs, OP_LOADNIL, dst, 0, 0);
        return;
    }
    emit_abc(fs, OP_NEWSLICE, dst, n, first);
    emit_type_word(fs, st);
}

/* Compiles the arguments of call n for signature sig into registers from
 * `first`; returns how many argument registers the callee gets. */
static int cg_args(FuncState *fs, Node *n, Type *sig, int first) {
    NodeList *args = &n->call.args;
    int np = sig->nparams;
    bool variadic = sig->variadic && !n->call.ellipsis;
    /* f(g()) with several results */
    if (args->n == 1 && args->items[0]->type->kind == K_TUPLE) {
        Node *g = args->items[0];
        Type *tt = g->type;
        int r = alloc_regs(fs, tt->nparams > np ? tt->nparams : np);
        if (r != first) cg_error(fs, n->pos, "internal error: argument registers");
        int got = cg_call(fs, g, tt->nparams, first);
        (void)got;
        int fixed = variadic ? np - 1 : np;
        for (int i = 0; i < fixed && i < tt->nparams; i++) cg_convert(fs, first + i, tt->params[i], sig->params[i], true);
        if (variadic) {
            Type *et = sig->params[np - 1]->elem;
            for (int i = fixed; i < tt->nparams; i++) cg_convert(fs, first + i, tt->params[i], et, true);
            pack_variadic(fs, first + fixed, first + fixed, tt->nparams - fixed, sig->params[np - 1]);
        }
        return np;
    }
    int fixed = variadic ? np - 1 : np;
    for (int i = 0; i < fixed && i < args->n; i++) {
        int r = alloc_reg(fs);
        cg_expr_to(fs, args->items[i], sig->params[i], r);
    }
    if (!variadic) return np;
    Type *st = sig->params[np - 1];
    int nextra = args->n - fixed;
    int slot = alloc_reg(fs);
    int mark = fs->freereg;
    int start = fs->freereg;
    for (int i = 0; i < nextra; i++) {
        int r = alloc_reg(fs);
        cg_expr_to(fs, args->items[fixed + i], st->elem, r);
    }
    pack_variadic(fs, slot, start, nextra, st);
    free_to(fs, mark);
    return np;
}

/* Dynamic arguments (for a dynamic callee): every argument as a dynamic
 * word; returns the count. */
static int cg_dyn_args(FuncState *fs, Node *n) {
    NodeList *args = &n->call.args;
    for (int i = 0; i < args->n; i++) {
        int r = alloc_reg(fs);
        cg_expr_to(fs, args->items[i], &t_dyn, r);
    }
    return args->n;
}

/* ---- receivers ---- */

static Type *step_type(Type *t, int idx) {
    Type *st = t->ukind == K_POINTER ? t->under->elem : t;
    return st->under->fields[idx].type;
}

/* Evaluates the receiver of method selection `sel` on expression x into
 * register r, adjusted to what the method expects: the object/pointer for a
 * pointer receiver, a copy of the value for a value receiver. */
static void cg_receiver(FuncState *fs, Node *x, Selection *sel, bool ptr_recv, int r) {
    int mark = fs->freereg;
    Type *t = x->type;
    int cur;
    bool need_addr_of_var = ptr_recv && sel->npath == 0 && t->ukind != K_POINTER && t->rep != REP_VAL;
    if (need_addr_of_var) {
        cg_address(fs, x, r); /* x is an addressable non-struct variable */
        return;
    }
    cur = cg_expr(fs, x, -1);
    for (int i = 0; i < sel->npath; i++) {
        int tmp = alloc_reg(fs);
        emit_abc(fs, t->ukind == K_POINTER ? OP_GETFP : OP_GETF, tmp, cur, sel->path[i]);
        t = step_type(t, sel->path[i]);
        cur = tmp;
    }
    bool is_ptr = t->ukind == K_POINTER;
    Type *vt = is_ptr ? t->under->elem : t;
    if (ptr_recv) {
        if (cur != r) emit_abc(fs, OP_MOVE, r, cur, 0);
        if (!is_ptr && vt->rep != REP_VAL)
            cg_error(fs, x->pos, "internal error: pointer method on unaddressable embedded value");
    } else if (is_ptr) {
        if (vt->rep == REP_VAL) {
            emit_abc(fs, OP_NILCHK, cur, 0, 0);
            emit_abc(fs, OP_COPY, r, cur, k_type(fs, vt));
        } else {
            emit_abc(fs, OP_LOAD, r, cur, 0);
        }
    } else if (vt->rep == REP_VAL && !(sel->npath == 0 && cg_is_fresh(x))) {
        emit_abc(fs, OP_COPY, r, cur, k_type(fs, vt));
    } else if (cur != r) {
        emit_abc(fs, OP_MOVE, r, cur, 0);
    }
    free_to(fs, mark > r + 1 ? mark : r + 1);
}

/* ---- calls ---- */

static int finish_call(FuncState *fs, int base, int nres, int dst) {
    if (dst >= 0 && dst != base) {
        for (int i = 0; i < (nres ? nres : 1); i++) emit_abc(fs, OP_MOVE, dst + i, base + i, 0);
        free_to(fs, dst + (nres ? nres : 1) > base ? dst + (nres ? nres : 1) : base);
        return dst;
    }
    free_to(fs, base + (nres > 0 ? nres : 1));
    return base;
}

static int cg_method_call(FuncState *fs, Node *n, Node *fn, int nres, int dst) {
    Selection *sel = fn->ref;
    Node *x = fn->sel.x;
    int base = alloc_reg(fs);
    alloc_reg(fs); /* receiver */
    if (sel->imethod) { /* through an interface */
        int mark = fs->freereg;
        int cur = cg_expr(fs, x, -1);
        Type *t = x->type;
        for (int i = 0; i < sel->npath; i++) {
            int tmp = alloc_reg(fs);
            emit_abc(fs, t->ukind == K_POINTER ? OP_GETFP : OP_GETF, tmp, cur, sel->path[i]);
            t = step_type(t, sel->path[i]);
            cur = tmp;
        }
        emit_abc(fs, OP_MOVE, base + 1, cur, 0);
        free_to(fs, mark);
        int na = cg_args(fs, n, sel->type, base + 2);
        set_line(fs, n->pos);
        emit_abc(fs, OP_CALLI, base, na + 1, nres);
        emit_extra(fs, k_string(fs, sel->imethod->name, (int64_t)strlen(sel->imethod->name)));
        return finish_call(fs, base, nres, dst);
    }
    Method *m = sel->method;
    Object *mo = m->decl;
    load_closure(fs, mo, base);
    cg_receiver(fs, x, sel, m->ptr_recv, base + 1);
    int na = cg_args(fs, n, m->sig, base + 2);
    set_line(fs, n->pos);
    emit_abc(fs, OP_CALL, base, na + 1, nres);
    return finish_call(fs, base, nres, dst);
}

static int cg_dyn_method_call(FuncState *fs, Node *n, Node *fn, int nres, int dst) {
    int base = alloc_reg(fs);
    int rr = alloc_reg(fs);
    cg_expr_to(fs, fn->sel.x, &t_dyn, rr);
    int na = cg_dyn_args(fs, n);
    set_line(fs, n->pos);
    add_dbg(fs, expr_string(fn->sel.x)); /* "x.m undefined (...)" */
    emit_abc(fs, OP_CALLD, base, na + 1, nres);
    emit_extra(fs, 1 + k_string(fs, fn->sel.name, (int64_t)strlen(fn->sel.name)));
    return finish_call(fs, base, nres, dst);
}

int cg_call(FuncState *fs, Node *n, int nres, int dst) {
    Node *fn = n->call.fn;
    while (fn->kind == N_PAREN) fn = fn->un.x;
    if (n->flags & NF_CONVERSION) {
        extern int cg_conversion(FuncState * fs, Node * n, int dst);
        return cg_conversion(fs, n, dst);
    }
    if (fn->mode == M_BUILTIN) return cg_builtin(fs, n, dst);
    set_line(fs, n->pos);
    if (fn->kind == N_SELECTOR && fn->aux == -1) return cg_dyn_method_call(fs, n, fn, nres, dst);
    if (fn->kind == N_SELECTOR && fn->aux == -3 && fn->sel.x->mode != M_PACKAGE)
        return cg_method_call(fs, n, fn, nres, dst);
    int base = alloc_reg(fs);
    Object *callee = static_callee(fn);
    if (callee) load_closure(fs, callee, base);
    else cg_expr(fs, fn, base);
    if (is_dyn(fn->type)) {
        int na = cg_dyn_args(fs, n);
        set_line(fs, n->pos);
        add_dbg(fs, expr_string(fn)); /* "cannot call non-function f()" */
        emit_abc(fs, OP_CALLD, base, na, nres);
        emit_extra(fs, 0);
        return finish_call(fs, base, nres, dst);
    }
    Type *sig = fn->type->under;
    int na = cg_args(fs, n, sig, base + 1);
    set_line(fs, n->pos);
    /* Go's traceback line of a call is the line of its '(': for
     * func() { ... }() that is the literal's last line */
    if (fn->kind == N_FUNC_LIT && fn->func.body) set_line(fs, fn->func.body->block.rbrace);
    emit_abc(fs, OP_CALL, base, na, nres);
    return finish_call(fs, base, nres, dst);
}

/* ---- method values ---- */

int cg_method_value(FuncState *fs, Node *sel_node, int dst) {
    Selection *sel = sel_node->ref;
    int r = dst >= 0 ? dst : alloc_reg(fs);
    int mark = fs->freereg;
    int recv = alloc_reg(fs);
    if (sel->imethod) {
        cg_expr(fs, sel_node->sel.x, recv);
        emit_abc(fs, OP_METHOD, r, recv, k_string(fs, sel->imethod->name, (int64_t)strlen(sel->imethod->name)));
        emit_extra(fs, 1);
    } else {
        cg_receiver(fs, sel_node->sel.x, sel, sel->method->ptr_recv, recv);
        emit_abc(fs, OP_METHOD, r, recv, k_value(fs, VAL_PTR(func_closure(fs->cc, sel->method->decl))));
        emit_extra(fs, 0);
    }
    free_to(fs, mark);
    return r;
}

/* ---- conversions ---- */

static int conv_code(Type *from, Type *to) {
    Type *fu = from->under, *tu = to->under;
    if (tu->kind == K_STRING) {
        if (kind_is_integer(fu->kind)) return CV_INT_TO_STRING;
        if (fu->kind == K_SLICE) return fu->elem->under->kind == K_UINT8 ? CV_BYTES_TO_STRING : CV_RUNES_TO_STRING;
        return -1;
    }
    if (fu->kind == K_STRING && tu->kind == K_SLICE)
        return tu->elem->under->kind == K_UINT8 ? CV_STRING_TO_BYTES : CV_STRING_TO_RUNES;
    if (fu->kind == K_SLICE && tu->kind == K_ARRAY) return CV_SLICE_TO_ARRAY;
    if (fu->kind == K_SLICE && tu->kind == K_POINTER) return CV_SLICE_TO_ARRAYPTR;
    return -1;
}

int cg_conversion(FuncState *fs, Node *n, int dst) {
    Type *to = n->type;
    Node *x = n->call.args.items[0];
    Type *from = x->type;
    if (type_is_untyped(from) && from != &t_untyped_nil) from = default_type(from);
    int r = dst >= 0 ? dst : alloc_reg(fs);
    if (to->rep == REP_DYN) return cg_expr_to(fs, x, to, r);
    if (is_dyn(from) || from->rep == REP_DYN) {
        int xr = cg_expr(fs, x, -1);
        set_line(fs, n->pos);
        emit_abc(fs, OP_CONV, r, xr, CV_DYN);
        emit_type_word(fs, to);
        return r;
    }
    cg_expr(fs, x, r);
    set_line(fs, n->pos);
    int fk = from->ukind, tk = to->ukind;
    if (kind_is_numeric(fk) && kind_is_numeric(tk)) {
        bool ff = kind_is_float(fk), tf = kind_is_float(tk);
        if (!ff && tf) emit_abc(fs, kind_is_unsigned(fk) ? OP_U2F : OP_I2F, r, r, 0);
        else if (ff && !tf) {
            emit_abc(fs, OP_F2I, r, r, tk);
            return r;
        }
        if (tk == K_FLOAT32 && fk != K_FLOAT32) emit_abc(fs, OP_ROUND32, r, r, 0);
        if (!tf && kind_bits(tk) < 64 && (kind_bits(fk) > kind_bits(tk) || kind_is_unsigned(fk) != kind_is_unsigned(tk) ||
                                          kind_bits(fk) == kind_bits(tk)))
            emit_abc(fs, OP_NORM, r, r, tk);
        return r;
    }
    int code = conv_code(from, to);
    if (code >= 0) {
        emit_abc(fs, OP_CONV, r, r, code);
        emit_type_word(fs, to);
        return r;
    }
    if (to->rep == REP_VAL) emit_abc(fs, OP_COPY, r, r, k_type(fs, to));
    return r;
}

/* ---- builtins ---- */

static Node *arg(Node *n, int i) { return n->call.args.items[i]; }

static int cg_make(FuncState *fs, Node *n, int r) {
    Type *t = n->type;
    int mark = fs->freereg;
    int na = n->call.args.n;
    switch (t->ukind) {
    case K_SLICE: {
        int l = alloc_reg(fs);
        cg_expr_to(fs, arg(n, 1), is_dyn(arg(n, 1)->type) ? &t_dyn : &t_int, l);
        int c = l;
        if (na > 2) {
            c = alloc_reg(fs);
            cg_expr_to(fs, arg(n, 2), is_dyn(arg(n, 2)->type) ? &t_dyn : &t_int, c);
        }
        if (is_dyn(arg(n, 1)->type)) emit_abc(fs, OP_ASSERT, l, l, ASSERT_IMPLICIT), emit_type_word(fs, &t_int);
        if (na > 2 && is_dyn(arg(n, 2)->type)) emit_abc(fs, OP_ASSERT, c, c, ASSERT_IMPLICIT), emit_type_word(fs, &t_int);
        set_line(fs, n->pos);
        emit_abc(fs, OP_MAKESLICE, r, l, na > 2 ? c : MAXARG);
        emit_type_word(fs, t);
        break;
    }
    case K_MAP: {
        int h = alloc_reg(fs);
        if (na > 1) cg_expr_to(fs, arg(n, 1), &t_int, h);
        else emit_abc(fs, OP_LOADNIL, h, 0, 0);
        emit_abc(fs, OP_MAKEMAP, r, h, 0);
        emit_type_word(fs, t);
        break;
    }
    case K_CHAN: {
        int sz = alloc_reg(fs);
        if (na > 1) cg_expr_to(fs, arg(n, 1), &t_int, sz);
        else emit_abc(fs, OP_LOADNIL, sz, 0, 0);
        set_line(fs, n->pos);
        emit_abc(fs, OP_MAKECHAN, r, sz, k_type(fs, t));
        break;
    }
    }
    free_to(fs, mark);
    return r;
}

static int cg_append(FuncState *fs, Node *n, int r) {
    Type *st = n->type;
    int mark = fs->freereg;
    cg_expr_to(fs, arg(n, 0), st, r);
    Type *et = is_dyn(st) ? &t_dyn : st->under->elem;
    if (n->call.ellipsis) {
        Node *x = arg(n, 1);
        int o = cg_expr(fs, x, -1);
        bool is_str = x->type->ukind == K_STRING || x->type->kind == K_UNTYPED_STRING;
        set_line(fs, n->pos);
        emit_abc(fs, OP_APPENDSL, r, r, o);
        emit_extra(fs, ((int64_t)k_type(fs, st) << 1) | is_str);
        free_to(fs, mark);
        return r;
    }
    int nv = n->call.args.n - 1;
    if (nv == 0) return r;
    int first = fs->freereg;
    for (int i = 0; i < nv; i++) {
        int v = alloc_reg(fs);
        Node *e = arg(n, i + 1);
        if (e->kind == N_COMPOSITE && !e->comp.type && (e->flags & NF_IMPLICIT_DEREF)) {
            cg_expr(fs, e, v);
            if (et->under->elem && et->under->elem->rep != REP_VAL) emit_abc(fs, OP_NEWCELL, v, v, 0);
        } else {
            cg_expr_to(fs, e, et, v);
        }
    }
    set_line(fs, n->pos);
    emit_abc(fs, OP_APPEND, r, first, nv);
    emit_type_word(fs, st);
    free_to(fs, mark);
    return r;
}

static int cg_print(FuncState *fs, Node *n, bool ln) {
    int mark = fs->freereg;
    int first = fs->freereg;
    for (int i = 0; i < n->call.args.n; i++) {
        int r = alloc_reg(fs);
        cg_expr_to(fs, arg(n, i), &t_dyn, r);
    }
    emit_abc(fs, OP_PRINT, first, n->call.args.n, ln);
    free_to(fs, mark);
    return first;
}

static int builtin_of(Node *call) {
    Node *fn = call->call.fn;
    while (fn->kind == N_PAREN) fn = fn->un.x;
    return fn->ref ? ((Object *)fn->ref)->builtin : 0;
}

int cg_builtin(FuncState *fs, Node *n, int dst) {
    int id = builtin_of(n);
    set_line(fs, n->pos);
    if (n->mode == M_CONST && n->cval) {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        cg_load_const(fs, n, n->type, r);
        return r;
    }
    switch (id) {
    case B_LEN: case B_CAP: {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        int mark = fs->freereg;
        Node *x = arg(n, 0);
        int xr = cg_expr(fs, x, -1);
        if (is_dyn(x->type)) {
            add_dbg(fs, expr_string(x));
            emit_abc(fs, OP_DLEN, r, xr, id == B_CAP);
        } else {
            emit_abc(fs, id == B_LEN ? OP_LEN : OP_CAP, r, xr, rep_class(x->type));
        }
        free_to(fs, mark);
        return r;
    }
    case B_APPEND: return cg_append(fs, n, dst >= 0 ? dst : alloc_reg(fs));
    case B_MAKE: return cg_make(fs, n, dst >= 0 ? dst : alloc_reg(fs));
    case B_NEW: {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        Type *et = n->type->under->elem;
        emit_abx(fs, OP_LOADZERO, r, k_type(fs, et));
        if (et->rep != REP_VAL) emit_abc(fs, OP_NEWCELL, r, r, 0);
        return r;
    }
    case B_COPY: {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        int mark = fs->freereg;
        int d = cg_expr(fs, arg(n, 0), -1);
        int s = cg_expr(fs, arg(n, 1), -1);
        bool is_str = arg(n, 1)->type->ukind == K_STRING;
        emit_abc(fs, OP_COPYSL, r, d, s);
        emit_extra(fs, is_str);
        free_to(fs, mark);
        return r;
    }
    case B_DELETE: {
        int mark = fs->freereg;
        Node *m = arg(n, 0);
        int mr = cg_expr(fs, m, -1);
        int kr = cg_expr_to(fs, arg(n, 1), is_dyn(m->type) ? &t_dyn : m->type->under->key, -1);
        emit_abc(fs, OP_MAPDEL, mr, kr, is_dyn(m->type));
        free_to(fs, mark);
        return mark;
    }
    case B_CLEAR: {
        int mark = fs->freereg;
        int x = cg_expr(fs, arg(n, 0), -1);
        emit_abc(fs, OP_CLEAR, x, rep_class(arg(n, 0)->type), 0);
        free_to(fs, mark);
        return mark;
    }
    case B_CLOSE: {
        int mark = fs->freereg;
        int x = cg_chan_operand(fs, arg(n, 0), 3, MAXARG);
        set_line(fs, n->pos);
        emit_abc(fs, OP_CLOSE, x, 0, 0);
        free_to(fs, mark);
        return mark;
    }
    case B_PANIC: {
        int mark = fs->freereg;
        int x = cg_expr_to(fs, arg(n, 0), &t_any, -1);
        emit_abc(fs, OP_PANIC, x, 0, 0);
        free_to(fs, mark);
        return mark;
    }
    case B_RECOVER: {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        emit_abc(fs, OP_RECOVER, r, 0, 0);
        return r;
    }
    case B_PRINT: case B_PRINTLN: return cg_print(fs, n, id == B_PRINTLN);
    case B_MIN: case B_MAX: {
        int r = dst >= 0 ? dst : alloc_reg(fs);
        int mark = fs->freereg;
        int first = fs->freereg;
        Type *t = n->type;
        for (int i = 0; i < n->call.args.n; i++) cg_expr_to(fs, arg(n, i), t, alloc_reg(fs));
        add_dbg(fs, expr_string(n));
        emit_abc(fs, OP_MINMAX, r, first, n->call.args.n);
        emit_extra(fs, ((int64_t)k_type(fs, t) << 1) | (id == B_MAX));
        free_to(fs, mark);
        return r;
    }
    default:
        cg_error(fs, n->pos, "unsupported builtin");
        return dst >= 0 ? dst : alloc_reg(fs);
    }
}

/* ---- go and defer ---- */

static const char *builtin_native(int id, int *nparams, int nargs) {
    switch (id) {
    case B_CLOSE: *nparams = 1; return "builtin.close";
    case B_PANIC: *nparams = 1; return "builtin.panic";
    case B_PRINT: *nparams = nargs; return "builtin.print";
    case B_PRINTLN: *nparams = nargs; return "builtin.println";
    case B_DELETE: *nparams = 2; return "builtin.delete";
    case B_RECOVER: *nparams = 0; return "builtin.recover";
    case B_CLEAR: *nparams = 1; return "builtin.clear";
    case B_COPY: *nparams = 2; return "builtin.copy";
    default: return NULL;
    }
}

void cg_go_defer(FuncState *fs, Node *call, int op) {
    while (call->kind == N_PAREN) call = call->un.x;
    Node *fn = call->call.fn;
    while (fn->kind == N_PAREN) fn = fn->un.x;
    int mark = fs->freereg;
    int base = alloc_reg(fs);
    int nargs;
    set_line(fs, call->pos);
    if (fn->mode == M_BUILTIN) {
        int np = 0;
        const char *name = builtin_native(builtin_of(call), &np, call->call.args.n);
        if (!name) {
            cg_error(fs, call->pos, "%s of this builtin is not supported", op == OP_GO ? "go" : "defer");
            free_to(fs, mark);
            return;
        }
        Closure *cl = builtin_closure(fs, name, np);
        emit_abx(fs, OP_LOADK, base, k_value(fs, VAL_PTR(cl)));
        nargs = cg_dyn_args(fs, call);
    } else if (fn->kind == N_SELECTOR && (fn->aux == -3 || fn->aux == -1) && fn->sel.x->mode != M_PACKAGE) {
        if (fn->aux == -1) { /* dynamic receiver: bind now */
            int rr = alloc_reg(fs);
            cg_expr_to(fs, fn->sel.x, &t_dyn, rr);
            add_dbg(fs, expr_string(fn->sel.x)); /* "x.m undefined (...)" */
            emit_abc(fs, OP_METHOD, base, rr, k_string(fs, fn->sel.name, (int64_t)strlen(fn->sel.name)));
            emit_extra(fs, 2);
            free_to(fs, rr);
            nargs = cg_dyn_args(fs, call);
            emit_abc(fs, op, base, nargs, 1); /* C=1: dynamic arguments */
            free_to(fs, mark);
            return;
        }
        Selection *sel = fn->ref;
        if (sel->imethod) {
            cg_method_value(fs, fn, base);
            nargs = cg_args(fs, call, sel->type, base + 1);
        } else {
            load_closure(fs, sel->method->decl, base);
            int rr = alloc_reg(fs);
            cg_receiver(fs, fn->sel.x, sel, sel->method->ptr_recv, rr);
            nargs = 1 + cg_args(fs, call, sel->method->sig, base + 2);
        }
    } else {
        Object *callee = static_callee(fn);
        if (callee) load_closure(fs, callee, base);
        else cg_expr(fs, fn, base);
        if (is_dyn(fn->type)) {
            nargs = cg_dyn_args(fs, call);
            emit_abc(fs, op, base, nargs, 1);
            free_to(fs, mark);
            return;
        }
        nargs = cg_args(fs, call, fn->type->under, base + 1);
    }
    set_line(fs, call->pos);
    emit_abc(fs, op, base, nargs, 0);
    free_to(fs, mark);
}

/* ---- wrappers for promoted methods ---- */

static Proto *promoted_wrapper(CompilerCtx *cc, Type *named, Method *m) {
    Type *recv = m->ptr_recv ? type_pointer(cc->tt, named) : named;
    Selection sel = lookup_selector(cc->ck, recv, m->name);
    if (sel.kind != 2) return NULL;
    Proto *p = NEW(Proto);
    FuncInfo fi = {0};
    fi.qualname = gc_sprintf("%s.%s%s.%s", named->pkg ? named->pkg : "main", m->ptr_recv ? "(*" : "",
                             m->ptr_recv ? gc_sprintf("%s)", named->name) : named->name, m->name);
    fi.sig = m->sig;
    FuncState fs;
    memset(&fs, 0, sizeof fs);
    fs.cc = cc;
    fs.fi = &fi;
    fs.proto = p;
    fs.result_reg = -1;
    fs.line = 1;
    int np = m->sig->nparams;
    alloc_regs(&fs, 1 + np);
    /* the holder of the target method */
    int cur = 0;
    Type *t = recv;
    for (int i = 0; i < sel.npath; i++) {
        int tmp = alloc_reg(&fs);
        emit_abc(&fs, t->ukind == K_POINTER ? OP_GETFP : OP_GETF, tmp, cur, sel.path[i]);
        t = step_type(t, sel.path[i]);
        cur = tmp;
    }
    bool is_ptr = t->ukind == K_POINTER;
    Type *vt = is_ptr ? t->under->elem : t;
    int nres = m->sig->nresults;
    /* the call's window (callee, receiver, arguments; then the results)
     * above every register used so far */
    int base = alloc_regs(&fs, 2 + np > nres ? 2 + np : nres);
    for (int i = 0; i < np; i++) emit_abc(&fs, OP_MOVE, base + 2 + i, 1 + i, 0);
    if (sel.imethod) {
        emit_abc(&fs, OP_MOVE, base + 1, cur, 0);
        emit_abc(&fs, OP_CALLI, base, np + 1, nres);
        emit_extra(&fs, k_string(&fs, m->name, (int64_t)strlen(m->name)));
    } else {
        Method *tm = sel.method;
        emit_abx(&fs, OP_LOADK, base, k_value(&fs, VAL_PTR(func_closure(cc, tm->decl))));
        if (tm->ptr_recv || !is_ptr) emit_abc(&fs, OP_MOVE, base + 1, cur, 0);
        else if (vt->rep == REP_VAL) emit_abc(&fs, OP_COPY, base + 1, cur, k_type(&fs, vt));
        else emit_abc(&fs, OP_LOAD, base + 1, cur, 0);
        if (!tm->ptr_recv && !is_ptr && vt->rep == REP_VAL) emit_abc(&fs, OP_COPY, base + 1, base + 1, k_type(&fs, vt));
        emit_abc(&fs, OP_CALL, base, np + 1, nres);
    }
    emit_abc(&fs, OP_RET, base, nres, 0);
    p->code = fs.code;
    p->lines = fs.lines;
    p->ncode = (uint32_t)fs.ncode;
    p->k = fs.k;
    p->nk = (uint32_t)fs.nk;
    p->nregs = (uint32_t)fs.maxreg + 1;
    p->nparams = (uint32_t)(1 + np);
    p->nresults = (uint32_t)nres;
    p->sig = m->sig;
    p->recv = recv;
    p->name = fi.qualname;
    p->file = "<autogenerated>";
    p->variadic = m->sig->variadic;
    return p;
}

void compile_link_methods(CompilerCtx *cc, Type *named) {
    for (int i = 0; i < named->nmethods; i++) {
        Method *m = &named->methods[i];
        if (m->proto) continue;
        if (!m->promoted) {
            if (m->decl) m->proto = func_closure(cc, m->decl)->proto;
            continue;
        }
        m->proto = promoted_wrapper(cc, named, m);
    }
}
