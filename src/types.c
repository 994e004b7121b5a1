/* types.c: predeclared types, the canonical type table (hash-consing of
 * composite types, so identity is pointer equality), type strings, method and
 * field lookup, interface satisfaction. Checking rules live in check*.c. */
#include "types.h"
#include "intern.h"
#include <pthread.h>
#include <stdlib.h>

/* ---- predeclared types ---- */

#define BASIC(var, k, r, fl, nm)                                                   \
    Type var = {.kind = k, .ukind = k, .rep = r, .flags = fl, .id = k,           \
                .under = &var, .name = nm, .str = nm, .complete = true}

#define CMP (TF_COMPARABLE | TF_HASHABLE)
BASIC(t_invalid, K_INVALID, REP_INT, 0, "invalid type");
BASIC(t_bool, K_BOOL, REP_INT, CMP, "bool");
BASIC(t_int, K_INT, REP_INT, CMP, "int");
BASIC(t_int8, K_INT8, REP_INT, CMP, "int8");
BASIC(t_int16, K_INT16, REP_INT, CMP, "int16");
BASIC(t_int32, K_INT32, REP_INT, CMP, "int32");
BASIC(t_int64, K_INT64, REP_INT, CMP, "int64");
BASIC(t_uint, K_UINT, REP_INT, CMP, "uint");
BASIC(t_uint8, K_UINT8, REP_INT, CMP, "uint8");
BASIC(t_uint16, K_UINT16, REP_INT, CMP, "uint16");
BASIC(t_uint32, K_UINT32, REP_INT, CMP, "uint32");
BASIC(t_uint64, K_UINT64, REP_INT, CMP, "uint64");
BASIC(t_uintptr, K_UINTPTR, REP_INT, CMP, "uintptr");
BASIC(t_float32, K_FLOAT32, REP_FLOAT, CMP, "float32");
BASIC(t_float64, K_FLOAT64, REP_FLOAT, CMP, "float64");
BASIC(t_string, K_STRING, REP_REF, CMP, "string");
BASIC(t_unsafeptr, K_UNSAFEPTR, REP_REF, CMP, "unsafe.Pointer");
BASIC(t_untyped_bool, K_UNTYPED_BOOL, REP_INT, CMP, "untyped bool");
BASIC(t_untyped_int, K_UNTYPED_INT, REP_INT, CMP, "untyped int");
BASIC(t_untyped_rune, K_UNTYPED_RUNE, REP_INT, CMP, "untyped rune");
BASIC(t_untyped_float, K_UNTYPED_FLOAT, REP_FLOAT, CMP, "untyped float");
BASIC(t_untyped_string, K_UNTYPED_STRING, REP_REF, CMP, "untyped string");
BASIC(t_untyped_nil, K_UNTYPED_NIL, REP_DYN, CMP, "untyped nil");
BASIC(t_dyn, K_DYN, REP_DYN, TF_COMPARABLE, "interface {}");

/* Names the predeclared types use, laid out as interned names are (length
 * word before the bytes) so that interner_new can seed them and every VM's
 * interned "Error" is this very pointer. */
#define STATIC_NAME(id, text)                                                      \
    static const struct {                                                          \
        size_t len;                                                                \
        char s[sizeof(text)];                                                      \
    } id = {sizeof(text) - 1, text}
STATIC_NAME(name_Error, "Error");

const char *const types_static_names[] = {name_Error.s, NULL};

Type t_any = {.kind = K_INTERFACE, .ukind = K_INTERFACE, .rep = REP_DYN,
              .flags = TF_COMPARABLE, .id = K_NKINDS + 1, .under = &t_any,
              .str = "interface {}", .complete = true};

Type t_comparable = {.kind = K_INTERFACE, .ukind = K_INTERFACE, .rep = REP_DYN,
                     .flags = TF_COMPARABLE, .id = K_NKINDS + 2, .under = &t_comparable,
                     .str = "comparable", .name = "comparable",
                     .is_comparable_constraint = true, .complete = true};

static Type *func_string_results[] = {&t_string};
Type t_func_string = {.kind = K_FUNC, .ukind = K_FUNC, .rep = REP_REF, .id = K_NKINDS + 3,
                      .under = &t_func_string, .nresults = 1,
                      .results = func_string_results, .str = "func() string",
                      .complete = true};

static IMethod error_methods[] = {{name_Error.s, &t_func_string}};
static Type t_error_iface = {.kind = K_INTERFACE, .ukind = K_INTERFACE, .rep = REP_DYN,
                             .flags = TF_COMPARABLE, .id = K_NKINDS + 4,
                             .under = &t_error_iface, .nimethods = 1,
                             .imethods = error_methods,
                             .str = "interface { Error() string }", .complete = true};
Type t_error = {.kind = K_NAMED, .ukind = K_INTERFACE, .rep = REP_DYN,
                .flags = TF_COMPARABLE | TF_ERROR_IFACE, .id = K_NKINDS + 5,
                .under = &t_error_iface, .nimethods = 1, .imethods = error_methods,
                .name = "error", .str = "error", .complete = true};

#define STATIC_SLICE(var, el, id_, s)                                              \
    Type var = {.kind = K_SLICE, .ukind = K_SLICE, .rep = REP_REF, .id = id_,    \
                .under = &var, .elem = el, .str = s, .complete = true}
STATIC_SLICE(t_slice_any, &t_any, K_NKINDS + 6, "[]interface {}");
STATIC_SLICE(t_slice_string, &t_string, K_NKINDS + 7, "[]string");
STATIC_SLICE(t_slice_byte, &t_uint8, K_NKINDS + 8, "[]uint8");
STATIC_SLICE(t_slice_int, &t_int, K_NKINDS + 9, "[]int");
#define FIRST_DYNAMIC_ID (K_NKINDS + 100)

static Type *const basic_by_kind[K_NKINDS] = {
    [K_INVALID] = &t_invalid, [K_BOOL] = &t_bool, [K_INT] = &t_int,
    [K_INT8] = &t_int8, [K_INT16] = &t_int16, [K_INT32] = &t_int32,
    [K_INT64] = &t_int64, [K_UINT] = &t_uint, [K_UINT8] = &t_uint8,
    [K_UINT16] = &t_uint16, [K_UINT32] = &t_uint32, [K_UINT64] = &t_uint64,
    [K_UINTPTR] = &t_uintptr, [K_FLOAT32] = &t_float32, [K_FLOAT64] = &t_float64,
    [K_STRING] = &t_string, [K_UNSAFEPTR] = &t_unsafeptr,
    [K_UNTYPED_BOOL] = &t_untyped_bool, [K_UNTYPED_INT] = &t_untyped_int,
    [K_UNTYPED_RUNE] = &t_untyped_rune, [K_UNTYPED_FLOAT] = &t_untyped_float,
    [K_UNTYPED_STRING] = &t_untyped_string, [K_UNTYPED_NIL] = &t_untyped_nil,
    [K_DYN] = &t_dyn,
};

Type *type_basic(TypeKind k) {
    return (unsigned)k < K_NKINDS && basic_by_kind[k] ? basic_by_kind[k] : &t_invalid;
}

int kind_bits(int k) {
    switch (k) {
    case K_INT8: case K_UINT8: return 8;
    case K_INT16: case K_UINT16: return 16;
    case K_INT32: case K_UINT32: case K_FLOAT32: return 32;
    default: return 64;
    }
}

/* ---- the canonical table ---- */

struct TypeTable {
    pthread_mutex_t lock;
    Type **slots;
    size_t cap, count;
    uint32_t next_id;
};

static void typetab_insert(TypeTable *tt, Type *t);

TypeTable *typetab_new(void) {
    TypeTable *tt = NEW(TypeTable);
    pthread_mutex_init(&tt->lock, NULL);
    tt->cap = 256;
    tt->slots = NEW_ARRAY(Type *, tt->cap);
    tt->next_id = FIRST_DYNAMIC_ID;
    /* the static composite types must be found, not duplicated */
    Type *statics[] = {&t_func_string, &t_slice_any, &t_slice_string, &t_slice_byte,
                       &t_slice_int, &t_any};
    for (size_t i = 0; i < sizeof statics / sizeof *statics; i++) typetab_insert(tt, statics[i]);
    return tt;
}

static uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

static uint64_t hash_ptr(const void *p) { return (uint64_t)(uintptr_t)p >> 4; }

static uint64_t type_hash(const Type *t) {
    uint64_t h = mix(t->kind, t->chandir | ((uint64_t)t->variadic << 8));
    h = mix(h, hash_ptr(t->elem));
    h = mix(h, hash_ptr(t->key));
    h = mix(h, (uint64_t)t->len);
    for (int i = 0; i < t->nparams; i++) h = mix(h, hash_ptr(t->params[i]));
    h = mix(h, 0x55);
    for (int i = 0; i < t->nresults; i++) h = mix(h, hash_ptr(t->results[i]));
    for (int i = 0; i < t->nfields; i++) {
        h = mix(h, hash_ptr(t->fields[i].name));
        h = mix(h, hash_ptr(t->fields[i].type));
    }
    for (int i = 0; i < t->nimethods; i++) {
        h = mix(h, hash_ptr(t->imethods[i].name));
        h = mix(h, hash_ptr(t->imethods[i].sig));
    }
    for (int i = 0; i < t->nterms; i++) h = mix(h, hash_ptr(t->terms[i].type) + t->terms[i].tilde);
    return h;
}

static bool str_eq_opt(const char *a, const char *b) {
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_shape(const Type *a, const Type *b) {
    if (a->kind != b->kind || a->chandir != b->chandir || a->variadic != b->variadic ||
        a->elem != b->elem || a->key != b->key || a->len != b->len ||
        a->nparams != b->nparams || a->nresults != b->nresults || a->nfields != b->nfields ||
        a->nimethods != b->nimethods || a->nterms != b->nterms ||
        a->is_comparable_constraint != b->is_comparable_constraint)
        return false;
    for (int i = 0; i < a->nparams; i++)
        if (a->params[i] != b->params[i]) return false;
    for (int i = 0; i < a->nresults; i++)
        if (a->results[i] != b->results[i]) return false;
    for (int i = 0; i < a->nfields; i++) {
        const Field *x = &a->fields[i], *y = &b->fields[i];
        if (x->name != y->name || x->type != y->type || x->embedded != y->embedded ||
            !str_eq_opt(x->tag, y->tag))
            return false;
    }
    for (int i = 0; i < a->nimethods; i++)
        if (a->imethods[i].name != b->imethods[i].name || a->imethods[i].sig != b->imethods[i].sig)
            return false;
    for (int i = 0; i < a->nterms; i++)
        if (a->terms[i].type != b->terms[i].type || a->terms[i].tilde != b->terms[i].tilde)
            return false;
    return true;
}

static void table_grow(TypeTable *tt) {
    size_t ncap = tt->cap * 2;
    Type **ns = NEW_ARRAY(Type *, ncap);
    for (size_t i = 0; i < tt->cap; i++) {
        Type *t = tt->slots[i];
        if (!t) continue;
        size_t j = type_hash(t) & (ncap - 1);
        while (ns[j]) j = (j + 1) & (ncap - 1);
        ns[j] = t;
    }
    tt->slots = ns;
    tt->cap = ncap;
}

static void typetab_insert(TypeTable *tt, Type *t) {
    size_t j = type_hash(t) & (tt->cap - 1);
    while (tt->slots[j]) j = (j + 1) & (tt->cap - 1);
    tt->slots[j] = t;
    if (++tt->count * 2 > tt->cap) table_grow(tt);
}

static bool comparable_fields(const Type *t) {
    for (int i = 0; i < t->nfields; i++)
        if (!(t->fields[i].type->flags & TF_COMPARABLE)) return false;
    return true;
}

static bool generic_parts(const Type *t) {
    if ((t->elem && (t->elem->flags & TF_GENERIC)) || (t->key && (t->key->flags & TF_GENERIC)))
        return true;
    for (int i = 0; i < t->nparams; i++)
        if (t->params[i]->flags & TF_GENERIC) return true;
    for (int i = 0; i < t->nresults; i++)
        if (t->results[i]->flags & TF_GENERIC) return true;
    for (int i = 0; i < t->nfields; i++)
        if (t->fields[i].type->flags & TF_GENERIC) return true;
    for (int i = 0; i < t->nimethods; i++)
        if (t->imethods[i].sig->flags & TF_GENERIC) return true;
    for (int i = 0; i < t->nterms; i++)
        if (t->terms[i].type->flags & TF_GENERIC) return true;
    return false;
}

/* Sets the derived fields of a fresh unnamed type: rep, flags, under. */
static void derive(Type *t) {
    t->under = t;
    t->ukind = t->kind;
    t->complete = true;
    switch (t->kind) {
    case K_ARRAY:
        t->rep = REP_VAL;
        if (t->elem->flags & TF_COMPARABLE) t->flags |= TF_COMPARABLE;
        if (t->elem->flags & TF_HASHABLE) t->flags |= TF_HASHABLE;
        break;
    case K_STRUCT:
        t->rep = REP_VAL;
        if (comparable_fields(t)) t->flags |= TF_COMPARABLE;
        {
            bool h = true;
            for (int i = 0; i < t->nfields; i++)
                if (!(t->fields[i].type->flags & TF_HASHABLE)) h = false;
            if (h) t->flags |= TF_HASHABLE;
        }
        break;
    case K_POINTER: case K_CHAN:
        t->rep = REP_REF;
        t->flags |= TF_COMPARABLE | TF_HASHABLE;
        break;
    case K_SLICE: case K_MAP: case K_FUNC:
        t->rep = REP_REF;
        break;
    case K_INTERFACE:
        t->rep = REP_DYN;
        if (!t->nterms) t->flags |= TF_COMPARABLE;
        break;
    case K_TUPLE:
        t->rep = REP_DYN;
        break;
    default:
        break;
    }
    if (generic_parts(t)) t->flags |= TF_GENERIC;
}

static Type **copy_types(Type **ts, int n);

/* The template's arrays live on the caller's stack: give the new entry its
 * own before anyone else can see it. */
static void own_arrays(Type *t) {
    t->params = copy_types(t->params, t->nparams);
    t->results = copy_types(t->results, t->nresults);
    if (t->nfields) {
        Field *c = NEW_ARRAY(Field, t->nfields);
        memcpy(c, t->fields, sizeof(Field) * (size_t)t->nfields);
        t->fields = c;
    }
    if (t->nterms) {
        Term *c = NEW_ARRAY(Term, t->nterms);
        memcpy(c, t->terms, sizeof(Term) * (size_t)t->nterms);
        t->terms = c;
    }
}

/* Returns the canonical type equal to proto (a stack template), inserting a
 * GC copy when new. Arrays inside proto are copied by the caller first. */
static Type *canon(TypeTable *tt, const Type *proto) {
    uint64_t h = type_hash(proto);
    pthread_mutex_lock(&tt->lock);
    size_t j = h & (tt->cap - 1);
    for (Type *e; (e = tt->slots[j]); j = (j + 1) & (tt->cap - 1)) {
        if (same_shape(e, proto)) {
            pthread_mutex_unlock(&tt->lock);
            return e;
        }
    }
    Type *t = NEW(Type);
    *t = *proto;
    own_arrays(t);
    derive(t);
    t->id = tt->next_id++;
    tt->slots[j] = t;
    if (++tt->count * 2 > tt->cap) table_grow(tt);
    pthread_mutex_unlock(&tt->lock);
    return t;
}

/* The flags a composite type derives from its parts, now that they may
 * have completed; true when t gained some. */
static bool refresh_one(Type *t) {
    uint8_t f = t->flags;
    if (t->kind == K_NAMED) {
        if (t->complete) f |= t->under->flags & (TF_COMPARABLE | TF_HASHABLE);
    } else if (t->kind == K_ARRAY) {
        f |= t->elem->flags & (TF_COMPARABLE | TF_HASHABLE);
    } else if (t->kind == K_STRUCT) {
        if (comparable_fields(t)) f |= TF_COMPARABLE;
        bool h = true;
        for (int i = 0; i < t->nfields; i++)
            if (!(t->fields[i].type->flags & TF_HASHABLE)) h = false;
        if (h) f |= TF_HASHABLE;
    }
    if (f == t->flags) return false;
    t->flags = f;
    return true;
}

void type_refresh_flags(TypeTable *tt, Type **named, int nnamed) {
    bool changed = true;
    while (changed) {
        changed = false;
        pthread_mutex_lock(&tt->lock);
        for (size_t i = 0; i < tt->cap; i++)
            if (tt->slots[i] && tt->slots[i]->id >= FIRST_DYNAMIC_ID) changed |= refresh_one(tt->slots[i]);
        pthread_mutex_unlock(&tt->lock);
        for (int i = 0; i < nnamed; i++) changed |= refresh_one(named[i]);
    }
}

Type *type_pointer(TypeTable *tt, Type *elem) {
    Type *c = __atomic_load_n(&elem->ptr_to, __ATOMIC_ACQUIRE);
    if (c) return c;
    Type p = {.kind = K_POINTER, .elem = elem};
    c = canon(tt, &p);
    /* the predeclared types are shared and read-only: no cache on them */
    if (elem->id >= FIRST_DYNAMIC_ID) __atomic_store_n(&elem->ptr_to, c, __ATOMIC_RELEASE);
    return c;
}

Type *type_slice(TypeTable *tt, Type *elem) {
    Type p = {.kind = K_SLICE, .elem = elem};
    return canon(tt, &p);
}

Type *type_array(TypeTable *tt, Type *elem, int64_t len) {
    Type p = {.kind = K_ARRAY, .elem = elem, .len = len};
    return canon(tt, &p);
}

Type *type_map(TypeTable *tt, Type *key, Type *elem) {
    Type p = {.kind = K_MAP, .key = key, .elem = elem};
    return canon(tt, &p);
}

Type *type_chan(TypeTable *tt, Type *elem, int dir) {
    Type p = {.kind = K_CHAN, .elem = elem, .chandir = (uint8_t)dir};
    return canon(tt, &p);
}

static Type **copy_types(Type **ts, int n) {
    if (n == 0) return NULL;
    Type **c = NEW_ARRAY(Type *, n);
    memcpy(c, ts, sizeof(Type *) * (size_t)n);
    return c;
}

Type *type_func(TypeTable *tt, Type **params, int np, Type **results, int nr, bool variadic) {
    Type p = {.kind = K_FUNC, .params = params, .nparams = np, .results = results,
              .nresults = nr, .variadic = variadic};
    return canon(tt, &p);
}

Type *type_tuple(TypeTable *tt, Type **elems, int n) {
    Type p = {.kind = K_TUPLE, .params = elems, .nparams = n};
    return canon(tt, &p);
}

Type *type_struct(TypeTable *tt, Field *fields, int n) {
    Type p = {.kind = K_STRUCT, .fields = fields, .nfields = n};
    return canon(tt, &p);
}

static int cmp_imethod(const void *a, const void *b) {
    const IMethod *x = a, *y = b;
    return strcmp(x->name, y->name);
}

Type *type_interface(TypeTable *tt, IMethod *methods, int n, Term *terms, int nterms,
                     bool comparable) {
    IMethod *ms = NULL;
    if (n) {
        ms = NEW_ARRAY(IMethod, n);
        memcpy(ms, methods, sizeof(IMethod) * (size_t)n);
        qsort(ms, (size_t)n, sizeof(IMethod), cmp_imethod);
    }
    if (n == 0 && nterms == 0 && !comparable) return &t_any;
    Type p = {.kind = K_INTERFACE, .imethods = ms, .nimethods = n, .terms = terms,
              .nterms = nterms, .is_comparable_constraint = comparable};
    return canon(tt, &p);
}

Type *type_new_named(TypeTable *tt, const char *pkg, const char *name) {
    Type *t = NEW(Type);
    t->kind = K_NAMED;
    t->ukind = K_INVALID;
    t->under = &t_invalid;
    t->pkg = pkg;
    t->name = name;
    pthread_mutex_lock(&tt->lock);
    t->id = tt->next_id++;
    pthread_mutex_unlock(&tt->lock);
    return t;
}

void type_set_underlying(Type *named, Type *under) {
    named->under = under->under;
    named->ukind = under->under->kind;
    named->rep = under->under->rep;
    named->flags = (uint8_t)((named->flags & TF_ERROR_IFACE) |
                             (under->under->flags & (TF_COMPARABLE | TF_HASHABLE | TF_GENERIC)));
    /* an interface's methods are visible on the named interface too */
    named->imethods = under->under->imethods;
    named->nimethods = under->under->nimethods;
    named->terms = under->under->terms;
    named->nterms = under->under->nterms;
    named->is_comparable_constraint = under->under->is_comparable_constraint;
    named->elem = under->under->elem;
    named->key = under->under->key;
    named->len = under->under->len;
    named->chandir = under->under->chandir;
    named->fields = under->under->fields;
    named->nfields = under->under->nfields;
    named->params = under->under->params;
    named->nparams = under->under->nparams;
    named->results = under->under->results;
    named->nresults = under->under->nresults;
    named->variadic = under->under->variadic;
    named->complete = true;
}

Type *type_new_typeparam(TypeTable *tt, const char *name, int index, Type *constraint) {
    Type *t = type_new_named(tt, NULL, name);
    t->kind = K_TYPEPARAM;
    t->ukind = K_TYPEPARAM;
    t->under = t;
    t->rep = REP_DYN;
    t->flags = TF_GENERIC;
    t->tp_index = index;
    t->constraint = constraint;
    t->str = name;
    t->complete = true;
    return t;
}

Type *type_new_standin(TypeTable *tt, Type *tp) {
    Type *t = NEW(Type);
    *t = t_dyn;
    t->under = t;
    t->name = tp->name;
    t->str = tp->name;
    t->constraint = tp->constraint;
    t->tp_index = tp->tp_index;
    pthread_mutex_lock(&tt->lock);
    t->id = tt->next_id++;
    pthread_mutex_unlock(&tt->lock);
    return t;
}

bool type_comparable(Type *t) { return (t->flags & TF_COMPARABLE) != 0; }

bool type_is_strictly_comparable(Type *t) {
    Type *u = t->under;
    switch (u->kind) {
    case K_INTERFACE: case K_DYN: return false;
    case K_STRUCT:
        for (int i = 0; i < u->nfields; i++)
            if (!type_is_strictly_comparable(u->fields[i].type)) return false;
        return true;
    case K_ARRAY: return type_is_strictly_comparable(u->elem);
    default: return type_comparable(t);
    }
}

/* ---- type strings ---- */

/* How write_type names types: TS_LOCAL without package (reflect's spacing),
 * TS_QUALIFIED as %T prints them, TS_GO as go/types does in compile errors
 * ("struct{a int}", "interface{}", other packages' names qualified). */
enum { TS_LOCAL, TS_QUALIFIED, TS_GO };

static void write_type(Buf *b, Type *t, int mode);

static void write_list(Buf *b, Type **ts, int n, bool variadic, int mode) {
    for (int i = 0; i < n; i++) {
        if (i) buf_puts(b, ", ");
        if (variadic && i == n - 1 && ts[i]->kind == K_SLICE) {
            buf_puts(b, "...");
            write_type(b, ts[i]->elem, mode);
        } else {
            write_type(b, ts[i], mode);
        }
    }
}

static void write_sig(Buf *b, Type *t, int mode) {
    buf_putc(b, '(');
    write_list(b, t->params, t->nparams, t->variadic, mode);
    buf_putc(b, ')');
    if (t->nresults == 1) {
        buf_putc(b, ' ');
        write_type(b, t->results[0], mode);
    } else if (t->nresults > 1) {
        buf_puts(b, " (");
        write_list(b, t->results, t->nresults, false, mode);
        buf_putc(b, ')');
    }
}

static void write_struct(Buf *b, Type *t, int mode) {
    if (t->nfields == 0) {
        buf_puts(b, mode == TS_GO ? "struct{}" : "struct {}");
        return;
    }
    buf_puts(b, mode == TS_GO ? "struct{" : "struct { ");
    for (int i = 0; i < t->nfields; i++) {
        Field *f = &t->fields[i];
        if (i) buf_puts(b, "; ");
        if (!f->embedded) {
            buf_puts(b, f->name);
            buf_putc(b, ' ');
        }
        write_type(b, f->type, mode);
        if (f->tag) {
            buf_puts(b, " \"");
            for (const char *p = f->tag; *p; p++) {
                if (*p == '"' || *p == '\\') buf_putc(b, '\\');
                buf_putc(b, *p);
            }
            buf_putc(b, '"');
        }
    }
    buf_puts(b, mode == TS_GO ? "}" : " }");
}

static void write_interface(Buf *b, Type *t, int mode) {
    if (t->nimethods == 0 && t->nterms == 0) {
        if (mode == TS_GO && !t->is_comparable_constraint) buf_putc(b, '\x03'); /* SPELL_MARK_EMPTY */
        else buf_puts(b, t->is_comparable_constraint ? "comparable" : "interface {}");
        return;
    }
    buf_puts(b, mode == TS_GO ? "interface{" : "interface { ");
    for (int i = 0; i < t->nimethods; i++) {
        if (i) buf_puts(b, "; ");
        buf_puts(b, t->imethods[i].name);
        write_sig(b, t->imethods[i].sig, mode);
    }
    if (t->nterms) {
        if (t->nimethods) buf_puts(b, "; ");
        for (int i = 0; i < t->nterms; i++) {
            if (i) buf_puts(b, " | ");
            if (t->terms[i].tilde) buf_putc(b, '~');
            write_type(b, t->terms[i].type, mode);
        }
    }
    buf_puts(b, mode == TS_GO ? "}" : " }");
}

static void write_named(Buf *b, Type *t, int mode) {
    if (mode == TS_GO && (t == &t_uint8 || t == &t_int32)) { /* SPELL_MARK_UINT8, _INT32 */
        buf_putc(b, t == &t_uint8 ? '\x01' : '\x02');
        return;
    }
    if (t->pkg && t->kind == K_NAMED && (mode == TS_QUALIFIED || (mode == TS_GO && strcmp(t->pkg, "main") != 0))) {
        buf_puts(b, t->pkg);
        buf_putc(b, '.');
    }
    buf_puts(b, t->name);
    if (t->ntargs && !strchr(t->name, '[')) {
        buf_putc(b, '[');
        for (int i = 0; i < t->ntargs; i++) {
            if (i) buf_putc(b, ',');
            write_type(b, t->targs[i], mode);
        }
        buf_putc(b, ']');
    }
}

static void write_type(Buf *b, Type *t, int mode) {
    if (!t) {
        buf_puts(b, "<nil>");
        return;
    }
    if (t->name) {
        write_named(b, t, mode);
        return;
    }
    switch (t->kind) {
    case K_POINTER: buf_putc(b, '*'); write_type(b, t->elem, mode); break;
    case K_SLICE: buf_puts(b, "[]"); write_type(b, t->elem, mode); break;
    case K_ARRAY: buf_printf(b, "[%lld]", (long long)t->len); write_type(b, t->elem, mode); break;
    case K_MAP:
        buf_puts(b, "map[");
        write_type(b, t->key, mode);
        buf_putc(b, ']');
        write_type(b, t->elem, mode);
        break;
    case K_CHAN: {
        bool paren = false;
        if (t->chandir == CHAN_RECV) buf_puts(b, "<-chan ");
        else if (t->chandir == CHAN_SEND) buf_puts(b, "chan<- ");
        else {
            buf_puts(b, "chan ");
            paren = t->elem->kind == K_CHAN && t->elem->chandir == CHAN_RECV;
        }
        if (paren) buf_putc(b, '(');
        write_type(b, t->elem, mode);
        if (paren) buf_putc(b, ')');
        break;
    }
    case K_FUNC: buf_puts(b, "func"); write_sig(b, t, mode); break;
    case K_STRUCT: write_struct(b, t, mode); break;
    case K_INTERFACE: write_interface(b, t, mode); break;
    case K_TUPLE:
        buf_putc(b, '(');
        write_list(b, t->params, t->nparams, false, mode);
        buf_putc(b, ')');
        break;
    default: buf_puts(b, t->str ? t->str : "?"); break;
    }
}

const char *type_string(Type *t) {
    if (!t) return "<nil>";
    const char *s = __atomic_load_n(&t->str, __ATOMIC_ACQUIRE);
    if (s) return s;
    Buf b;
    buf_init(&b);
    write_type(&b, t, TS_QUALIFIED);
    s = buf_cstr(&b);
    if (t->id >= FIRST_DYNAMIC_ID) __atomic_store_n(&t->str, s, __ATOMIC_RELEASE);
    return s;
}

const char *type_string_local(Type *t) {
    Buf b;
    buf_init(&b);
    write_type(&b, t, TS_LOCAL);
    return buf_cstr(&b);
}

const char *type_string_go(Type *t) {
    Buf b;
    buf_init(&b);
    write_type(&b, t, TS_GO);
    return buf_cstr(&b);
}

/* ---- methods and fields ---- */

static Type *method_holder(Type *t) {
    if (t->kind == K_POINTER && t->elem->kind == K_NAMED) return t->elem;
    return t;
}

Method *type_method(Type *t, const char *name) {
    Type *h = method_holder(t);
    int lo = 0, hi = h->nmethods - 1;
    while (lo <= hi) { /* sorted by strcmp of interned names */
        int mid = (lo + hi) / 2;
        int c = strcmp(h->methods[mid].name, name);
        if (c == 0) return &h->methods[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
    }
    return NULL;
}

Method *type_add_method(Type *named, const char *name, Type *sig, bool ptr_recv) {
    int n = named->nmethods;
    Method *ms = NEW_ARRAY(Method, n + 1);
    int at = 0;
    while (at < n && strcmp(named->methods[at].name, name) < 0) at++;
    if (at) memcpy(ms, named->methods, sizeof(Method) * (size_t)at);
    if (n - at) memcpy(ms + at + 1, named->methods + at, sizeof(Method) * (size_t)(n - at));
    ms[at] = (Method){.name = name, .sig = sig, .ptr_recv = ptr_recv};
    named->methods = ms;
    named->nmethods = n + 1;
    return &ms[at];
}

int type_field_index(Type *st, const char *name) {
    Type *u = st->under;
    for (int i = 0; i < u->nfields; i++)
        if (u->fields[i].name == name) return i;
    return -1;
}

/* Is the method m of concrete type t in t's method set? Value types lack
 * pointer-receiver methods. */
static bool in_method_set(Type *t, Method *m) {
    return !m->ptr_recv || t->kind == K_POINTER;
}

bool type_implements(Type *t, Type *iface, const char **missing, bool *ptr_recv_only) {
    Type *iu = iface->under;
    if (ptr_recv_only) *ptr_recv_only = false;
    for (int i = 0; i < iu->nimethods; i++) {
        IMethod *im = &iu->imethods[i];
        bool ok = false;
        if (t->under->kind == K_INTERFACE) {
            Type *tu = t->under;
            for (int j = 0; j < tu->nimethods; j++)
                if (tu->imethods[j].name == im->name && tu->imethods[j].sig == im->sig) ok = true;
        } else {
            Method *m = type_method(t, im->name);
            if (m && m->sig == im->sig) {
                ok = in_method_set(t, m);
                if (!ok && ptr_recv_only) *ptr_recv_only = true;
            }
        }
        if (!ok) {
            if (missing) *missing = im->name;
            return false;
        }
    }
    return true;
}
