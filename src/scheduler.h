/* scheduler.h: the goroutine scheduler: N worker threads, each with a bounded
 * local run queue and a "run next" slot, a global injection queue, work
 * stealing, idle workers parked on condition variables, preemption by an
 * instruction budget, and deadlock detection. The design follows Go's
 * runtime (RUNTIME_NOTES.md); the parking protocol is described here once:
 *
 * Parking. A goroutine that must wait (channel, semaphore, sleep) registers
 * a waiter where its waker will find it while holding that object's lock,
 * sets its state to WAITING (sched_park_prepare), saves its pc, then
 * releases the lock. Releasing the lock is the commit: from then on another
 * thread may ready and run it, so the dispatch loop returns EXEC_PARKED at
 * once and nobody on this worker touches the fiber again. A waker takes the
 * waiter off under the lock, writes the results into the fiber's registers,
 * releases the lock, then calls sched_ready, which moves WAITING ->
 * RUNNABLE with a CAS and puts the fiber in the waker's "run next" slot.
 * Readying never happens under a channel lock. */
#ifndef CSP_SCHEDULER_H
#define CSP_SCHEDULER_H

#include "fiber.h"
#include <pthread.h>

struct VM;
typedef struct Sched Sched;
typedef struct Worker Worker;

#define RUNQ_SIZE 256
#define REG_SHARDS 64
#define FREE_FIBERS 64 /* dead fibers a worker keeps for reuse */

struct Worker {
    int id;
    Sched *s;
    _Atomic uint32_t head, tail;
    _Atomic(Fiber *) ring[RUNQ_SIZE];
    _Atomic(Fiber *) runnext;
    int runnext_streak;   /* consecutive runnext runs (capped, as Tokio) */
    uint32_t tick;
    uint64_t rng;
    pthread_t thread;
    pthread_mutex_t park_lock;
    pthread_cond_t park_cond;
    bool notified;
    bool parked;
    bool spinning;
    bool retired;          /* id >= nprocs: asleep until GOMAXPROCS grows */
    Worker *idle_next;
    _Atomic(Fiber *) current; /* the goroutine it runs (thieves look) */
    Fiber *free[FREE_FIBERS];  /* dead goroutines' fibers, for new ones */
    int nfree;
};

/* How the program ended (the host returns it). */
typedef enum ProgStatus {
    PROG_RUNNING,
    PROG_OK,
    PROG_PANIC,
    PROG_FATAL,
    PROG_EXIT,
    PROG_DEADLOCK,
    PROG_INTERRUPTED, /* the host stopped it (csp_vm_interrupt) */
} ProgStatus;

struct Sched {
    struct VM *vm;
    /* Workers are made as GOMAXPROCS grows and get their thread when first
     * needed (a script that never says `go` runs on one thread). Those
     * numbered nprocs and up are retired: they hand their queues to the
     * global queue and sleep until GOMAXPROCS grows again. */
    _Atomic int nworkers;    /* Worker structs: workers[0..nworkers) */
    _Atomic int nthreads;    /* of those, started: workers[0..nthreads) */
    _Atomic int nprocs;      /* GOMAXPROCS: workers[0..nprocs) may run goroutines */
    Worker **workers;        /* 1024 slots */
    _Atomic bool reported;   /* the first fatal report wins */
    pthread_mutex_t lock;    /* global queue, idle list, registry */
    Fiber *gq_head, *gq_tail;
    _Atomic int64_t gq_len;
    Worker *idle;
    _Atomic int npidle;
    int nretired;            /* workers asleep in retire() (under lock) */
    _Atomic int nspinning;
    _Atomic bool stopping;
    /* the registry of live goroutines, for reports: sharded by id so that
     * spawning and exiting goroutines rarely contend */
    struct RegShard {
        pthread_mutex_t lock;
        Fiber *all;
    } reg[REG_SHARDS];
    _Atomic int64_t ngoroutines;
    /* dead fibers beyond what a worker keeps, shared so that a worker that
     * spawns gets back the fibers that other workers finished (Go's
     * sched.gFree); linked through schednext */
    pthread_mutex_t free_lock;
    Fiber *gfree;
    _Atomic int ngfree;
    _Atomic int host_waiters;/* host threads blocked in channel calls */
    /* program end */
    pthread_mutex_t done_lock;
    pthread_cond_t done_cond;
    int status;              /* ProgStatus */
    struct Timers *timers;
};

Sched *sched_new(struct VM *vm, int nworkers);
/* Runs fiber main as goroutine 1 and waits until the program ends; returns
 * the ProgStatus. */
int sched_run_main(Sched *s, Fiber *main);
/* Wakes a worker to re-check for a deadlock if all of them sleep. */
void sched_recheck_idle(Sched *s);
/* Stops the workers and joins them (csp_vm_free; after a failed program). */
void sched_stop(Sched *s);
/* Makes a new goroutine runnable (from a worker: its run-next slot). */
void sched_spawn(Sched *s, Fiber *f);
/* Ends the program with st (first caller wins) and wakes the host. */
void sched_finish(Sched *s, int st);

/* Park protocol (see the essay above). */
void sched_park_prepare(Fiber *f, int reason, const void *obj, int kind);
void sched_ready(Fiber *f);
/* The worker running on this thread, or NULL (host thread). */
Worker *sched_current(void);
/* At a preemption point: should the running fiber give way? */
bool sched_should_yield(Fiber *f);

int64_t sched_num_goroutines(Sched *s);
/* A pseudo-random number from the current worker's generator. */
uint64_t sched_rand(void);
/* Changes the number of workers (runtime.GOMAXPROCS); returns the old. */
int sched_set_procs(Sched *s, int n);

/* A recycled fiber from the current worker, or NULL. */
Fiber *sched_free_fiber(struct VM *vm);
/* Calls fn on every live goroutine (reports; the world is stopped). */
void sched_each(Sched *s, void (*fn)(Fiber *f, void *ud), void *ud);
/* Registers a fiber in the goroutine registry (deadlock reports). */
void sched_register(Sched *s, Fiber *f);
void sched_unregister(Sched *s, Fiber *f);

#endif
