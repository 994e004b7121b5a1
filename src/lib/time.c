/* lib/time.c: the native half of time: the clock, Sleep (parks the
 * goroutine on a timer) and the runtime timers behind Timer, Ticker and
 * AfterFunc (src/timer.c). */
#include "lib.h"
#include "../chan.h"
#include "../scheduler.h"
#include "../timer.h"
#include <time.h>

/* now() (sec, nsec, mono int64): Unix seconds and nanoseconds, and the
 * monotonic clock (never 0: 0 means "no monotonic reading"). */
static NatStatus t_now(Fiber *f, Value *a, int n) {
    int64_t w = wall_now();
    a[0].i = w / 1000000000;
    a[1].i = w % 1000000000;
    a[2].i = mono_now() | 1;
    return NAT_OK;
}

/* localZone(unix int64) (name string, offset int): the local time zone
 * (TZ, else /etc/localtime) at that instant, as the C library knows it. */
static NatStatus t_local_zone(Fiber *f, Value *a, int n) {
    (void)f, (void)n;
    time_t t = (time_t)a[0].i;
    struct tm tm;
    if (!localtime_r(&t, &tm)) {
        a[0].p = str_from_cstr("UTC");
        a[1].i = 0;
        return NAT_OK;
    }
    a[0].p = str_from_cstr(tm.tm_zone ? tm.tm_zone : "UTC");
    a[1].i = tm.tm_gmtoff;
    return NAT_OK;
}

static NatStatus t_sleep(Fiber *f, Value *a, int n) {
    int64_t d = a[0].i;
    if (d <= 0) return NAT_OK;
    Timer *tm = NEW(Timer);
    tm->index = -1;
    tm->kind = TK_WAKE;
    tm->fiber = f;
    tm->when = mono_now() + d;
    sched_park_prepare(f, WR_SLEEP, NULL, PK_PLAIN);
    timers_add(f->vm->sched->timers, tm); /* the commit */
    return NAT_PARK;
}

/* timerChan(capacity int) chan Time: a timer's channel (one value of
 * room; len and cap read 0, as Go's synchronous timer channels). */
static NatStatus t_chan(Fiber *f, Value *a, int n) {
    Type *ct = f->native->sig->results[0];
    Chan *ch = chan_new(ct, 1);
    ch->is_timer = true;
    a[0].p = ch;
    return NAT_OK;
}

/* newTimer(ch chan Time, d, period Duration, f func()) *timerHandle */
static NatStatus t_new(Fiber *f, Value *a, int n) {
    Timer *tm = NEW(Timer);
    tm->index = -1;
    tm->ch = a[0].p;
    tm->kind = a[3].p ? TK_FUNC : TK_CHAN;
    tm->fn = a[3].p;
    tm->period = a[2].i;
    tm->when = mono_now() + (a[1].i > 0 ? a[1].i : 0);
    timers_add(f->vm->sched->timers, tm);
    a[0].p = tm;
    return NAT_OK;
}

/* Empties a timer's channel; reports whether a value was waiting in it.
 * Go 1.23 sends a timer's value only when a receiver takes it, so a timer
 * that fired here but whose value nobody received counts as not yet run:
 * Stop and Reset report it as active (Go's stop/modify: timerchandrain). */
static bool drain_timer_chan(Chan *ch) {
    if (!ch) return false;
    pthread_mutex_lock(&ch->lock);
    bool had = ch->count > 0;
    pthread_mutex_unlock(&ch->lock);
    chan_drain(ch);
    return had;
}

/* stopTimer(h) bool: Go 1.23: after Stop no stale value is received. */
static NatStatus t_stop(Fiber *f, Value *a, int n) {
    Timer *tm = a[0].p;
    bool was = timers_del(f->vm->sched->timers, tm);
    if (drain_timer_chan(tm->ch)) was = true;
    a[0].i = was;
    return NAT_OK;
}

/* resetTimer(h, d, period Duration) bool */
static NatStatus t_reset(Fiber *f, Value *a, int n) {
    Timer *tm = a[0].p;
    Timers *ts = f->vm->sched->timers;
    bool was = timers_del(ts, tm);
    if (drain_timer_chan(tm->ch)) was = true;
    tm->period = a[2].i;
    tm->when = mono_now() + (a[1].i > 0 ? a[1].i : 0);
    timers_add(ts, tm);
    a[0].i = was;
    return NAT_OK;
}

const NativeReg lib_time[] = {
    {"time.now", t_now},         {"time.Sleep", t_sleep},     {"time.localZone", t_local_zone},     {"time.timerChan", t_chan},
    {"time.newTimer", t_new},    {"time.stopTimer", t_stop},  {"time.resetTimer", t_reset},
    {NULL, NULL},
};
