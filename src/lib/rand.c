/* lib/rand.c: the generator behind math/rand's top-level functions: one
 * per thread (so goroutines on any number of workers never contend or race
 * on it), seeded from the kernel's entropy as Go seeds its global source
 * since Go 1.20. splitmix64: a full 64-bit period per thread and good
 * statistical quality for a few instructions. */
#include "lib.h"
#include <sys/random.h>
#include <time.h>

static _Thread_local uint64_t state;
static _Thread_local bool seeded;

static uint64_t splitmix64(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static NatStatus r_uint64(Fiber *f, Value *a, int n) {
    (void)f, (void)n;
    if (!seeded) {
        if (getrandom(&state, sizeof state, GRND_NONBLOCK) != (ssize_t)sizeof state) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            state = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)(uintptr_t)&state;
        }
        seeded = true;
    }
    a[0].u = splitmix64(&state);
    return NAT_OK;
}

const NativeReg lib_rand[] = {
    {"math/rand.runtimeUint64", r_uint64},
    {NULL, NULL},
};
