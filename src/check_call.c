/* check_call.c: calls (functions, methods, dynamic callees), conversions,
 * builtins, and type-argument inference for generic functions. */
#include "check.h"
#include "lexer.h"
#include <stdio.h>
#include <stdlib.h>

static bool is_dyn(Type *t) { return t->kind == K_DYN; }

/* ---- arguments ---- */

/* The argument list, spreading f(g()) when g returns several values:
 * returns the number of values; types[i] their types; nodes[i] the node
 * (the call itself for every spread value). */
typedef struct Args {
    Type **types;
    Node **nodes;
    int n;
    bool spread;
} Args;

static Args collect_args(Checker *c, Node *call, Type **hints, int nhints, bool variadic) {
    Args a = {0};
    NodeList *l = &call->call.args;
    if (l->n == 1) {
        Node *x = l->items[0];
        Type *h = nhints > 0 ? hints[0] : NULL;
        if (variadic && nhints == 1 && !call->call.ellipsis) h = hints[0]->elem;
        check_expr(c, x, h);
        if (x->mode == M_NOVALUE || (x->type->kind == K_TUPLE && x->type->nparams == 0)) {
            check_error(c, x->pos, "%s (no value) used as value", expr_string(x));
            return a;
        }
        if (x->type->kind == K_TUPLE) {
            a.n = x->type->nparams;
            a.types = x->type->params;
            a.nodes = NEW_ARRAY(Node *, a.n);
            for (int i = 0; i < a.n; i++) a.nodes[i] = x;
            a.spread = true;
            return a;
        }
        a.n = 1;
        a.types = NEW_ARRAY(Type *, 1);
        a.nodes = NEW_ARRAY(Node *, 1);
        a.types[0] = x->type;
        a.nodes[0] = x;
        return a;
    }
    a.n = l->n;
    a.types = NEW_ARRAY(Type *, a.n + 1);
    a.nodes = NEW_ARRAY(Node *, a.n + 1);
    for (int i = 0; i < l->n; i++) {
        Type *h = NULL;
        if (variadic && nhints > 0 && i >= nhints - 1) h = hints[nhints - 1]->elem;
        else if (i < nhints) h = hints[i];
        check_value(c, l->items[i], h);
        a.types[i] = l->items[i]->type;
        a.nodes[i] = l->items[i];
    }
    return a;
}

/* Go's typesSummary: "(number, string)" for have/want lines. */
const char *types_summary(Type **ts, int n, bool variadic) {
    Buf b;
    buf_init(&b);
    buf_putc(&b, '(');
    for (int i = 0; i < n; i++) {
        if (i) buf_puts(&b, ", ");
        if (variadic && i == n - 1 && ts[i]->kind == K_SLICE) {
            buf_puts(&b, "...");
            buf_puts(&b, tstr(ts[i]->elem));
        } else if (type_is_untyped(ts[i]) && ts[i] != &t_untyped_nil) {
            buf_puts(&b, "number");
            if (ts[i]->kind == K_UNTYPED_STRING) b.len -= 6, buf_puts(&b, "string");
            if (ts[i]->kind == K_UNTYPED_BOOL) b.len -= 6, buf_puts(&b, "bool");
        } else {
            buf_puts(&b, tstr(ts[i]));
        }
    }
    buf_putc(&b, ')');
    return buf_cstr(&b);
}

static void count_error(Checker *c, Node *call, Args *a, Type *sig, bool few) {
    Pos pos = few ? call->call.rparen : a->nodes[sig->nparams]->pos;
    if (few && a->n == 0) pos = call->call.rparen;
    check_error(c, pos, "%s arguments in call to %s\n\thave %s\n\twant %s", few ? "not enough" : "too many",
                expr_string(call->call.fn), types_summary(a->types, a->n, false),
                types_summary(sig->params, sig->nparams, sig->variadic));
}

/* Checks the arguments against signature sig. */
static void check_args(Checker *c, Node *call, Args *a, Type *sig) {
    int np = sig->nparams;
    bool variadic = sig->variadic;
    if (call->call.ellipsis) {
        if (!variadic) {
            check_error(c, call->pos, "have (...) but function is not variadic: %s", expr_string(call->call.fn));
            return;
        }
        if (a->n != np) {
            count_error(c, call, a, sig, a->n < np);
            return;
        }
    } else if (variadic ? a->n < np - 1 : a->n != np) {
        count_error(c, call, a, sig, a->n < np);
        return;
    }
    for (int i = 0; i < a->n; i++) {
        Type *pt;
        if (variadic && !call->call.ellipsis && i >= np - 1) pt = sig->params[np - 1]->elem;
        else pt = sig->params[i];
        if (a->spread) {
            if (!assignable_to(c, a->types[i], pt, NULL))
                check_error(c, a->nodes[i]->pos, "cannot use %s (value of type %s) as %s value in argument to %s",
                            expr_string(a->nodes[i]), tstr(a->types[i]), tstr(pt), expr_string(call->call.fn));
            continue;
        }
        check_assignable(c, a->nodes[i], pt, gc_sprintf("argument to %s", expr_string(call->call.fn)));
    }
}

static void set_result(Checker *c, Node *n, Type *sig) {
    if (sig->nresults == 0) {
        n->mode = M_NOVALUE;
        n->type = type_tuple(c->tt, NULL, 0);
    } else if (sig->nresults == 1) {
        n->mode = M_VALUE;
        n->type = sig->results[0];
    } else {
        n->mode = M_VALUE;
        n->type = type_tuple(c->tt, sig->results, sig->nresults);
    }
}

/* ---- conversions ---- */

static bool untyped_numeric(Type *v) {
    return v->kind == K_UNTYPED_INT || v->kind == K_UNTYPED_RUNE || v->kind == K_UNTYPED_FLOAT;
}

static bool is_byte_or_rune_slice(Type *t) {
    Type *u = t->under;
    return u->kind == K_SLICE && (u->elem->under->kind == K_UINT8 || u->elem->under->kind == K_INT32);
}

/* A conversion to or from a type parameter's stand-in (check_tparam.c):
 * Go allows it when it is allowed for every type in the set. */
static bool standin_conversion_ok(Checker *c, Node *x, Type *t) {
    Type *v = x->type;
    if (v == t) return true;
    Type *s = type_is_standin(t) ? t : v;
    Type *ct = s->constraint->under;
    if (ct->nterms == 0) return (type_is_dyn(v) && !type_is_standin(v)) || t->ukind == K_INTERFACE;
    for (int i = 0; i < ct->nterms; i++) {
        Type *term = ct->terms[i].type;
        if ((term->flags & TF_GENERIC) || type_is_dyn(term)) return true; /* *T: decided per instance */
        bool ok;
        if (s == t) {
            ok = type_is_standin(v) || check_conversion_ok(c, x, term);
        } else {
            Node probe = *x;
            probe.type = term;
            ok = check_conversion_ok(c, &probe, t);
        }
        if (!ok) return false;
    }
    return true;
}

bool check_conversion_ok(Checker *c, Node *x, Type *t) {
    Type *v = x->type;
    if (type_is_standin(v) || type_is_standin(t)) return standin_conversion_ok(c, x, t);
    if (is_dyn(v)) return true;
    if (type_is_untyped(v) && x->mode == M_CONST && v != &t_untyped_nil) {
        /* a constant converts when its kind fits T's underlying basic type */
        Type *tu = t->under;
        if (tu->kind == K_INTERFACE) return assignable_to(c, default_type(v), t, x);
        if (tu->kind == K_STRING) return v->kind == K_UNTYPED_STRING || v->kind == K_UNTYPED_INT || v->kind == K_UNTYPED_RUNE;
        if (tu->kind == K_BOOL) return v->kind == K_UNTYPED_BOOL;
        if (kind_is_numeric(tu->kind)) return untyped_numeric(v);
        if (tu->kind == K_SLICE && v->kind == K_UNTYPED_STRING) return is_byte_or_rune_slice(t);
        return false;
    }
    if (assignable_to(c, v, t, x) && !(type_is_untyped(v) && x->mode == M_CONST)) return true;
    Type *vu = v->under, *tu = t->under;
    if (identical_ignore_tags(vu, tu)) return true;
    if (vu->kind == K_POINTER && tu->kind == K_POINTER && identical_ignore_tags(vu->elem->under, tu->elem->under))
        return true;
    int vk = type_is_untyped(v) ? default_type(v)->kind : vu->kind;
    if (kind_is_numeric(vk) && kind_is_numeric(tu->kind)) return true;
    if (tu->kind == K_STRING && (kind_is_integer(vk) || is_byte_or_rune_slice(v))) return true;
    if (vk == K_STRING && is_byte_or_rune_slice(t)) return true;
    if (vu->kind == K_SLICE && tu->kind == K_ARRAY && vu->elem == tu->elem) return true;
    if (vu->kind == K_SLICE && tu->kind == K_POINTER && tu->elem->ukind == K_ARRAY && vu->elem == tu->elem->under->elem)
        return true;
    return false;
}

bool identical_ignore_tags(Type *a, Type *b) {
    if (a == b) return true;
    if (a->kind != K_STRUCT || b->kind != K_STRUCT || a->nfields != b->nfields) return false;
    for (int i = 0; i < a->nfields; i++)
        if (a->fields[i].name != b->fields[i].name || a->fields[i].type != b->fields[i].type ||
            a->fields[i].embedded != b->fields[i].embedded)
            return false;
    return true;
}

static void encode_rune(char *buf, int *len, int64_t r) {
    if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
    if (r < 0x80) {
        buf[0] = (char)r;
        *len = 1;
    } else if (r < 0x800) {
        buf[0] = (char)(0xC0 | (r >> 6));
        buf[1] = (char)(0x80 | (r & 0x3F));
        *len = 2;
    } else if (r < 0x10000) {
        buf[0] = (char)(0xE0 | (r >> 12));
        buf[1] = (char)(0x80 | ((r >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (r & 0x3F));
        *len = 3;
    } else {
        buf[0] = (char)(0xF0 | (r >> 18));
        buf[1] = (char)(0x80 | ((r >> 12) & 0x3F));
        buf[2] = (char)(0x80 | ((r >> 6) & 0x3F));
        buf[3] = (char)(0x80 | (r & 0x3F));
        *len = 4;
    }
}

static void check_conversion(Checker *c, Node *n, Type *t) {
    n->flags |= NF_CONVERSION;
    n->type = t;
    n->mode = M_VALUE;
    NodeList *args = &n->call.args;
    if (args->n != 1) {
        for (int i = 0; i < args->n; i++) check_expr(c, args->items[i], NULL);
        check_error(c, n->pos, args->n ? "too many arguments in conversion to %s" : "missing argument in conversion to %s",
                    tstr(t));
        n->type = &t_invalid;
        return;
    }
    Node *x = args->items[0];
    bool basic_target = t->under->kind <= K_STRING && t->under->kind != K_INVALID;
    check_value(c, x, basic_target && !kind_is_numeric(t->under->kind) ? NULL : NULL);
    if (x->type == &t_invalid || t == &t_invalid) {
        n->type = t == &t_invalid ? &t_invalid : t;
        return;
    }
    if (!check_conversion_ok(c, x, t)) {
        check_error(c, x->pos, "cannot convert %s to type %s", operand_desc(x), tstr(t));
        n->type = &t_invalid;
        return;
    }
    /* constants convert to constants of basic types */
    if (x->mode == M_CONST && x->cval && basic_target) {
        int tk = t->under->kind;
        Const *cv = x->cval;
        if (tk == K_STRING && (cv->kind == C_INT)) {
            char buf[4];
            int len;
            const char *why;
            int64_t r = const_representable(cv, K_INT64, NULL, &why) ? const_to_int64(cv) : -1;
            encode_rune(buf, &len, r);
            n->cval = const_string(gc_strndup(buf, (size_t)len), len);
            n->mode = M_CONST;
            if (type_is_untyped(x->type)) check_update_untyped(c, x, default_type(x->type));
            return;
        }
        if (tk == K_STRING && cv->kind == C_STRING) {
            n->cval = cv;
            n->mode = M_CONST;
            if (type_is_untyped(x->type)) check_update_untyped(c, x, t);
            return;
        }
        if (kind_is_numeric(tk) && (cv->kind == C_INT || cv->kind == C_FLOAT)) {
            Const *r = NULL;
            const char *why = "overflows";
            if (!const_representable(cv, tk, &r, &why)) {
                /* Go 1.22+: an integer constant to an integer type can only
                 * overflow, and says so concisely (go.dev/issue/63563) */
                if (kind_is_integer(tk) && cv->kind == C_INT)
                    check_error(c, x->pos, "constant %s overflows %s", const_string_repr(cv), tstr(t));
                else
                    check_error(c, x->pos, "cannot convert %s to type %s", operand_desc(x), tstr(t));
                n->type = &t_invalid;
                return;
            }
            n->cval = r ? r : (kind_is_integer(tk) ? const_to_int(cv) : cv);
            n->mode = M_CONST;
            if (type_is_untyped(x->type)) check_update_untyped(c, x, kind_is_numeric(tk) ? t : default_type(x->type));
            return;
        }
        if (tk == K_BOOL && cv->kind == C_BOOL) {
            n->cval = cv;
            n->mode = M_CONST;
            if (type_is_untyped(x->type)) check_update_untyped(c, x, t);
            return;
        }
    }
    if (type_is_untyped(x->type) && x->type != &t_untyped_nil) {
        if (kind_is_numeric(t->under->kind) && x->mode == M_CONST) check_update_untyped(c, x, t);
        else check_default(c, x);
    } else if (x->type == &t_untyped_nil) {
        x->type = t;
    }
}

/* ---- builtins ---- */

static bool has_call_or_recv(Node *n) {
    if (!n) return false;
    switch (n->kind) {
    case N_CALL: return !(n->flags & NF_CONVERSION) || has_call_or_recv(n->call.args.n ? n->call.args.items[0] : NULL);
    case N_UNARY: return n->un.op == T_ARROW || has_call_or_recv(n->un.x);
    case N_PAREN: case N_STAR: return has_call_or_recv(n->un.x);
    case N_SELECTOR: return has_call_or_recv(n->sel.x);
    case N_INDEX: return has_call_or_recv(n->index.x) || (n->index.indices.n && has_call_or_recv(n->index.indices.items[0]));
    case N_BINARY: return has_call_or_recv(n->bin.x) || has_call_or_recv(n->bin.y);
    default: return false;
    }
}

static int nargs_of(Node *n) { return n->call.args.n; }
static Node *arg(Node *n, int i) { return n->call.args.items[i]; }

static bool want_args(Checker *c, Node *n, const char *name, int min, int max) {
    int k = nargs_of(n);
    if (k < min) {
        check_error(c, n->call.rparen, "invalid operation: not enough arguments for %s (expected %d, found %d)",
                    expr_string(n), min, k);
        return false;
    }
    if (max >= 0 && k > max) {
        check_error(c, arg(n, max)->pos, "invalid operation: too many arguments for %s (expected %d, found %d)",
                    expr_string(n), max, k);
        return false;
    }
    (void)name;
    return true;
}

static void builtin_len_cap(Checker *c, Node *n, bool is_len) {
    n->type = &t_int;
    n->mode = M_VALUE;
    if (!want_args(c, n, is_len ? "len" : "cap", 1, 1)) return;
    Node *x = arg(n, 0);
    check_value(c, x, NULL);
    Type *t = x->type, *u = t->under;
    if (t == &t_invalid) return;
    if (u->kind == K_POINTER && u->elem->ukind == K_ARRAY) u = u->elem->under;
    bool ok;
    switch (u->kind) {
    case K_STRING: case K_UNTYPED_STRING: ok = is_len; break;
    case K_ARRAY: case K_SLICE: case K_CHAN: case K_DYN: ok = true; break;
    case K_MAP: ok = is_len; break;
    default: ok = false;
    }
    if (t->kind == K_UNTYPED_STRING) ok = is_len;
    if (!ok) {
        check_error(c, x->pos, "invalid argument: %s for built-in %s", operand_desc(x), is_len ? "len" : "cap");
        return;
    }
    if (type_is_untyped(t)) check_default(c, x);
    if (x->mode == M_CONST && x->cval && x->cval->kind == C_STRING) {
        n->cval = const_int64(x->cval->slen);
        n->mode = M_CONST;
    } else if (u->kind == K_ARRAY && !has_call_or_recv(x)) {
        n->cval = const_int64(u->len);
        n->mode = M_CONST;
    }
}

/* The operand in "argument must be a slice; have ...": nil is "untyped nil". */
static const char *slice_have(Node *x) {
    return x->type == &t_untyped_nil ? "untyped nil" : operand_desc(x);
}

static void builtin_append(Checker *c, Node *n) {
    n->mode = M_VALUE;
    if (nargs_of(n) == 0) {
        check_error(c, n->call.rparen, "invalid operation: not enough arguments for append() (expected 1, found 0)");
        return;
    }
    Node *s = arg(n, 0);
    check_value(c, s, NULL);
    Type *st = s->type;
    n->type = st;
    if (st == &t_invalid) return;
    if (st == &t_untyped_nil) {
        check_error(c, s->pos, "invalid append: argument must be a slice; have untyped nil");
        n->type = &t_invalid;
        return;
    }
    if (is_dyn(st)) {
        for (int i = 1; i < nargs_of(n); i++) {
            check_value(c, arg(n, i), NULL);
            check_default(c, arg(n, i));
        }
        return;
    }
    if (st->ukind != K_SLICE) {
        check_error(c, s->pos, "invalid append: argument must be a slice; have %s", operand_desc(s));
        n->type = &t_invalid;
        return;
    }
    Type *et = st->under->elem;
    if (n->call.ellipsis) {
        if (nargs_of(n) != 2) {
            check_error(c, n->pos, "can only use ... with final argument in list");
            return;
        }
        Node *x = arg(n, 1);
        check_value(c, x, st);
        if (x->type->ukind == K_STRING && et->under->kind == K_UINT8) {
            check_default(c, x);
            return;
        }
        if (x->type->kind == K_UNTYPED_STRING && et->under->kind == K_UINT8) {
            check_default(c, x);
            return;
        }
        if (x->type == &t_untyped_nil) {
            x->type = st;
            return;
        }
        if (!is_dyn(x->type) && (x->type->ukind != K_SLICE || x->type->under->elem != et)) {
            check_error(c, x->pos, "cannot use %s (value of type %s) as %s value in argument to append", expr_string(x),
                        tstr(x->type), tstr(type_slice(c->tt, et)));
        }
        return;
    }
    for (int i = 1; i < nargs_of(n); i++) {
        Node *x = arg(n, i);
        if (x->kind == N_COMPOSITE && !x->comp.type) {
            check_expr(c, x, et->ukind == K_POINTER ? et->under->elem : et);
            if (et->ukind == K_POINTER) {
                x->flags |= NF_IMPLICIT_DEREF;
                x->type = et;
            }
            continue;
        }
        check_value(c, x, et);
        check_assignable(c, x, et, "argument to append");
    }
}

static void builtin_make(Checker *c, Node *n) {
    n->mode = M_VALUE;
    n->type = &t_invalid;
    if (nargs_of(n) == 0) {
        check_error(c, n->call.rparen, "invalid operation: not enough arguments for make() (expected 1, found 0)");
        return;
    }
    Node *te = arg(n, 0);
    Type *t = check_typexpr(c, te);
    if (t == &t_invalid) return;
    if (is_dyn(t)) { /* make(S, n) in a generic body checked with S dynamic */
        n->type = t;
        for (int i = 1; i < nargs_of(n); i++) check_value(c, arg(n, i), NULL);
        return;
    }
    int k = t->ukind, min = 1, max = 1;
    if (k == K_SLICE) min = 2, max = 3;
    else if (k == K_MAP || k == K_CHAN) max = 2;
    else {
        check_error(c, te->pos, "invalid argument: cannot make %s: type must be slice, map, or channel", expr_string(te));
        return;
    }
    n->type = t;
    if (nargs_of(n) < min) {
        check_error(c, n->call.rparen, "invalid operation: %s expects %d or %d arguments; found %d", expr_string(n),
                    min, max, nargs_of(n));
        return;
    }
    if (nargs_of(n) > max) {
        check_error(c, n->pos, "invalid operation: %s expects %d or %d arguments; found %d", expr_string(n), min, max,
                    nargs_of(n));
        return;
    }
    int64_t vals[2] = {-1, -1};
    for (int i = 1; i < nargs_of(n); i++) {
        Node *x = arg(n, i);
        check_value(c, x, NULL);
        if (is_dyn(x->type)) continue;
        if (x->mode == M_CONST && x->cval) {
            Const *iv = const_to_int(x->cval);
            if (!iv) {
                check_error(c, x->pos, "%s (untyped float constant) truncated to int", expr_string(x));
                continue;
            }
            if (const_sign(iv) < 0) {
                check_error(c, x->pos, "invalid argument: index %s must not be negative", int_const_desc(x, iv));
                continue;
            }
            const char *why;
            if (!const_representable(iv, K_INT64, NULL, &why)) {
                check_error(c, x->pos, "invalid argument: index %s overflows int", expr_string(x));
                continue;
            }
            vals[i - 1] = const_to_int64(iv);
            x->cval = iv;
            if (type_is_untyped(x->type)) check_update_untyped(c, x, &t_int);
            continue;
        }
        if (type_is_untyped(x->type)) check_default(c, x);
        if (!kind_is_integer(x->type->ukind))
            check_error(c, x->pos, "cannot convert %s to type int", operand_desc(x));
    }
    if (vals[0] >= 0 && vals[1] >= 0 && vals[0] > vals[1])
        check_error(c, arg(n, 1)->pos, "invalid argument: length and capacity swapped");
}

static void builtin_minmax(Checker *c, Node *n, bool is_max) {
    n->mode = M_VALUE;
    n->type = &t_invalid;
    if (nargs_of(n) == 0) {
        check_error(c, n->call.rparen, "invalid operation: not enough arguments for %s() (expected 1, found 0)",
                    is_max ? "max" : "min");
        return;
    }
    Type *t = NULL;
    bool all_const = true;
    for (int i = 0; i < nargs_of(n); i++) {
        Node *x = arg(n, i);
        check_value(c, x, NULL);
        if (x->type == &t_invalid) return;
        if (x->type->ukind == K_BOOL || x->type == &t_untyped_bool) {
            check_error(c, x->pos, "invalid argument: %s cannot be ordered", operand_desc(x));
            return;
        }
        if (x->mode != M_CONST) all_const = false;
        if (!type_is_untyped(x->type)) {
            if (t && t != x->type && !is_dyn(t) && !is_dyn(x->type)) {
                check_error(c, x->pos, "invalid argument: mismatched types %s (previous argument) and %s (type of %s)",
                            tstr(t), tstr(x->type), expr_string(x));
                return;
            }
            if (!t || is_dyn(x->type)) t = x->type;
        }
    }
    if (!t) { /* all untyped constants: fold */
        Node *best = arg(n, 0);
        Type *bt = best->type;
        for (int i = 1; i < nargs_of(n); i++) {
            Node *x = arg(n, i);
            Const *a = best->cval, *b = x->cval;
            if (!a || !b) return;
            if ((a->kind == C_STRING) != (b->kind == C_STRING)) {
                check_error(c, x->pos, "invalid argument: mismatched types %s (previous argument) and %s (type of %s)",
                            tstr(bt), tstr(x->type), expr_string(x));
                return;
            }
            if (a->kind != b->kind) {
                a = const_to_float(a);
                b = const_to_float(b);
            }
            if (x->type->kind > bt->kind && kind_is_untyped(x->type->kind)) bt = x->type;
            if (const_compare(is_max ? T_GTR : T_LSS, b, a)) best = x;
        }
        n->cval = best->cval;
        n->mode = M_CONST;
        n->type = bt;
        return;
    }
    if (!is_dyn(t) && !(kind_is_numeric(t->ukind) || t->ukind == K_STRING)) {
        Node *bad = arg(n, 0);
        for (int i = 0; i < nargs_of(n) && bad->type != t; i++) bad = arg(n, i);
        check_error(c, bad->pos, "invalid argument: %s cannot be ordered", operand_desc(bad));
        return;
    }
    for (int i = 0; i < nargs_of(n); i++) {
        Node *x = arg(n, i);
        if (type_is_untyped(x->type)) {
            if (is_dyn(t)) check_default(c, x);
            else check_assignable(c, x, t, "argument to min/max");
        }
    }
    n->type = t;
    if (all_const && !is_dyn(t)) {
        Node *best = arg(n, 0);
        for (int i = 1; i < nargs_of(n); i++)
            if (arg(n, i)->cval && best->cval && const_compare(is_max ? T_GTR : T_LSS, arg(n, i)->cval, best->cval))
                best = arg(n, i);
        n->cval = best->cval;
        n->mode = M_CONST;
    }
}

static void builtin_call(Checker *c, Node *n, int id) {
    n->mode = M_NOVALUE;
    n->type = type_tuple(c->tt, NULL, 0);
    switch (id) {
    case B_LEN: builtin_len_cap(c, n, true); return;
    case B_CAP: builtin_len_cap(c, n, false); return;
    case B_APPEND: builtin_append(c, n); return;
    case B_MAKE: builtin_make(c, n); return;
    case B_MIN: builtin_minmax(c, n, false); return;
    case B_MAX: builtin_minmax(c, n, true); return;
    case B_NEW: {
        if (!want_args(c, n, "new", 1, 1)) return;
        Type *t = check_typexpr(c, arg(n, 0));
        n->type = t == &t_invalid ? t : type_pointer(c->tt, t);
        n->mode = M_VALUE;
        return;
    }
    case B_COPY: {
        n->type = &t_int;
        n->mode = M_VALUE;
        if (!want_args(c, n, "copy", 2, 2)) return;
        Node *d = arg(n, 0), *s = arg(n, 1);
        check_value(c, d, NULL);
        check_value(c, s, NULL);
        if (is_dyn(d->type) || is_dyn(s->type)) return;
        if (d->type->ukind != K_SLICE) {
            check_error(c, d->pos, "invalid copy: argument must be a slice; have %s", slice_have(d));
            return;
        }
        Type *de = d->type->under->elem;
        if ((s->type->ukind == K_STRING || s->type->kind == K_UNTYPED_STRING) && de->under->kind == K_UINT8) {
            check_default(c, s);
            return;
        }
        bool str = s->type->ukind == K_STRING || s->type->kind == K_UNTYPED_STRING;
        if (s->type->ukind != K_SLICE && !str)
            check_error(c, s->pos, "invalid copy: argument must be a slice; have %s", slice_have(s));
        else if (str || s->type->under->elem != de)
            check_error(c, d->pos, "invalid copy: arguments %s and %s have different element types %s and %s",
                        operand_desc(d), operand_desc(s), tstr(de), str ? "byte" : tstr(s->type->under->elem));
        return;
    }
    case B_DELETE: {
        if (!want_args(c, n, "delete", 2, 2)) return;
        Node *m = arg(n, 0), *k = arg(n, 1);
        check_value(c, m, NULL);
        if (is_dyn(m->type)) {
            check_value(c, k, NULL);
            check_default(c, k);
            return;
        }
        if (m->type->ukind != K_MAP) {
            check_value(c, k, NULL);
            if (m->type != &t_invalid)
                check_error(c, m->pos, "invalid argument: %s is not a map", operand_desc(m));
            return;
        }
        check_value(c, k, m->type->under->key);
        check_assignable(c, k, m->type->under->key, "argument to delete");
        return;
    }
    case B_CLEAR: {
        if (!want_args(c, n, "clear", 1, 1)) return;
        Node *x = arg(n, 0);
        check_value(c, x, NULL);
        if (!is_dyn(x->type) && x->type->ukind != K_MAP && x->type->ukind != K_SLICE && x->type != &t_invalid)
            check_error(c, x->pos, "invalid argument: cannot clear %s: argument must be (or constrained by) map or slice",
                        operand_desc(x));
        return;
    }
    case B_CLOSE: {
        if (!want_args(c, n, "close", 1, 1)) return;
        Node *x = arg(n, 0);
        check_value(c, x, NULL);
        if (is_dyn(x->type) || x->type == &t_invalid) return;
        if (x->type->ukind != K_CHAN) {
            check_error(c, x->pos, "invalid operation: cannot close non-channel %s", operand_desc(x));
            return;
        }
        if (x->type->under->chandir == CHAN_RECV)
            check_error(c, x->pos, "invalid operation: cannot close receive-only channel %s", operand_desc(x));
        return;
    }
    case B_PANIC: {
        if (!want_args(c, n, "panic", 1, 1)) return;
        Node *x = arg(n, 0);
        check_value(c, x, &t_any);
        check_assignable(c, x, &t_any, "argument to panic");
        return;
    }
    case B_RECOVER:
        want_args(c, n, "recover", 0, 0);
        if (c->fn) c->fn->has_recover = true;
        n->type = &t_any;
        n->mode = M_VALUE;
        return;
    case B_PRINT: case B_PRINTLN:
        for (int i = 0; i < nargs_of(n); i++) {
            check_value(c, arg(n, i), NULL);
            check_default(c, arg(n, i));
            if (arg(n, i)->type == &t_untyped_nil)
                check_error(c, arg(n, i)->pos, "use of untyped nil in argument to built-in %s",
                            id == B_PRINT ? "print" : "println");
        }
        return;
    default:
        for (int i = 0; i < nargs_of(n); i++) check_expr(c, arg(n, i), NULL);
        check_error(c, n->pos, "complex numbers are not supported");
        return;
    }
}

/* ---- generic inference ---- */

/* While generic bodies are checked with dynamic type arguments (check_decl.c
 * check_generic_bodies), a dynamic argument binds a dynamic type argument;
 * otherwise dynamic counts as interface{} (LANGUAGE.md). */
static _Thread_local bool dyn_binds_dyn;

void check_set_probing(Checker *c, bool on) {
    c->probing = on;
    dyn_binds_dyn = on;
}

static bool unify(Type *p, Type *a, Type **binding, int nb) {
    if (!(p->flags & TF_GENERIC)) return true;
    if (p->kind == K_TYPEPARAM) {
        int k = p->tp_index;
        if (k >= nb) return false;
        if (is_dyn(a) && !dyn_binds_dyn) a = &t_any;
        if (!binding[k] || (type_is_untyped(binding[k]) && !type_is_untyped(a))) {
            binding[k] = a;
            return true;
        }
        if (type_is_untyped(a)) {
            if (type_is_untyped(binding[k]) && a->kind > binding[k]->kind) binding[k] = a;
            return true;
        }
        return binding[k] == a;
    }
    if (is_dyn(a) || type_is_untyped(a)) return true;
    if (p->kind == K_NAMED) {
        if (a->kind != K_NAMED || a->name != p->name || a->ntargs != p->ntargs) return false;
        for (int i = 0; i < p->ntargs; i++)
            if (!unify(p->targs[i], a->targs[i], binding, nb)) return false;
        return true;
    }
    if (a->kind == K_NAMED) a = a->under; /* inexact unification of core types */
    if (a->kind != p->kind) return false;
    switch (p->kind) {
    case K_POINTER: case K_SLICE: case K_CHAN: return unify(p->elem, a->elem, binding, nb);
    case K_ARRAY: return p->len == a->len && unify(p->elem, a->elem, binding, nb);
    case K_MAP: return unify(p->key, a->key, binding, nb) && unify(p->elem, a->elem, binding, nb);
    case K_FUNC:
        if (p->nparams != a->nparams || p->nresults != a->nresults) return false;
        for (int i = 0; i < p->nparams; i++)
            if (!unify(p->params[i], a->params[i], binding, nb)) return false;
        for (int i = 0; i < p->nresults; i++)
            if (!unify(p->results[i], a->results[i], binding, nb)) return false;
        return true;
    case K_STRUCT:
        if (p->nfields != a->nfields) return false;
        for (int i = 0; i < p->nfields; i++)
            if (!unify(p->fields[i].type, a->fields[i].type, binding, nb)) return false;
        return true;
    default: return true;
    }
}

static Type *param_type_at(Node *n, Type *sig, int i) {
    if (sig->variadic && !n->call.ellipsis && i >= sig->nparams - 1) return sig->params[sig->nparams - 1]->elem;
    return i < sig->nparams ? sig->params[i] : NULL;
}

/* Go's inference: typed arguments first, then the constraints' core types
 * (S ~[]E gives E from S), then untyped constants take default types. */
/* Where the i-th type parameter of generic g is declared. */
static Pos tparam_pos(Object *g, int i) {
    for (int k = 0; g->tparams && k < g->tparams->n; k++) {
        Node *f = g->tparams->items[k];
        if (i < f->field.names.n) return f->field.names.items[i]->pos;
        i -= f->field.names.n;
    }
    return g->pos;
}

/* Go's constraint type inference, with the constraints' core types, both
 * ways: a bound parameter teaches the others (S ~[]E gives E from S), and
 * one still unbound takes its core type once the parameters that mentions
 * are known (PT interface{ *T; Set(string) } gives *Item from T = Item). */
static int count_bound(Type **binding, int nb) {
    int n = 0;
    for (int i = 0; i < nb; i++) n += binding[i] != NULL;
    return n;
}

static void core_type_inference(Checker *c, Object *g, Type **binding) {
    int nb = g->ntparams;
    Type **trial = NEW_ARRAY(Type *, nb);
    for (bool changed = true; changed;) {
        changed = false;
        for (int k = 0; k < nb; k++) {
            Type *ct = g->tptypes[k]->constraint;
            if (!ct || ct->under->nterms != 1) continue;
            Type *core = ct->under->terms[0].type;
            if (binding[k]) {
                if (!(core->flags & TF_GENERIC)) continue;
                int before = count_bound(binding, nb);
                unify(core, binding[k]->under, binding, nb);
                changed |= count_bound(binding, nb) > before;
                continue;
            }
            for (int i = 0; i < nb; i++) trial[i] = binding[i] ? binding[i] : g->tptypes[i];
            Type *t = check_subst(c, core, g, trial);
            if (t && !(t->flags & TF_GENERIC)) {
                binding[k] = t;
                changed = true;
            }
        }
    }
}

static Object *infer(Checker *c, Node *n, Object *g, Type **given, int ngiven, Args *a) {
    Type *sig = g->type;
    int nb = g->ntparams;
    Type **binding = NEW_ARRAY(Type *, nb);
    for (int i = 0; i < ngiven && i < nb; i++) binding[i] = given[i];
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < a->n; i++) {
            Type *pt = param_type_at(n, sig, i);
            if (!pt) break;
            Type *at = a->types[i];
            if (at == &t_untyped_nil || type_is_untyped(at) != (pass == 1)) continue;
            if (pass == 1 && pt->kind == K_TYPEPARAM && binding[pt->tp_index] &&
                !type_is_untyped(binding[pt->tp_index]))
                continue;
            if (!unify(pt, at, binding, nb)) {
                check_error(c, a->nodes[i]->pos, "type %s of %s does not match %s", tstr(at), expr_string(a->nodes[i]),
                            tstr(pt));
                return NULL;
            }
        }
        if (pass == 1) break;
        core_type_inference(c, g, binding);
    }
    for (int i = 0; i < nb; i++) {
        if (!binding[i]) {
            Pos at = tparam_pos(g, i);
            check_error(c, n->pos, "in call to %s, cannot infer %s (declared at %s:%d:%d)", expr_string(n->call.fn),
                        g->tptypes[i]->name, g->pkg ? g->pkg->filename : c->pkg->filename, at.line, at.col);
            return NULL;
        }
        if (type_is_untyped(binding[i])) binding[i] = default_type(binding[i]);
    }
    return check_instantiate_func(c, g, binding, nb, n->pos);
}

/* ---- calls ---- */

static void dynamic_call(Checker *c, Node *n) {
    for (int i = 0; i < nargs_of(n); i++) {
        check_value(c, arg(n, i), NULL);
        check_default(c, arg(n, i));
        if (arg(n, i)->type == &t_untyped_nil) arg(n, i)->type = &t_dyn;
    }
    n->type = &t_dyn;
    n->mode = M_VALUE;
    n->aux = -1; /* any number of results, checked at run time */
}

void check_call(Checker *c, Node *n, Type *hint) {
    Node *fn = n->call.fn;
    check_expr_or_type(c, fn, NULL);
    if (fn->mode == M_TYPE) {
        check_conversion(c, n, fn->type);
        return;
    }
    if (fn->mode == M_BUILTIN) {
        builtin_call(c, n, ((Object *)fn->ref)->builtin);
        return;
    }
    n->mode = M_VALUE;
    n->type = &t_invalid;
    if (fn->type == &t_invalid || fn->mode == M_NONE || fn->mode == M_PACKAGE) {
        if (fn->mode == M_PACKAGE) check_error(c, fn->pos, "use of package %s not in selector", expr_string(fn));
        for (int i = 0; i < nargs_of(n); i++) check_expr(c, arg(n, i), NULL);
        return;
    }
    if (is_dyn(fn->type)) {
        dynamic_call(c, n);
        return;
    }
    Type *sig = fn->type;
    if (sig->ukind != K_FUNC) {
        check_error(c, n->pos, "invalid operation: cannot call non-function %s", operand_desc(fn));
        for (int i = 0; i < nargs_of(n); i++) check_expr(c, arg(n, i), NULL);
        return;
    }
    sig = sig->under;
    /* a generic function not yet instantiated: infer its type arguments */
    Object *g = fn->ref;
    bool generic = false;
    if (fn->kind == N_IDENT || fn->kind == N_SELECTOR || fn->kind == N_INDEX) {
        if (fn->kind == N_SELECTOR && fn->aux != -3 && fn->mode == M_VALUE && g && (Object *)g != NULL &&
            ((Object *)g)->kind == OBJ_FUNC)
            generic = g->ntparams && !g->is_instance;
        else if (fn->kind != N_SELECTOR && g && g->kind == OBJ_FUNC)
            generic = g->ntparams && !g->is_instance;
    }
    if (generic) {
        Type **given = NULL;
        int ngiven = 0;
        if (fn->kind == N_INDEX) {
            ngiven = fn->aux;
            given = NEW_ARRAY(Type *, ngiven + 1);
            for (int i = 0; i < ngiven; i++) given[i] = fn->index.indices.items[i]->type;
        }
        Args a = collect_args(c, n, NULL, 0, false);
        Object *inst = infer(c, n, g, given, ngiven, &a);
        if (!inst) return;
        fn->ref = inst;
        fn->type = inst->type;
        if (fn->kind == N_INDEX) fn->index.x->ref = inst;
        sig = inst->type;
        check_args(c, n, &a, sig);
        set_result(c, n, sig);
        return;
    }
    Args a = collect_args(c, n, sig->params, sig->nparams, sig->variadic);
    check_args(c, n, &a, sig);
    set_result(c, n, sig);
}
