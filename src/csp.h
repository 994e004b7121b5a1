/* csp.h: the public embedding API of the csp interpreter, the only installed
 * header. A csp_vm is an independent interpreter (no global state: several
 * may coexist). Functions return a csp_status; the message of the last error
 * is csp_vm_error(vm). The library never prints on its own and never exits
 * the process: output and reports go through the config's hooks. */
#ifndef CSP_H
#define CSP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CSP_API __attribute__((visibility("default")))
#else
#define CSP_API
#endif

#define CSP_VERSION_MAJOR 0
#define CSP_VERSION_MINOR 1
#define CSP_VERSION_PATCH 0

typedef struct VM csp_vm;

typedef enum csp_status {
    CSP_OK = 0,
    CSP_ERR_SYNTAX,   /* compile errors: the rendered report is the message */
    CSP_ERR_PANIC,    /* an unrecovered panic (report already written) */
    CSP_ERR_DEADLOCK, /* all goroutines asleep */
    CSP_ERR_FATAL,    /* a fatal error (stack overflow, out of memory...) */
    CSP_ERR_EXIT,     /* the script called os.Exit: see csp_vm_exit_code */
    CSP_ERR_CLOSED,
    CSP_ERR_TIMEOUT,
    CSP_ERR_ARG,      /* bad argument to an API function, I/O error */
    CSP_ERR_INTERRUPTED, /* csp_vm_interrupt stopped the program */
} csp_status;

/* Output hook: receives bytes the script writes to a stream (1 stdout,
 * 2 stderr), and the panic/fatal reports (stream 2). */
typedef void (*csp_write_fn)(void *ud, int stream, const char *data, size_t len);

typedef struct csp_config {
    int workers;            /* worker threads; 0 = number of CPUs */
    csp_write_fn write;     /* NULL: write to the process's stdout/stderr */
    void *write_ud;
    int argc;               /* os.Args */
    const char *const *argv;
    size_t max_heap;        /* bytes; 0 = default cap */
} csp_config;

/* Fills cfg with defaults. */
CSP_API void csp_config_init(csp_config *cfg);

/* A new VM, or NULL on failure. cfg may be NULL for defaults; it is copied. */
CSP_API csp_vm *csp_vm_new(const csp_config *cfg);
/* Frees what the VM owns (memory is reclaimed by the GC). */
CSP_API void csp_vm_free(csp_vm *vm);

/* Compiles and runs src as the main package named `name` (used in messages,
 * e.g. "script.csp"). Runs main() if the program has one. */
CSP_API csp_status csp_run_string(csp_vm *vm, const char *name, const char *src, size_t len);
/* Reads and runs a file. */
CSP_API csp_status csp_run_file(csp_vm *vm, const char *path);
/* Compiles without running; with dump != 0 the bytecode listing is written
 * to the output hook (the CLI's --disasm). */
CSP_API csp_status csp_compile_string(csp_vm *vm, const char *name, const char *src, size_t len, int dump);

/* The message of the last failed call (owned by the VM). */
CSP_API const char *csp_vm_error(const csp_vm *vm);
/* The status os.Exit was called with (valid after CSP_ERR_EXIT). */
CSP_API int csp_vm_exit_code(const csp_vm *vm);

CSP_API const char *csp_version(void);

/* Whether src stops in the middle of something (an open bracket, string,
 * comment, or a trailing operator): a REPL reads another line. */
CSP_API int csp_source_incomplete(const char *src, size_t len);

/* Stops the program running in vm (any thread may call it, not a signal
 * handler): the run returns CSP_ERR_INTERRUPTED. */
CSP_API void csp_vm_interrupt(csp_vm *vm);
/* After a run that ended with main returning: reports on the error hook
 * each goroutine still alive (blocked or runnable), with its stack and
 * what it waits on, and returns how many. It stops the VM's goroutines
 * where they are; call it last, before csp_vm_free (the CLI's --leaks). */
CSP_API int csp_vm_report_leaks(csp_vm *vm);

#ifdef __cplusplus
}
#endif

#endif
