/* lib/errors.c: what errors.Is and errors.As need from reflection. */
#include "lib.h"

/* comparable(v any) bool: can v be compared with == without a panic? */
static NatStatus e_comparable(Fiber *f, Value *a, int n) {
    Type *t = dyn_type(a[0]);
    a[0].i = !t || type_comparable(t);
    return NAT_OK;
}

/* checkAsTarget(target any): Go's panics for a bad As target. */
static NatStatus e_check(Fiber *f, Value *a, int n) {
    Type *t = dyn_type(a[0]);
    if (!t) return lib_panic(f, "errors: target cannot be nil");
    if (t->ukind != K_POINTER || !from_dyn(t, a[0]).p) return lib_panic(f, "errors: target must be a non-nil pointer");
    Type *et = t->under->elem;
    if (et->ukind != K_INTERFACE && !type_implements(et, &t_error, NULL, NULL))
        return lib_panic(f, "errors: *target must be interface or implement error");
    return NAT_OK;
}

/* assignTarget(err error, target any) bool: *target = err when err's
 * dynamic type fits *target's type. */
static NatStatus e_assign(Fiber *f, Value *a, int n) {
    Type *et = dyn_type(a[0]);
    Type *pt = dyn_type(a[1]);
    Value ptr = from_dyn(pt, a[1]);
    Type *t = pt->under->elem;
    bool ok;
    if (t->ukind == K_INTERFACE) ok = type_implements(et, t, NULL, NULL);
    else ok = et == t;
    if (ok) {
        if (t->ukind == K_INTERFACE) ((Value *)ptr.p)->u = a[0].u;
        else if (t->rep == REP_VAL) obj_assign(t, ptr, from_dyn(t, a[0]));
        else *(Value *)ptr.p = from_dyn(t, a[0]);
    }
    a[0].i = ok;
    return NAT_OK;
}

const NativeReg lib_errors[] = {
    {"errors.comparable", e_comparable},
    {"errors.checkAsTarget", e_check},
    {"errors.assignTarget", e_assign},
    {NULL, NULL},
};
