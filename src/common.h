/* common.h: includes, assertions and the atomic word accessors every file uses.
 * Nothing here owns state; see value.h for the value representation. */
#ifndef CSP_COMMON_H
#define CSP_COMMON_H

#ifndef GC_THREADS
#define GC_THREADS 1
#endif
#include <gc/gc.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef CSP_DEBUG
#include <stdio.h>
#include <stdlib.h>
#define CSP_ASSERT(cond, why)                                                     \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "%s:%d: assertion failed: %s (%s)\n", __FILE__,       \
                    __LINE__, #cond, why);                                        \
            abort();                                                              \
        }                                                                         \
    } while (0)
#else
#define CSP_ASSERT(cond, why) ((void)0)
#endif

#define CSP_UNUSED(x) ((void)(x))
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Script-visible heap words are read and written with relaxed atomics so that a
 * racy script reads a stale or torn-free word, never undefined behaviour (plain
 * moves on x86-64). Use these for every word a script can reach through the
 * heap: struct fields, slice and array elements, cells, globals. */
#define LOADW(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define STOREW(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

/* Allocation: everything lives on the Boehm heap. ALLOC zeroes and is scanned;
 * ALLOC_ATOMIC is for pointer-free data (not zeroed). */
#ifdef CSP_GC_TORTURE
/* Torture build (meson -Dgc_torture=true): collect every few allocations so a
 * missing root shows up at once instead of once in a blue moon. */
void *gc_torture_alloc(size_t n, int atomic);
#define ALLOC(n) gc_torture_alloc((n), 0)
#define ALLOC_ATOMIC(n) gc_torture_alloc((n), 1)
#else
#define ALLOC(n) GC_MALLOC(n)
#define ALLOC_ATOMIC(n) GC_MALLOC_ATOMIC(n)
#endif
#define ALLOC_UNCOLLECTABLE(n) GC_MALLOC_UNCOLLECTABLE(n)
#define NEW(T) ((T *)ALLOC(sizeof(T)))
#define NEW_ARRAY(T, n) ((T *)ALLOC(sizeof(T) * (size_t)(n)))
#define GROW_ARRAY(T, p, n) ((T *)GC_REALLOC((p), sizeof(T) * (size_t)(n)))

/* gc_strdup: a NUL-terminated copy of [s, s+len) on the GC heap (atomic). */
char *gc_strndup(const char *s, size_t len);
char *gc_strdup(const char *s);
/* gc_sprintf: printf into a fresh GC string. */
char *gc_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer on the GC heap, used by fmt, diagnostics and strings. */
typedef struct Buf {
    char *data;
    size_t len, cap;
} Buf;

void buf_init(Buf *b);
void buf_reserve(Buf *b, size_t extra);
void buf_putc(Buf *b, char c);
void buf_put(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* buf_cstr: NUL-terminates (not counted in len) and returns data. */
char *buf_cstr(Buf *b);
/* Appends the rest of fp to b (NUL-terminated, as buf_cstr). */
void buf_read_file(Buf *b, FILE *fp);

#endif
