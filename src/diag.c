/* diag.c: compile errors: collected while parsing and checking, rendered once
 * sorted, each with its source line and a caret. Lines are quoted safely: long
 * lines are cut around the column and bytes that could garble a terminal
 * (controls, NULs, invalid UTF-8) are shown as '?'. */
#include "diag.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* How many bytes of a long source line are quoted around the column. */
#define QUOTE_WIDTH 200

void diag_init(Diag *d, const char *file, const char *src, size_t srclen) {
    memset(d, 0, sizeof *d);
    diag_set_file(d, file, src, srclen);
}

void diag_set_file(Diag *d, const char *file, const char *src, size_t srclen) {
    d->file = file;
    d->src = src;
    d->srclen = srclen;
}

static bool same_file(const char *a, const char *b) {
    return a == b || (a && b && strcmp(a, b) == 0);
}

void diag_error(Diag *d, Pos pos, const char *fmt, ...) {
    if (d->too_many) return;
    for (int i = 0; i < d->n; i++)
        if (d->msgs[i].pos.line == pos.line && same_file(d->msgs[i].file, d->file)) return;
    char tmp[256], *msg;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (len < 0) len = 0;
    if ((size_t)len < sizeof tmp) {
        msg = gc_strndup(tmp, (size_t)len);
    } else {
        msg = GC_MALLOC_ATOMIC((size_t)len + 1);
        va_start(ap, fmt);
        vsnprintf(msg, (size_t)len + 1, fmt, ap);
        va_end(ap);
    }
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->msgs = GROW_ARRAY(DiagMsg, d->msgs, d->cap);
    }
    d->msgs[d->n++] = (DiagMsg){d->file, d->src, d->srclen, pos, msg};
    /* gc stops at the 10th error and says so */
    if (d->n >= DIAG_LIMIT) d->too_many = true;
}

void diag_merge(Diag *d, const Diag *from) {
    for (int i = 0; i < from->n && !d->too_many; i++) {
        if (d->n == d->cap) {
            d->cap = d->cap ? d->cap * 2 : 8;
            d->msgs = GROW_ARRAY(DiagMsg, d->msgs, d->cap);
        }
        d->msgs[d->n++] = from->msgs[i];
        if (d->n >= DIAG_LIMIT) d->too_many = true;
    }
}

/* ---- safe quoting ---- */

/* Length of the valid, displayable UTF-8 character at s (0 if it must be
 * shown as '?': invalid, or a C1 control). */
static int char_len(const unsigned char *s, const unsigned char *e) {
    unsigned c = s[0];
    int n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (c < 0xC2 || c > 0xF4 || e - s < n) return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) || (c == 0xF0 && s[1] < 0x90) ||
        (c == 0xF4 && s[1] > 0x8F) || (c == 0xC2 && s[1] < 0xA0))
        return 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return n;
}

/* Appends [s, e) with unsafe bytes replaced by '?'. If caret is non-NULL,
 * also appends to it one tab (for a tab) or space per character before byte
 * offset col (relative to s). */
static void put_safe(Buf *out, Buf *caret, const char *s, const char *e, ptrdiff_t col) {
    const unsigned char *p = (const unsigned char *)s, *end = (const unsigned char *)e;
    while (p < end) {
        ptrdiff_t off = (const char *)p - s;
        int n = 1;
        if (*p == '\t' || (*p >= 0x20 && *p < 0x7F)) buf_putc(out, (char)*p);
        else if (*p >= 0x80 && (n = char_len(p, end)) > 0) buf_put(out, (const char *)p, (size_t)n);
        else {
            buf_putc(out, '?');
            n = 1;
        }
        if (caret && off < col) buf_putc(caret, *p == '\t' ? '\t' : ' ');
        p += n;
    }
}

/* The bounds of line `line` (1-based) in src; false if there is no such line. */
static bool find_line(const char *src, size_t len, int32_t line, const char **ls, const char **le) {
    const char *p = src, *end = src + len;
    for (int32_t l = 1; l < line; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return false;
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    *ls = p;
    *le = nl ? nl : end;
    if (*le > *ls && (*le)[-1] == '\r') (*le)--;
    return true;
}

/* Quotes the source line of m and a caret under its column. */
static void quote_line(Buf *out, const DiagMsg *m) {
    const char *ls, *le;
    if (!m->src || m->pos.line < 1 || !find_line(m->src, m->srclen, m->pos.line, &ls, &le)) return;
    ptrdiff_t len = le - ls, col = m->pos.col > 0 ? m->pos.col - 1 : 0;
    if (col > len) col = len; /* past the end: the caret goes after the last character */
    ptrdiff_t ws = 0, we = len;
    if (len > QUOTE_WIDTH) {
        ws = col - QUOTE_WIDTH / 2;
        if (ws > len - QUOTE_WIDTH) ws = len - QUOTE_WIDTH;
        if (ws < 0) ws = 0;
        we = ws + QUOTE_WIDTH;
        /* cut at character boundaries: at most 3 continuation bytes to skip
         * (more are invalid UTF-8 anyway, and quoted as '?') */
        for (int k = 0; k < 3 && ws > 0 && (ls[ws] & 0xC0) == 0x80; k++) ws++;
        for (int k = 0; k < 3 && we < len && (ls[we] & 0xC0) == 0x80; k++) we--;
    }
    Buf caret;
    buf_init(&caret);
    if (ws > 0) {
        buf_puts(out, "...");
        buf_puts(&caret, "   ");
    }
    put_safe(out, &caret, ls + ws, ls + we, col - ws);
    if (we < len) buf_puts(out, "...");
    buf_putc(out, '\n');
    buf_put(out, caret.data, caret.len);
    buf_puts(out, "^\n");
}

static const char *file_name(const DiagMsg *m) { return m->file ? m->file : "<input>"; }

static int cmp_msg(const void *a, const void *b) {
    const DiagMsg *x = *(const DiagMsg *const *)a, *y = *(const DiagMsg *const *)b;
    int c = strcmp(file_name(x), file_name(y));
    if (c) return c;
    if (x->pos.line != y->pos.line) return x->pos.line < y->pos.line ? -1 : 1;
    if (x->pos.col != y->pos.col) return x->pos.col < y->pos.col ? -1 : 1;
    return x < y ? -1 : x > y;
}

static void put_header(Buf *out, const DiagMsg *m, const char *msg) {
    const char *f = file_name(m);
    put_safe(out, NULL, f, f + strlen(f), 0);
    buf_printf(out, ":%d:%d: ", m->pos.line, m->pos.col);
    /* a message's own lines (Go's "\n\thave (...)\n\twant (...)") stay
     * lines; anything else unprintable is still quoted */
    for (const char *line = msg;;) {
        const char *nl = strchr(line, '\n');
        const char *e = nl ? nl : line + strlen(line);
        put_safe(out, NULL, line, e, 0);
        buf_putc(out, '\n');
        if (!nl) break;
        line = nl + 1;
    }
}

void diag_render(const Diag *d, Buf *out) {
    if (d->n == 0) return;
    const DiagMsg **sorted = NEW_ARRAY(const DiagMsg *, d->n);
    for (int i = 0; i < d->n; i++) sorted[i] = &d->msgs[i];
    qsort(sorted, (size_t)d->n, sizeof *sorted, cmp_msg);
    for (int i = 0; i < d->n; i++) {
        put_header(out, sorted[i], sorted[i]->msg);
        quote_line(out, sorted[i]);
    }
    /* like gc, at the position of the error that reached the limit */
    if (d->too_many) put_header(out, &d->msgs[d->n - 1], "too many errors");
}
