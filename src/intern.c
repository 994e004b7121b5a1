/* intern.c: a hash set of canonical names, guarded by a mutex (compilation may
 * run while goroutines of the same VM run, e.g. in the REPL). */
#include "intern.h"
#include <pthread.h>

struct Interner {
    pthread_mutex_t lock;
    const char **slots; /* open addressing; NULL = empty */
    size_t cap, count;
};

static uint64_t hash_bytes(const char *s, size_t len) {
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

/* Names used by the predeclared types (types.c), laid out like interned
 * names; seeding them makes every VM intern "Error" to the same pointer the
 * static error type holds. */
extern const char *const types_static_names[];

/* Interned strings store their length just before the bytes, so that lookups
 * compare lengths first and names may contain any byte. */
static size_t name_len(const char *s) { return ((const size_t *)s)[-1]; }

Interner *interner_new(void) {
    Interner *in = NEW(Interner);
    pthread_mutex_init(&in->lock, NULL);
    in->cap = 1024;
    in->slots = NEW_ARRAY(const char *, in->cap);
    for (int i = 0; types_static_names[i]; i++) {
        const char *s = types_static_names[i];
        size_t j = hash_bytes(s, name_len(s)) & (in->cap - 1);
        while (in->slots[j]) j = (j + 1) & (in->cap - 1);
        in->slots[j] = s;
        in->count++;
    }
    return in;
}


static void grow(Interner *in) {
    size_t ncap = in->cap * 2;
    const char **ns = NEW_ARRAY(const char *, ncap);
    for (size_t i = 0; i < in->cap; i++) {
        const char *s = in->slots[i];
        if (!s) continue;
        size_t j = hash_bytes(s, name_len(s)) & (ncap - 1);
        while (ns[j]) j = (j + 1) & (ncap - 1);
        ns[j] = s;
    }
    in->slots = ns;
    in->cap = ncap;
}

const char *intern(Interner *in, const char *s, size_t len) {
    uint64_t h = hash_bytes(s, len);
    pthread_mutex_lock(&in->lock);
    size_t j = h & (in->cap - 1);
    for (const char *e; (e = in->slots[j]); j = (j + 1) & (in->cap - 1)) {
        if (name_len(e) == len && memcmp(e, s, len) == 0) {
            pthread_mutex_unlock(&in->lock);
            return e;
        }
    }
    size_t *block = GC_MALLOC_ATOMIC(sizeof(size_t) + len + 1);
    block[0] = len;
    char *copy = (char *)(block + 1);
    memcpy(copy, s, len);
    copy[len] = 0;
    in->slots[j] = copy;
    if (++in->count * 2 > in->cap) grow(in);
    pthread_mutex_unlock(&in->lock);
    return copy;
}
