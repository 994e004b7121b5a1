/* timer.c: the timer heap and its thread. The thread sleeps until the
 * earliest deadline (a condition variable with a timeout on CLOCK_MONOTONIC,
 * re-armed whenever an earlier timer arrives), pops the due timers and fires
 * them after releasing the heap lock. */
#include "timer.h"
#include "chan.h"
#include "scheduler.h"
#include "vm.h"
#include <errno.h>
#include <pthread.h>
#include <time.h>

struct Timers {
    Sched *s;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    Timer **heap;
    int n, cap;
    bool started;
    int64_t sleeping_until; /* the thread's wake-up time, 0 if unbounded */
    int firing;             /* timers taken off the heap, not yet fired */
    bool paused;            /* timers_pause: nothing fires until resumed */
};

int64_t mono_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t wall_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

Timers *timers_new(Sched *s) {
    Timers *t = GC_MALLOC_UNCOLLECTABLE(sizeof(Timers));
    memset(t, 0, sizeof *t);
    t->s = s;
    pthread_mutex_init(&t->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&t->cond, &ca);
    pthread_condattr_destroy(&ca);
    return t;
}

/* ---- the heap ---- */

static void swap_at(Timers *t, int i, int j) {
    Timer *a = t->heap[i];
    t->heap[i] = t->heap[j];
    t->heap[j] = a;
    t->heap[i]->index = i;
    t->heap[j]->index = j;
}

static void sift_up(Timers *t, int i) {
    while (i > 0) {
        int p = (i - 1) / 2;
        if (t->heap[p]->when <= t->heap[i]->when) break;
        swap_at(t, i, p);
        i = p;
    }
}

static void sift_down(Timers *t, int i) {
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < t->n && t->heap[l]->when < t->heap[m]->when) m = l;
        if (r < t->n && t->heap[r]->when < t->heap[m]->when) m = r;
        if (m == i) return;
        swap_at(t, i, m);
        i = m;
    }
}

static void heap_remove(Timers *t, Timer *tm) {
    int i = tm->index;
    tm->index = -1;
    t->n--;
    if (i == t->n) return;
    t->heap[i] = t->heap[t->n];
    t->heap[i]->index = i;
    sift_down(t, i);
    sift_up(t, i);
}

static void heap_push(Timers *t, Timer *tm) {
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        Timer **nh = GC_MALLOC_UNCOLLECTABLE(sizeof(Timer *) * (size_t)t->cap);
        if (t->n) memcpy(nh, t->heap, sizeof(Timer *) * (size_t)t->n);
        if (t->heap) GC_FREE(t->heap);
        t->heap = nh;
    }
    tm->index = t->n;
    t->heap[t->n++] = tm;
    sift_up(t, tm->index);
}

static void start_locked(Timers *t);

bool timers_add(Timers *t, Timer *tm) {
    pthread_mutex_lock(&t->lock);
    start_locked(t);
    bool was = tm->index >= 0;
    if (was) heap_remove(t, tm);
    heap_push(t, tm);
    /* an earlier deadline than the thread sleeps for: wake it */
    if (tm->index == 0 && (t->sleeping_until == 0 || tm->when < t->sleeping_until)) pthread_cond_signal(&t->cond);
    pthread_mutex_unlock(&t->lock);
    return was;
}

bool timers_del(Timers *t, Timer *tm) {
    pthread_mutex_lock(&t->lock);
    atomic_fetch_add(&tm->seq, 1);
    bool was = tm->index >= 0;
    if (was) heap_remove(t, tm);
    pthread_mutex_unlock(&t->lock);
    return was;
}

bool timers_can_wake(Timers *t) {
    pthread_mutex_lock(&t->lock);
    bool can = t->firing > 0; /* about to ready a goroutine */
    for (int i = 0; i < t->n && !can; i++) {
        Timer *tm = t->heap[i];
        can = tm->kind != TK_CHAN || chan_has_receivers(tm->ch);
    }
    pthread_mutex_unlock(&t->lock);
    return can;
}

/* ---- firing ---- */

/* Seconds from January 1, year 1 to the Unix epoch (stdlib/time.csp's
 * unixToInternal). */
#define UNIX_TO_INTERNAL ((int64_t)(1969 * 365 + 1969 / 4 - 1969 / 100 + 1969 / 400) * 86400)

/* The time.Time value a timer channel carries: the struct's fields are
 * seconds since year 1, nanoseconds and the monotonic reading
 * (stdlib/time.csp). */
static Value time_value(Chan *ch) {
    Type *tt = ch->elem;
    if (tt->ukind != K_STRUCT || tt->under->nfields < 3) return zero_value(tt);
    Struct *st = struct_new(tt);
    int64_t w = wall_now();
    st->f[0].i = w / 1000000000 + UNIX_TO_INTERNAL;
    st->f[1].i = w % 1000000000;
    st->f[2].i = mono_now() | 1;
    if (tt->under->nfields > 3) st->f[3].i = 1; /* local: a Time of Now() */
    return VAL_PTR(st);
}

static void fire(Sched *s, Timer *tm, uint64_t seq) {
    switch (tm->kind) {
    case TK_WAKE: sched_ready(tm->fiber); break;
    case TK_CHAN: chan_try_send_seq(tm->ch, time_value(tm->ch), &tm->seq, seq); break;
    case TK_FUNC: {
        Fiber *g = fiber_spawn(s->vm, tm->fn, NULL, 0, false);
        if (g) sched_spawn(s, g);
        break;
    }
    }
}

static void *timer_main(void *arg) {
    Timers *t = arg;
    pthread_mutex_lock(&t->lock);
    for (;;) {
        int64_t now = mono_now();
        if (t->paused) {
            pthread_cond_wait(&t->cond, &t->lock);
            continue;
        }
        if (t->n && t->heap[0]->when <= now) {
            Timer *tm = t->heap[0];
            heap_remove(t, tm);
            if (tm->period > 0) { /* a ticker: re-arm from its schedule */
                tm->when += tm->period;
                if (tm->when <= now) tm->when = now + tm->period;
                heap_push(t, tm);
            }
            uint64_t seq = atomic_load(&tm->seq);
            t->firing++;
            pthread_mutex_unlock(&t->lock);
            fire(t->s, tm, seq);
            pthread_mutex_lock(&t->lock);
            if (--t->firing == 0) {
                /* the goroutine it woke may have finished meanwhile, and
                 * the last worker parked without calling the deadlock
                 * (timers_can_wake said "firing"): let one look again */
                pthread_mutex_unlock(&t->lock);
                sched_recheck_idle(t->s);
                pthread_mutex_lock(&t->lock);
            }
            continue;
        }
        if (t->n) {
            int64_t until = t->heap[0]->when;
            t->sleeping_until = until;
            struct timespec ts = {until / 1000000000, until % 1000000000};
            pthread_cond_timedwait(&t->cond, &t->lock, &ts); /* EINTR and GC signals: loop */
        } else {
            t->sleeping_until = 0;
            pthread_cond_wait(&t->cond, &t->lock);
        }
    }
    return NULL;
}

void timers_pause(Timers *t) {
    pthread_mutex_lock(&t->lock);
    t->paused = true;
    while (t->firing) { /* a timer taken off the heap before: let it land */
        pthread_mutex_unlock(&t->lock);
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
        pthread_mutex_lock(&t->lock);
    }
    pthread_mutex_unlock(&t->lock);
}

void timers_resume(Timers *t) {
    pthread_mutex_lock(&t->lock);
    t->paused = false;
    pthread_cond_signal(&t->cond);
    pthread_mutex_unlock(&t->lock);
}

/* The timer thread starts with the first timer (with t->lock held). */
static void start_locked(Timers *t) {
    if (t->started) return;
    t->started = true;
    pthread_t th;
    pthread_create(&th, NULL, timer_main, t);
    pthread_detach(th);
}
