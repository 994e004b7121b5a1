/* api_test.c: the embedding API (csp.h) as a host uses it: output through
 * the write hook, each status, two VMs side by side, and several units run
 * one after another in one VM, sharing its global scope. */
#include "csp.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char out[4096], err[4096];
    size_t nout, nerr;
} Capture;

static void capture(void *ud, int stream, const char *data, size_t len) {
    Capture *c = ud;
    char *buf = stream == 1 ? c->out : c->err;
    size_t *n = stream == 1 ? &c->nout : &c->nerr;
    if (*n + len >= sizeof c->out) len = sizeof c->out - 1 - *n;
    memcpy(buf + *n, data, len);
    *n += len;
    buf[*n] = 0;
}

static int failures;

#define CHECK(cond, ...)                                                                                               \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            failures++;                                                                                                \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                                       \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fputc('\n', stderr);                                                                                       \
        }                                                                                                              \
    } while (0)

static csp_vm *new_vm(Capture *c, int workers) {
    memset(c, 0, sizeof *c);
    csp_config cfg;
    csp_config_init(&cfg);
    cfg.workers = workers;
    cfg.write = capture;
    cfg.write_ud = c;
    return csp_vm_new(&cfg);
}

static csp_status run(csp_vm *vm, const char *src) { return csp_run_string(vm, "t.csp", src, strlen(src)); }

int main(void) {
    Capture c, d;
    csp_vm *vm = new_vm(&c, 2);
    CHECK(vm, "csp_vm_new failed");

    CHECK(run(vm, "fmt.Println(\"hi\", 1+2)") == CSP_OK, "run: %s", csp_vm_error(vm));
    CHECK(strcmp(c.out, "hi 3\n") == 0, "stdout %s", c.out);

    /* goroutines and channels inside a host call */
    c.nout = 0, c.out[0] = 0;
    CHECK(run(vm, "ch := make(chan int)\ngo func() { ch <- 42 }()\nfmt.Println(<-ch)") == CSP_OK, "%s",
          csp_vm_error(vm));
    CHECK(strcmp(c.out, "42\n") == 0, "stdout %s", c.out);

    /* a compile error: the report is the message; nothing is written */
    c.nout = c.nerr = 0, c.err[0] = 0;
    CHECK(run(vm, "x := ") == CSP_ERR_SYNTAX, "syntax status");
    CHECK(strstr(csp_vm_error(vm), "t.csp:1:") != NULL, "syntax message %s", csp_vm_error(vm));
    CHECK(c.nout == 0, "stdout after syntax error");

    /* a panic: its report goes to the hook's stream 2 */
    c.nerr = 0, c.err[0] = 0;
    CHECK(run(vm, "var m map[string]int\nm[\"a\"] = 1") == CSP_ERR_PANIC, "panic status");
    CHECK(strstr(c.err, "panic: assignment to entry in nil map") != NULL, "panic report %s", c.err);

    /* os.Exit comes back as a status, and the host goes on */
    CHECK(run(vm, "os.Exit(3)") == CSP_ERR_EXIT, "exit status");
    CHECK(csp_vm_exit_code(vm) == 3, "exit code %d", csp_vm_exit_code(vm));

    /* a deadlock */
    c.nerr = 0, c.err[0] = 0;
    CHECK(run(vm, "ch := make(chan int)\n<-ch") == CSP_ERR_DEADLOCK, "deadlock status");
    CHECK(strstr(c.err, "all goroutines are asleep - deadlock!") != NULL, "deadlock report %s", c.err);

    /* a second VM beside the first, with one worker */
    csp_vm *vm2 = new_vm(&d, 1);
    CHECK(run(vm2, "package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"second\") }") == CSP_OK, "%s",
          csp_vm_error(vm2));
    CHECK(strcmp(d.out, "second\n") == 0, "vm2 stdout %s", d.out);
    csp_vm_free(vm2);

    /* the leak report: a VM whose run left a goroutine blocked */
    csp_vm *vm3 = new_vm(&d, 2);
    CHECK(run(vm3, "ch := make(chan int)\ngo func() { ch <- 1 }()") == CSP_OK, "%s", csp_vm_error(vm3));
    CHECK(csp_vm_report_leaks(vm3) == 1, "one leaked goroutine");
    CHECK(strstr(d.err, "1 goroutine still alive") && strstr(d.err, "[chan send]"), "leak report %s", d.err);
    csp_vm_free(vm3);

    /* the first still works after all that */
    c.nout = 0, c.out[0] = 0;
    CHECK(run(vm, "s := 0\nfor i := range 10 { s += i }\nfmt.Println(s)") == CSP_OK, "%s", csp_vm_error(vm));
    CHECK(strcmp(c.out, "45\n") == 0, "stdout %s", c.out);

    /* units share one global scope: later ones see earlier names; a
     * redeclaration is a new binding; a unit that fails binds nothing */
    c.nout = 0, c.out[0] = 0;
    CHECK(run(vm, "n := 5\nfunc twice(x int) int { return 2 * x }\ntype P struct{ X int }") == CSP_OK, "%s",
          csp_vm_error(vm));
    CHECK(run(vm, "n++\nfmt.Println(n, twice(n), P{n})") == CSP_OK, "%s", csp_vm_error(vm));
    CHECK(run(vm, "bad := undefinedName") == CSP_ERR_SYNTAX, "a failing unit");
    CHECK(run(vm, "fmt.Println(bad)") == CSP_ERR_SYNTAX, "a failed unit bound a name");
    CHECK(run(vm, "n := \"now a string\"\nfmt.Println(n + \"!\", twice(3))") == CSP_OK, "%s", csp_vm_error(vm));
    CHECK(strcmp(c.out, "6 12 {6}\nnow a string! 6\n") == 0, "units: %s", c.out);
    csp_vm_free(vm);

    CHECK(csp_version() && csp_version()[0], "version");
    if (failures) fprintf(stderr, "%d failed\n", failures);
    else printf("api: all passed\n");
    return failures != 0;
}
