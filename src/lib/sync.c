/* lib/sync.c: the native half of sync: Mutex, RWMutex, WaitGroup and the
 * notify list behind Cond. Each type is a struct of words declared in
 * stdlib/sync.csp; the methods work on the words with atomics and park on
 * the address's wait list (sema.h). Natives get the receiver pointer (the
 * struct object) in a[0]. */
#include "lib.h"
#include "../scheduler.h"
#include "../sema.h"

static SemaBucket *bucket(Fiber *f, const void *addr) { return sema_bucket(f->vm->sema, addr); }

static NatStatus fatal(Fiber *f, const char *msg) {
    f->fatal = msg;
    return NAT_FATAL;
}

static Struct *recv_obj(Fiber *f, Value *a) {
    Struct *s = a[0].p;
    if (!s) rt_panic_nil(f);
    return s;
}

/* ---- Mutex: f[0] state (bit 0 locked, then the number of waiters << 1),
 * f[1] the holder's goroutine id (for deadlock reports) ---- */

#define LOCKED 1
#define WAITER 2

static bool mutex_try(Struct *m) {
    int64_t *st = &m->f[0].i;
    int64_t old = __atomic_load_n(st, __ATOMIC_RELAXED);
    while (!(old & LOCKED))
        if (__atomic_compare_exchange_n(st, &old, old | LOCKED, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return true;
    return false;
}

/* Lock's slow path, also run again by a woken waiter (sched: PK_MUTEX):
 * take the lock or queue up (at the front when woken before: no
 * starvation by newcomers) and park. */
NatStatus sync_mutex_acquire(Fiber *f, Struct *m, bool retry) {
    int64_t *st = &m->f[0].i;
    SemaBucket *b = bucket(f, st);
    pthread_mutex_lock(&b->lock);
    for (;;) {
        int64_t old = __atomic_load_n(st, __ATOMIC_RELAXED);
        if (!(old & LOCKED)) {
            if (__atomic_compare_exchange_n(st, &old, old | LOCKED, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
                pthread_mutex_unlock(&b->lock);
                __atomic_store_n(&m->f[1].i, f->id, __ATOMIC_RELAXED);
                return NAT_OK;
            }
            continue;
        }
        if (__atomic_compare_exchange_n(st, &old, old + WAITER, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) break;
    }
    sema_enqueue(b, f, st, 0, retry, WR_MUTEX);
    f->park_kind = PK_MUTEX;
    f->park_obj = m;
    pthread_mutex_unlock(&b->lock); /* the commit */
    return NAT_PARK;
}

static NatStatus mutex_lock(Fiber *f, Value *a, int n) {
    Struct *m = recv_obj(f, a);
    if (!m) return NAT_PANIC;
    if (mutex_try(m)) {
        __atomic_store_n(&m->f[1].i, f->id, __ATOMIC_RELAXED);
        return NAT_OK;
    }
    return sync_mutex_acquire(f, m, false);
}

static NatStatus mutex_unlock(Fiber *f, Value *a, int n) {
    Struct *m = recv_obj(f, a);
    if (!m) return NAT_PANIC;
    int64_t *st = &m->f[0].i;
    int64_t old = LOCKED;
    if (__atomic_compare_exchange_n(st, &old, 0, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED)) return NAT_OK;
    if (!(old & LOCKED)) return fatal(f, "sync: unlock of unlocked mutex");
    /* waiters: release and wake the first, which competes again; the count
     * only changes under the bucket lock, so it matches the list */
    SemaBucket *b = bucket(f, st);
    pthread_mutex_lock(&b->lock);
    bool waiter;
    for (;;) {
        old = __atomic_load_n(st, __ATOMIC_RELAXED);
        waiter = old >= WAITER;
        int64_t nw = (old & ~(int64_t)LOCKED) - (waiter ? WAITER : 0);
        if (__atomic_compare_exchange_n(st, &old, nw, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED)) break;
    }
    SemaWaiter *w = waiter ? sema_dequeue(b, st, -1) : NULL;
    pthread_mutex_unlock(&b->lock);
    if (w) {
        sched_ready(w->fiber);
        GC_FREE(w);
    }
    return NAT_OK;
}

static NatStatus mutex_trylock(Fiber *f, Value *a, int n) {
    Struct *m = recv_obj(f, a);
    if (!m) return NAT_PANIC;
    bool ok = mutex_try(m);
    if (ok) __atomic_store_n(&m->f[1].i, f->id, __ATOMIC_RELAXED);
    a[0].i = ok;
    return NAT_OK;
}

/* ---- WaitGroup: f[0] counter, f[1] waiters ---- */

static NatStatus wg_add(Fiber *f, Value *a, int n) {
    Struct *wg = recv_obj(f, a);
    if (!wg) return NAT_PANIC;
    int64_t *cnt = &wg->f[0].i;
    int64_t v = __atomic_add_fetch(cnt, a[1].i, __ATOMIC_SEQ_CST);
    if (v < 0) {
        __atomic_store_n(cnt, 0, __ATOMIC_RELAXED);
        return lib_panic(f, "sync: negative WaitGroup counter");
    }
    if (v > 0 || __atomic_load_n(&wg->f[1].i, __ATOMIC_SEQ_CST) == 0) return NAT_OK; /* see wg_wait */
    SemaBucket *b = bucket(f, cnt);
    pthread_mutex_lock(&b->lock);
    SemaWaiter *list = NULL, *w;
    if (__atomic_load_n(cnt, __ATOMIC_ACQUIRE) == 0) {
        while ((w = sema_dequeue(b, cnt, -1))) {
            w->next = list;
            list = w;
        }
        __atomic_store_n(&wg->f[1].i, 0, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&b->lock);
    while (list) {
        SemaWaiter *next = list->next;
        sched_ready(list->fiber);
        GC_FREE(list);
        list = next;
    }
    return NAT_OK;
}

static NatStatus wg_wait(Fiber *f, Value *a, int n) {
    Struct *wg = recv_obj(f, a);
    if (!wg) return NAT_PANIC;
    int64_t *cnt = &wg->f[0].i;
    if (__atomic_load_n(cnt, __ATOMIC_ACQUIRE) == 0) return NAT_OK;
    SemaBucket *b = bucket(f, cnt);
    pthread_mutex_lock(&b->lock);
    /* Announce the waiter before looking at the counter again: Add
     * decrements the counter, then reads the waiter count (both seq_cst),
     * so either it sees us and wakes us under the bucket lock (which we
     * hold until we are queued), or we see the counter at zero. Checking
     * the counter first loses the wake-up when the last Done falls between
     * the check and the increment. */
    __atomic_add_fetch(&wg->f[1].i, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(cnt, __ATOMIC_SEQ_CST) == 0) {
        __atomic_sub_fetch(&wg->f[1].i, 1, __ATOMIC_SEQ_CST);
        pthread_mutex_unlock(&b->lock);
        return NAT_OK;
    }
    sema_enqueue(b, f, cnt, 0, false, WR_WAITGROUP);
    pthread_mutex_unlock(&b->lock);
    return NAT_PARK;
}

/* ---- RWMutex: f[0] writer holds, f[1] active readers, f[2] waiting
 * writers, f[3] waiting readers; all under the bucket lock of f[0]. Waiters
 * get the lock handed to them, so a woken goroutine holds it. ---- */

enum { RW_W, RW_R, RW_WW, RW_RW };

static void rw_wake_next(SemaBucket *b, Struct *rw, SemaWaiter **list) {
    int64_t *key = &rw->f[0].i;
    if (rw->f[RW_RW].i > 0) { /* every waiting reader goes in */
        SemaWaiter *w;
        while ((w = sema_dequeue(b, key, 0))) {
            rw->f[RW_R].i++;
            rw->f[RW_RW].i--;
            w->next = *list;
            *list = w;
        }
        return;
    }
    if (rw->f[RW_WW].i > 0) {
        SemaWaiter *w = sema_dequeue(b, key, 1);
        if (w) {
            rw->f[RW_W].i = 1;
            rw->f[RW_WW].i--;
            w->next = *list;
            *list = w;
        }
    }
}

static void ready_list(SemaWaiter *list) {
    while (list) {
        SemaWaiter *next = list->next;
        sched_ready(list->fiber);
        GC_FREE(list);
        list = next;
    }
}

static NatStatus rw_lock_common(Fiber *f, Value *a, bool writer, bool try) {
    Struct *rw = recv_obj(f, a);
    if (!rw) return NAT_PANIC;
    int64_t *key = &rw->f[0].i;
    SemaBucket *b = bucket(f, key);
    pthread_mutex_lock(&b->lock);
    bool free_now = writer ? (rw->f[RW_W].i == 0 && rw->f[RW_R].i == 0)
                           : (rw->f[RW_W].i == 0 && rw->f[RW_WW].i == 0);
    if (free_now) {
        if (writer) rw->f[RW_W].i = 1;
        else rw->f[RW_R].i++;
        pthread_mutex_unlock(&b->lock);
        if (try) a[0].i = 1;
        return NAT_OK;
    }
    if (try) {
        pthread_mutex_unlock(&b->lock);
        a[0].i = 0;
        return NAT_OK;
    }
    rw->f[writer ? RW_WW : RW_RW].i++;
    sema_enqueue(b, f, key, writer ? 1 : 0, false, writer ? WR_RWMUTEX_LOCK : WR_RWMUTEX_RLOCK);
    pthread_mutex_unlock(&b->lock);
    return NAT_PARK;
}

static NatStatus rw_lock(Fiber *f, Value *a, int n) { return rw_lock_common(f, a, true, false); }
static NatStatus rw_rlock(Fiber *f, Value *a, int n) { return rw_lock_common(f, a, false, false); }
static NatStatus rw_trylock(Fiber *f, Value *a, int n) { return rw_lock_common(f, a, true, true); }
static NatStatus rw_tryrlock(Fiber *f, Value *a, int n) { return rw_lock_common(f, a, false, true); }

static NatStatus rw_unlock(Fiber *f, Value *a, int n) {
    Struct *rw = recv_obj(f, a);
    if (!rw) return NAT_PANIC;
    SemaBucket *b = bucket(f, &rw->f[0].i);
    pthread_mutex_lock(&b->lock);
    if (rw->f[RW_W].i == 0) {
        pthread_mutex_unlock(&b->lock);
        return fatal(f, "sync: Unlock of unlocked RWMutex");
    }
    rw->f[RW_W].i = 0;
    SemaWaiter *list = NULL;
    rw_wake_next(b, rw, &list);
    pthread_mutex_unlock(&b->lock);
    ready_list(list);
    return NAT_OK;
}

static NatStatus rw_runlock(Fiber *f, Value *a, int n) {
    Struct *rw = recv_obj(f, a);
    if (!rw) return NAT_PANIC;
    SemaBucket *b = bucket(f, &rw->f[0].i);
    pthread_mutex_lock(&b->lock);
    if (rw->f[RW_R].i == 0) {
        pthread_mutex_unlock(&b->lock);
        return fatal(f, "sync: RUnlock of unlocked RWMutex");
    }
    SemaWaiter *list = NULL;
    if (--rw->f[RW_R].i == 0 && rw->f[RW_WW].i > 0) {
        SemaWaiter *w = sema_dequeue(b, &rw->f[0].i, 1);
        if (w) {
            rw->f[RW_W].i = 1;
            rw->f[RW_WW].i--;
            list = w;
        }
    }
    pthread_mutex_unlock(&b->lock);
    ready_list(list);
    return NAT_OK;
}

/* ---- the notify list behind Cond (Go's notifyList): f[0] the next
 * ticket to hand out, f[1] the next ticket to notify ---- */

static NatStatus nl_add(Fiber *f, Value *a, int n) {
    Struct *l = recv_obj(f, a);
    if (!l) return NAT_PANIC;
    a[0].i = __atomic_fetch_add(&l->f[0].i, 1, __ATOMIC_ACQ_REL);
    return NAT_OK;
}

static NatStatus nl_wait(Fiber *f, Value *a, int n) {
    Struct *l = recv_obj(f, a);
    if (!l) return NAT_PANIC;
    int64_t t = a[1].i;
    SemaBucket *b = bucket(f, l);
    pthread_mutex_lock(&b->lock);
    if (t < __atomic_load_n(&l->f[1].i, __ATOMIC_ACQUIRE)) { /* notified already */
        pthread_mutex_unlock(&b->lock);
        return NAT_OK;
    }
    sema_enqueue(b, f, l, t, false, WR_COND);
    pthread_mutex_unlock(&b->lock);
    return NAT_PARK;
}

static NatStatus nl_notify(Fiber *f, Value *a, bool all) {
    Struct *l = recv_obj(f, a);
    if (!l) return NAT_PANIC;
    SemaBucket *b = bucket(f, l);
    pthread_mutex_lock(&b->lock);
    int64_t wait = __atomic_load_n(&l->f[0].i, __ATOMIC_ACQUIRE), next = l->f[1].i;
    SemaWaiter *list = NULL;
    if (wait != next) {
        if (all) {
            __atomic_store_n(&l->f[1].i, wait, __ATOMIC_RELEASE);
            SemaWaiter *w;
            while ((w = sema_dequeue(b, l, -1))) {
                w->next = list;
                list = w;
            }
        } else {
            __atomic_store_n(&l->f[1].i, next + 1, __ATOMIC_RELEASE);
            list = sema_dequeue(b, l, next); /* not queued yet: it will see the ticket */
        }
    }
    pthread_mutex_unlock(&b->lock);
    ready_list(list);
    return NAT_OK;
}

static NatStatus nl_one(Fiber *f, Value *a, int n) { return nl_notify(f, a, false); }
static NatStatus nl_all(Fiber *f, Value *a, int n) { return nl_notify(f, a, true); }

const NativeReg lib_sync[] = {
    {"sync.(*Mutex).Lock", mutex_lock},
    {"sync.(*Mutex).Unlock", mutex_unlock},
    {"sync.(*Mutex).TryLock", mutex_trylock},
    {"sync.(*WaitGroup).Add", wg_add},
    {"sync.(*WaitGroup).Wait", wg_wait},
    {"sync.(*RWMutex).Lock", rw_lock},
    {"sync.(*RWMutex).Unlock", rw_unlock},
    {"sync.(*RWMutex).RLock", rw_rlock},
    {"sync.(*RWMutex).RUnlock", rw_runlock},
    {"sync.(*RWMutex).TryLock", rw_trylock},
    {"sync.(*RWMutex).TryRLock", rw_tryrlock},
    {"sync.(*notifyList).add", nl_add},
    {"sync.(*notifyList).wait", nl_wait},
    {"sync.(*notifyList).notifyOne", nl_one},
    {"sync.(*notifyList).notifyAll", nl_all},
    {NULL, NULL},
};
