/* scheduler.c: worker threads, run queues, work stealing, parking of idle
 * workers without lost wake-ups, program end and deadlock detection. The
 * protocol essay is in scheduler.h; the run queue follows Go's runq (an owner
 * pushes at the tail, anyone pops at the head with a CAS, a thief takes
 * half). */
#include "scheduler.h"
#include "timer.h"
#include "vm.h"
#include <stdio.h>
#include <stdlib.h>

static _Thread_local Worker *tls_worker;

/* A polite pause inside a spin loop. */
static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

Worker *sched_current(void) { return tls_worker; }

static _Thread_local uint64_t tls_rng;

static uint64_t rng_next(uint64_t *s);

uint64_t sched_rand(void) {
    if (tls_worker) return rng_next(&tls_worker->rng);
    if (!tls_rng) tls_rng = 0x2545F4914F6CDD1Dull ^ (uint64_t)(uintptr_t)&tls_rng;
    return rng_next(&tls_rng);
}

static uint64_t rng_next(uint64_t *s) {
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

/* ---- the local run queue ---- */

static bool runq_put(Worker *w, Fiber *f);

/* Moves half of w's queue and f to the global queue (Go's runqputslow). */
static void runq_overflow(Worker *w, Fiber *f, uint32_t h, uint32_t t) {
    Sched *s = w->s;
    uint32_t n = (t - h) / 2;
    Fiber *batch[RUNQ_SIZE / 2 + 1];
    for (uint32_t i = 0; i < n; i++) batch[i] = atomic_load_explicit(&w->ring[(h + i) % RUNQ_SIZE], memory_order_relaxed);
    if (!atomic_compare_exchange_strong_explicit(&w->head, &h, h + n, memory_order_release, memory_order_relaxed)) {
        runq_put(w, f); /* a thief took some: there is room now */
        return;
    }
    batch[n++] = f;
    pthread_mutex_lock(&s->lock);
    for (uint32_t i = 0; i < n; i++) {
        batch[i]->schednext = NULL;
        if (s->gq_tail) s->gq_tail->schednext = batch[i];
        else s->gq_head = batch[i];
        s->gq_tail = batch[i];
    }
    atomic_fetch_add(&s->gq_len, n);
    pthread_mutex_unlock(&s->lock);
}

static bool runq_put(Worker *w, Fiber *f) {
    for (;;) {
        uint32_t h = atomic_load_explicit(&w->head, memory_order_acquire);
        uint32_t t = atomic_load_explicit(&w->tail, memory_order_relaxed);
        if (t - h < RUNQ_SIZE) {
            atomic_store_explicit(&w->ring[t % RUNQ_SIZE], f, memory_order_relaxed);
            atomic_store_explicit(&w->tail, t + 1, memory_order_release);
            return true;
        }
        runq_overflow(w, f, h, t);
        return true;
    }
}

static Fiber *runq_get(Worker *w) {
    for (;;) {
        uint32_t h = atomic_load_explicit(&w->head, memory_order_acquire);
        uint32_t t = atomic_load_explicit(&w->tail, memory_order_relaxed);
        if (t == h) return NULL;
        Fiber *f = atomic_load_explicit(&w->ring[h % RUNQ_SIZE], memory_order_relaxed);
        if (atomic_compare_exchange_strong_explicit(&w->head, &h, h + 1, memory_order_release, memory_order_relaxed))
            return f;
    }
}

/* Steals half of victim's queue into w's; returns one fiber to run. */
static Fiber *runq_steal(Worker *w, Worker *victim, bool take_next) {
    for (;;) {
        uint32_t h = atomic_load_explicit(&victim->head, memory_order_acquire);
        uint32_t t = atomic_load_explicit(&victim->tail, memory_order_acquire);
        uint32_t n = t - h;
        n = n - n / 2;
        if (n == 0) {
            if (!take_next || !atomic_load_explicit(&victim->runnext, memory_order_relaxed)) return NULL;
            /* The victim is running and its run-next goroutine is most
             * likely the partner of a hand-off that it will run as soon as
             * the current one parks: give it that chance (Go waits 3 us)
             * rather than bounce the pair between workers. */
            int64_t until = mono_now() + 3000;
            while (mono_now() < until) cpu_relax();
            Fiber *nx = atomic_load_explicit(&victim->runnext, memory_order_acquire);
            if (nx && atomic_compare_exchange_strong(&victim->runnext, &nx, NULL)) return nx;
            return NULL;
        }
        if (n > RUNQ_SIZE / 2) continue; /* inconsistent snapshot */
        Fiber *batch[RUNQ_SIZE / 2];
        for (uint32_t i = 0; i < n; i++)
            batch[i] = atomic_load_explicit(&victim->ring[(h + i) % RUNQ_SIZE], memory_order_relaxed);
        if (!atomic_compare_exchange_strong_explicit(&victim->head, &h, h + n, memory_order_release,
                                                     memory_order_relaxed))
            continue;
        for (uint32_t i = 1; i < n; i++) runq_put(w, batch[i]);
        return batch[0];
    }
}

static uint32_t runq_len(Worker *w) {
    return atomic_load_explicit(&w->tail, memory_order_relaxed) - atomic_load_explicit(&w->head, memory_order_relaxed);
}

static bool runq_empty(Worker *w) {
    return atomic_load(&w->head) == atomic_load(&w->tail) && !atomic_load(&w->runnext);
}

/* ---- the global queue ---- */

static void gq_put_locked(Sched *s, Fiber *f) {
    f->schednext = NULL;
    if (s->gq_tail) s->gq_tail->schednext = f;
    else s->gq_head = f;
    s->gq_tail = f;
    atomic_fetch_add(&s->gq_len, 1);
}

static Fiber *gq_get_locked(Sched *s) {
    Fiber *f = s->gq_head;
    if (!f) return NULL;
    s->gq_head = f->schednext;
    if (!s->gq_head) s->gq_tail = NULL;
    f->schednext = NULL;
    atomic_fetch_sub(&s->gq_len, 1);
    return f;
}

/* Takes a share of the global queue for w: one to run, some to its ring. */
static Fiber *gq_get(Sched *s, Worker *w) {
    if (atomic_load(&s->gq_len) == 0) return NULL;
    pthread_mutex_lock(&s->lock);
    Fiber *f = gq_get_locked(s);
    int64_t extra = atomic_load(&s->gq_len) / atomic_load(&s->nprocs);
    if (extra > 64) extra = 64;
    /* only as many as the ring has room for: it must not overflow back into
     * the global queue, whose lock is held (only the owner adds to the ring,
     * so the room cannot shrink meanwhile) */
    int64_t room = RUNQ_SIZE - (int64_t)(atomic_load(&w->tail) - atomic_load(&w->head));
    if (extra > room) extra = room;
    for (int64_t i = 0; f && i < extra; i++) {
        Fiber *g = gq_get_locked(s);
        if (!g) break;
        runq_put(w, g);
    }
    pthread_mutex_unlock(&s->lock);
    return f;
}

/* ---- idle workers ---- */

static void worker_wake(Worker *w) {
    pthread_mutex_lock(&w->park_lock);
    w->notified = true;
    pthread_cond_signal(&w->park_cond);
    pthread_mutex_unlock(&w->park_lock);
}

static void *worker_main(void *arg);

/* Gives w its thread; with s->lock held, so sched_stop never joins a
 * thread still being made. */
static void start_worker_locked(Sched *s, Worker *w) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, (size_t)8 << 20);
    pthread_create(&w->thread, &attr, worker_main, w);
    pthread_attr_destroy(&attr);
    atomic_fetch_add(&s->nthreads, 1);
}

/* Wakes an idle worker, or starts the next worker's thread, if nobody is
 * already looking for work (Go's wakep and startm). Called after new
 * work was published; the worker starts out spinning. */
static void wakep(Sched *s) {
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load(&s->nspinning) > 0) return;
    if (atomic_load(&s->npidle) == 0 && atomic_load(&s->nthreads) >= atomic_load(&s->nprocs)) return;
    pthread_mutex_lock(&s->lock);
    Worker *w = s->idle;
    bool fresh = false;
    if (w) {
        s->idle = w->idle_next;
        w->parked = false;
        atomic_fetch_sub(&s->npidle, 1);
    } else {
        int t = atomic_load(&s->nthreads);
        if (t < atomic_load(&s->nprocs) && !atomic_load(&s->stopping)) {
            w = s->workers[t];
            fresh = true;
        }
    }
    if (w) {
        atomic_fetch_add(&s->nspinning, 1);
        w->spinning = true;
        if (fresh) start_worker_locked(s, w);
    }
    pthread_mutex_unlock(&s->lock);
    if (w && !fresh) worker_wake(w);
}

static void wake_all(Sched *s) {
    int n = atomic_load(&s->nthreads);
    for (int i = 0; i < n; i++) worker_wake(s->workers[i]);
}

/* Started workers allowed to run goroutines. */
static int active_workers(Sched *s) {
    int t = atomic_load(&s->nthreads), p = atomic_load(&s->nprocs);
    return t < p ? t : p;
}

/* Another thread (the timer thread) changed what deadlock detection saw:
 * if every worker sleeps, wake one to look again (it parks again at once,
 * checking for a deadlock on its way). */
void sched_recheck_idle(Sched *s) {
    pthread_mutex_lock(&s->lock);
    Worker *w = NULL;
    if (atomic_load(&s->npidle) + s->nretired == atomic_load(&s->nthreads) && s->idle) {
        w = s->idle;
        s->idle = w->idle_next;
        w->parked = false;
        atomic_fetch_sub(&s->npidle, 1);
    }
    pthread_mutex_unlock(&s->lock);
    if (w) worker_wake(w);
}

/* ---- readying ---- */

void sched_spawn(Sched *s, Fiber *f) {
    sched_register(s, f);
    atomic_store(&f->astate, FS_RUNNABLE);
    Worker *w = tls_worker;
    if (w && w->s == s) {
        /* the new goroutine runs next; the old next goes to the queue */
        Fiber *old = atomic_exchange(&w->runnext, f);
        if (old) runq_put(w, old);
    } else {
        pthread_mutex_lock(&s->lock);
        gq_put_locked(s, f);
        pthread_mutex_unlock(&s->lock);
    }
    wakep(s);
}

void sched_park_prepare(Fiber *f, int reason, const void *obj, int kind) {
    f->wait_reason = (uint8_t)reason;
    f->wait_obj = obj;
    f->park_kind = (uint8_t)kind;
    atomic_store(&f->astate, FS_WAITING);
}

void sched_ready(Fiber *f) {
    int expect = FS_WAITING;
    if (!atomic_compare_exchange_strong(&f->astate, &expect, FS_RUNNABLE)) return; /* already readied */
    Sched *s = f->vm->sched;
    Worker *w = tls_worker;
    if (w && w->s == s) {
        /* Into run-next, where this worker runs it as soon as the current
         * goroutine parks or yields: the hand-off of a channel operation.
         * Waking an idle worker for it would only bounce the pair between
         * workers (Tokio's LIFO slot does not notify either); only work
         * pushed out to the stealable queue calls for help. */
        Fiber *old = atomic_exchange(&w->runnext, f);
        if (!old) return;
        runq_put(w, old);
        /* One goroutine in the queue: this worker gets to it within a
         * time slice (a yield wakes help, run_fiber). A pipeline's stages
         * ready each other this way at every hand-off; a thief woken for
         * each would spread the chain over the workers and pay a cross-
         * thread hand-off per value (B5: 3.5x the CPU of one worker). */
        if (runq_len(w) < 2) return;
    } else {
        pthread_mutex_lock(&s->lock);
        gq_put_locked(s, f);
        pthread_mutex_unlock(&s->lock);
    }
    wakep(s);
}

bool sched_should_yield(Fiber *f) {
    Sched *s = f->vm->sched;
    if (atomic_load_explicit(&s->stopping, memory_order_relaxed)) return true;
    Worker *w = tls_worker;
    if (!w) return false;
    return atomic_load_explicit(&s->gq_len, memory_order_relaxed) > 0 ||
           w->id >= atomic_load_explicit(&s->nprocs, memory_order_relaxed) || /* retired: a safe point */
           atomic_load_explicit(&w->head, memory_order_relaxed) != atomic_load_explicit(&w->tail, memory_order_relaxed) ||
           atomic_load_explicit(&w->runnext, memory_order_relaxed) != NULL;
}

/* ---- the registry ---- */

static struct RegShard *shard_of(Sched *s, Fiber *f) { return &s->reg[(uint64_t)f->id % REG_SHARDS]; }

void sched_register(Sched *s, Fiber *f) {
    if (f->in_registry) return;
    struct RegShard *r = shard_of(s, f);
    pthread_mutex_lock(&r->lock);
    f->allnext = r->all;
    f->allprev = NULL;
    if (r->all) r->all->allprev = f;
    r->all = f;
    f->in_registry = true;
    pthread_mutex_unlock(&r->lock);
    atomic_fetch_add(&s->ngoroutines, 1);
}

void sched_unregister(Sched *s, Fiber *f) {
    if (!f->in_registry) return;
    struct RegShard *r = shard_of(s, f);
    pthread_mutex_lock(&r->lock);
    if (f->allprev) f->allprev->allnext = f->allnext;
    else r->all = f->allnext;
    if (f->allnext) f->allnext->allprev = f->allprev;
    f->allnext = f->allprev = NULL;
    f->in_registry = false;
    pthread_mutex_unlock(&r->lock);
    atomic_fetch_sub(&s->ngoroutines, 1);
}

void sched_each(Sched *s, void (*fn)(Fiber *f, void *ud), void *ud) {
    for (int i = 0; i < REG_SHARDS; i++) {
        pthread_mutex_lock(&s->reg[i].lock);
        for (Fiber *f = s->reg[i].all; f; f = f->allnext) fn(f, ud);
        pthread_mutex_unlock(&s->reg[i].lock);
    }
}

int64_t sched_num_goroutines(Sched *s) { return atomic_load(&s->ngoroutines); }

/* ---- fiber reuse ---- */

#define GFREE_MAX 4096 /* dead fibers kept in the shared pool */

/* Moves half of a full local pool to the shared one (dropped if full). */
static void free_spill(Worker *w) {
    Sched *s = w->s;
    pthread_mutex_lock(&s->free_lock);
    while (w->nfree > FREE_FIBERS / 2 && s->ngfree < GFREE_MAX) {
        Fiber *f = w->free[--w->nfree];
        w->free[w->nfree] = NULL;
        f->schednext = s->gfree;
        s->gfree = f;
        s->ngfree++;
    }
    pthread_mutex_unlock(&s->free_lock);
    while (w->nfree > FREE_FIBERS / 2) w->free[--w->nfree] = NULL;
}

/* Refills an empty local pool with up to half its size from the shared one. */
static void free_refill(Worker *w) {
    Sched *s = w->s;
    pthread_mutex_lock(&s->free_lock);
    while (w->nfree < FREE_FIBERS / 2 && s->gfree) {
        Fiber *f = s->gfree;
        s->gfree = f->schednext;
        s->ngfree--;
        f->schednext = NULL;
        w->free[w->nfree++] = f;
    }
    pthread_mutex_unlock(&s->free_lock);
}

static void recycle(Worker *w, Fiber *f) {
    if (!fiber_reusable(f)) return;
    if (w->nfree >= FREE_FIBERS) free_spill(w);
    fiber_recycle(f);
    w->free[w->nfree++] = f;
}

Fiber *sched_free_fiber(struct VM *vm) {
    Worker *w = tls_worker;
    if (!w || w->s != vm->sched) return NULL;
    if (!w->nfree && atomic_load_explicit(&w->s->ngfree, memory_order_relaxed) == 0) return NULL;
    if (!w->nfree) free_refill(w);
    if (!w->nfree) return NULL;
    Fiber *f = w->free[--w->nfree];
    w->free[w->nfree] = NULL;
    return f;
}

/* ---- program end ---- */

/* The program ended with st. Goroutines other than main keep running after
 * a normal end (the host decides: the CLI exits, the REPL goes on); a panic,
 * fatal error, exit or deadlock stops every worker. */
void sched_finish(Sched *s, int st) {
    pthread_mutex_lock(&s->done_lock);
    if (s->status == PROG_RUNNING) {
        s->status = st;
        if (st != PROG_OK) atomic_store(&s->stopping, true);
        pthread_cond_broadcast(&s->done_cond);
    }
    pthread_mutex_unlock(&s->done_lock);
    if (st != PROG_OK) wake_all(s);
}

/* ---- finding work ---- */

static bool any_work(Sched *s) {
    if (atomic_load(&s->gq_len) > 0) return true;
    for (int i = 0; i < s->nworkers; i++)
        if (!runq_empty(s->workers[i])) return true;
    return false;
}

static Fiber *steal_work(Worker *w) {
    Sched *s = w->s;
    int n = s->nworkers;
    if (n <= 1) return NULL;
    for (int pass = 0; pass < 4; pass++) {
        int start = (int)(rng_next(&w->rng) % (uint64_t)n);
        for (int i = 0; i < n; i++) {
            Worker *v = s->workers[(start + i) % n];
            if (v == w) continue;
            Fiber *f = runq_steal(w, v, pass == 3 && atomic_load_explicit(&v->current, memory_order_relaxed));
            if (f) return f;
        }
    }
    return NULL;
}

/* Called with s->lock held by the last worker going idle: is every
 * goroutine blocked for good? With every worker idle and every queue empty,
 * each live goroutine is parked; only another thread can still ready one:
 * the timer thread (timers_can_wake counts the timers it is firing) or a
 * host thread blocked in the C API (host_waiters). */
static bool deadlocked(Sched *s) {
    /* every started worker sleeps: idle, or retired with its queue handed
     * over (a retiring worker may still be running a goroutine) */
    if (atomic_load(&s->npidle) + s->nretired != atomic_load(&s->nthreads)) return false;
    pthread_mutex_lock(&s->done_lock);
    bool running = s->status == PROG_RUNNING;
    pthread_mutex_unlock(&s->done_lock);
    if (!running) return false; /* main has returned: nothing is waited for */
    if (any_work(s)) return false;
    if (atomic_load(&s->host_waiters) > 0) return false;
    if (timers_can_wake(s->timers)) return false;
    return atomic_load(&s->ngoroutines) > 0;
}

/* w is numbered past GOMAXPROCS: hand its goroutines to the others and
 * sleep until GOMAXPROCS grows again (or the program stops). */
static void retire(Worker *w) {
    Sched *s = w->s;
    if (w->spinning) {
        w->spinning = false;
        atomic_fetch_sub(&s->nspinning, 1);
    }
    pthread_mutex_lock(&s->lock);
    Fiber *f = atomic_exchange(&w->runnext, NULL);
    if (f) gq_put_locked(s, f);
    while ((f = runq_get(w))) gq_put_locked(s, f);
    w->retired = true;
    s->nretired++;
    pthread_mutex_unlock(&s->lock);
    wakep(s);
    pthread_mutex_lock(&w->park_lock);
    while (!atomic_load(&s->stopping) && w->id >= atomic_load(&s->nprocs)) {
        while (!w->notified) pthread_cond_wait(&w->park_cond, &w->park_lock);
        w->notified = false;
    }
    pthread_mutex_unlock(&w->park_lock);
    pthread_mutex_lock(&s->lock);
    w->retired = false;
    s->nretired--;
    pthread_mutex_unlock(&s->lock);
}

static Fiber *find_runnable(Worker *w) {
    Sched *s = w->s;
    for (;;) {
        if (atomic_load(&s->stopping)) return NULL;
        if (w->id >= atomic_load(&s->nprocs)) {
            retire(w);
            continue;
        }
        w->tick++;
        Fiber *f;
        if (w->tick % 61 == 0 && (f = gq_get(s, w))) return f;
        if (w->runnext_streak < 3 && (f = atomic_exchange(&w->runnext, NULL))) {
            w->runnext_streak++;
            return f;
        }
        w->runnext_streak = 0;
        if ((f = runq_get(w)) || (f = atomic_exchange(&w->runnext, NULL))) return f;
        if ((f = gq_get(s, w))) return f;
        if (!w->spinning && 2 * atomic_load(&s->nspinning) < active_workers(s) - atomic_load(&s->npidle)) {
            w->spinning = true;
            atomic_fetch_add(&s->nspinning, 1);
        }
        if (w->spinning && (f = steal_work(w))) return f;
        /* go idle: drop spinning, re-check everything, then park */
        if (w->spinning) {
            w->spinning = false;
            atomic_fetch_sub(&s->nspinning, 1);
        }
        pthread_mutex_lock(&s->lock);
        if (atomic_load(&s->gq_len) > 0 || any_work(s) || atomic_load(&s->stopping) ||
            w->id >= atomic_load(&s->nprocs)) { /* retired meanwhile: not idle */
            pthread_mutex_unlock(&s->lock);
            continue;
        }
        w->idle_next = s->idle;
        s->idle = w;
        w->parked = true;
        atomic_fetch_add(&s->npidle, 1);
        bool dead = deadlocked(s);
        pthread_mutex_unlock(&s->lock);
        if (dead) {
            extern void vm_report_deadlock(struct VM * vm);
            vm_report_deadlock(s->vm);
            sched_finish(s, PROG_DEADLOCK);
        }
        pthread_mutex_lock(&w->park_lock);
        while (!w->notified && !atomic_load(&s->stopping)) pthread_cond_wait(&w->park_cond, &w->park_lock);
        w->notified = false;
        pthread_mutex_unlock(&w->park_lock);
        /* a waker removed us from the idle list; a stop leaves us on it */
        pthread_mutex_lock(&s->lock);
        if (w->parked) { /* woken by a broadcast, not by wakep */
            Worker **pp = &s->idle;
            while (*pp && *pp != w) pp = &(*pp)->idle_next;
            if (*pp) *pp = w->idle_next;
            w->parked = false;
            atomic_fetch_sub(&s->npidle, 1);
        }
        pthread_mutex_unlock(&s->lock);
    }
}

/* ---- the worker loop ---- */

static void run_fiber(Worker *w, Fiber *f) {
    Sched *s = w->s;
    if (!f->nframes && !fiber_start(f)) {
        vm_report_fatal(f, "runtime: out of memory");
        sched_finish(s, PROG_FATAL);
        return;
    }
    atomic_store_explicit(&w->current, f, memory_order_relaxed);
    atomic_store(&f->astate, FS_RUNNING);
    ExecStatus st = vm_execute(f);
    atomic_store_explicit(&w->current, NULL, memory_order_relaxed);
    switch (st) {
    case EXEC_PARKED: break; /* someone else owns it now */
    case EXEC_YIELD:
        atomic_store(&f->astate, FS_RUNNABLE);
        if (atomic_load(&s->stopping)) break;
        runq_put(w, f);
        /* goroutines waited a whole time slice here: get help with them */
        if (runq_len(w) > 1) wakep(s);
        break;
    case EXEC_DONE:
        atomic_store(&f->astate, FS_DEAD);
        sched_unregister(s, f);
        if (f->is_main) sched_finish(s, PROG_OK);
        else recycle(w, f);
        break;
    case EXEC_PANIC: sched_unregister(s, f); sched_finish(s, PROG_PANIC); break;
    case EXEC_FATAL: sched_unregister(s, f); sched_finish(s, PROG_FATAL); break;
    case EXEC_EXIT: sched_finish(s, PROG_EXIT); break;
    }
}

static void *worker_main(void *arg) {
    Worker *w = arg;
    tls_worker = w;
    for (;;) {
        Fiber *f = find_runnable(w);
        if (!f) break;
        /* Found work while spinning (woken by wakep, or stealing): stop
         * spinning, and if we were the last spinner, wake another worker
         * for the rest of the work (Go's resetspinning). A spinner that
         * kept its count would stop every later wakep for good. */
        if (w->spinning) {
            w->spinning = false;
            if (atomic_fetch_sub(&w->s->nspinning, 1) == 1) wakep(w->s);
        }
        run_fiber(w, f);
    }
    tls_worker = NULL;
    return NULL;
}

/* ---- creation and the main goroutine ---- */

static Worker *worker_new(Sched *s, int id) {
    Worker *w = GC_MALLOC_UNCOLLECTABLE(sizeof(Worker));
    memset(w, 0, sizeof *w);
    w->id = id;
    w->s = s;
    w->rng = 0x9E3779B97F4A7C15ull * (uint64_t)(id + 1);
    pthread_mutex_init(&w->park_lock, NULL);
    pthread_cond_init(&w->park_cond, NULL);
    return w;
}

Sched *sched_new(struct VM *vm, int nworkers) {
    Sched *s = GC_MALLOC_UNCOLLECTABLE(sizeof(Sched));
    memset(s, 0, sizeof *s);
    s->vm = vm;
    if (nworkers < 1) nworkers = 1;
    if (nworkers > 1024) nworkers = 1024;
    s->nworkers = nworkers;
    s->nprocs = nworkers;
    s->workers = GC_MALLOC_UNCOLLECTABLE(sizeof(Worker *) * 1024);
    for (int i = 0; i < nworkers; i++) s->workers[i] = worker_new(s, i);
    pthread_mutex_init(&s->lock, NULL);
    for (int i = 0; i < REG_SHARDS; i++) pthread_mutex_init(&s->reg[i].lock, NULL);
    pthread_mutex_init(&s->done_lock, NULL);
    pthread_mutex_init(&s->free_lock, NULL);
    pthread_cond_init(&s->done_cond, NULL);
    s->timers = timers_new(s);
    return s;
}

int sched_run_main(Sched *s, Fiber *main) {
    pthread_mutex_lock(&s->done_lock);
    s->status = PROG_RUNNING;
    atomic_store(&s->stopping, false);
    atomic_store(&s->reported, false); /* a host may run again after a panic */
    pthread_mutex_unlock(&s->done_lock);
    main->is_main = true;
    sched_register(s, main);
    atomic_store(&main->astate, FS_RUNNABLE);
    pthread_mutex_lock(&s->lock);
    gq_put_locked(s, main);
    /* the first worker's thread starts here; the others when wakep finds
     * work for them */
    bool first = atomic_load(&s->nthreads) == 0;
    if (first) start_worker_locked(s, s->workers[0]);
    pthread_mutex_unlock(&s->lock);
    if (!first) wakep(s);
    pthread_mutex_lock(&s->done_lock);
    while (s->status == PROG_RUNNING) pthread_cond_wait(&s->done_cond, &s->done_lock);
    int st = s->status;
    pthread_mutex_unlock(&s->done_lock);
    if (st != PROG_OK) sched_stop(s); /* the workers are on their way out */
    return st;
}

/* Stops every worker and waits for it to leave. Go exits the process on a
 * panic, a fatal error or os.Exit; a library must instead hand its threads
 * back, so the host can free the VM (or run again: the next program starts
 * new workers). */
void sched_stop(Sched *s) {
    pthread_mutex_lock(&s->lock); /* no thread is being started */
    atomic_store(&s->stopping, true);
    int n = atomic_load(&s->nthreads);
    pthread_mutex_unlock(&s->lock);
    wake_all(s);
    for (int i = 0; i < n; i++) pthread_join(s->workers[i]->thread, NULL);
    /* under the lock: the timer thread may be reading the idle state
     * (sched_recheck_idle) */
    pthread_mutex_lock(&s->lock);
    atomic_store(&s->nthreads, 0);
    atomic_store(&s->npidle, 0);
    atomic_store(&s->nspinning, 0);
    s->idle = NULL;
    s->nretired = 0;
    for (int i = 0; i < n; i++) {
        Worker *w = s->workers[i];
        w->parked = w->spinning = w->retired = false;
        pthread_mutex_lock(&w->park_lock); /* worker_wake writes it under this */
        w->notified = false;
        pthread_mutex_unlock(&w->park_lock);
    }
    pthread_mutex_unlock(&s->lock);
}

/* runtime.GOMAXPROCS(n): workers past n retire at their next safe point
 * (between goroutines, or when the running one's budget runs out);
 * growing wakes retired workers and makes new ones, started on demand. */
int sched_set_procs(Sched *s, int n) {
    pthread_mutex_lock(&s->lock);
    int old = atomic_load(&s->nprocs);
    if (n <= 0 || n == old) {
        pthread_mutex_unlock(&s->lock);
        return old;
    }
    if (n > 1024) n = 1024;
    for (int i = atomic_load(&s->nworkers); i < n; i++) s->workers[i] = worker_new(s, i);
    if (n > atomic_load(&s->nworkers)) atomic_store(&s->nworkers, n);
    atomic_store(&s->nprocs, n);
    int t = atomic_load(&s->nthreads);
    /* idle workers past n leave the idle list (deadlock detection counts
     * it against the active workers) and go to retire */
    Worker *gone = NULL;
    for (Worker **pp = &s->idle; *pp;) {
        Worker *w = *pp;
        if (w->id < n) {
            pp = &w->idle_next;
            continue;
        }
        *pp = w->idle_next;
        w->parked = false;
        atomic_fetch_sub(&s->npidle, 1);
        w->idle_next = gone;
        gone = w;
    }
    pthread_mutex_unlock(&s->lock);
    while (gone) {
        Worker *next = gone->idle_next;
        worker_wake(gone);
        gone = next;
    }
    for (int i = old; i < n && i < t; i++) worker_wake(s->workers[i]); /* retired ones */
    wakep(s);
    return old;
}
