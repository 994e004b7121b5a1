/* lib/atomic.c: the native half of sync/atomic. Every integer lives in a
 * 64-bit word kept normalised for its kind (value.h), so 32-bit operations
 * are compare-and-swap loops that wrap the result. */
#include "lib.h"
#include "../equal.h"

static int64_t wrap(int64_t v, int kind) {
    switch (kind) {
    case K_INT32: return (int32_t)v;
    case K_UINT32: return (uint32_t)v;
    default: return v;
    }
}

static Value *addr_of(Fiber *f, Value *a) {
    Value *p = a[0].p;
    if (!p) rt_panic_nil(f);
    return p;
}

static NatStatus op_add(Fiber *f, Value *a, int kind) {
    Value *p = addr_of(f, a);
    if (!p) return NAT_PANIC;
    int64_t old = __atomic_load_n(&p->i, __ATOMIC_RELAXED), nw;
    do {
        nw = wrap((int64_t)((uint64_t)old + (uint64_t)a[1].i), kind);
    } while (!__atomic_compare_exchange_n(&p->i, &old, nw, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
    a[0].i = nw;
    return NAT_OK;
}

static NatStatus op_load(Fiber *f, Value *a) {
    Value *p = addr_of(f, a);
    if (!p) return NAT_PANIC;
    a[0].i = __atomic_load_n(&p->i, __ATOMIC_SEQ_CST);
    return NAT_OK;
}

static NatStatus op_store(Fiber *f, Value *a) {
    Value *p = addr_of(f, a);
    if (!p) return NAT_PANIC;
    __atomic_store_n(&p->i, a[1].i, __ATOMIC_SEQ_CST);
    return NAT_OK;
}

static NatStatus op_swap(Fiber *f, Value *a) {
    Value *p = addr_of(f, a);
    if (!p) return NAT_PANIC;
    a[0].i = __atomic_exchange_n(&p->i, a[1].i, __ATOMIC_SEQ_CST);
    return NAT_OK;
}

static NatStatus op_cas(Fiber *f, Value *a) {
    Value *p = addr_of(f, a);
    if (!p) return NAT_PANIC;
    int64_t expect = a[1].i;
    a[0].i = __atomic_compare_exchange_n(&p->i, &expect, a[2].i, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
    return NAT_OK;
}

static NatStatus op_andor(Fiber *f, Value *a, bool is_and) {
    Value *p = addr_of(f, a);
    if (!p) return NAT_PANIC;
    a[0].i = is_and ? __atomic_fetch_and(&p->i, a[1].i, __ATOMIC_SEQ_CST)
                    : __atomic_fetch_or(&p->i, a[1].i, __ATOMIC_SEQ_CST);
    return NAT_OK;
}

#define KIND_FNS(Name, kind)                                                       \
    static NatStatus add_##Name(Fiber *f, Value *a, int n) { return op_add(f, a, kind); } \
    static NatStatus load_##Name(Fiber *f, Value *a, int n) { return op_load(f, a); }    \
    static NatStatus store_##Name(Fiber *f, Value *a, int n) { return op_store(f, a); }  \
    static NatStatus swap_##Name(Fiber *f, Value *a, int n) { return op_swap(f, a); }    \
    static NatStatus cas_##Name(Fiber *f, Value *a, int n) { return op_cas(f, a); }

KIND_FNS(Int32, K_INT32)
KIND_FNS(Int64, K_INT64)
KIND_FNS(Uint32, K_UINT32)
KIND_FNS(Uint64, K_UINT64)
KIND_FNS(Uintptr, K_UINTPTR)

static NatStatus and_any(Fiber *f, Value *a, int n) { return op_andor(f, a, true); }
static NatStatus or_any(Fiber *f, Value *a, int n) { return op_andor(f, a, false); }

/* ---- Value: one dynamic word at f[0] of the struct ---- */

static NatStatus value_load(Fiber *f, Value *a, int n) {
    Struct *v = a[0].p;
    if (!v) return rt_panic_nil(f), NAT_PANIC;
    a[0].u = __atomic_load_n(&v->f[0].u, __ATOMIC_SEQ_CST);
    return NAT_OK;
}

/* x must have the type of what v holds (if anything): Go's panic names
 * the operation ("store", "swap", "compare and swap"). */
static NatStatus check_store(Fiber *f, Struct *v, Value x, const char *op) {
    if (!x.u) return lib_panic(f, gc_sprintf("sync/atomic: %s of nil value into Value", op));
    Value cur = {.u = __atomic_load_n(&v->f[0].u, __ATOMIC_SEQ_CST)};
    if (cur.u && dyn_type(cur) != dyn_type(x))
        return lib_panic(f, gc_sprintf("sync/atomic: %s of inconsistently typed value into Value", op));
    return NAT_OK;
}

static NatStatus value_store(Fiber *f, Value *a, int n) {
    Struct *v = a[0].p;
    if (!v) return rt_panic_nil(f), NAT_PANIC;
    if (check_store(f, v, a[1], "store") != NAT_OK) return NAT_PANIC;
    __atomic_store_n(&v->f[0].u, a[1].u, __ATOMIC_SEQ_CST);
    return NAT_OK;
}

static NatStatus value_swap(Fiber *f, Value *a, int n) {
    Struct *v = a[0].p;
    if (!v) return rt_panic_nil(f), NAT_PANIC;
    if (check_store(f, v, a[1], "swap") != NAT_OK) return NAT_PANIC;
    a[0].u = __atomic_exchange_n(&v->f[0].u, a[1].u, __ATOMIC_SEQ_CST);
    return NAT_OK;
}

static NatStatus value_cas(Fiber *f, Value *a, int n) {
    Struct *v = a[0].p;
    if (!v) return rt_panic_nil(f), NAT_PANIC;
    if (!a[2].u) return lib_panic(f, "sync/atomic: compare and swap of nil value into Value");
    if (a[1].u && dyn_type(a[1]) != dyn_type(a[2]))
        return lib_panic(f, "sync/atomic: compare and swap of inconsistently typed values");
    if (check_store(f, v, a[2], "compare and swap") != NAT_OK) return NAT_PANIC;
    for (;;) {
        Value cur = {.u = __atomic_load_n(&v->f[0].u, __ATOMIC_SEQ_CST)};
        Type *bad = NULL;
        if (cur.u != a[1].u && !(cur.u && a[1].u && dyn_equal(cur, a[1], &bad))) {
            if (bad) return lib_panic(f, "sync/atomic: compare and swap of uncomparable value");
            a[0].i = 0;
            return NAT_OK;
        }
        if (__atomic_compare_exchange_n(&v->f[0].u, &cur.u, a[2].u, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
            a[0].i = 1;
            return NAT_OK;
        }
    }
}

/* ---- Pointer[T]: one pointer word at f[0] ---- */

static NatStatus ptr_load(Fiber *f, Value *a, int n) {
    Struct *v = a[0].p;
    if (!v) return rt_panic_nil(f), NAT_PANIC;
    a[0].u = __atomic_load_n(&v->f[0].u, __ATOMIC_SEQ_CST);
    return NAT_OK;
}

static NatStatus ptr_store(Fiber *f, Value *a, int n) {
    Struct *v = a[0].p;
    if (!v) return rt_panic_nil(f), NAT_PANIC;
    __atomic_store_n(&v->f[0].u, a[1].u, __ATOMIC_SEQ_CST);
    return NAT_OK;
}

static NatStatus ptr_swap(Fiber *f, Value *a, int n) {
    Struct *v = a[0].p;
    if (!v) return rt_panic_nil(f), NAT_PANIC;
    a[0].u = __atomic_exchange_n(&v->f[0].u, a[1].u, __ATOMIC_SEQ_CST);
    return NAT_OK;
}

static NatStatus ptr_cas(Fiber *f, Value *a, int n) {
    Struct *v = a[0].p;
    if (!v) return rt_panic_nil(f), NAT_PANIC;
    uint64_t expect = a[1].u;
    a[0].i = __atomic_compare_exchange_n(&v->f[0].u, &expect, a[2].u, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
    return NAT_OK;
}

#define REG_KIND(Name)                                                             \
    {"sync/atomic.Add" #Name, add_##Name}, {"sync/atomic.Load" #Name, load_##Name},      \
    {"sync/atomic.Store" #Name, store_##Name}, {"sync/atomic.Swap" #Name, swap_##Name}, \
    {"sync/atomic.CompareAndSwap" #Name, cas_##Name}

const NativeReg lib_atomic[] = {
    REG_KIND(Int32), REG_KIND(Int64), REG_KIND(Uint32), REG_KIND(Uint64), REG_KIND(Uintptr),
    {"sync/atomic.AndInt32", and_any}, {"sync/atomic.AndInt64", and_any},
    {"sync/atomic.OrInt32", or_any}, {"sync/atomic.OrInt64", or_any},
    {"sync/atomic.(*Value).Load", value_load}, {"sync/atomic.(*Value).Store", value_store},
    {"sync/atomic.(*Value).Swap", value_swap}, {"sync/atomic.(*Value).CompareAndSwap", value_cas},
    {"sync/atomic.(*Pointer[...]).Load", ptr_load}, {"sync/atomic.(*Pointer[...]).Store", ptr_store},
    {"sync/atomic.(*Pointer[...]).Swap", ptr_swap},
    {"sync/atomic.(*Pointer[...]).CompareAndSwap", ptr_cas},
    {NULL, NULL},
};
