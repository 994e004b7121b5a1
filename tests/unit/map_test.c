/* map_test.c: unit tests for map.c and equal.c: Go's map semantics, csp's
 * insertion order, iteration under mutation, hashing rules, a racing stress
 * test, and a small benchmark of the fast paths. Exit status 1 on failure. */
#include "common.h" /* first: gc.h redirects pthread_create to the GC's */
#include "equal.h"
#include "intern.h"
#include "map.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int checks, failures;

#define CHECK(cond)                                                                \
    do {                                                                           \
        checks++;                                                                  \
        if (!(cond)) {                                                             \
            failures++;                                                            \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                          \
    } while (0)

static TypeTable *tt;
static Interner *names;
static Type *t_map_int_int, *t_map_str_int, *t_map_str_str, *t_map_any_int, *t_map_any_any;
static Type *t_map_f64_int;

static String *S(const char *s) { return str_from_cstr(s); }
static Value I(int64_t x) { return VAL_INT(x); }

static bool get_int(Map *m, Value k, int64_t *out) {
    Value v;
    MapErr err = {0};
    bool ok = map_get(m, k, &v, &err);
    if (ok) *out = v.i;
    return ok;
}

static void set_int(Map *m, Value k, int64_t v) {
    MapErr err = {0};
    map_set(m, k, I(v), &err);
}

/* The keys of m in iteration order, as ints, into out (at most n). */
static int keys_of(Map *m, int64_t *out, int n) {
    MapIter *it = map_iter_new(m);
    Value k, v;
    int c = 0;
    while (map_iter_next(it, &k, &v)) {
        if (c < n) out[c] = k.i;
        c++;
    }
    return c;
}

/* ---- basics ---- */

static void test_basic(void) {
    Map *m = map_new(t_map_int_int, 0);
    int64_t v = -1;
    CHECK(map_len(m) == 0 && map_len(NULL) == 0);
    CHECK(!get_int(NULL, I(1), &v) && v == -1);
    CHECK(!get_int(m, I(1), &v));
    map_delete(NULL, I(1), NULL);
    map_delete(m, I(1), NULL);
    for (int i = 0; i < 100; i++) set_int(m, I(i), i * 10);
    CHECK(map_len(m) == 100);
    CHECK(get_int(m, I(42), &v) && v == 420);
    CHECK(get_int(m, I(0), &v) && v == 0);
    set_int(m, I(42), 7);
    CHECK(get_int(m, I(42), &v) && v == 7 && map_len(m) == 100);
    map_delete(m, I(42), NULL);
    CHECK(!get_int(m, I(42), &v) && map_len(m) == 99);
    map_delete(m, I(42), NULL);
    CHECK(map_len(m) == 99);
    CHECK(map_type(m) == t_map_int_int);
    /* map_slot: m[k] += 1 */
    for (int i = 0; i < 3; i++) {
        Value *s = map_slot(m, I(1000), NULL);
        STOREW(&s->i, LOADW(&s->i) + 1);
    }
    CHECK(get_int(m, I(1000), &v) && v == 3 && map_len(m) == 100);
    Map *ms = map_new(t_map_str_str, 4);
    Value *s = map_slot(ms, VAL_PTR(S("x")), NULL);
    CHECK(s && s->p == &str_empty); /* the zero value of string */
    map_clear(m);
    CHECK(map_len(m) == 0 && !get_int(m, I(1), &v));
    set_int(m, I(5), 50);
    CHECK(get_int(m, I(5), &v) && v == 50 && map_len(m) == 1);
    /* a named map type: the map describes itself with it */
    Type *named = type_new_named(tt, "main", intern_cstr(names, "Counts"));
    type_set_underlying(named, t_map_str_int);
    Map *mn = map_new(named, 0);
    CHECK(map_type(mn) == named);
    map_set(mn, VAL_PTR(S("a")), I(1), NULL);
    CHECK(get_int(mn, VAL_PTR(S("a")), &v) && v == 1);
}

static void test_order(void) {
    Map *m = map_new(t_map_int_int, 0);
    for (int i = 0; i < 10; i++) set_int(m, I(i), i);
    map_delete(m, I(3), NULL);
    map_delete(m, I(5), NULL);
    set_int(m, I(3), 33); /* re-inserted: goes last */
    set_int(m, I(7), 77); /* updated: keeps its place */
    int64_t want[] = {0, 1, 2, 4, 6, 7, 8, 9, 3}, got[16];
    int n = keys_of(m, got, 16);
    CHECK(n == 9);
    for (int i = 0; i < 9 && i < n; i++) CHECK(got[i] == want[i]);
    /* order survives many rebuilds (growth and compaction) */
    Map *g = map_new(t_map_int_int, 0);
    for (int i = 0; i < 5000; i++) set_int(g, I(i), i);
    for (int i = 0; i < 5000; i += 2) map_delete(g, I(i), NULL);
    for (int i = 0; i < 3000; i++) set_int(g, I(10000 + i), i);
    int64_t *all = malloc(sizeof(int64_t) * 6000);
    n = keys_of(g, all, 6000);
    CHECK(n == 2500 + 3000 && map_len(g) == n);
    bool ok = true;
    for (int i = 0; i < 2500; i++) ok &= all[i] == 2 * i + 1;
    for (int i = 0; i < 3000; i++) ok &= all[2500 + i] == 10000 + i;
    CHECK(ok);
    free(all);
}

/* ---- iteration under mutation (Go's rules), against a model ---- */

enum { MODEL_MAX = 20000 };
static int64_t model_key[MODEL_MAX];
static int model_state[MODEL_MAX]; /* 0 absent, 1 present at start, 2 added during */

/* Random deletes and inserts (with rebuilds) while iterating: every key
 * present at the start and never deleted is produced exactly once; no key
 * deleted before being reached is produced; keys added during iteration are
 * produced (csp's choice) unless deleted first; nothing is produced twice. */
static void test_iter_mutation(uint64_t seed) {
    Map *m = map_new(t_map_int_int, 0);
    int n0 = 2000, nk = 0;
    for (int i = 0; i < n0; i++) {
        model_key[nk] = i;
        model_state[nk++] = 1;
        set_int(m, I(i), i);
    }
    static int produced[MODEL_MAX];
    memset(produced, 0, sizeof produced);
    MapIter *it = map_iter_new(m);
    Value k, v;
    int steps = 0;
    bool bad_key = false;
    while (map_iter_next(it, &k, &v)) {
        if (k.i < 0 || k.i >= MODEL_MAX) { bad_key = true; break; }
        produced[k.i]++;
        if (model_state[k.i] == 0) bad_key = true; /* deleted before reached */
        for (int r = 0; r < 3; r++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            int64_t x = (int64_t)((seed >> 33) % (uint64_t)(nk + 1));
            if ((seed >> 20) % 3 == 0 && nk < MODEL_MAX) { /* insert a new key */
                model_key[nk] = nk;
                model_state[nk] = 2;
                set_int(m, I(nk), nk);
                nk++;
            } else if (x < nk && model_state[x] && produced[x] == 0) { /* delete ahead */
                model_state[x] = 0;
                map_delete(m, I(x), NULL);
            }
        }
        if (++steps > 100000) break;
    }
    CHECK(!bad_key);
    int missing = 0, twice = 0;
    for (int i = 0; i < nk; i++) {
        if (produced[i] > 1) twice++;
        if (model_state[i] && produced[i] != 1) missing++;
    }
    CHECK(missing == 0);
    CHECK(twice == 0);
    CHECK(nk > n0 + 100); /* there really were rebuilds during the walk */
}

/* Deleting everything behind the iterator forces compactions to smaller
 * tables mid-walk; the walk still resumes at the right entry. */
static void test_iter_compaction(void) {
    Map *m = map_new(t_map_int_int, 0);
    for (int i = 0; i < 1000; i++) set_int(m, I(i), i);
    MapIter *it = map_iter_new(m);
    Value k, v;
    int64_t expect = 0, next_new = 1000;
    bool ok = true;
    int count = 0;
    while (map_iter_next(it, &k, &v)) {
        ok &= k.i == expect;
        map_delete(m, k, NULL);
        if (count++ % 4 == 0 && next_new < 1400) set_int(m, I(next_new++), 0);
        expect = k.i + 1;
    }
    CHECK(ok);
    CHECK(expect == next_new);
    CHECK(map_len(m) == 0);
    /* map_clear ends an iteration in progress */
    for (int i = 0; i < 10; i++) set_int(m, I(i), i);
    it = map_iter_new(m);
    CHECK(map_iter_next(it, &k, &v) && k.i == 0);
    map_clear(m);
    set_int(m, I(99), 1);
    CHECK(!map_iter_next(it, &k, &v));
    CHECK(!map_iter_next(map_iter_new(NULL), &k, &v));
}

/* ---- growth, strings, structs ---- */

static void test_million(void) {
    enum { N = 1000000 };
    Map *m = map_new(t_map_int_int, 0);
    for (int64_t i = 0; i < N; i++) set_int(m, I(i * 2654435761), i);
    CHECK(map_len(m) == N);
    bool ok = true;
    int64_t v;
    for (int64_t i = 0; i < N; i++) ok &= get_int(m, I(i * 2654435761), &v) && v == i;
    CHECK(ok);
    CHECK(!get_int(m, I(3), &v));
    for (int64_t i = 0; i < N; i += 2) map_delete(m, I(i * 2654435761), NULL);
    CHECK(map_len(m) == N / 2);
    ok = true;
    for (int64_t i = 0; i < N; i++) ok &= get_int(m, I(i * 2654435761), &v) == (i % 2 == 1);
    CHECK(ok);
    MapIter *it = map_iter_new(m);
    Value k, val;
    int64_t c = 0, prev = -1;
    while (map_iter_next(it, &k, &val)) {
        ok &= val.i > prev;
        prev = val.i;
        c++;
    }
    CHECK(ok && c == N / 2);
}

static void test_strings(void) {
    Map *m = map_new(t_map_str_int, 0);
    char buf[64];
    for (int i = 0; i < 20000; i++) {
        snprintf(buf, sizeof buf, "key-%d", i);
        map_set(m, VAL_PTR(S(buf)), I(i), NULL);
    }
    map_set(m, VAL_PTR(&str_empty), I(-1), NULL);
    CHECK(map_len(m) == 20001);
    bool ok = true;
    int64_t v;
    for (int i = 0; i < 20000; i++) { /* equal bytes, different objects */
        snprintf(buf, sizeof buf, "key-%d", i);
        ok &= get_int(m, VAL_PTR(S(buf)), &v) && v == i;
    }
    CHECK(ok);
    CHECK(get_int(m, VAL_PTR(str_new("", 0)), &v) && v == -1);
    CHECK(!get_int(m, VAL_PTR(S("key-20000")), &v));
    /* substrings share bytes but must hash and compare by bytes */
    String *big = S("xxxxxxxxxxxxxxxxxxxx key-123 yyyyyyyyyyyyyyyyyyyyyy");
    String *sub = str_sub(big, 21, 28);
    CHECK(get_int(m, VAL_PTR(sub), &v) && v == 123);
    map_delete(m, VAL_PTR(S("key-5")), NULL);
    CHECK(!get_int(m, VAL_PTR(S("key-5")), &v) && map_len(m) == 20000);
    /* string values survive deletes and a cleared value reads absent */
    Map *ss = map_new(t_map_str_str, 0);
    map_set(ss, VAL_PTR(S("a")), VAL_PTR(S("A")), NULL);
    Value sv;
    CHECK(map_get(ss, VAL_PTR(S("a")), &sv, NULL) && str_equal(sv.p, S("A")));
}

static Type *pair_type(void) {
    Field f[] = {{.name = intern_cstr(names, "n"), .type = &t_int, .exported = false},
                 {.name = intern_cstr(names, "s"), .type = &t_string},
                 {.name = intern_cstr(names, "_"), .type = &t_int}};
    return type_struct(tt, f, 3);
}

static Value pair(Type *pt, int64_t n, const char *s, int64_t blank) {
    Struct *st = struct_new(pt);
    st->f[0] = I(n);
    st->f[1] = VAL_PTR(S(s));
    st->f[2] = I(blank);
    return VAL_PTR(st);
}

static void test_struct_keys(void) {
    Type *pt = pair_type();
    CHECK((pt->flags & TF_HASHABLE) && pt->rep == REP_VAL);
    Map *m = map_new(type_map(tt, pt, &t_int), 0);
    for (int i = 0; i < 1000; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "s%d", i % 10);
        map_set(m, pair(pt, i / 10, buf, i), I(i), NULL);
    }
    CHECK(map_len(m) == 1000);
    int64_t v;
    CHECK(get_int(m, pair(pt, 42, "s7", 0), &v) && v == 427); /* blank field ignored */
    CHECK(!get_int(m, pair(pt, 42, "s70", 0), &v));
    map_set(m, pair(pt, 42, "s7", 5), I(-5), NULL);
    CHECK(map_len(m) == 1000 && get_int(m, pair(pt, 42, "s7", 9), &v) && v == -5);
    map_delete(m, pair(pt, 0, "s0", 3), NULL);
    CHECK(map_len(m) == 999);
    /* array keys */
    Type *at = type_array(tt, &t_int, 3);
    Map *ma = map_new(type_map(tt, at, &t_int), 0);
    for (int i = 0; i < 100; i++) {
        Array *a = array_new(at, &t_int, 3);
        a->e[0] = I(i), a->e[1] = I(i * i), a->e[2] = I(-i);
        map_set(ma, VAL_PTR(a), I(i), NULL);
    }
    Array *q = array_new(at, &t_int, 3);
    q->e[0] = I(9), q->e[1] = I(81), q->e[2] = I(-9);
    CHECK(map_len(ma) == 100 && get_int(ma, VAL_PTR(q), &v) && v == 9);
}

/* Pointer keys by identity (nil included), bool keys, a sized hint. */
static void test_other_keys(void) {
    Type *pt = type_pointer(tt, &t_int);
    Map *m = map_new(type_map(tt, pt, &t_int), 100);
    Cell *c1 = cell_new(I(1)), *c2 = cell_new(I(1));
    map_set(m, VAL_PTR(&c1->v), I(1), NULL);
    map_set(m, VAL_PTR(&c2->v), I(2), NULL);
    map_set(m, VAL_NIL, I(3), NULL);
    int64_t v;
    CHECK(map_len(m) == 3 && get_int(m, VAL_PTR(&c2->v), &v) && v == 2);
    CHECK(get_int(m, VAL_NIL, &v) && v == 3);
    Map *b = map_new(type_map(tt, &t_bool, &t_string), 0);
    map_set(b, I(1), VAL_PTR(S("yes")), NULL);
    map_set(b, I(0), VAL_PTR(S("no")), NULL);
    Value sv;
    CHECK(map_len(b) == 2 && map_get(b, I(0), &sv, NULL) && str_equal(sv.p, S("no")));
    map_delete(b, I(0), NULL);
    CHECK(!map_get(b, I(0), &sv, NULL) && map_len(b) == 1);
}

/* ---- interface keys, floats, unhashable keys ---- */

static Value dyn_of(Type *t, Value v) { return to_dyn(t, v); }

static void test_interface_keys(void) {
    Map *m = map_new(t_map_any_int, 0);
    Type *at = type_array(tt, &t_string, 2);
    Array *arr = array_new(at, &t_string, 2);
    arr->e[0] = VAL_PTR(S("x"));
    arr->e[1] = VAL_PTR(S("y"));
    Value keys[] = {
        dyn_of(&t_int, I(1)), dyn_of(&t_int8, I(1)), dyn_of(&t_uint64, I(1)),
        dyn_of(&t_int, I(INT64_MAX)), /* boxed: beyond 63 bits */
        dyn_of(&t_string, VAL_PTR(S("1"))), dyn_of(&t_float64, VAL_FLOAT(1.0)),
        dyn_of(&t_float32, VAL_FLOAT(1.0)), dyn_of(&t_bool, I(1)), dyn_of(&t_bool, I(0)),
        dyn_of(at, VAL_PTR(arr)), VAL_NIL, dyn_of(&t_int, I(0)),
        dyn_of(&t_float64, VAL_FLOAT(-0.0)),
    };
    int n = (int)(sizeof keys / sizeof *keys);
    for (int i = 0; i < n; i++) map_set(m, keys[i], I(i), NULL);
    CHECK(map_len(m) == n); /* all distinct: type is part of the key */
    Array *arr2 = array_new(at, &t_string, 2);
    arr2->e[0] = VAL_PTR(S("x"));
    arr2->e[1] = VAL_PTR(S("y"));
    Value fresh[] = {
        dyn_of(&t_int, I(1)), dyn_of(&t_int8, I(1)), dyn_of(&t_uint64, I(1)),
        dyn_of(&t_int, I(INT64_MAX)), dyn_of(&t_string, VAL_PTR(S("1"))),
        dyn_of(&t_float64, VAL_FLOAT(1.0)), dyn_of(&t_float32, VAL_FLOAT(1.0)),
        dyn_of(&t_bool, I(1)), dyn_of(&t_bool, I(0)), dyn_of(at, VAL_PTR(arr2)), VAL_NIL,
        dyn_of(&t_int, I(0)), dyn_of(&t_float64, VAL_FLOAT(0.0)), /* +0 finds -0 */
    };
    bool ok = true;
    int64_t v;
    for (int i = 0; i < n; i++) ok &= get_int(m, fresh[i], &v) && v == i;
    CHECK(ok);
    CHECK(!get_int(m, dyn_of(&t_int16, I(1)), &v));
    CHECK(!get_int(m, dyn_of(&t_string, VAL_PTR(S("2"))), &v));
    /* a struct key through an interface, with an interface field */
    Field f[] = {{.name = intern_cstr(names, "v"), .type = &t_any}};
    Type *st = type_struct(tt, f, 1);
    Struct *s1 = struct_new(st);
    s1->f[0] = dyn_of(&t_string, VAL_PTR(S("in")));
    map_set(m, dyn_of(st, VAL_PTR(s1)), I(100), NULL);
    Struct *s2 = struct_new(st);
    s2->f[0] = dyn_of(&t_string, VAL_PTR(S("in")));
    CHECK(get_int(m, dyn_of(st, VAL_PTR(s2)), &v) && v == 100);
}

static void test_floats(void) {
    Map *m = map_new(t_map_f64_int, 0);
    for (int i = 0; i < 3; i++) map_set(m, VAL_FLOAT(NAN), I(i), NULL);
    CHECK(map_len(m) == 3);
    int64_t v;
    CHECK(!get_int(m, VAL_FLOAT(NAN), &v));
    map_delete(m, VAL_FLOAT(NAN), NULL);
    CHECK(map_len(m) == 3);
    map_set(m, VAL_FLOAT(0.0), I(10), NULL);
    CHECK(get_int(m, VAL_FLOAT(-0.0), &v) && v == 10);
    map_set(m, VAL_FLOAT(-0.0), I(11), NULL);
    CHECK(map_len(m) == 4 && get_int(m, VAL_FLOAT(0.0), &v) && v == 11);
    for (int i = 0; i < 1000; i++) map_set(m, VAL_FLOAT(NAN), I(i), NULL); /* no pile-up */
    for (int i = 0; i < 1000; i++) map_set(m, VAL_FLOAT(i + 0.5), I(i), NULL);
    CHECK(map_len(m) == 2004 && get_int(m, VAL_FLOAT(500.5), &v) && v == 500);
    MapIter *it = map_iter_new(m);
    Value k, val;
    int nans = 0;
    while (map_iter_next(it, &k, &val)) nans += isnan(k.f);
    CHECK(nans == 1003);
    map_clear(m);
    CHECK(map_len(m) == 0);
    /* NaN through interfaces */
    Map *ma = map_new(t_map_any_int, 0);
    map_set(ma, to_dyn(&t_float64, VAL_FLOAT(NAN)), I(1), NULL);
    map_set(ma, to_dyn(&t_float64, VAL_FLOAT(NAN)), I(2), NULL);
    CHECK(map_len(ma) == 2 && !get_int(ma, to_dyn(&t_float64, VAL_FLOAT(NAN)), &v));
    Value nan32 = to_dyn(&t_float32, VAL_FLOAT(NAN));
    CHECK(!dyn_equal(nan32, nan32, NULL));
}

static void test_unhashable(void) {
    Map *m = map_new(t_map_any_int, 0);
    Slice *sl = slice_make(&t_slice_int, 2, 2);
    Value key = to_dyn(&t_slice_int, VAL_PTR(sl));
    MapErr err = {0};
    Value out;
    CHECK(!map_get(m, key, &out, &err) && err.unhashable == &t_slice_int); /* empty map too */
    map_set(m, dyn_of(&t_int, I(1)), I(1), NULL);
    err = (MapErr){0};
    map_set(m, key, I(2), &err);
    CHECK(err.unhashable == &t_slice_int && map_len(m) == 1);
    err = (MapErr){0};
    CHECK(!map_get(m, key, &out, &err) && err.unhashable == &t_slice_int);
    err = (MapErr){0};
    map_delete(m, key, &err);
    CHECK(err.unhashable == &t_slice_int);
    err = (MapErr){0};
    CHECK(map_slot(m, key, &err) == NULL && err.unhashable == &t_slice_int);
    CHECK(strcmp(type_string(err.unhashable), "[]int") == 0);
    /* a struct with a slice field: the struct is named (Go's topmost type) */
    Field f[] = {{.name = intern_cstr(names, "s"), .type = &t_slice_int}};
    Type *st = type_struct(tt, f, 1);
    err = (MapErr){0};
    map_set(m, to_dyn(st, VAL_PTR(struct_new(st))), I(3), &err);
    CHECK(err.unhashable == st);
    /* a comparable struct whose interface field holds a slice: the slice */
    Field g[] = {{.name = intern_cstr(names, "a"), .type = &t_any}};
    Type *gt = type_struct(tt, g, 1);
    Struct *gs = struct_new(gt);
    gs->f[0] = key;
    err = (MapErr){0};
    map_set(m, to_dyn(gt, VAL_PTR(gs)), I(4), &err);
    CHECK(err.unhashable == &t_slice_int && map_len(m) == 1);
    /* a map and a func type */
    Map *inner = map_new(t_map_int_int, 0);
    err = (MapErr){0};
    map_set(m, to_dyn(t_map_int_int, VAL_PTR(inner)), I(5), &err);
    CHECK(err.unhashable == t_map_int_int);
}

/* ---- equal.c: equality and hash consistency ---- */

static void test_equal_hash(void) {
    Type *bad = NULL;
    /* ints, floats */
    CHECK(value_equal(&t_int, I(5), I(5), &bad) && !value_equal(&t_int, I(5), I(6), &bad));
    CHECK(value_equal(&t_float64, VAL_FLOAT(0.0), VAL_FLOAT(-0.0), &bad));
    CHECK(value_hash(&t_float64, VAL_FLOAT(0.0), NULL) == value_hash(&t_float64, VAL_FLOAT(-0.0), NULL));
    CHECK(!value_equal(&t_float64, VAL_FLOAT(NAN), VAL_FLOAT(NAN), &bad));
    /* strings */
    CHECK(value_equal(&t_string, VAL_PTR(S("abc")), VAL_PTR(S("abc")), &bad));
    CHECK(value_hash(&t_string, VAL_PTR(S("abc")), NULL) == value_hash(&t_string, VAL_PTR(S("abc")), NULL));
    CHECK(!value_equal(&t_string, VAL_PTR(S("abc")), VAL_PTR(S("abd")), &bad));
    /* interfaces: different dynamic types are unequal, no panic */
    Slice *s1 = slice_make(&t_slice_int, 1, 1), *s2 = slice_make(&t_slice_int, 1, 1);
    Value d1 = to_dyn(&t_slice_int, VAL_PTR(s1)), d2 = to_dyn(&t_slice_int, VAL_PTR(s2));
    bad = NULL;
    CHECK(!dyn_equal(d1, to_dyn(&t_int, I(1)), &bad) && bad == NULL);
    CHECK(!dyn_equal(d1, VAL_NIL, &bad) && bad == NULL);
    CHECK(!dyn_equal(d1, to_dyn(&t_slice_string, VAL_PTR(slice_make(&t_slice_string, 0, 0))), &bad) &&
          bad == NULL);
    /* the same uncomparable type panics, even for one and the same slice */
    dyn_equal(d1, d2, &bad);
    CHECK(bad == &t_slice_int);
    bad = NULL;
    dyn_equal(d1, d1, &bad);
    CHECK(bad == &t_slice_int);
    bad = NULL;
    CHECK(dyn_equal(VAL_NIL, VAL_NIL, &bad) && bad == NULL);
    CHECK(dyn_equal(to_dyn(&t_int, I(INT64_MIN)), to_dyn(&t_int, I(INT64_MIN)), &bad));
    CHECK(!dyn_equal(to_dyn(&t_int, I(1)), to_dyn(&t_int32, I(1)), &bad));
    CHECK(dyn_equal(to_dyn(&t_float32, VAL_FLOAT(0.0)), to_dyn(&t_float32, VAL_FLOAT(-0.0)), &bad));
    CHECK(dyn_hash(to_dyn(&t_float32, VAL_FLOAT(0.0)), NULL) ==
          dyn_hash(to_dyn(&t_float32, VAL_FLOAT(-0.0)), NULL));
    CHECK(dyn_hash(to_dyn(&t_int, I(INT64_MAX)), NULL) == dyn_hash(to_dyn(&t_int, I(INT64_MAX)), NULL));
    /* struct order: a differing field before the interface field decides
     * without a panic; after it, the panic comes first (Go's order) */
    Field f[] = {{.name = intern_cstr(names, "n"), .type = &t_int},
                 {.name = intern_cstr(names, "a"), .type = &t_any},
                 {.name = intern_cstr(names, "m"), .type = &t_int}};
    Type *st = type_struct(tt, f, 3);
    Struct *x = struct_new(st), *y = struct_new(st);
    x->f[1] = d1, y->f[1] = d2;
    x->f[0] = I(1), y->f[0] = I(2);
    bad = NULL;
    CHECK(!value_equal(st, VAL_PTR(x), VAL_PTR(y), &bad) && bad == NULL);
    y->f[0] = I(1), y->f[2] = I(9);
    CHECK(!value_equal(st, VAL_PTR(x), VAL_PTR(y), &bad) && bad == &t_slice_int);
}

/* On a pool of dynamic values of several types: equality is symmetric,
 * never reports an uncomparable type, and equal values hash alike. */
static void test_hash_consistency(void) {
    Type *bad = NULL;
    Type *at = type_array(tt, &t_float64, 2);
    Value pool[40];
    int n = 0;
    for (int i = 0; i < 4; i++) {
        pool[n++] = to_dyn(&t_int, I(i));
        pool[n++] = to_dyn(&t_uint8, I(i));
        pool[n++] = to_dyn(&t_string, VAL_PTR(S(i % 2 ? "a" : "b")));
        pool[n++] = to_dyn(&t_float64, VAL_FLOAT(i % 2 ? 0.0 : -0.0));
        Array *a = array_new(at, &t_float64, 2);
        a->e[0] = VAL_FLOAT(i % 2 ? 0.0 : -0.0), a->e[1] = VAL_FLOAT(i % 2);
        pool[n++] = to_dyn(at, VAL_PTR(a));
        pool[n++] = to_dyn(&t_bool, I(i % 2));
    }
    bool ok = true;
    int equal_pairs = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            bad = NULL;
            bool eq = dyn_equal(pool[i], pool[j], &bad);
            ok &= bad == NULL;
            if (eq) {
                equal_pairs++;
                ok &= dyn_hash(pool[i], NULL) == dyn_hash(pool[j], NULL);
                ok &= dyn_equal(pool[j], pool[i], NULL);
            }
        }
    CHECK(ok);
    CHECK(equal_pairs > n);
}

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* ---- racing threads ---- */

enum { STRESS_THREADS = 4, STRESS_KEYS = 3000, STRESS_MAPS = 4 };
static Map *stress_maps[STRESS_MAPS];
static String *stress_keys[STRESS_KEYS];
static Value stress_pairs[STRESS_KEYS]; /* immutable struct keys and values */
static Type *stress_pair_type;
static int stress_stop;
static int stress_nkeys = STRESS_KEYS, stress_first, stress_nmaps = STRESS_MAPS;
static long stress_ops, stress_bad, stress_detected;

static bool valid_string(Value v) {
    String *s = v.p;
    return s && s->hdr == (uintptr_t)&t_string && s->len >= 0 && s->len < 64 && s->data;
}

static bool valid_pair(Value v) {
    Struct *p = v.p;
    return p && p->hdr == (uintptr_t)stress_pair_type && valid_string(p->f[1]);
}

/* A word read from stress map i is one of the words the threads store:
 * map[int]int odd ints (0 after a racing delete), map[string]string strings,
 * map[any]any small ints and strings, map[pair]pair pairs. */
static bool valid_word(int i, Value v) {
    if (i == 0) return v.i == 0 || (v.i % 2 == 1 && v.i < 2 * STRESS_KEYS);
    if (i == 1) return valid_string(v);
    if (i == 3) return valid_pair(v);
    if (v.u == 0 || dyn_is_int(v)) return true;
    return dyn_is_obj(v) && valid_string(v);
}

static bool valid_key(int i, Value k) {
    if (i == 0) return k.i >= 0 && k.i < STRESS_KEYS;
    return valid_word(i, k);
}

static Value stress_key(int i, uint64_t r) {
    int k = (int)(r % (uint64_t)stress_nkeys);
    if (i == 0) return I(k);
    if (i == 3 && (r & (1ull << 40))) return pair(stress_pair_type, k, stress_keys[k]->data, 1);
    if (i == 3) return stress_pairs[k];
    String *s = r & (1ull << 40) ? str_new(stress_keys[k]->data, stress_keys[k]->len) : stress_keys[k];
    if (i == 1 || (r & (1ull << 41))) return VAL_PTR(s);
    return dyn_small_int(k);
}

static void stress_op(uint64_t r, long *bad, long *det) {
    int i = stress_first + (int)((r >> 50) % (uint64_t)stress_nmaps), op = (int)((r >> 32) % 1000);
    Map *m = stress_maps[i];
    Value k = stress_key(i, r), v, kk;
    MapErr err = {0};
    if (op < 400) {
        Value val = i == 0   ? I(2 * (k.i % STRESS_KEYS) + 1)
                    : i == 3 ? stress_pairs[(r >> 8) % STRESS_KEYS]
                             : VAL_PTR(stress_keys[r % STRESS_KEYS]);
        map_set(m, k, val, &err);
    } else if (op < 700) {
        if (map_get(m, k, &v, &err) && !valid_word(i, v)) (*bad)++;
    } else if (op < 960) {
        map_delete(m, k, &err);
    } else if (op < 999) {
        MapIter *it = map_iter_new(m);
        for (int n = 0; n < 200 && map_iter_next(it, &kk, &v); n++)
            if (!valid_word(i, v) || !valid_key(i, kk)) (*bad)++;
    } else {
        map_clear(m);
    }
    if (map_len(m) < 0 || map_len(m) > 4 * STRESS_KEYS) (*bad)++;
    if (err.concurrent_write || err.concurrent_read) (*det)++;
}

static void *stress_thread(void *arg) {
    uint64_t r = (uint64_t)(uintptr_t)arg * 0x9e3779b97f4a7c15ull + 1;
    long ops = 0, bad = 0, det = 0;
    while (!__atomic_load_n(&stress_stop, __ATOMIC_RELAXED)) {
        for (int j = 0; j < 256; j++) {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            stress_op(r, &bad, &det);
        }
        ops += 256;
    }
    __atomic_fetch_add(&stress_ops, ops, __ATOMIC_RELAXED);
    __atomic_fetch_add(&stress_bad, bad, __ATOMIC_RELAXED);
    __atomic_fetch_add(&stress_detected, det, __ATOMIC_RELAXED);
    return NULL;
}

/* After the storm the maps must still work as maps for fresh keys. */
static void stress_aftercheck(void) {
    Map *m = stress_maps[0];
    for (int k = 0; k < 5000; k++) set_int(m, I(100000 + k), k);
    bool ok = true;
    int64_t v;
    for (int k = 0; k < 5000; k++) ok &= get_int(m, I(100000 + k), &v) && v == k;
    for (int k = 0; k < 5000; k += 2) map_delete(m, I(100000 + k), NULL);
    for (int k = 0; k < 5000; k++) ok &= get_int(m, I(100000 + k), &v) == (k % 2 == 1);
    CHECK(ok);
    for (int i = 0; i < STRESS_MAPS; i++) {
        MapIter *it = map_iter_new(stress_maps[i]);
        Value k, val;
        long n = 0;
        while (map_iter_next(it, &k, &val) && n < 1000000) n++;
        CHECK(n < 1000000 && n >= map_len(stress_maps[i]) / 2);
    }
}

/* One storm: STRESS_THREADS threads on maps [first, first + nmaps) with
 * nkeys distinct keys, for the given time. */
static void storm(int first, int nmaps, int nkeys, double seconds) {
    stress_first = first, stress_nmaps = nmaps, stress_nkeys = nkeys;
    __atomic_store_n(&stress_stop, 0, __ATOMIC_RELAXED);
    pthread_t th[STRESS_THREADS];
    for (int i = 0; i < STRESS_THREADS; i++)
        CHECK(pthread_create(&th[i], NULL, stress_thread, (void *)(uintptr_t)(i + 1 + first * 16)) == 0);
    double end = now_ns() + seconds * 1e9;
    struct timespec nap = {0, 10000000};
    while (now_ns() < end) nanosleep(&nap, NULL); /* a GC interrupts sleeps: loop */
    __atomic_store_n(&stress_stop, 1, __ATOMIC_RELAXED);
    for (int i = 0; i < STRESS_THREADS; i++) pthread_join(th[i], NULL);
}

/* A wide storm over all four maps (growth, compaction, clear), then a
 * narrow one on each map alone with a handful of keys, so that rebuilds race
 * with every other operation all the time. */
static void test_stress(double seconds) {
    stress_maps[0] = map_new(t_map_int_int, 0);
    stress_maps[1] = map_new(t_map_str_str, 0);
    stress_maps[2] = map_new(t_map_any_any, 0);
    stress_pair_type = pair_type();
    stress_maps[3] = map_new(type_map(tt, stress_pair_type, stress_pair_type), 0);
    char buf[32];
    for (int k = 0; k < STRESS_KEYS; k++) {
        snprintf(buf, sizeof buf, "k%d", k);
        stress_keys[k] = S(buf);
        stress_pairs[k] = pair(stress_pair_type, k, buf, 0);
    }
    storm(0, STRESS_MAPS, STRESS_KEYS, seconds / 2);
    for (int i = 0; i < STRESS_MAPS; i++) storm(i, 1, 24, seconds / 2 / STRESS_MAPS);
    CHECK(stress_bad == 0);
    stress_aftercheck();
    printf("stress: %d threads, %ld ops, %ld invalid words, %ld races detected\n",
           STRESS_THREADS, stress_ops, stress_bad, stress_detected);
}

/* ---- benchmark ---- */

/* Each figure is the best of BENCH_REPS runs (the machine may be shared).
 * Keys: for ints i*7, for strings "key<i>", looked up through other objects
 * with the same bytes (the VM's usual case), in a scattered order. */
enum { BENCH_N = 1000000, BENCH_SMALL = 1000, BENCH_ROUNDS = 1000, BENCH_REPS = 3 };
static int64_t bench_sum;

static Value bench_key(int kind, int64_t i, String **strs) {
    return kind == 0 ? I(i * 7) : kind == 1 ? VAL_PTR(strs[i]) : dyn_small_int(i * 7);
}

static Type *bench_type(int kind) {
    return kind == 0 ? t_map_int_int : kind == 1 ? t_map_str_int : t_map_any_int;
}

/* ns/op for: insert n fresh keys into a growing map, get all n scattered,
 * and get/update a hot BENCH_SMALL-key map. */
static void bench_once(int kind, int64_t n, String **keys, String **probes, double best[4]) {
    Map *m = map_new(bench_type(kind), 0);
    Value v;
    double t0 = now_ns();
    for (int64_t i = 0; i < n; i++) map_set(m, bench_key(kind, i, keys), I(i), NULL);
    double t1 = now_ns();
    for (int64_t i = 0; i < n; i++) {
        int64_t k = (int64_t)(((uint64_t)i * 2654435761u) % (uint64_t)n);
        if (map_get(m, bench_key(kind, k, probes), &v, NULL)) bench_sum += v.i;
    }
    double t2 = now_ns();
    Map *s = map_new(bench_type(kind), 0);
    for (int64_t i = 0; i < BENCH_SMALL; i++) map_set(s, bench_key(kind, i, keys), I(i), NULL);
    double t3 = now_ns();
    for (int r = 0; r < BENCH_ROUNDS; r++)
        for (int64_t i = 0; i < BENCH_SMALL; i++)
            if (map_get(s, bench_key(kind, i, probes), &v, NULL)) bench_sum += v.i;
    double t4 = now_ns();
    for (int r = 0; r < BENCH_ROUNDS; r++)
        for (int64_t i = 0; i < BENCH_SMALL; i++) map_set(s, bench_key(kind, i, probes), I(r), NULL);
    double t5 = now_ns();
    double ops = (double)BENCH_SMALL * BENCH_ROUNDS;
    double f[4] = {(t1 - t0) / n, (t2 - t1) / n, (t4 - t3) / ops, (t5 - t4) / ops};
    for (int i = 0; i < 4; i++)
        if (best[i] == 0 || f[i] < best[i]) best[i] = f[i];
}

static void bench(void) {
    String **keys = NEW_ARRAY(String *, BENCH_N), **probes = NEW_ARRAY(String *, BENCH_N);
    char buf[32];
    for (int i = 0; i < BENCH_N; i++) {
        snprintf(buf, sizeof buf, "key%d", i);
        keys[i] = S(buf);
        probes[i] = S(buf);
    }
    const char *what[] = {"int", "string", "interface (small ints)"};
    for (int kind = 0; kind < 3; kind++) {
        double best[4] = {0};
        for (int r = 0; r < BENCH_REPS; r++) bench_once(kind, BENCH_N, keys, probes, best);
        printf("bench %s keys, ns/op: set 1M growing %.1f | get 1M scattered %.1f | "
               "get 1k hot %.1f | update 1k hot %.1f\n",
               what[kind], best[0], best[1], best[2], best[3]);
    }
    if (bench_sum == 42) printf("\n"); /* keep the loops */
}

int main(int argc, char **argv) {
    GC_INIT();
    tt = typetab_new();
    names = interner_new();
    t_map_int_int = type_map(tt, &t_int, &t_int);
    t_map_str_int = type_map(tt, &t_string, &t_int);
    t_map_str_str = type_map(tt, &t_string, &t_string);
    t_map_any_int = type_map(tt, &t_any, &t_int);
    t_map_any_any = type_map(tt, &t_any, &t_any);
    t_map_f64_int = type_map(tt, &t_float64, &t_int);
    double stress_seconds = argc > 1 ? atof(argv[1]) : 3.0;

    test_basic();
    test_order();
    for (uint64_t seed = 1; seed <= 20; seed++) test_iter_mutation(seed);
    test_iter_compaction();
    test_million();
    test_strings();
    test_struct_keys();
    test_other_keys();
    test_interface_keys();
    test_floats();
    test_unhashable();
    test_equal_hash();
    test_hash_consistency();
    test_stress(stress_seconds);
#if defined(CSP_GC_TORTURE) || defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    printf("bench: skipped in an instrumented build\n");
#else
    if (!getenv("MAP_TEST_NO_BENCH")) bench();
#endif

    printf("map_test: %d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
