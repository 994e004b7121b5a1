/* compile_stmt.c: statements: assignments and declarations, if/for/range
 * (with Go 1.22 per-iteration variables), switch and type switch, labels,
 * break/continue/fallthrough, return, go/defer, send. */
#include "compile.h"
#include "lexer.h"
#include "runtime.h"
#include <stdio.h>
#include <stdlib.h>

static bool is_dyn(Type *t) { return t && t->kind == K_DYN; }

static bool is_blank(Node *n) {
    return n->kind == N_IDENT && n->ident.name[0] == '_' && n->ident.name[1] == 0;
}

/* ---- loops and labels ---- */

static void push_loop(FuncState *fs, LoopCtx *l, Node *stmt, bool is_loop) {
    memset(l, 0, sizeof *l);
    l->outer = fs->loop;
    l->stmt = stmt;
    l->is_loop = is_loop;
    l->continue_target = -1;
    fs->loop = l;
}

static void pop_loop(FuncState *fs, int break_target) {
    LoopCtx *l = fs->loop;
    jl_patch(fs, &l->breaks, break_target);
    fs->loop = l->outer;
}

static LoopCtx *find_loop(FuncState *fs, Node *target) {
    for (LoopCtx *l = fs->loop; l; l = l->outer)
        if (l->stmt == target) return l;
    return NULL;
}

static void goto_mark(struct GotoMark **arr, int *n, int *cap, Node *label, int pc) {
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *arr = GROW_ARRAY(struct GotoMark, *arr, *cap);
    }
    (*arr)[(*n)++] = (struct GotoMark){label, pc};
}

/* A label's code starts here: backward gotos will find it, forward ones
 * waiting for it are patched. */
static void goto_label(FuncState *fs, Node *labeled) {
    goto_mark(&fs->marks, &fs->nmarks, &fs->capmarks, labeled, here(fs));
    int k = 0;
    for (int i = 0; i < fs->npending; i++) {
        if (fs->pending[i].label == labeled) patch_here(fs, fs->pending[i].pc);
        else fs->pending[k++] = fs->pending[i];
    }
    fs->npending = k;
}

/* goto: a plain jump (the checker made sure no variable comes into scope
 * uninitialised); a backward one checks the preemption budget like a loop. */
static void cg_goto(FuncState *fs, Node *n) {
    int j = emit_jump(fs);
    for (int i = 0; i < fs->nmarks; i++)
        if (fs->marks[i].label == n->ref) {
            patch_jump(fs, j, fs->marks[i].pc);
            return;
        }
    goto_mark(&fs->pending, &fs->npending, &fs->cappending, n->ref, j);
}

static void cg_branch(FuncState *fs, Node *n) {
    if (n->branch.tok == T_FALLTHROUGH) return; /* the switch handles it */
    if (n->branch.tok == T_GOTO) {
        cg_goto(fs, n);
        return;
    }
    LoopCtx *l = find_loop(fs, n->ref);
    if (!l) {
        cg_error(fs, n->pos, "internal error: branch target not found");
        return;
    }
    int j = emit_jump(fs);
    if (n->branch.tok == T_BREAK) jl_add(&l->breaks, j);
    else jl_add(&l->continues, j);
}

/* ---- declarations and assignments ---- */

/* Values of rhs for nl targets, in consecutive registers from the returned
 * one, converted to the target types (NULL = keep). */
static int cg_values(FuncState *fs, NodeList *rhs, int nl, Type **targets, bool *fresh) {
    int base = alloc_regs(fs, nl);
    if (rhs->n == nl) {
        for (int i = 0; i < nl; i++) {
            Node *v = rhs->items[i];
            Type *t = targets && targets[i] ? targets[i] : (type_is_untyped(v->type) ? default_type(v->type) : v->type);
            if (v->type == &t_untyped_nil && targets && targets[i]) t = targets[i];
            cg_expr_to(fs, v, t, base + i);
            if (fresh) fresh[i] = cg_is_fresh(v) || (t->rep == REP_VAL && !cg_is_fresh(v));
        }
        return base;
    }
    Node *v = rhs->items[0];
    if (fresh)
        for (int i = 0; i < nl; i++) fresh[i] = true;
    if (v->type->kind == K_TUPLE) {
        cg_call(fs, v, nl, base);
        for (int i = 0; i < nl; i++)
            if (targets && targets[i]) cg_convert(fs, base + i, v->type->params[i], targets[i], true);
        return base;
    }
    if (v->kind == N_CALL && is_dyn(v->type)) { /* dynamic call with nl results */
        cg_call(fs, v, nl, base);
        for (int i = 0; i < nl; i++)
            if (targets && targets[i]) cg_convert(fs, base + i, &t_dyn, targets[i], true);
        return base;
    }
    /* comma-ok forms */
    Node *x = v;
    while (x->kind == N_PAREN) x = x->un.x;
    int mark = fs->freereg;
    set_line(fs, x->pos);
    if (x->kind == N_INDEX) {
        Node *m = x->index.x;
        int mr = cg_expr(fs, m, -1);
        if (is_dyn(m->type)) {
            int kr = cg_expr_to(fs, x->index.indices.items[0], &t_dyn, -1);
            emit_abc(fs, OP_MAPGET2, base, mr, kr);
            emit_type_word(fs, &t_dyn);
        } else {
            int kr = cg_expr_to(fs, x->index.indices.items[0], m->type->under->key, -1);
            emit_abc(fs, OP_MAPGET2, base, mr, kr);
            emit_type_word(fs, m->type);
        }
        if (fresh) fresh[0] = false;
    } else if (x->kind == N_TYPE_ASSERT) {
        int xr = cg_expr(fs, x->assert.x, -1);
        emit_abc(fs, OP_ASSERT, base, xr, ASSERT_COMMAOK);
        emit_assert_word(fs, x->type, x->assert.x->type);
        if (fresh) fresh[0] = false;
    } else if (x->kind == N_UNARY && x->un.op == T_ARROW) {
        int cr = cg_chan_operand(fs, x->un.x, 2, MAXARG);
        emit_abc(fs, OP_RECV, base, cr, 1);
        if (is_dyn(x->un.x->type)) emit_abc(fs, OP_RECVDYN, base, cr, 0);
    } else {
        cg_error(fs, v->pos, "internal error: unexpected comma-ok form");
    }
    free_to(fs, mark);
    if (targets && targets[0]) cg_convert(fs, base, x->type, targets[0], fresh ? fresh[0] : true);
    return base;
}

static void cg_assign(FuncState *fs, Node *n) {
    NodeList *lhs = &n->assign.lhs, *rhs = &n->assign.rhs;
    int nl = lhs->n;
    int mark = fs->freereg;
    Type **targets = NEW_ARRAY(Type *, nl);
    for (int i = 0; i < nl; i++) targets[i] = is_blank(lhs->items[i]) ? NULL : lhs->items[i]->type;
    /* a single simple assignment to a local: compute straight into it */
    if (nl == 1 && rhs->n == 1 && lhs->items[0]->kind == N_IDENT && !is_blank(lhs->items[0])) {
        Object *o = lhs->items[0]->ref;
        if (o && o->kind == OBJ_VAR && !o->is_global && o->owner == fs->fi && !var_in_cell(o) &&
            o->type->rep != REP_VAL && o->reg >= 0) {
            Node *v = rhs->items[0];
            int tmp = cg_expr_to(fs, v, o->type, -1);
            if (tmp != o->reg) emit_abc(fs, OP_MOVE, o->reg, tmp, 0);
            free_to(fs, mark);
            return;
        }
    }
    /* the operands of the targets first, then the values, then the stores */
    LValue *lvs = NEW_ARRAY(LValue, nl);
    for (int i = 0; i < nl; i++) cg_lvalue_prepare(fs, lhs->items[i], &lvs[i]);
    bool *fresh = NEW_ARRAY(bool, nl);
    int base = cg_values(fs, rhs, nl, targets, fresh);
    for (int i = 0; i < nl; i++) cg_lvalue_store(fs, &lvs[i], base + i);
    free_to(fs, mark);
}

/* :=, and `var` in a block: declares the new names in the registers the
 * values were computed into. */
static void cg_define_list(FuncState *fs, NodeList *names, NodeList *values, Type *declared) {
    int nl = names->n;
    Type **targets = NEW_ARRAY(Type *, nl);
    bool any_global = false;
    for (int i = 0; i < nl; i++) {
        Node *id = names->items[i];
        Object *o = id->ref;
        targets[i] = o && o->kind == OBJ_VAR ? o->type : NULL;
        if (declared) targets[i] = declared;
        if (o && o->is_global) any_global = true;
    }
    if (values->n == 0) {
        for (int i = 0; i < nl; i++) {
            Object *o = names->items[i]->ref;
            if (!o || is_blank(names->items[i])) continue;
            if (o->is_global) {
                int r = alloc_reg(fs);
                Type *t = o->type;
                if (t->rep == REP_VAL || t->ukind == K_STRING) emit_abx(fs, OP_LOADZERO, r, k_type(fs, t));
                else emit_abc(fs, OP_LOADNIL, r, 0, 0);
                cg_var_write(fs, o, r);
                free_to(fs, r);
                continue;
            }
            cg_declare_local(fs, o, -1, true);
        }
        return;
    }
    bool *fresh = NEW_ARRAY(bool, nl);
    int base = cg_values(fs, values, nl, targets, fresh);
    for (int i = 0; i < nl; i++) {
        Node *id = names->items[i];
        Object *o = id->ref;
        if (!o || is_blank(id)) continue;
        if (o->is_global) {
            cg_var_write(fs, o, base + i);
            continue;
        }
        if (o->reg >= 0 && o->owner == fs->fi && o->kind == OBJ_VAR && id->mode == M_VAR &&
            o->decl_index == -7) {
            continue;
        }
        /* an existing variable reassigned by := keeps its register */
        if (o->reg >= 0 && (o->owner == fs->fi || o->owner != fs->fi) && o->reg != base + i && o->pos.line != id->pos.line) {
            cg_store(fs, id, base + i, targets[i], true);
            continue;
        }
        if (o->reg >= 0 && o->pos.line == id->pos.line && o->pos.col == id->pos.col) {
            /* declared here: bind */
        }
        if (o->reg >= 0 && !(o->pos.line == id->pos.line && o->pos.col == id->pos.col)) {
            cg_store(fs, id, base + i, targets[i], true);
            continue;
        }
        if (o->owner && o->owner != fs->fi && !(o->pos.line == id->pos.line && o->pos.col == id->pos.col)) {
            cg_store(fs, id, base + i, targets[i], true);
            continue;
        }
        o->owner = fs->fi;
        cg_declare_local(fs, o, base + i, true);
    }
    (void)any_global;
    /* registers from base on now belong to the variables; keep them */
    if (fs->freereg < base + nl) fs->freereg = base + nl;
}

static void cg_var_decl(FuncState *fs, Node *gen) {
    for (int i = 0; i < gen->gen.specs.n; i++) {
        Node *spec = gen->gen.specs.items[i];
        Type *declared = NULL;
        if (spec->vspec.type) declared = spec->vspec.type->type;
        cg_define_list(fs, &spec->vspec.names, &spec->vspec.values, declared);
    }
}

/* x op= y and x++ as x = x op y, with the operands of x (index, map key,
 * pointer) evaluated once, as Go does: m[f()]++ calls f once. */
static void cg_op_assign(FuncState *fs, Node *lhs, int op, Node *rhs, Type *optype, Pos pos) {
    int mark = fs->freereg;
    /* fast path: local int += small constant */
    if (lhs->kind == N_IDENT && lhs->ref) {
        Object *o = lhs->ref;
        int64_t imm = 0;
        bool small = rhs->mode == M_CONST && rhs->cval && rhs->cval->kind == C_INT;
        if (small) {
            const char *why;
            small = const_representable(rhs->cval, K_INT64, NULL, &why);
            if (small) imm = const_to_int64(rhs->cval);
            small = small && imm >= MINSARG + 1 && imm <= MAXSARG;
        }
        if (o->kind == OBJ_VAR && !o->is_global && o->owner == fs->fi && !var_in_cell(o) && o->reg >= 0 && small &&
            (op == T_ADD || op == T_SUB) && kind_is_integer(o->type->ukind)) {
            emit_abc(fs, OP_ADDI, o->reg, o->reg, (int)(op == T_ADD ? imm : -imm) & (int)ARGMASK);
            if (kind_bits(o->type->ukind) < 64) emit_abc(fs, OP_NORM, o->reg, o->reg, o->type->ukind);
            return;
        }
    }
    Node *target = lhs;
    while (target->kind == N_PAREN) target = target->un.x;
    LValue lv;
    Node *cur = lhs;
    if (target->kind != N_IDENT) {
        /* evaluate the target's operands once; its current value is read
         * through a temporary that stands for it in x op y */
        cg_lvalue_prepare(fs, target, &lv);
        Object *tmp = object_new(OBJ_VAR, expr_string(target), pos, target->type);
        tmp->owner = fs->fi;
        tmp->reg = alloc_reg(fs);
        cg_lvalue_load(fs, &lv, tmp->reg);
        cur = ast_new(N_IDENT, pos);
        cur->ident.name = tmp->name;
        cur->ref = tmp;
        cur->mode = M_VAR;
        cur->type = target->type;
    }
    Node *bin = ast_new(N_BINARY, pos);
    bin->bin.op = op;
    bin->bin.x = cur;
    bin->bin.y = rhs;
    bin->type = optype ? optype : lhs->type;
    bin->mode = M_VALUE;
    int r = alloc_reg(fs);
    cg_expr(fs, bin, r);
    cg_convert(fs, r, bin->type, lhs->type, true);
    if (cur != lhs) cg_lvalue_store(fs, &lv, r);
    else cg_store(fs, lhs, r, lhs->type, true);
    free_to(fs, mark);
}

static void cg_incdec(FuncState *fs, Node *n) {
    Node *one = ast_new(N_INT_LIT, n->pos);
    one->mode = M_CONST;
    one->cval = const_int64(1);
    one->lit.raw = "1"; /* messages quote it: x + 1 */
    one->type = n->incdec.x->type;
    if (is_dyn(one->type)) one->type = &t_untyped_int;
    cg_op_assign(fs, n->incdec.x, n->incdec.op == T_INC ? T_ADD : T_SUB, one, n->incdec.x->type, n->pos);
}

/* ---- control flow ---- */

static void cg_if(FuncState *fs, Node *n) {
    int mark = fs->freereg;
    if (n->ifs.init) cg_stmt(fs, n->ifs.init);
    int jfalse = cg_cond_jump(fs, n->ifs.cond, false);
    cg_stmt(fs, n->ifs.then);
    if (n->ifs.els) {
        int jend = emit_jump(fs);
        patch_here(fs, jfalse);
        cg_stmt(fs, n->ifs.els);
        patch_here(fs, jend);
    } else {
        patch_here(fs, jfalse);
    }
    free_to(fs, mark);
}

/* Go 1.22: a loop variable that escapes gets a fresh cell per iteration,
 * initialised from the previous iteration's value. */
static void renew_loop_vars(FuncState *fs, Node *init) {
    if (!init || init->kind != N_ASSIGN || init->assign.op != T_DEFINE) return;
    for (int i = 0; i < init->assign.lhs.n; i++) {
        Node *id = init->assign.lhs.items[i];
        Object *o = id->ref;
        if (!o || !var_in_cell(o)) continue;
        int tmp = alloc_reg(fs);
        emit_abc(fs, OP_CELLGET, tmp, o->reg, 0);
        emit_abc(fs, OP_NEWCELL, o->reg, tmp, 0);
        free_to(fs, tmp);
    }
}

static void cg_for(FuncState *fs, Node *n) {
    int mark = fs->freereg;
    if (n->fors.init) cg_stmt(fs, n->fors.init);
    LoopCtx loop;
    push_loop(fs, &loop, n, true);
    int start = here(fs);
    int jexit = -1;
    if (n->fors.cond) jexit = cg_cond_jump(fs, n->fors.cond, false);
    cg_stmt(fs, n->fors.body);
    int cont = here(fs);
    jl_patch(fs, &loop.continues, cont);
    renew_loop_vars(fs, n->fors.init);
    if (n->fors.post) cg_stmt(fs, n->fors.post);
    int back = emit_jump(fs);
    patch_jump(fs, back, start);
    if (jexit >= 0) patch_here(fs, jexit);
    pop_loop(fs, here(fs));
    free_to(fs, mark);
}

/* Binds a range variable for one iteration: a fresh cell/copy when needed. */
static void range_bind(FuncState *fs, Node *var, bool define, int val, Type *vt, bool fresh) {
    if (!var || is_blank(var)) return;
    if (!define) {
        cg_convert(fs, val, vt, var->type, fresh);
        cg_store(fs, var, val, var->type, true);
        return;
    }
    Object *o = var->ref;
    Type *t = o->type;
    if (t->rep == REP_VAL && !fresh) emit_abc(fs, OP_COPY, o->reg, val, k_type(fs, t));
    else if (var_in_cell(o)) emit_abc(fs, OP_NEWCELL, o->reg, val, 0);
    else if (o->reg != val) emit_abc(fs, OP_MOVE, o->reg, val, 0);
}

static void range_declare(FuncState *fs, Node *var, bool define) {
    if (!var || is_blank(var) || !define) return;
    Object *o = var->ref;
    o->reg = alloc_reg(fs);
    o->owner = fs->fi;
}

static void cg_range_int(FuncState *fs, Node *n, int x, Type *t) {
    int i = alloc_reg(fs);
    emit_abx(fs, OP_LOADI, i, 0);
    range_declare(fs, n->range.key, n->range.define);
    LoopCtx loop;
    push_loop(fs, &loop, n, true);
    int start = here(fs);
    emit_abc(fs, kind_is_unsigned(t->ukind) ? OP_LT_U : OP_LT_I, i, x, 0);
    int jexit = emit_jump(fs);
    range_bind(fs, n->range.key, n->range.define, i, t, true);
    int body_start = here(fs);
    (void)body_start;
    LoopCtx *l = fs->loop;
    cg_stmt(fs, n->range.body);
    jl_patch(fs, &l->continues, here(fs));
    emit_abc(fs, OP_ADDI, i, i, 1);
    int back = emit_jump(fs);
    patch_jump(fs, back, start);
    patch_here(fs, jexit);
    pop_loop(fs, here(fs));
}

static void cg_range_indexed(FuncState *fs, Node *n, int x, Type *t) {
    int cls = rep_class(t);
    Type *u = cls == RC_PTRARRAY ? t->under->elem->under : t->under;
    int len = alloc_reg(fs);
    if (cls == RC_PTRARRAY) {
        emit_abx(fs, OP_LOADI, len, (uint64_t)u->len);
    } else {
        emit_abc(fs, OP_LEN, len, x, cls);
    }
    int i = alloc_reg(fs);
    emit_abx(fs, OP_LOADI, i, 0);
    int v = alloc_reg(fs);
    range_declare(fs, n->range.key, n->range.define);
    range_declare(fs, n->range.value, n->range.define);
    LoopCtx loop;
    push_loop(fs, &loop, n, true);
    int start = here(fs);
    emit_abc(fs, OP_LT_I, i, len, 0);
    int jexit = emit_jump(fs);
    range_bind(fs, n->range.key, n->range.define, i, &t_int, true);
    if (n->range.value && !is_blank(n->range.value)) {
        if (cls == RC_PTRARRAY) emit_abc(fs, OP_NILCHK, x, 0, 0);
        emit_abc(fs, cls == RC_SLICE ? OP_SLGET : OP_ARGET, v, x, i);
        range_bind(fs, n->range.value, n->range.define, v, u->elem, false);
    }
    cg_stmt(fs, n->range.body);
    jl_patch(fs, &loop.continues, here(fs));
    emit_abc(fs, OP_ADDI, i, i, 1);
    int back = emit_jump(fs);
    patch_jump(fs, back, start);
    patch_here(fs, jexit);
    pop_loop(fs, here(fs));
}

static void cg_range_string(FuncState *fs, Node *n, int x) {
    int state = alloc_reg(fs);
    emit_abx(fs, OP_LOADI, state, 0);
    int out = alloc_regs(fs, 2);
    range_declare(fs, n->range.key, n->range.define);
    range_declare(fs, n->range.value, n->range.define);
    LoopCtx loop;
    push_loop(fs, &loop, n, true);
    int start = here(fs);
    emit_abc(fs, OP_STRNEXT, x, state, out);
    int jexit = emit_jump(fs);
    range_bind(fs, n->range.key, n->range.define, out, &t_int, true);
    range_bind(fs, n->range.value, n->range.define, out + 1, &t_int32, true);
    cg_stmt(fs, n->range.body);
    jl_patch(fs, &loop.continues, here(fs));
    int back = emit_jump(fs);
    patch_jump(fs, back, start);
    patch_here(fs, jexit);
    pop_loop(fs, here(fs));
}

static void cg_range_map(FuncState *fs, Node *n, int x, Type *t, bool dyn) {
    int it = alloc_reg(fs);
    emit_abc(fs, dyn ? OP_DRANGE : OP_MAPITER, it, x, 0);
    int out = alloc_regs(fs, 2);
    range_declare(fs, n->range.key, n->range.define);
    range_declare(fs, n->range.value, n->range.define);
    LoopCtx loop;
    push_loop(fs, &loop, n, true);
    int start = here(fs);
    emit_abc(fs, dyn ? OP_DNEXT : OP_MAPNEXT, it, out, 0);
    int jexit = emit_jump(fs);
    Type *kt = dyn ? &t_dyn : t->under->key, *vt = dyn ? &t_dyn : t->under->elem;
    range_bind(fs, n->range.key, n->range.define, out, kt, false);
    if (n->range.value) range_bind(fs, n->range.value, n->range.define, out + 1, vt, false);
    cg_stmt(fs, n->range.body);
    jl_patch(fs, &loop.continues, here(fs));
    int back = emit_jump(fs);
    patch_jump(fs, back, start);
    patch_here(fs, jexit);
    pop_loop(fs, here(fs));
}

static void cg_range_chan(FuncState *fs, Node *n, int x) {
    int out = alloc_regs(fs, 2);
    range_declare(fs, n->range.key, n->range.define);
    LoopCtx loop;
    push_loop(fs, &loop, n, true);
    int start = here(fs);
    set_line(fs, n->pos);
    emit_abc(fs, OP_RECV, out, x, 1);
    emit_abc(fs, OP_TEST, out + 1, 0, 0);
    int jexit = emit_jump(fs);
    range_bind(fs, n->range.key, n->range.define, out, n->range.x->type->under->elem, true);
    cg_stmt(fs, n->range.body);
    jl_patch(fs, &loop.continues, here(fs));
    int back = emit_jump(fs);
    patch_jump(fs, back, start);
    patch_here(fs, jexit);
    pop_loop(fs, here(fs));
}

static void cg_range(FuncState *fs, Node *n) {
    int mark = fs->freereg;
    Node *xn = n->range.x;
    Type *t = xn->type;
    if (type_is_untyped(t)) t = default_type(t);
    int x = alloc_reg(fs);
    set_line(fs, n->pos);
    /* ranging over an array value copies it (Go evaluates it once) */
    if (t->ukind == K_ARRAY && n->range.value && !is_blank(n->range.value)) {
        cg_expr(fs, xn, x);
        emit_abc(fs, OP_COPY, x, x, k_type(fs, t));
    } else {
        cg_expr(fs, xn, x);
    }
    switch (rep_class(t)) {
    case RC_STRING: cg_range_string(fs, n, x); break;
    case RC_SLICE: case RC_ARRAY: case RC_PTRARRAY: cg_range_indexed(fs, n, x, t); break;
    case RC_MAP: cg_range_map(fs, n, x, t, false); break;
    case RC_CHAN: cg_range_chan(fs, n, x); break;
    default:
        if (kind_is_integer(t->ukind)) cg_range_int(fs, n, x, t);
        else cg_range_map(fs, n, x, t, true);
    }
    free_to(fs, mark);
}

/* ---- switch ---- */

static void cg_switch(FuncState *fs, Node *n) {
    int mark = fs->freereg;
    if (n->sw.init) cg_stmt(fs, n->sw.init);
    Node *tag = n->sw.tag;
    int tr = -1;
    if (tag) {
        tr = alloc_reg(fs);
        cg_expr(fs, tag, tr);
    }
    int nc = n->sw.body.n;
    int *body_jumps = NEW_ARRAY(int, nc + 1);
    JumpList *to_body = NEW_ARRAY(JumpList, nc + 1);
    int default_idx = -1;
    for (int i = 0; i < nc; i++) {
        Node *cl = n->sw.body.items[i];
        if (cl->cas.is_default) default_idx = i;
        for (int j = 0; j < cl->cas.list.n; j++) {
            Node *e = cl->cas.list.items[j];
            set_line(fs, e->pos);
            int jm;
            if (!tag) {
                jm = cg_cond_jump(fs, e, true);
            } else {
                /* tag == e */
                Node *cmp = ast_new(N_BINARY, e->pos);
                cmp->bin.op = T_EQL;
                Node *tagref = ast_new(N_BAD, tag->pos);
                *tagref = *tag;
                /* compare against the evaluated tag register: a synthetic
                 * identifier bound to it */
                Object *tmp = object_new(OBJ_VAR, "tag", tag->pos, tag->type);
                tmp->reg = tr;
                tmp->owner = fs->fi;
                Node *id = ast_new(N_IDENT, tag->pos);
                id->ident.name = "tag";
                id->ref = tmp;
                id->mode = M_VAR;
                id->type = tag->type;
                cmp->bin.x = id;
                cmp->bin.y = e;
                cmp->type = &t_bool;
                cmp->mode = M_VALUE;
                if (is_dyn(e->type) && !is_dyn(tag->type)) {
                    /* compare dynamically */
                }
                jm = cg_cond_jump(fs, cmp, true);
            }
            jl_add(&to_body[i], jm);
        }
    }
    int jdefault = emit_jump(fs);
    LoopCtx loop;
    push_loop(fs, &loop, n, false);
    JumpList ends = {0};
    int pending_fallthrough = -1;
    for (int i = 0; i < nc; i++) {
        Node *cl = n->sw.body.items[i];
        int start = here(fs);
        body_jumps[i] = start;
        jl_patch(fs, &to_body[i], start);
        if (pending_fallthrough >= 0) {
            patch_jump(fs, pending_fallthrough, start);
            pending_fallthrough = -1;
        }
        if (i == default_idx) patch_jump(fs, jdefault, start);
        int m2 = fs->freereg;
        cg_block(fs, &cl->cas.body);
        free_to(fs, m2);
        NodeList *b = &cl->cas.body;
        bool ft = b->n && b->items[b->n - 1]->kind == N_BRANCH && b->items[b->n - 1]->branch.tok == T_FALLTHROUGH;
        int j = emit_jump(fs);
        if (ft) pending_fallthrough = j;
        else jl_add(&ends, j);
    }
    if (default_idx < 0) patch_here(fs, jdefault);
    jl_patch(fs, &ends, here(fs));
    pop_loop(fs, here(fs));
    free_to(fs, mark);
}

static void cg_type_switch(FuncState *fs, Node *n) {
    int mark = fs->freereg;
    if (n->sw.init) cg_stmt(fs, n->sw.init);
    Node *guard = n->sw.assign;
    Node *ta = guard->kind == N_ASSIGN ? guard->assign.rhs.items[0] : guard->un.x;
    int x = alloc_reg(fs);
    cg_expr_to(fs, ta->assert.x, &t_dyn, x);
    int nc = n->sw.body.n;
    JumpList *to_body = NEW_ARRAY(JumpList, nc + 1);
    int default_idx = -1;
    for (int i = 0; i < nc; i++) {
        Node *cl = n->sw.body.items[i];
        if (cl->cas.is_default) default_idx = i;
        for (int j = 0; j < cl->cas.list.n; j++) {
            Node *e = cl->cas.list.items[j];
            set_line(fs, e->pos);
            if (e->mode != M_TYPE) { /* nil */
                emit_abc(fs, OP_TYPEIS, x, TYPEIS_NIL, 1);
                emit_type_word(fs, &t_untyped_nil);
            } else {
                Type *t = e->type;
                emit_abc(fs, OP_TYPEIS, x, t->ukind == K_INTERFACE ? TYPEIS_IFACE : TYPEIS_EXACT, 1);
                emit_type_word(fs, t);
            }
            jl_add(&to_body[i], emit_jump(fs));
        }
    }
    int jdefault = emit_jump(fs);
    LoopCtx loop;
    push_loop(fs, &loop, n, false);
    JumpList ends = {0};
    for (int i = 0; i < nc; i++) {
        Node *cl = n->sw.body.items[i];
        int start = here(fs);
        jl_patch(fs, &to_body[i], start);
        if (i == default_idx) patch_jump(fs, jdefault, start);
        int m2 = fs->freereg;
        Object *o = cl->ref;
        if (o) {
            Type *t = o->type;
            int r = alloc_reg(fs);
            if (t->rep == REP_DYN) {
                emit_abc(fs, OP_MOVE, r, x, 0);
            } else {
                emit_abc(fs, OP_ASSERT, r, x, ASSERT_IMPLICIT);
                emit_type_word(fs, t);
            }
            cg_declare_local(fs, o, r, t->rep != REP_VAL);
        }
        cg_block(fs, &cl->cas.body);
        free_to(fs, m2);
        jl_add(&ends, emit_jump(fs));
    }
    if (default_idx < 0) patch_here(fs, jdefault);
    jl_patch(fs, &ends, here(fs));
    pop_loop(fs, here(fs));
    free_to(fs, mark);
}

/* ---- return ---- */

void cg_return_values(FuncState *fs, int first, int n) {
    if (n == 0) emit_abc(fs, OP_RET0, 0, 0, 0);
    else emit_abc(fs, OP_RET, first, n, 0);
}

static void cg_return(FuncState *fs, Node *n) {
    FuncInfo *fi = fs->fi;
    NodeList *rs = &n->ret.results;
    int mark = fs->freereg;
    int nr = fi->nresults;
    set_line(fs, n->pos);
    if (rs->n == 0) {
        if (fs->result_reg >= 0) {
            /* named results in cells must be read out */
            int base = alloc_regs(fs, nr);
            for (int i = 0; i < nr; i++) cg_var_read(fs, fi->results[i], base + i, n->pos);
            emit_abc(fs, OP_RET, base, nr, 0);
        } else {
            cg_return_values(fs, 0, 0);
        }
        free_to(fs, mark);
        return;
    }
    Type **targets = NEW_ARRAY(Type *, nr);
    for (int i = 0; i < nr; i++) targets[i] = fi->results[i]->type;
    int base = cg_values(fs, rs, nr, targets, NULL);
    if (fs->result_reg >= 0 && fi->has_defer) {
        /* deferred calls may read or change the results: store them first */
        for (int i = 0; i < nr; i++) cg_var_write(fs, fi->results[i], base + i);
        for (int i = 0; i < nr; i++) cg_var_read(fs, fi->results[i], base + i, n->pos);
        emit_abc(fs, OP_RET, base, nr, 1); /* C=1: re-read results after defers */
    } else {
        emit_abc(fs, OP_RET, base, nr, 0);
    }
    free_to(fs, mark);
}

void cg_func_body(FuncState *fs, Node *body) {
    FuncInfo *fi = fs->fi;
    fs->proto->result_reg = -1;
    if (fs->result_reg >= 0) fs->proto->result_reg = fs->result_reg;
    cg_block(fs, &body->block.stmts);
    set_line(fs, body->block.rbrace);
    if (fi && fi->nresults) {
        /* only reachable for dynamic results (Go's "missing return" is a
         * compile error otherwise): return zero values */
        int base = alloc_regs(fs, fi->nresults);
        if (fs->result_reg >= 0) {
            for (int i = 0; i < fi->nresults; i++) cg_var_read(fs, fi->results[i], base + i, body->pos);
        } else {
            emit_abc(fs, OP_LOADNIL, base, fi->nresults - 1, 0);
        }
        emit_abc(fs, OP_RET, base, fi->nresults, 0);
    } else {
        emit_abc(fs, OP_RET0, 0, 0, 0);
    }
}

/* ---- statements ---- */

void cg_block(FuncState *fs, NodeList *stmts) {
    int mark = fs->freereg;
    for (int i = 0; i < stmts->n; i++) cg_stmt(fs, stmts->items[i]);
    free_to(fs, mark);
}

static void cg_expr_stmt(FuncState *fs, Node *n) {
    Node *x = n->un.x;
    while (x->kind == N_PAREN) x = x->un.x;
    int mark = fs->freereg;
    if (x->kind == N_CALL) cg_call(fs, x, 0, -1);
    else cg_expr(fs, x, -1);
    free_to(fs, mark);
}

static void cg_labeled(FuncState *fs, Node *n) {
    Node *s = n->labeled.stmt;
    goto_label(fs, n);
    switch (s->kind) {
    case N_FOR: case N_RANGE: case N_SWITCH: case N_TYPE_SWITCH: case N_SELECT:
        cg_stmt(fs, s);
        return;
    default: {
        LoopCtx l;
        push_loop(fs, &l, s, false);
        cg_stmt(fs, s);
        pop_loop(fs, here(fs));
    }
    }
}

static void cg_send(FuncState *fs, Node *n) {
    int mark = fs->freereg;
    Type *ct = n->send.ch->type;
    Type *et = is_dyn(ct) ? &t_dyn : ct->under->elem;
    int c, v;
    if (is_dyn(ct)) { /* both into fresh registers: CHANDYN rewrites them */
        c = alloc_reg(fs);
        cg_expr(fs, n->send.ch, c);
        v = alloc_reg(fs);
        cg_expr_to(fs, n->send.value, et, v);
        set_line(fs, n->pos);
        emit_abc(fs, OP_CHANDYN, c, v, 1);
    } else {
        c = cg_expr(fs, n->send.ch, -1);
        v = cg_expr_to(fs, n->send.value, et, -1);
    }
    set_line(fs, n->pos);
    emit_abc(fs, OP_SEND, c, v, 0);
    free_to(fs, mark);
}

/* ---- select ---- */

/* The receive expression of a select case, or NULL for a send. */
static Node *comm_recv(Node *s, NodeList **lhs, bool *define) {
    *lhs = NULL;
    *define = false;
    if (s->kind == N_EXPR_STMT) return s->un.x;
    if (s->kind == N_ASSIGN) {
        *lhs = &s->assign.lhs;
        *define = s->assign.op == T_DEFINE;
        return s->assign.rhs.items[0];
    }
    return NULL;
}

/* Evaluates every channel and send value in source order into pairs of
 * registers, runs SELECT, then jumps to the chosen case's body, which first
 * stores the received value (and ok) where the case says. */
static void cg_select(FuncState *fs, Node *n) {
    int mark = fs->freereg;
    NodeList *cl = &n->sel_stmt.body;
    int ncase = 0, default_idx = -1;
    for (int i = 0; i < cl->n; i++) {
        if (!cl->items[i]->comm.stmt) default_idx = i;
        else ncase++;
    }
    int res = alloc_regs(fs, 3);
    int block = alloc_regs(fs, 2 * ncase > 0 ? 2 * ncase : 1);
    int *case_of = NEW_ARRAY(int, cl->n + 1);
    uint32_t *bits = NEW_ARRAY(uint32_t, ncase / 32 + 1);
    int k = 0;
    for (int i = 0; i < cl->n; i++) {
        Node *s = cl->items[i]->comm.stmt;
        case_of[i] = -1;
        if (!s) continue;
        case_of[i] = k;
        int cr = block + 2 * k, vr = cr + 1;
        NodeList *lhs;
        bool define;
        Node *rx = s->kind == N_SEND ? NULL : comm_recv(s, &lhs, &define);
        Node *chx = rx ? rx : s->send.ch;
        while (rx && rx->kind == N_PAREN) rx = rx->un.x;
        if (rx) chx = rx->un.x;
        cg_expr(fs, chx, cr);
        bool dyn = is_dyn(chx->type);
        if (!rx) {
            bits[k / 32] |= 1u << (k % 32);
            Type *et = dyn ? &t_dyn : chx->type->under->elem;
            cg_expr_to(fs, s->send.value, et, vr);
        } else {
            emit_abc(fs, OP_LOADNIL, vr, 0, 0);
        }
        if (dyn) {
            set_line(fs, chx->pos);
            emit_abc(fs, OP_CHANDYN, cr, rx ? MAXARG : vr, rx ? 2 : 1);
        }
        k++;
    }
    set_line(fs, n->pos);
    emit_abc(fs, OP_SELECT, res, ncase, block);
    emit_extra(fs, default_idx >= 0);
    for (int w = 0; w < (ncase + 31) / 32; w++) emit_extra(fs, bits[w]);
    JumpList *to_body = NEW_ARRAY(JumpList, cl->n + 1);
    for (int i = 0; i < cl->n; i++) {
        int idx = case_of[i] >= 0 ? case_of[i] : -1;
        emit_abc(fs, OP_EQI, res, idx & (int)ARGMASK, 1);
        jl_add(&to_body[i], emit_jump(fs));
    }
    int jend0 = emit_jump(fs);
    LoopCtx loop;
    push_loop(fs, &loop, n, false);
    JumpList ends = {0};
    jl_add(&ends, jend0);
    for (int i = 0; i < cl->n; i++) {
        Node *c = cl->items[i];
        jl_patch(fs, &to_body[i], here(fs));
        int m2 = fs->freereg;
        Node *s = c->comm.stmt;
        NodeList *lhs = NULL;
        bool define = false;
        Node *rx = s && s->kind != N_SEND ? comm_recv(s, &lhs, &define) : NULL;
        if (rx && lhs) {
            while (rx->kind == N_PAREN) rx = rx->un.x;
            Node *chx = rx->un.x;
            int k2 = case_of[i];
            if (is_dyn(chx->type)) emit_abc(fs, OP_RECVDYN, res + 1, block + 2 * k2, 0);
            Type *et = is_dyn(chx->type) ? &t_dyn : chx->type->under->elem;
            for (int j = 0; j < lhs->n && j < 2; j++) {
                Node *id = lhs->items[j];
                if (is_blank(id)) continue;
                int src = res + 1 + j;
                Type *vt = j == 0 ? et : &t_bool;
                if (define) {
                    Object *o = id->ref;
                    int r = alloc_reg(fs);
                    emit_abc(fs, OP_MOVE, r, src, 0);
                    cg_convert(fs, r, vt, o->type, true);
                    cg_declare_local(fs, o, r, true);
                } else {
                    int r = alloc_reg(fs);
                    emit_abc(fs, OP_MOVE, r, src, 0);
                    cg_convert(fs, r, vt, id->type, true);
                    cg_store(fs, id, r, id->type, true);
                }
            }
        }
        cg_block(fs, &c->comm.body);
        free_to(fs, m2);
        jl_add(&ends, emit_jump(fs));
    }
    jl_patch(fs, &ends, here(fs));
    pop_loop(fs, here(fs));
    free_to(fs, mark);
}

void cg_stmt(FuncState *fs, Node *n) {
    if (!n) return;
    set_line(fs, n->pos);
    switch (n->kind) {
    case N_EMPTY: case N_BAD: break;
    case N_DECL_STMT:
        if (n->decl.d->gen.tok == T_VAR) cg_var_decl(fs, n->decl.d);
        break;
    case N_GEN_DECL:
        if (n->gen.tok == T_VAR) cg_var_decl(fs, n);
        break;
    case N_LABELED: cg_labeled(fs, n); break;
    case N_EXPR_STMT: cg_expr_stmt(fs, n); break;
    case N_SEND: cg_send(fs, n); break;
    case N_INCDEC: cg_incdec(fs, n); break;
    case N_ASSIGN:
        if (n->assign.op == T_DEFINE) cg_define_list(fs, &n->assign.lhs, &n->assign.rhs, NULL);
        else if (n->assign.op == T_ASSIGN) cg_assign(fs, n);
        else cg_op_assign(fs, n->assign.lhs.items[0], token_assign_op(n->assign.op), n->assign.rhs.items[0],
                          n->type, n->pos);
        break;
    case N_GO: cg_go_defer(fs, n->un.x, OP_GO); break;
    case N_DEFER: cg_go_defer(fs, n->un.x, OP_DEFER); break;
    case N_RETURN: cg_return(fs, n); break;
    case N_BRANCH: cg_branch(fs, n); break;
    case N_BLOCK: cg_block(fs, &n->block.stmts); break;
    case N_IF: cg_if(fs, n); break;
    case N_FOR: cg_for(fs, n); break;
    case N_RANGE: cg_range(fs, n); break;
    case N_SWITCH: cg_switch(fs, n); break;
    case N_TYPE_SWITCH: cg_type_switch(fs, n); break;
    case N_SELECT: cg_select(fs, n); break;
    default: cg_error(fs, n->pos, "internal error: cannot compile statement %s", ast_kind_name(n->kind)); break;
    }
}
