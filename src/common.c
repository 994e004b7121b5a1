/* common.c: GC string helpers and the growable buffer. */
#include "common.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef CSP_GC_TORTURE
/* Every CSP_GC_TORTURE_EVERY-th allocation (default 1000; environment
 * CSP_GC_TORTURE_EVERY overrides) runs a full collection first. */
void *gc_torture_alloc(size_t n, int atomic) {
    static _Atomic long counter;
    static long every;
    if (!every) {
        const char *e = getenv("CSP_GC_TORTURE_EVERY");
        every = e && atol(e) > 0 ? atol(e) : 1000;
    }
    if (++counter % every == 0) GC_gcollect();
    return atomic ? GC_MALLOC_ATOMIC(n) : GC_MALLOC(n);
}
#endif

char *gc_strndup(const char *s, size_t len) {
    char *p = ALLOC_ATOMIC(len + 1);
    memcpy(p, s, len);
    p[len] = 0;
    return p;
}

char *gc_strdup(const char *s) { return gc_strndup(s, strlen(s)); }

char *gc_sprintf(const char *fmt, ...) {
    if (!fmt) return gc_strndup("", 0);
    Buf b;
    buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return gc_strndup("", 0);
    if (n < (int)sizeof tmp) return gc_strndup(tmp, (size_t)n);
    buf_reserve(&b, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(b.data, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return b.data;
}

void buf_init(Buf *b) {
    b->data = NULL;
    b->len = b->cap = 0;
}

void buf_reserve(Buf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return;
    size_t ncap = b->cap ? b->cap * 2 : 64;
    while (ncap < b->len + extra + 1) ncap *= 2;
    char *nd = GC_MALLOC_ATOMIC(ncap);
    if (b->len) memcpy(nd, b->data, b->len);
    b->data = nd;
    b->cap = ncap;
}

void buf_putc(Buf *b, char c) {
    buf_reserve(b, 1);
    b->data[b->len++] = c;
}

void buf_put(Buf *b, const char *s, size_t n) {
    if (!n) return;
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_printf(Buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (n < (int)sizeof tmp) {
        buf_put(b, tmp, (size_t)n);
        return;
    }
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *buf_cstr(Buf *b) {
    buf_reserve(b, 0);
    b->data[b->len] = 0;
    return b->data;
}

void buf_read_file(Buf *b, FILE *fp) {
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) buf_put(b, chunk, n);
    buf_cstr(b);
}
