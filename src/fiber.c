/* fiber.c: goroutine stacks: the value stack and the frame stack, both on
 * the GC heap and grown by doubling (register pointers are refreshed by the
 * dispatch loop after a call). Each has a fixed maximum; together they are
 * Go's per-goroutine stack limit (FIBER_MAX_STACK_BYTES). */
#include "fiber.h"
#include "vm.h"
#include "opcodes.h"
#include "scheduler.h"

/* A parked goroutine should cost a few hundred bytes: stacks start small
 * (inside the Fiber, fiber.h) and double on demand. */
#define REUSE_MAX_STACK 1024 /* larger stacks are not kept for reuse */
/* The limit split between the two stacks: a deep recursion of small
 * functions uses about as many bytes of frames as of registers. */
#define MAX_STACK_WORDS (FIBER_MAX_STACK_BYTES / 2 / sizeof(Value))
#define MAX_FRAMES (FIBER_MAX_STACK_BYTES / 2 / sizeof(CallFrame))

static void give_new_stacks(Fiber *f) {
    f->stack = f->inl_stack;
    f->stack_size = FIBER_INLINE_STACK;
    f->frames = f->inl_frames;
    f->frames_cap = FIBER_INLINE_FRAMES;
}

Fiber *fiber_new(struct VM *vm) {
    Fiber *f = NEW(Fiber);
    f->vm = vm;
    f->id = __atomic_add_fetch(&vm->next_goid, 1, __ATOMIC_RELAXED);
    give_new_stacks(f);
    return f;
}


/* Doubles toward want, clamped at max once (so that growth near the limit
 * is one allocation, not one per call). 0 when want is beyond max. */
static uint64_t grown(uint64_t cur, uint64_t want, uint64_t max) {
    if (want > max) return 0;
    uint64_t n = cur;
    while (n < want) n *= 2;
    return n > max ? max : n;
}

static void *alloc_big(size_t bytes) {
    return bytes > 100000 ? GC_MALLOC_IGNORE_OFF_PAGE(bytes) : GC_MALLOC(bytes);
}

bool fiber_ensure_stack(Fiber *f, uint64_t top, uint64_t need) {
    uint64_t want = top + need + 1;
    if (want <= f->stack_size) return true;
    uint64_t ncap = grown(f->stack_size, want, MAX_STACK_WORDS);
    if (!ncap) return false;
    Value *ns = alloc_big(sizeof(Value) * ncap);
    if (!ns) return false;
    memcpy(ns, f->stack, sizeof(Value) * f->stack_size);
    f->stack = ns;
    f->stack_size = (uint32_t)ncap;
    return true;
}

bool fiber_push_frame(Fiber *f) {
    if (f->nframes < f->frames_cap) {
        f->nframes++;
        return true;
    }
    uint64_t ncap = grown(f->frames_cap, (uint64_t)f->nframes + 1, MAX_FRAMES);
    if (!ncap) return false;
    CallFrame *nf = alloc_big(sizeof(CallFrame) * ncap);
    if (!nf) return false;
    memcpy(nf, f->frames, sizeof(CallFrame) * f->nframes);
    f->frames = nf;
    f->frames_cap = (uint32_t)ncap;
    f->nframes++;
    return true;
}

/* The bottom frame of every goroutine: a trampoline that calls the entry
 * with its arguments (so natives and script functions start alike) and
 * returns to the scheduler. Cached per argument count. */
static Proto *make_trampoline(int nargs, bool dyn) {
    Proto *p = GC_MALLOC_UNCOLLECTABLE(sizeof(Proto));
    memset(p, 0, sizeof *p);
    Instr *code = GC_MALLOC_UNCOLLECTABLE(sizeof(Instr) * 3);
    uint32_t *lines = GC_MALLOC_UNCOLLECTABLE(sizeof(uint32_t) * 3);
    memset(lines, 0, sizeof(uint32_t) * 3);
    int k = 0;
    code[k++] = INS(dyn ? OP_CALLD : OP_CALL, 0, nargs, 0);
    if (dyn) code[k++] = INS_ABx(OP_EXTRA, 0, 0);
    code[k++] = INS(OP_RET0, 0, 0, 0);
    p->code = code;
    p->name = "runtime.goexit";
    p->file = "<runtime>";
    p->nregs = (uint32_t)nargs + 4;
    p->ncode = (uint32_t)k;
    p->lines = lines;
    p->result_reg = -1;
    p->hidden = true;
    return p;
}

/* Workers may race to build the same one: the first published wins, and
 * a loser's copy is dropped (it is never seen by anyone else). */
static Proto *trampoline(struct VM *vm, int nargs, bool dyn) {
    if (nargs >= 16) return make_trampoline(nargs, dyn);
    _Atomic(Proto *) *slot = &vm->tramp[dyn][nargs];
    Proto *p = atomic_load_explicit(slot, memory_order_acquire);
    if (p) return p;
    Proto *mine = make_trampoline(nargs, dyn);
    if (atomic_compare_exchange_strong_explicit(slot, &p, mine, memory_order_acq_rel, memory_order_acquire))
        return mine;
    GC_FREE((void *)mine->code);
    GC_FREE(mine->lines);
    GC_FREE(mine);
    return p;
}

bool fiber_reusable(const Fiber *f) {
    return !f->stack || (f->stack_size <= REUSE_MAX_STACK && f->frames_cap <= 64);
}

void fiber_recycle(Fiber *f) {
    bool inl = f->stack == f->inl_stack, inlf = f->frames == f->inl_frames;
    Value *stack = f->stack;
    CallFrame *frames = f->frames;
    uint32_t ss = f->stack_size, fc = f->frames_cap;
    struct VM *vm = f->vm;
    memset(f, 0, sizeof *f); /* clears the inline stacks too */
    if (stack && !inl) memset(stack, 0, sizeof(Value) * ss);
    if (frames && !inlf) memset(frames, 0, sizeof(CallFrame) * fc);
    f->vm = vm;
    f->stack = inl ? f->inl_stack : stack;
    f->stack_size = ss;
    f->frames = inlf ? f->inl_frames : frames;
    f->frames_cap = fc;
}

bool fiber_start(Fiber *f) {
    if (!f->stack) give_new_stacks(f);
    int nargs = f->start_nargs;
    Proto *tp = trampoline(f->vm, nargs, f->start_dyn);
    if (!fiber_ensure_stack(f, 1, (uint64_t)nargs + 8) || !fiber_push_frame(f)) return false;
    f->stack[1].p = f->start_fn;
    for (int i = 0; i < nargs; i++) f->stack[2 + i] = f->start_args[i];
    f->start_fn = NULL;
    f->start_args = NULL;
    CallFrame *fr = &f->frames[0];
    memset(fr, 0, sizeof *fr);
    fr->proto = tp;
    fr->pc = tp->code;
    fr->base = 1;
    fr->flags = FR_TOP;
    f->budget = 10000;
    return true;
}

Fiber *fiber_spawn_into(Fiber *f, struct VM *vm, Closure *fn, Value *args, int nargs, bool dyn) {
    if (!f) f = NEW(Fiber);
    f->vm = vm;
    f->id = __atomic_add_fetch(&vm->next_goid, 1, __ATOMIC_RELAXED);
    f->start_fn = fn;
    f->start_nargs = nargs;
    f->start_dyn = dyn;
    if (nargs) {
        f->start_args = NEW_ARRAY(Value, nargs);
        memcpy(f->start_args, args, sizeof(Value) * (size_t)nargs);
    }
    return f;
}

Fiber *fiber_spawn(struct VM *vm, Closure *fn, Value *args, int nargs, bool dyn) {
    return fiber_spawn_into(sched_free_fiber(vm), vm, fn, args, nargs, dyn);
}
