/* api.c: the embedding API (csp.h): VM creation, running source, output
 * hooks, error messages. The CLI (main.c) uses nothing else. */
#include "compile.h"
#include "csp.h"
#include "csp_version.h"
#include "lib/lib.h"
#include "parser.h"
#include "scheduler.h"
#include "timer.h"
#include "sema.h"
#include "vm.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void disasm_proto(Buf *b, Proto *p, int depth);

const char *csp_version(void) { return CSP_VERSION_STRING; }

int csp_source_incomplete(const char *src, size_t len) { return src && parse_is_incomplete(src, len); }

void csp_vm_interrupt(csp_vm *vm) {
    if (vm) sched_finish(vm->sched, PROG_INTERRUPTED);
}

void csp_config_init(csp_config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->max_heap = (size_t)8 << 30; /* 8 GiB: Go's "out of memory" beyond */
}

static void gc_warn(char *msg, GC_word arg) {
    (void)msg;
    (void)arg; /* Boehm's warnings (large allocations...) are not ours to print */
}

/* Boehm is process-wide: initialised once, whatever the number of VMs. */
static void gc_once_init(void) {
    GC_set_all_interior_pointers(1);
    GC_INIT();
    GC_allow_register_threads();
    GC_set_warn_proc(gc_warn);
    GC_expand_hp((size_t)32 << 20);
#if defined(__SANITIZE_THREAD__)
    /* Boehm's stop-the-world signals hang under ThreadSanitizer (bdwgc
     * issues #181, #236): the TSan build never collects (scripts/test.sh). */
    GC_disable();
#endif
}

static void gc_setup(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, gc_once_init);
}

csp_vm *csp_vm_new(const csp_config *cfg) {
    csp_config def;
    if (!cfg) {
        csp_config_init(&def);
        cfg = &def;
    }
    gc_setup();
    if (cfg->max_heap) GC_set_max_heap_size(cfg->max_heap);
    const_init();
    VM *vm = GC_MALLOC_UNCOLLECTABLE(sizeof(VM));
    if (!vm) return NULL;
    memset(vm, 0, sizeof *vm);
    vm->cfg = *cfg;
    vm->in = interner_new();
    vm->tt = typetab_new();
    vm->universe = universe_new(vm->in);
    pthread_mutex_init(&vm->lock, NULL);
    vm->n_Error = intern_cstr(vm->in, "Error");
    vm->n_String = intern_cstr(vm->in, "String");
    vm->n_GoString = intern_cstr(vm->in, "GoString");
    rterror_init(vm);
    lib_register_all(vm);
    int workers = cfg->workers;
    if (workers <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        workers = n > 0 ? (int)n : 1;
    }
    vm->sched = sched_new(vm, workers);
    vm->sema = sema_new();
    return vm;
}

void csp_vm_free(csp_vm *vm) {
    if (!vm) return;
    fflush(stdout);
    sched_stop(vm->sched);
    GC_FREE(vm);
}

const char *csp_vm_error(const csp_vm *vm) { return vm && vm->errmsg ? vm->errmsg : ""; }
int csp_vm_exit_code(const csp_vm *vm) { return vm ? vm->exit_code : 0; }

/* ---- output ---- */

void vm_write_out(VM *vm, const char *s, size_t n) {
    if (vm->cfg.write) {
        vm->cfg.write(vm->cfg.write_ud, 1, s, n);
        return;
    }
    fwrite(s, 1, n, stdout);
}

void vm_write_err(VM *vm, const char *s, size_t n) {
    if (vm->cfg.write) {
        vm->cfg.write(vm->cfg.write_ud, 2, s, n);
        return;
    }
    fflush(stdout);
    fwrite(s, 1, n, stderr);
    fflush(stderr);
}

/* ---- running ---- */

/* The main goroutine's first frame: calls each of steps (module inits, the
 * package's init, main) in order. Hidden from stack traces, like Go's
 * runtime.main. */
static Closure *boot_closure(VM *vm, Closure **steps, int n) {
    Proto *p = NEW(Proto);
    Instr *code = NEW_ARRAY(Instr, 2 * n + 1);
    uint32_t *lines = ALLOC_ATOMIC(sizeof(uint32_t) * (size_t)(2 * n + 1));
    Value *k = NEW_ARRAY(Value, n + 1);
    for (int i = 0; i < n; i++) {
        k[i].p = steps[i];
        code[2 * i] = INS_ABx(OP_LOADK, 0, (uint64_t)i);
        code[2 * i + 1] = INS(OP_CALL, 0, 0, 0);
        lines[2 * i] = lines[2 * i + 1] = 0;
    }
    code[2 * n] = INS(OP_RET0, 0, 0, 0);
    lines[2 * n] = 0;
    p->name = "runtime.main";
    p->file = "<runtime>";
    p->code = code;
    p->lines = lines;
    p->ncode = (uint32_t)(2 * n + 1);
    p->k = k;
    p->nk = (uint32_t)n;
    p->nregs = 2;
    p->result_reg = -1;
    p->hidden = true;
    p->sig = type_func(vm->tt, NULL, 0, NULL, 0, false);
    return closure_new(p->sig, p, 0);
}

static csp_status prog_status(VM *vm, int st) {
    switch (st) {
    case PROG_OK: return CSP_OK;
    case PROG_PANIC: vm->errmsg = "panic"; return CSP_ERR_PANIC;
    case PROG_EXIT: vm->errmsg = "exit"; return CSP_ERR_EXIT;
    case PROG_DEADLOCK: vm->errmsg = "all goroutines are asleep - deadlock!"; return CSP_ERR_DEADLOCK;
    case PROG_INTERRUPTED: vm->errmsg = "interrupted"; return CSP_ERR_INTERRUPTED;
    default: vm->errmsg = "fatal error"; return CSP_ERR_FATAL;
    }
}

/* Runs the module inits not yet run, then init, then main (if any), as
 * goroutine 1, and waits for the program to end. */
static csp_status run_program(VM *vm, Module *m) {
    Closure **steps = NEW_ARRAY(Closure *, vm->nmodules + 3);
    int n = 0;
    for (int i = 0; i < vm->nmodules; i++) {
        Module *mod = &vm->modules[i];
        if (mod->initialised) continue;
        mod->initialised = true;
        steps[n++] = closure_new(mod->init->sig, mod->init, 0);
    }
    steps[n++] = closure_new(m->init->sig, m->init, 0);
    if (m->pkg->main_func && m->pkg->main_func->cell) steps[n++] = m->pkg->main_func->cell;
    Fiber *f = fiber_spawn(vm, boot_closure(vm, steps, n), NULL, 0, false);
    if (!f) return CSP_ERR_FATAL;
    return prog_status(vm, sched_run_main(vm->sched, f));
}

static Module *compile_main(VM *vm, const char *name, const char *src, size_t len) {
    Diag d;
    diag_init(&d, name, src, len);
    Module *m = vm_compile_unit(vm, "main", name, src, len, UNIT_MAIN, &d);
    if (!m) {
        Buf b;
        buf_init(&b);
        diag_render(&d, &b);
        vm->errmsg = buf_cstr(&b);
    }
    return m;
}

csp_status csp_run_string(csp_vm *vm, const char *name, const char *src, size_t len) {
    if (!vm || !src) return CSP_ERR_ARG;
    Module *m = compile_main(vm, name ? name : "<string>", src, len);
    if (!m) return CSP_ERR_SYNTAX;
    csp_status st = run_program(vm, m);
    fflush(stdout);
    return st;
}

csp_status csp_run_file(csp_vm *vm, const char *path) {
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!fp) {
        vm->errmsg = gc_sprintf("open %s: %s", path, strerror(errno));
        return CSP_ERR_ARG;
    }
    Buf b;
    buf_init(&b);
    buf_read_file(&b, fp);
    if (fp != stdin) fclose(fp);
    return csp_run_string(vm, strcmp(path, "-") == 0 ? "<stdin>" : path, b.data ? b.data : "", b.len);
}

int csp_vm_report_leaks(csp_vm *vm) {
    if (!vm) return 0;
    sched_stop(vm->sched); /* the goroutines stay where they are */
    timers_pause(vm->sched->timers);
    int n = vm_report_leaks(vm);
    timers_resume(vm->sched->timers);
    return n;
}

csp_status csp_compile_string(csp_vm *vm, const char *name, const char *src, size_t len, int dump) {
    Module *m = compile_main(vm, name ? name : "<string>", src, len);
    if (!m) return CSP_ERR_SYNTAX;
    if (dump) {
        Buf b;
        buf_init(&b);
        for (int i = 0; i < m->pkg->nfuncs; i++) {
            FuncInfo *fi = m->pkg->funcs[i];
            if (fi->obj && fi->obj->proto) disasm_proto(&b, fi->obj->proto, 0);
        }
        disasm_proto(&b, m->init, 0);
        vm_write_out(vm, b.data ? b.data : "", b.len);
    }
    return CSP_OK;
}
