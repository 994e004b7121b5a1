/* call.h: the call, return, defer and panic protocol (call.c), shared by
 * the dispatch loop (vm.c). Every function works on the fiber's frame stack
 * and returns what the loop should do next; none recurses into the loop, so
 * a goroutine never has C frames between the scheduler and its bytecode. */
#ifndef CSP_CALL_H
#define CSP_CALL_H

#include "fiber.h"
#include "runtime.h"
#include "vm.h"

typedef enum Act {
    ACT_CONTINUE, /* reload the top frame and go on */
    ACT_DONE,     /* the FR_TOP frame returned */
    ACT_PANIC,    /* the fiber died of a panic (already reported) */
    ACT_FATAL,    /* fatal error (already reported) */
    ACT_EXIT,     /* os.Exit */
    ACT_PARKED,   /* the fiber parked: return from the loop at once */
    ACT_YIELD,    /* give way: back to the run queue */
} Act;

/* Calls the callable in the caller's R[a] with nargs arguments after it;
 * nres results are wanted back into R[a..]. Handles bound method values,
 * natives and arity. flags are extra frame flags (FR_DYNRES...). */
Act call_value(Fiber *f, int a, int nargs, int nres, uint32_t flags);
/* Calls proto p (a method: receiver in R[a+1]) directly. */
Act call_proto(Fiber *f, Proto *p, Closure *cl, int a, int nargs, int nres, uint32_t flags);
/* CALLI: the method `name` of the interface value in R[a+1]. */
Act call_interface(Fiber *f, int a, int nargs, int nres, String *name);
/* CALLD: a dynamic callee (name NULL: R[a] itself; else method `name` of
 * R[a+1]); arguments are dynamic words, results come back dynamic. */
Act call_dynamic(Fiber *f, int a, int nargs, int nres, String *name);
/* RET of the top frame: results R[a..a+n) (from_vars: read the result
 * variables, through cells, after the deferred calls ran). */
Act do_return(Fiber *f, int a, int n, bool from_vars);
/* Registers a deferred call of R[a] with nargs args (dyn: dynamic words). */
void push_defer(Fiber *f, int a, int nargs, bool dyn);
/* Starts the panic pending in f->pending (or the fatal in f->fatal). */
Act start_panic(Fiber *f);
/* recover() in the top frame. */
Value do_recover(Fiber *f);
/* Stack overflow: reports Go's fatal error. */
Act stack_overflow(Fiber *f);
/* A bound method value: closure of method `name` of the dynamic/interface
 * value recv (dynamic lookup), or of proto cl bound to recv. */
RtStatus make_method_value(Fiber *f, Value recv, String *name, Closure *cl, bool dyn_args, Value *out);

#endif
