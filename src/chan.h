/* chan.h: channels and select, after Go's hchan (RUNTIME_NOTES.md): a
 * ring buffer, queues of waiting senders and receivers, direct hand-off
 * between a sender and a waiting receiver, close waking everyone. Parking
 * follows the protocol in scheduler.h. Elements are static words of the
 * channel's element type (value.h). */
#ifndef CSP_CHAN_H
#define CSP_CHAN_H

#include "fiber.h"
#include "runtime.h"
#include <pthread.h>

struct SelectState;


typedef struct WaitQ {
    Waiter *first, *last;
} WaitQ;

typedef struct Chan {
    uintptr_t hdr;          /* chan type (bidirectional) */
    pthread_mutex_t lock;
    Type *elem;
    Value *buf;             /* cap words */
    int64_t cap, count, recvx, sendx;
    bool closed;
    bool is_timer;          /* a timer's channel: len and cap read 0 */
    WaitQ recvq, sendq;
    uint64_t id;            /* lock order for select */
    Proto *made_in;         /* where make(chan) ran, for reports */
    uint32_t made_line;
    Proto *closed_in;
    uint32_t closed_line;
} Chan;

/* Channel operation results. */
typedef enum ChanResult { CH_DONE = 0, CH_PARKED, CH_PANIC, CH_WOULDBLOCK } ChanResult;

Chan *chan_new(Type *t, int64_t cap);
/* A panic "makechan: size out of range" if cap is invalid. */
RtStatus chan_make(Fiber *f, Type *t, int64_t cap, Value *out);

/* Send *v on ch for fiber f. May park f (CH_PARKED: the loop must return
 * at once). A nil ch parks forever. */
ChanResult chan_send(Fiber *f, Chan *ch, Value v);
/* Receive into *dst (and *ok when okslot != NULL). */
ChanResult chan_recv(Fiber *f, Chan *ch, Value *dst, Value *okslot);
RtStatus chan_close(Fiber *f, Chan *ch);
/* Non-blocking attempts (select with default, timers): CH_DONE or
 * CH_WOULDBLOCK. */
ChanResult chan_try_send(Chan *ch, Value v);
/* The same, only while *seq still equals want (checked under the channel
 * lock: timers, whose Stop and Reset bump it). */
ChanResult chan_try_send_seq(Chan *ch, Value v, _Atomic uint64_t *seq, uint64_t want);
int64_t chan_len(Chan *ch);
int64_t chan_cap(Chan *ch);
bool chan_has_receivers(Chan *ch);
/* A parked goroutine resuming: finishes its channel operation (panics on a
 * send to a channel closed meanwhile). */
RtStatus chan_finish_park(Fiber *f);
/* Empties a timer channel's buffer (Stop/Reset: no stale value). */
void chan_drain(Chan *ch);

/* select over n cases. kinds[i]: 1 send, 0 recv; chans[i] (NULL: never
 * ready); sendvals[i] for sends. Results: *chosen (-1 for default), the
 * received value into recv_dst[0] and ok into recv_dst[1]. */
ChanResult chan_select(Fiber *f, int n, const bool *is_send, Chan **chans, Value *sendvals, bool has_default,
                       Value *result);

/* Host threads (C API): block the calling thread, never a worker. */
ChanResult chan_host_send(Chan *ch, Value v);
ChanResult chan_host_recv(Chan *ch, Value *dst, bool *ok);

#endif
