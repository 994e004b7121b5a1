/* main.c: the csp command line. A host of the library like any other: it
 * uses only csp.h. Exit statuses follow Go: 1 for compile errors, 2 for
 * panics and fatal errors, os.Exit's code otherwise. */
#include "csp.h"
#include "repl.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: csp [flags] FILE.csp [args...]   run a script\n"
    "       csp [flags] -e 'code' [args...]   run code given on the command line\n"
    "       csp [flags] - [args...]           run a script read from stdin\n"
    "       csp --disasm FILE.csp             print the bytecode\n"
    "       csp [flags]                       the REPL (on a terminal; --repl forces it)\n"
    "flags:\n"
    "       --procs N    worker threads (default: CSP_PROCS, else the CPU count)\n"
    "       --leaks      when main returns, report the goroutines still alive\n"
    "       --version    print the version\n"
    "       --help       print this help\n";

static int status_exit(csp_vm *vm, csp_status st) {
    switch (st) {
    case CSP_OK: return 0;
    case CSP_ERR_SYNTAX:
        fputs(csp_vm_error(vm), stderr);
        return 1;
    case CSP_ERR_EXIT: return csp_vm_exit_code(vm);
    case CSP_ERR_ARG:
        fprintf(stderr, "csp: %s\n", csp_vm_error(vm));
        return 1;
    default: return 2;
    }
}

static char *read_all(FILE *fp, size_t *len) {
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (n == cap) buf = realloc(buf, cap *= 2);
        size_t k = fread(buf + n, 1, cap - n, fp);
        if (k == 0) break;
        n += k;
    }
    *len = n;
    return buf;
}

int main(int argc, char **argv) {
    csp_config cfg;
    csp_config_init(&cfg);
    const char *procs = getenv("CSP_PROCS"); /* --procs wins over it */
    if (procs && atoi(procs) > 0) cfg.workers = atoi(procs);
    int i = 1;
    const char *code = NULL, *disasm = NULL;
    bool repl = false, leaks = false;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--version") == 0) {
            printf("csp %s\n", csp_version());
            return 0;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(a, "--procs") == 0 && i + 1 < argc) {
            cfg.workers = atoi(argv[++i]);
            continue;
        }
        if (strncmp(a, "--procs=", 8) == 0) {
            cfg.workers = atoi(a + 8);
            continue;
        }
        if (strcmp(a, "--repl") == 0) {
            repl = true;
            continue;
        }
        if (strcmp(a, "--leaks") == 0) {
            leaks = true;
            continue;
        }
        if (strcmp(a, "-e") == 0 && i + 1 < argc) {
            code = argv[++i];
            i++;
            break;
        }
        if (strcmp(a, "--disasm") == 0 && i + 1 < argc) {
            disasm = argv[++i];
            i++;
            break;
        }
        if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "csp: unknown flag %s\n%s", a, usage);
            return 2;
        }
        break;
    }
    bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
    if (!code && !disasm && i >= argc) {
        if (!repl && !tty) {
            fputs(usage, stderr);
            return 2;
        }
        repl = true;
    }
    if (repl && tty) repl_block_sigint(); /* before any thread exists */
    /* os.Args: the script path (or "-e"), then its arguments */
    const char *script = code ? "-e" : disasm ? disasm : repl ? "csp" : argv[i];
    int first_arg = code || disasm || repl ? i : i + 1;
    int nargs = argc - first_arg + 1;
    const char **args = calloc((size_t)nargs + 1, sizeof *args);
    args[0] = script;
    for (int k = first_arg; k < argc; k++) args[k - first_arg + 1] = argv[k];
    cfg.argc = nargs;
    cfg.argv = args;
    csp_vm *vm = csp_vm_new(&cfg);
    if (!vm) {
        fputs("csp: cannot create the interpreter\n", stderr);
        return 2;
    }
    if (repl) return repl_run(vm, tty);
    csp_status st;
    if (code) {
        st = csp_run_string(vm, "-e", code, strlen(code));
    } else if (disasm) {
        FILE *fp = fopen(disasm, "rb");
        if (!fp) {
            perror(disasm);
            return 1;
        }
        size_t len;
        char *src = read_all(fp, &len);
        fclose(fp);
        st = csp_compile_string(vm, disasm, src, len, 1);
    } else {
        st = csp_run_file(vm, script);
    }
    int rc = status_exit(vm, st);
    fflush(stdout);
    if (leaks && st == CSP_OK) csp_vm_report_leaks(vm);
    return rc;
}
