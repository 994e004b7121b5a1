/* rterror.c: Go's run-time error values (runtime.Error) and the helpers
 * that raise them with Go's exact messages. The values are of small named
 * types of package runtime whose Error method is native, so printing them
 * never needs script code. */
#include "fiber.h"
#include "runtime.h"
#include "vm.h"
#include <stdio.h>

/* Error() of every run-time error type: the receiver is the message. */
static NatStatus native_error_text(Fiber *f, Value *args, int nargs) {
    (void)f;
    (void)nargs;
    return NAT_OK; /* args[0] is already the String* result */
}

static Type *error_type(VM *vm, const char *name) {
    Type *t = type_new_named(vm->tt, "runtime", intern_cstr(vm->in, name));
    type_set_underlying(t, &t_string);
    Method *m = type_add_method(t, vm->n_Error, &t_func_string, false);
    Proto *p = NEW(Proto);
    p->name = gc_sprintf("runtime.%s.Error", name);
    p->native = native_error_text;
    p->nparams = 1;
    p->nresults = 1;
    p->nregs = 3;
    p->sig = &t_func_string;
    p->recv = t;
    m->proto = p;
    /* RuntimeError() marks them as runtime.Error */
    Method *rm = type_add_method(t, intern_cstr(vm->in, "RuntimeError"),
                                 type_func(vm->tt, NULL, 0, NULL, 0, false), false);
    Proto *rp = NEW(Proto);
    *rp = *p;
    rp->name = gc_sprintf("runtime.%s.RuntimeError", name);
    rp->nresults = 0;
    rp->sig = rm->sig;
    rm->proto = rp;
    return t;
}

/* Error() of the pointer error types: the receiver points at the message. */
static NatStatus native_ptr_error_text(Fiber *f, Value *args, int nargs) {
    (void)f;
    (void)nargs;
    args[0] = *(Value *)args[0].p;
    return NAT_OK;
}

/* *runtime.<name>: Go's TypeAssertionError and PanicNilError have pointer
 * receivers, so recover() gives a pointer (%T prints "*runtime.Name"). The
 * pointee is the message, a string. */
static Type *error_ptr_type(VM *vm, const char *name) {
    Type *t = error_type(vm, name);
    Method *m = type_method(t, vm->n_Error);
    m->ptr_recv = true;
    m->proto->native = native_ptr_error_text;
    Type *pt = type_pointer(vm->tt, t);
    m->proto->recv = pt;
    return pt;
}

void rterror_init(VM *vm) {
    vm->t_bounds_error = error_type(vm, "boundsError");
    vm->t_error_string = error_type(vm, "errorString");
    vm->t_plain_error = error_type(vm, "plainError");
    vm->t_assert_error = error_ptr_type(vm, "TypeAssertionError");
}

static RtStatus raise_error(Fiber *f, Type *t, const char *msg, bool runtime_prefix) {
    Panic *pn = NEW(Panic);
    String *s = runtime_prefix ? str_from_cstr(gc_sprintf("runtime error: %s", msg)) : str_from_cstr(msg);
    if (t->kind == K_POINTER) pn->value = box_new(t, VAL_PTR(&cell_new(VAL_PTR(s))->v));
    else pn->value = box_new(t, VAL_PTR(s));
    pn->runtime_error = true;
    pn->text = s->data;
    f->pending = pn;
    return RT_PANIC;
}

RtStatus rt_panic_index(Fiber *f, int64_t i, int64_t len) {
    char msg[96];
    if (i < 0) snprintf(msg, sizeof msg, "index out of range [%lld]", (long long)i);
    else snprintf(msg, sizeof msg, "index out of range [%lld] with length %lld", (long long)i, (long long)len);
    return raise_error(f, f->vm->t_bounds_error, msg, true);
}

/* which: 0 = s[:hi] beyond cap/len, 1 = lo > hi, 2 = 3-index max beyond
 * cap, 3 = 3-index hi > max, 4 = 3-index lo > hi; cap < 0 means the
 * operand is a string (Go says "length"). */
RtStatus rt_panic_slice(Fiber *f, int64_t lo, int64_t hi, int64_t max, int64_t cap, int which) {
    char msg[128];
    const char *what = cap < 0 ? "length" : "capacity";
    long long c = (long long)(cap < 0 ? -cap - 1 : cap);
    switch (which) {
    case 0:
        if (hi < 0) snprintf(msg, sizeof msg, "slice bounds out of range [:%lld]", (long long)hi);
        else snprintf(msg, sizeof msg, "slice bounds out of range [:%lld] with %s %lld", (long long)hi, what, c);
        break;
    case 1:
        if (lo < 0) snprintf(msg, sizeof msg, "slice bounds out of range [%lld:]", (long long)lo);
        else snprintf(msg, sizeof msg, "slice bounds out of range [%lld:%lld]", (long long)lo, (long long)hi);
        break;
    case 2:
        if (max < 0) snprintf(msg, sizeof msg, "slice bounds out of range [::%lld]", (long long)max);
        else snprintf(msg, sizeof msg, "slice bounds out of range [::%lld] with capacity %lld", (long long)max, c);
        break;
    case 3: snprintf(msg, sizeof msg, "slice bounds out of range [:%lld:%lld]", (long long)hi, (long long)max); break;
    default:
        if (lo < 0) snprintf(msg, sizeof msg, "slice bounds out of range [%lld::]", (long long)lo);
        else snprintf(msg, sizeof msg, "slice bounds out of range [%lld:%lld:]", (long long)lo, (long long)hi);
        break;
    }
    return raise_error(f, f->vm->t_bounds_error, msg, true);
}

RtStatus rt_panic_nil(Fiber *f) {
    return raise_error(f, f->vm->t_error_string, "invalid memory address or nil pointer dereference", true);
}

RtStatus rt_panic_divide(Fiber *f) { return raise_error(f, f->vm->t_error_string, "integer divide by zero", true); }
RtStatus rt_panic_shift(Fiber *f) { return raise_error(f, f->vm->t_error_string, "negative shift amount", true); }
RtStatus rt_panic_plain(Fiber *f, const char *msg) { return raise_error(f, f->vm->t_plain_error, msg, false); }
RtStatus rt_panic_runtime(Fiber *f, const char *msg) { return raise_error(f, f->vm->t_error_string, msg, true); }

RtStatus rt_panic_unhashable(Fiber *f, Type *t) {
    return raise_error(f, f->vm->t_error_string, gc_sprintf("hash of unhashable type %s", type_string(t)), true);
}

RtStatus rt_panic_uncomparable(Fiber *f, Type *t) {
    return raise_error(f, f->vm->t_error_string, gc_sprintf("comparing uncomparable type %s", type_string(t)), true);
}

RtStatus rt_panic_assert_from(Fiber *f, const char *src, Type *have, Type *want, const char *missing);

RtStatus rt_panic_assert(Fiber *f, Type *iface, Type *have, Type *want, const char *missing) {
    const char *src = iface ? type_string(iface) : "interface {}";
    if (iface && iface->kind == K_DYN) src = "interface {}";
    return rt_panic_assert_from(f, src, have, want, missing);
}

/* The same, with the asserted interface type already named. */
RtStatus rt_panic_assert_from(Fiber *f, const char *src, Type *have, Type *want, const char *missing) {
    const char *msg;
    if (want->ukind == K_INTERFACE) {
        if (!have) msg = gc_sprintf("interface conversion: interface is nil, not %s", type_string(want));
        else msg = gc_sprintf("interface conversion: %s is not %s: missing method %s", type_string(have),
                              type_string(want), missing ? missing : "?");
    } else if (!have) {
        msg = gc_sprintf("interface conversion: %s is nil, not %s", src, type_string(want));
    } else {
        msg = gc_sprintf("interface conversion: %s is %s, not %s", src, type_string(have), type_string(want));
    }
    return raise_error(f, f->vm->t_assert_error, msg, false);
}

RtStatus rt_panic_value(Fiber *f, Value v) {
    if (v.u == 0) /* Go 1.21: panic(nil) is a *runtime.PanicNilError */
        /* made on demand: panic(nil) is rare and VM has no slot for it */
        return raise_error(f, error_ptr_type(f->vm, "PanicNilError"), "panic called with nil argument", false);
    Panic *pn = NEW(Panic);
    pn->value = v;
    f->pending = pn;
    return RT_PANIC;
}
