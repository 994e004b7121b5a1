/* check_decl.c: packages and declarations. Collects a file's top-level
 * objects, resolves them lazily (so declaration order does not matter, as in
 * Go), attaches methods, instantiates generics, checks every function body,
 * and computes Go's package initialisation order. */
#include "check.h"
#include "lexer.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void check_error(Checker *c, Pos pos, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(c->diag, pos, "%s", msg);
}

const char *tstr(Type *t) {
    if (!t) return "nil";
    if (type_is_standin(t)) return t->name;
    if (t->kind == K_DYN) return "interface {}";
    return type_string_go(t);
}

void checker_init(Checker *c, Interner *in, TypeTable *tt, Diag *d, Scope *universe,
                  ModuleLoader loader, void *loader_ctx) {
    memset(c, 0, sizeof *c);
    c->in = in;
    c->tt = tt;
    c->diag = d;
    c->universe = universe;
    c->loader = loader;
    c->loader_ctx = loader_ctx;
    c->iota = -1;
    c->n_underscore = intern_cstr(in, "_");
    c->n_main = intern_cstr(in, "main");
    c->n_init = intern_cstr(in, "init");
    c->n_error = intern_cstr(in, "Error");
    c->n_string = intern_cstr(in, "String");
    c->n_iota = intern_cstr(in, "iota");
}

void push_scope(Checker *c) { c->scope = scope_new(c->scope, c->fn); }
void pop_scope(Checker *c) { c->scope = c->scope->parent; }

static void pkg_add_obj(Package *p, Object *o) {
    if (p->nobjs == p->capobjs) {
        p->capobjs = p->capobjs ? p->capobjs * 2 : 32;
        p->objs = GROW_ARRAY(Object *, p->objs, p->capobjs);
    }
    o->order = p->nobjs;
    p->objs[p->nobjs++] = o;
}

static void pkg_add_func(Package *p, FuncInfo *fi) {
    if (p->nfuncs == p->capfuncs) {
        p->capfuncs = p->capfuncs ? p->capfuncs * 2 : 32;
        p->funcs = GROW_ARRAY(FuncInfo *, p->funcs, p->capfuncs);
    }
    p->funcs[p->nfuncs++] = fi;
}

static void queue_body(Checker *c, FuncInfo *fi) {
    if (c->npending == c->cappending) {
        c->cappending = c->cappending ? c->cappending * 2 : 16;
        c->pending = GROW_ARRAY(FuncInfo *, c->pending, c->cappending);
    }
    c->pending[c->npending++] = fi;
}

void check_redeclared(Checker *c, Pos pos, const char *name, Object *old, const char *suffix) {
    if (old && old->pos.line > 0)
        check_error(c, pos, "%s redeclared%s\n\t%s:%d:%d: other declaration of %s", name, suffix, c->pkg->filename,
                    old->pos.line, old->pos.col, name);
    else
        check_error(c, pos, "%s redeclared%s", name, suffix);
}

void check_add_dep(Checker *c, Object *obj) {
    Object *d = c->decl_obj;
    if (!d || d == obj) return;
    for (int i = 0; i < d->ndeps; i++)
        if (d->deps[i] == obj) return;
    if (d->ndeps == d->capdeps) {
        d->capdeps = d->capdeps ? d->capdeps * 2 : 4;
        d->deps = GROW_ARRAY(Object *, d->deps, d->capdeps);
    }
    d->deps[d->ndeps++] = obj;
}

static void declare_pkg(Checker *c, Object *o) {
    if (o->name == c->n_underscore) {
        pkg_add_obj(c->pkg, o);
        return;
    }
    Object *old = scope_insert(c->pkg->scope, o);
    if (old) {
        check_redeclared(c, o->pos, o->name, old, " in this block");
        return;
    }
    pkg_add_obj(c->pkg, o);
}

static FuncInfo *funcinfo_new(Checker *c, Node *node, const char *qualname) {
    FuncInfo *fi = NEW(FuncInfo);
    fi->node = node;
    fi->qualname = qualname;
    fi->pkg = c->pkg;
    fi->outer_scope = c->pkg->scope;
    return fi;
}

/* ---- collection ---- */

bool check_is_script_path(const char *path) {
    size_t n = strlen(path);
    return path[0] == '/' || strncmp(path, "./", 2) == 0 || strncmp(path, "../", 3) == 0 ||
           (n > 4 && strcmp(path + n - 4, ".csp") == 0);
}

static void collect_import(Checker *c, Node *spec) {
    Node *p = spec->import.path;
    const char *path = gc_strndup(p->lit.str, (size_t)p->lit.len);
    if (!c->loader) return;
    Package *imp = c->loader(c->loader_ctx, path, p->pos, c->diag);
    if (!imp) {
        /* a script module's loader said why itself */
        if (!check_is_script_path(path)) check_error(c, p->pos, "package %s is not in std", path);
        return;
    }
    const char *name = spec->import.name ? spec->import.name->ident.name : intern_cstr(c->in, imp->name);
    if (name == c->n_underscore) return;
    if (name[0] == '.' && name[1] == 0) {
        check_error(c, spec->pos, "dot imports are not supported");
        return;
    }
    Object *o = object_new(OBJ_PKG, name, spec->pos, &t_invalid);
    o->pkg = imp;
    o->used = true;
    Object *old = scope_insert(c->pkg->scope, o);
    if (old && !(old->kind == OBJ_PKG && old->pkg == imp))
        check_redeclared(c, spec->pos, name, old, " in this block");
}

static void collect_consts(Checker *c, Node *gen) {
    Node *last = NULL; /* the last spec with values: implicit repetition */
    for (int i = 0; i < gen->gen.specs.n; i++) {
        Node *spec = gen->gen.specs.items[i];
        if (spec->vspec.values.n) last = spec;
        for (int j = 0; j < spec->vspec.names.n; j++) {
            Node *id = spec->vspec.names.items[j];
            Object *o = object_new(OBJ_CONST, id->ident.name, id->pos, NULL);
            o->state = RS_TODO;
            o->decl = spec;
            o->decl_index = j;
            o->init = last; /* spec whose type and values apply */
            o->pkg = c->pkg;
            id->ref = o;
            if (!last) check_error(c, id->pos, "missing init expr for const declaration");
            declare_pkg(c, o);
        }
    }
}

static void collect_vars(Checker *c, Node *gen) {
    for (int i = 0; i < gen->gen.specs.n; i++) {
        Node *spec = gen->gen.specs.items[i];
        for (int j = 0; j < spec->vspec.names.n; j++) {
            Node *id = spec->vspec.names.items[j];
            Object *o = object_new(OBJ_VAR, id->ident.name, id->pos, NULL);
            o->state = RS_TODO;
            o->is_global = true;
            o->decl = spec;
            o->decl_index = j;
            o->pkg = c->pkg;
            id->ref = o;
            declare_pkg(c, o);
        }
    }
}

static void collect_types(Checker *c, Node *gen) {
    for (int i = 0; i < gen->gen.specs.n; i++) {
        Node *spec = gen->gen.specs.items[i];
        Node *id = spec->tspec.name;
        Object *o = object_new(OBJ_TYPE, id->ident.name, id->pos, NULL);
        o->state = RS_TODO;
        o->decl = spec;
        o->pkg = c->pkg;
        o->ntparams = spec->tspec.tparams.n ? -1 : 0; /* counted at resolution */
        if (spec->tspec.tparams.n) {
            int n = 0;
            for (int k = 0; k < spec->tspec.tparams.n; k++) n += spec->tspec.tparams.items[k]->field.names.n;
            o->ntparams = n;
            o->tparams = &spec->tspec.tparams;
        }
        id->ref = o;
        declare_pkg(c, o);
    }
}

static const char *func_qualname(Checker *c, Node *fd) {
    return gc_sprintf("%s.%s", c->pkg->path, fd->fdecl.name->ident.name);
}

static void collect_func(Checker *c, Node *fd) {
    if (fd->fdecl.recv) {
        if (c->pkg->nmethods == c->pkg->capmethods) {
            c->pkg->capmethods = c->pkg->capmethods ? c->pkg->capmethods * 2 : 16;
            c->pkg->methods = GROW_ARRAY(Node *, c->pkg->methods, c->pkg->capmethods);
        }
        c->pkg->methods[c->pkg->nmethods++] = fd;
        return;
    }
    Node *id = fd->fdecl.name;
    Object *o = object_new(OBJ_FUNC, id->ident.name, id->pos, NULL);
    o->state = RS_TODO;
    o->decl = fd;
    o->pkg = c->pkg;
    o->qualname = func_qualname(c, fd);
    id->ref = o;
    int ntp = 0;
    for (int k = 0; k < fd->fdecl.type->ftype.tparams.n; k++)
        ntp += fd->fdecl.type->ftype.tparams.items[k]->field.names.n;
    if (ntp) {
        o->ntparams = ntp;
        o->tparams = &fd->fdecl.type->ftype.tparams;
    }
    if (id->ident.name == c->n_init && !ntp) {
        if (fd->fdecl.type->ftype.params.n || fd->fdecl.type->ftype.results.n)
            check_error(c, id->pos, "func init must have no arguments and no return values");
        Package *p = c->pkg;
        p->init_funcs = GROW_ARRAY(Object *, p->init_funcs, p->ninit_funcs + 1);
        p->init_funcs[p->ninit_funcs++] = o;
        o->qualname = gc_sprintf("%s.init.%d", p->path, p->ninit_funcs - 1);
        pkg_add_obj(p, o);
        return;
    }
    if (id->ident.name == c->n_main && c->pkg->is_std == false) {
        if (fd->fdecl.type->ftype.params.n || fd->fdecl.type->ftype.results.n)
            check_error(c, id->pos, "func main must have no arguments and no return values");
        c->pkg->main_func = o;
    }
    if (!fd->fdecl.body && !c->pkg->is_std) check_error(c, id->pos, "missing function body");
    declare_pkg(c, o);
}

/* A top-level `x, y := ...` in a script declares package variables (the
 * statement initialises them when it runs). */
static void collect_define(Checker *c, Node *as) {
    for (int j = 0; j < as->assign.lhs.n; j++) {
        Node *id = as->assign.lhs.items[j];
        if (id->kind != N_IDENT || id->ident.name == c->n_underscore) continue;
        if (scope_lookup_local(c->pkg->scope, id->ident.name)) continue; /* reassigned */
        Object *o = object_new(OBJ_VAR, id->ident.name, id->pos, NULL);
        o->state = RS_TODO;
        o->is_global = true;
        o->decl = as;
        o->decl_index = j;
        o->pkg = c->pkg;
        declare_pkg(c, o);
    }
}

static bool is_decl(Node *n) { return n->kind == N_GEN_DECL || n->kind == N_FUNC_DECL; }

static void collect(Checker *c, Node *file) {
    NodeList *items = &file->file.items;
    for (int i = 0; i < items->n; i++)
        if (!is_decl(items->items[i]) && items->items[i]->kind != N_EMPTY) c->pkg->is_script = true;
    for (int i = 0; i < items->n; i++) {
        Node *it = items->items[i];
        if (it->kind == N_GEN_DECL) {
            switch (it->gen.tok) {
            case T_IMPORT:
                for (int j = 0; j < it->gen.specs.n; j++) collect_import(c, it->gen.specs.items[j]);
                break;
            case T_CONST: collect_consts(c, it); break;
            case T_VAR: collect_vars(c, it); break;
            case T_TYPE: collect_types(c, it); break;
            }
        } else if (it->kind == N_FUNC_DECL) {
            collect_func(c, it);
        } else if (it->kind == N_ASSIGN && it->assign.op == T_DEFINE) {
            collect_define(c, it);
        }
    }
}

/* ---- resolution of package-level objects ---- */

static void resolve_const(Checker *c, Object *o) {
    Node *spec = o->init;
    if (!spec) {
        o->type = &t_invalid;
        return;
    }
    Type *t = spec->vspec.type ? check_typexpr(c, spec->vspec.type) : NULL;
    if (o->decl_index >= spec->vspec.values.n) {
        if (spec == o->decl) check_error(c, o->pos, "missing init expr for const declaration");
        else check_error(c, o->pos, "missing init expr for const declaration");
        o->type = &t_invalid;
        return;
    }
    Node *v = spec->vspec.values.items[o->decl_index];
    int saved = c->iota;
    c->iota = o->decl->vspec.iota;
    Object *saved_decl = c->decl_obj;
    c->decl_obj = o;
    check_expr(c, v, t);
    c->decl_obj = saved_decl;
    c->iota = saved;
    if (v->mode != M_CONST) {
        if (v->mode != M_NONE && v->type != &t_invalid)
            check_error(c, v->pos, "%s is not constant", operand_desc(v));
        o->type = &t_invalid;
        return;
    }
    if (t && t != &t_invalid) {
        if (t->under->kind > K_STRING && t->under->kind != K_BOOL) {
            check_error(c, spec->vspec.type->pos, "invalid constant type %s", tstr(t));
            o->type = &t_invalid;
            return;
        }
        check_assignable(c, v, t, "constant declaration");
    }
    o->type = v->type;
    o->cval = v->cval;
}

/* Resolves every variable of one `var a, b = f()` spec at once. */
static void resolve_var_spec(Checker *c, Object *o) {
    Node *spec = o->decl;
    Object *saved_decl = c->decl_obj;
    c->decl_obj = o;
    Type *t = spec->vspec.type ? check_typexpr(c, spec->vspec.type) : NULL;
    int nn = spec->vspec.names.n, nv = spec->vspec.values.n;
    if (nv == 0) {
        o->type = t ? t : &t_invalid;
    } else if (nv == nn) {
        Node *v = spec->vspec.values.items[o->decl_index];
        o->init = v;
        check_expr(c, v, t);
        if (t) check_assignable(c, v, t, "variable declaration");
        else check_default(c, v);
        o->type = t ? t : v->type;
        if (o->type == &t_untyped_nil) {
            check_error(c, v->pos, "use of untyped nil in variable declaration");
            o->type = &t_invalid;
        }
    } else if (nv == 1) {
        Node *v = spec->vspec.values.items[0];
        check_expr(c, v, NULL);
        Type *tt = v->type;
        if (tt->kind != K_TUPLE || tt->nparams != nn) {
            check_error(c, v->pos, "assignment mismatch: %d variables but %s returns %d value%s", nn,
                        expr_string(v), tt->kind == K_TUPLE ? tt->nparams : 1,
                        tt->kind == K_TUPLE && tt->nparams == 1 ? "" : "s");
        }
        for (int j = 0; j < nn; j++) {
            Object *oj = spec->vspec.names.items[j]->ref;
            if (!oj) continue;
            oj->init = v;
            oj->type = t ? t : (tt->kind == K_TUPLE && j < tt->nparams ? tt->params[j] : &t_invalid);
            oj->state = RS_DONE;
            if (oj != o) {
                oj->deps = o->deps; /* same initialiser */
                oj->ndeps = o->ndeps;
            }
        }
    } else {
        check_error(c, o->pos, "assignment mismatch: %d variable%s but %d value%s", nn, nn == 1 ? "" : "s",
                    nv, nv == 1 ? "" : "s");
        o->type = &t_invalid;
    }
    c->decl_obj = saved_decl;
}

/* A top-level `:=` variable: its type is that of its initialiser. */
static void resolve_define_var(Checker *c, Object *o) {
    Node *as = o->decl;
    Object *saved_decl = c->decl_obj;
    c->decl_obj = o;
    int nl = as->assign.lhs.n, nr = as->assign.rhs.n;
    if (nl == nr) {
        Node *v = as->assign.rhs.items[o->decl_index];
        check_expr(c, v, NULL);
        check_default(c, v);
        o->type = v->type == &t_untyped_nil ? &t_invalid : v->type;
        o->init = v;
    } else if (nr == 1) {
        Node *v = as->assign.rhs.items[0];
        check_expr(c, v, NULL);
        Type *tt = v->type;
        if (tt->kind == K_TUPLE && o->decl_index < tt->nparams) o->type = tt->params[o->decl_index];
        else if (v->flags & NF_COMMA_OK || v->mode == M_COMMAOK)
            o->type = o->decl_index == 0 ? v->type : &t_bool;
        else o->type = &t_invalid;
        o->init = v;
    } else {
        o->type = &t_invalid;
    }
    c->decl_obj = saved_decl;
}

static Scope *bind_tparams(Checker *c, NodeList *tparams, Type **targs, Scope *parent) {
    Scope *s = scope_new(parent, NULL);
    int k = 0;
    for (int i = 0; i < tparams->n; i++) {
        Node *f = tparams->items[i];
        for (int j = 0; j < f->field.names.n; j++, k++) {
            Node *id = f->field.names.items[j];
            Object *o = object_new(OBJ_TYPE, id->ident.name, id->pos, targs[k]);
            o->used = true;
            o->is_param = true; /* a type parameter bound to its argument */
            scope_insert(s, o);
        }
    }
    return s;
}

/* For a generic: makes its K_TYPEPARAM types (with their constraints). */
static void make_tptypes(Checker *c, Object *o, NodeList *tparams) {
    o->tptypes = NEW_ARRAY(Type *, o->ntparams);
    int k = 0;
    for (int i = 0; i < tparams->n; i++) {
        Node *f = tparams->items[i];
        for (int j = 0; j < f->field.names.n; j++, k++)
            o->tptypes[k] = type_new_typeparam(c->tt, f->field.names.items[j]->ident.name, k, &t_any);
    }
    /* constraints may mention the parameters themselves */
    Scope *saved = c->scope;
    c->scope = bind_tparams(c, tparams, o->tptypes, c->pkg->scope);
    k = 0;
    for (int i = 0; i < tparams->n; i++) {
        Node *f = tparams->items[i];
        Type *ct = check_typexpr(c, f->field.type);
        if (ct->ukind != K_INTERFACE && ct != &t_invalid) {
            /* a bare type or union as constraint: interface{ T } */
            Term term = {ct, false};
            ct = type_interface(c->tt, NULL, 0, &term, 1, false);
        }
        for (int j = 0; j < f->field.names.n; j++, k++) o->tptypes[k]->constraint = ct;
    }
    c->scope = saved;
}

static void attach_methods(Checker *c, Object *tobj);

static void resolve_type(Checker *c, Object *o) {
    Node *spec = o->decl;
    if (o->ntparams) { /* generic: instantiated on use */
        make_tptypes(c, o, o->tparams);
        o->type = NULL;
        return;
    }
    if (spec->tspec.alias) {
        o->type = check_typexpr(c, spec->tspec.type);
        return;
    }
    Type *named = type_new_named(c->tt, c->pkg->path, o->name);
    named->decl = o;
    o->type = named;
    Type *under = check_typexpr(c, spec->tspec.type);
    if (under->kind == K_NAMED && !under->complete) {
        check_cycle_error(c, under->decl ? (Object *)under->decl : o);
        under = &t_invalid;
    }
    type_set_underlying(named, under);
    o->state = RS_DONE;
    attach_methods(c, o);
}

static void resolve_func(Checker *c, Object *o) {
    Node *fd = o->decl;
    FuncInfo *fi = funcinfo_new(c, fd, o->qualname);
    fi->obj = o;
    fi->decl_obj = o;
    o->func = fi;
    Scope *saved = c->scope;
    c->scope = c->pkg->scope;
    if (o->ntparams) {
        make_tptypes(c, o, o->tparams);
        c->scope = bind_tparams(c, o->tparams, o->tptypes, c->pkg->scope);
        o->type = check_signature(c, fd->fdecl.type, NULL, NULL);
    } else {
        o->type = check_signature(c, fd->fdecl.type, NULL, fi);
        pkg_add_func(c->pkg, fi);
    }
    c->scope = saved;
}

/* ---- cycles ---- */

static void cycle_report(Checker *c, Object **cycle, int n, bool is_type) {
    int start = 0; /* Go starts at the object declared first */
    for (int i = 1; i < n; i++)
        if (cycle[i]->pos.line < cycle[start]->pos.line ||
            (cycle[i]->pos.line == cycle[start]->pos.line && cycle[i]->pos.col < cycle[start]->pos.col))
            start = i;
    for (int i = 0; i < n; i++) cycle[i]->cycle_reported = true;
    Object *o = cycle[start];
    if (n == 1) {
        check_error(c, o->pos, is_type ? "invalid recursive type: %s refers to itself"
                                       : "initialization cycle: %s refers to itself", o->name);
        return;
    }
    Buf b;
    buf_init(&b);
    buf_printf(&b, is_type ? "invalid recursive type %s" : "initialization cycle for %s", o->name);
    for (int i = 0; i < n; i++) {
        Object *a = cycle[(start + i) % n], *next = cycle[(start + i + 1) % n];
        buf_printf(&b, "\n\t%s:%d:%d: %s refers to %s", c->pkg->filename, a->pos.line, a->pos.col, a->name,
                   next->name);
    }
    check_error(c, o->pos, "%s", buf_cstr(&b));
}

void check_cycle_error(Checker *c, Object *o) {
    int at = c->nrstack - 1;
    while (at >= 0 && c->rstack[at] != o) at--;
    if (o->cycle_reported) return;
    if (at < 0) {
        cycle_report(c, &o, 1, o->kind == OBJ_TYPE);
        return;
    }
    cycle_report(c, c->rstack + at, c->nrstack - at, o->kind == OBJ_TYPE);
}

void check_note_incomplete(Checker *c, Type *t) {
    for (int i = 0; i < c->nincomplete; i++)
        if (c->incomplete[i] == t) return;
    if (c->nincomplete == c->capincomplete) {
        c->capincomplete = c->capincomplete ? c->capincomplete * 2 : 8;
        c->incomplete = GROW_ARRAY(Type *, c->incomplete, c->capincomplete);
    }
    c->incomplete[c->nincomplete++] = t;
}

/* Whether t contains target by value (through struct fields, array
 * elements and named types); the named types on the way are pushed on
 * path. depth guards against cycles not through target. */
static bool contains_value(Type *t, Type *target, Object **path, int *n, int depth) {
    if (depth > 100) return false;
    if (t->kind == K_NAMED) {
        if (t == target) return true;
        if (!t->complete || !t->decl) return false;
        path[(*n)++] = t->decl;
        if (contains_value(t->under, target, path, n, depth + 1)) return true;
        (*n)--;
        return false;
    }
    if (t->kind == K_ARRAY) return contains_value(t->elem, target, path, n, depth + 1);
    if (t->kind == K_STRUCT)
        for (int i = 0; i < t->nfields; i++)
            if (contains_value(t->fields[i].type, target, path, n, depth + 1)) return true;
    return false;
}

void check_incomplete_types(Checker *c) {
    int n = c->nincomplete;
    if (!n) return;
    Type **list = c->incomplete;
    c->incomplete = NULL;
    c->nincomplete = c->capincomplete = 0;
    Object *path[128];
    for (int i = 0; i < n; i++) {
        Type *t = list[i];
        Object *o = t->decl;
        int np = 1;
        path[0] = o;
        if (!t->complete || o->cycle_reported || !contains_value(t->under, t, path, &np, 0)) continue;
        cycle_report(c, path, np, true);
        type_set_underlying(t, &t_invalid); /* no cyclic value type survives */
    }
    /* types built while these were incomplete got their flags early */
    Package *p = c->pkg;
    Type **named = NEW_ARRAY(Type *, p->nobjs + n + 1);
    int nn = 0;
    for (int i = 0; i < p->nobjs; i++)
        if (p->objs[i]->kind == OBJ_TYPE && p->objs[i]->type && p->objs[i]->type->kind == K_NAMED)
            named[nn++] = p->objs[i]->type;
    for (int i = 0; i < n; i++) named[nn++] = list[i];
    type_refresh_flags(c->tt, named, nn);
    /* and methods promoted from them */
    for (int i = 0; i < nn; i++) check_complete_methods(c, named[i]);
}

static void rstack_push(Checker *c, Object *o) {
    if (c->nrstack == c->caprstack) {
        c->caprstack = c->caprstack ? c->caprstack * 2 : 16;
        c->rstack = GROW_ARRAY(Object *, c->rstack, c->caprstack);
    }
    c->rstack[c->nrstack++] = o;
}

void check_resolve(Checker *c, Object *o) {
    if (o->state == RS_DONE) return;
    if (o->state == RS_DOING) {
        if (o->kind == OBJ_TYPE && o->type) return; /* a named type referring to itself */
        if (o->kind == OBJ_FUNC) return;            /* recursion through signatures is fine */
        check_cycle_error(c, o);
        o->type = &t_invalid;
        o->state = RS_DONE;
        return;
    }
    o->state = RS_DOING;
    rstack_push(c, o);
    Scope *saved_scope = c->scope;
    FuncInfo *saved_fn = c->fn;
    int saved_iota = c->iota;
    c->scope = o->pkg && o->pkg->scope ? o->pkg->scope : c->pkg->scope;
    c->fn = NULL;
    switch (o->kind) {
    case OBJ_CONST: resolve_const(c, o); break;
    case OBJ_VAR:
        if (o->decl && o->decl->kind == N_ASSIGN) resolve_define_var(c, o);
        else resolve_var_spec(c, o);
        break;
    case OBJ_TYPE: resolve_type(c, o); break;
    case OBJ_FUNC: resolve_func(c, o); break;
    default: break;
    }
    c->scope = saved_scope;
    c->fn = saved_fn;
    c->iota = saved_iota;
    o->state = RS_DONE;
    c->nrstack--;
    if (!o->type && !(o->kind == OBJ_TYPE && o->ntparams)) o->type = &t_invalid;
    if (c->nrstack == 0) check_incomplete_types(c);
}

/* ---- methods ---- */

/* The receiver's base type name and its type-parameter names. */
static Node *recv_base(Node *recv, bool *ptr, NodeList **tpnames) {
    Node *t = recv->field.type;
    *ptr = false;
    *tpnames = NULL;
    if (t->kind == N_PAREN) t = t->un.x;
    if (t->kind == N_STAR) {
        *ptr = true;
        t = t->un.x;
    }
    if (t->kind == N_INDEX) {
        *tpnames = &t->index.indices;
        t = t->index.x;
    }
    return t->kind == N_IDENT ? t : NULL;
}

static const char *method_qualname(Checker *c, Type *base, bool ptr, const char *name) {
    const char *tn = base->ntargs ? gc_sprintf("%s[...]", base->name) : base->name;
    if (ptr) return gc_sprintf("%s.(*%s).%s", c->pkg->path, tn, name);
    return gc_sprintf("%s.%s.%s", c->pkg->path, tn, name);
}

/* Declares method fd on the defined type `base` (an instance of a generic
 * type when targs is set). */
static void declare_method(Checker *c, Node *fd, Type *base, Type **targs) {
    bool ptr;
    NodeList *tpnames;
    recv_base(fd->fdecl.recv, &ptr, &tpnames);
    const char *name = fd->fdecl.name->ident.name;
    Method *prev = type_method(base, name);
    if (prev && !prev->promoted) {
        Object *po = prev->decl;
        if (po)
            check_error(c, fd->fdecl.name->pos, "method %s.%s already declared at %s:%d:%d", base->name, name,
                        c->pkg->filename, po->pos.line, po->pos.col);
        else
            check_error(c, fd->fdecl.name->pos, "method %s.%s already declared", base->name, name);
        return;
    }
    if (base->under->kind == K_STRUCT && type_field_index(base, name) >= 0) {
        check_error(c, fd->fdecl.name->pos, "field and method with the same name %s", name);
        return;
    }
    if (base->ukind == K_POINTER || base->ukind == K_INTERFACE) {
        check_error(c, fd->fdecl.recv->pos, "invalid receiver type %s (pointer or interface type)", base->name);
        return;
    }
    if (targs) fd = ast_clone(fd);
    Object *o = object_new(OBJ_FUNC, name, fd->fdecl.name->pos, NULL);
    o->pkg = c->pkg;
    o->decl = fd;
    o->qualname = method_qualname(c, base, ptr, name);
    FuncInfo *fi = funcinfo_new(c, fd, o->qualname);
    fi->obj = o;
    fi->decl_obj = o;
    fi->is_method = true;
    o->func = fi;
    Scope *saved = c->scope;
    c->scope = c->pkg->scope;
    if (targs && tpnames) {
        Scope *s = scope_new(c->pkg->scope, NULL);
        for (int i = 0; i < tpnames->n && i < base->ntargs; i++) {
            Node *id = tpnames->items[i];
            if (id->kind != N_IDENT || id->ident.name == c->n_underscore) continue;
            Object *to = object_new(OBJ_TYPE, id->ident.name, id->pos, base->targs[i]);
            to->used = true;
            scope_insert(s, to);
        }
        c->scope = s;
        fi->outer_scope = s;
        /* the receiver expression Pair[K, V] is resolved to the instance */
        Node *rt = fd->fdecl.recv->field.type;
        if (rt->kind == N_STAR) rt = rt->un.x;
        rt->mode = M_TYPE;
        rt->type = base;
        rt->flags |= NF_USED;
    }
    Type *sig = check_signature(c, fd->fdecl.type, fd->fdecl.recv, fi);
    c->scope = saved;
    o->type = sig;
    Method *m = type_add_method(base, name, sig, ptr);
    m->decl = o;
    if (targs) queue_body(c, fi);
    else pkg_add_func(c->pkg, fi);
}

/* Does the receiver base name `name` denote the defined type of tobj,
 * directly or through aliases (type N2 = N; func (N2) M())? */
static bool names_type(Checker *c, const char *name, Object *tobj) {
    /* follow the alias declarations by name (resolving them here could
     * start a cycle): methods can only be declared on local defined types */
    for (int hops = 0; hops < 100; hops++) {
        if (name == tobj->name) return true;
        Object *a = scope_lookup_local(c->pkg->scope, name);
        if (!a || a->kind != OBJ_TYPE || !a->decl || a->decl->kind != N_TYPE_SPEC || !a->decl->tspec.alias) return false;
        Node *t = a->decl->tspec.type;
        while (t->kind == N_PAREN) t = t->un.x;
        if (t->kind != N_IDENT) return false;
        name = t->ident.name;
    }
    return false;
}

static void attach_methods(Checker *c, Object *tobj) {
    for (int i = 0; i < c->pkg->nmethods; i++) {
        Node *fd = c->pkg->methods[i];
        bool ptr;
        NodeList *tp;
        Node *b = recv_base(fd->fdecl.recv, &ptr, &tp);
        if (!b || !names_type(c, b->ident.name, tobj)) continue;
        if (tp && tp->n) {
            check_error(c, fd->fdecl.recv->pos, "%s is not a generic type", tobj->name);
            continue;
        }
        declare_method(c, fd, tobj->type, NULL);
    }
    check_complete_methods(c, tobj->type);
}

static void check_orphan_methods(Checker *c) {
    for (int i = 0; i < c->pkg->nmethods; i++) {
        Node *fd = c->pkg->methods[i];
        bool ptr;
        NodeList *tp;
        Node *b = recv_base(fd->fdecl.recv, &ptr, &tp);
        if (!b) {
            check_error(c, fd->fdecl.recv->pos, "invalid receiver type");
            continue;
        }
        Object *o = scope_lookup(c->pkg->scope, b->ident.name, NULL);
        if (!o) check_error(c, b->pos, "undefined: %s", b->ident.name);
        else if (o->kind != OBJ_TYPE) check_error(c, b->pos, "%s is not a type", b->ident.name);
        else if (o->pkg != c->pkg || !o->type || o->type->kind != K_NAMED) {
            if (!o->ntparams)
                check_error(c, b->pos, "cannot define new methods on non-local type %s", b->ident.name);
        }
    }
}

/* ---- generics ---- */

static bool same_targs(Type **a, Type **b, int n) {
    for (int i = 0; i < n; i++)
        if (a[i] != b[i]) return false;
    return true;
}

/* t with g's type parameters replaced by targs. */
static Type *subst(Checker *c, Type *t, Object *g, Type **targs, int depth);
Type *check_subst(Checker *c, Type *t, Object *g, Type **targs) { return subst(c, t, g, targs, 0); }

static Type *subst(Checker *c, Type *t, Object *g, Type **targs, int depth) {
    if (!t || !(t->flags & TF_GENERIC) || depth > 100) return t;
    TypeTable *tt = c->tt;
    switch (t->kind) {
    case K_TYPEPARAM:
        for (int i = 0; i < g->ntparams; i++)
            if (g->tptypes[i] == t) return targs[i];
        return t;
    case K_POINTER: return type_pointer(tt, subst(c, t->elem, g, targs, depth + 1));
    case K_SLICE: return type_slice(tt, subst(c, t->elem, g, targs, depth + 1));
    case K_ARRAY: return type_array(tt, subst(c, t->elem, g, targs, depth + 1), t->len);
    case K_CHAN: return type_chan(tt, subst(c, t->elem, g, targs, depth + 1), t->chandir);
    case K_MAP: return type_map(tt, subst(c, t->key, g, targs, depth + 1), subst(c, t->elem, g, targs, depth + 1));
    case K_FUNC: {
        Type **ps = NEW_ARRAY(Type *, t->nparams + 1), **rs = NEW_ARRAY(Type *, t->nresults + 1);
        for (int i = 0; i < t->nparams; i++) ps[i] = subst(c, t->params[i], g, targs, depth + 1);
        for (int i = 0; i < t->nresults; i++) rs[i] = subst(c, t->results[i], g, targs, depth + 1);
        return type_func(tt, ps, t->nparams, rs, t->nresults, t->variadic);
    }
    case K_STRUCT: {
        Field *fs = NEW_ARRAY(Field, t->nfields + 1);
        for (int i = 0; i < t->nfields; i++) {
            fs[i] = t->fields[i];
            fs[i].type = subst(c, t->fields[i].type, g, targs, depth + 1);
        }
        return type_struct(tt, fs, t->nfields);
    }
    case K_INTERFACE: {
        IMethod *ms = NEW_ARRAY(IMethod, t->nimethods + 1);
        Term *ts = NEW_ARRAY(Term, t->nterms + 1);
        for (int i = 0; i < t->nimethods; i++)
            ms[i] = (IMethod){t->imethods[i].name, subst(c, t->imethods[i].sig, g, targs, depth + 1)};
        for (int i = 0; i < t->nterms; i++)
            ts[i] = (Term){subst(c, t->terms[i].type, g, targs, depth + 1), t->terms[i].tilde};
        return type_interface(tt, ms, t->nimethods, ts, t->nterms, t->is_comparable_constraint);
    }
    case K_NAMED: {
        Object *inst = t->decl;
        if (!inst || !inst->generic) return t;
        Type **na = NEW_ARRAY(Type *, t->ntargs + 1);
        for (int i = 0; i < t->ntargs; i++) na[i] = subst(c, t->targs[i], g, targs, depth + 1);
        return check_instantiate_type(c, inst->generic, na, t->ntargs, (Pos){0, 0});
    }
    default: return t;
    }
}

/* A constraint as Go writes it: an unnamed interface of terms alone (an
 * implicit [T ~int | string]) prints as its terms. */
static const char *terms_string(Type *ct) {
    Buf b;
    buf_init(&b);
    for (int i = 0; i < ct->nterms; i++) {
        if (i) buf_puts(&b, " | ");
        if (ct->terms[i].tilde) buf_putc(&b, '~');
        buf_puts(&b, tstr(ct->terms[i].type));
    }
    return buf_cstr(&b);
}

const char *constraint_string(Type *ct) {
    if (ct->kind == K_NAMED || ct->nimethods || !ct->nterms) return tstr(ct);
    return terms_string(ct);
}

/* Whether t satisfies constraint ct; if not, *why is Go's whole message. */
static bool satisfies(Checker *c, Type *t, Type *ct, const char **why) {
    const char *cs = constraint_string(ct);
    Type *cu = ct->under;
    if (cu->nterms) {
        bool ok = false;
        Type *alt = NULL;
        for (int i = 0; i < cu->nterms; i++) {
            Term *tm = &cu->terms[i];
            if (tm->type == t || (tm->tilde && tm->type->under == t->under)) ok = true;
            else if (!tm->tilde && tm->type == tm->type->under && tm->type == t->under && !alt) alt = tm->type;
        }
        if (!ok) {
            const char *terms = terms_string(cu);
            *why = alt ? gc_sprintf("%s does not satisfy %s (possibly missing ~ for %s in %s)", tstr(t), cs,
                                    tstr(alt), cs)
                       : gc_sprintf("%s does not satisfy %s (%s missing in %s)", tstr(t), cs, tstr(t), terms);
            return false;
        }
    }
    const char *missing = NULL;
    bool ptr_only = false;
    if (cu->nimethods && !type_implements(t, ct, &missing, &ptr_only)) {
        *why = gc_sprintf("%s does not satisfy %s %s", tstr(t), cs, missing_cause(c, t, ct, missing, ptr_only));
        return false;
    }
    if (cu->is_comparable_constraint && !type_comparable(t)) {
        *why = gc_sprintf("%s does not satisfy comparable", tstr(t));
        return false;
    }
    return true;
}

static bool check_targs(Checker *c, Object *g, Type **targs, Pos pos) {
    for (int i = 0; i < g->ntparams; i++) {
        if (type_is_dyn(targs[i])) continue; /* check_generic_bodies' stand-ins */
        const char *why = NULL;
        Type *ct = subst(c, g->tptypes[i]->constraint, g, targs, 0);
        if (!satisfies(c, targs[i], ct, &why)) {
            check_error(c, pos, "%s", why);
            return false;
        }
    }
    return true;
}

static bool has_dyn_targ(Type **targs, int n);

/* "Pair[K,V]": a generic type named with its own type parameters. */
static const char *tparams_name(Object *g) {
    Buf b;
    buf_init(&b);
    buf_puts(&b, g->name);
    buf_putc(&b, '[');
    for (int i = 0, k = 0; g->tparams && i < g->tparams->n; i++) {
        Node *f = g->tparams->items[i];
        for (int j = 0; j < f->field.names.n; j++, k++) {
            if (k) buf_putc(&b, ',');
            buf_puts(&b, f->field.names.items[j]->ident.name);
        }
    }
    buf_putc(&b, ']');
    return buf_cstr(&b);
}

static const char *targs_suffix(Type **targs, int n) {
    Buf b;
    buf_init(&b);
    buf_putc(&b, '[');
    for (int i = 0; i < n; i++) {
        if (i) buf_putc(&b, ',');
        buf_puts(&b, type_string(targs[i]));
    }
    buf_putc(&b, ']');
    return buf_cstr(&b);
}

Object *check_instantiate_func(Checker *c, Object *g, Type **targs, int n, Pos pos) {
    check_resolve(c, g);
    if (n != g->ntparams) {
        check_error(c, pos, "got %d type arguments but want %d", n, g->ntparams);
        return NULL;
    }
    for (Instance *in = g->instances; in; in = in->next)
        if (same_targs(in->targs, targs, n)) return in->obj;
    if (!check_targs(c, g, targs, pos)) return NULL;
    Node *fd = ast_clone(g->decl);
    Object *o = object_new(OBJ_FUNC, g->name, g->pos, NULL);
    o->pkg = g->pkg;
    o->decl = fd;
    o->is_instance = true;
    o->generic = g;
    o->targs = NEW_ARRAY(Type *, n);
    memcpy(o->targs, targs, sizeof(Type *) * (size_t)n);
    o->ntargs = n;
    o->qualname = gc_sprintf("%s[...]", g->qualname);
    Instance *in = NEW(Instance);
    in->targs = o->targs;
    in->ntargs = n;
    in->obj = o;
    in->next = g->instances;
    g->instances = in;

    Package *saved_pkg = c->pkg;
    c->pkg = g->pkg;
    FuncInfo *fi = funcinfo_new(c, fd, o->qualname);
    fi->obj = o;
    fi->decl_obj = o;
    o->func = fi;
    Scope *s = bind_tparams(c, &fd->fdecl.type->ftype.tparams, o->targs, g->pkg->scope);
    fi->outer_scope = s;
    Scope *saved = c->scope;
    FuncInfo *saved_fn = c->fn;
    c->scope = s;
    c->fn = NULL;
    o->type = check_signature(c, fd->fdecl.type, NULL, fi);
    c->scope = saved;
    c->fn = saved_fn;
    c->pkg = saved_pkg;
    queue_body(c, fi);
    (void)targs_suffix;
    return o;
}

Type *check_instantiate_type(Checker *c, Object *g, Type **targs, int n, Pos pos) {
    check_resolve(c, g);
    if (n != g->ntparams) {
        check_error(c, pos, "%s type arguments for type %s: have %d, want %d", n < g->ntparams ? "not enough" : "too many",
                    g->name, n, g->ntparams);
        return &t_invalid;
    }
    for (Instance *in = g->instances; in; in = in->next)
        if (same_targs(in->targs, targs, n)) return in->obj->type;
    bool generic_args = false;
    for (int i = 0; i < n; i++)
        if (targs[i]->flags & TF_GENERIC) generic_args = true;
    if (!generic_args && !check_targs(c, g, targs, pos)) return &t_invalid;
    Package *saved_pkg = c->pkg;
    c->pkg = g->pkg;
    Type *named = type_new_named(c->tt, g->pkg->path, g->name);
    named->ntargs = n;
    named->targs = NEW_ARRAY(Type *, n);
    memcpy(named->targs, targs, sizeof(Type *) * (size_t)n);
    if (c->probing && has_dyn_targ(targs, n)) named->name = tparams_name(g); /* messages say Box[T] */
    Object *o = object_new(OBJ_TYPE, g->name, g->pos, named);
    o->pkg = g->pkg;
    o->is_instance = true;
    o->targs = named->targs;
    o->ntargs = n;
    o->generic = g;
    named->decl = o;
    named->origin = NULL;
    Instance *in = NEW(Instance);
    in->targs = named->targs;
    in->ntargs = n;
    in->obj = o;
    in->next = g->instances;
    g->instances = in;
    Node *spec = g->decl;
    Scope *saved = c->scope;
    c->scope = bind_tparams(c, &spec->tspec.tparams, named->targs, g->pkg->scope);
    Type *under = check_typexpr(c, spec->tspec.type);
    c->scope = saved;
    type_set_underlying(named, under);
    if (generic_args) named->flags |= TF_GENERIC;
    if (!generic_args) {
        for (int i = 0; i < c->pkg->nmethods; i++) {
            Node *fd = c->pkg->methods[i];
            bool ptr;
            NodeList *tp;
            Node *b = recv_base(fd->fdecl.recv, &ptr, &tp);
            if (b && b->ident.name == g->name) declare_method(c, fd, named, named->targs);
        }
        check_complete_methods(c, named);
    }
    c->pkg = saved_pkg;
    return named;
}

/* ---- bodies ---- */

static bool is_terminating(Checker *c, Node *s, const char *label);

static bool list_terminating(Checker *c, NodeList *l) {
    for (int i = l->n - 1; i >= 0; i--) {
        if (l->items[i]->kind == N_EMPTY) continue;
        return is_terminating(c, l->items[i], NULL);
    }
    return false;
}

/* Does any break inside s (not in a nested for/switch/select, unless
 * labeled) target s? */
static bool has_break(Node *s, const char *label, bool nested) {
    if (!s) return false;
    switch (s->kind) {
    case N_BRANCH:
        if (s->branch.tok != T_BREAK) return false;
        if (s->branch.label) return label && s->branch.label->ident.name == label;
        return !nested;
    case N_BLOCK:
        for (int i = 0; i < s->block.stmts.n; i++)
            if (has_break(s->block.stmts.items[i], label, nested)) return true;
        return false;
    case N_IF: return has_break(s->ifs.then, label, nested) || has_break(s->ifs.els, label, nested);
    case N_LABELED: return has_break(s->labeled.stmt, label, nested);
    case N_CASE:
        for (int i = 0; i < s->cas.body.n; i++)
            if (has_break(s->cas.body.items[i], label, nested)) return true;
        return false;
    case N_COMM:
        for (int i = 0; i < s->comm.body.n; i++)
            if (has_break(s->comm.body.items[i], label, nested)) return true;
        return false;
    case N_FOR: return has_break(s->fors.body, label, true);
    case N_RANGE: return has_break(s->range.body, label, true);
    case N_SWITCH: case N_TYPE_SWITCH:
        for (int i = 0; i < s->sw.body.n; i++)
            if (has_break(s->sw.body.items[i], label, true)) return true;
        return false;
    case N_SELECT:
        for (int i = 0; i < s->sel_stmt.body.n; i++)
            if (has_break(s->sel_stmt.body.items[i], label, true)) return true;
        return false;
    default: return false;
    }
}

static bool is_panic_call(Checker *c, Node *e) {
    if (e->kind != N_CALL || e->call.fn->kind != N_IDENT) return false;
    Object *o = e->call.fn->ref;
    return o && o->kind == OBJ_BUILTIN && o->builtin == B_PANIC;
}

static bool is_terminating(Checker *c, Node *s, const char *label) {
    switch (s->kind) {
    case N_RETURN: return true;
    case N_BRANCH: return s->branch.tok == T_GOTO;
    case N_EXPR_STMT: return is_panic_call(c, s->un.x);
    case N_BLOCK: return list_terminating(c, &s->block.stmts);
    case N_IF:
        return s->ifs.els && is_terminating(c, s->ifs.then, NULL) && is_terminating(c, s->ifs.els, NULL);
    case N_LABELED: return is_terminating(c, s->labeled.stmt, s->labeled.label->ident.name);
    case N_FOR:
        return !s->fors.cond && !has_break(s->fors.body, label, false);
    case N_SWITCH: case N_TYPE_SWITCH: {
        bool has_default = false;
        for (int i = 0; i < s->sw.body.n; i++) {
            Node *cl = s->sw.body.items[i];
            if (cl->cas.is_default) has_default = true;
            NodeList *b = &cl->cas.body;
            bool ft = b->n && b->items[b->n - 1]->kind == N_BRANCH &&
                      b->items[b->n - 1]->branch.tok == T_FALLTHROUGH;
            if (!ft && !list_terminating(c, b)) return false;
            for (int j = 0; j < b->n; j++)
                if (has_break(b->items[j], label, false)) return false;
        }
        return has_default;
    }
    case N_SELECT:
        for (int i = 0; i < s->sel_stmt.body.n; i++) {
            Node *cl = s->sel_stmt.body.items[i];
            if (!list_terminating(c, &cl->comm.body)) return false;
            for (int j = 0; j < cl->comm.body.n; j++)
                if (has_break(cl->comm.body.items[j], label, false)) return false;
        }
        return true;
    default: return false;
    }
}

void check_func_body(Checker *c, FuncInfo *fi, Node *body) {
    if (fi->body_checked) return;
    fi->body_checked = true;
    FuncInfo *saved_fn = c->fn;
    Scope *saved_scope = c->scope;
    Object *saved_decl = c->decl_obj;
    int saved_iota = c->iota;
    c->fn = fi;
    c->iota = -1;
    if (fi->decl_obj) c->decl_obj = fi->decl_obj;
    c->scope = scope_new(fi->outer ? saved_scope : fi->outer_scope, fi);
    c->scope->is_func = true;
    if (fi->recv && fi->recv->name != c->n_underscore) scope_insert(c->scope, fi->recv);
    for (int i = 0; i < fi->nparams; i++) {
        Object *p = fi->params[i];
        if (p->name != c->n_underscore && scope_insert(c->scope, p))
            check_error(c, p->pos, "duplicate argument %s", p->name);
    }
    if (fi->named_results) {
        for (int i = 0; i < fi->nresults; i++) {
            Object *r = fi->results[i];
            if (r->name != c->n_underscore && scope_insert(c->scope, r))
                check_error(c, r->pos, "duplicate argument %s", r->name);
        }
    }
    if (fi->recv) fi->recv->owner = fi;
    check_labels(c, &body->block.stmts);
    check_stmts(c, &body->block.stmts);
    if (fi->nresults && !fi->dyn_results && !list_terminating(c, &body->block.stmts))
        check_error(c, body->block.rbrace, "missing return");
    c->fn = saved_fn;
    c->scope = saved_scope;
    c->decl_obj = saved_decl;
    c->iota = saved_iota;
}

static bool has_dyn_targ(Type **targs, int n) {
    for (int i = 0; i < n; i++)
        if (type_is_dyn(targs[i])) return true;
    return false;
}

/* A function checked only for check_generic_bodies: nothing calls it. */
static bool probe_only(FuncInfo *fi) {
    if (fi->obj && fi->obj->is_instance && has_dyn_targ(fi->obj->targs, fi->obj->ntargs)) return true;
    if (!fi->recv || !fi->recv->type) return false;
    Type *rt = fi->recv->type;
    if (rt->kind == K_POINTER) rt = rt->elem;
    return has_dyn_targ(rt->targs, rt->ntargs);
}

static void check_pending(Checker *c) {
    for (int i = 0; i < c->npending; i++) {
        FuncInfo *fi = c->pending[i];
        Package *saved = c->pkg;
        c->pkg = fi->pkg;
        Node *body = fi->node->fdecl.body;
        if (body) check_func_body(c, fi, body);
        /* an instance of another (already compiled) module's generic is
         * compiled with the package that instantiated it */
        if (!probe_only(fi)) pkg_add_func(saved && saved != fi->pkg ? saved : fi->pkg, fi);
        c->pkg = saved;
    }
    c->npending = 0;
}

/* ---- initialisation order (Go spec "Package initialization") ---- */

static bool depends_on(Object *o, Object *target, Object **stack, int depth, int *mark, int epoch) {
    if (depth > 100000) return false;
    for (int i = 0; i < o->ndeps; i++) {
        Object *d = o->deps[i];
        if (d == target) return true;
        if (mark[d->order] == epoch) continue;
        mark[d->order] = epoch;
        if (d->kind == OBJ_FUNC && depends_on(d, target, stack, depth + 1, mark, epoch)) return true;
    }
    return false;
}

/* The uninitialised package variables o depends on, through functions. */
static bool ready(Package *p, Object *o, bool *done, int *mark, int *epoch) {
    for (int i = 0; i < p->nobjs; i++) {
        Object *v = p->objs[i];
        if (v->kind != OBJ_VAR || done[i] || v == o) continue;
        ++*epoch;
        if (depends_on(o, v, NULL, 0, mark, *epoch)) return false;
    }
    return true;
}

/* Go's findPath: a dependency path from `from` back to `to`, reversed
 * (to first); n is its length, 0 if there is none. */
static int find_path(Object *from, Object *to, Object **path, int depth, int *mark, int epoch) {
    if (depth > 10000 || mark[from->order] == epoch) return 0;
    mark[from->order] = epoch;
    for (int i = 0; i < from->ndeps; i++) {
        Object *d = from->deps[i];
        if (d->kind != OBJ_VAR && d->kind != OBJ_FUNC && d->kind != OBJ_CONST) continue;
        if (d == to) {
            path[0] = d;
            return 1;
        }
        int n = find_path(d, to, path, depth + 1, mark, epoch);
        if (n) {
            path[n] = d;
            return n + 1;
        }
    }
    return 0;
}

/* Reports each initialization cycle through functions once (cycles of
 * variables alone were reported while resolving them). */
static void init_cycles(Checker *c, int *mark, int *epoch) {
    Package *p = c->pkg;
    Object **path = NEW_ARRAY(Object *, p->nobjs + 1);
    for (int i = 0; i < p->nobjs; i++) {
        Object *v = p->objs[i];
        if (v->kind != OBJ_VAR || v->cycle_reported) continue;
        ++*epoch;
        int n = find_path(v, v, path, 0, mark, *epoch);
        if (!n) continue;
        /* path is v, d_{n-1}, ..., d_1 reversed: put it in dependency order */
        Object **cyc = NEW_ARRAY(Object *, n);
        cyc[0] = v;
        for (int k = 1; k < n; k++) cyc[k] = path[n - k];
        cycle_report(c, cyc, n, false);
    }
}

static void init_order(Checker *c) {
    Package *p = c->pkg;
    int n = p->nobjs;
    bool *done = NEW_ARRAY(bool, n);
    int *mark = NEW_ARRAY(int, n + 1);
    int epoch = 0;
    init_cycles(c, mark, &epoch);
    p->init_order = NEW_ARRAY(Object *, n + 1);
    int nvars = 0;
    for (int i = 0; i < n; i++)
        if (p->objs[i]->kind == OBJ_VAR) nvars++;
    /* method and instance objects are not in objs: give them order slots */
    while (p->ninit < nvars) {
        int pick = -1;
        for (int i = 0; i < n; i++) {
            Object *v = p->objs[i];
            if (v->kind != OBJ_VAR || done[i]) continue;
            if (ready(p, v, done, mark, &epoch)) {
                pick = i;
                break;
            }
        }
        if (pick < 0) { /* a cycle: report once, keep declaration order */
            for (int i = 0; i < n; i++) {
                Object *v = p->objs[i];
                if (v->kind == OBJ_VAR && !done[i]) {
                    if (!v->cycle_reported) check_error(c, v->pos, "initialization cycle for %s", v->name);
                    pick = i;
                    break;
                }
            }
        }
        done[pick] = true;
        /* variables of one multi-value spec initialise together */
        Object *v = p->objs[pick];
        p->init_order[p->ninit++] = v;
    }
}

/* Gives every object that can appear in a dependency list an order slot
 * within mark[] bounds (methods and instances are not package objects). */
static void number_objects(Package *p) {
    for (int i = 0; i < p->nobjs; i++) p->objs[i]->order = i;
    for (int i = 0; i < p->nfuncs; i++) {
        Object *o = p->funcs[i]->decl_obj;
        if (o && (o->order >= p->nobjs || p->objs[o->order] != o)) {
            pkg_add_obj(p, o); /* appended with a fresh order */
        }
    }
}

/* ---- the package ---- */

static FuncInfo *script_func(Checker *c, Node *file) {
    FuncInfo *fi = funcinfo_new(c, file, gc_sprintf("%s.script", c->pkg->path));
    fi->sig = type_func(c->tt, NULL, 0, NULL, 0, false);
    return fi;
}

static void check_script_body(Checker *c, Node *file) {
    FuncInfo *fi = c->pkg->script;
    c->fn = fi;
    c->scope = scope_new(c->pkg->scope, fi);
    c->scope->is_func = true;
    NodeList *items = &file->file.items;
    check_labels(c, items);
    for (int i = 0; i < items->n; i++) {
        Node *it = items->items[i];
        if (it->kind == N_FUNC_DECL) continue;
        if (it->kind == N_GEN_DECL) {
            if (it->gen.tok == T_VAR) {
                for (int j = 0; j < it->gen.specs.n; j++) {
                    Node *spec = it->gen.specs.items[j];
                    for (int k = 0; k < spec->vspec.names.n; k++) {
                        Object *o = spec->vspec.names.items[k]->ref;
                        if (o) check_resolve(c, o);
                    }
                }
            }
            continue;
        }
        check_stmt(c, it);
    }
    c->fn = NULL;
    c->scope = c->pkg->scope;
}

/* Go checks a generic body once, against its constraints; csp checks it
 * per instantiation. So that the errors Go reports there (an undefined
 * name, a wrong call, an operation T's constraint does not allow) are
 * reported even for a generic that is never used or whose instances are
 * all fine, each one is also checked once with stand-ins for its type
 * parameters: dynamic types that keep the parameter's name and constraint
 * (check_tparam.c). These instances are never compiled. */
static void check_generic_bodies(Checker *c) {
    Package *p = c->pkg;
    int n = p->nobjs;
    check_set_probing(c, true);
    for (int i = 0; i < n; i++) {
        Object *g = p->objs[i];
        if (!g->ntparams || g->is_instance || g->ntparams < 0) continue;
        if (g->kind != OBJ_FUNC && g->kind != OBJ_TYPE) continue;
        Type **dyns = NEW_ARRAY(Type *, g->ntparams);
        for (int k = 0; k < g->ntparams; k++) dyns[k] = type_new_standin(c->tt, g->tptypes[k]);
        if (g->kind == OBJ_FUNC) check_instantiate_func(c, g, dyns, g->ntparams, g->pos);
        else check_instantiate_type(c, g, dyns, g->ntparams, g->pos);
        check_pending(c);
    }
    check_set_probing(c, false);
}

/* ---- spelling of byte, rune and any in messages ---- */

void check_note_spelling(Checker *c, Object *o) {
    /* only the universe's names of the three types concerned */
    if (o->pkg || !c->pkg || (o->type != &t_uint8 && o->type != &t_int32 && o->type != &t_any)) return;
    static const char *const names[] = {"byte", "uint8", "rune", "int32", "any"};
    for (int i = 0; i < SPELL_EMPTY; i++)
        if (strcmp(o->name, names[i]) == 0) c->pkg->spell_uses[i]++;
}

/* Replaces the markers of type_string_go in the messages from index `from`
 * on. A package that names a type one way only gets that name; otherwise
 * Go's usual one (byte, rune, any: what untyped rune constants, the
 * standard library and modern code say). */
static void spell_messages(Checker *c, int from) {
    const int *u = c->pkg->spell_uses;
    const char *uint8 = u[SPELL_UINT8] && !u[SPELL_BYTE] ? "uint8" : "byte";
    const char *int32 = u[SPELL_INT32] && !u[SPELL_RUNE] ? "int32" : "rune";
    const char *empty = u[SPELL_EMPTY] && !u[SPELL_ANY] ? "interface{}" : "any";
    for (int i = from; i < c->diag->n; i++) {
        char *m = c->diag->msgs[i].msg;
        if (!strpbrk(m, "\x01\x02\x03")) continue;
        Buf b;
        buf_init(&b);
        for (const char *p = m; *p; p++) {
            if (*p == SPELL_MARK_UINT8) buf_puts(&b, uint8);
            else if (*p == SPELL_MARK_INT32) buf_puts(&b, int32);
            else if (*p == SPELL_MARK_EMPTY) buf_puts(&b, empty);
            else buf_putc(&b, *p);
        }
        c->diag->msgs[i].msg = (char *)buf_cstr(&b);
    }
}

Package *check_package(Checker *c, Node *file, const char *path, const char *filename, bool is_std) {
    int first_msg = c->diag->n;
    Package *p = NEW(Package);
    p->path = path;
    const char *slash = strrchr(path, '/');
    p->name = slash ? slash + 1 : path;
    p->scope = scope_new(c->outer ? c->outer : c->universe, NULL);
    p->scope->is_pkg = true;
    p->file = file;
    p->filename = filename;
    p->is_std = is_std;
    Package *saved = c->pkg;
    c->pkg = p;
    c->scope = p->scope;
    collect(c, file);
    if (p->is_script) p->script = script_func(c, file);
    for (int i = 0; i < p->nobjs; i++) {
        Object *o = p->objs[i];
        if (!(p->is_script && o->kind == OBJ_VAR)) check_resolve(c, o);
    }
    for (int i = 0; i < p->ninit_funcs; i++) check_resolve(c, p->init_funcs[i]);
    check_orphan_methods(c);
    if (p->is_script) check_script_body(c, file);
    for (int i = 0; i < p->nobjs; i++) check_resolve(c, p->objs[i]);
    /* function bodies: package funcs and methods (generic instances queue
     * more as they are found) */
    for (int i = 0; i < p->nfuncs; i++) {
        FuncInfo *fi = p->funcs[i];
        Node *body = fi->node->fdecl.body;
        if (body) check_func_body(c, fi, body);
        check_pending(c);
    }
    check_pending(c);
    if (!is_std) check_generic_bodies(c);
    /* a Go program (it says `package main`) needs func main; a file of
     * declarations without a package clause is a script that does nothing */
    if (!p->is_script && !is_std && !p->main_func && strcmp(path, "main") == 0 && file->file.pkg)
        check_error(c, (Pos){1, 1}, "function main is undeclared in the main package");
    number_objects(p);
    if (!p->is_script) init_order(c);
    spell_messages(c, first_msg);
    c->pkg = saved;
    c->scope = saved ? saved->scope : NULL;
    return p;
}
