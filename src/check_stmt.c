/* check_stmt.c: statements: declarations in blocks, assignments (=, :=,
 * op=), control flow with labels, switch and type switch, select, range,
 * go/defer and return. */
#include "check.h"
#include "lexer.h"
#include <stdio.h>
#include <stdlib.h>

static bool is_dyn(Type *t) { return t->kind == K_DYN; }

/* The builtin a call names (0 if none). */
static int builtin_id(Node *call) {
    Node *fn = call->call.fn;
    while (fn->kind == N_PAREN) fn = fn->un.x;
    if (fn->mode != M_BUILTIN || !fn->ref) return 0;
    return ((Object *)fn->ref)->builtin;
}

/* The stack of statements that break/continue may target. */
typedef struct Branch {
    struct Branch *outer;
    Node *stmt;         /* N_FOR, N_RANGE, N_SWITCH, N_TYPE_SWITCH, N_SELECT */
    const char *label;  /* its label, or NULL */
    Object *label_obj;
} Branch;

static void push_branch(Checker *c, Branch *b, Node *stmt, const char *label, Object *lo) {
    b->outer = c->branch;
    b->stmt = stmt;
    b->label = label;
    b->label_obj = lo;
    c->branch = b;
}

static void pop_branch(Checker *c) { c->branch = ((Branch *)c->branch)->outer; }

static bool is_loop(Node *s) { return s->kind == N_FOR || s->kind == N_RANGE; }

Object *check_declare_var(Checker *c, Node *ident, Type *t) {
    Object *o = object_new(OBJ_VAR, ident->ident.name, ident->pos, t);
    o->owner = c->fn;
    o->used = false;
    ident->ref = o;
    ident->type = t;
    ident->mode = M_VAR;
    if (ident->ident.name == c->n_underscore) return o;
    Object *old = scope_insert(c->scope, o);
    if (old) check_redeclared(c, ident->pos, ident->ident.name, old, " in this block");
    return o;
}

/* ---- local declarations ---- */

static void local_consts(Checker *c, Node *gen) {
    Node *last = NULL;
    for (int i = 0; i < gen->gen.specs.n; i++) {
        Node *spec = gen->gen.specs.items[i];
        if (spec->vspec.values.n) last = spec;
        Object **objs = NEW_ARRAY(Object *, spec->vspec.names.n + 1);
        for (int j = 0; j < spec->vspec.names.n; j++) {
            Node *id = spec->vspec.names.items[j];
            Object *o = object_new(OBJ_CONST, id->ident.name, id->pos, NULL);
            o->state = RS_TODO;
            o->decl = spec;
            o->decl_index = j;
            o->init = last;
            o->pkg = c->pkg;
            id->ref = o;
            objs[j] = o;
            if (!last) {
                check_error(c, id->pos, "missing init expr for const declaration");
                o->state = RS_DONE;
                o->type = &t_invalid;
                continue;
            }
            /* resolve in the current scope (before declaring the name) */
            Type *t = last->vspec.type ? check_typexpr(c, last->vspec.type) : NULL;
            if (j >= last->vspec.values.n) {
                check_error(c, id->pos, "missing init expr for const declaration");
                o->type = &t_invalid;
                o->state = RS_DONE;
                continue;
            }
            Node *v = last->vspec.values.items[j];
            int saved = c->iota;
            c->iota = spec->vspec.iota;
            check_expr(c, v, t);
            c->iota = saved;
            o->state = RS_DONE;
            if (v->mode != M_CONST) {
                if (v->type != &t_invalid)
                    check_error(c, v->pos, "%s is not constant", operand_desc(v));
                o->type = &t_invalid;
                continue;
            }
            if (t) check_assignable(c, v, t, "constant declaration");
            o->type = v->type;
            o->cval = v->cval;
        }
        if (last && spec == last && last->vspec.values.n > spec->vspec.names.n)
            check_error(c, last->vspec.values.items[spec->vspec.names.n]->pos, "extra init expr");
        for (int j = 0; j < spec->vspec.names.n; j++) {
            Object *o = objs[j];
            o->used = true;
            Object *old = o->name != c->n_underscore ? scope_insert(c->scope, o) : NULL;
            if (old) check_redeclared(c, o->pos, o->name, old, " in this block");
        }
    }
}

static Node *unparen(Node *n) {
    while (n->kind == N_PAREN) n = n->un.x;
    return n;
}

static void assign_mismatch(Checker *c, Pos pos, int nl, int nr, Node *call) {
    if (call)
        check_error(c, pos, "assignment mismatch: %d variable%s but %s returns %d value%s", nl, nl == 1 ? "" : "s",
                    expr_string(call->call.fn), nr, nr == 1 ? "" : "s");
    else
        check_error(c, pos, "assignment mismatch: %d variable%s but %d value%s", nl, nl == 1 ? "" : "s", nr,
                    nr == 1 ? "" : "s");
}

/* Checks the right-hand side of a declaration/assignment of nl values:
 * fills types[0..nl). Handles f() with several results, comma-ok forms and
 * dynamic calls. */
static bool rhs_types(Checker *c, NodeList *rhs, int nl, Type **hints, Type **types, Pos pos) {
    int nr = rhs->n;
    if (nr == 1 && nl == 1 && unparen(rhs->items[0])->kind == N_CALL) {
        Node *x = rhs->items[0];
        check_expr(c, x, hints ? hints[0] : NULL);
        if (x->type->kind == K_TUPLE && x->mode != M_NOVALUE) { /* f() with several results */
            assign_mismatch(c, x->pos, 1, x->type->nparams, unparen(x));
            return false;
        }
        if (x->mode == M_NOVALUE) {
            check_error(c, x->pos, "%s (no value) used as value", expr_string(x));
            return false;
        }
        types[0] = x->type;
        return true;
    }
    if (nr == nl) {
        for (int i = 0; i < nr; i++) {
            check_value(c, rhs->items[i], hints ? hints[i] : NULL);
            types[i] = rhs->items[i]->type;
        }
        return true;
    }
    if (nr == 1) {
        Node *x = rhs->items[0];
        check_expr(c, x, NULL);
        Type *t = x->type;
        if (t->kind == K_TUPLE) {
            if (t->nparams != nl) {
                assign_mismatch(c, x->pos, nl, t->nparams, unparen(x));
                return false;
            }
            for (int i = 0; i < nl; i++) types[i] = t->params[i];
            return true;
        }
        Node *ux = unparen(x);
        bool dyn_index = ux->kind == N_INDEX && ux->index.x->type && is_dyn(ux->index.x->type);
        if (nl == 2 && (x->mode == M_COMMAOK || x->mode == M_MAPINDEX || dyn_index)) { /* v, ok := m[k] */
            x->flags |= NF_COMMA_OK;
            types[0] = t;
            types[1] = &t_untyped_bool;
            return true;
        }
        if (is_dyn(t) && x->kind == N_CALL && x->aux == -1) { /* dynamic call */
            for (int i = 0; i < nl; i++) types[i] = &t_dyn;
            x->aux = -1 - nl; /* wants nl results */
            return true;
        }
        if (t != &t_invalid) assign_mismatch(c, x->pos, nl, 1, unparen(x)->kind == N_CALL ? unparen(x) : NULL);
        return false;
    }
    for (int i = 0; i < nr; i++) check_expr(c, rhs->items[i], NULL);
    assign_mismatch(c, rhs->items[0]->pos, nl, nr, NULL);
    return false;
}

/* One result of a multi-value call that does not fit its variable. */
static void tuple_elem_error(Checker *c, Node *call, Type *have, Type *want) {
    check_error(c, call->pos, "cannot use %s (value of %stype %s) as %s value in assignment", expr_string(call),
                type_desc(have), tstr(have), tstr(want));
}

static void local_vars(Checker *c, Node *gen) {
    for (int i = 0; i < gen->gen.specs.n; i++) {
        Node *spec = gen->gen.specs.items[i];
        int nl = spec->vspec.names.n;
        Type *t = spec->vspec.type ? check_typexpr(c, spec->vspec.type) : NULL;
        Type **types = NEW_ARRAY(Type *, nl);
        if (spec->vspec.values.n) {
            Type **hints = NULL;
            if (t) {
                hints = NEW_ARRAY(Type *, nl);
                for (int j = 0; j < nl; j++) hints[j] = t;
            }
            if (!rhs_types(c, &spec->vspec.values, nl, hints, types, spec->pos)) {
                for (int j = 0; j < nl; j++) types[j] = t ? t : &t_invalid;
            } else if (spec->vspec.values.n == nl) {
                for (int j = 0; j < nl; j++) {
                    Node *v = spec->vspec.values.items[j];
                    if (t) check_assignable(c, v, t, "variable declaration");
                    else {
                        if (v->type == &t_untyped_nil) {
                            check_error(c, v->pos, "use of untyped nil in variable declaration");
                            types[j] = &t_invalid;
                            continue;
                        }
                        check_default(c, v);
                        types[j] = v->type;
                    }
                }
            } else if (t) {
                for (int j = 0; j < nl; j++)
                    if (!assignable_to(c, types[j], t, NULL))
                        tuple_elem_error(c, spec->vspec.values.items[0], types[j], t);
            }
        }
        for (int j = 0; j < nl; j++) {
            Type *vt = t ? t : (spec->vspec.values.n ? default_type(types[j]) : &t_invalid);
            check_declare_var(c, spec->vspec.names.items[j], vt);
        }
    }
}

static void local_types(Checker *c, Node *gen) {
    for (int i = 0; i < gen->gen.specs.n; i++) {
        Node *spec = gen->gen.specs.items[i];
        Node *id = spec->tspec.name;
        Object *o = object_new(OBJ_TYPE, id->ident.name, id->pos, NULL);
        o->pkg = c->pkg;
        o->decl = spec;
        id->ref = o;
        if (spec->tspec.tparams.n) {
            check_error(c, spec->pos, "generic type cannot be declared inside a function");
            continue;
        }
        if (spec->tspec.alias) {
            o->type = check_typexpr(c, spec->tspec.type);
        } else {
            Type *named = type_new_named(c->tt, c->pkg->path, id->ident.name);
            named->decl = o;
            o->type = named;
            o->state = RS_DONE;
            if (id->ident.name != c->n_underscore) scope_insert(c->scope, o);
            Type *u = check_typexpr(c, spec->tspec.type);
            type_set_underlying(named, u);
            check_complete_methods(c, named);
            if (c->nrstack == 0) check_incomplete_types(c);
            continue;
        }
        Object *old = id->ident.name != c->n_underscore ? scope_insert(c->scope, o) : NULL;
        if (old) check_redeclared(c, id->pos, id->ident.name, old, " in this block");
    }
}

static void check_decl_stmt(Checker *c, Node *gen) {
    switch (gen->gen.tok) {
    case T_CONST: local_consts(c, gen); break;
    case T_VAR: local_vars(c, gen); break;
    case T_TYPE: local_types(c, gen); break;
    case T_IMPORT: check_error(c, gen->pos, "imports must appear before other declarations"); break;
    }
}

/* ---- assignments ---- */

/* Checks an assignment target; returns its type (NULL for _). */
static Type *check_lhs(Checker *c, Node *x) {
    if (x->kind == N_IDENT && x->ident.name == c->n_underscore) {
        x->mode = M_VAR;
        x->type = NULL;
        return NULL;
    }
    check_expr(c, x, NULL);
    if (x->type == &t_invalid) return &t_invalid;
    if (x->mode == M_VAR || x->mode == M_MAPINDEX) {
        if (x->kind == N_IDENT && x->ref) {
            Object *o = x->ref;
            (void)o;
        }
        return x->type;
    }
    if (x->kind == N_SELECTOR && x->sel.x->type && x->sel.x->type->ukind == K_MAP) {
        check_error(c, x->pos, "cannot assign to struct field %s in map", expr_string(x));
        return &t_invalid;
    }
    Node *inner = x;
    while (inner->kind == N_PAREN) inner = inner->un.x;
    if (inner->kind == N_SELECTOR && inner->sel.x->mode == M_MAPINDEX) {
        check_error(c, x->pos, "cannot assign to struct field %s in map", expr_string(x));
        return &t_invalid;
    }
    check_error(c, x->pos, "cannot assign to %s (neither addressable nor a map index expression)", expr_string(x));
    return &t_invalid;
}

static void check_assign_plain(Checker *c, Node *n) {
    NodeList *lhs = &n->assign.lhs, *rhs = &n->assign.rhs;
    int nl = lhs->n;
    Type **lt = NEW_ARRAY(Type *, nl);
    for (int i = 0; i < nl; i++) lt[i] = check_lhs(c, lhs->items[i]);
    Type **types = NEW_ARRAY(Type *, nl);
    if (!rhs_types(c, rhs, nl, lt, types, n->pos)) return;
    for (int i = 0; i < nl; i++) {
        if (!lt[i] || lt[i] == &t_invalid) {
            if (!lt[i] && rhs->n == nl) { /* _ = x: x must be a value */
                Node *v = rhs->items[i];
                if (v->type == &t_untyped_nil) check_error(c, v->pos, "use of untyped nil in assignment");
                else check_default(c, v);
            }
            continue;
        }
        if (rhs->n == nl) check_assignable(c, rhs->items[i], lt[i], "assignment");
        else if (!assignable_to(c, types[i], lt[i], NULL))
            tuple_elem_error(c, rhs->items[0], types[i], lt[i]);
    }
}

/* Whether a variable that script statement n declares was resolved (its
 * initialiser checked) before the statement was reached. */
static bool defines_resolved(Checker *c, Node *n) {
    NodeList *lhs = &n->assign.lhs;
    for (int i = 0; i < lhs->n; i++) {
        Node *x = lhs->items[i];
        if (x->kind != N_IDENT || x->ident.name == c->n_underscore) continue;
        Object *o = scope_lookup_local(c->pkg->scope, x->ident.name);
        if (o && o->decl == n && o->state == RS_DONE) return true;
    }
    return false;
}

static void check_define(Checker *c, Node *n) {
    NodeList *lhs = &n->assign.lhs, *rhs = &n->assign.rhs;
    int nl = lhs->n;
    /* at package level in a script: the variables were declared by the
     * collector; this statement assigns them */
    bool global = c->scope == c->pkg->scope || (c->fn && c->fn == c->pkg->script && c->scope->parent == c->pkg->scope);
    Type **types = NEW_ARRAY(Type *, nl);
    Object **olds = NEW_ARRAY(Object *, nl);
    bool any_new = false;
    for (int i = 0; i < nl; i++) {
        Node *x = lhs->items[i];
        if (x->kind != N_IDENT) {
            check_error(c, x->pos, "non-name %s on left side of :=", expr_string(x));
            return;
        }
        if (x->ident.name == c->n_underscore) continue;
        for (int j = 0; j < i; j++)
            if (lhs->items[j]->kind == N_IDENT && lhs->items[j]->ident.name == x->ident.name)
                check_error(c, x->pos, "%s repeated on left side of :=", x->ident.name);
        Object *o = global ? scope_lookup_local(c->pkg->scope, x->ident.name)
                           : scope_lookup_local(c->scope, x->ident.name);
        if (global && o && o->decl == n) { /* declared here by the collector */
            any_new = true;
            continue;
        }
        if (o) olds[i] = o;
        else any_new = true;
    }
    Type **hints = NEW_ARRAY(Type *, nl);
    for (int i = 0; i < nl; i++)
        if (olds[i] && olds[i]->kind == OBJ_VAR) hints[i] = olds[i]->type;
    /* a script's top-level x := f(...) declares package variables: when a
     * function that uses x was checked first, resolving x checked the right
     * side already, and checking it twice would give a func literal there
     * two sets of objects; otherwise x gets its type from this check */
    bool resolved = global && defines_resolved(c, n);
    bool ok = resolved ? true : rhs_types(c, rhs, nl, hints, types, n->pos);
    for (int i = 0; resolved && i < nl; i++) {
        Node *x = lhs->items[i];
        Object *o = x->kind == N_IDENT ? scope_lookup_local(c->pkg->scope, x->ident.name) : NULL;
        if (o && o->decl == n && o->state != RS_DONE) check_resolve(c, o); /* its own initialiser */
        types[i] = o && o->decl == n && o->type ? o->type : &t_invalid;
    }
    if (!any_new) check_error(c, n->pos, "no new variables on left side of :=");
    for (int i = 0; i < nl; i++) {
        Node *x = lhs->items[i];
        if (x->kind != N_IDENT) continue;
        Node *v = rhs->n == nl ? rhs->items[i] : NULL;
        if (olds[i]) {
            Object *o = olds[i];
            x->ref = o;
            x->mode = M_VAR;
            x->type = o->type;
            if (o->kind != OBJ_VAR) {
                check_error(c, x->pos, "cannot assign to %s", x->ident.name);
                continue;
            }
            if (o->owner && c->fn && o->owner != c->fn && !o->is_global) record_capture(c, o);
            if (ok && v) check_assignable(c, v, o->type, "assignment");
            continue;
        }
        Type *t = ok ? types[i] : &t_invalid;
        if (v && ok) {
            if (v->type == &t_untyped_nil) {
                check_error(c, v->pos, "use of untyped nil in assignment");
                t = &t_invalid;
            } else {
                check_default(c, v);
                t = v->type;
            }
        } else if (ok) {
            t = default_type(t);
        }
        if (v && v->mode == M_NOVALUE) {
            check_error(c, v->pos, "%s (no value) used as value", expr_string(v));
            t = &t_invalid;
        }
        if (global && x->ident.name != c->n_underscore) {
            Object *o = scope_lookup_local(c->pkg->scope, x->ident.name);
            if (o && o->decl == n) {
                if (o->state != RS_DONE) { /* typed by the check above, not checked again */
                    o->type = t;
                    o->init = v ? v : rhs->items[0];
                    o->state = RS_DONE;
                }
                x->ref = o;
                x->mode = M_VAR;
                x->type = o->type;
                continue;
            }
        }
        check_declare_var(c, x, t);
    }
}

static void check_op_assign(Checker *c, Node *n) {
    if (n->assign.lhs.n != 1 || n->assign.rhs.n != 1) {
        check_error(c, n->pos, "assignment operation %s requires single-valued expressions", token_str(n->assign.op));
        return;
    }
    Node *x = n->assign.lhs.items[0], *y = n->assign.rhs.items[0];
    Type *lt = check_lhs(c, x);
    if (!lt || lt == &t_invalid) {
        check_expr(c, y, NULL);
        return;
    }
    /* check `x op y` as an expression: build it on the fly */
    Node bin = {0};
    bin.kind = N_BINARY;
    bin.pos = n->pos;
    bin.bin.op = token_assign_op(n->assign.op);
    bin.bin.x = x;
    bin.bin.y = y;
    Node saved = *x;
    check_expr(c, &bin, NULL);
    x->mode = saved.mode == M_MAPINDEX ? M_MAPINDEX : x->mode;
    if (bin.type == &t_invalid) return;
    if (!assignable_to(c, bin.type, lt, NULL) && !is_dyn(lt))
        check_error(c, n->pos, "cannot use %s (value of type %s) as %s value in assignment", expr_string(&bin),
                    tstr(bin.type), tstr(lt));
    n->type = bin.type; /* the operation's type, for the compiler */
}

static void check_assign(Checker *c, Node *n) {
    switch (n->assign.op) {
    case T_ASSIGN: check_assign_plain(c, n); break;
    case T_DEFINE: check_define(c, n); break;
    default: check_op_assign(c, n); break;
    }
}

/* ---- simple statements ---- */

static void check_expr_stmt(Checker *c, Node *n) {
    Node *x = n->un.x;
    check_expr(c, x, NULL);
    if (x->type == &t_invalid && x->mode == M_NONE) return;
    Node *inner = x;
    while (inner->kind == N_PAREN) inner = inner->un.x;
    if (inner->kind == N_CALL) {
        if (inner->flags & NF_CONVERSION) {
            check_error(c, x->pos, "%s is not used", operand_desc(x));
            return;
        }
        int b = builtin_id(inner);
        if (b == B_APPEND || b == B_CAP || b == B_LEN || b == B_MAKE || b == B_NEW || b == B_MIN || b == B_MAX)
            check_error(c, x->pos, "%s is not used", operand_desc(x));
        return;
    }
    if (inner->kind == N_UNARY && inner->un.op == T_ARROW) return;
    if (x->type == &t_invalid) return;
    check_error(c, x->pos, "%s is not used", operand_desc(x));
}

static void check_send(Checker *c, Node *n) {
    check_expr(c, n->send.ch, NULL);
    Type *t = n->send.ch->type;
    if (t == &t_invalid) {
        check_expr(c, n->send.value, NULL);
        return;
    }
    if (is_dyn(t)) {
        check_value(c, n->send.value, NULL);
        check_default(c, n->send.value);
        return;
    }
    if (t->ukind != K_CHAN) {
        check_expr(c, n->send.value, NULL);
        check_error(c, n->pos, "invalid operation: cannot send to non-channel %s", operand_desc(n->send.ch));
        return;
    }
    if (!(t->under->chandir & CHAN_SEND)) {
        check_expr(c, n->send.value, NULL);
        check_error(c, n->pos, "invalid operation: cannot send to receive-only channel %s", operand_desc(n->send.ch));
        return;
    }
    check_value(c, n->send.value, t->under->elem);
    check_assignable(c, n->send.value, t->under->elem, "send");
}

static void check_incdec(Checker *c, Node *n) {
    Type *t = check_lhs(c, n->incdec.x);
    if (!t || t == &t_invalid) return;
    if (!is_dyn(t) && !kind_is_numeric(t->ukind))
        check_error(c, n->pos, "invalid operation: %s%s (non-numeric type %s)", expr_string(n->incdec.x),
                    n->incdec.op == T_INC ? "++" : "--", tstr(t));
}

static void check_go_defer(Checker *c, Node *n, const char *what) {
    Node *x = n->un.x;
    while (x->kind == N_PAREN) x = x->un.x;
    if (x->kind != N_CALL) {
        check_expr(c, x, NULL);
        check_error(c, x->pos, "expression in %s must be function call", what);
        return;
    }
    check_expr(c, x, NULL);
    if (x->flags & NF_CONVERSION) {
        check_error(c, x->pos, "%s requires function call, not conversion", what);
        return;
    }
    if (x->call.fn->mode == M_BUILTIN) {
        int b = builtin_id(x);
        if (b == B_APPEND || b == B_CAP || b == B_LEN || b == B_MAKE || b == B_NEW || b == B_MIN || b == B_MAX)
            check_error(c, x->pos, "%s discards result of %s", what, expr_string(x));
    }
    if (n->kind == N_DEFER && c->fn) c->fn->has_defer = true;
}

/* Go's "not enough/too many return values" with have and want lines,
 * reported at the first extra value or the last value given. */
static void return_count_error(Checker *c, Node *n, Type **have, int nhave) {
    FuncInfo *fi = c->fn;
    Type **want = NEW_ARRAY(Type *, fi->nresults + 1);
    for (int i = 0; i < fi->nresults; i++) want[i] = fi->results[i]->type;
    NodeList *rs = &n->ret.results;
    bool many = nhave > fi->nresults;
    Pos pos = n->pos;
    if (rs->n == 1) pos = rs->items[0]->pos;
    else if (many) pos = rs->items[fi->nresults]->pos;
    else if (rs->n > 0) pos = rs->items[rs->n - 1]->pos;
    check_error(c, pos, "%s return values\n\thave %s\n\twant %s", many ? "too many" : "not enough",
                types_summary(have, nhave, false), types_summary(want, fi->nresults, false));
}

static void check_return(Checker *c, Node *n) {
    FuncInfo *fi = c->fn;
    NodeList *rs = &n->ret.results;
    if (!fi || fi == c->pkg->script) {
        check_error(c, n->pos, "return outside function");
        return;
    }
    int want = fi->nresults;
    if (rs->n == 0) {
        if (want && !fi->named_results) return_count_error(c, n, NULL, 0);
        return;
    }
    Type **hints = NEW_ARRAY(Type *, want + 1);
    for (int i = 0; i < want; i++) hints[i] = fi->results[i]->type;
    if (rs->n == 1 && want != 1) {
        Node *x = rs->items[0];
        check_expr(c, x, NULL);
        Type *t = x->type;
        if (t == &t_invalid) return;
        if (is_dyn(t) && x->kind == N_CALL && x->aux == -1 && want > 1) {
            x->aux = -1 - want;
            return;
        }
        int have = t->kind == K_TUPLE ? t->nparams : 1;
        if (have != want && fi->dyn_results) {
            check_error(c, x->pos, "inconsistent number of return values: %d here, %d in the first return", have,
                        want);
            return;
        }
        if (t->kind != K_TUPLE) {
            return_count_error(c, n, &t, 1);
            return;
        }
        if (have != want) {
            return_count_error(c, n, t->params, have);
            return;
        }
        for (int i = 0; i < want; i++)
            if (!assignable_to(c, t->params[i], hints[i], NULL))
                check_error(c, x->pos, "cannot use %s (value of type %s) as %s value in return statement",
                            expr_string(x), tstr(t->params[i]), tstr(hints[i]));
        return;
    }
    if (rs->n != want) {
        Type **have = NEW_ARRAY(Type *, rs->n);
        for (int i = 0; i < rs->n; i++) {
            check_expr(c, rs->items[i], i < want ? hints[i] : NULL);
            have[i] = rs->items[i]->type;
        }
        if (fi->dyn_results)
            check_error(c, rs->items[0]->pos, "inconsistent number of return values: %d here, %d in the first return",
                        rs->n, want);
        else
            return_count_error(c, n, have, rs->n);
        return;
    }
    for (int i = 0; i < want; i++) {
        Node *x = rs->items[i];
        check_value(c, x, hints[i]);
        check_assignable(c, x, hints[i], "return statement");
    }
}

/* ---- labels ---- */

/* Where a statement is: the statement lists that enclose it, outermost
 * first, and its index in each (what goto's rules are about). */
typedef struct Place {
    NodeList **lists;
    int *index;
    Pos *start; /* where each list's block starts, for messages */
    int depth;
} Place;

typedef struct Jump { /* a labeled statement or a goto, and its place */
    Node *node;
    Place at;
} Jump;

typedef struct LabelScan {
    Node **labels;
    int n, cap;
    const char **refs; /* label names that branch statements name */
    int nrefs, caprefs;
    Place cur;         /* the statement being scanned */
    int capcur;
    Jump *marks;       /* labels and gotos with their places */
    int nmarks, capmarks;
} LabelScan;

static void scan_labels(LabelScan *ls, Node *s);

static void mark_place(LabelScan *ls, Node *s) {
    if (ls->nmarks == ls->capmarks) {
        ls->capmarks = ls->capmarks ? ls->capmarks * 2 : 8;
        ls->marks = GROW_ARRAY(Jump, ls->marks, ls->capmarks);
    }
    Place p = {NEW_ARRAY(NodeList *, ls->cur.depth + 1), NEW_ARRAY(int, ls->cur.depth + 1),
               NEW_ARRAY(Pos, ls->cur.depth + 1), ls->cur.depth};
    memcpy(p.lists, ls->cur.lists, sizeof(NodeList *) * (size_t)p.depth);
    memcpy(p.index, ls->cur.index, sizeof(int) * (size_t)p.depth);
    memcpy(p.start, ls->cur.start, sizeof(Pos) * (size_t)p.depth);
    ls->marks[ls->nmarks++] = (Jump){s, p};
}

static void scan_list_at(LabelScan *ls, NodeList *l, Pos start) {
    if (ls->cur.depth == ls->capcur) {
        ls->capcur = ls->capcur ? ls->capcur * 2 : 16;
        ls->cur.lists = GROW_ARRAY(NodeList *, ls->cur.lists, ls->capcur);
        ls->cur.index = GROW_ARRAY(int, ls->cur.index, ls->capcur);
        ls->cur.start = GROW_ARRAY(Pos, ls->cur.start, ls->capcur);
    }
    int d = ls->cur.depth++;
    ls->cur.lists[d] = l;
    ls->cur.start[d] = start;
    for (int i = 0; i < l->n; i++) {
        ls->cur.index[d] = i;
        scan_labels(ls, l->items[i]);
    }
    ls->cur.depth--;
}

static void scan_list(LabelScan *ls, NodeList *l) { scan_list_at(ls, l, (Pos){0, 0}); }

/* Walks statements only: function literals live in expressions and have
 * labels of their own. */
static void scan_labels(LabelScan *ls, Node *s) {
    if (!s) return;
    switch (s->kind) {
    case N_LABELED:
        if (ls->n == ls->cap) {
            ls->cap = ls->cap ? ls->cap * 2 : 8;
            ls->labels = GROW_ARRAY(Node *, ls->labels, ls->cap);
        }
        ls->labels[ls->n++] = s;
        mark_place(ls, s);
        scan_labels(ls, s->labeled.stmt);
        break;
    case N_BRANCH:
        if (!s->branch.label) break;
        if (s->branch.tok == T_GOTO) mark_place(ls, s);
        if (ls->nrefs == ls->caprefs) {
            ls->caprefs = ls->caprefs ? ls->caprefs * 2 : 8;
            ls->refs = GROW_ARRAY(const char *, ls->refs, ls->caprefs);
        }
        ls->refs[ls->nrefs++] = s->branch.label->ident.name;
        break;
    case N_BLOCK: scan_list_at(ls, &s->block.stmts, s->pos); break;
    case N_IF: scan_labels(ls, s->ifs.then); scan_labels(ls, s->ifs.els); break;
    case N_FOR: scan_labels(ls, s->fors.body); break;
    case N_RANGE: scan_labels(ls, s->range.body); break;
    /* the clauses are the blocks (their list is no block of its own) */
    case N_SWITCH: case N_TYPE_SWITCH:
        for (int i = 0; i < s->sw.body.n; i++) scan_labels(ls, s->sw.body.items[i]);
        break;
    case N_SELECT:
        for (int i = 0; i < s->sel_stmt.body.n; i++) scan_labels(ls, s->sel_stmt.body.items[i]);
        break;
    case N_CASE: scan_list_at(ls, &s->cas.body, s->pos); break;
    case N_COMM: scan_list_at(ls, &s->comm.body, s->pos); break;
    default: break;
    }
}

/* Does statement s declare variables in the block it is in? */
static bool declares_vars(Node *s) {
    while (s->kind == N_LABELED) s = s->labeled.stmt;
    if (s->kind == N_ASSIGN) return s->assign.op == T_DEFINE;
    return s->kind == N_DECL_STMT && s->decl.d->gen.tok == T_VAR;
}

/* Go's rules for goto (cmd/compile's wording): the label must be in the
 * goto's block or an enclosing one, and a forward jump must not skip a
 * variable declaration of the label's block. */
static void check_goto_jump(Checker *c, Jump *g, Jump *l) {
    const char *name = l->node->labeled.label->ident.name;
    Pos at = g->node->branch.label->pos;
    Place *gp = &g->at, *lp = &l->at;
    for (int d = 0; d < lp->depth; d++) {
        if (d >= gp->depth || gp->lists[d] != lp->lists[d]) {
            check_error(c, at, "goto %s jumps into block starting at %s:%d:%d", name, c->pkg->filename,
                        lp->start[d].line, lp->start[d].col);
            return;
        }
    }
    int d = lp->depth - 1;
    if (d < 0) return;
    NodeList *list = lp->lists[d];
    Node *last = NULL;
    for (int i = gp->index[d] + 1; i < lp->index[d]; i++)
        if (declares_vars(list->items[i])) last = list->items[i];
    if (last) check_error(c, at, "goto %s jumps over variable declaration at line %d", name, last->pos.line);
}

static void check_gotos(Checker *c, LabelScan *ls) {
    for (int i = 0; i < ls->nmarks; i++) {
        Jump *g = &ls->marks[i];
        if (g->node->kind != N_BRANCH) continue;
        const char *name = g->node->branch.label->ident.name;
        Jump *l = NULL;
        for (int j = 0; j < ls->nmarks && !l; j++)
            if (ls->marks[j].node->kind == N_LABELED && ls->marks[j].node->labeled.label->ident.name == name)
                l = &ls->marks[j];
        if (!l) {
            check_error(c, g->node->branch.label->pos, "label %s not defined", name);
            continue;
        }
        g->node->ref = l->node;
        check_goto_jump(c, g, l);
    }
}

void check_labels(Checker *c, NodeList *body) {
    LabelScan ls = {0};
    scan_list(&ls, body);
    check_gotos(c, &ls);
    for (int i = 0; i < ls.n; i++) {
        Node *l = ls.labels[i]->labeled.label;
        const char *name = l->ident.name;
        if (name == c->n_underscore) continue;
        bool dup = false, used = false;
        for (int j = 0; j < i && !dup; j++) {
            Node *p = ls.labels[j]->labeled.label;
            if (p->ident.name != name) continue;
            check_error(c, l->pos, "label %s already defined at %s:%d:%d", name, c->pkg->filename, p->pos.line,
                        p->pos.col);
            dup = true;
        }
        for (int j = 0; j < ls.nrefs && !used; j++) used = ls.refs[j] == name;
        if (!dup && !used) check_error(c, l->pos, "label %s defined and not used", name);
    }
    if (c->fn) {
        c->fn->labels = ls.labels;
        c->fn->nlabels = ls.n;
    }
}

static bool first_label(Checker *c, Node *labeled) {
    const char *name = labeled->labeled.label->ident.name;
    for (int i = 0; c->fn && i < c->fn->nlabels; i++)
        if (c->fn->labels[i]->labeled.label->ident.name == name) return c->fn->labels[i] == labeled;
    return true;
}

static bool label_defined(Checker *c, const char *name) {
    for (int i = 0; c->fn && i < c->fn->nlabels; i++)
        if (c->fn->labels[i]->labeled.label->ident.name == name) return true;
    return false;
}

static void check_branch(Checker *c, Node *n) {
    int tok = n->branch.tok;
    const char *label = n->branch.label ? n->branch.label->ident.name : NULL;
    if (tok == T_GOTO) return; /* check_labels resolved it */
    if (tok == T_FALLTHROUGH) return; /* validated by the switch */
    for (Branch *b = c->branch; b; b = b->outer) {
        if (label) {
            if (b->label != label) continue;
            if (tok == T_CONTINUE && !is_loop(b->stmt)) {
                check_error(c, n->branch.label->pos, "invalid continue label %s", label);
                return;
            }
            if (b->label_obj) b->label_obj->used = true;
            n->ref = b->stmt;
            return;
        }
        if (tok == T_CONTINUE && !is_loop(b->stmt)) continue;
        if (tok == T_BREAK && b->stmt->kind == N_LABELED) continue;
        n->ref = b->stmt;
        return;
    }
    if (label) {
        const char *what = tok == T_BREAK ? "break" : "continue";
        if (label_defined(c, label)) check_error(c, n->branch.label->pos, "invalid %s label %s", what, label);
        else check_error(c, n->branch.label->pos, "%s label not defined: %s", what, label);
        return;
    }
    check_error(c, n->pos, "%s is not in a loop%s", tok == T_BREAK ? "break" : "continue",
                tok == T_BREAK ? ", switch, or select" : "");
}

/* ---- compound statements ---- */

void check_block(Checker *c, Node *n) {
    push_scope(c);
    check_stmts(c, &n->block.stmts);
    pop_scope(c);
}

static void check_cond(Checker *c, Node *cond, const char *what) {
    check_value(c, cond, NULL);
    Type *t = cond->type;
    if (t == &t_invalid || is_dyn(t)) return;
    if (t->ukind != K_BOOL && t->kind != K_UNTYPED_BOOL) {
        check_error(c, cond->pos, "non-boolean condition in %s statement", what);
        return;
    }
    check_default(c, cond);
}

static void check_if(Checker *c, Node *n) {
    push_scope(c);
    if (n->ifs.init) check_stmt(c, n->ifs.init);
    check_cond(c, n->ifs.cond, "if");
    check_block(c, n->ifs.then);
    if (n->ifs.els) check_stmt(c, n->ifs.els);
    pop_scope(c);
}

static void check_case_body(Checker *c, Node *cl, bool last, bool type_switch) {
    NodeList *b = &cl->cas.body;
    for (int i = 0; i < b->n; i++) {
        Node *s = b->items[i];
        if (s->kind == N_BRANCH && s->branch.tok == T_FALLTHROUGH) {
            if (type_switch) check_error(c, s->pos, "cannot fallthrough in type switch");
            else if (i != b->n - 1) check_error(c, s->pos, "fallthrough statement out of place");
            else if (last) check_error(c, s->pos, "cannot fallthrough final case in switch");
        }
    }
    check_stmts(c, b);
}

static void multiple_defaults(Checker *c, Node *cl, Node *first) {
    check_error(c, cl->pos, "multiple defaults (first at %s:%d:%d)", c->pkg->filename, first->pos.line,
                first->pos.col);
}

static void check_switch(Checker *c, Node *n, const char *label, Object *lo) {
    push_scope(c);
    if (n->sw.init) check_stmt(c, n->sw.init);
    Node *tag = n->sw.tag;
    Type *tt = &t_bool;
    if (tag) {
        check_value(c, tag, NULL);
        check_default(c, tag);
        tt = tag->type;
        if (tt == &t_untyped_nil) check_error(c, tag->pos, "use of untyped nil in switch expression");
    }
    Branch br;
    push_branch(c, &br, n, label, lo);
    bool seen_default = false;
    Node *first_default = NULL;
    for (int i = 0; i < n->sw.body.n; i++) {
        Node *cl = n->sw.body.items[i];
        if (cl->cas.is_default) {
            if (seen_default) multiple_defaults(c, cl, first_default);
            else first_default = cl;
            seen_default = true;
        }
        for (int j = 0; j < cl->cas.list.n; j++) {
            Node *e = cl->cas.list.items[j];
            check_value(c, e, tag ? tt : NULL);
            if (e->type == &t_invalid || tt == &t_invalid) continue;
            if (!tag) {
                if (!is_dyn(e->type) && e->type->ukind != K_BOOL && e->type->kind != K_UNTYPED_BOOL)
                    check_error(c, e->pos, "invalid case %s in switch on true (mismatched types %s and bool)",
                                expr_string(e), tstr(e->type));
                check_default(c, e);
                continue;
            }
            /* as the comparison tag == e */
            Node cmp = {0};
            cmp.kind = N_BINARY;
            cmp.pos = e->pos;
            cmp.bin.op = T_EQL;
            cmp.bin.x = tag;
            cmp.bin.y = e;
            Type *saved_tag_type = tag->type;
            if (type_is_untyped(e->type) && !is_dyn(tt) && tt->ukind != K_INTERFACE) {
                if (!convert_untyped(c, e, tt)) continue;
            } else if (type_is_untyped(e->type)) {
                check_default(c, e);
            } else if (!is_dyn(tt) && !is_dyn(e->type) && !assignable_to(c, e->type, tt, e) &&
                       !assignable_to(c, tt, e->type, tag)) {
                check_error(c, e->pos, "invalid case %s in switch on %s (mismatched types %s and %s)", expr_string(e),
                            expr_string(tag), tstr(e->type), tstr(tt));
                continue;
            }
            tag->type = saved_tag_type;
            (void)cmp;
            /* duplicate constant cases */
            if (e->mode == M_CONST && e->cval) {
                for (int pi = 0; pi <= i; pi++) {
                    Node *pc = n->sw.body.items[pi];
                    int lim = pi == i ? j : pc->cas.list.n;
                    for (int pj = 0; pj < lim; pj++) {
                        Node *pe = pc->cas.list.items[pj];
                        if (pe->mode == M_CONST && pe->cval && pe->cval->kind == e->cval->kind &&
                            pe->type == e->type && const_compare(T_EQL, pe->cval, e->cval)) {
                            check_error(c, e->pos, "duplicate case %s in expression switch\n\t%s:%d:%d: previous case",
                                        operand_desc(e), c->pkg->filename, pe->pos.line, pe->pos.col);
                            goto next_case;
                        }
                    }
                }
            }
        next_case:;
        }
        push_scope(c);
        check_case_body(c, cl, i == n->sw.body.n - 1, false);
        pop_scope(c);
    }
    pop_branch(c);
    pop_scope(c);
}

/* Reports case j of clause i of type switch n if an earlier case names the
 * same type t (NULL: nil). */
static void dup_type_case(Checker *c, Node *n, int i, int j, Type *t) {
    for (int pi = 0; pi <= i; pi++) {
        Node *pc = n->sw.body.items[pi];
        int lim = pi == i ? j : pc->cas.list.n;
        for (int pj = 0; pj < lim; pj++) {
            Node *pe = pc->cas.list.items[pj];
            if (pe->kind == N_IDENT && pe->ref && ((Object *)pe->ref)->is_param) continue;
            bool same = t ? pe->mode == M_TYPE && pe->type == t : pe->type == &t_untyped_nil;
            if (!same) continue;
            Node *e = n->sw.body.items[i]->cas.list.items[j];
            check_error(c, e->pos, "duplicate case %s in type switch\n\t%s:%d:%d: previous case",
                        t ? tstr(t) : "nil", c->pkg->filename, pe->pos.line, pe->pos.col);
            return;
        }
    }
}

static void check_type_switch(Checker *c, Node *n, const char *label, Object *lo) {
    push_scope(c);
    if (n->sw.init) check_stmt(c, n->sw.init);
    Node *guard = n->sw.assign;
    Node *bind = NULL, *ta;
    if (guard->kind == N_ASSIGN) {
        bind = guard->assign.lhs.items[0];
        ta = guard->assign.rhs.items[0];
    } else {
        ta = guard->un.x;
    }
    Node *x = ta->assert.x;
    check_value(c, x, NULL);
    Type *xt = x->type;
    if (xt != &t_invalid && !is_dyn(xt) && xt->ukind != K_INTERFACE) {
        check_error(c, x->pos, "%s is not an interface", operand_desc(x));
        xt = &t_invalid;
    }
    ta->type = xt;
    ta->mode = M_VALUE;
    Branch br;
    push_branch(c, &br, n, label, lo);
    bool seen_default = false;
    Node *first_default = NULL;
    bool bind_used = false;
    for (int i = 0; i < n->sw.body.n; i++) {
        Node *cl = n->sw.body.items[i];
        if (cl->cas.is_default) {
            if (seen_default) multiple_defaults(c, cl, first_default);
            else first_default = cl;
            seen_default = true;
        }
        Type *single = NULL;
        for (int j = 0; j < cl->cas.list.n; j++) {
            Node *e = cl->cas.list.items[j];
            check_expr_or_type(c, e, NULL);
            if (e->mode == M_VALUE && e->type == &t_untyped_nil) {
                dup_type_case(c, n, i, j, NULL);
                single = NULL;
                continue;
            }
            if (e->mode != M_TYPE) {
                if (e->type != &t_invalid) check_error(c, e->pos, "%s is not a type", expr_string(e));
                continue;
            }
            Type *t = e->type;
            /* a type parameter is no duplicate of the type it stands for here */
            if (!(e->kind == N_IDENT && e->ref && ((Object *)e->ref)->is_param)) dup_type_case(c, n, i, j, t);
            if (xt != &t_invalid && !is_dyn(xt) && t->ukind != K_INTERFACE && t != &t_invalid) {
                const char *missing = NULL;
                bool ptr_only = false;
                if (!type_implements(t, xt, &missing, &ptr_only))
                    check_error(c, e->pos, "impossible type switch case: %s\n\t%s cannot have dynamic type %s %s",
                                expr_string(e), operand_desc(x), tstr(t), missing_cause(c, t, xt, missing, ptr_only));
            }
            single = cl->cas.list.n == 1 ? t : NULL;
        }
        push_scope(c);
        if (bind) {
            Type *vt = single ? single : (xt == &t_invalid ? &t_invalid : xt);
            Node *id = ast_new(N_IDENT, bind->pos);
            id->ident.name = bind->ident.name;
            Object *o = check_declare_var(c, id, vt);
            o->used = true;
            cl->ref = o; /* the clause's own variable */
            (void)bind_used;
        }
        check_case_body(c, cl, i == n->sw.body.n - 1, true);
        pop_scope(c);
    }
    pop_branch(c);
    pop_scope(c);
}

static void check_select(Checker *c, Node *n, const char *label, Object *lo) {
    Branch br;
    push_branch(c, &br, n, label, lo);
    bool seen_default = false;
    Node *first_default = NULL;
    for (int i = 0; i < n->sel_stmt.body.n; i++) {
        Node *cl = n->sel_stmt.body.items[i];
        push_scope(c);
        Node *s = cl->comm.stmt;
        if (!s) {
            if (seen_default) multiple_defaults(c, cl, first_default);
            else first_default = cl;
            seen_default = true;
        } else if (s->kind == N_SEND) {
            check_send(c, s);
        } else if (s->kind == N_EXPR_STMT) {
            Node *x = s->un.x;
            while (x->kind == N_PAREN) x = x->un.x;
            if (x->kind != N_UNARY || x->un.op != T_ARROW)
                check_error(c, s->pos, "select case must be receive, send or assign recv");
            check_expr(c, s->un.x, NULL);
        } else if (s->kind == N_ASSIGN) {
            Node *r = s->assign.rhs.n == 1 ? s->assign.rhs.items[0] : NULL;
            while (r && r->kind == N_PAREN) r = r->un.x;
            if (!r || r->kind != N_UNARY || r->un.op != T_ARROW || s->assign.lhs.n > 2)
                check_error(c, s->pos, "select case must be receive, send or assign recv");
            check_stmt(c, s);
        } else {
            check_error(c, s->pos, "select case must be receive, send or assign recv");
        }
        check_stmts(c, &cl->comm.body);
        pop_scope(c);
    }
    pop_branch(c);
}

static void check_for(Checker *c, Node *n, const char *label, Object *lo) {
    push_scope(c);
    if (n->fors.init) check_stmt(c, n->fors.init);
    if (n->fors.cond) check_cond(c, n->fors.cond, "for");
    if (n->fors.post) {
        if (n->fors.post->kind == N_ASSIGN && n->fors.post->assign.op == T_DEFINE)
            check_error(c, n->fors.post->pos, "cannot declare in post statement of for loop");
        check_stmt(c, n->fors.post);
    }
    Branch br;
    push_branch(c, &br, n, label, lo);
    check_block(c, n->fors.body);
    pop_branch(c);
    pop_scope(c);
}

static void check_range(Checker *c, Node *n, const char *label, Object *lo) {
    push_scope(c);
    Node *x = n->range.x;
    check_value(c, x, NULL);
    Type *t = x->type, *u = t->under;
    Type *kt = &t_invalid, *vt = &t_invalid;
    bool value_ok = true;
    const char *desc = NULL;
    if (u->kind == K_POINTER && u->elem->ukind == K_ARRAY) u = u->elem->under;
    switch (u->kind) {
    case K_STRING: case K_UNTYPED_STRING:
        kt = &t_int;
        vt = &t_int32;
        check_default(c, x);
        break;
    case K_SLICE: case K_ARRAY: kt = &t_int; vt = u->elem; break;
    case K_MAP: kt = u->key; vt = u->elem; break;
    case K_CHAN:
        kt = u->elem;
        value_ok = false;
        if (!(u->chandir & CHAN_RECV))
            check_error(c, x->pos, "invalid operation: range %s receive from send-only channel %s", expr_string(x),
                        tstr(t));
        break;
    case K_DYN: kt = &t_dyn; vt = &t_dyn; break;
    case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64: case K_UINT: case K_UINT8:
    case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR: case K_UNTYPED_INT: case K_UNTYPED_RUNE:
        desc = operand_desc(x); /* before 10 becomes an int */
        if (type_is_untyped(t)) check_default(c, x);
        kt = x->type;
        value_ok = false;
        break;
    default:
        if (t != &t_invalid) check_error(c, x->pos, "cannot range over %s", operand_desc(x));
        break;
    }
    if (n->range.value && !value_ok) {
        check_error(c, n->range.value->pos, "range over %s permits only one iteration variable",
                    desc ? desc : operand_desc(x));
    }
    Node *vars[2] = {n->range.key, n->range.value};
    Type *types[2] = {kt, vt};
    if (n->range.define) {
        for (int i = 0; i < 2; i++) {
            if (!vars[i]) continue;
            if (vars[i]->kind != N_IDENT) {
                check_error(c, vars[i]->pos, "non-name %s on left side of :=", expr_string(vars[i]));
                continue;
            }
            check_declare_var(c, vars[i], types[i]);
        }
    } else {
        for (int i = 0; i < 2; i++) {
            if (!vars[i]) continue;
            Type *lt = check_lhs(c, vars[i]);
            if (lt && lt != &t_invalid && types[i] != &t_invalid && !assignable_to(c, types[i], lt, NULL))
                check_error(c, vars[i]->pos, "cannot assign %s to %s in range", tstr(types[i]), operand_desc(vars[i]));
        }
    }
    Branch br;
    push_branch(c, &br, n, label, lo);
    check_block(c, n->range.body);
    pop_branch(c);
    pop_scope(c);
}

static void check_stmt_labeled(Checker *c, Node *n, const char *label, Object *lo) {
    switch (n->kind) {
    case N_FOR: check_for(c, n, label, lo); break;
    case N_RANGE: check_range(c, n, label, lo); break;
    case N_SWITCH: check_switch(c, n, label, lo); break;
    case N_TYPE_SWITCH: check_type_switch(c, n, label, lo); break;
    case N_SELECT: check_select(c, n, label, lo); break;
    default: /* a labeled block or other statement: no break or continue may target it */
        check_stmt(c, n);
    }
}

void check_stmt(Checker *c, Node *n) {
    if (!n) return;
    if (++c->nesting > CHECK_MAX_NESTING) {
        c->nesting--;
        check_error(c, n->pos, "statement nesting too deep");
        return;
    }
    switch (n->kind) {
    case N_EMPTY: case N_BAD: break;
    case N_DECL_STMT: check_decl_stmt(c, n->decl.d); break;
    case N_GEN_DECL: check_decl_stmt(c, n); break;
    case N_LABELED: {
        Object *lo = object_new(OBJ_LABEL, n->labeled.label->ident.name, n->labeled.label->pos, &t_invalid);
        /* a label defined twice is the first one: the second targets nothing */
        check_stmt_labeled(c, n->labeled.stmt, first_label(c, n) ? lo->name : NULL, lo);
        break;
    }
    case N_EXPR_STMT: check_expr_stmt(c, n); break;
    case N_SEND: check_send(c, n); break;
    case N_INCDEC: check_incdec(c, n); break;
    case N_ASSIGN: check_assign(c, n); break;
    case N_GO: check_go_defer(c, n, "go"); break;
    case N_DEFER: check_go_defer(c, n, "defer"); break;
    case N_RETURN: check_return(c, n); break;
    case N_BRANCH: check_branch(c, n); break;
    case N_BLOCK: check_block(c, n); break;
    case N_IF: check_if(c, n); break;
    case N_SWITCH: case N_TYPE_SWITCH: case N_SELECT: case N_FOR: case N_RANGE:
        check_stmt_labeled(c, n, NULL, NULL);
        break;
    case N_FUNC_DECL: check_error(c, n->pos, "function declaration inside a function"); break;
    default: check_error(c, n->pos, "unexpected statement"); break;
    }
    c->nesting--;
}

void check_stmts(Checker *c, NodeList *l) {
    for (int i = 0; i < l->n; i++) check_stmt(c, l->items[i]);
}
