/* object.c: constructors for strings, arrays, slices, structs, cells and
 * closures; zero values and the deep copy that gives structs and arrays Go's
 * value semantics (value.h explains when copies happen). */
#include "object.h"

String str_empty = {.hdr = (uintptr_t)&t_string, .len = 0, .data = ""};

String *str_alloc(int64_t len) {
    String *s = ALLOC_ATOMIC(sizeof(String) + (size_t)len + 1);
    s->hdr = (uintptr_t)&t_string;
    s->len = len;
    s->data = (const char *)(s + 1);
    s->hash = 0;
    ((char *)(s + 1))[len] = 0;
    return s;
}

String *str_new(const char *p, int64_t len) {
    if (len == 0) return &str_empty;
    String *s = str_alloc(len);
    memcpy((char *)s->data, p, (size_t)len);
    return s;
}

String *str_from_cstr(const char *p) { return str_new(p, (int64_t)strlen(p)); }

String *str_sub(String *s, int64_t lo, int64_t hi) {
    if (lo == 0 && hi == s->len) return s;
    if (hi == lo) return &str_empty;
    /* short substrings are copied: sharing would keep a big parent alive for a
     * few bytes, and a copy is as cheap as the header */
    if (hi - lo <= 16) return str_new(s->data + lo, hi - lo);
    String *r = ALLOC(sizeof(String));
    r->hdr = (uintptr_t)&t_string;
    r->len = hi - lo;
    r->data = s->data + lo;
    r->hash = 0;
    return r;
}

String *str_concat(String *a, String *b) {
    if (a->len == 0) return b;
    if (b->len == 0) return a;
    String *s = str_alloc(a->len + b->len);
    memcpy((char *)s->data, a->data, (size_t)a->len);
    memcpy((char *)s->data + a->len, b->data, (size_t)b->len);
    return s;
}

int str_compare(const String *a, const String *b) {
    int64_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->data, b->data, (size_t)n);
    if (c) return c < 0 ? -1 : 1;
    return a->len < b->len ? -1 : a->len > b->len;
}

bool str_equal(const String *a, const String *b) {
    return a == b || (a->len == b->len && memcmp(a->data, b->data, (size_t)a->len) == 0);
}

/* A 64-bit hash over 8-byte chunks (multiply-xorshift), good enough for map
 * buckets; never 0 so that 0 can mean "not computed". */
static uint64_t hash_bytes(const char *p, int64_t n) {
    uint64_t h = 0x243f6a8885a308d3ull ^ (uint64_t)n;
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x9fb21c651e98df25ull;
        h ^= h >> 29;
    }
    uint64_t tail = 0;
    for (int64_t j = 0; i + j < n; j++) tail |= (uint64_t)(unsigned char)p[i + j] << (8 * j);
    h = (h ^ tail) * 0x9fb21c651e98df25ull;
    h ^= h >> 32;
    return h ? h : 1;
}

uint64_t str_hash(String *s) {
    uint64_t h = LOADW(&s->hash);
    if (h) return h;
    h = hash_bytes(s->data, s->len);
    if (s != &str_empty) STOREW(&s->hash, h);
    return h;
}

char *str_cstr(const String *s) { return gc_strndup(s->data, (size_t)s->len); }

/* ---- arrays, slices, structs ---- */

/* Fills n words with the zero value of elem (only needed when it is not all
 * zero bits: strings and nested values). */
static void fill_zero(Value *w, int64_t n, Type *elem) {
    if (elem->rep == REP_VAL || elem->ukind == K_STRING)
        for (int64_t i = 0; i < n; i++) w[i] = zero_value(elem);
}

Array *array_new(Type *t, Type *elem, int64_t len) {
    Array *a = ALLOC(sizeof(Array) + sizeof(Value) * (size_t)len);
    a->hdr = (uintptr_t)t;
    a->len = len;
    fill_zero(a->e, len, elem);
    return a;
}

Slice *slice_new(Type *t, Array *arr, int64_t off, int64_t len, int64_t cap) {
    Slice *s = NEW(Slice);
    s->hdr = (uintptr_t)t;
    s->arr = arr;
    s->off = off;
    s->len = len;
    s->cap = cap;
    return s;
}

Slice *slice_make(Type *t, int64_t len, int64_t cap) {
    Array *a = array_new(NULL, t->under->elem, cap);
    return slice_new(t, a, 0, len, cap);
}

Struct *struct_new(Type *t) {
    Type *u = t->under;
    Struct *s = ALLOC(sizeof(Struct) + sizeof(Value) * (size_t)u->nfields);
    s->hdr = (uintptr_t)t;
    for (int i = 0; i < u->nfields; i++) {
        Type *ft = u->fields[i].type;
        if (ft->rep == REP_VAL || ft->ukind == K_STRING) s->f[i] = zero_value(ft);
    }
    return s;
}

Cell *cell_new(Value v) {
    Cell *c = NEW(Cell);
    c->v = v;
    return c;
}

Closure *closure_new(Type *t, Proto *p, uint32_t nup) {
    Closure *c = ALLOC(sizeof(Closure) + sizeof(Value) * nup);
    c->hdr = (uintptr_t)t;
    c->proto = p;
    c->nup = nup;
    return c;
}

Value zero_value(Type *t) {
    switch (t->rep) {
    case REP_VAL:
        if (t->ukind == K_STRUCT) return VAL_PTR(struct_new(t));
        return VAL_PTR(array_new(t, t->under->elem, t->under->len));
    case REP_REF:
        return t->ukind == K_STRING ? VAL_PTR(&str_empty) : VAL_NIL;
    default:
        return VAL_NIL; /* 0, 0.0, nil dynamic word */
    }
}

/* Copies n words, deep-copying nested values of type elem. */
static void copy_words(Value *dst, Value *src, int64_t n, Type *elem) {
    if (elem->rep == REP_VAL) {
        for (int64_t i = 0; i < n; i++) STOREW(&dst[i].u, obj_copy(elem, (Value){.u = LOADW(&src[i].u)}).u);
    } else {
        for (int64_t i = 0; i < n; i++) STOREW(&dst[i].u, LOADW(&src[i].u));
    }
}

Value obj_copy(Type *t, Value v) {
    Type *u = t->under;
    if (u->kind == K_STRUCT) {
        Struct *src = v.p;
        Struct *s = ALLOC(sizeof(Struct) + sizeof(Value) * (size_t)u->nfields);
        s->hdr = (uintptr_t)t;
        for (int i = 0; i < u->nfields; i++) copy_words(&s->f[i], &src->f[i], 1, u->fields[i].type);
        return VAL_PTR(s);
    }
    Array *src = v.p;
    Array *a = ALLOC(sizeof(Array) + sizeof(Value) * (size_t)u->len);
    a->hdr = (uintptr_t)t;
    a->len = u->len;
    copy_words(a->e, src->e, u->len, u->elem);
    return VAL_PTR(a);
}

void obj_assign(Type *t, Value dst, Value src) {
    Type *u = t->under;
    if (dst.p == src.p) return;
    if (u->kind == K_STRUCT) {
        Struct *d = dst.p, *s = src.p;
        for (int i = 0; i < u->nfields; i++) {
            Type *ft = u->fields[i].type;
            if (ft->rep == REP_VAL) obj_assign(ft, d->f[i], s->f[i]);
            else STOREW(&d->f[i].u, LOADW(&s->f[i].u));
        }
        return;
    }
    Array *d = dst.p, *s = src.p;
    for (int64_t i = 0; i < u->len; i++) {
        if (u->elem->rep == REP_VAL) obj_assign(u->elem, d->e[i], s->e[i]);
        else STOREW(&d->e[i].u, LOADW(&s->e[i].u));
    }
}
