/* panic.c: run-time reports in Go's format: unrecovered panics (with the
 * chain of earlier panics, "[recovered]"), fatal errors, the deadlock
 * report, and goroutine stack traces ("main.f(...)" then a tab and
 * "file.csp:LINE", "created by main.main in goroutine 1"). The first report
 * of a program wins; later ones (other goroutines dying at the same time)
 * are dropped, as Go prints one. */
#include "chan.h"
#include "format.h"
#include "scheduler.h"
#include "vm.h"
#include <stdio.h>
#include <stdlib.h>

static const char *const wait_reasons[] = {
    [WR_NONE] = "running",
    [WR_CHAN_RECV] = "chan receive",
    [WR_CHAN_SEND] = "chan send",
    [WR_CHAN_RECV_NIL] = "chan receive (nil chan)",
    [WR_CHAN_SEND_NIL] = "chan send (nil chan)",
    [WR_SELECT] = "select",
    [WR_SELECT_NO_CASES] = "select (no cases)",
    [WR_SLEEP] = "sleep",
    [WR_WAITGROUP] = "sync.WaitGroup.Wait",
    [WR_MUTEX] = "sync.Mutex.Lock",
    [WR_RWMUTEX_LOCK] = "sync.RWMutex.Lock",
    [WR_RWMUTEX_RLOCK] = "sync.RWMutex.RLock",
    [WR_COND] = "sync.Cond.Wait",
    [WR_SEMA] = "semacquire",
    [WR_HOST] = "host call",
};

static bool first_report(VM *vm) {
    bool expect = false;
    return atomic_compare_exchange_strong(&vm->sched->reported, &expect, true);
}

static void trace_entry(Buf *b, Proto *p, uint32_t line) {
    if (p->hidden) return;
    buf_puts(b, p->name ? p->name : "?");
    buf_puts(b, p->nparams > 0 ? "(...)\n\t" : "()\n\t");
    buf_printf(b, "%s:%u\n", p->file ? p->file : "?", line);
}

static void created_by(Buf *b, Fiber *f) {
    if (!f->go_proto) return;
    buf_printf(b, "created by %s in goroutine %lld\n\t%s:%u\n", f->go_proto->name, (long long)f->go_parent,
               f->go_proto->file ? f->go_proto->file : "?", f->go_line);
}

void vm_format_trace(Fiber *f, Buf *b, TraceEntry *t, int n, bool elided) {
    buf_printf(b, "goroutine %lld [running]:\n", (long long)f->id);
    for (int i = 0; i < n; i++) trace_entry(b, t[i].proto, t[i].line);
    if (elided) buf_puts(b, "...additional frames elided...\n");
    created_by(b, f);
}

static uint32_t frame_line(CallFrame *fr) {
    Proto *p = fr->proto;
    uint32_t idx = fr->pc > p->code ? (uint32_t)(fr->pc - p->code - 1) : 0;
    return p->lines && idx < p->ncode ? p->lines[idx] : (uint32_t)p->line;
}

/* The current stack of f, top first (at most 100 frames, as Go). */
static void live_frames(Fiber *f, Buf *b) {
    int n = (int)f->nframes;
    int keep = n > 100 ? 100 : n;
    for (int i = 0; i < keep; i++) trace_entry(b, f->frames[n - 1 - i].proto, frame_line(&f->frames[n - 1 - i]));
    if (n > keep) buf_puts(b, "...additional frames elided...\n");
    created_by(b, f);
}

static void panic_line(Buf *b, Panic *pn) {
    buf_puts(b, "panic: ");
    fmt_panic_value(b, pn->value, pn->text);
    if (pn->repanicked) buf_puts(b, " [recovered, repanicked]");
    else if (pn->recovered) buf_puts(b, " [recovered]");
    buf_putc(b, '\n');
    if (pn->note) buf_printf(b, "\t(%s)\n", pn->note);
}

static void panic_chain(Buf *b, Panic *pn) {
    if (pn->link) {
        panic_chain(b, pn->link);
        buf_putc(b, '\t');
    }
    panic_line(b, pn);
}

void vm_report_panic(Fiber *f) {
    if (!first_report(f->vm)) return;
    Buf b;
    buf_init(&b);
    Panic *pn = f->panic;
    panic_chain(&b, pn);
    if (pn->runtime_error && pn->text && strstr(pn->text, "nil pointer dereference"))
        buf_puts(&b, "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n");
    buf_putc(&b, '\n');
    vm_format_trace(f, &b, pn->trace, pn->ntrace, pn->trace_elided);
    vm_write_err(f->vm, b.data, b.len);
}

void vm_report_fatal(Fiber *f, const char *msg) {
    atomic_store(&f->astate, FS_DEAD);
    if (!first_report(f->vm)) return;
    Buf b;
    buf_init(&b);
    if (msg) buf_printf(&b, "fatal error: %s\n\n", msg);
    buf_printf(&b, "goroutine %lld [running]:\n", (long long)f->id);
    live_frames(f, &b);
    vm_write_err(f->vm, b.data, b.len);
}

/* ---- the deadlock report ---- */

static int cmp_fiber_id(const void *a, const void *b) {
    int64_t x = (*(Fiber *const *)a)->id, y = (*(Fiber *const *)b)->id;
    return x < y ? -1 : x > y;
}

/* csp's line under Go's: what the goroutine waits on, by where it was made. */
static void wait_note(Buf *b, Fiber *f) {
    const Chan *ch = f->wait_obj;
    switch (f->wait_reason) {
    case WR_CHAN_RECV: case WR_CHAN_SEND:
        if (ch && ch->made_in)
            buf_printf(b, "\twaiting on chan made at %s:%u (%s, %lld of %lld buffered)\n", ch->made_in->file,
                       ch->made_line, ch->closed ? "closed" : "open", (long long)ch->count, (long long)ch->cap);
        break;
    case WR_MUTEX: {
        const int64_t *state = f->wait_obj;
        buf_printf(b, "\twaiting on a sync.Mutex held by goroutine %lld\n", (long long)state[1]);
        break;
    }
    case WR_WAITGROUP: {
        const int64_t *cnt = f->wait_obj;
        buf_printf(b, "\twaiting on a sync.WaitGroup with counter %lld\n", (long long)*cnt);
        break;
    }
    case WR_CHAN_RECV_NIL: case WR_CHAN_SEND_NIL:
        buf_puts(b, "\twaiting on a nil channel: it can never be ready\n");
        break;
    default: break;
    }
}

typedef struct Collect {
    Fiber **all;
    int n, cap;
} Collect;

static void collect_one(Fiber *f, void *ud) {
    Collect *c = ud;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->all = GROW_ARRAY(Fiber *, c->all, c->cap);
    }
    c->all[c->n++] = f;
}

/* Every goroutine of the VM, by id: Go's header line with the state, the
 * stack, and csp's line on what it waits on. The caller guarantees none of
 * them runs meanwhile. */
static int report_goroutines(VM *vm, Buf *b) {
    Collect c = {0};
    sched_each(vm->sched, collect_one, &c);
    if (c.n > 1) qsort(c.all, (size_t)c.n, sizeof(Fiber *), cmp_fiber_id); /* c.all is NULL when empty */
    for (int i = 0; i < c.n; i++) {
        Fiber *f = c.all[i];
        int wr = f->wait_reason < (int)(sizeof wait_reasons / sizeof *wait_reasons) ? f->wait_reason : 0;
        const char *state = atomic_load(&f->astate) == FS_WAITING ? wait_reasons[wr] : "runnable";
        buf_printf(b, "\ngoroutine %lld [%s]:\n", (long long)f->id, state);
        live_frames(f, b);
        if (atomic_load(&f->astate) == FS_WAITING) wait_note(b, f);
    }
    return c.n;
}

void vm_report_deadlock(VM *vm) {
    if (!first_report(vm)) return;
    Buf b;
    buf_init(&b);
    buf_puts(&b, "fatal error: all goroutines are asleep - deadlock!\n");
    report_goroutines(vm, &b);
    vm_write_err(vm, b.data, b.len);
}

int vm_report_leaks(VM *vm) {
    Buf b;
    buf_init(&b);
    int n = report_goroutines(vm, &b);
    if (n == 0) return 0;
    Buf head;
    buf_init(&head);
    buf_printf(&head, "csp: leak report: %d goroutine%s still alive when main returned\n", n, n == 1 ? "" : "s");
    vm_write_err(vm, head.data, head.len);
    vm_write_err(vm, b.data, b.len);
    return n;
}
