/* map.c: Go maps with insertion-ordered iteration (a dense entry array in
 * insertion order plus an open-addressing index, like CPython's compact
 * dict), safe under racy use from several threads. Hashing and equality of
 * keys: equal.c.
 *
 * Layout. A Map points, through one atomic word, to a Table: `e`, the
 * entries (key, value, seq) in insertion order, and `ix`, 2^k index slots.
 * A slot is one 64-bit word: 0 empty; SLOT_TOMB a deleted entry's slot; else
 * entry number + 1 in the low half and the high half of the key's hash as a
 * tag, which spares most entry loads. A key's home slot is its hash's low
 * bits; probing is linear. A table's arrays, capacity and seq_base never
 * change once it is published; only entry words, slots and the counters
 * `used` (entries handed out) and `live` (map_len) do. When `used` reaches
 * the capacity, a rebuild copies the live entries in order into a fresh table
 * sized so at least half of it is free (growing, or shrinking after many
 * deletes) and publishes it with one release store.
 *
 * Iteration. seq is an entry's insertion number: entry i appended to a table
 * gets seq_base + i, and a rebuild copies seqs and sets seq_base above them,
 * so seqs increase along the entries of every table. An iterator remembers
 * the last seq it produced; in the same table it walks on, and when it finds
 * a new table it binary-searches for the next larger seq. Growth and
 * compaction thus neither skip nor repeat a surviving entry; deleted entries
 * (SEQ_DEAD) are not produced, appended ones are. map_clear bumps the map's
 * epoch, which ends iterations in progress.
 *
 * Races (LANGUAGE.md "Races"; the script's bug, never our crash). Writers
 * take no lock, so racing writers may lose updates, claim the same entry, or
 * leave an entry unindexed. What keeps this safe:
 * - An operation loads the table pointer once and works on that table to the
 *   end; its arrays always match its own capacity and mask.
 * - Every entry number read from a slot is checked against that capacity
 *   (SLOT_TOMB fails the check too), and every probe loop stops after
 *   mask + 1 slots; an insert that finds no free slot rebuilds instead.
 * - Every word ever stored in a key or value slot is a valid word of its type
 *   or 0 (never written, or cleared by delete); where 0 is not a valid word
 *   (strings, structs, arrays) readers take it as "absent".
 * - used and live are plain loads and stores, clamped when read.
 * - Entry words are stored before the slot that indexes them (release), and
 *   readers load slots and entry words with acquire, so an object reached
 *   through a map (a fresh string) is seen initialised on any CPU; on x86
 *   these are plain moves.
 * Detection is best effort, as in Go: `writing` is set while a write runs;
 * a writer that finds it set, or finds it cleared at its end, reports
 * MapErr.concurrent_write; a reader that finds it set reports
 * concurrent_read. */
#include "map.h"
#include "equal.h"

typedef struct Entry {
    Value key, val;
    uint64_t seq; /* 0: never written; SEQ_DEAD set: deleted */
} Entry;

typedef struct Table {
    Entry *e;
    uint64_t *ix;
    uint64_t cap;      /* entries */
    uint64_t mask;     /* index slots - 1 */
    uint64_t seq_base; /* entry i appended here gets seq seq_base + i */
    uint64_t used;     /* racy: entries [0, used) handed out */
    int64_t live;      /* racy: entries not deleted */
} Table;

/* How keys are hashed and compared, chosen once by map_new. */
enum { MK_WORD, MK_STR, MK_DYN, MK_GEN };

struct Map {
    uintptr_t hdr;  /* the map's type: a map describes itself (value.h) */
    Table *tab;     /* atomic; NULL until the first insertion */
    Type *kt, *vt;
    Value dead_val; /* what a deleted entry's value becomes */
    uint8_t kind;   /* MK_* */
    bool key_nz;    /* a 0 key word is no key (strings, REP_VAL): a cleared entry */
    bool val_nz;    /* the same for values */
    bool flat;      /* keys and values hold no pointers: entries are not scanned */
    uint8_t writing;
    uint32_t epoch; /* bumped by map_clear */
};

struct MapIter {
    Map *m;
    Table *t;      /* the table pos refers to */
    uint64_t pos;  /* next entry of t to look at */
    uint64_t last; /* seq of the last entry produced; 0: none yet */
    uint32_t epoch;
};

#define MIN_SLOTS 8
#define MAX_SLOTS (UINT64_C(1) << 32) /* entry numbers fit the slot's low half */
#define MAX_HINT (INT64_C(1) << 24)   /* larger hints are trimmed, not trusted */
#define SLOT_TOMB UINT64_C(0xFFFFFFFF)
#define TAG_MASK UINT64_C(0xFFFFFFFF00000000)
#define SEQ_DEAD (UINT64_C(1) << 63)

/* The per-key-kind paths are one body specialised by a constant `kind`;
 * GCC would otherwise keep a shared copy with the kind tests inside. */
#define SPECIALISED static inline __attribute__((always_inline))

/* ---- atomic access ---- */

static inline Table *table_of(const Map *m) { return __atomic_load_n(&m->tab, __ATOMIC_ACQUIRE); }
static inline void publish(Map *m, Table *t) { __atomic_store_n(&m->tab, t, __ATOMIC_RELEASE); }
static inline uint64_t load_acq(const uint64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline void store_rel(uint64_t *p, uint64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline Value word_load(const Value *p) { return (Value){.u = load_acq(&p->u)}; }
static inline void word_store(Value *p, Value v) { store_rel(&p->u, v.u); }

static inline uint64_t used_of(const Table *t) {
    uint64_t u = LOADW(&t->used);
    return u < t->cap ? u : t->cap;
}

/* ---- tables ---- */

/* Entries a table of `slots` index slots holds: a load of at most 5/8 keeps
 * linear probes short. */
static inline uint64_t cap_of(uint64_t slots) { return slots / 2 + slots / 8; }

static uint64_t slots_for(uint64_t n) {
    uint64_t s = MIN_SLOTS;
    while (s < MAX_SLOTS && cap_of(s) < n) s *= 2;
    return s;
}

static void *alloc_zeroed_atomic(size_t n) {
    void *p = ALLOC_ATOMIC(n);
    memset(p, 0, n);
    return p;
}

/* A fresh, empty table (not yet published). */
static Table *table_new(const Map *m, uint64_t slots, uint64_t seq_base) {
    Table *t = NEW(Table);
    t->mask = slots - 1;
    t->cap = cap_of(slots);
    t->seq_base = seq_base;
    t->ix = alloc_zeroed_atomic(slots * sizeof(uint64_t));
    size_t eb = t->cap * sizeof(Entry);
    t->e = m->flat ? alloc_zeroed_atomic(eb) : ALLOC(eb);
    return t;
}

/* ---- keys ---- */

SPECIALISED uint64_t key_hash(const Map *m, int kind, Value k, Type **bad) {
    switch (kind) {
    case MK_WORD: return hash_word(k.u);
    case MK_STR: return str_hash(k.p ? (String *)k.p : &str_empty);
    case MK_DYN: return dyn_hash(k, bad);
    default: return value_hash(m->kt, k, bad);
    }
}

/* Does stored key word s (possibly 0 from a racing delete) equal k? */
SPECIALISED bool key_eq(const Map *m, int kind, Value s, Value k, Type **bad) {
    switch (kind) {
    case MK_WORD: return s.u == k.u;
    case MK_STR: return s.p && k.p && str_equal(s.p, k.p);
    case MK_DYN: return dyn_equal(s, k, bad);
    default: return (s.p || !m->key_nz) && value_equal(m->kt, s, k, bad);
    }
}

typedef struct Probe {
    uint64_t slot;  /* where the key is, or the first reusable slot */
    uint64_t entry; /* the key's entry, when found */
    bool found;
    bool room;      /* not found, and slot is empty or a tombstone */
} Probe;

/* Looks for k (hash h) in t, at most mask + 1 slots. */
SPECIALISED Probe probe(const Map *m, int kind, const Table *t, Value k, uint64_t h,
                          Type **bad) {
    const uint64_t mask = t->mask, cap = t->cap, tag = h & TAG_MASK;
    const uint64_t *ix = t->ix;
    const Entry *es = t->e;
    Probe p = {0};
    uint64_t i = h & mask;
    for (uint64_t n = 0; n <= mask; n++, i = (i + 1) & mask) {
        uint64_t s = load_acq(&ix[i]);
        if (s == 0) {
            if (!p.room) p.slot = i;
            p.room = true;
            return p;
        }
        uint64_t e = (uint32_t)s - 1;
        if (e >= cap) { /* a tombstone, or damage from a race */
            if ((uint32_t)s == SLOT_TOMB && !p.room) {
                p.slot = i;
                p.room = true;
            }
            continue;
        }
        if ((s & TAG_MASK) == tag && key_eq(m, kind, word_load(&es[e].key), k, bad)) {
            p.slot = i;
            p.entry = e;
            p.found = true;
            return p;
        }
    }
    return p;
}

/* An entry a rebuild keeps: written, not deleted, no cleared words. */
static inline bool entry_live(const Map *m, uint64_t seq, Value k, Value v) {
    return seq && !(seq & SEQ_DEAD) && (k.u || !m->key_nz) && (v.u || !m->val_nz);
}

/* Places entry number en (hash h) in a table no one else sees yet. */
static void index_put(Table *t, uint64_t h, uint64_t en) {
    uint64_t i = h & t->mask;
    for (uint64_t n = 0; n <= t->mask; n++, i = (i + 1) & t->mask) {
        if (!t->ix[i]) {
            t->ix[i] = (h & TAG_MASK) | (en + 1);
            return;
        }
    }
}

/* Copies old's live entries, in order, into a new table with at least half
 * of it free, and publishes it. Racing writers to old may lose their writes;
 * the copy reads each entry's seq (acquire) before its words, so it never
 * keeps a half-written entry. */
static Table *rebuild(Map *m, Table *old) {
    uint64_t used = used_of(old), live = 0;
    for (uint64_t i = 0; i < used; i++) {
        Entry *s = &old->e[i];
        if (entry_live(m, load_acq(&s->seq), word_load(&s->key), word_load(&s->val))) live++;
    }
    Table *t = table_new(m, slots_for(2 * live), 0);
    uint64_t n = 0;
    for (uint64_t i = 0; i < used && n < t->cap; i++) {
        Entry *s = &old->e[i];
        uint64_t seq = load_acq(&s->seq);
        Value k = word_load(&s->key), v = word_load(&s->val);
        if (!entry_live(m, seq, k, v)) continue;
        t->e[n] = (Entry){k, v, seq};
        index_put(t, key_hash(m, m->kind, k, NULL), n);
        n++;
    }
    t->used = n;
    t->live = (int64_t)n;
    /* every seq in old is below old's seq_base + cap */
    t->seq_base = old->seq_base + old->cap - n;
    publish(m, t);
    return t;
}

/* ---- race detection ---- */

static void note_write_race(MapErr *err) {
    if (err) err->concurrent_write = true;
}

static inline void write_begin(Map *m, MapErr *err) {
    if (UNLIKELY(LOADW(&m->writing))) note_write_race(err);
    STOREW(&m->writing, 1);
}

static inline void write_end(Map *m, MapErr *err) {
    if (UNLIKELY(!LOADW(&m->writing))) note_write_race(err);
    STOREW(&m->writing, 0);
}

static void note_unhashable(MapErr *err, Type *bad) {
    if (err) err->unhashable = bad;
}

/* For an empty map: Go still panics on an unhashable dynamic key. */
static void check_key(const Map *m, Value k, MapErr *err) {
    if (m->kind != MK_DYN && m->kind != MK_GEN) return;
    if (m->kt->flags & TF_HASHABLE) return;
    Type *bad = NULL;
    key_hash(m, m->kind, k, &bad);
    if (bad) note_unhashable(err, bad);
}

/* ---- lookup ---- */

SPECIALISED bool get_in(Map *m, int kind, Table *t, Value k, Value *out, MapErr *err) {
    Type *bad = NULL;
    uint64_t h = key_hash(m, kind, k, &bad);
    if (UNLIKELY(bad)) {
        note_unhashable(err, bad);
        return false;
    }
    Probe p = probe(m, kind, t, k, h, &bad);
    if (!p.found) return false;
    Value v = word_load(&t->e[p.entry].val);
    if (UNLIKELY(!v.u && m->val_nz)) return false; /* a racing delete */
    *out = v;
    return true;
}

bool map_get(Map *m, Value key, Value *out, MapErr *err) {
    if (!m) return false;
    if (UNLIKELY(LOADW(&m->writing)) && err) err->concurrent_read = true;
    Table *t = table_of(m);
    if (UNLIKELY(!t)) {
        check_key(m, key, err);
        return false;
    }
    switch (m->kind) {
    case MK_WORD: return get_in(m, MK_WORD, t, key, out, err);
    case MK_STR: return get_in(m, MK_STR, t, key, out, err);
    case MK_DYN: return get_in(m, MK_DYN, t, key, out, err);
    default: return get_in(m, MK_GEN, t, key, out, err);
    }
}

/* ---- insertion ---- */

/* The value word a slot-mode insert stores: the zero value. */
static Value fresh_val(const Map *m, const Value *val) {
    return val ? *val : zero_value(m->vt);
}

/* The entry for key k (hash h) after storing *val in it, inserting when
 * absent; val NULL (map_slot): keep an existing value, insert the zero value.
 * NULL only if racing writers kept every table we tried full (lost write). */
SPECIALISED Entry *upsert(Map *m, int kind, Value k, uint64_t h, const Value *val) {
    for (int tries = 0; tries < 4; tries++) {
        Table *t = table_of(m);
        if (!t) {
            t = table_new(m, MIN_SLOTS, 1);
            publish(m, t);
        }
        Probe p = probe(m, kind, t, k, h, NULL);
        if (p.found) {
            Entry *e = &t->e[p.entry];
            if (val) word_store(&e->val, *val);
            else if (m->val_nz && !word_load(&e->val).u) word_store(&e->val, fresh_val(m, NULL));
            return e;
        }
        uint64_t pos = LOADW(&t->used);
        if (UNLIKELY(!p.room || pos >= t->cap)) {
            rebuild(m, t);
            continue;
        }
        Entry *e = &t->e[pos];
        word_store(&e->key, k);
        word_store(&e->val, fresh_val(m, val));
        store_rel(&e->seq, t->seq_base + pos);
        store_rel(&t->ix[p.slot], (h & TAG_MASK) | (pos + 1));
        STOREW(&t->used, pos + 1);
        STOREW(&t->live, LOADW(&t->live) + 1);
        return e;
    }
    return NULL;
}

/* Hashes k and upserts; NULL with err set when k is unhashable. */
SPECIALISED Entry *set_in(Map *m, int kind, Value k, const Value *val, MapErr *err) {
    Type *bad = NULL;
    uint64_t h = key_hash(m, kind, k, &bad);
    if (UNLIKELY(bad)) {
        note_unhashable(err, bad);
        return NULL;
    }
    return upsert(m, kind, k, h, val);
}

static Entry *set_any(Map *m, Value k, const Value *val, MapErr *err) {
    switch (m->kind) {
    case MK_WORD: return set_in(m, MK_WORD, k, val, err);
    case MK_STR: return set_in(m, MK_STR, k, val, err);
    case MK_DYN: return set_in(m, MK_DYN, k, val, err);
    default: return set_in(m, MK_GEN, k, val, err);
    }
}

void map_set(Map *m, Value key, Value val, MapErr *err) {
    write_begin(m, err);
    set_any(m, key, &val, err);
    write_end(m, err);
}

Value *map_slot(Map *m, Value key, MapErr *err) {
    write_begin(m, err);
    MapErr local = {0};
    Entry *e = set_any(m, key, NULL, &local);
    write_end(m, err);
    if (local.unhashable) {
        note_unhashable(err, local.unhashable);
        return NULL;
    }
    if (UNLIKELY(!e)) { /* a write lost to racing writers: give a scratch slot */
        Value *scratch = NEW(Value);
        *scratch = zero_value(m->vt);
        return scratch;
    }
    return &e->val;
}

/* ---- deletion ---- */

SPECIALISED void delete_in(Map *m, int kind, Table *t, Value k, MapErr *err) {
    Type *bad = NULL;
    uint64_t h = key_hash(m, kind, k, &bad);
    if (UNLIKELY(bad)) {
        note_unhashable(err, bad);
        return;
    }
    Probe p = probe(m, kind, t, k, h, NULL);
    if (!p.found) return;
    Entry *e = &t->e[p.entry];
    store_rel(&t->ix[p.slot], SLOT_TOMB);
    store_rel(&e->seq, load_acq(&e->seq) | SEQ_DEAD);
    word_store(&e->key, VAL_NIL); /* drop references: no garbage retained */
    word_store(&e->val, m->dead_val);
    STOREW(&t->live, LOADW(&t->live) - 1);
}

void map_delete(Map *m, Value key, MapErr *err) {
    if (!m) return;
    write_begin(m, err);
    Table *t = table_of(m);
    if (!t) check_key(m, key, err);
    else if (m->kind == MK_WORD) delete_in(m, MK_WORD, t, key, err);
    else if (m->kind == MK_STR) delete_in(m, MK_STR, t, key, err);
    else if (m->kind == MK_DYN) delete_in(m, MK_DYN, t, key, err);
    else delete_in(m, MK_GEN, t, key, err);
    write_end(m, err);
}

/* The new table keeps room for as many entries as the map had, so a map
 * cleared and refilled each round does not grow again each round. */
void map_clear(Map *m) {
    if (!m) return;
    write_begin(m, NULL);
    Table *t = table_of(m);
    if (t) {
        int64_t n = map_len(m);
        publish(m, n ? table_new(m, slots_for((uint64_t)n), t->seq_base + t->cap) : NULL);
    }
    __atomic_add_fetch(&m->epoch, 1, __ATOMIC_RELEASE);
    write_end(m, NULL);
}

/* ---- the rest of the API ---- */

static int key_kind(const Type *kt) {
    if (kt->rep == REP_INT || kt->ukind == K_POINTER || kt->ukind == K_UNSAFEPTR) return MK_WORD;
    if (kt->ukind == K_STRING) return MK_STR;
    if (kt->rep == REP_DYN) return MK_DYN;
    return MK_GEN; /* floats, structs, arrays, channels */
}

static bool needs_nonzero(const Type *t) { return t->rep == REP_VAL || t->ukind == K_STRING; }
static bool pointer_free(const Type *t) { return t->rep == REP_INT || t->rep == REP_FLOAT; }

Map *map_new(Type *t, int64_t hint) {
    Map *m = NEW(Map);
    m->hdr = (uintptr_t)t;
    m->kt = t->under->key;
    m->vt = t->under->elem;
    m->kind = (uint8_t)key_kind(m->kt);
    m->key_nz = needs_nonzero(m->kt);
    m->val_nz = needs_nonzero(m->vt);
    m->flat = pointer_free(m->kt) && pointer_free(m->vt);
    m->dead_val = m->vt->ukind == K_STRING ? VAL_PTR(&str_empty) : VAL_NIL;
    if (hint > 0) m->tab = table_new(m, slots_for((uint64_t)(hint < MAX_HINT ? hint : MAX_HINT)), 1);
    return m;
}

Type *map_type(const Map *m) { return obj_type((const Obj *)m); }

int64_t map_len(const Map *m) {
    if (!m) return 0;
    Table *t = table_of(m);
    if (!t) return 0;
    int64_t n = LOADW(&t->live);
    uint64_t u = used_of(t);
    if (n < 0) return 0;
    return (uint64_t)n > u ? (int64_t)u : n;
}

/* ---- iteration ---- */

MapIter *map_iter_new(Map *m) {
    MapIter *it = NEW(MapIter);
    it->m = m;
    if (m) it->epoch = __atomic_load_n(&m->epoch, __ATOMIC_ACQUIRE);
    return it;
}

/* The first entry of t whose seq is above last (seqs increase along t). */
static uint64_t seek(const Table *t, uint64_t last) {
    uint64_t lo = 0, hi = used_of(t);
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if ((load_acq(&t->e[mid].seq) & ~SEQ_DEAD) > last) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

bool map_iter_next(MapIter *it, Value *key, Value *val) {
    Map *m = it->m;
    if (!m || __atomic_load_n(&m->epoch, __ATOMIC_ACQUIRE) != it->epoch) return false;
    Table *t = table_of(m);
    if (!t) return false;
    if (t != it->t) {
        it->pos = it->t || it->last ? seek(t, it->last) : 0;
        it->t = t;
    }
    for (uint64_t used = used_of(t); it->pos < used;) {
        Entry *e = &t->e[it->pos++];
        uint64_t seq = load_acq(&e->seq);
        Value k = word_load(&e->key), v = word_load(&e->val);
        /* seq <= last: only a race can put one here; never repeat */
        if (!entry_live(m, seq, k, v) || seq <= it->last) continue;
        it->last = seq;
        *key = k;
        *val = v;
        return true;
    }
    return false;
}
