/* vm.h: the VM: everything one interpreter instance owns (types, modules,
 * natives, output hooks), and the dispatch loop's entry points. There is no
 * global mutable state: several VMs may live in one process. */
#ifndef CSP_VM_H
#define CSP_VM_H

#include "check.h"
#include "csp.h"
#include "fiber.h"
#include "object.h"

typedef struct NativeReg {
    const char *name; /* qualified: "strings.Index", "sync.(*Mutex).Lock" */
    NativeFn fn;
} NativeReg;

typedef struct Module {
    const char *path;
    Package *pkg;
    Proto *init;
    bool initialised;
} Module;

typedef struct VM {
    csp_config cfg;
    Interner *in;
    TypeTable *tt;
    Scope *universe;
    pthread_mutex_t lock;  /* modules and compilation */
    Module *modules;
    int nmodules, capmodules;
    Scope *session;        /* the last main unit's package scope: the next
                            * unit's names resolve through it (REPL, host) */
    const char **loading;  /* script modules being compiled, for cycles */
    int nloading;
    NativeReg *natives;    /* open addressing by name */
    int nnatives_cap;
    /* interned method names the runtime looks up */
    const char *n_Error, *n_String, *n_GoString;
    /* run-time error types */
    Type *t_bounds_error, *t_error_string, *t_plain_error, *t_assert_error;
    _Atomic int64_t next_goid;
    struct Sched *sched;
    struct SemaTable *sema;
    /* a goroutine's bottom frame, which calls its entry: one per argument
     * count below 16, static and dynamic (fiber.c) */
    _Atomic(Proto *) tramp[2][16];
    char *errmsg;          /* last error, for csp_vm_error */
    Buf out_buf;           /* output buffering when no hook */
    int exit_code;
    bool exited;           /* os.Exit was called */
    struct Fiber *main_fiber;
} VM;

/* Dispatch loop results. */
typedef enum ExecStatus {
    EXEC_DONE,   /* the FR_TOP frame returned */
    EXEC_PANIC,  /* an unrecovered panic killed the fiber (reported) */
    EXEC_FATAL,  /* a fatal error (reported) */
    EXEC_EXIT,   /* os.Exit */
    EXEC_YIELD,  /* preempted: put back in a run queue */
    EXEC_PARKED, /* parked: the waker owns it now; do not touch it */
} ExecStatus;

/* Runs fiber f until its FR_TOP frame returns or it dies. */
ExecStatus vm_execute(Fiber *f);
/* Pushes a call of closure cl with args (static words) as an FR_TOP frame. */
bool vm_push_call(Fiber *f, Closure *cl, Value *args, int nargs, uint32_t flags);

/* Output through the host's hooks (csp.h); stderr lines for reports. */
void vm_write_out(VM *vm, const char *s, size_t n);
void vm_write_err(VM *vm, const char *s, size_t n);

/* Module loading (module.c): a standard module by import path, compiled
 * from stdlib/ (embedded) on first use. */
Package *vm_load_module(void *vm, const char *path, Pos pos, Diag *diag);

/* What a compilation unit is. Main units (a program, a REPL entry, each
 * csp_run_string) share one global scope: each sees the names of those
 * before it, and declaring a name again makes a new binding. */
typedef enum UnitKind { UNIT_MAIN, UNIT_STD, UNIT_MODULE } UnitKind;
Module *vm_compile_unit(VM *vm, const char *path, const char *filename, const char *src, size_t len,
                        UnitKind kind, Diag *d);
NativeFn vm_find_native(void *vm, const char *qualname);
void vm_register_natives(VM *vm, const NativeReg *regs);

/* The deadlock report: every goroutine with its wait reason and stack. */
void vm_report_deadlock(VM *vm);
/* The goroutines still alive (the workers and timers stopped by the
 * caller), as the deadlock report lists them; returns how many. */
int vm_report_leaks(VM *vm);
/* Reports (panic.c): writes Go's panic report of f's panic to stderr. */
void vm_report_panic(Fiber *f);
void vm_report_fatal(Fiber *f, const char *msg);
/* Appends "goroutine N [state]:" and the frames of f. */
void vm_format_trace(Fiber *f, Buf *b, TraceEntry *t, int n, bool elided);

#endif
