/* check_expr.c: expressions. Untyped constants follow Go's rules (exact
 * arithmetic, typed by context, representability); operations involving a
 * dynamic operand are typed dynamic and checked at run time. Calls and
 * builtins are in check_call.c. */
#include "check.h"
#include "lexer.h"
#include <stdio.h>
#include <stdlib.h>

static void check_expr_inner(Checker *c, Node *n, Type *hint, bool allow_type);

/* ---- expression strings for messages (Go's ExprString) ---- */

static void write_expr(Buf *b, Node *n, int depth);

static void write_list(Buf *b, NodeList *l, int depth) {
    for (int i = 0; i < l->n; i++) {
        if (i) buf_puts(b, ", ");
        write_expr(b, l->items[i], depth);
    }
}

static void write_fields(Buf *b, NodeList *l, int depth) {
    for (int i = 0; i < l->n; i++) {
        Node *f = l->items[i];
        if (i) buf_puts(b, ", ");
        for (int j = 0; j < f->field.names.n; j++) {
            if (j) buf_puts(b, ", ");
            buf_puts(b, f->field.names.items[j]->ident.name);
        }
        if (f->field.names.n) buf_putc(b, ' ');
        write_expr(b, f->field.type, depth);
    }
}

/* "func(x int) (int, error)" */
static void write_func_type(Buf *b, Node *ft, int depth) {
    buf_puts(b, "func(");
    write_fields(b, &ft->ftype.params, depth);
    buf_putc(b, ')');
    NodeList *r = &ft->ftype.results;
    if (r->n == 0) return;
    bool paren = r->n > 1 || r->items[0]->field.names.n > 0;
    buf_puts(b, paren ? " (" : " ");
    write_fields(b, r, depth);
    if (paren) buf_putc(b, ')');
}

static void write_expr(Buf *b, Node *n, int depth) {
    if (!n) return;
    if (depth > 50 || b->len > 200) {
        buf_puts(b, "…");
        return;
    }
    depth++;
    switch (n->kind) {
    case N_IDENT: buf_puts(b, n->ident.name); break;
    case N_INT_LIT: case N_FLOAT_LIT: case N_IMAG_LIT: case N_RUNE_LIT: case N_STRING_LIT:
        buf_puts(b, n->lit.raw ? n->lit.raw : n->cval ? const_string_repr(n->cval) : "?");
        break;
    case N_COMPOSITE:
        write_expr(b, n->comp.type, depth);
        buf_puts(b, n->comp.elts.n ? "{…}" : "{}");
        break;
    case N_FUNC_LIT:
        write_func_type(b, n->func.type, depth);
        buf_puts(b, n->func.body && n->func.body->block.stmts.n ? " {…}" : " {}");
        break;
    case N_PAREN: buf_putc(b, '('); write_expr(b, n->un.x, depth); buf_putc(b, ')'); break;
    case N_SELECTOR: write_expr(b, n->sel.x, depth); buf_putc(b, '.'); buf_puts(b, n->sel.name); break;
    case N_INDEX:
        write_expr(b, n->index.x, depth);
        buf_putc(b, '[');
        write_list(b, &n->index.indices, depth);
        buf_putc(b, ']');
        break;
    case N_SLICE_EXPR:
        write_expr(b, n->slice.x, depth);
        buf_putc(b, '[');
        write_expr(b, n->slice.lo, depth);
        buf_putc(b, ':');
        write_expr(b, n->slice.hi, depth);
        if (n->slice.three) {
            buf_putc(b, ':');
            write_expr(b, n->slice.max, depth);
        }
        buf_putc(b, ']');
        break;
    case N_TYPE_ASSERT:
        write_expr(b, n->assert.x, depth);
        buf_puts(b, ".(");
        if (n->assert.type) write_expr(b, n->assert.type, depth);
        else buf_puts(b, "type");
        buf_putc(b, ')');
        break;
    case N_CALL:
        write_expr(b, n->call.fn, depth);
        buf_putc(b, '(');
        write_list(b, &n->call.args, depth);
        if (n->call.ellipsis) buf_puts(b, "...");
        buf_putc(b, ')');
        break;
    case N_STAR: buf_putc(b, '*'); write_expr(b, n->un.x, depth); break;
    case N_UNARY: buf_puts(b, token_str(n->un.op)); write_expr(b, n->un.x, depth); break;
    case N_BINARY:
        write_expr(b, n->bin.x, depth);
        buf_putc(b, ' ');
        buf_puts(b, token_str(n->bin.op));
        buf_putc(b, ' ');
        write_expr(b, n->bin.y, depth);
        break;
    case N_KEYVALUE: write_expr(b, n->kv.key, depth); buf_puts(b, ": "); write_expr(b, n->kv.value, depth); break;
    case N_ARRAY_TYPE:
        buf_putc(b, '[');
        if (n->arr.len) write_expr(b, n->arr.len, depth);
        buf_putc(b, ']');
        write_expr(b, n->arr.elem, depth);
        break;
    case N_ELLIPSIS: buf_puts(b, "..."); write_expr(b, n->un.x, depth); break;
    case N_MAP_TYPE:
        buf_puts(b, "map[");
        write_expr(b, n->map.key, depth);
        buf_putc(b, ']');
        write_expr(b, n->map.value, depth);
        break;
    case N_CHAN_TYPE:
        buf_puts(b, n->chan.dir == CHAN_RECV ? "<-chan " : n->chan.dir == CHAN_SEND ? "chan<- " : "chan ");
        write_expr(b, n->chan.elem, depth);
        break;
    case N_FUNC_TYPE: write_func_type(b, n, depth); break;
    case N_STRUCT_TYPE: buf_puts(b, "struct{…}"); break;
    case N_INTERFACE_TYPE: buf_puts(b, n->iface.elems.n ? "interface{…}" : "interface{}"); break;
    default: buf_puts(b, "?"); break;
    }
}

const char *expr_string(Node *n) {
    Buf b;
    buf_init(&b);
    write_expr(&b, n, 0);
    return buf_cstr(&b);
}

/* ---- untyped operands ---- */

Type *default_type(Type *t) {
    switch (t->kind) {
    case K_UNTYPED_BOOL: return &t_bool;
    case K_UNTYPED_INT: return &t_int;
    case K_UNTYPED_RUNE: return &t_int32;
    case K_UNTYPED_FLOAT: return &t_float64;
    case K_UNTYPED_STRING: return &t_string;
    default: return t;
    }
}

/* The structure of a defined type, as Go 1.24+ describes operands of such
 * types: "x (variable of struct type T)", "c (constant 1 of int type C)". */
const char *type_desc(Type *t) {
    if (t->kind == K_TYPEPARAM) return "";
    if (t->kind != K_NAMED || t == t->under) return "";
    switch (t->ukind) {
    case K_ARRAY: return "array ";
    case K_SLICE: return "slice ";
    case K_STRUCT: return "struct ";
    case K_POINTER: return "pointer ";
    case K_FUNC: return "func ";
    case K_INTERFACE: return "interface ";
    case K_MAP: return "map ";
    case K_CHAN: return "chan ";
    default: return gc_sprintf("%s ", t->under->str ? t->under->str : tstr(t->under));
    }
}

static const char *mode_word(Node *n) {
    switch (n->mode) {
    case M_CONST: return "constant";
    case M_VAR: return "variable";
    case M_MAPINDEX: return "map index expression";
    case M_COMMAOK: return "comma, ok expression";
    case M_NOVALUE: return "no value";
    case M_BUILTIN: return "built-in";
    case M_TYPE: return "type";
    default: return "value";
    }
}

/* Go's description of an operand in messages (types2 operandString):
 * "x (variable of type int)", "1.5 (untyped float constant)",
 * "c (untyped int constant 300)", "p (variable of struct type P)". */
const char *operand_desc(Node *n) {
    const char *s = expr_string(n);
    Type *t = n->type;
    if (t == &t_untyped_nil) return "nil";
    if (n->mode == M_NOVALUE || n->mode == M_BUILTIN || n->mode == M_TYPE || !t || t == &t_invalid)
        return gc_sprintf("%s (%s)", s, mode_word(n));
    const char *val = "";
    if (n->mode == M_CONST && n->cval) {
        const char *v = const_string_repr(n->cval);
        if (strcmp(s, v) != 0) val = gc_sprintf(" %s", v);
    }
    if (type_is_untyped(t)) return gc_sprintf("%s (%s %s%s)", s, t->str, mode_word(n), val);
    const char *bound = "";
    if (t->kind == K_TYPEPARAM || type_is_standin(t))
        bound = gc_sprintf(" constrained by %s", t->constraint ? constraint_string(t->constraint) : "any");
    return gc_sprintf("%s (%s%s of %stype %s%s)", s, mode_word(n), val, type_desc(t), tstr(t), bound);
}

/* A constant index as Go describes it once converted to int:
 * "-1 (constant of type int)", "c (constant -2 of type int)". */
const char *int_const_desc(Node *x, Const *iv) {
    const char *s = expr_string(x), *v = const_string_repr(iv);
    if (strcmp(s, v) == 0) return gc_sprintf("%s (constant of type int)", s);
    return gc_sprintf("%s (constant %s of type int)", s, v);
}

bool check_representable(Checker *c, Node *n, Type *t, bool report) {
    Type *u = t->under;
    if (!n->cval || u->kind > K_STRING) return true;
    Const *cv = n->cval;
    if (u->kind == K_BOOL) return cv->kind == C_BOOL;
    if (u->kind == K_STRING) return cv->kind == C_STRING;
    if (cv->kind == C_BOOL || cv->kind == C_STRING) return false;
    Const *r = NULL;
    const char *why = "overflows";
    if (!const_representable(cv, u->kind, &r, &why)) {
        if (report) {
            if (type_is_untyped(n->type)) {
                if (kind_is_integer(u->kind) && cv->kind == C_FLOAT && !const_is_int_valued(cv))
                    check_error(c, n->pos, "cannot use %s as %s value in %s (truncated)", operand_desc(n),
                                tstr(t), "assignment");
                else
                    check_error(c, n->pos, "cannot use %s as %s value in %s (%s)", operand_desc(n), tstr(t),
                                "assignment", why);
            } else {
                check_error(c, n->pos, "%s (constant %s of type %s) overflows %s", expr_string(n),
                            const_string_repr(cv), tstr(n->type), tstr(t));
            }
        }
        return false;
    }
    if (r) n->cval = r;
    else if (kind_is_integer(u->kind) && cv->kind == C_FLOAT) n->cval = const_to_int(cv);
    return true;
}

/* Re-types an untyped expression tree to t (Go's updateExprType): the
 * compiler then emits typed code for `1 << s` in a uint64 context. */
void check_update_untyped(Checker *c, Node *n, Type *t) {
    if (!n || !type_is_untyped(n->type)) return;
    switch (n->kind) {
    case N_PAREN: check_update_untyped(c, n->un.x, t); break;
    case N_UNARY:
        if (n->un.op != T_NOT || t->under->kind == K_BOOL) check_update_untyped(c, n->un.x, t);
        break;
    case N_BINARY: {
        int op = n->bin.op;
        bool cmp = op == T_EQL || op == T_NEQ || op == T_LSS || op == T_LEQ || op == T_GTR || op == T_GEQ;
        if (cmp) break; /* operands keep their own types */
        if (op == T_SHL || op == T_SHR) {
            check_update_untyped(c, n->bin.x, t);
        } else {
            check_update_untyped(c, n->bin.x, t);
            check_update_untyped(c, n->bin.y, t);
        }
        break;
    }
    default: break;
    }
    if (n->mode == M_CONST && t->under->kind <= K_STRING && t->ukind != K_DYN) check_representable(c, n, t, false);
    n->type = t;
}

void check_default(Checker *c, Node *n) {
    if (!type_is_untyped(n->type) || n->type == &t_untyped_nil) return;
    Type *d = default_type(n->type);
    if (n->mode == M_CONST) check_representable(c, n, d, true);
    check_update_untyped(c, n, d);
}

/* ---- assignability (Go spec "Assignability") ---- */

static bool is_dyn(Type *t) { return t->kind == K_DYN; }

bool assignable_to(Checker *c, Type *v, Type *t, Node *x) {
    if (v == t || v == &t_invalid || t == &t_invalid) return true;
    if (type_is_standin(v)) return tparam_assignable_to(v, t);
    if (type_is_standin(t)) return tparam_assignable_from(v, t, x);
    if (is_dyn(v) || is_dyn(t)) return true; /* checked at run time */
    if (v == &t_untyped_nil)
        return t->ukind == K_POINTER || t->ukind == K_FUNC || t->ukind == K_SLICE ||
               t->ukind == K_MAP || t->ukind == K_CHAN || t->ukind == K_INTERFACE ||
               t->ukind == K_UNSAFEPTR;
    Type *vu = v->under, *tu = t->under;
    if (vu == tu && (v->kind != K_NAMED || t->kind != K_NAMED) && v->kind != K_TYPEPARAM &&
        t->kind != K_TYPEPARAM && (vu->kind > K_UNSAFEPTR))
        return true;
    if (tu->kind == K_INTERFACE && t->kind != K_TYPEPARAM) return type_implements(v, t, NULL, NULL);
    if (vu->kind == K_CHAN && tu->kind == K_CHAN && vu->chandir == CHAN_BOTH && vu->elem == tu->elem &&
        (v->kind != K_NAMED || t->kind != K_NAMED))
        return true;
    if (type_is_untyped(v)) {
        int k = tu->kind;
        switch (v->kind) {
        case K_UNTYPED_BOOL: return k == K_BOOL;
        case K_UNTYPED_STRING: return k == K_STRING;
        case K_UNTYPED_INT: case K_UNTYPED_RUNE: case K_UNTYPED_FLOAT:
            return kind_is_numeric(k);
        default: return false;
        }
    }
    return false;
}

/* "M(int) string": a method as Go's funcString prints it. */
static const char *method_string(const char *name, Type *sig) {
    const char *f = tstr(sig);
    return gc_sprintf("%s%s", name, strncmp(f, "func", 4) == 0 ? f + 4 : f);
}

static Type *method_sig(Type *t, const char *name) {
    Type *u = t->under;
    if (u->kind == K_INTERFACE) {
        for (int i = 0; i < u->nimethods; i++)
            if (u->imethods[i].name == name) return u->imethods[i].sig;
        return NULL;
    }
    Method *m = type_method(t, name);
    return m ? m->sig : NULL;
}

const char *missing_cause(Checker *c, Type *v, Type *t, const char *missing, bool ptr_only) {
    (void)c;
    if (!missing) return "";
    if (ptr_only) return gc_sprintf("(method %s has pointer receiver)", missing);
    Type *have = method_sig(v, missing), *want = method_sig(t, missing);
    if (have && want)
        return gc_sprintf("(wrong type for method %s)\n\t\thave %s\n\t\twant %s", missing,
                          method_string(missing, have), method_string(missing, want));
    return gc_sprintf("(missing method %s)", missing);
}

/* ": T does not implement I (cause)", or ": need type assertion" when an
 * interface value is used where a type implementing it is wanted. */
static const char *assign_cause(Checker *c, Type *v, Type *t) {
    const char *missing = NULL;
    bool ptr_only = false;
    if (t->ukind == K_INTERFACE && type_is_standin(v)) { /* T's methods are its constraint's */
        if (type_implements(v->constraint, t, &missing, &ptr_only)) return "";
        return gc_sprintf(": %s does not implement %s %s", tstr(v), tstr(t),
                          missing_cause(c, v->constraint, t, missing, ptr_only));
    }
    if (t->ukind == K_INTERFACE) {
        if (type_implements(v, t, &missing, &ptr_only)) return "";
        return gc_sprintf(": %s does not implement %s %s", tstr(v), tstr(t),
                          missing_cause(c, v, t, missing, ptr_only));
    }
    if (v->ukind == K_INTERFACE && type_implements(t, v, NULL, NULL)) return ": need type assertion";
    return "";
}

bool check_assignable(Checker *c, Node *n, Type *t, const char *context) {
    if (n->mode == M_NONE || n->type == &t_invalid || t == &t_invalid) return false;
    if (n->type && n->type->kind == K_TUPLE) {
        check_error(c, n->pos, "multiple-value %s (value of type %s) in single-value context", expr_string(n),
                    tstr(n->type));
        return false;
    }
    if (n->mode == M_TYPE) {
        check_error(c, n->pos, "%s (type) is not an expression", expr_string(n));
        return false;
    }
    if (n->mode == M_NOVALUE) {
        check_error(c, n->pos, "%s (no value) used as value", expr_string(n));
        return false;
    }
    Type *v = n->type;
    if (type_is_untyped(v) && v != &t_untyped_nil) {
        if (type_is_standin(t) && !tparam_accepts_untyped(t, n)) {
            check_error(c, n->pos, "cannot use %s as %s value in %s", operand_desc(n), tstr(t), context);
            return false;
        }
        if (is_dyn(t) || t->ukind == K_INTERFACE) {
            check_default(c, n); /* Go converts to the default type first */
            if (t->ukind == K_INTERFACE && t->under->nimethods && !is_dyn(t)) {
                check_error(c, n->pos, "cannot use %s as %s value in %s%s", operand_desc(n), tstr(t), context,
                            assign_cause(c, n->type, t));
                return false;
            }
            return true;
        }
        if (!assignable_to(c, v, t, n)) {
            check_error(c, n->pos, "cannot use %s as %s value in %s", operand_desc(n), tstr(t), context);
            return false;
        }
        if (n->mode == M_CONST && !check_representable(c, n, t, false)) {
            Const *r = NULL;
            const char *why = "overflows";
            const_representable(n->cval, t->under->kind, &r, &why);
            if (kind_is_integer(t->under->kind) && n->cval->kind == C_FLOAT && !const_is_int_valued(n->cval))
                why = "truncated";
            check_error(c, n->pos, "cannot use %s as %s value in %s (%s)", operand_desc(n), tstr(t), context, why);
            return false;
        }
        check_update_untyped(c, n, t);
        return true;
    }
    if (!assignable_to(c, v, t, n)) {
        const char *extra = assign_cause(c, v, t);
        check_error(c, n->pos, "cannot use %s as %s value in %s%s", operand_desc(n), tstr(t), context, extra);
        return false;
    }
    if (v == &t_untyped_nil) n->type = t;
    return true;
}

/* ---- identifiers ---- */

void record_capture(Checker *c, Object *o) {
    o->captured = true;
    for (FuncInfo *f = c->fn; f && f != o->owner; f = f->outer) {
        bool have = false;
        for (int i = 0; i < f->ncaptures; i++)
            if (f->captures[i] == o) have = true;
        if (have) continue;
        if (f->ncaptures == f->capcaptures) {
            f->capcaptures = f->capcaptures ? f->capcaptures * 2 : 4;
            f->captures = GROW_ARRAY(Object *, f->captures, f->capcaptures);
        }
        f->captures[f->ncaptures++] = o;
    }
}

static bool is_std_module_name(const char *s) {
    static const char *const names[] = {"fmt", "errors", "strings", "sort", "strconv", "math", "os",
                                        "time", "sync", "atomic", "runtime", "rand", "bytes", "bufio",
                                        "io", "context", "unicode", "utf8", "tabwriter", "slices", "maps", NULL};
    for (int i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0) return true;
    return false;
}

static const char *std_module_path(const char *s) {
    if (strcmp(s, "atomic") == 0) return "sync/atomic";
    if (strcmp(s, "rand") == 0) return "math/rand";
    if (strcmp(s, "utf8") == 0) return "unicode/utf8";
    if (strcmp(s, "tabwriter") == 0) return "text/tabwriter";
    return s;
}

/* A standard module used without an import (LANGUAGE.md): it lives in the
 * universe scope, so user declarations shadow it. */
static Object *auto_import(Checker *c, Node *n) {
    if (!c->loader || !is_std_module_name(n->ident.name)) return NULL;
    Package *p = c->loader(c->loader_ctx, std_module_path(n->ident.name), n->pos, c->diag);
    if (!p) return NULL;
    Object *o = object_new(OBJ_PKG, n->ident.name, n->pos, &t_invalid);
    o->pkg = p;
    scope_insert(c->universe, o);
    return o;
}

static void check_ident(Checker *c, Node *n) {
    const char *name = n->ident.name;
    if (name == c->n_underscore) {
        check_error(c, n->pos, "cannot use _ as value or type");
        n->type = &t_invalid;
        return;
    }
    Scope *where = NULL;
    Object *o = scope_lookup(c->scope, name, &where);
    if (!o) o = auto_import(c, n);
    if (!o) {
        check_error(c, n->pos, "undefined: %s", name);
        n->type = &t_invalid;
        return;
    }
    o->used = true;
    n->ref = o;
    if (o->state != RS_DONE) check_resolve(c, o);
    switch (o->kind) {
    case OBJ_VAR:
        n->mode = M_VAR;
        n->type = o->type ? o->type : &t_invalid;
        if (o->is_global) check_add_dep(c, o);
        else if (o->owner && c->fn && o->owner != c->fn) record_capture(c, o);
        break;
    case OBJ_CONST:
        n->mode = M_CONST;
        n->type = o->type ? o->type : &t_invalid;
        if (name == c->n_iota && where == c->universe) {
            if (c->iota < 0) {
                check_error(c, n->pos, "cannot use iota outside constant declaration");
                n->type = &t_invalid;
                return;
            }
            n->cval = const_int64(c->iota);
        } else {
            n->cval = o->cval;
        }
        if (!n->cval) n->type = &t_invalid;
        break;
    case OBJ_TYPE:
        n->mode = M_TYPE;
        n->type = o->type ? o->type : &t_invalid;
        check_note_spelling(c, o);
        break;
    case OBJ_FUNC:
        n->mode = M_VALUE;
        n->type = o->type ? o->type : &t_invalid;
        check_add_dep(c, o);
        break;
    case OBJ_BUILTIN: n->mode = M_BUILTIN; n->type = &t_invalid; break;
    case OBJ_PKG: n->mode = M_PACKAGE; n->type = &t_invalid; break;
    case OBJ_NIL: n->mode = M_VALUE; n->type = &t_untyped_nil; break;
    default: n->type = &t_invalid; break;
    }
}

/* ---- literals ---- */

static void check_basic_lit(Checker *c, Node *n) {
    char err[256] = "";
    n->mode = M_CONST;
    switch (n->kind) {
    case N_INT_LIT:
        n->cval = const_from_int_lit(n->lit.raw, err, sizeof err);
        n->type = &t_untyped_int;
        break;
    case N_FLOAT_LIT:
        n->cval = const_from_float_lit(n->lit.raw, err, sizeof err);
        n->type = &t_untyped_float;
        break;
    case N_RUNE_LIT:
        n->cval = const_int64(n->lit.rune);
        n->type = &t_untyped_rune;
        break;
    case N_STRING_LIT:
        n->cval = const_string(n->lit.str, n->lit.len);
        n->type = &t_untyped_string;
        break;
    case N_IMAG_LIT:
        check_error(c, n->pos, "complex numbers are not supported");
        n->type = &t_invalid;
        return;
    }
    if (!n->cval) {
        check_error(c, n->pos, "%s", err[0] ? err : "invalid literal");
        n->type = &t_invalid;
        n->mode = M_VALUE;
    }
}

/* ---- composite literals ---- */

static void elem_value(Checker *c, Node *e, Type *et, const char *ctx) {
    if (e->kind == N_COMPOSITE && !e->comp.type) {
        /* elided type: T, or &T for a pointer element type */
        if (et->ukind == K_POINTER) {
            check_expr(c, e, et->under->elem);
            e->flags |= NF_IMPLICIT_DEREF; /* means: take its address */
            e->type = et;
            return;
        }
        check_expr(c, e, et);
        return;
    }
    check_expr(c, e, et);
    check_assignable(c, e, et, ctx);
}

static void struct_lit(Checker *c, Node *n, Type *t) {
    Type *u = t->under;
    NodeList *elts = &n->comp.elts;
    if (elts->n == 0) return;
    bool keyed = elts->items[0]->kind == N_KEYVALUE;
    if (keyed) {
        bool *seen = NEW_ARRAY(bool, u->nfields + 1);
        for (int i = 0; i < elts->n; i++) {
            Node *kv = elts->items[i];
            if (kv->kind != N_KEYVALUE) {
                check_error(c, kv->pos, "mixture of field:value and value elements in struct literal");
                continue;
            }
            Node *key = kv->kv.key;
            if (key->kind != N_IDENT) {
                check_error(c, key->pos, "invalid field name %s in struct literal", expr_string(key));
                continue;
            }
            int fi = type_field_index(u, key->ident.name);
            if (fi < 0) {
                check_error(c, key->pos, "unknown field %s in struct literal of type %s", key->ident.name, tstr(t));
                check_expr(c, kv->kv.value, NULL);
                continue;
            }
            if (seen[fi]) check_error(c, key->pos, "duplicate field name %s in struct literal", key->ident.name);
            seen[fi] = true;
            key->aux = fi;
            key->mode = M_VALUE;
            elem_value(c, kv->kv.value, u->fields[fi].type, "struct literal");
            kv->type = u->fields[fi].type;
        }
        return;
    }
    for (int i = 0; i < elts->n; i++) {
        Node *e = elts->items[i];
        if (e->kind == N_KEYVALUE) {
            check_error(c, e->pos, "mixture of field:value and value elements in struct literal");
            continue;
        }
        if (i >= u->nfields) {
            check_error(c, e->pos, "too many values in struct literal of type %s", tstr(t));
            return;
        }
        elem_value(c, e, u->fields[i].type, "struct literal");
    }
    if (elts->n < u->nfields) check_error(c, n->comp.rbrace, "too few values in struct literal of type %s", tstr(t));
}

/* The indices of a literal with keyed elements, for duplicate checks. */
typedef struct IndexSet {
    int64_t *slots; /* value + 1; 0 is empty */
    int64_t cap, n;
} IndexSet;

/* Adds idx; false if it was there already. */
static bool index_add(IndexSet *s, int64_t idx) {
    if ((s->n + 1) * 2 > s->cap) {
        IndexSet g = {ALLOC_ATOMIC(sizeof(int64_t) * (size_t)(s->cap ? s->cap * 2 : 64)), s->cap ? s->cap * 2 : 64, 0};
        memset(g.slots, 0, sizeof(int64_t) * (size_t)g.cap);
        for (int64_t i = 0; i < s->cap; i++)
            if (s->slots[i]) index_add(&g, s->slots[i] - 1);
        *s = g;
    }
    uint64_t j = ((uint64_t)idx * 0x9e3779b97f4a7c15ull) & (uint64_t)(s->cap - 1);
    for (; s->slots[j]; j = (j + 1) & (uint64_t)(s->cap - 1))
        if (s->slots[j] == idx + 1) return false;
    s->slots[j] = idx + 1;
    s->n++;
    return true;
}

/* Array/slice literal: returns the length implied by the elements. */
static int64_t indexed_lit(Checker *c, Node *n, Type *et, int64_t maxlen) {
    int64_t idx = 0, max = 0;
    NodeList *elts = &n->comp.elts;
    bool keyed = false;
    for (int i = 0; i < elts->n && !keyed; i++) keyed = elts->items[i]->kind == N_KEYVALUE;
    IndexSet seen = {0};
    for (int i = 0; i < elts->n; i++) {
        Node *e = elts->items[i];
        bool bad = false;
        if (e->kind == N_KEYVALUE) {
            Node *k = e->kv.key;
            check_expr(c, k, NULL);
            if (k->mode != M_CONST || !k->cval || !const_to_int(k->cval)) {
                check_error(c, k->pos, "index %s must be integer constant", expr_string(k));
            } else {
                Const *ki = const_to_int(k->cval);
                const char *why;
                k->cval = ki;
                check_update_untyped(c, k, &t_int);
                if (const_sign(ki) < 0) {
                    check_error(c, k->pos, "invalid argument: index %s must not be negative", operand_desc(k));
                    bad = true;
                } else if (!const_representable(ki, K_INT64, NULL, &why)) {
                    check_error(c, k->pos, "index %s must be non-negative integer constant", expr_string(k));
                    bad = true;
                } else {
                    idx = const_to_int64(ki);
                }
                if (!bad && maxlen >= 0 && idx >= maxlen) {
                    check_error(c, k->pos, "invalid argument: index %s out of bounds [0:%lld]", expr_string(k),
                                (long long)maxlen);
                    bad = true;
                }
            }
            elem_value(c, e->kv.value, et, "array or slice literal");
            e->type = et;
        } else {
            elem_value(c, e, et, "array or slice literal");
        }
        if (!bad && maxlen >= 0 && idx >= maxlen) {
            check_error(c, e->pos, "index %lld is out of bounds (>= %lld)", (long long)idx, (long long)maxlen);
            maxlen = -1;
        }
        if (keyed && !bad && !index_add(&seen, idx))
            check_error(c, e->kind == N_KEYVALUE ? e->kv.key->pos : e->pos,
                        "duplicate index %lld in array or slice literal", (long long)idx);
        e->elem_index = (int32_t)(idx < INT32_MAX ? idx : INT32_MAX);
        idx++;
        if (idx > max) max = idx;
    }
    return max;
}

static void map_lit(Checker *c, Node *n, Type *t) {
    Type *u = t->under;
    NodeList *elts = &n->comp.elts;
    for (int i = 0; i < elts->n; i++) {
        Node *e = elts->items[i];
        if (e->kind != N_KEYVALUE) {
            check_error(c, e->pos, "missing key in map literal");
            check_expr(c, e, NULL);
            continue;
        }
        elem_value(c, e->kv.key, u->key, "map literal");
        elem_value(c, e->kv.value, u->elem, "map literal");
        /* duplicate constant keys are compile errors in Go */
        Node *k = e->kv.key;
        if (k->mode == M_CONST && k->cval) {
            for (int j = 0; j < i; j++) {
                Node *p = elts->items[j];
                if (p->kind == N_KEYVALUE && p->kv.key->mode == M_CONST && p->kv.key->cval &&
                    p->kv.key->cval->kind == k->cval->kind &&
                    default_type(p->kv.key->type) == default_type(k->type) && /* 1 and int8(1) differ */
                    const_compare(T_EQL, p->kv.key->cval, k->cval)) {
                    check_error(c, k->pos, "duplicate key %s in map literal", expr_string(k));
                    break;
                }
            }
        }
    }
}

static void check_composite(Checker *c, Node *n, Type *hint) {
    Type *t;
    if (n->comp.type) {
        Node *te = n->comp.type;
        if (te->kind == N_ARRAY_TYPE && te->arr.len && te->arr.len->kind == N_ELLIPSIS) {
            Type *et = check_typexpr(c, te->arr.elem);
            int64_t len = indexed_lit(c, n, et, -1);
            t = type_array(c->tt, et, len);
            te->type = t;
            te->mode = M_TYPE;
            n->type = t;
            n->mode = M_VALUE;
            return;
        }
        t = check_typexpr(c, te);
    } else if (hint) {
        t = hint;
    } else {
        check_error(c, n->pos, "invalid composite literal type: missing type");
        n->type = &t_invalid;
        return;
    }
    n->type = t;
    n->mode = M_VALUE;
    Type *u = t->under;
    switch (u->kind) {
    case K_STRUCT: struct_lit(c, n, t); break;
    case K_ARRAY: indexed_lit(c, n, u->elem, u->len); break;
    case K_SLICE: indexed_lit(c, n, u->elem, -1); break;
    case K_MAP: map_lit(c, n, t); break;
    case K_INVALID: break;
    default:
        check_error(c, n->pos, "invalid composite literal type %s", tstr(t));
        n->type = &t_invalid;
    }
}

/* ---- function literals ---- */

static void check_func_lit(Checker *c, Node *n) {
    FuncInfo *fi = NEW(FuncInfo);
    fi->node = n;
    fi->outer = c->fn;
    fi->pkg = c->pkg;
    fi->outer_scope = c->scope;
    FuncInfo *top = c->fn;
    const char *base = top ? top->qualname : gc_sprintf("%s.init", c->pkg->path);
    int k = top ? ++top->nlits : 1;
    fi->qualname = top && top->outer ? gc_sprintf("%s.%d", base, k) : gc_sprintf("%s.func%d", base, k);
    check_signature(c, n->func.type, NULL, fi);
    for (int i = 0; i < fi->nparams; i++) fi->params[i]->owner = fi;
    for (int i = 0; i < fi->nresults; i++) fi->results[i]->owner = fi;
    check_func_body(c, fi, n->func.body);
    n->ref = fi;
    n->type = fi->sig;
    n->mode = M_VALUE;
    if (c->pkg) {
        Package *p = c->pkg;
        if (p->nfuncs == p->capfuncs) {
            p->capfuncs = p->capfuncs ? p->capfuncs * 2 : 32;
            p->funcs = GROW_ARRAY(FuncInfo *, p->funcs, p->capfuncs);
        }
        p->funcs[p->nfuncs++] = fi;
    }
}

/* ---- selectors ---- */

/* Breadth-first search for a field or method named `name` in t, through
 * embedded fields (Go spec "Selectors"). */
typedef struct Cand {
    Type *t;         /* a struct (or named) type to look in */
    int path[16];
    int npath;
    bool indirect;
} Cand;

static bool find_in(Checker *c, Cand *cd, const char *name, Selection *out, int *found) {
    Type *t = cd->t;
    Type *holder = t->kind == K_POINTER ? t->elem : t;
    Method *m = holder->kind == K_NAMED ? type_method(holder, name) : NULL;
    if (m && !m->promoted) {
        if ((*found)++ == 0) {
            out->kind = 2;
            out->method = m;
            out->recv_type = holder;
            out->type = m->sig;
            memcpy(out->path, cd->path, sizeof(int) * (size_t)cd->npath);
            out->npath = cd->npath;
            out->indirect = cd->indirect || t->kind == K_POINTER;
        }
        return true;
    }
    Type *u = holder->under;
    if (u->kind == K_INTERFACE) {
        for (int i = 0; i < u->nimethods; i++) {
            if (u->imethods[i].name != name) continue;
            if ((*found)++ == 0) {
                out->kind = 2;
                out->imethod = &u->imethods[i];
                out->recv_type = holder;
                out->type = u->imethods[i].sig;
                memcpy(out->path, cd->path, sizeof(int) * (size_t)cd->npath);
                out->npath = cd->npath;
                out->indirect = cd->indirect;
            }
            return true;
        }
        return false;
    }
    if (u->kind != K_STRUCT) return false;
    for (int i = 0; i < u->nfields; i++) {
        if (u->fields[i].name != name) continue;
        if ((*found)++ == 0) {
            out->kind = 1;
            out->index = i;
            out->recv_type = holder;
            out->type = u->fields[i].type;
            memcpy(out->path, cd->path, sizeof(int) * (size_t)cd->npath);
            out->npath = cd->npath;
            out->indirect = cd->indirect || t->kind == K_POINTER;
        }
        return true;
    }
    return false;
}

Selection lookup_selector(Checker *c, Type *t, const char *name) {
    Selection sel = {0};
    Cand level[64], next[64];
    int nl = 1, nn;
    level[0] = (Cand){.t = t};
    if (t->kind == K_POINTER && t->elem->ukind == K_POINTER) return sel;
    for (int depth = 0; depth < 16 && nl; depth++) {
        int found = 0;
        for (int i = 0; i < nl; i++) find_in(c, &level[i], name, &sel, &found);
        if (found > 1) {
            sel.kind = 3;
            return sel;
        }
        if (found == 1) return sel;
        nn = 0;
        for (int i = 0; i < nl; i++) {
            Type *h = level[i].t->kind == K_POINTER ? level[i].t->elem : level[i].t;
            Type *u = h->under;
            if (u->kind != K_STRUCT) continue;
            for (int f = 0; f < u->nfields && nn < 64; f++) {
                if (!u->fields[f].embedded || level[i].npath >= 15) continue;
                Cand *cd = &next[nn++];
                *cd = level[i];
                cd->t = u->fields[f].type;
                cd->path[cd->npath++] = f;
                cd->indirect = level[i].indirect || level[i].t->kind == K_POINTER;
            }
        }
        memcpy(level, next, sizeof(Cand) * (size_t)nn);
        nl = nn;
    }
    return sel;
}

bool is_addressable(Node *n) {
    switch (n->kind) {
    case N_PAREN: return is_addressable(n->un.x);
    case N_IDENT: return n->mode == M_VAR;
    case N_STAR: return true;
    case N_SELECTOR: return n->mode == M_VAR;
    case N_INDEX: return n->mode == M_VAR;
    case N_COMPOSITE: return false;
    default: return false;
    }
}

static void mark_addr_taken(Node *n) {
    while (n->kind == N_PAREN) n = n->un.x;
    if (n->kind == N_IDENT && n->ref) ((Object *)n->ref)->addr_taken = true;
    /* &s.f and &a[i] take the address of the containing variable */
    if (n->kind == N_SELECTOR && !(n->flags & NF_IMPLICIT_DEREF)) mark_addr_taken(n->sel.x);
    if (n->kind == N_INDEX && n->index.x->type && n->index.x->type->ukind == K_ARRAY)
        mark_addr_taken(n->index.x);
}

static void check_pkg_selector(Checker *c, Node *n, Package *p) {
    const char *name = n->sel.name;
    Object *o = scope_lookup_local(p->scope, name);
    bool exported = name[0] >= 'A' && name[0] <= 'Z';
    if (!o || (!exported && !p->is_std)) {
        if (o && !exported) check_error(c, n->sel.name_pos, "name %s not exported by package %s", name, p->name);
        else check_error(c, n->sel.name_pos, "undefined: %s.%s", n->sel.x->ident.name, name);
        n->type = &t_invalid;
        return;
    }
    if (!exported) { /* std internals are visible only to std modules */
        if (!c->pkg->is_std) {
            check_error(c, n->sel.name_pos, "name %s not exported by package %s", name, p->name);
            n->type = &t_invalid;
            return;
        }
    }
    if (o->state != RS_DONE) {
        Package *saved = c->pkg;
        c->pkg = p;
        check_resolve(c, o);
        c->pkg = saved;
    }
    o->used = true;
    n->ref = o;
    switch (o->kind) {
    case OBJ_VAR: n->mode = M_VAR; break;
    case OBJ_CONST: n->mode = M_CONST; n->cval = o->cval; break;
    case OBJ_TYPE: n->mode = M_TYPE; break;
    case OBJ_FUNC: n->mode = M_VALUE; break;
    default: n->mode = M_VALUE; break;
    }
    n->type = o->type ? o->type : &t_invalid;
}

/* T.M or (*T).M: a function taking the receiver first. */
static void check_method_expr(Checker *c, Node *n, Type *t) {
    Selection sel = lookup_selector(c, t, n->sel.name);
    if (sel.kind != 2) {
        check_error(c, n->sel.name_pos, "%s.%s undefined (type %s has no method %s)", expr_string(n->sel.x),
                    n->sel.name, tstr(t), n->sel.name);
        n->type = &t_invalid;
        return;
    }
    if (sel.method && sel.method->ptr_recv && t->kind != K_POINTER) {
        check_error(c, n->pos, "invalid method expression %s (needs pointer receiver (*%s).%s)", expr_string(n),
                    tstr(t), n->sel.name);
        n->type = &t_invalid;
        return;
    }
    Type *sig = sel.type;
    Type **ps = NEW_ARRAY(Type *, sig->nparams + 1);
    ps[0] = t;
    for (int i = 0; i < sig->nparams; i++) ps[i + 1] = sig->params[i];
    n->type = type_func(c->tt, ps, sig->nparams + 1, sig->results, sig->nresults, sig->variadic);
    n->mode = M_VALUE;
    n->aux = -2; /* method expression */
    n->ref = sel.method ? sel.method->decl : NULL;
    if (sel.method && sel.method->decl) check_add_dep(c, sel.method->decl);
}

static void check_selector(Checker *c, Node *n) {
    Node *x = n->sel.x;
    check_expr_inner(c, x, NULL, true);
    if (x->mode == M_PACKAGE) {
        check_pkg_selector(c, n, ((Object *)x->ref)->pkg);
        return;
    }
    if (x->type == &t_invalid || x->mode == M_NONE) {
        n->type = &t_invalid;
        return;
    }
    if (x->mode == M_TYPE) {
        check_method_expr(c, n, x->type);
        return;
    }
    if (x->type->kind == K_TUPLE) {
        check_error(c, x->pos, "multiple-value %s (value of type %s) in single-value context", expr_string(x),
                    tstr(x->type));
        n->type = &t_invalid;
        return;
    }
    if (type_is_standin(x->type) && !tparam_has_method(x->type, n->sel.name)) {
        check_error(c, n->sel.name_pos, "%s undefined (type %s has no field or method %s)", expr_string(n),
                    tstr(x->type), n->sel.name);
        n->type = &t_invalid;
        return;
    }
    if (is_dyn(x->type)) { /* resolved at run time */
        n->mode = M_VAR;
        n->type = &t_dyn;
        n->aux = -1;
        return;
    }
    Selection sel = lookup_selector(c, x->type, n->sel.name);
    if (sel.kind == 0 || sel.kind == 3) {
        const char *what = sel.kind == 3 ? "ambiguous selector" : NULL;
        if (what) check_error(c, n->sel.name_pos, "ambiguous selector %s", expr_string(n));
        else if (x->type->ukind == K_POINTER && x->type->under->elem->ukind == K_POINTER)
            check_error(c, n->sel.name_pos, "%s undefined (type %s has no field or method %s)", expr_string(n),
                        tstr(x->type), n->sel.name);
        else
            check_error(c, n->sel.name_pos, "%s undefined (type %s has no field or method %s)", expr_string(n),
                        tstr(x->type), n->sel.name);
        n->type = &t_invalid;
        return;
    }
    n->aux = sel.kind == 1 ? sel.index : -3;
    Selection *keep = NEW(Selection);
    *keep = sel;
    n->ref = keep;
    if (sel.indirect) n->flags |= NF_IMPLICIT_DEREF;
    if (sel.kind == 1) {
        n->type = sel.type;
        n->mode = (sel.indirect || x->mode == M_VAR) ? M_VAR : M_VALUE;
        return;
    }
    /* a method: value of the method's signature; calls check receivers */
    if (sel.method && sel.method->ptr_recv && !sel.indirect && x->type->kind != K_POINTER) {
        if (!is_addressable(x)) {
            check_error(c, n->pos, "cannot call pointer method %s on %s", n->sel.name, tstr(x->type));
            n->type = &t_invalid;
            return;
        }
        mark_addr_taken(x);
    }
    if (sel.method && sel.method->decl) check_add_dep(c, sel.method->decl);
    n->type = sel.type;
    n->mode = M_VALUE;
}

/* ---- index and slice expressions ---- */

static bool const_index(Checker *c, Node *i, int64_t len, int64_t *out) {
    if (i->mode != M_CONST || !i->cval) return false;
    Const *iv = const_to_int(i->cval);
    const char *why;
    if (!iv) {
        check_error(c, i->pos, "invalid argument: index %s (untyped float constant) truncated to int", expr_string(i));
        return false;
    }
    if (const_sign(iv) < 0) {
        check_error(c, i->pos, "invalid argument: index %s must not be negative", int_const_desc(i, iv));
        return false;
    }
    if (!const_representable(iv, K_INT64, NULL, &why)) {
        check_error(c, i->pos, "invalid argument: index %s overflows int", expr_string(i));
        return false;
    }
    *out = const_to_int64(iv);
    if (len >= 0 && *out >= len) {
        check_error(c, i->pos, "invalid argument: index %lld out of bounds [0:%lld]", (long long)*out, (long long)len);
        return false;
    }
    return true;
}

static void check_index_value(Checker *c, Node *i, int64_t len) {
    check_expr(c, i, NULL);
    if (i->type == &t_invalid) return;
    if (is_dyn(i->type)) return;
    if (type_is_untyped(i->type)) {
        if (i->mode == M_CONST) {
            int64_t v;
            if (const_index(c, i, len, &v)) {
                i->cval = const_to_int(i->cval);
                check_update_untyped(c, i, &t_int);
            }
            return;
        }
        check_default(c, i);
    }
    if (!kind_is_integer(i->type->ukind)) {
        check_error(c, i->pos, "invalid argument: index %s must be integer", operand_desc(i));
        return;
    }
    int64_t v;
    if (i->mode == M_CONST) const_index(c, i, len, &v);
}

static Type **type_args(Checker *c, NodeList *l) {
    Type **ts = NEW_ARRAY(Type *, l->n);
    for (int i = 0; i < l->n; i++) ts[i] = check_typexpr(c, l->items[i]);
    return ts;
}

static void check_index(Checker *c, Node *n, Type *hint) {
    Node *x = n->index.x;
    check_expr_inner(c, x, NULL, true);
    /* generic instantiation: F[int] or Pair[string, int] */
    if (x->ref && (x->kind == N_IDENT || x->kind == N_SELECTOR)) {
        Object *o = x->ref;
        if (x->kind == N_SELECTOR && x->mode != M_TYPE && x->mode != M_VALUE) o = NULL;
        if (o && o->ntparams && (o->kind == OBJ_FUNC || o->kind == OBJ_TYPE) && !o->is_instance &&
            (x->kind == N_IDENT || x->ref == o)) {
            Type **targs = type_args(c, &n->index.indices);
            int nt = n->index.indices.n;
            if (o->kind == OBJ_TYPE) {
                n->type = check_instantiate_type(c, o, targs, nt, n->pos);
                n->mode = M_TYPE;
                return;
            }
            if (nt < o->ntparams) { /* partial: the call infers the rest */
                n->mode = M_VALUE;
                n->type = o->type;
                n->ref = o;
                n->aux = nt;
                return;
            }
            Object *inst = check_instantiate_func(c, o, targs, nt, n->pos);
            n->ref = inst;
            n->mode = M_VALUE;
            n->type = inst ? inst->type : &t_invalid;
            return;
        }
    }
    if (x->mode == M_TYPE) {
        check_error(c, x->pos, "%s is not a generic type", expr_string(x));
        n->type = &t_invalid;
        return;
    }
    if (x->type == &t_invalid || x->mode == M_NONE) {
        for (int i = 0; i < n->index.indices.n; i++) check_expr(c, n->index.indices.items[i], NULL);
        n->type = &t_invalid;
        return;
    }
    if (n->index.indices.n != 1) {
        check_error(c, n->pos, "unexpected comma; expecting ]");
        n->type = &t_invalid;
        return;
    }
    Node *i = n->index.indices.items[0];
    Type *t = x->type, *u = t->under;
    if (u->kind == K_POINTER && u->elem->ukind == K_ARRAY) {
        n->flags |= NF_IMPLICIT_DEREF;
        t = u->elem;
        u = t->under;
    }
    if (t->kind == K_UNTYPED_STRING) {
        if (x->mode != M_CONST) check_default(c, x);
        u = &t_string;
    }
    switch (u->kind) {
    case K_STRING: {
        int64_t len = x->mode == M_CONST && x->cval ? x->cval->slen : -1;
        check_index_value(c, i, len);
        n->type = &t_uint8;
        n->mode = M_VALUE;
        if (x->mode == M_CONST && i->mode == M_CONST && i->cval && x->cval) {
            int64_t k = const_to_int64(const_to_int(i->cval));
            if (k >= 0 && k < x->cval->slen) {
                n->mode = M_CONST;
                n->cval = const_int64((unsigned char)x->cval->s[k]);
            }
        }
        return;
    }
    case K_SLICE:
        check_index_value(c, i, -1);
        n->type = u->elem;
        n->mode = M_VAR;
        return;
    case K_ARRAY:
        check_index_value(c, i, u->len);
        n->type = u->elem;
        n->mode = (x->mode == M_VAR || (n->flags & NF_IMPLICIT_DEREF)) ? M_VAR : M_VALUE;
        return;
    case K_MAP:
        check_expr(c, i, u->key);
        check_assignable(c, i, u->key, "map index");
        n->type = u->elem;
        n->mode = M_MAPINDEX;
        return;
    case K_DYN:
        check_expr(c, i, NULL);
        check_default(c, i);
        n->type = &t_dyn;
        n->mode = M_VAR;
        return;
    default:
        check_expr(c, i, NULL);
        check_error(c, n->pos, "invalid operation: cannot index %s", operand_desc(x));
        n->type = &t_invalid;
    }
}

static void slice_bound(Checker *c, Node *b, int64_t cap) {
    if (!b) return;
    check_index_value(c, b, cap >= 0 ? cap + 1 : -1);
}

static void check_slice_expr(Checker *c, Node *n) {
    Node *x = n->slice.x;
    check_expr(c, x, NULL);
    Type *t = x->type, *u = t->under;
    int64_t cap = -1;
    if (u->kind == K_POINTER && u->elem->ukind == K_ARRAY) {
        n->flags |= NF_IMPLICIT_DEREF;
        t = u->elem;
        u = t->under;
    } else if (u->kind == K_ARRAY && !is_addressable(x) && x->mode != M_NONE && x->type != &t_invalid) {
        check_error(c, n->pos, "invalid operation: %s (slice of unaddressable value)", expr_string(n));
    }
    if (u->kind == K_ARRAY) {
        cap = u->len;
        mark_addr_taken(x);
    }
    if (t->kind == K_UNTYPED_STRING) { /* "abc"[1:] is a string value */
        check_default(c, x);
        t = u = &t_string;
    }
    if (u->kind == K_STRING && x->mode == M_CONST && x->cval) cap = x->cval->slen;
    slice_bound(c, n->slice.lo, cap);
    slice_bound(c, n->slice.hi, cap);
    slice_bound(c, n->slice.max, cap);
    if (n->slice.three && !n->slice.max) check_error(c, n->pos, "middle index required in 3-index slice");
    n->mode = M_VALUE;
    switch (u->kind) {
    case K_STRING:
        if (n->slice.three) check_error(c, n->pos, "invalid operation: 3-index slice of string");
        n->type = type_is_untyped(t) ? &t_string : t;
        break;
    case K_SLICE: n->type = t; break;
    case K_ARRAY: n->type = type_slice(c->tt, u->elem); break;
    case K_DYN: n->type = &t_dyn; break;
    default:
        if (t != &t_invalid) check_error(c, n->pos, "cannot slice %s", operand_desc(x));
        n->type = &t_invalid;
        return;
    }
    /* constant indices must be ordered */
    Node *bs[3] = {n->slice.lo, n->slice.hi, n->slice.max};
    int64_t prev = -1;
    for (int k = 0; k < 3; k++) {
        Node *b = bs[k];
        if (!b || b->mode != M_CONST || !b->cval || !const_to_int(b->cval)) continue;
        int64_t v = const_to_int64(const_to_int(b->cval));
        if (v < prev) check_error(c, b->pos, "invalid slice indices: %lld < %lld", (long long)v, (long long)prev);
        prev = v;
    }
}

/* ---- type assertions ---- */

static void check_type_assert(Checker *c, Node *n) {
    Node *x = n->assert.x;
    check_expr(c, x, NULL);
    if (!n->assert.type) {
        check_error(c, n->pos, "invalid syntax tree: use of .(type) outside type switch");
        n->type = &t_invalid;
        return;
    }
    Type *t = check_typexpr(c, n->assert.type);
    n->type = t;
    n->mode = M_COMMAOK;
    if (x->type == &t_invalid || t == &t_invalid) return;
    if (x->type->ukind != K_INTERFACE && !is_dyn(x->type)) {
        check_error(c, x->pos, "invalid operation: %s is not an interface", operand_desc(x));
        n->type = &t_invalid;
        return;
    }
    if (is_dyn(x->type) || t->ukind == K_INTERFACE) return;
    const char *missing = NULL;
    bool ptr_only = false;
    if (!type_implements(t, x->type, &missing, &ptr_only))
        check_error(c, n->assert.type->pos, "impossible type assertion: %s\n\t%s does not implement %s %s",
                    expr_string(n), tstr(t), tstr(x->type), missing_cause(c, t, x->type, missing, ptr_only));
}

/* ---- unary and binary operators ---- */

static bool is_comparison(int op) {
    return op == T_EQL || op == T_NEQ || op == T_LSS || op == T_LEQ || op == T_GTR || op == T_GEQ;
}

static bool allows_op(int op, Type *t) {
    int k = t->ukind;
    if (type_is_untyped(t)) {
        switch (t->kind) {
        case K_UNTYPED_BOOL: k = K_BOOL; break;
        case K_UNTYPED_STRING: k = K_STRING; break;
        case K_UNTYPED_FLOAT: k = K_FLOAT64; break;
        case K_UNTYPED_INT: case K_UNTYPED_RUNE: k = K_INT; break;
        default: return false;
        }
    }
    switch (op) {
    case T_ADD: return kind_is_numeric(k) || k == K_STRING;
    case T_SUB: case T_MUL: case T_QUO: return kind_is_numeric(k);
    case T_REM: case T_AND: case T_OR: case T_XOR: case T_AND_NOT: return kind_is_integer(k);
    case T_LAND: case T_LOR: return k == K_BOOL;
    case T_LSS: case T_LEQ: case T_GTR: case T_GEQ: return kind_is_numeric(k) || k == K_STRING;
    default: return true;
    }
}

static const char *op_desc(int op) {
    switch (op) {
    case T_ADD: return "operator + not defined on";
    case T_SUB: return "operator - not defined on";
    case T_MUL: return "operator * not defined on";
    case T_QUO: return "operator / not defined on";
    case T_REM: return "operator % not defined on";
    case T_AND: return "operator & not defined on";
    case T_OR: return "operator | not defined on";
    case T_XOR: return "operator ^ not defined on";
    case T_AND_NOT: return "operator &^ not defined on";
    case T_LAND: return "operator && not defined on";
    case T_LOR: return "operator || not defined on";
    case T_NOT: return "operator ! not defined on";
    default: return "operator not defined on";
    }
}

/* Kind ranking for mixing untyped constants: int < rune < float. */
static int untyped_rank(Type *t) {
    switch (t->kind) {
    case K_UNTYPED_INT: return 1;
    case K_UNTYPED_RUNE: return 2;
    case K_UNTYPED_FLOAT: return 3;
    default: return 0;
    }
}

/* Folds a typed constant result: wraps are errors, floats round. */
static void fold_result(Checker *c, Node *n, Const *v) {
    n->cval = v;
    n->mode = M_CONST;
    Type *t = n->type;
    if (type_is_untyped(t) || t->under->kind > K_STRING) return;
    Const *r = NULL;
    const char *why;
    if (!const_representable(v, t->under->kind, &r, &why)) {
        check_error(c, n->pos, "%s (constant %s of type %s) overflows %s", expr_string(n), const_string_repr(v),
                    tstr(t), tstr(t));
        n->cval = NULL;
        n->type = &t_invalid;
        return;
    }
    if (r) n->cval = r;
}

static void check_unary(Checker *c, Node *n, Type *hint) {
    Node *x = n->un.x;
    int op = n->un.op;
    if (op == T_AND) {
        Node *inner = x;
        while (inner->kind == N_PAREN) inner = inner->un.x;
        if (inner->kind == N_COMPOSITE) {
            Type *h = hint && hint->ukind == K_POINTER ? hint->under->elem : NULL;
            check_expr(c, inner, h);
            x->type = inner->type;
            x->mode = inner->mode;
            n->type = inner->type == &t_invalid ? &t_invalid : type_pointer(c->tt, inner->type);
            n->mode = M_VALUE;
            return;
        }
        check_expr(c, x, NULL);
        if (x->type == &t_invalid) {
            n->type = &t_invalid;
            return;
        }
        if (!is_addressable(x)) {
            check_error(c, n->pos, "invalid operation: cannot take address of %s", operand_desc(x));
            n->type = &t_invalid;
            return;
        }
        mark_addr_taken(x);
        n->type = is_dyn(x->type) && !type_is_standin(x->type) ? type_pointer(c->tt, &t_dyn) : type_pointer(c->tt, x->type);
        n->mode = M_VALUE;
        return;
    }
    if (op == T_ARROW) {
        check_expr(c, x, NULL);
        Type *u = x->type->under;
        if (is_dyn(x->type)) {
            n->type = &t_dyn;
            n->mode = M_COMMAOK;
            return;
        }
        if (u->kind != K_CHAN) {
            if (x->type != &t_invalid)
                check_error(c, n->pos, "invalid operation: cannot receive from non-channel %s", operand_desc(x));
            n->type = &t_invalid;
            return;
        }
        if (!(u->chandir & CHAN_RECV)) {
            check_error(c, n->pos, "invalid operation: cannot receive from send-only channel %s", operand_desc(x));
            n->type = &t_invalid;
            return;
        }
        n->type = u->elem;
        n->mode = M_COMMAOK;
        return;
    }
    check_expr(c, x, hint && type_is_untyped(hint) ? NULL : hint);
    Type *t = x->type;
    n->type = t;
    n->mode = M_VALUE;
    if (t == &t_invalid) return;
    if (t->kind == K_TUPLE) {
        check_error(c, x->pos, "multiple-value %s (value of type %s) in single-value context", expr_string(x), tstr(t));
        n->type = &t_invalid;
        return;
    }
    if (type_is_standin(t) && op != T_ADD && !tparam_allows_unary(op, t)) {
        check_error(c, x->pos, "invalid operation: operator %s not defined on %s", token_str(op), operand_desc(x));
        n->type = &t_invalid;
        return;
    }
    if (is_dyn(t)) {
        if (op == T_NOT) n->type = &t_bool;
        return;
    }
    bool ok = op == T_NOT ? (t->ukind == K_BOOL || t->kind == K_UNTYPED_BOOL)
              : op == T_XOR ? (kind_is_integer(t->ukind) || t->kind == K_UNTYPED_INT || t->kind == K_UNTYPED_RUNE)
                            : (kind_is_numeric(t->ukind) || untyped_rank(t) > 0);
    if (!ok) {
        if (op == T_NOT) check_error(c, x->pos, "invalid operation: operator ! not defined on %s", operand_desc(x));
        else check_error(c, x->pos, "invalid operation: operator %s not defined on %s", token_str(op), operand_desc(x));
        n->type = &t_invalid;
        return;
    }
    if (x->mode == M_CONST && x->cval) {
        char err[128] = "";
        int ubits = kind_is_unsigned(t->ukind) ? kind_bits(t->ukind) : 0;
        Const *v = const_unary(op, x->cval, ubits, err, sizeof err);
        if (!v) {
            check_error(c, n->pos, "%s", err);
            n->type = &t_invalid;
            return;
        }
        if (op == T_SUB && kind_is_unsigned(t->ukind) && const_sign(v) < 0) {
            check_error(c, n->pos, "-%s (constant %s of type %s) overflows %s", expr_string(x), const_string_repr(v),
                        tstr(t), tstr(t));
            n->type = &t_invalid;
            return;
        }
        fold_result(c, n, v);
    }
}

static bool is_shift(int op) { return op == T_SHL || op == T_SHR; }

static void check_shift(Checker *c, Node *n, Type *hint) {
    Node *x = n->bin.x, *y = n->bin.y;
    check_expr(c, x, NULL);
    check_expr(c, y, NULL);
    n->mode = M_VALUE;
    if (x->type == &t_invalid || y->type == &t_invalid) {
        n->type = &t_invalid;
        return;
    }
    /* the count: an integer, or an untyped constant representable as uint */
    if (is_dyn(y->type)) {
    } else if (type_is_untyped(y->type) && y->mode == M_CONST) {
        Const *iv = y->cval ? const_to_int(y->cval) : NULL;
        if (!iv) {
            check_error(c, y->pos, "invalid operation: shift count %s must be integer", operand_desc(y));
            n->type = &t_invalid;
            return;
        }
        if (const_sign(iv) < 0) {
            check_error(c, y->pos, "invalid operation: negative shift count %s", operand_desc(y));
            n->type = &t_invalid;
            return;
        }
        y->cval = iv;
        check_update_untyped(c, y, &t_uint);
    } else if (!kind_is_integer(y->type->ukind) && y->type->kind != K_UNTYPED_INT) {
        check_error(c, y->pos, "invalid operation: shift count %s must be integer", operand_desc(y));
        n->type = &t_invalid;
        return;
    } else if (type_is_untyped(y->type)) {
        check_update_untyped(c, y, &t_uint);
    }
    if (is_dyn(x->type)) {
        n->type = &t_dyn;
        return;
    }
    if (x->mode != M_CONST && (x->type->kind == K_UNTYPED_INT || x->type->kind == K_UNTYPED_RUNE)) {
        /* (1 << s) >> k: an untyped non-constant shift, typed by context too */
        n->type = x->type;
        if (hint && (hint->ukind == K_INTERFACE || is_dyn(hint))) check_update_untyped(c, n, default_type(x->type));
        else if (hint && !type_is_untyped(hint) && kind_is_integer(hint->ukind)) check_update_untyped(c, n, hint);
        return;
    }
    if (x->mode == M_CONST && type_is_untyped(x->type)) {
        Const *xi = x->cval ? const_to_int(x->cval) : NULL;
        if (!xi) {
            check_error(c, x->pos, "invalid operation: shifted operand %s must be integer", operand_desc(x));
            n->type = &t_invalid;
            return;
        }
        if (y->mode == M_CONST) { /* constant shift */
            x->cval = xi;
            uint64_t s = const_to_uint64(y->cval);
            char err[128] = "";
            Const *v = const_shift(n->bin.op, xi, s, err, sizeof err);
            if (!v) {
                check_error(c, n->pos, "%s", err);
                n->type = &t_invalid;
                return;
            }
            n->type = x->type->kind == K_UNTYPED_FLOAT ? &t_untyped_int : x->type;
            n->cval = v;
            n->mode = M_CONST;
            return;
        }
        /* non-constant shift of an untyped constant: typed by context */
        x->cval = xi;
        if (x->type->kind == K_UNTYPED_FLOAT) x->type = &t_untyped_int;
        n->type = x->type;
        if (hint && (hint->ukind == K_INTERFACE || is_dyn(hint))) {
            check_update_untyped(c, n, default_type(x->type));
        } else if (hint && !type_is_untyped(hint)) {
            if (!kind_is_integer(hint->ukind)) {
                check_error(c, n->pos, "invalid operation: shifted operand %s (type %s) must be integer",
                            expr_string(x), tstr(hint));
                n->type = &t_invalid;
                return;
            }
            check_update_untyped(c, n, hint);
        }
        return;
    }
    if (!kind_is_integer(x->type->ukind)) {
        check_error(c, n->pos, "invalid operation: shifted operand %s must be integer", operand_desc(x));
        n->type = &t_invalid;
        return;
    }
    n->type = x->type;
    if (x->mode == M_CONST && y->mode == M_CONST && x->cval && y->cval) {
        char err[128] = "";
        Const *v = const_shift(n->bin.op, x->cval, const_to_uint64(y->cval), err, sizeof err);
        if (!v) {
            check_error(c, n->pos, "%s", err);
            n->type = &t_invalid;
            return;
        }
        fold_result(c, n, v);
    }
}

bool convert_untyped(Checker *c, Node *u, Type *t) {
    if (!type_is_untyped(u->type) || u->type == &t_untyped_nil || is_dyn(t)) return true;
    if (t->ukind == K_INTERFACE) {
        check_default(c, u);
        return true;
    }
    if (!assignable_to(c, u->type, t, u)) {
        check_error(c, u->pos, "cannot convert %s to type %s", operand_desc(u), tstr(t));
        return false;
    }
    if (u->mode == M_CONST && !check_representable(c, u, t, false)) {
        bool trunc = kind_is_integer(t->under->kind) && u->cval->kind == C_FLOAT && !const_is_int_valued(u->cval);
        check_error(c, u->pos, "%s %s %s", operand_desc(u), trunc ? "truncated to" : "overflows", tstr(t));
        return false;
    }
    check_update_untyped(c, u, t);
    return true;
}

/* match_operands where an operand is a type parameter's stand-in: an
 * untyped operand must suit every type of T's set (else Go's conversion
 * error); typed operands other than interfaces and dynamic ones must be T.
 * Comparisons with interfaces are judged by assignability later. */
static bool match_standin(Checker *c, Node *n, Node *x, Node *y) {
    Type *a = x->type, *b = y->type;
    bool ua = type_is_untyped(a), ub = type_is_untyped(b);
    if (ua || ub) {
        Node *u = ua ? x : y, *o = ua ? y : x;
        if (u->type == &t_untyped_nil || !type_is_standin(o->type)) return true;
        /* Go's mayConvert: booleans and strings convert only among themselves */
        if (tparam_all_bool(o->type) != (u->type->kind == K_UNTYPED_BOOL) ||
            tparam_all_string(o->type) != (u->type->kind == K_UNTYPED_STRING)) {
            check_error(c, n->pos, "invalid operation: %s (mismatched types %s and %s)", expr_string(n), tstr(a), tstr(b));
            return false;
        }
        if (tparam_accepts_untyped(o->type, u)) return true;
        check_error(c, u->pos, "cannot convert %s to type %s", operand_desc(u), tstr(o->type));
        return false;
    }
    bool loose_a = (is_dyn(a) && !type_is_standin(a)) || a->ukind == K_INTERFACE;
    bool loose_b = (is_dyn(b) && !type_is_standin(b)) || b->ukind == K_INTERFACE;
    if (a == b || loose_a || loose_b) return true;
    check_error(c, n->pos, "invalid operation: %s (mismatched types %s and %s)", expr_string(n), tstr(a), tstr(b));
    return false;
}

/* Brings two operands to a common type (Go's matchTypes): an untyped one
 * takes the other's type; returns false (and reports) on mismatch. */
static bool match_operands(Checker *c, Node *n, Node *x, Node *y) {
    Type *a = x->type, *b = y->type;
    if (type_is_standin(a) || type_is_standin(b)) return match_standin(c, n, x, y);
    if (is_dyn(a) || is_dyn(b)) return true;
    bool ua = type_is_untyped(a), ub = type_is_untyped(b);
    if (ua && ub) {
        if (a == &t_untyped_nil || b == &t_untyped_nil) return true;
        int ra = untyped_rank(a), rb = untyped_rank(b);
        if (ra && rb) {
            Type *t = ra > rb ? a : b;
            if (x->mode == M_CONST && y->mode == M_CONST) {
                if (t->kind == K_UNTYPED_FLOAT) {
                    x->cval = const_to_float(x->cval);
                    y->cval = const_to_float(y->cval);
                }
            }
            x->type = y->type = t;
            return true;
        }
        if (a == b) return true;
        check_error(c, n->pos, "invalid operation: %s (mismatched types %s and %s)", expr_string(n), tstr(a),
                    tstr(b));
        return false;
    }
    if (ua || ub) {
        Node *u = ua ? x : y, *o = ua ? y : x;
        Type *t = o->type;
        if (u->type == &t_untyped_nil) return true;
        if (t->ukind == K_INTERFACE) {
            check_default(c, u);
            return true;
        }
        if (!assignable_to(c, u->type, t, u)) {
            check_error(c, n->pos, "invalid operation: %s (mismatched types %s and %s)", expr_string(n),
                        tstr(x->type), tstr(y->type));
            return false;
        }
        return convert_untyped(c, u, t);
    }
    return true;
}

/* Why values of type t cannot be compared (go/types incomparableCause). */
static const char *incomparable_cause(Type *t) {
    Type *u = t->under;
    if (u->kind == K_STRUCT) {
        for (int i = 0; i < u->nfields; i++)
            if (!type_comparable(u->fields[i].type))
                return gc_sprintf("struct containing %s cannot be compared", tstr(u->fields[i].type));
    }
    return gc_sprintf("%s cannot be compared", tstr(t));
}

/* Go's comparison rules for a type parameter's operands: == needs a
 * comparable type set (or nil in every type, against nil), ordering needs
 * ordered types. */
static bool standin_comparison_ok(Checker *c, Node *n, Node *x, Node *y) {
    int op = n->bin.op;
    Node *s = type_is_standin(x->type) ? x : y, *o = s == x ? y : x;
    if (op == T_EQL || op == T_NEQ) {
        if (o->type == &t_untyped_nil) {
            if (tparam_has_nil(s->type)) return true;
            check_error(c, y->pos, "invalid operation: %s (mismatched types %s and untyped nil)", expr_string(n),
                        tstr(s->type));
            return false;
        }
        if (!assignable_to(c, x->type, y->type, x) && !assignable_to(c, y->type, x->type, y)) {
            check_error(c, y->pos, "invalid operation: %s (mismatched types %s and %s)", expr_string(n),
                        tstr(x->type), tstr(y->type));
            return false;
        }
        for (Node *e = x;; e = y) {
            if (type_is_standin(e->type) && !tparam_comparable(e->type)) {
                check_error(c, n->pos, "invalid operation: %s (incomparable types in type set)", expr_string(n));
                return false;
            }
            if (e == y) return true;
        }
    }
    if (!tparam_allows_op(op, s->type)) {
        check_error(c, n->pos, "invalid operation: %s (type parameter %s is not comparable with %s)", expr_string(n),
                    tstr(s->type), token_str(op));
        return false;
    }
    return true;
}

static void check_comparison(Checker *c, Node *n, Node *x, Node *y) {
    int op = n->bin.op;
    Type *a = x->type, *b = y->type;
    n->type = &t_untyped_bool;
    n->mode = M_VALUE;
    if ((type_is_standin(a) || type_is_standin(b)) && !standin_comparison_ok(c, n, x, y)) {
        n->type = &t_invalid;
        return;
    }
    if (is_dyn(a) || is_dyn(b)) {
        if (type_is_untyped(a) && a != &t_untyped_nil && !(x->mode == M_CONST)) check_default(c, x);
        if (type_is_untyped(b) && b != &t_untyped_nil && !(y->mode == M_CONST)) check_default(c, y);
        return;
    }
    bool nil_a = a == &t_untyped_nil, nil_b = b == &t_untyped_nil;
    if (op == T_EQL || op == T_NEQ) {
        if (nil_a || nil_b) {
            Type *o = nil_a ? b : a;
            int k = o->ukind;
            if (!(nil_a && nil_b) && !(k == K_POINTER || k == K_SLICE || k == K_MAP || k == K_CHAN ||
                                       k == K_FUNC || k == K_INTERFACE || k == K_UNSAFEPTR)) {
                check_error(c, y->pos, "invalid operation: %s (mismatched types %s and untyped nil)", expr_string(n),
                            tstr(o));
                n->type = &t_invalid;
            } else if (nil_a && nil_b) {
                check_error(c, n->pos, "invalid operation: %s (operator == not defined on nil)", expr_string(n));
                n->type = &t_invalid;
            }
            if (nil_a) x->type = b;
            if (nil_b) y->type = a;
            return;
        }
        bool ok = a == b || assignable_to(c, a, b, x) || assignable_to(c, b, a, y);
        if (!ok) {
            check_error(c, y->pos, "invalid operation: %s (mismatched types %s and %s)", expr_string(n), tstr(a), tstr(b));
            n->type = &t_invalid;
            return;
        }
        Type *t = type_is_untyped(a) ? b : a;
        if (!type_comparable(t) && !type_is_untyped(t)) {
            const char *what = t->ukind == K_SLICE ? "slice" : t->ukind == K_MAP ? "map" : t->ukind == K_FUNC ? "func" : NULL;
            if (what)
                check_error(c, n->pos, "invalid operation: %s (%s can only be compared to nil)", expr_string(n), what);
            else
                check_error(c, n->pos, "invalid operation: %s (%s)", expr_string(n), incomparable_cause(t));
            n->type = &t_invalid;
            return;
        }
    } else {
        if (a != b && !(type_is_untyped(a) && type_is_untyped(b))) {
            check_error(c, y->pos, "invalid operation: %s (mismatched types %s and %s)", expr_string(n), tstr(a), tstr(b));
            n->type = &t_invalid;
            return;
        }
        if (!allows_op(op, a)) {
            check_error(c, n->pos, "invalid operation: %s (operator %s not defined on %s)", expr_string(n),
                        token_str(op), x->kind == N_IDENT ? x->ident.name : tstr(a));
            n->type = &t_invalid;
            return;
        }
    }
    if (x->mode == M_CONST && y->mode == M_CONST && x->cval && y->cval && x->cval->kind == y->cval->kind) {
        n->cval = const_bool(const_compare(op, x->cval, y->cval));
        n->mode = M_CONST;
    } else if (x->mode == M_CONST && y->mode == M_CONST && x->cval && y->cval) {
        Const *xf = const_to_float(x->cval), *yf = const_to_float(y->cval);
        if (xf && yf) {
            n->cval = const_bool(const_compare(op, xf, yf));
            n->mode = M_CONST;
        }
    }
    /* untyped operands of a comparison get their default types */
    if (type_is_untyped(x->type) && x->mode != M_CONST) check_default(c, x);
    if (type_is_untyped(y->type) && y->mode != M_CONST) check_default(c, y);
}

static void check_binary_one(Checker *c, Node *n, Type *hint) {
    Node *x = n->bin.x, *y = n->bin.y;
    int op = n->bin.op;
    if (is_shift(op)) {
        check_shift(c, n, hint);
        return;
    }
    /* the left spine was checked iteratively by check_binary */
    if (x->mode == M_NONE) check_expr(c, x, NULL);
    check_expr(c, y, NULL);
    n->mode = M_VALUE;
    if (x->type == &t_invalid || y->type == &t_invalid) {
        n->type = &t_invalid;
        return;
    }
    for (Node *o = x;; o = y) {
        if (o->type->kind == K_TUPLE) {
            check_error(c, o->pos, "multiple-value %s (value of type %s) in single-value context", expr_string(o),
                        tstr(o->type));
            n->type = &t_invalid;
            return;
        }
        if (o->mode == M_NOVALUE) {
            check_error(c, o->pos, "%s (no value) used as value", expr_string(o));
            n->type = &t_invalid;
            return;
        }
        if (o->mode == M_TYPE) {
            check_error(c, o->pos, "%s (type) is not an expression", expr_string(o));
            n->type = &t_invalid;
            return;
        }
        if (o == y) break;
    }
    if (!match_operands(c, n, x, y)) {
        n->type = &t_invalid;
        return;
    }
    if (is_comparison(op)) {
        check_comparison(c, n, x, y);
        return;
    }
    Type *a = x->type, *b = y->type;
    if (type_is_standin(a) || type_is_standin(b)) {
        Node *s = type_is_standin(a) ? x : y;
        if (!tparam_allows_op(op, s->type)) {
            check_error(c, n->pos, "invalid operation: %s %s", op_desc(op), operand_desc(s));
            n->type = &t_invalid;
            return;
        }
        if (a == b || type_is_untyped(a) || type_is_untyped(b)) {
            if (type_is_untyped(a) && x->mode != M_CONST) check_default(c, x);
            if (type_is_untyped(b) && y->mode != M_CONST) check_default(c, y);
            n->type = s->type; /* T op T is a T */
            return;
        }
    }
    if (is_dyn(a) || is_dyn(b)) {
        n->type = &t_dyn;
        if (op == T_LAND || op == T_LOR) n->type = &t_bool;
        /* a constant beside a dynamic operand takes its run-time type: keep
         * it untyped (the compiler passes it as such); others default */
        if (type_is_untyped(a) && x->mode != M_CONST) check_default(c, x);
        if (type_is_untyped(b) && y->mode != M_CONST) check_default(c, y);
        return;
    }
    if (a != b) {
        check_error(c, n->pos, "invalid operation: %s (mismatched types %s and %s)", expr_string(n), tstr(a), tstr(b));
        n->type = &t_invalid;
        return;
    }
    if (!allows_op(op, a)) {
        check_error(c, n->pos, "invalid operation: %s %s", op_desc(op), operand_desc(x));
        n->type = &t_invalid;
        return;
    }
    n->type = a;
    if (x->mode == M_CONST && y->mode == M_CONST && x->cval && y->cval) {
        Const *xv = x->cval, *yv = y->cval;
        if (op == T_LAND || op == T_LOR) {
            bool r = op == T_LAND ? (xv->b && yv->b) : (xv->b || yv->b);
            n->cval = const_bool(r);
            n->mode = M_CONST;
            return;
        }
        if (op == T_ADD && xv->kind == C_STRING) {
            char *s = ALLOC_ATOMIC((size_t)(xv->slen + yv->slen) + 1);
            memcpy(s, xv->s, (size_t)xv->slen);
            memcpy(s + xv->slen, yv->s, (size_t)yv->slen);
            fold_result(c, n, const_string(s, xv->slen + yv->slen));
            return;
        }
        bool intdiv = kind_is_integer(a->ukind) || a->kind == K_UNTYPED_INT || a->kind == K_UNTYPED_RUNE;
        if (intdiv) {
            xv = const_to_int(xv);
            yv = const_to_int(yv);
            if (!xv || !yv) {
                check_error(c, n->pos, "invalid operation: %s (truncated)", expr_string(n));
                n->type = &t_invalid;
                return;
            }
        } else if (kind_is_float(a->ukind) || a->kind == K_UNTYPED_FLOAT) {
            xv = const_to_float(xv);
            yv = const_to_float(yv);
        }
        if ((op == T_QUO || op == T_REM) && const_sign(yv) == 0) {
            check_error(c, n->pos, "invalid operation: division by zero");
            n->type = &t_invalid;
            return;
        }
        char err[128] = "";
        Const *v = const_binary(op, xv, yv, err, sizeof err);
        if (!v) {
            check_error(c, n->pos, "%s", err[0] ? err : "constant overflow");
            n->type = &t_invalid;
            return;
        }
        fold_result(c, n, v);
        return;
    }
    if ((op == T_QUO || op == T_REM) && y->mode == M_CONST && y->cval && const_sign(y->cval) == 0 &&
        kind_is_integer(a->ukind)) {
        check_error(c, n->pos, "invalid operation: division by zero");
        n->type = &t_invalid;
    }
}

/* Left-deep chains (a+b+c+... with millions of terms) are checked without
 * recursion on the left spine. */
static void check_binary(Checker *c, Node *n, Type *hint) {
    Node *stack[256];
    Node **spine = stack;
    int ns = 0, cap = 256;
    Node *cur = n;
    while (cur->kind == N_BINARY && !is_shift(cur->bin.op) && cur->bin.op != T_LAND && cur->bin.op != T_LOR) {
        if (ns == cap) {
            Node **big = NEW_ARRAY(Node *, cap * 2);
            memcpy(big, spine, sizeof(Node *) * (size_t)ns);
            spine = big;
            cap *= 2;
        }
        spine[ns++] = cur;
        cur = cur->bin.x;
    }
    if (ns == 0) {
        check_binary_one(c, n, hint);
        return;
    }
    check_expr(c, cur, NULL);
    for (int i = ns - 1; i >= 0; i--) check_binary_one(c, spine[i], i == 0 ? hint : NULL);
}

static void check_logical(Checker *c, Node *n) {
    check_binary_one(c, n, NULL);
    if (n->type != &t_invalid && !is_dyn(n->bin.x->type) && !is_dyn(n->bin.y->type)) {
        Type *t = n->bin.x->type;
        if (t->ukind != K_BOOL && t->kind != K_UNTYPED_BOOL) {
            check_error(c, n->pos, "invalid operation: operator %s not defined on %s", token_str(n->bin.op),
                        operand_desc(n->bin.x));
            n->type = &t_invalid;
        }
    }
}

static void check_star(Checker *c, Node *n) {
    Node *x = n->un.x;
    check_expr_inner(c, x, NULL, true);
    if (x->mode == M_TYPE) {
        n->type = type_pointer(c->tt, x->type);
        n->mode = M_TYPE;
        return;
    }
    if (x->type == &t_invalid) {
        n->type = &t_invalid;
        return;
    }
    if (is_dyn(x->type)) {
        n->type = &t_dyn;
        n->mode = M_VAR;
        return;
    }
    if (x->type->ukind != K_POINTER) {
        if (x->type == &t_untyped_nil) check_error(c, n->pos, "invalid operation: cannot indirect nil");
        else check_error(c, n->pos, "invalid operation: cannot indirect %s", operand_desc(x));
        n->type = &t_invalid;
        return;
    }
    n->type = x->type->under->elem;
    n->mode = M_VAR;
}

/* ---- the dispatcher ---- */

static void check_expr_inner(Checker *c, Node *n, Type *hint, bool allow_type) {
    if (++c->nesting > CHECK_MAX_NESTING) {
        c->nesting--;
        check_error(c, n->pos, "expression nesting too deep");
        n->type = &t_invalid;
        return;
    }
    n->mode = M_NONE;
    n->type = &t_invalid;
    switch (n->kind) {
    case N_IDENT: check_ident(c, n); break;
    case N_INT_LIT: case N_FLOAT_LIT: case N_RUNE_LIT: case N_STRING_LIT: case N_IMAG_LIT:
        check_basic_lit(c, n);
        break;
    case N_COMPOSITE: check_composite(c, n, hint); break;
    case N_FUNC_LIT: check_func_lit(c, n); break;
    case N_PAREN:
        check_expr_inner(c, n->un.x, hint, allow_type);
        n->mode = n->un.x->mode;
        n->type = n->un.x->type;
        n->cval = n->un.x->cval;
        n->ref = n->un.x->ref;
        break;
    case N_SELECTOR: check_selector(c, n); break;
    case N_INDEX: check_index(c, n, hint); break;
    case N_SLICE_EXPR: check_slice_expr(c, n); break;
    case N_TYPE_ASSERT: check_type_assert(c, n); break;
    case N_CALL: check_call(c, n, hint); break;
    case N_STAR: check_star(c, n); break;
    case N_UNARY: check_unary(c, n, hint); break;
    case N_BINARY:
        if (n->bin.op == T_LAND || n->bin.op == T_LOR) check_logical(c, n);
        else check_binary(c, n, hint);
        break;
    case N_KEYVALUE:
        check_error(c, n->pos, "unexpected key:value expression");
        break;
    case N_ARRAY_TYPE: case N_STRUCT_TYPE: case N_FUNC_TYPE: case N_INTERFACE_TYPE: case N_MAP_TYPE:
    case N_CHAN_TYPE:
        n->type = check_typexpr(c, n);
        n->mode = M_TYPE;
        break;
    default:
        check_error(c, n->pos, "expected expression");
        break;
    }
    c->nesting--;
    if (!allow_type && n->mode == M_TYPE) {
        check_error(c, n->pos, "%s (type) is not an expression", expr_string(n));
        n->mode = M_NONE;
        n->type = &t_invalid;
    }
    if (!allow_type && (n->mode == M_BUILTIN || n->mode == M_PACKAGE)) {
        if (n->mode == M_BUILTIN)
            check_error(c, n->pos, "%s (built-in) must be called", expr_string(n));
        else
            check_error(c, n->pos, "use of package %s not in selector", expr_string(n));
        n->mode = M_NONE;
        n->type = &t_invalid;
    }
}

void check_expr(Checker *c, Node *n, Type *hint) { check_expr_inner(c, n, hint, false); }
void check_expr_or_type(Checker *c, Node *n, Type *hint) { check_expr_inner(c, n, hint, true); }

void check_value(Checker *c, Node *n, Type *hint) {
    check_expr(c, n, hint);
    if (n->type && n->type->kind == K_TUPLE) {
        check_error(c, n->pos, "multiple-value %s (value of type %s) in single-value context", expr_string(n),
                    tstr(n->type));
        n->type = &t_invalid;
    } else if (n->mode == M_NOVALUE) {
        check_error(c, n->pos, "%s (no value) used as value", expr_string(n));
        n->type = &t_invalid;
    }
}
