/* sema.c: wait lists keyed by address (see sema.h). */
#include "sema.h"
#include "scheduler.h"

SemaTable *sema_new(void) {
    SemaTable *t = GC_MALLOC_UNCOLLECTABLE(sizeof(SemaTable));
    memset(t, 0, sizeof *t);
    for (int i = 0; i < SEMA_BUCKETS; i++) pthread_mutex_init(&t->b[i].lock, NULL);
    return t;
}

SemaBucket *sema_bucket(SemaTable *t, const void *addr) {
    return &t->b[((uintptr_t)addr >> 3) % SEMA_BUCKETS];
}

void sema_enqueue(SemaBucket *b, Fiber *f, const void *addr, int64_t ticket, bool front, int reason) {
    SemaWaiter *w = GC_MALLOC_UNCOLLECTABLE(sizeof(SemaWaiter));
    w->fiber = f;
    w->addr = addr;
    w->ticket = ticket;
    w->next = NULL;
    if (front) {
        w->next = b->head;
        b->head = w;
        if (!b->tail) b->tail = w;
    } else {
        if (b->tail) b->tail->next = w;
        else b->head = w;
        b->tail = w;
    }
    sched_park_prepare(f, reason, addr, PK_PLAIN);
}

SemaWaiter *sema_dequeue(SemaBucket *b, const void *addr, int64_t want_ticket) {
    SemaWaiter *prev = NULL;
    for (SemaWaiter *w = b->head; w; prev = w, w = w->next) {
        if (w->addr != addr || (want_ticket >= 0 && w->ticket != want_ticket)) continue;
        if (prev) prev->next = w->next;
        else b->head = w->next;
        if (b->tail == w) b->tail = prev;
        w->next = NULL;
        return w;
    }
    return NULL;
}

bool sema_has_waiters(SemaBucket *b, const void *addr) {
    for (SemaWaiter *w = b->head; w; w = w->next)
        if (w->addr == addr) return true;
    return false;
}
