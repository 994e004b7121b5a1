/* diag.h: compile-time diagnostics. Errors are collected (file, line, col,
 * message) while parsing and checking, up to a limit, and rendered once as
 *   FILE:LINE:COL: message
 *   <the source line>
 *   <spaces/tabs>^
 * Run-time reports (panics, deadlocks) are in panic.c. */
#ifndef CSP_DIAG_H
#define CSP_DIAG_H

#include "ast.h"

#define DIAG_LIMIT 10 /* like Go: after 10 errors, "too many errors" */

typedef struct DiagMsg {
    const char *file;
    const char *src; /* the file's source, for the quoted line */
    size_t srclen;
    Pos pos;
    char *msg;
} DiagMsg;

typedef struct Diag {
    const char *file; /* the file being compiled now */
    const char *src;
    size_t srclen;
    DiagMsg *msgs;
    int n, cap;
    bool too_many;    /* more than DIAG_LIMIT were reported */
} Diag;

void diag_init(Diag *d, const char *file, const char *src, size_t srclen);
/* Appends from's messages (each keeps its own file) to d. */
void diag_merge(Diag *d, const Diag *from);
/* Switch the current file (script modules); messages keep their own file. */
void diag_set_file(Diag *d, const char *file, const char *src, size_t srclen);
/* Records an error at pos. A second error on the same line is dropped (as Go
 * does), so that one mistake does not cascade. */
void diag_error(Diag *d, Pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static inline bool diag_failed(const Diag *d) { return d->n > 0; }
/* Appends every message, sorted by position, each followed by its source line
 * and a caret, then "too many errors" if the limit was hit. */
void diag_render(const Diag *d, Buf *out);

#endif
