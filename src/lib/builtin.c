/* lib/builtin.c: builtins used as deferred or go'd calls (`defer close(ch)`,
 * `go println(x)`): there they need to be function values, so the compiler
 * binds them to these natives, which take dynamic words. */
#include "lib.h"
#include "../chan.h"
#include "../map.h"

static NatStatus b_panic(Fiber *f, Value *a, int n) {
    rt_panic_value(f, n ? a[0] : VAL_NIL);
    return NAT_PANIC;
}

static NatStatus b_print(Fiber *f, Value *a, int n) {
    rt_print(f, a, n, false);
    return NAT_OK;
}

static NatStatus b_println(Fiber *f, Value *a, int n) {
    rt_print(f, a, n, true);
    return NAT_OK;
}

static NatStatus b_delete(Fiber *f, Value *a, int n) {
    Type *t = dyn_type(a[0]);
    if (!t) return NAT_OK;
    Value key;
    bool ok;
    if (rt_assert(f, a[1], t->under->key, ASSERT_IMPLICIT, &t_dyn, &key, &ok) != RT_OK) return NAT_PANIC;
    MapErr err = {0};
    map_delete(from_dyn(t, a[0]).p, key, &err);
    if (err.unhashable) {
        rt_panic_unhashable(f, err.unhashable);
        return NAT_PANIC;
    }
    return NAT_OK;
}

static NatStatus b_recover(Fiber *f, Value *a, int n) {
    /* recover() deferred directly is not called by a deferred function: nil */
    return NAT_OK;
}

static NatStatus b_clear(Fiber *f, Value *a, int n) {
    Type *t = dyn_type(a[0]);
    if (t && t->ukind == K_MAP) map_clear(from_dyn(t, a[0]).p);
    else if (t && t->ukind == K_SLICE) {
        Slice *s = from_dyn(t, a[0]).p;
        for (int64_t i = 0; s && i < s->len; i++) s->arr->e[s->off + i] = zero_value(t->under->elem);
    }
    return NAT_OK;
}

static NatStatus b_copy(Fiber *f, Value *a, int n) {
    Type *d = dyn_type(a[0]), *s = dyn_type(a[1]);
    if (d && s) rt_copy(from_dyn(d, a[0]), from_dyn(s, a[1]), s->ukind == K_STRING);
    return NAT_OK;
}

static NatStatus b_close(Fiber *f, Value *a, int n) {
    Type *t = dyn_type(a[0]);
    if (!t) return rt_panic_plain(f, "close of nil channel"), NAT_PANIC;
    if (t->ukind != K_CHAN) return lib_panic(f, "close of non-channel");
    if (t->under->chandir == CHAN_RECV)
        return rt_panic_plain(f, "invalid operation: cannot close receive-only channel"), NAT_PANIC;
    return chan_close(f, from_dyn(t, a[0]).p) == RT_OK ? NAT_OK : NAT_PANIC;
}

const NativeReg lib_builtin[] = {
    {"builtin.panic", b_panic},     {"builtin.print", b_print}, {"builtin.println", b_println},
    {"builtin.delete", b_delete},   {"builtin.recover", b_recover}, {"builtin.clear", b_clear},
    {"builtin.copy", b_copy},       {"builtin.close", b_close}, {NULL, NULL},
};
