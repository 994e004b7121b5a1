/* lib/sort.c: the reflection sort.Slice needs: the length of any slice and
 * swapping two of its elements. */
#include "lib.h"

static NatStatus get_slice(Fiber *f, Value x, Slice **out) {
    Type *t = dyn_type(x);
    if (!t || t->ukind != K_SLICE) {
        rt_panic_plain(f, gc_sprintf("reflect: call of Slice on %s value", t ? type_string(t) : "zero"));
        return NAT_PANIC;
    }
    *out = from_dyn(t, x).p;
    return NAT_OK;
}

static NatStatus sort_len(Fiber *f, Value *a, int n) {
    Slice *s;
    if (get_slice(f, a[0], &s) != NAT_OK) return NAT_PANIC;
    a[0].i = slice_len(s);
    return NAT_OK;
}

static NatStatus sort_swap(Fiber *f, Value *a, int n) {
    Slice *s;
    if (get_slice(f, a[0], &s) != NAT_OK) return NAT_PANIC;
    int64_t i = a[1].i, j = a[2].i, len = slice_len(s);
    if ((uint64_t)i >= (uint64_t)len) return rt_panic_index(f, i, len), NAT_PANIC;
    if ((uint64_t)j >= (uint64_t)len) return rt_panic_index(f, j, len), NAT_PANIC;
    Value *d = slice_data(s);
    Value tmp = d[i];
    d[i] = d[j];
    d[j] = tmp;
    return NAT_OK;
}

const NativeReg lib_sort[] = {
    {"sort.lenOf", sort_len},
    {"sort.swapIn", sort_swap},
    {NULL, NULL},
};
