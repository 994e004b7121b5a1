/* lib/lib.c: registration of every native table, and helpers shared by them. */
#include "lib.h"

void lib_register_all(VM *vm) {
    const NativeReg *tables[] = {lib_builtin, lib_fmt,  lib_errors, lib_strings, lib_sort, lib_os,
                                 lib_strconv, lib_sync, lib_atomic, lib_time,   lib_runtime, lib_math, lib_rand};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) vm_register_natives(vm, tables[i]);
}

Slice *lib_string_slice(String **items, int64_t n) {
    Slice *s = slice_make(&t_slice_string, n, n);
    for (int64_t i = 0; i < n; i++) s->arr->e[i].p = items[i];
    return s;
}

NatStatus lib_panic(Fiber *f, const char *msg) {
    /* the library panics with a string value, as Go's panic("...") */
    rt_panic_value(f, VAL_PTR(str_from_cstr(msg)));
    return NAT_PANIC;
}
