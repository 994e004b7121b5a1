/* repl.c: the interactive loop of the csp command (LANGUAGE.md "REPL"). A
 * host of csp.h like main.c: each entry is a compilation unit of one VM, so
 * it sees what earlier entries declared; goroutines started by an entry go
 * on running between prompts; a panic, deadlock or compile error is
 * reported and the prompt comes back.
 *
 * On a terminal, GNU readline edits the lines (history in ~/.csp_history,
 * or $CSP_HISTORY) through its callback interface, so that one poll() can
 * watch both the terminal and Ctrl-C. SIGINT is blocked in every thread and
 * taken by a watcher thread with sigwait(): during an entry it interrupts
 * the program (csp_vm_interrupt), at the prompt it clears the line. Without
 * a terminal (`csp --repl < file`) lines come from stdin and no prompt is
 * written, which is how the tests drive it. */
#include "repl.h"
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROMPT "csp> "
#define PROMPT_MORE "...> "

/* ---- the entry being typed ---- */

typedef struct {
    char *text;
    size_t len, cap;
} Entry;

static void entry_add(Entry *e, const char *line) {
    size_t n = strlen(line);
    if (e->len + n + 2 > e->cap) {
        e->cap = (e->len + n + 2) * 2;
        e->text = realloc(e->text, e->cap);
    }
    memcpy(e->text + e->len, line, n);
    e->len += n;
    e->text[e->len++] = '\n';
    e->text[e->len] = 0;
}

static void entry_clear(Entry *e) {
    e->len = 0;
    if (e->text) e->text[0] = 0;
}

static bool blank(const char *s) {
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
    return true;
}

/* ---- running an entry ---- */

typedef struct {
    csp_vm *vm;
    Entry entry;
    bool tty;
    bool done;          /* Ctrl-D, or os.Exit */
    int exit_code;
    atomic_bool running;/* an entry runs: Ctrl-C interrupts it */
    int sigpipe[2];     /* the watcher tells the prompt about Ctrl-C */
} Repl;

/* An expression statement shows its value: the entry is first compiled as
 * fmt.Println's argument, and run that way if it compiles (a statement, a
 * call without results or several statements do not). */
static csp_status run_entry(Repl *r, const char *src) {
    size_t n = strlen(src), k = n;
    while (k && (src[k - 1] == '\n' || src[k - 1] == ' ' || src[k - 1] == '\t')) k--;
    char *wrapped = malloc(n + 32);
    snprintf(wrapped, n + 32, "fmt.Println(%.*s,\n)", (int)k, src); /* the comma: no semicolon at the newline */
    /* fmt's printing calls have shown what they were asked to: their
     * (n, err) results would only repeat it */
    const char *p = src;
    while (*p == ' ' || *p == '\t') p++;
    bool printing = strncmp(p, "fmt.Print", 9) == 0 || strncmp(p, "fmt.Fprint", 10) == 0 ||
                    strncmp(p, "println(", 8) == 0 || strncmp(p, "print(", 6) == 0;
    bool expr = !printing && csp_compile_string(r->vm, "<repl>", wrapped, strlen(wrapped), 0) == CSP_OK;
    atomic_store(&r->running, true);
    csp_status st = expr ? csp_run_string(r->vm, "<repl>", wrapped, strlen(wrapped))
                         : csp_run_string(r->vm, "<repl>", src, n);
    atomic_store(&r->running, false);
    free(wrapped);
    return st;
}

static void report(Repl *r, csp_status st) {
    fflush(stdout);
    switch (st) {
    case CSP_OK: break;
    case CSP_ERR_SYNTAX: fputs(csp_vm_error(r->vm), stderr); break;
    case CSP_ERR_EXIT:
        r->done = true;
        r->exit_code = csp_vm_exit_code(r->vm);
        break;
    case CSP_ERR_INTERRUPTED: fputs("interrupted\n", stderr); break;
    default: break; /* the panic or deadlock report is already written */
    }
    fflush(stderr);
}

/* A line arrived (NULL: end of input). Runs the entry once it is complete. */
static void take_line(Repl *r, char *line) {
    if (!line) {
        r->done = true;
        if (r->entry.len && !blank(r->entry.text)) report(r, run_entry(r, r->entry.text));
        return;
    }
    entry_add(&r->entry, line);
    if (csp_source_incomplete(r->entry.text, r->entry.len)) return;
    if (!blank(r->entry.text)) {
        if (r->tty) {
            r->entry.text[r->entry.len - 1] = 0; /* the history holds it without the newline */
            add_history(r->entry.text);
            r->entry.text[r->entry.len - 1] = '\n';
        }
        report(r, run_entry(r, r->entry.text));
    }
    entry_clear(&r->entry);
}

/* ---- without a terminal ---- */

static void loop_plain(Repl *r) {
    char *line = NULL;
    size_t cap = 0;
    while (!r->done) {
        ssize_t n = getline(&line, &cap, stdin);
        if (n < 0) {
            take_line(r, NULL);
            break;
        }
        if (n > 0 && line[n - 1] == '\n') line[n - 1] = 0;
        take_line(r, line);
    }
    free(line);
}

/* ---- on a terminal ---- */

static Repl *the_repl; /* readline's callback takes no context */
static void repl_unblock_sigint(void);

static void on_line(char *line) {
    Repl *r = the_repl;
    if (!line) fputc('\n', stdout);
    take_line(r, line);
    free(line);
    if (r->done) rl_callback_handler_remove();
    else rl_set_prompt(r->entry.len ? PROMPT_MORE : PROMPT);
}

static void *watch_sigint(void *arg) {
    Repl *r = arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    for (;;) {
        int sig;
        if (sigwait(&set, &sig) != 0) continue;
        if (atomic_load(&r->running)) csp_vm_interrupt(r->vm);
        else if (write(r->sigpipe[1], "c", 1) < 0) { /* the prompt misses one Ctrl-C */
        }
    }
    return NULL;
}

static const char *history_path(void) {
    const char *p = getenv("CSP_HISTORY");
    if (p) return p;
    const char *home = getenv("HOME");
    if (!home) return NULL;
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/.csp_history", home);
    return buf;
}

static void loop_tty(Repl *r) {
    const char *hist = history_path();
    if (hist) read_history(hist);
    the_repl = r;
    pthread_t t;
    if (pipe(r->sigpipe) == 0 && pthread_create(&t, NULL, watch_sigint, r) == 0) pthread_detach(t);
    else repl_unblock_sigint(); /* no watcher: Ctrl-C ends the process, as it would without a REPL */
    printf("csp %s (Ctrl-D to leave)\n", csp_version());
    rl_callback_handler_install(PROMPT, on_line);
    while (!r->done) {
        struct pollfd fds[2] = {{.fd = STDIN_FILENO, .events = POLLIN}, {.fd = r->sigpipe[0], .events = POLLIN}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[1].revents & POLLIN) { /* Ctrl-C at the prompt: drop the entry */
            char c;
            if (read(r->sigpipe[0], &c, 1) < 0) continue;
            entry_clear(&r->entry);
            rl_free_line_state();
            rl_replace_line("", 0);
            rl_crlf();
            rl_set_prompt(PROMPT);
            rl_on_new_line();
            rl_redisplay();
        }
        if (fds[0].revents & (POLLIN | POLLHUP)) rl_callback_read_char();
    }
    if (!r->done) rl_callback_handler_remove();
    if (hist) write_history(hist);
}

/* ---- entry point ---- */

static void sigint_mask(int how) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    pthread_sigmask(how, &set, NULL);
}

void repl_block_sigint(void) { sigint_mask(SIG_BLOCK); }
static void repl_unblock_sigint(void) { sigint_mask(SIG_UNBLOCK); }

int repl_run(csp_vm *vm, bool tty) {
    Repl r = {.vm = vm, .tty = tty, .sigpipe = {-1, -1}}; /* poll skips -1 */
    if (tty) loop_tty(&r);
    else loop_plain(&r);
    free(r.entry.text);
    fflush(stdout);
    return r.exit_code;
}
