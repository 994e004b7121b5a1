/* sema.h: goroutine wait lists keyed by address (after Go's semaRoot): the
 * waiting side of sync.Mutex, RWMutex, WaitGroup and Cond. The sync types
 * are plain structs of words (so they work from their zero value, as struct
 * fields, at a stable address); a goroutine that must wait is queued in the
 * bucket of the word's address and parked (the protocol of scheduler.h, with
 * the bucket lock as the commit). */
#ifndef CSP_SEMA_H
#define CSP_SEMA_H

#include "fiber.h"
#include <pthread.h>

#define SEMA_BUCKETS 251

typedef struct SemaWaiter {
    Fiber *fiber;
    const void *addr;
    int64_t ticket;     /* Cond: the notify ticket; RWMutex: 1 = writer */
    struct SemaWaiter *next;
} SemaWaiter;

typedef struct SemaBucket {
    pthread_mutex_t lock;
    SemaWaiter *head, *tail;
} SemaBucket;

typedef struct SemaTable {
    SemaBucket b[SEMA_BUCKETS];
} SemaTable;

SemaTable *sema_new(void);
SemaBucket *sema_bucket(SemaTable *t, const void *addr);
/* With the bucket locked: queue f (front or back) and mark it parked with
 * reason; the caller unlocks (the commit) and returns NAT_PARK. */
void sema_enqueue(SemaBucket *b, Fiber *f, const void *addr, int64_t ticket, bool front, int reason);
/* With the bucket locked: remove and return the first waiter on addr
 * (matching ticket when want_ticket >= 0, or the first whose ticket is
 * want_kind when want_kind >= 0), or NULL. */
SemaWaiter *sema_dequeue(SemaBucket *b, const void *addr, int64_t want_ticket);
/* With the bucket locked: does anybody wait on addr? */
bool sema_has_waiters(SemaBucket *b, const void *addr);

#endif
