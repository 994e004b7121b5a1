/* intern.h: the identifier interner. Interned names are canonical, so names
 * compare by pointer (method lookup, field lookup, scopes). Thread-safe; one
 * per VM; interned strings live as long as the VM. */
#ifndef CSP_INTERN_H
#define CSP_INTERN_H

#include "common.h"

typedef struct Interner Interner;

Interner *interner_new(void);
const char *intern(Interner *in, const char *s, size_t len);
static inline const char *intern_cstr(Interner *in, const char *s) { return intern(in, s, strlen(s)); }

#endif
