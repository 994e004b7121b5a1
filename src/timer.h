/* timer.h: timers: one min-heap per VM ordered by deadline, served by a
 * timer thread that sleeps until the earliest one. A timer wakes a sleeping
 * goroutine, sends the time on a timer channel, or starts an AfterFunc
 * goroutine. The thread never runs script code itself. */
#ifndef CSP_TIMER_H
#define CSP_TIMER_H

#include "object.h"

struct Sched;
struct Chan;
struct Fiber;

typedef enum TimerKind { TK_WAKE, TK_CHAN, TK_FUNC } TimerKind;

typedef struct Timer {
    int64_t when;          /* monotonic nanoseconds */
    int64_t period;        /* tickers: re-armed by this much; 0 = once */
    int kind;              /* TimerKind */
    struct Fiber *fiber;   /* TK_WAKE */
    struct Chan *ch;       /* TK_CHAN */
    Closure *fn;           /* TK_FUNC */
    int32_t index;         /* position in the heap, -1 when not in it */
    /* bumped by every disarm (Stop, Reset): a send already taken off the
     * heap checks it under the channel lock, so no stale value lands after
     * Stop or Reset returned (Go 1.23's timer.seq) */
    _Atomic uint64_t seq;
} Timer;

typedef struct Timers Timers;

Timers *timers_new(struct Sched *s);
/* Arms tm (removing it first if armed); returns whether it was armed. */
bool timers_add(Timers *t, Timer *tm);
/* Disarms tm; returns whether it was armed (Go's Stop result). */
bool timers_del(Timers *t, Timer *tm);
/* Is there an armed timer that can make a goroutine runnable? (Used by
 * deadlock detection: a timer channel nobody waits on cannot.) */
bool timers_can_wake(Timers *t);
/* Stops firing (waiting for a firing in progress to land) so that the
 * goroutines can be inspected while the workers are stopped; resume
 * catches up with what came due meanwhile. */
void timers_pause(Timers *t);
void timers_resume(Timers *t);
/* The monotonic clock, in nanoseconds. */
int64_t mono_now(void);
/* Wall clock: nanoseconds since the Unix epoch. */
int64_t wall_now(void);

#endif
