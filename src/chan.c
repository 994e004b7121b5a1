/* chan.c: channel send, receive, close and select (after Go's chan.go and
 * select.go). Locks: one mutex per channel; select takes the channels' locks
 * in address order, so concurrent selects over overlapping channels cannot
 * deadlock. No fiber is readied while a channel lock is held. */
#include "chan.h"
#include "scheduler.h"
#include "vm.h"
#include <stdio.h>
#include <stdlib.h>

/* A select's waiters: one per case, in a fiber's scratch that the next
 * select reuses (every waiter is unlinked before the select returns). */
typedef struct SelectState {
    _Atomic int done;   /* 0 until one case wins */
    Value *chosen;      /* the fiber's result register for the case index */
    Waiter *waiters;    /* n waiters, one per case (NULL channel: unused) */
    int n, cap;
} SelectState;

/* A host thread blocked on a channel (C API). */
typedef struct HostWait {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool done;
} HostWait;

/* Cases up to this many sort and shuffle in arrays on the C stack. */
#define SELECT_SMALL 8

/* ---- creation ---- */

Chan *chan_new(Type *t, int64_t cap) {
    Chan *ch = NEW(Chan);
    ch->hdr = (uintptr_t)t;
    /* adaptive: spins briefly before sleeping in the kernel, as the
     * sections it guards are a few dozen instructions (Go's lock spins too) */
    ch->lock = (pthread_mutex_t)PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP;
    ch->elem = t->under->elem;
    ch->cap = cap;
    if (cap) ch->buf = NEW_ARRAY(Value, cap);
    ch->id = (uint64_t)(uintptr_t)ch;
    return ch;
}

#define MAX_CHAN_CAP (INT64_C(1) << 34)

RtStatus chan_make(Fiber *f, Type *t, int64_t cap, Value *out) {
    if (cap < 0 || cap > MAX_CHAN_CAP) return rt_panic_plain(f, "makechan: size out of range");
    Chan *ch = chan_new(t, cap);
    if (f && f->nframes) {
        CallFrame *fr = &f->frames[f->nframes - 1];
        ch->made_in = fr->proto;
        uint32_t idx = fr->pc > fr->proto->code ? (uint32_t)(fr->pc - fr->proto->code - 1) : 0;
        ch->made_line = fr->proto->lines ? fr->proto->lines[idx] : 0;
    }
    *out = VAL_PTR(ch);
    return RT_OK;
}

/* ---- wait queues ---- */

static void enqueue(WaitQ *q, Waiter *w) {
    w->next = NULL;
    w->prev = q->last;
    if (q->last) q->last->next = w;
    else q->first = w;
    q->last = w;
}

static void unlink_waiter(WaitQ *q, Waiter *w) {
    if (w->prev) w->prev->next = w->next;
    else if (q->first == w) q->first = w->next;
    else return; /* not in this queue */
    if (w->next) w->next->prev = w->prev;
    else q->last = w->prev;
    w->next = w->prev = NULL;
}

/* The first waiter that can still be woken: a select waiter whose select
 * already completed elsewhere is skipped (and dropped). */
static Waiter *dequeue(WaitQ *q) {
    for (;;) {
        Waiter *w = q->first;
        if (!w) return NULL;
        unlink_waiter(q, w);
        if (w->sel) {
            int expect = 0;
            if (!atomic_compare_exchange_strong(&w->sel->done, &expect, 1)) continue;
            w->sel->chosen->i = w->case_index;
        }
        return w;
    }
}

static void wake(Waiter *w) {
    if (w->fiber) {
        sched_ready(w->fiber);
        return;
    }
    HostWait *h = w->host;
    pthread_mutex_lock(&h->lock);
    h->done = true;
    pthread_cond_signal(&h->cond);
    pthread_mutex_unlock(&h->lock);
}

static void set_closed_site(Fiber *f, Chan *ch) {
    if (!f || !f->nframes) return;
    CallFrame *fr = &f->frames[f->nframes - 1];
    uint32_t idx = fr->pc > fr->proto->code ? (uint32_t)(fr->pc - fr->proto->code - 1) : 0;
    ch->closed_in = fr->proto;
    ch->closed_line = fr->proto->lines ? fr->proto->lines[idx] : 0;
}

static ChanResult send_closed(Fiber *f, Chan *ch) {
    rt_panic_plain(f, "send on closed channel");
    if (ch->closed_in && f->pending)
        f->pending->note = gc_sprintf("the channel was closed at %s:%u", ch->closed_in->file, ch->closed_line);
    return CH_PANIC;
}

/* ---- send ---- */

/* With ch locked: completes a send of v if a receiver or room is there. */
static bool try_send_locked(Chan *ch, Value v, Waiter **woken) {
    Waiter *r = dequeue(&ch->recvq);
    if (r) {
        *r->val = v;
        if (r->okslot) r->okslot->i = 1;
        r->success = true;
        *woken = r;
        return true;
    }
    if (ch->count < ch->cap) {
        ch->buf[ch->sendx] = v;
        if (++ch->sendx == ch->cap) ch->sendx = 0;
        ch->count++;
        return true;
    }
    return false;
}

ChanResult chan_send(Fiber *f, Chan *ch, Value v) {
    if (!ch) {
        sched_park_prepare(f, WR_CHAN_SEND_NIL, NULL, PK_PLAIN);
        return CH_PARKED;
    }
    pthread_mutex_lock(&ch->lock);
    if (ch->closed) {
        pthread_mutex_unlock(&ch->lock);
        return send_closed(f, ch);
    }
    Waiter *woken = NULL;
    if (try_send_locked(ch, v, &woken)) {
        pthread_mutex_unlock(&ch->lock);
        if (woken) wake(woken);
        return CH_DONE;
    }
    Waiter *w = &f->wait;
    *w = (Waiter){.fiber = f, .ch = ch, .is_send = true, .val = &f->sendval};
    f->sendval = v;
    enqueue(&ch->sendq, w);
    f->park_waiters = w;
    sched_park_prepare(f, WR_CHAN_SEND, ch, PK_SEND);
    pthread_mutex_unlock(&ch->lock); /* the commit */
    return CH_PARKED;
}

ChanResult chan_try_send(Chan *ch, Value v) { return chan_try_send_seq(ch, v, NULL, 0); }

ChanResult chan_try_send_seq(Chan *ch, Value v, _Atomic uint64_t *seq, uint64_t want) {
    pthread_mutex_lock(&ch->lock);
    Waiter *woken = NULL;
    bool ok = !ch->closed && (!seq || atomic_load(seq) == want) && try_send_locked(ch, v, &woken);
    pthread_mutex_unlock(&ch->lock);
    if (woken) wake(woken);
    return ok ? CH_DONE : CH_WOULDBLOCK;
}

/* ---- receive ---- */

/* With ch locked: completes a receive if a sender, a value or a close is
 * there. */
static bool try_recv_locked(Chan *ch, Value *dst, Value *okslot, Waiter **woken) {
    Waiter *s = dequeue(&ch->sendq);
    if (s) {
        if (ch->cap == 0) {
            *dst = *s->val;
        } else { /* full buffer: take the head, the sender's value goes last */
            *dst = ch->buf[ch->recvx];
            ch->buf[ch->recvx] = *s->val;
            if (++ch->recvx == ch->cap) ch->recvx = 0;
            ch->sendx = ch->recvx;
        }
        if (okslot) okslot->i = 1;
        s->success = true;
        *woken = s;
        return true;
    }
    if (ch->count > 0) {
        *dst = ch->buf[ch->recvx];
        ch->buf[ch->recvx].u = 0;
        if (++ch->recvx == ch->cap) ch->recvx = 0;
        ch->count--;
        if (okslot) okslot->i = 1;
        return true;
    }
    if (ch->closed) {
        *dst = zero_value(ch->elem);
        if (okslot) okslot->i = 0;
        return true;
    }
    return false;
}

ChanResult chan_recv(Fiber *f, Chan *ch, Value *dst, Value *okslot) {
    if (!ch) {
        sched_park_prepare(f, WR_CHAN_RECV_NIL, NULL, PK_PLAIN);
        return CH_PARKED;
    }
    pthread_mutex_lock(&ch->lock);
    Waiter *woken = NULL;
    if (try_recv_locked(ch, dst, okslot, &woken)) {
        pthread_mutex_unlock(&ch->lock);
        if (woken) wake(woken);
        return CH_DONE;
    }
    Waiter *w = &f->wait;
    *w = (Waiter){.fiber = f, .ch = ch, .val = dst, .okslot = okslot};
    enqueue(&ch->recvq, w);
    f->park_waiters = w;
    sched_park_prepare(f, WR_CHAN_RECV, ch, PK_RECV);
    pthread_mutex_unlock(&ch->lock);
    return CH_PARKED;
}

/* ---- close ---- */

RtStatus chan_close(Fiber *f, Chan *ch) {
    if (!ch) return rt_panic_plain(f, "close of nil channel");
    pthread_mutex_lock(&ch->lock);
    if (ch->closed) {
        pthread_mutex_unlock(&ch->lock);
        return rt_panic_plain(f, "close of closed channel");
    }
    ch->closed = true;
    set_closed_site(f, ch);
    Waiter *list = NULL, *w;
    while ((w = dequeue(&ch->recvq))) {
        *w->val = zero_value(ch->elem);
        if (w->okslot) w->okslot->i = 0;
        w->success = false;
        w->next = list;
        list = w;
    }
    while ((w = dequeue(&ch->sendq))) {
        w->success = false;
        w->next = list;
        list = w;
    }
    pthread_mutex_unlock(&ch->lock);
    while (list) {
        Waiter *next = list->next;
        wake(list);
        list = next;
    }
    return RT_OK;
}

int64_t chan_len(Chan *ch) {
    if (!ch || ch->is_timer) return 0;
    return __atomic_load_n(&ch->count, __ATOMIC_RELAXED);
}

int64_t chan_cap(Chan *ch) { return !ch || ch->is_timer ? 0 : ch->cap; }

bool chan_has_receivers(Chan *ch) { return ch && ch->recvq.first != NULL; }

void chan_drain(Chan *ch) {
    pthread_mutex_lock(&ch->lock);
    for (int64_t i = 0; i < ch->cap; i++) ch->buf[i].u = 0;
    ch->count = ch->recvx = ch->sendx = 0;
    pthread_mutex_unlock(&ch->lock);
}

/* ---- select ---- */

static int cmp_chan(const void *a, const void *b) {
    uintptr_t x = (uintptr_t) * (Chan *const *)a, y = (uintptr_t) * (Chan *const *)b;
    return x < y ? -1 : x > y;
}

/* The distinct non-nil channels of a select, in lock order. */
static int lock_order(int n, Chan **chans, Chan **order) {
    int k = 0;
    for (int i = 0; i < n; i++)
        if (chans[i]) order[k++] = chans[i];
    if (k <= SELECT_SMALL) { /* insertion sort: selects are small, qsort's call costs more */
        for (int i = 1; i < k; i++) {
            Chan *c = order[i];
            int j = i;
            for (; j > 0 && (uintptr_t)order[j - 1] > (uintptr_t)c; j--) order[j] = order[j - 1];
            order[j] = c;
        }
    } else {
        qsort(order, (size_t)k, sizeof(Chan *), cmp_chan);
    }
    int m = 0;
    for (int i = 0; i < k; i++)
        if (m == 0 || order[m - 1] != order[i]) order[m++] = order[i];
    return m;
}

static void lock_all(Chan **order, int m) {
    for (int i = 0; i < m; i++) pthread_mutex_lock(&order[i]->lock);
}

static void unlock_all(Chan **order, int m) {
    for (int i = m - 1; i >= 0; i--) pthread_mutex_unlock(&order[i]->lock);
}

/* Pass 1: a case ready now, in random poll order. */
static ChanResult select_ready(Fiber *f, int n, const bool *is_send, Chan **chans, Value *sendvals, int *perm,
                               Value *result, Waiter **woken, Chan **closed_send) {
    for (int j = 0; j < n; j++) {
        int i = perm[j];
        Chan *ch = chans[i];
        if (!ch) continue;
        if (is_send[i]) {
            if (ch->closed) {
                *closed_send = ch;
                return CH_PANIC;
            }
            if (try_send_locked(ch, sendvals[i], woken)) {
                result[0].i = i;
                return CH_DONE;
            }
        } else if (try_recv_locked(ch, &result[1], &result[2], woken)) {
            result[0].i = i;
            return CH_DONE;
        }
    }
    return CH_WOULDBLOCK;
}

/* The fiber's select scratch with room for n waiters, not yet done. */
static SelectState *select_scratch(Fiber *f, int n) {
    SelectState *st = f->sel;
    if (!st) st = f->sel = NEW(SelectState);
    if (st->cap < n) {
        st->waiters = NEW_ARRAY(Waiter, n);
        st->cap = n;
    }
    st->n = n;
    atomic_store_explicit(&st->done, 0, memory_order_relaxed); /* published by the channel locks */
    return st;
}

ChanResult chan_select(Fiber *f, int n, const bool *is_send, Chan **chans, Value *sendvals, bool has_default,
                       Value *result) {
    int live = 0;
    for (int i = 0; i < n; i++) live += chans[i] != NULL;
    if (live == 0) {
        if (has_default) {
            result[0].i = -1;
            return CH_DONE;
        }
        sched_park_prepare(f, n == 0 ? WR_SELECT_NO_CASES : WR_SELECT, NULL, PK_PLAIN);
        return CH_PARKED;
    }
    Chan *order_small[SELECT_SMALL];
    int perm_small[SELECT_SMALL];
    Chan **order = n <= SELECT_SMALL ? order_small : NEW_ARRAY(Chan *, n);
    int *perm = n <= SELECT_SMALL ? perm_small : NEW_ARRAY(int, n);
    for (int i = 0; i < n; i++) perm[i] = i;
    for (int i = n - 1; i > 0; i--) { /* Fisher-Yates: uniform choice */
        int j = (int)(sched_rand() % (uint64_t)(i + 1));
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    int m = lock_order(n, chans, order);
    lock_all(order, m);
    Waiter *woken = NULL;
    Chan *closed_send = NULL;
    ChanResult r = select_ready(f, n, is_send, chans, sendvals, perm, result, &woken, &closed_send);
    if (r != CH_WOULDBLOCK || has_default) {
        unlock_all(order, m);
        if (woken) wake(woken);
        if (r == CH_PANIC) return send_closed(f, closed_send);
        if (r == CH_WOULDBLOCK) result[0].i = -1;
        return CH_DONE;
    }
    /* pass 2: wait on every case */
    SelectState *st = select_scratch(f, n);
    st->chosen = &result[0];
    for (int i = 0; i < n; i++) {
        Waiter *w = &st->waiters[i];
        *w = (Waiter){.fiber = f, .ch = chans[i], .case_index = i, .is_send = is_send[i], .sel = st};
        if (!chans[i]) continue;
        if (is_send[i]) {
            w->val = &sendvals[i];
            enqueue(&chans[i]->sendq, w);
        } else {
            w->val = &result[1];
            w->okslot = &result[2];
            enqueue(&chans[i]->recvq, w);
        }
    }
    f->park_waiters = st->waiters;
    f->park_select = st;
    sched_park_prepare(f, WR_SELECT, NULL, PK_SELECT);
    unlock_all(order, m);
    return CH_PARKED;
}

/* Pass 3 of select, on resuming: unlink the losing cases' waiters so they
 * do not pile up on quiet channels. */
static RtStatus select_finish(Fiber *f) {
    SelectState *st = f->park_select;
    f->park_select = NULL;
    int n = st->n;
    Chan *chans_small[SELECT_SMALL], *order_small[SELECT_SMALL];
    Chan **chans = n <= SELECT_SMALL ? chans_small : NEW_ARRAY(Chan *, n);
    Chan **order = n <= SELECT_SMALL ? order_small : NEW_ARRAY(Chan *, n);
    for (int i = 0; i < n; i++) chans[i] = st->waiters[i].ch;
    int m = lock_order(n, chans, order);
    lock_all(order, m);
    for (int i = 0; i < n; i++) {
        Waiter *w = &st->waiters[i];
        if (!w->ch) continue;
        unlink_waiter(w->is_send ? &w->ch->sendq : &w->ch->recvq, w);
    }
    unlock_all(order, m);
    int64_t won = st->chosen->i;
    if (won >= 0 && won < n && st->waiters[won].is_send && !st->waiters[won].success)
        return send_closed(f, st->waiters[won].ch) == CH_PANIC ? RT_PANIC : RT_OK;
    return RT_OK;
}

RtStatus chan_finish_park(Fiber *f) {
    int kind = f->park_kind;
    Waiter *w = f->park_waiters;
    f->park_kind = PK_NONE;
    f->park_waiters = NULL;
    f->wait_reason = WR_NONE;
    f->wait_obj = NULL;
    switch (kind) {
    case PK_SEND:
        if (w && !w->success) return send_closed(f, w->ch) == CH_PANIC ? RT_PANIC : RT_OK;
        return RT_OK;
    case PK_SELECT: return select_finish(f);
    default: return RT_OK;
    }
}
