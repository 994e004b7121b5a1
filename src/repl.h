/* repl.h: the csp command's read-eval-print loop (repl.c). */
#ifndef CSP_REPL_H
#define CSP_REPL_H

#include "csp.h"
#include <stdbool.h>

/* Blocks SIGINT in the calling thread, before the VM (and its threads) is
 * made: the REPL's watcher thread takes it with sigwait. */
void repl_block_sigint(void);
/* Reads entries until the end of input or os.Exit; returns the exit status.
 * tty: a terminal (readline, prompts, history, Ctrl-C). */
int repl_run(csp_vm *vm, bool tty);

#endif
