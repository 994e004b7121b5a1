/* lib/fmt.c: the native half of fmt (stdlib/fmt.csp): the two passes of the
 * format engine (format.h) and writing to the VM's output hooks. */
#include "lib.h"
#include "../format.h"

static void state_for(Fiber *f, FmtState *st, bool wrap) {
    VM *vm = f->vm;
    fmt_state_init(st, vm->n_Error, vm->n_String, vm->n_GoString);
    st->wrap_errs = wrap;
}

/* kind: 0 Sprint, 1 Sprintln, 2 Sprintf. */
static void run(FmtState *st, Buf *out, int64_t kind, String *format, Slice *args) {
    Value *a = slice_data(args);
    int n = (int)slice_len(args);
    if (kind == 0) fmt_print(st, out, a, n);
    else if (kind == 1) fmt_println(st, out, a, n);
    else fmt_printf(st, out, format->data, (size_t)format->len, a, n);
}

static String *buf_string(Buf *b) { return b->len ? str_new(b->data, (int64_t)b->len) : &str_empty; }

/* plan(kind int, format string, a []any, wrap bool) (string, []any, []int) */
static NatStatus fmt_plan(Fiber *f, Value *a, int n) {
    FmtState st;
    state_for(f, &st, a[3].i != 0);
    Buf out;
    buf_init(&out);
    run(&st, &out, a[0].i, a[1].p, a[2].p);
    a[0].p = buf_string(&out);
    if (!st.ncalls) {
        a[1].p = NULL;
        a[2].p = NULL;
        return NAT_OK;
    }
    Slice *recvs = slice_make(&t_slice_any, st.ncalls, st.ncalls);
    Slice *methods = slice_make(&t_slice_int, st.ncalls, st.ncalls);
    for (int i = 0; i < st.ncalls; i++) {
        recvs->arr->e[i] = st.calls[i].recv;
        methods->arr->e[i].i = st.calls[i].method;
    }
    a[1].p = recvs;
    a[2].p = methods;
    return NAT_OK;
}

/* finish(kind int, format string, a []any, strs []string, panicked []bool,
 *        pvals []any, ptexts []string, wrap bool) string */
static NatStatus fmt_finish(Fiber *f, Value *a, int n) {
    FmtState st;
    state_for(f, &st, a[7].i != 0);
    Slice *strs = a[3].p, *panicked = a[4].p, *pvals = a[5].p, *ptexts = a[6].p;
    int nr = (int)slice_len(strs);
    FmtResult *res = NEW_ARRAY(FmtResult, nr + 1);
    for (int i = 0; i < nr; i++) {
        res[i].s = slice_data(strs)[i].p;
        res[i].panicked = slice_data(panicked)[i].i != 0;
        res[i].panic_val = slice_data(pvals)[i];
        res[i].panic_text = slice_data(ptexts)[i].p;
    }
    st.results = res;
    st.nresults = nr;
    Buf out;
    buf_init(&out);
    run(&st, &out, a[0].i, a[1].p, a[2].p);
    a[0].p = buf_string(&out);
    return NAT_OK;
}

/* wrapped(format string, a []any) []int: the operands of Errorf's %w verbs. */
static NatStatus fmt_wrapped(Fiber *f, Value *a, int n) {
    FmtState st;
    state_for(f, &st, true);
    Buf out;
    buf_init(&out);
    run(&st, &out, 2, a[0].p, a[1].p);
    Slice *s = slice_make(&t_slice_int, st.nwrapped, st.nwrapped);
    for (int i = 0; i < st.nwrapped; i++) s->arr->e[i].i = st.wrapped[i];
    a[0].p = st.nwrapped ? s : NULL;
    return NAT_OK;
}

/* write(fd int, s string) */
static NatStatus fmt_write(Fiber *f, Value *a, int n) {
    String *s = a[1].p;
    if (a[0].i == 2) vm_write_err(f->vm, s->data, (size_t)s->len);
    else vm_write_out(f->vm, s->data, (size_t)s->len);
    return NAT_OK;
}

const NativeReg lib_fmt[] = {
    {"fmt.plan", fmt_plan},
    {"fmt.finish", fmt_finish},
    {"fmt.wrapped", fmt_wrapped},
    {"fmt.write", fmt_write},
    {NULL, NULL},
};
