/* call.c: the call, return, defer and panic protocol (essay in fiber.h).
 * Natives run synchronously here; script callees get a frame pushed and the
 * dispatch loop goes on with it. Deferred calls and panics are driven by
 * loops over the frame stack, never by C recursion. */
#include "call.h"
#include "equal.h"
#include "runtime.h"
#include <stdio.h>

static CallFrame *top(Fiber *f) { return &f->frames[f->nframes - 1]; }
static Value *regs(Fiber *f) { return f->stack + top(f)->base; }

Act stack_overflow(Fiber *f) {
    f->fatal = "stack overflow";
    Buf b;
    buf_init(&b);
    buf_printf(&b, "runtime: goroutine stack exceeds %llu-byte limit\nfatal error: stack overflow\n\n",
               (unsigned long long)FIBER_MAX_STACK_BYTES);
    vm_write_err(f->vm, b.data, b.len);
    vm_report_fatal(f, NULL);
    return ACT_FATAL;
}

static Act native_status(Fiber *f, NatStatus st) {
    switch (st) {
    case NAT_OK: return ACT_CONTINUE;
    case NAT_PANIC: return start_panic(f);
    case NAT_FATAL:
        vm_report_fatal(f, f->fatal);
        return ACT_FATAL;
    case NAT_PARK: return ACT_PARKED;
    case NAT_YIELD: return ACT_YIELD;
    default: return ACT_EXIT;
    }
}

/* Converts the n results at dst (static words of sig's result types) to
 * dynamic words and checks the count a dynamic caller wanted. */
static RtStatus dyn_results(Fiber *f, Type *sig, Value *dst, int n, int nwant) {
    if (nwant > 0 && n != nwant) {
        char msg[160];
        snprintf(msg, sizeof msg, "assignment mismatch: %d variable%s but the function returns %d value%s", nwant,
                 nwant == 1 ? "" : "s", n, n == 1 ? "" : "s");
        return rt_panic_plain(f, msg);
    }
    for (int i = 0; i < n && sig && i < sig->nresults; i++) dst[i] = to_dyn_fresh(sig->results[i], dst[i]);
    return RT_OK;
}

Act call_proto(Fiber *f, Proto *p, Closure *cl, int a, int nargs, int nres, uint32_t flags) {
    CallFrame *fr = top(f);
    uint32_t base = fr->base + (uint32_t)a + 1;
    if (!fiber_ensure_stack(f, base, p->nregs + (uint32_t)nargs + 4)) return stack_overflow(f);
    if (p->native) {
        Value *args = f->stack + base;
        f->native = p;
        NatStatus st = p->native(f, args, nargs);
        if (st != NAT_OK) return native_status(f, st); /* parked: hands off f */
        Value *R = regs(f);
        args = f->stack + base;
        int n = (int)p->nresults;
        for (int i = 0; i < n; i++) R[a + i] = args[i];
        if (flags & FR_DYNRES) {
            if (dyn_results(f, p->sig, &R[a], n, nres) != RT_OK) return start_panic(f);
        }
        return ACT_CONTINUE;
    }
    if (!p->code) {
        rt_panic_plain(f, gc_sprintf("function %s has no body", p->name));
        return start_panic(f);
    }
    if (!fiber_push_frame(f)) return stack_overflow(f);
    CallFrame *nf = top(f);
    nf->proto = p;
    nf->cl = cl;
    nf->pc = p->code;
    nf->base = base;
    nf->nwant = nres;
    nf->flags = flags;
    nf->defers = NULL;
    return ACT_CONTINUE;
}

/* Inserts a bound receiver before the nargs arguments after R[a]. */
static bool insert_bound(Fiber *f, int a, int nargs, Value bound) {
    CallFrame *fr = top(f);
    if (!fiber_ensure_stack(f, fr->base + (uint32_t)a, (uint32_t)nargs + 4)) return false;
    Value *R = regs(f);
    memmove(&R[a + 2], &R[a + 1], sizeof(Value) * (size_t)nargs);
    R[a + 1] = bound;
    return true;
}

Act call_value(Fiber *f, int a, int nargs, int nres, uint32_t flags) {
    Value *R = regs(f);
    Closure *cl = R[a].p;
    if (!cl) {
        rt_panic_nil(f);
        return start_panic(f);
    }
    if (cl->has_bound) {
        if (!insert_bound(f, a, nargs, cl->bound)) return stack_overflow(f);
        nargs++;
    }
    return call_proto(f, cl->proto, cl, a, nargs, nres, flags);
}

/* The receiver word a method expects, from the dynamic value recv of
 * dynamic type t. own: recv is owned by a dynamic variable, so a pointer
 * method may work on its object in place. */
static RtStatus method_receiver(Fiber *f, Value recv, Type *t, Method *m, bool own, Value *out) {
    if (t->ukind == K_POINTER && t->kind != K_NAMED) {
        Value ptr = from_dyn(t, recv);
        if (m->ptr_recv) {
            *out = ptr;
            return RT_OK;
        }
        if (!ptr.p) return rt_panic_nil(f);
        Type *et = t->elem;
        *out = et->rep == REP_VAL ? obj_copy(et, ptr) : *(Value *)ptr.p;
        return RT_OK;
    }
    Value v = from_dyn(t, recv);
    if (t->rep == REP_VAL) {
        if (m->ptr_recv && own) *out = v; /* in place: the variable's object */
        else *out = obj_copy(t, v);
        return RT_OK;
    }
    if (m->ptr_recv) { /* a scalar named type: the method gets a fresh cell */
        *out = VAL_PTR(cell_new(v));
        return RT_OK;
    }
    *out = v;
    return RT_OK;
}

static Method *find_method(Type *t, String *name) {
    if (!t) return NULL;
    return type_method(t, name->data);
}

Act call_interface(Fiber *f, int a, int nargs, int nres, String *name) {
    Value *R = regs(f);
    Value recv = R[a + 1];
    if (!recv.u) {
        rt_panic_nil(f);
        return start_panic(f);
    }
    Type *t = dyn_type(recv);
    Method *m = find_method(t, name);
    if (!m || !m->proto) {
        rt_panic_plain(f, gc_sprintf("internal error: method %s of %s not found", name->data, type_string(t)));
        return start_panic(f);
    }
    Value rv;
    if (method_receiver(f, recv, t, m, false, &rv) != RT_OK) return start_panic(f);
    regs(f)[a + 1] = rv;
    return call_proto(f, m->proto, NULL, a, nargs, nres, 0);
}

/* Converts dynamic arguments in place to the parameter types of sig
 * (packing variadic extras); returns the argument count or -1 (panic). */
static int convert_dyn_args(Fiber *f, Value *args, int nargs, Type *sig, int skip, const char *fname) {
    int np = sig->nparams;
    int fixed = sig->variadic ? np - 1 : np;
    if (nargs < fixed || (!sig->variadic && nargs > np)) {
        rt_panic_plain(f, gc_sprintf("%s arguments in call to %s", nargs < fixed ? "not enough" : "too many", fname));
        return -1;
    }
    bool ok;
    for (int i = 0; i < fixed; i++) {
        Value out;
        if (rt_assert(f, args[skip + i], sig->params[i], ASSERT_IMPLICIT, &t_dyn, &out, &ok) != RT_OK) return -1;
        args[skip + i] = out;
    }
    if (!sig->variadic) return np;
    Type *st = sig->params[np - 1];
    int nextra = nargs - fixed;
    Slice *s = nextra ? slice_make(st, nextra, nextra) : NULL;
    for (int i = 0; i < nextra; i++) {
        Value out;
        if (rt_assert(f, args[skip + fixed + i], st->elem, ASSERT_IMPLICIT, &t_dyn, &out, &ok) != RT_OK) return -1;
        s->arr->e[i] = out;
    }
    args[skip + fixed] = VAL_PTR(s);
    return np;
}

/* A dynamic method call that is really a call of a func-typed field. */
static bool field_func(Value recv, Type *t, String *name, Value *fn) {
    Type *st = t;
    Value obj = from_dyn(t, recv);
    if (t->ukind == K_POINTER) {
        st = t->under->elem;
        if (!obj.p) return false;
    }
    if (st->ukind != K_STRUCT) return false;
    for (int i = 0; i < st->under->nfields; i++) {
        Field *fd = &st->under->fields[i];
        if (strcmp(fd->name, name->data) == 0 && fd->type->ukind == K_FUNC) {
            *fn = ((Struct *)obj.p)->f[i];
            return true;
        }
    }
    return false;
}

/* Calls the dynamic word in R[a]. at_call: the pc is at the call, whose
 * source text the non-function message names (not so when a deferred call
 * runs it: the pc is then the function's return). The text is looked up
 * only for that message: this is every dynamic call's path. */
static Act call_dyn_value(Fiber *f, int a, int nargs, int nres, bool at_call) {
    Value *R = regs(f);
    Value w = R[a];
    Type *t = dyn_type(w);
    if (!t) {
        rt_panic_nil(f);
        return start_panic(f);
    }
    if (t->ukind != K_FUNC) {
        const char *text = at_call ? op_text_or_null(f) : NULL;
        rt_panic_plain(f, gc_sprintf("invalid operation: cannot call non-function %s%s(value of type %s)",
                                     text ? text : "", text ? " " : "", type_string(t)));
        return start_panic(f);
    }
    Closure *cl = from_dyn(t, w).p;
    if (!cl) {
        rt_panic_nil(f);
        return start_panic(f);
    }
    int skip = 0;
    if (cl->has_bound) {
        if (!insert_bound(f, a, nargs, cl->bound)) return stack_overflow(f);
        skip = 1;
    }
    R = regs(f);
    Type *sig = cl->proto->sig;
    int n = convert_dyn_args(f, &R[a + 1], nargs, sig, skip, cl->proto->name);
    if (n < 0) return start_panic(f);
    R[a].p = cl;
    return call_proto(f, cl->proto, cl, a, n + skip, nres, FR_DYNRES);
}

Act call_dynamic(Fiber *f, int a, int nargs, int nres, String *name) {
    if (!name) return call_dyn_value(f, a, nargs, nres, true);
    Value *R = regs(f);
    Value recv = R[a + 1];
    Type *t = dyn_type(recv);
    if (!t) {
        rt_panic_nil(f);
        return start_panic(f);
    }
    Method *m = find_method(t, name);
    if (!m) {
        Value fn;
        if (field_func(recv, t, name, &fn)) { /* x.f(args) with a func field */
            memmove(&R[a + 1], &R[a + 2], sizeof(Value) * (size_t)(nargs - 1));
            R[a] = to_dyn(t->ukind == K_POINTER ? t->under->elem : t, VAL_NIL); /* placeholder */
            Type *st = t->ukind == K_POINTER ? t->under->elem : t;
            for (int i = 0; i < st->under->nfields; i++)
                if (strcmp(st->under->fields[i].name, name->data) == 0) R[a] = to_dyn(st->under->fields[i].type, fn);
            return call_dyn_value(f, a, nargs - 1, nres, false);
        }
        rt_panic_plain(f, gc_sprintf("%s.%s undefined (type %s has no field or method %s)", op_text(f), name->data,
                                     type_string(t), name->data));
        return start_panic(f);
    }
    if (!m->proto) {
        rt_panic_plain(f, gc_sprintf("internal error: method %s not compiled", name->data));
        return start_panic(f);
    }
    Value rv;
    if (method_receiver(f, recv, t, m, true, &rv) != RT_OK) return start_panic(f);
    R[a + 1] = rv;
    int n = convert_dyn_args(f, &R[a + 1], nargs - 1, m->sig, 1, m->proto->name);
    if (n < 0) return start_panic(f);
    return call_proto(f, m->proto, NULL, a, n + 1, nres, FR_DYNRES);
}

RtStatus make_method_value(Fiber *f, Value recv, String *name, Closure *cl, bool dyn, Value *out) {
    Proto *p;
    Value rv = recv;
    if (cl) {
        p = cl->proto;
    } else {
        Type *t = dyn_type(recv);
        if (!t) return rt_panic_nil(f);
        Method *m = find_method(t, name);
        if (!m || !m->proto) {
            Value fn;
            if (dyn && field_func(recv, t, name, &fn)) {
                *out = fn;
                return RT_OK;
            }
            if (dyn)
                return rt_panic_plain(f, gc_sprintf("%s.%s undefined (type %s has no field or method %s)", op_text(f),
                                                    name->data, type_string(t), name->data));
            return rt_panic_plain(f, gc_sprintf("value of type %s has no method %s", type_string(t), name->data));
        }
        RtStatus st = method_receiver(f, recv, t, m, dyn, &rv);
        if (st != RT_OK) return st;
        p = m->proto;
    }
    Closure *bc = closure_new(p->sig, p, 0);
    bc->bound = rv;
    bc->has_bound = true;
    *out = VAL_PTR(bc);
    (void)dyn;
    return RT_OK;
}

/* ---- defer ---- */

void push_defer(Fiber *f, int a, int nargs, bool dyn) {
    CallFrame *fr = top(f);
    Value *R = regs(f);
    Defer *d = NEW(Defer);
    d->fn = R[a];
    d->nargs = nargs;
    d->dyn_args = dyn;
    if (nargs) {
        d->args = NEW_ARRAY(Value, nargs);
        memcpy(d->args, &R[a + 1], sizeof(Value) * (size_t)nargs);
    }
    d->next = fr->defers;
    fr->defers = d;
}

/* Starts deferred call d above the top frame. *pushed tells whether a frame
 * was pushed (a script function) or the call already ran (a native). */
static Act invoke_defer(Fiber *f, Defer *d, uint32_t flags, bool *pushed) {
    CallFrame *fr = top(f);
    int a = (int)fr->proto->nregs;
    uint32_t need = (uint32_t)d->nargs + 4;
    if (!fiber_ensure_stack(f, fr->base + (uint32_t)a, need)) return stack_overflow(f);
    Value *R = regs(f);
    R[a] = d->fn;
    for (int i = 0; i < d->nargs; i++) R[a + 1 + i] = d->args[i];
    uint32_t before = f->nframes;
    Act act = d->dyn_args ? call_dyn_value(f, a, d->nargs, 0, false) : call_value(f, a, d->nargs, 0, flags);
    *pushed = f->nframes > before;
    if (*pushed) {
        top(f)->flags |= flags;
        top(f)->nwant = 0;
    }
    return act;
}

/* Collects the results of the top frame. */
static void collect_results(Fiber *f, CallFrame *fr, int a, int n, bool from_vars, Value *out) {
    Value *R = f->stack + fr->base;
    Proto *p = fr->proto;
    for (int i = 0; i < n; i++) {
        if (from_vars && p->result_reg >= 0) {
            Value v = R[p->result_reg + i];
            out[i] = p->rescell && p->rescell[i] ? ((Cell *)v.p)->v : v;
        } else {
            out[i] = R[a + i];
        }
    }
}

static Act after_defer(Fiber *f, uint32_t flags);

Act do_return(Fiber *f, int a, int n, bool from_vars) {
    for (;;) {
        CallFrame *fr = top(f);
        if (fr->flags & FR_RETURNING) {
            a = (int)fr->ret_a;
            n = (int)fr->ret_n;
            from_vars = true;
        }
        if (!fr->defers) break;
        if (!(fr->flags & FR_RETURNING)) {
            /* the values of `return x` go to the result variables first (the
             * compiler stored them); remember where to read them back */
            fr->flags |= FR_RETURNING;
            fr->ret_a = (uint32_t)a;
            fr->ret_n = (uint32_t)n;
            if (!from_vars && fr->proto->result_reg < 0) {
                /* results not in variables: keep them above the registers */
                fr->proto->result_reg = fr->proto->result_reg;
            }
            if (!from_vars && fr->proto->result_reg >= 0 && n) {
                Value *R = f->stack + fr->base;
                for (int i = 0; i < n; i++) {
                    Value *slot = &R[fr->proto->result_reg + i];
                    if (fr->proto->rescell && fr->proto->rescell[i]) ((Cell *)slot->p)->v = R[a + i];
                    else *slot = R[a + i];
                }
            }
        }
        Defer *d = fr->defers;
        fr->defers = d->next;
        bool pushed;
        Act act = invoke_defer(f, d, FR_DEFER, &pushed);
        if (act != ACT_CONTINUE || pushed) return act;
    }
    CallFrame *fr = top(f);
    Value small[16];
    Value *res = n <= 16 ? small : NEW_ARRAY(Value, n);
    collect_results(f, fr, a, n, from_vars && (fr->flags & FR_RETURNING), res);
    uint32_t flags = fr->flags;
    int nwant = fr->nwant;
    Proto *p = fr->proto;
    Value *dst = f->stack + fr->base - 1;
    f->nframes--;
    for (int i = 0; i < n; i++) dst[i] = res[i];
    if (flags & FR_DYNRES) {
        if (dyn_results(f, p->sig, dst, n, nwant) != RT_OK) return start_panic(f);
    }
    if (flags & FR_TOP) {
        f->results = dst;
        f->nresults = n;
        return ACT_DONE;
    }
    if (flags & FR_PANIC_TEXT) {
        Panic *pn = f->panic;
        for (; pn; pn = pn->link)
            if (pn->text == (const char *)f) break;
        if (pn) pn->text = n && dst[0].p ? str_cstr(dst[0].p) : "";
        extern Act die_of_panic(Fiber * f);
        return die_of_panic(f);
    }
    if (flags & FR_DEFER) return after_defer(f, flags);
    return ACT_CONTINUE;
}

/* ---- panics ---- */

static void capture_trace(Fiber *f, Panic *pn) {
    int n = (int)f->nframes;
    int keep = n > 100 ? 100 : n;
    pn->trace = NEW_ARRAY(TraceEntry, keep);
    pn->trace_elided = n > 100;
    for (int i = 0; i < keep; i++) {
        CallFrame *fr = &f->frames[n - 1 - i];
        Proto *p = fr->proto;
        uint32_t idx = fr->pc > p->code ? (uint32_t)(fr->pc - p->code - 1) : 0;
        pn->trace[i].proto = p;
        pn->trace[i].line = p->lines && idx < p->ncode ? p->lines[idx] : (uint32_t)p->line;
    }
    pn->ntrace = keep;
}

Act continue_unwind(Fiber *f);

Act start_panic(Fiber *f) {
    if (f->fatal) {
        vm_report_fatal(f, f->fatal);
        return ACT_FATAL;
    }
    Panic *pn = f->pending;
    f->pending = NULL;
    if (!pn) {
        pn = NEW(Panic);
        pn->value = VAL_NIL;
    }
    for (uint32_t i = 0; i < f->nframes; i++) {
        if (f->frames[i].flags & FR_PANIC_TEXT) { /* panicking while printing a panic */
            for (Panic *q = f->panic; q; q = q->link)
                if (q->text == (const char *)f) q->text = "(error method panicked)";
            f->nframes = i;
            extern Act die_of_panic(Fiber * f);
            return die_of_panic(f);
        }
    }
    pn->link = f->panic;
    if (pn->link && pn->link->recovered && pn->link->value.u == pn->value.u) {
        pn->repanicked = true; /* Go 1.23: one line, "[recovered, repanicked]" */
        pn->link = pn->link->link;
    }
    f->panic = pn;
    pn->frame = (int32_t)f->nframes - 1;
    capture_trace(f, pn);
    return continue_unwind(f);
}

Act continue_unwind(Fiber *f) {
    Panic *pn = f->panic;
    while (pn->frame >= 0) {
        CallFrame *cf = &f->frames[pn->frame];
        if (cf->defers) {
            Defer *d = cf->defers;
            cf->defers = d->next;
            /* the deferred call runs above everything, as in Go */
            bool pushed;
            Act act = invoke_defer(f, d, FR_DEFER | FR_DEFER_PANIC, &pushed);
            if (act != ACT_CONTINUE || pushed) return act;
            if (pn->recovered) return after_defer(f, FR_DEFER | FR_DEFER_PANIC);
            continue;
        }
        pn->frame--;
    }
    extern Act die_of_panic(Fiber * f);
    return die_of_panic(f);
}

static Act after_defer(Fiber *f, uint32_t flags) {
    if (!(flags & FR_DEFER_PANIC)) return do_return(f, 0, 0, true);
    Panic *pn = f->panic;
    if (!pn || !pn->recovered) return continue_unwind(f);
    /* recovered: the frame whose deferred call recovered returns normally */
    int k = pn->frame;
    f->panic = pn->link;
    while (f->panic && f->panic->frame >= k) f->panic = f->panic->link;
    f->nframes = (uint32_t)k + 1;
    CallFrame *kf = top(f);
    kf->flags |= FR_RETURNING;
    kf->ret_a = 0;
    kf->ret_n = kf->proto->result_reg >= 0 ? kf->proto->nresults : 0;
    return do_return(f, 0, (int)kf->ret_n, true);
}

Value do_recover(Fiber *f) {
    CallFrame *fr = top(f);
    Panic *pn = f->panic;
    if (!(fr->flags & FR_DEFER_PANIC) || !pn || pn->recovered) return VAL_NIL;
    pn->recovered = true;
    return pn->value;
}

/* Before the report: a panic value whose Error or String method is script
 * code gets it called (as a frame), then the report is written. */
Act die_of_panic(Fiber *f) {
    VM *vm = f->vm;
    for (Panic *pn = f->panic; pn; pn = pn->link) {
        if (pn->text) continue;
        Value v = pn->value;
        Type *t = dyn_type(v);
        Method *m = NULL;
        if (t && !pn->runtime_error) {
            m = type_method(t, vm->n_Error);
            if (m && m->ptr_recv && t->ukind != K_POINTER) m = NULL;
            if (!m || m->sig != &t_func_string) {
                m = type_method(t, vm->n_String);
                if (m && ((m->ptr_recv && t->ukind != K_POINTER) || m->sig != &t_func_string)) m = NULL;
            }
        }
        if (!m || !m->proto) {
            pn->text = NULL;
            continue;
        }
        /* call it above everything; the result completes the report */
        Value rv;
        if (method_receiver(f, v, t, m, false, &rv) != RT_OK) {
            f->pending = NULL;
            continue;
        }
        if (m->proto->native) {
            Value args[4] = {rv};
            if (m->proto->native(f, args, 1) == NAT_OK && args[0].p) pn->text = str_cstr(args[0].p);
            continue;
        }
        pn->text = (const char *)f; /* marker: being computed */
        CallFrame *fr = top(f);
        int a = (int)fr->proto->nregs;
        if (!fiber_ensure_stack(f, fr->base + (uint32_t)a, 8)) break;
        Value *R = regs(f);
        R[a + 1] = rv;
        Act act = call_proto(f, m->proto, NULL, a, 1, 1, FR_PANIC_TEXT);
        if (act == ACT_CONTINUE) return act;
        pn->text = "";
    }
    vm_report_panic(f);
    atomic_store(&f->astate, FS_DEAD);
    return ACT_PANIC;
}
