/* lib/runtime.c: the native half of runtime: goroutine and CPU counts,
 * GOMAXPROCS, Gosched, the collector and its statistics. */
#include "lib.h"
#include "../scheduler.h"
#include <unistd.h>

static NatStatus r_numgoroutine(Fiber *f, Value *a, int n) {
    a[0].i = sched_num_goroutines(f->vm->sched);
    return NAT_OK;
}

static NatStatus r_numcpu(Fiber *f, Value *a, int n) {
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    a[0].i = c > 0 ? c : 1;
    return NAT_OK;
}

static NatStatus r_gomaxprocs(Fiber *f, Value *a, int n) {
    a[0].i = sched_set_procs(f->vm->sched, (int)a[0].i);
    return NAT_OK;
}

static NatStatus r_gosched(Fiber *f, Value *a, int n) { return NAT_YIELD; }

static NatStatus r_gc(Fiber *f, Value *a, int n) {
    GC_gcollect();
    return NAT_OK;
}

static NatStatus r_version(Fiber *f, Value *a, int n) {
    a[0].p = str_from_cstr("csp");
    return NAT_OK;
}

/* ReadMemStats(m *MemStats): the fields in stdlib/runtime.csp's order. */
static NatStatus r_memstats(Fiber *f, Value *a, int n) {
    Struct *m = a[0].p;
    if (!m) return rt_panic_nil(f), NAT_PANIC;
    GC_word heap = GC_get_heap_size(), free_b = GC_get_free_bytes(), total = GC_get_total_bytes();
    m->f[0].u = heap - free_b;           /* Alloc */
    m->f[1].u = total;                   /* TotalAlloc */
    m->f[2].u = heap + (GC_word)(16 << 20); /* Sys: heap plus our own overhead */
    m->f[3].u = 0;
    m->f[4].u = 0;
    m->f[5].u = heap - free_b;           /* HeapAlloc */
    m->f[6].u = heap;                    /* HeapSys */
    m->f[7].u = free_b;                  /* HeapIdle */
    m->f[8].u = heap - free_b;           /* HeapInuse */
    m->f[9].u = (uint32_t)GC_get_gc_no();/* NumGC */
    return NAT_OK;
}

const NativeReg lib_runtime[] = {
    {"runtime.NumGoroutine", r_numgoroutine}, {"runtime.NumCPU", r_numcpu},
    {"runtime.GOMAXPROCS", r_gomaxprocs},     {"runtime.Gosched", r_gosched},
    {"runtime.GC", r_gc},                     {"runtime.Version", r_version},
    {"runtime.ReadMemStats", r_memstats},     {NULL, NULL},
};
