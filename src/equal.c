/* equal.c: Go's == and hashing on static words (by static type) and dynamic
 * words (by dynamic type). Maps (map.c) hash and compare keys through here;
 * the VM's == on structs, arrays and interfaces does too. */
#include "equal.h"

/* Folds one more component into a composite (struct, array) hash; order
 * matters, so {1, 2} and {2, 1} differ. */
static inline uint64_t hash_more(uint64_t h, uint64_t part) {
    return hash_word(h ^ part) + 0x9e3779b97f4a7c15ull;
}

/* Distinguishes equal payloads of different dynamic types (int 1, int8 1). */
static inline uint64_t type_salt(const Type *t) {
    return (uint64_t)(uintptr_t)t * 0x9e3779b97f4a7c15ull;
}

/* NaN never equals anything, so its hash need only be different each time:
 * a shared value would pile every NaN key into one probe chain (Go uses a
 * random hash too). Thread-local, so no contention. */
static uint64_t nan_hash(void) {
    static _Thread_local uint64_t state;
    state += 0x9e3779b97f4a7c15ull;
    return hash_word(state ^ (uint64_t)(uintptr_t)&state);
}

static uint64_t hash_float(double f) {
    if (f == 0) return hash_word(0); /* +0 and -0 */
    if (f != f) return nan_hash();
    uint64_t bits;
    memcpy(&bits, &f, sizeof bits);
    return hash_word(bits);
}

static inline bool blank_field(const Field *f) {
    return f->name && f->name[0] == '_' && f->name[1] == 0;
}

static inline Value load_word(const Value *p) { return (Value){.u = LOADW(&p->u)}; }

/* ---- equality ---- */

/* Reference types: strings by bytes, pointers and channels by identity;
 * slices, maps and funcs compare only with nil (the VM's static ==), so two
 * non-nil ones are an uncomparable pair. */
static bool ref_equal(Type *t, Value a, Value b, Type **bad) {
    if (t->ukind == K_STRING) {
        /* strings are never NULL, but a racy word must not crash us */
        if (!a.p || !b.p) return a.p == b.p;
        return str_equal(a.p, b.p);
    }
    if (t->ukind == K_SLICE || t->ukind == K_MAP || t->ukind == K_FUNC) {
        if (a.p && b.p) *bad = t;
        return a.p == b.p;
    }
    return a.p == b.p;
}

/* Fields in declaration order, blank fields skipped. The order matters for
 * panics as in Go: a field that differs before an interface field holding an
 * uncomparable value makes the result false without a panic. */
static bool struct_equal(Type *u, const Struct *a, const Struct *b, Type **bad) {
    for (int i = 0; i < u->nfields; i++) {
        const Field *f = &u->fields[i];
        if (blank_field(f)) continue;
        if (!value_equal(f->type, load_word(&a->f[i]), load_word(&b->f[i]), bad)) return false;
    }
    return true;
}

static bool array_equal(Type *u, const Array *a, const Array *b, Type **bad) {
    Type *et = u->elem;
    if (et->rep == REP_INT) {
        for (int64_t i = 0; i < u->len; i++)
            if (LOADW(&a->e[i].u) != LOADW(&b->e[i].u)) return false;
        return true;
    }
    for (int64_t i = 0; i < u->len; i++)
        if (!value_equal(et, load_word(&a->e[i]), load_word(&b->e[i]), bad)) return false;
    return true;
}

bool value_equal(Type *t, Value a, Value b, Type **bad) {
    Type *dummy = NULL;
    if (!bad) bad = &dummy;
    switch (t->rep) {
    case REP_INT: return a.i == b.i;
    case REP_FLOAT: return a.f == b.f;
    case REP_REF: return ref_equal(t, a, b, bad);
    case REP_VAL:
        if (!a.p || !b.p) return a.p == b.p;
        if (t->ukind == K_STRUCT) return struct_equal(t->under, a.p, b.p, bad);
        return array_equal(t->under, a.p, b.p, bad);
    default: return dyn_equal(a, b, bad);
    }
}

/* Words that are equal exactly when their bits are: nil, small ints, and
 * small scalars other than float32 (NaN, -0). */
static inline bool dyn_bitwise(Value w) {
    return w.u == 0 || dyn_is_int(w) || (dyn_is_scalar(w) && dyn_scalar_kind(w) != K_FLOAT32);
}

/* Go's efaceeq: different dynamic types are unequal (no panic); the same
 * uncomparable type panics, even for two nil slices or the same map. */
bool dyn_equal(Value a, Value b, Type **bad) {
    if (dyn_bitwise(a) || dyn_bitwise(b)) {
        if (a.u == b.u) return true;
        if (!a.u || !b.u || (dyn_is_int(a) && dyn_is_int(b))) return false;
    }
    Type *ta = dyn_type(a), *tb = dyn_type(b);
    if (ta != tb) return false;
    if (!(ta->flags & TF_COMPARABLE)) {
        if (bad) *bad = ta;
        return false;
    }
    return value_equal(ta, from_dyn(ta, a), from_dyn(ta, b), bad);
}

/* ---- hashing ---- */

static uint64_t struct_hash(Type *u, const Struct *s, Type **bad) {
    uint64_t h = hash_word((uint64_t)u->nfields);
    for (int i = 0; i < u->nfields; i++) {
        const Field *f = &u->fields[i];
        if (blank_field(f)) continue;
        h = hash_more(h, value_hash(f->type, load_word(&s->f[i]), bad));
    }
    return h;
}

static uint64_t array_hash(Type *u, const Array *a, Type **bad) {
    uint64_t h = hash_word((uint64_t)u->len);
    for (int64_t i = 0; i < u->len; i++) h = hash_more(h, value_hash(u->elem, load_word(&a->e[i]), bad));
    return h;
}

uint64_t value_hash(Type *t, Value v, Type **bad) {
    Type *dummy = NULL;
    if (!bad) bad = &dummy;
    switch (t->rep) {
    case REP_INT: return hash_word(v.u);
    case REP_FLOAT: return hash_float(v.f);
    case REP_REF:
        if (t->ukind == K_STRING) return str_hash(v.p ? (String *)v.p : &str_empty);
        if (t->ukind == K_SLICE || t->ukind == K_MAP || t->ukind == K_FUNC) {
            *bad = t;
            return 0;
        }
        return hash_word(v.u);
    case REP_VAL:
        if (!v.p) return 0;
        if (t->ukind == K_STRUCT) return struct_hash(t->under, v.p, bad);
        return array_hash(t->under, v.p, bad);
    default: return dyn_hash(v, bad);
    }
}

/* Go's interhash: the topmost uncomparable type is reported (a struct with a
 * slice field names the struct); an interface field inside a comparable
 * struct is checked when reached and names its own dynamic type. */
uint64_t dyn_hash(Value w, Type **bad) {
    if (dyn_is_int(w)) return hash_word((uint64_t)dyn_small_int_val(w)) ^ type_salt(&t_int);
    if (w.u == 0) return 0x5bd1e9955bd1e995ull;
    Type *t = dyn_type(w);
    if (!(t->flags & TF_COMPARABLE)) {
        if (bad) *bad = t;
        return 0;
    }
    return value_hash(t, from_dyn(t, w), bad) ^ type_salt(t);
}
