/* scope.c: lexical scopes (hash tables keyed by interned names, so a function
 * with 65,535 locals stays linear) and the universe scope: predeclared types,
 * constants, nil and the builtin functions. */
#include "check.h"

Object *object_new(int kind, const char *name, Pos pos, Type *type) {
    Object *o = NEW(Object);
    o->kind = (uint8_t)kind;
    o->name = name;
    o->pos = pos;
    o->type = type;
    o->reg = -1;
    o->state = RS_DONE;
    return o;
}

Scope *scope_new(Scope *parent, FuncInfo *fn) {
    Scope *s = NEW(Scope);
    s->parent = parent;
    s->func = fn;
    return s;
}

static unsigned slot_of(const char *name, int cap) {
    uintptr_t h = (uintptr_t)name;
    h = (h >> 4) * 0x9E3779B97F4A7C15ull;
    return (unsigned)(h >> 32) & (unsigned)(cap - 1);
}

Object *scope_lookup_local(Scope *s, const char *name) {
    if (!s->cap) return NULL;
    for (unsigned j = slot_of(name, s->cap);; j = (j + 1) & (unsigned)(s->cap - 1)) {
        Object *o = s->slots[j];
        if (!o) return NULL;
        if (o->name == name) return o;
    }
}

Object *scope_lookup(Scope *s, const char *name, Scope **found_in) {
    for (; s; s = s->parent) {
        Object *o = scope_lookup_local(s, name);
        if (o) {
            if (found_in) *found_in = s;
            return o;
        }
    }
    return NULL;
}

static void scope_grow(Scope *s) {
    int ncap = s->cap ? s->cap * 2 : 8;
    Object **ns = NEW_ARRAY(Object *, ncap);
    for (int i = 0; i < s->cap; i++) {
        Object *o = s->slots[i];
        if (!o) continue;
        unsigned j = slot_of(o->name, ncap);
        while (ns[j]) j = (j + 1) & (unsigned)(ncap - 1);
        ns[j] = o;
    }
    s->slots = ns;
    s->cap = ncap;
}

Object *scope_insert(Scope *s, Object *obj) {
    Object *old = scope_lookup_local(s, obj->name);
    if (old) return old;
    if ((s->count + 1) * 4 > s->cap * 3) scope_grow(s);
    unsigned j = slot_of(obj->name, s->cap);
    while (s->slots[j]) j = (j + 1) & (unsigned)(s->cap - 1);
    s->slots[j] = obj;
    s->count++;
    return NULL;
}

static void add(Scope *u, Interner *in, int kind, const char *name, Type *t) {
    Object *o = object_new(kind, intern_cstr(in, name), (Pos){0, 0}, t);
    scope_insert(u, o);
}

static void add_builtin(Scope *u, Interner *in, const char *name, int id) {
    Object *o = object_new(OBJ_BUILTIN, intern_cstr(in, name), (Pos){0, 0}, &t_invalid);
    o->builtin = id;
    scope_insert(u, o);
}

Scope *universe_new(Interner *in) {
    Scope *u = scope_new(NULL, NULL);
    static const struct { const char *name; Type *t; } types[] = {
        {"bool", &t_bool}, {"int", &t_int}, {"int8", &t_int8}, {"int16", &t_int16},
        {"int32", &t_int32}, {"rune", &t_int32}, {"int64", &t_int64}, {"uint", &t_uint},
        {"uint8", &t_uint8}, {"byte", &t_uint8}, {"uint16", &t_uint16},
        {"uint32", &t_uint32}, {"uint64", &t_uint64}, {"uintptr", &t_uintptr},
        {"float32", &t_float32}, {"float64", &t_float64}, {"string", &t_string},
        {"error", &t_error}, {"any", &t_any}, {"comparable", &t_comparable},
    };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        add(u, in, OBJ_TYPE, types[i].name, types[i].t);

    Object *t = object_new(OBJ_CONST, intern_cstr(in, "true"), (Pos){0, 0}, &t_untyped_bool);
    t->cval = const_bool(true);
    scope_insert(u, t);
    Object *f = object_new(OBJ_CONST, intern_cstr(in, "false"), (Pos){0, 0}, &t_untyped_bool);
    f->cval = const_bool(false);
    scope_insert(u, f);
    /* iota's value is the checker's current iota: see check_ident */
    add(u, in, OBJ_CONST, "iota", &t_untyped_int);
    add(u, in, OBJ_NIL, "nil", &t_untyped_nil);

    static const struct { const char *name; int id; } builtins[] = {
        {"append", B_APPEND}, {"cap", B_CAP}, {"clear", B_CLEAR}, {"close", B_CLOSE},
        {"copy", B_COPY}, {"delete", B_DELETE}, {"len", B_LEN}, {"make", B_MAKE},
        {"max", B_MAX}, {"min", B_MIN}, {"new", B_NEW}, {"panic", B_PANIC},
        {"print", B_PRINT}, {"println", B_PRINTLN}, {"recover", B_RECOVER},
        {"complex", B_COMPLEX}, {"real", B_REAL}, {"imag", B_IMAG},
    };
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++)
        add_builtin(u, in, builtins[i].name, builtins[i].id);
    return u;
}
