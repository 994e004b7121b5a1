/* check_type.c: type expressions -> canonical Types (types.c), signatures
 * (including csp's dynamic parameters and results), struct and interface
 * types, and the method sets of defined types (promotion through embedded
 * fields). */
#include "check.h"
#include "lexer.h"
#include <stdio.h>
#include <stdlib.h>


/* "Box[T any]": a generic type with its type parameter list. */
static const char *generic_name(Object *o) {
    Buf b;
    buf_init(&b);
    buf_puts(&b, o->name);
    buf_putc(&b, '[');
    for (int i = 0; o->tparams && i < o->tparams->n; i++) {
        Node *f = o->tparams->items[i];
        if (i) buf_puts(&b, ", ");
        for (int k = 0; k < f->field.names.n; k++) {
            if (k) buf_puts(&b, ", ");
            buf_puts(&b, f->field.names.items[k]->ident.name);
        }
        buf_putc(&b, ' ');
        buf_puts(&b, expr_string(f->field.type));
    }
    buf_putc(&b, ']');
    return buf_cstr(&b);
}

static Type *typexpr_ident(Checker *c, Node *n) {
    Object *o = scope_lookup(c->scope, n->ident.name, NULL);
    if (!o && c->loader && n->ident.name == c->n_underscore) {
        check_error(c, n->pos, "cannot use _ as value or type");
        return &t_invalid;
    }
    if (!o) {
        check_error(c, n->pos, "undefined: %s", n->ident.name);
        return &t_invalid;
    }
    if (o->kind != OBJ_TYPE) {
        check_error(c, n->pos, "%s is not a type", n->ident.name);
        return &t_invalid;
    }
    o->used = true;
    check_note_spelling(c, o);
    if (o->state != RS_DONE) check_resolve(c, o);
    if (o->ntparams && !o->is_instance) {
        check_error(c, n->pos, "cannot use generic type %s without instantiation", generic_name(o));
        return &t_invalid;
    }
    n->ref = o;
    n->mode = M_TYPE;
    n->type = o->type;
    return o->type ? o->type : &t_invalid;
}

static Type *typexpr_selector(Checker *c, Node *n) {
    check_expr_or_type(c, n, NULL);
    if (n->mode != M_TYPE) {
        if (n->mode != M_NONE) check_error(c, n->pos, "%s is not a type", expr_string(n));
        return &t_invalid;
    }
    return n->type;
}

static Type *array_type(Checker *c, Node *n) {
    Type *elem = check_typexpr(c, n->arr.elem);
    if (!n->arr.len) return type_slice(c->tt, elem);
    if (n->arr.len->kind == N_ELLIPSIS) {
        check_error(c, n->arr.len->pos, "invalid use of [...] array (outside a composite literal)");
        return &t_invalid;
    }
    check_expr(c, n->arr.len, NULL);
    Node *l = n->arr.len;
    if (l->mode != M_CONST || !l->cval || (l->cval->kind != C_INT && l->cval->kind != C_FLOAT)) {
        if (l->mode != M_NONE && l->type != &t_invalid)
            check_error(c, l->pos, "array length %s (variable of type %s) must be constant",
                        expr_string(l), tstr(l->type));
        return &t_invalid;
    }
    Const *iv = const_to_int(l->cval);
    if (!iv) {
        check_error(c, l->pos, "array length %s (untyped float constant) must be integer", expr_string(l));
        return &t_invalid;
    }
    if (const_sign(iv) < 0) {
        check_error(c, l->pos, "invalid array length %s (untyped int constant %s)", expr_string(l),
                    const_string_repr(iv));
        return &t_invalid;
    }
    const char *why;
    if (!const_representable(iv, K_INT64, NULL, &why) || const_to_int64(iv) > (INT64_C(1) << 40)) {
        check_error(c, l->pos, "array length %s too large", expr_string(l));
        return &t_invalid;
    }
    if (elem->kind == K_NAMED && !elem->complete) {
        if (!elem->decl) {
            check_error(c, n->pos, "invalid recursive type %s", elem->name);
            return &t_invalid;
        }
        check_note_incomplete(c, elem); /* a cycle only if elem contains this array */
    }
    return type_array(c->tt, elem, const_to_int64(iv));
}

static const char *embedded_name(Checker *c, Node *t) {
    if (t->kind == N_STAR) t = t->un.x;
    if (t->kind == N_INDEX) t = t->index.x;
    if (t->kind == N_IDENT) return t->ident.name;
    if (t->kind == N_SELECTOR) return t->sel.name;
    return c->n_underscore;
}

static bool is_exported(const char *name) {
    return name[0] >= 'A' && name[0] <= 'Z'; /* ASCII upper; Unicode upper is rare */
}

static Type *struct_type(Checker *c, Node *n) {
    Field fields[64], *fs = fields;
    int nf = 0, cap = 64;
    Scope *seen = scope_new(NULL, NULL);
    for (int i = 0; i < n->strct.fields.n; i++) {
        Node *f = n->strct.fields.items[i];
        Type *ft = check_typexpr(c, f->field.type);
        if (ft->kind == K_NAMED && !ft->complete && f->field.type->kind != N_STAR) {
            if (ft->decl) {
                check_note_incomplete(c, ft); /* a cycle only if ft contains this struct */
            } else {
                check_error(c, f->pos, "invalid recursive type %s", ft->name);
                ft = &t_invalid;
            }
        }
        const char *tag = NULL;
        if (f->field.tag) tag = gc_strndup(f->field.tag->lit.str, (size_t)f->field.tag->lit.len);
        int nnames = f->field.embedded ? 1 : f->field.names.n;
        for (int j = 0; j < nnames; j++) {
            const char *name = f->field.embedded ? embedded_name(c, f->field.type)
                                                 : f->field.names.items[j]->ident.name;
            Pos pos = f->field.embedded ? f->pos : f->field.names.items[j]->pos;
            if (name != c->n_underscore) {
                Object *dup = object_new(OBJ_VAR, name, pos, ft);
                Object *old = scope_insert(seen, dup);
                if (old) check_redeclared(c, pos, name, old, "");
            }
            if (nf == cap) {
                Field *nfs = NEW_ARRAY(Field, cap * 2);
                memcpy(nfs, fs, sizeof(Field) * (size_t)nf);
                fs = nfs;
                cap *= 2;
            }
            fs[nf++] = (Field){.name = name, .type = ft, .tag = tag,
                               .embedded = f->field.embedded, .exported = is_exported(name)};
        }
    }
    return type_struct(c->tt, fs, nf);
}

/* Collects the methods and terms of an interface, flattening embedded
 * interfaces. */
typedef struct IfaceAcc {
    IMethod *ms;
    int n, cap;
    Term *terms;
    int nterms, capterms;
    bool comparable;
    bool has_terms;
} IfaceAcc;

static void acc_method(Checker *c, IfaceAcc *a, const char *name, Type *sig, Pos pos) {
    for (int i = 0; i < a->n; i++) {
        if (a->ms[i].name == name) {
            if (a->ms[i].sig != sig) check_error(c, pos, "duplicate method %s", name);
            return;
        }
    }
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 8;
        IMethod *nm = NEW_ARRAY(IMethod, a->cap);
        if (a->n) memcpy(nm, a->ms, sizeof(IMethod) * (size_t)a->n);
        a->ms = nm;
    }
    a->ms[a->n++] = (IMethod){name, sig};
}

static void acc_term(IfaceAcc *a, Type *t, bool tilde) {
    if (a->nterms == a->capterms) {
        a->capterms = a->capterms ? a->capterms * 2 : 8;
        Term *nt = NEW_ARRAY(Term, a->capterms);
        if (a->nterms) memcpy(nt, a->terms, sizeof(Term) * (size_t)a->nterms);
        a->terms = nt;
    }
    a->terms[a->nterms++] = (Term){t, tilde};
}

static void union_terms(Checker *c, IfaceAcc *a, Node *e) {
    if (e->kind == N_BINARY && e->bin.op == T_OR) {
        union_terms(c, a, e->bin.x);
        union_terms(c, a, e->bin.y);
        return;
    }
    bool tilde = false;
    if (e->kind == N_UNARY && e->un.op == T_TILDE) {
        tilde = true;
        e = e->un.x;
    }
    Type *t = check_typexpr(c, e);
    if (t->ukind == K_INTERFACE && !tilde) {
        for (int i = 0; i < t->nimethods; i++) acc_method(c, a, t->imethods[i].name, t->imethods[i].sig, e->pos);
        for (int i = 0; i < t->nterms; i++) acc_term(a, t->terms[i].type, t->terms[i].tilde);
        if (t->is_comparable_constraint) a->comparable = true;
        a->has_terms = a->has_terms || t->nterms > 0;
        return;
    }
    a->has_terms = true;
    acc_term(a, t, tilde);
}

static Type *interface_type(Checker *c, Node *n) {
    IfaceAcc a = {0};
    if (n->iface.elems.n == 0) c->pkg->spell_uses[SPELL_EMPTY]++;
    for (int i = 0; i < n->iface.elems.n; i++) {
        Node *e = n->iface.elems.items[i];
        if (e->field.names.n == 1 && e->field.type->kind == N_FUNC_TYPE) {
            Type *sig = check_signature(c, e->field.type, NULL, NULL);
            acc_method(c, &a, e->field.names.items[0]->ident.name, sig, e->pos);
        } else {
            union_terms(c, &a, e->field.type);
        }
    }
    return type_interface(c->tt, a.ms, a.n, a.terms, a.nterms, a.comparable);
}

Type *check_typexpr(Checker *c, Node *n) {
    if (!n) return &t_invalid;
    if (++c->nesting > CHECK_MAX_NESTING) {
        c->nesting--;
        check_error(c, n->pos, "type nesting too deep");
        return &t_invalid;
    }
    Type *t = &t_invalid;
    switch (n->kind) {
    case N_IDENT: t = typexpr_ident(c, n); break;
    case N_SELECTOR: t = typexpr_selector(c, n); break;
    case N_PAREN: t = check_typexpr(c, n->un.x); break;
    case N_STAR: t = type_pointer(c->tt, check_typexpr(c, n->un.x)); break;
    case N_ARRAY_TYPE: t = array_type(c, n); break;
    case N_MAP_TYPE: {
        Type *k = check_typexpr(c, n->map.key);
        Type *v = check_typexpr(c, n->map.value);
        if (k != &t_invalid && !type_comparable(k) && !(k->flags & TF_GENERIC) &&
            !(k->kind == K_NAMED && !k->complete))
            check_error(c, n->map.key->pos, "invalid map key type %s", tstr(k));
        t = type_map(c->tt, k, v);
        break;
    }
    case N_CHAN_TYPE: /* make(chan) leaves the element type out: dynamic */
        t = type_chan(c->tt, n->chan.elem ? check_typexpr(c, n->chan.elem) : &t_dyn, n->chan.dir);
        break;
    case N_FUNC_TYPE: t = check_signature(c, n, NULL, NULL); break;
    case N_STRUCT_TYPE: t = struct_type(c, n); break;
    case N_INTERFACE_TYPE: t = interface_type(c, n); break;
    case N_INDEX: {
        check_expr_or_type(c, n, NULL);
        t = n->mode == M_TYPE ? n->type : &t_invalid;
        if (n->mode != M_TYPE && n->mode != M_NONE) check_error(c, n->pos, "%s is not a type", expr_string(n));
        break;
    }
    case N_ELLIPSIS:
        check_error(c, n->pos, "invalid use of ...");
        break;
    case N_UNARY: case N_BINARY:
        /* a constraint written inline: ~[]E, int | float64 */
        if ((n->kind == N_UNARY && n->un.op == T_TILDE) || (n->kind == N_BINARY && n->bin.op == T_OR)) {
            IfaceAcc a = {0};
            union_terms(c, &a, n);
            t = type_interface(c->tt, a.ms, a.n, a.terms, a.nterms, a.comparable);
            break;
        }
        /* fallthrough */
    default:
        check_expr_or_type(c, n, NULL);
        if (n->mode == M_TYPE) t = n->type;
        else if (n->mode != M_NONE && n->type != &t_invalid)
            check_error(c, n->pos, "%s is not a type", expr_string(n));
        break;
    }
    c->nesting--;
    n->mode = M_TYPE;
    n->type = t;
    return t;
}

/* ---- signatures ---- */

/* csp: a parameter list of lone identifiers is Go's list of types when each
 * names a type in scope, otherwise a list of dynamic parameter names. */
static bool lone_idents_are_names(Checker *c, NodeList *fields) {
    if (fields->n == 0) return false;
    for (int i = 0; i < fields->n; i++) {
        Node *f = fields->items[i];
        if (f->field.names.n || f->field.type->kind != N_IDENT) return false;
    }
    for (int i = 0; i < fields->n; i++) {
        Node *t = fields->items[i]->field.type;
        Object *o = scope_lookup(c->scope, t->ident.name, NULL);
        if (!o || o->kind != OBJ_TYPE) return true;
    }
    return false;
}

typedef struct ParamAcc {
    Type **types;
    Object **objs;
    int n, cap;
} ParamAcc;

static void param_push(ParamAcc *a, Type *t, Object *o) {
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 8;
        Type **nt = NEW_ARRAY(Type *, a->cap);
        Object **no = NEW_ARRAY(Object *, a->cap);
        if (a->n) {
            memcpy(nt, a->types, sizeof(Type *) * (size_t)a->n);
            memcpy(no, a->objs, sizeof(Object *) * (size_t)a->n);
        }
        a->types = nt;
        a->objs = no;
    }
    a->types[a->n] = t;
    a->objs[a->n++] = o;
}

static Object *param_obj(Checker *c, Node *ident, Type *t, FuncInfo *fi) {
    Object *o = object_new(OBJ_VAR, ident ? ident->ident.name : c->n_underscore,
                           ident ? ident->pos : (Pos){0, 0}, t);
    o->is_param = true;
    o->owner = fi;
    o->used = true;
    if (ident) {
        ident->ref = o;
        ident->type = t;
    }
    return o;
}

/* Checks a parameter or result list; *variadic is set for ...T. */
static void param_list(Checker *c, NodeList *fields, ParamAcc *acc, FuncInfo *fi, bool *variadic,
                       bool allow_dyn_names) {
    if (allow_dyn_names && lone_idents_are_names(c, fields)) {
        for (int i = 0; i < fields->n; i++) {
            Node *id = fields->items[i]->field.type;
            param_push(acc, &t_dyn, fi ? param_obj(c, id, &t_dyn, fi) : NULL);
        }
        return;
    }
    for (int i = 0; i < fields->n; i++) {
        Node *f = fields->items[i];
        Node *te = f->field.type;
        Type *t;
        if (te->kind == N_ELLIPSIS) {
            if (!variadic || i != fields->n - 1 || f->field.names.n > 1)
                check_error(c, te->pos, "can only use ... with final parameter in list");
            else
                *variadic = true;
            t = type_slice(c->tt, te->un.x ? check_typexpr(c, te->un.x) : &t_dyn);
        } else {
            t = check_typexpr(c, te);
        }
        if (f->field.names.n == 0) {
            param_push(acc, t, fi ? param_obj(c, NULL, t, fi) : NULL);
            continue;
        }
        for (int j = 0; j < f->field.names.n; j++)
            param_push(acc, t, fi ? param_obj(c, f->field.names.items[j], t, fi) : NULL);
    }
}

/* Counts the values of the first `return` with values in body (not inside
 * nested function literals): the result count of a function whose results
 * were not declared. A single call returns as many as the callee gives, when
 * that can be known without checking (a top-level function). */
static int scan_returns(Checker *c, Node *n, int depth);

static int return_count(Checker *c, Node *ret) {
    NodeList *rs = &ret->ret.results;
    if (rs->n != 1 || rs->items[0]->kind != N_CALL) return rs->n;
    Node *fn = rs->items[0]->call.fn;
    if (fn->kind != N_IDENT) return 1;
    Object *o = scope_lookup(c->pkg->scope, fn->ident.name, NULL);
    if (!o || o->kind != OBJ_FUNC || !o->decl || o->decl->kind != N_FUNC_DECL) return 1;
    Node *ft = o->decl->fdecl.type;
    int n = 0;
    for (int i = 0; i < ft->ftype.results.n; i++) {
        int k = ft->ftype.results.items[i]->field.names.n;
        n += k ? k : 1;
    }
    if (n == 0 && o->decl->fdecl.body && o->state != RS_DOING) {
        o->state = RS_DOING; /* guards recursion through this scan */
        n = scan_returns(c, o->decl->fdecl.body, 0);
        o->state = RS_TODO;
        if (n < 0) n = 0;
    }
    return n ? n : 1;
}

static int scan_list(Checker *c, NodeList *l, int depth) {
    for (int i = 0; i < l->n; i++) {
        int k = scan_returns(c, l->items[i], depth);
        if (k >= 0) return k;
    }
    return -1;
}

static int scan_returns(Checker *c, Node *n, int depth) {
    if (!n || depth > 200) return -1;
    switch (n->kind) {
    case N_RETURN: return n->ret.results.n ? return_count(c, n) : -1;
    case N_BLOCK: return scan_list(c, &n->block.stmts, depth + 1);
    case N_IF: {
        int k = scan_returns(c, n->ifs.then, depth + 1);
        return k >= 0 ? k : scan_returns(c, n->ifs.els, depth + 1);
    }
    case N_FOR: return scan_returns(c, n->fors.body, depth + 1);
    case N_RANGE: return scan_returns(c, n->range.body, depth + 1);
    case N_LABELED: return scan_returns(c, n->labeled.stmt, depth + 1);
    case N_SWITCH: case N_TYPE_SWITCH: return scan_list(c, &n->sw.body, depth + 1);
    case N_SELECT: return scan_list(c, &n->sel_stmt.body, depth + 1);
    case N_CASE: return scan_list(c, &n->cas.body, depth + 1);
    case N_COMM: return scan_list(c, &n->comm.body, depth + 1);
    default: return -1;
    }
}

static Node *func_body_of(FuncInfo *fi) {
    if (!fi || !fi->node) return NULL;
    return fi->node->kind == N_FUNC_DECL ? fi->node->fdecl.body : fi->node->func.body;
}

Type *check_signature(Checker *c, Node *ft, Node *recv, FuncInfo *fi) {
    ParamAcc ps = {0}, rs = {0};
    bool variadic = false;
    if (recv) {
        NodeList one = {0};
        nodelist_push(&one, recv);
        ParamAcc racc = {0};
        param_list(c, &one, &racc, fi, NULL, false);
        if (fi && racc.n) fi->recv = racc.objs[0];
    }
    param_list(c, &ft->ftype.params, &ps, fi, &variadic, true);
    param_list(c, &ft->ftype.results, &rs, fi, NULL, false);
    bool named = false;
    for (int i = 0; i < ft->ftype.results.n; i++)
        if (ft->ftype.results.items[i]->field.names.n) named = true;
    Node *body = func_body_of(fi);
    if (fi && ft->ftype.results.n == 0 && body) {
        int k = scan_returns(c, body, 0);
        for (int i = 0; i < k; i++) {
            Object *o = object_new(OBJ_VAR, c->n_underscore, ft->pos, &t_dyn);
            o->owner = fi;
            param_push(&rs, &t_dyn, o);
        }
        fi->dyn_results = k > 0;
    }
    if (fi) {
        fi->params = ps.objs;
        fi->nparams = ps.n;
        fi->results = rs.objs;
        fi->nresults = rs.n;
        fi->named_results = named;
    }
    Type *sig = type_func(c->tt, ps.types, ps.n, rs.types, rs.n, variadic);
    if (fi) fi->sig = sig;
    return sig;
}

/* ---- method sets: promotion through embedded fields ---- */

/* Adds to `named` (a defined struct type) the methods promoted from its
 * embedded fields, as Go's method set rules give them: methods of an embedded
 * T are promoted with their receivers; those of an embedded *T are all
 * promoted and callable on the value. Depth-first by depth level; a name
 * found at a shallower depth (or declared directly) wins; two at the same
 * depth are ambiguous and not promoted. */
/* The types whose promoted methods are being completed, so that embedding
 * cycles through pointers (T1 embeds T2, T2 embeds *T1) end. */
typedef struct Completing {
    Type *t;
    struct Completing *outer;
} Completing;

static void complete_methods(Checker *c, Type *named, Completing *outer);

void check_complete_methods(Checker *c, Type *named) { complete_methods(c, named, NULL); }

static void complete_methods(Checker *c, Type *named, Completing *outer) {
    Type *u = named->under;
    if (u->kind != K_STRUCT) return;
    for (Completing *k = outer; k; k = k->outer)
        if (k->t == named) return;
    Completing me = {named, outer};
    for (int i = 0; i < u->nfields; i++) {
        Field *f = &u->fields[i];
        if (!f->embedded) continue;
        Type *et = f->type;
        bool via_ptr = false;
        if (et->kind == K_POINTER) {
            et = et->elem;
            via_ptr = true;
        }
        if (et->kind == K_NAMED && et->under->kind == K_STRUCT && et != named) complete_methods(c, et, &me);
        if (et->ukind == K_INTERFACE) {
            for (int j = 0; j < et->nimethods; j++) {
                IMethod *im = &et->imethods[j];
                if (type_method(named, im->name) || type_field_index(named, im->name) >= 0) continue;
                Method *m = type_add_method(named, im->name, im->sig, false);
                m->promoted = true;
            }
            continue;
        }
        for (int j = 0; j < et->nmethods; j++) {
            Method *em = &et->methods[j];
            if (type_method(named, em->name) || type_field_index(named, em->name) >= 0) continue;
            Method *m = type_add_method(named, em->name, em->sig, em->ptr_recv && !via_ptr);
            m->promoted = true;
        }
    }
}
