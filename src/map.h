/* map.h: Go maps with csp's insertion-ordered iteration. Keys and values are
 * static words of the map type's key and element types (value.h); struct and
 * array keys/values have value semantics, so the VM copies them in (map_set).
 * Design and race-safety argument: the essay atop map.c.
 *
 * Race safety (LANGUAGE.md "Races"): a map's storage is an immutable-capacity
 * table replaced by an atomic pointer swap when it grows, and every index is
 * bounds-checked against the table's own capacity, so unsynchronised use from
 * several goroutines can lose updates but never crash or corrupt memory.
 *
 * Iteration follows insertion order. As Go requires: an entry deleted before
 * the iterator reaches it is not produced; an entry added during iteration
 * may or may not be produced (here: it is, unless the map was cleared). */
#ifndef CSP_MAP_H
#define CSP_MAP_H

#include "object.h"

typedef struct Map Map;

/* What a map operation reports besides its result. Zero it before the call:
 * operations only ever set fields. err may be NULL where nothing is wanted.
 * unhashable: a dynamic key whose dynamic type cannot be hashed; the caller
 * panics with "runtime error: hash of unhashable type T" (T = *unhashable).
 * concurrent_write / concurrent_read: best-effort race detection as in Go (a
 * writer found another write in progress; a map_get ran during a write). The
 * operation itself completed normally; the VM may raise Go's "fatal error:
 * concurrent map writes" / "concurrent map read and map write". */
typedef struct MapErr {
    Type *unhashable; /* NULL: no error */
    bool concurrent_write;
    bool concurrent_read;
} MapErr;

/* A new map of map type t (K_MAP or a named map type) sized for hint entries.
 * The header type is t, so the map describes itself as a dynamic value. */
Map *map_new(Type *t, int64_t hint);
Type *map_type(const Map *m);
int64_t map_len(const Map *m); /* 0 for NULL (nil map) */

/* Lookup: true and *out = value if present; false and *out untouched if not.
 * A NULL map is empty. The value word is the stored word: callers that store
 * a REP_VAL value elsewhere must copy it (obj_copy). */
bool map_get(Map *m, Value key, Value *out, MapErr *err);
/* Returns a pointer to the stored value slot for key, inserting the zero
 * value first if absent (for m[k] op= v inside the VM). NULL with err set on
 * unhashable key. m must not be NULL. Use the slot at once, reading and
 * writing it with LOADW/STOREW: a racing writer may move the map to a new
 * table (the write is then lost) or delete the key (a deleted string value
 * reads as "", a deleted REP_VAL value as NULL). */
Value *map_slot(Map *m, Value key, MapErr *err);
/* Insert or replace. Key and value are stored as given: the map keeps the
 * very objects of REP_VAL keys and values, so the caller passes copies
 * (obj_copy) of anything an lvalue still refers to. m must not be NULL (the
 * VM panics "assignment to entry in nil map" first). */
void map_set(Map *m, Value key, Value val, MapErr *err);
/* Removes key if present. A NULL map is a no-op (an unhashable dynamic key
 * is still reported when the map is empty, as in Go; for a NULL map the key
 * type is unknown, so the VM checks with value_hash itself). */
void map_delete(Map *m, Value key, MapErr *err);
/* Removes every entry (Go's clear); iterations in progress end. */
void map_clear(Map *m);

/* Iteration in insertion order. The iterator holds no lock; it may be kept in
 * a VM register (it is a GC object). */
typedef struct MapIter MapIter;
MapIter *map_iter_new(Map *m); /* m may be NULL: an empty iteration */
/* The next live entry: key and value words as stored (copy REP_VAL words
 * before storing them elsewhere). false when done. Survives growth and
 * compaction of the map between calls: no surviving entry is skipped or
 * repeated. */
bool map_iter_next(MapIter *it, Value *key, Value *val);

#endif
