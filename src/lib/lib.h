/* lib/lib.h: the native halves of the standard modules. Each lib/<module>.c
 * defines a NativeReg table; bodiless functions of stdlib/<module>.csp are
 * bound to these by qualified name ("strings.Index"). Natives get the
 * arguments as static words of the declared parameter types and write their
 * results over them (object.h NativeFn). */
#ifndef CSP_LIB_H
#define CSP_LIB_H

/* Natives see the VM's internals for speed (strings, slices, types): they
 * are part of the interpreter, not host code. */
#include "../vm.h"
#include "../runtime.h"

extern const NativeReg lib_builtin[];
extern const NativeReg lib_fmt[];
extern const NativeReg lib_errors[];
extern const NativeReg lib_strings[];
extern const NativeReg lib_sort[];
extern const NativeReg lib_os[];
extern const NativeReg lib_strconv[];
extern const NativeReg lib_sync[];
extern const NativeReg lib_atomic[];
extern const NativeReg lib_time[];
extern const NativeReg lib_runtime[];
extern const NativeReg lib_math[];
extern const NativeReg lib_rand[];

void lib_register_all(VM *vm);

/* Helpers for natives. */
static inline String *arg_str(Value *a, int i) { return (String *)a[i].p; }
static inline Slice *arg_slice(Value *a, int i) { return (Slice *)a[i].p; }
static inline int64_t slice_len(const Slice *s) { return s ? s->len : 0; }
static inline Value *slice_data(Slice *s) { return s ? &s->arr->e[s->off] : NULL; }
/* A []string of n strings. */
Slice *lib_string_slice(String **items, int64_t n);
/* Raises a panic with a plain message (not "runtime error:"). */
NatStatus lib_panic(Fiber *f, const char *msg);

#endif
