/* fiber.h: a goroutine: its value stack and frame stack on the GC heap (no C
 * stack of its own: script calls push frames here, so a goroutine can stop at
 * any call depth), its deferred calls and panics.
 *
 * The panic protocol (vm.c): a panic records its value and walks frames
 * from the top down, running each frame's deferred calls as ordinary frames
 * pushed on top of the stack (so the panicking frames stay visible for the
 * stack trace, as in Go). recover() in a deferred call marks the panic
 * recovered; when that call returns, the frames above the deferring frame
 * are dropped and the deferring frame returns normally with its result
 * registers. No longjmp anywhere. */
#ifndef CSP_FIBER_H
#define CSP_FIBER_H

#include "object.h"
#include <stdatomic.h>

struct VM;

/* Frame flags. */
enum {
    FR_TOP = 1 << 0,      /* returning from it ends vm_execute */
    FR_DEFER = 1 << 1,    /* a deferred call: results discarded */
    FR_DYNRES = 1 << 2,   /* caller wants dynamic words, nwant of them */
    FR_DISCARD = 1 << 3,  /* results discarded (goroutine entry) */
    FR_RETURNING = 1 << 4,/* running its deferred calls on the way out */
    FR_PANIC_TEXT = 1 << 5,/* the panic printer's method call */
    FR_DEFER_PANIC = 1 << 6,/* a deferred call run by a panic (recover works) */
};

typedef struct Defer {
    Value fn;            /* a Closure* */
    Value *args;         /* static words as the callee expects them */
    int nargs;
    bool dyn_args;       /* args are dynamic words (dynamic callee) */
    struct Defer *next;
} Defer;

typedef struct CallFrame {
    Proto *proto;
    Closure *cl;
    const Instr *pc;     /* next instruction (saved when the frame is left) */
    uint32_t base;       /* stack index of R[0]; results go to base-1.. */
    int32_t nwant;       /* results wanted by a dynamic caller */
    uint32_t flags;
    uint32_t ret_a, ret_n; /* FR_RETURNING: the registers to return */
    Defer *defers;
} CallFrame;

/* A stack trace entry, captured when a panic starts. */
typedef struct TraceEntry {
    Proto *proto;
    uint32_t line;
} TraceEntry;

typedef struct Panic {
    Value value;         /* dynamic word */
    struct Panic *link;  /* the panic this one interrupted */
    bool recovered;
    bool repanicked;
    bool runtime_error;  /* value is a run-time error (no method calls) */
    int32_t frame;       /* frame whose deferred calls run now */
    TraceEntry *trace;
    int ntrace;
    bool trace_elided;
    const char *text;    /* the value as printed (filled before printing) */
    const char *note;    /* csp's extra line under Go's (e.g. where a
                            channel was closed) */
} Panic;

#define FIBER_INLINE_STACK 24
#define FIBER_INLINE_FRAMES 3

typedef enum FiberState {
    FS_RUNNABLE,
    FS_RUNNING,
    FS_WAITING,
    FS_DEAD,
} FiberState;

/* Why a goroutine waits: Go's words in the deadlock report (wait_reasons[]
 * in sched.c). */
typedef enum WaitReason {
    WR_NONE,
    WR_CHAN_RECV,
    WR_CHAN_SEND,
    WR_CHAN_RECV_NIL,
    WR_CHAN_SEND_NIL,
    WR_SELECT,
    WR_SELECT_NO_CASES,
    WR_SLEEP,
    WR_WAITGROUP,
    WR_MUTEX,
    WR_RWMUTEX_LOCK,
    WR_RWMUTEX_RLOCK,
    WR_COND,
    WR_SEMA,
    WR_HOST,
} WaitReason;

/* What a parked goroutine must finish when it runs again (sched.c). */
typedef enum ParkKind {
    PK_NONE,
    PK_SEND,     /* a send: panics if the channel was closed meanwhile */
    PK_RECV,     /* a receive: the value is already in place */
    PK_SELECT,   /* unlink the other cases' waiters; maybe panic */
    PK_PLAIN,    /* nothing to finish (sleep, semaphores) */
    PK_MUTEX,    /* woken by Unlock: try to take the mutex again */
} ParkKind;

struct Fiber;
struct Chan;
struct SelectState;
struct HostWait;

/* A goroutine (or host thread) waiting in a channel queue (Go's sudog). A
 * goroutine waits on one operation at a time, so each Fiber holds one (a
 * select's cases use the fiber's reusable select scratch, chan.c): parking
 * allocates nothing. */
typedef struct Waiter {
    struct Fiber *fiber;      /* NULL for a host thread */
    struct Chan *ch;
    Value *val;               /* recv: where the value goes; send: the value */
    Value *okslot;            /* recv: where ok goes, or NULL */
    struct SelectState *sel;  /* NULL unless part of a select */
    struct Waiter *next, *prev;
    struct HostWait *host;    /* a host thread's wake-up (fiber == NULL) */
    int32_t case_index;       /* select: this case's index */
    bool is_send;
    bool success;             /* false: woken by close */
} Waiter;

typedef struct Fiber {
    struct VM *vm;
    struct Fiber *schednext; /* run queue and registry links (sched.c) */
    struct Fiber *allnext, *allprev;
    _Atomic int astate;   /* FiberState, changed with CAS by park/ready */
    uint8_t wait_reason;  /* WaitReason while parked */
    uint8_t park_kind;    /* ParkKind */
    bool is_main;
    bool in_registry;
    const void *wait_obj; /* what it waits on (a Chan, a sema address) */
    struct Waiter *park_waiters; /* PK_SEND/RECV/SELECT: its waiters */
    struct SelectState *park_select;
    Waiter wait;          /* its waiter for a plain send or receive */
    Value sendval;        /* the value a parked send offers */
    struct SelectState *sel; /* select scratch, kept between selects */
    void *park_obj;       /* PK_MUTEX: the mutex */
    Proto *native;        /* the native being called (natives read their sig) */
    /* a goroutine not started yet has no stacks, only its entry: */
    Closure *start_fn;
    Value *start_args;
    int32_t start_nargs;
    bool start_dyn;
    Proto *go_proto;      /* where `go` started it (for reports) */
    int64_t go_parent;    /* the goroutine that started it */
    uint32_t go_line;
    Value *stack;
    uint32_t stack_size;  /* words */
    CallFrame *frames;
    uint32_t nframes, frames_cap;
    Panic *panic;         /* innermost active panic */
    Panic *pending;       /* a panic raised by a helper, not yet started */
    const char *fatal;    /* fatal error message (not recoverable) */
    int64_t id;
    int32_t budget;       /* preemption ticks left */
    Value *results;       /* FR_TOP's results, for hosts */
    int nresults;
    /* the first stacks live inside the fiber: one allocation per goroutine
     * until it outgrows them */
    Value inl_stack[FIBER_INLINE_STACK];
    CallFrame inl_frames[FIBER_INLINE_FRAMES];
} Fiber;

/* Limits: frames and stack bytes per goroutine (Go's "stack overflow"). */
#define FIBER_MAX_STACK_BYTES (UINT64_C(256) << 20)

Fiber *fiber_new(struct VM *vm);
/* A goroutine gets its stacks when it first runs (fiber_start), so one
 * waiting to start costs only its Fiber and arguments; dead fibers are kept
 * by their worker (scheduler.c) and reused, stacks included. */
bool fiber_reusable(const Fiber *f);
/* A dead fiber ready for reuse: fields cleared, stacks kept and cleared. */
void fiber_recycle(Fiber *f);
/* Sets up the first frame of a goroutine that has not run yet. */
bool fiber_start(Fiber *f);
/* A goroutine that will call closure fn with nargs static-word arguments
 * (dyn: dynamic words to convert to the callee's parameter types). */
Fiber *fiber_spawn(struct VM *vm, Closure *fn, Value *args, int nargs, bool dyn);
/* The same into a recycled fiber (or a new one when f is NULL). */
Fiber *fiber_spawn_into(Fiber *f, struct VM *vm, Closure *fn, Value *args, int nargs, bool dyn);
/* Ensures room for `need` more words above `top`; false on overflow. The
 * stack may move: callers refresh their register pointers. */
bool fiber_ensure_stack(Fiber *f, uint64_t top, uint64_t need);
bool fiber_push_frame(Fiber *f);

#endif
