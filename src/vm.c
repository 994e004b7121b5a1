/* vm.c: the dispatch loop. Typed instructions work on raw words (value.h);
 * slow paths live in runtime.c (dynamic words, slices, conversions), and
 * calls, returns, defers and panics in call.c. The loop keeps the current
 * frame's registers in R and reloads them whenever the frame changes or the
 * stack may have moved (after any call into call.c). */
#include "vm.h"
#include "call.h"
#include "chan.h"
#include "scheduler.h"
#include "equal.h"
#include "lexer.h"
#include "map.h"
#include "opcodes.h"
#include "runtime.h"
#include <math.h>
#include <stdio.h>

#define PREEMPT_TICKS 10000

const char *const opcode_names[OP_NCODES] = {
#define X(name, fmt, doc) #name,
    OPCODES(X)
#undef X
};

/* Go's float -> int conversion of out-of-range values is implementation
 * defined; C's is undefined, so clamp instead. */
static int64_t f2i(double d, int kind) {
    if (d != d) return 0;
    if (kind_is_unsigned(kind)) {
        if (d <= -1.0) return (int64_t)(uint64_t)(int64_t)(d < -9.2e18 ? INT64_MIN : (int64_t)d);
        if (d >= 18446744073709551616.0) return (int64_t)UINT64_MAX;
        return (int64_t)(uint64_t)d;
    }
    if (d >= 9223372036854775808.0) return INT64_MIN; /* what amd64 gives */
    if (d < -9223372036854775808.0) return INT64_MIN;
    return (int64_t)d;
}

static int64_t norm(int64_t v, int kind) {
    switch (kind) {
    case K_INT8: return (int8_t)v;
    case K_INT16: return (int16_t)v;
    case K_INT32: return (int32_t)v;
    case K_UINT8: case K_BOOL: return (uint8_t)v;
    case K_UINT16: return (uint16_t)v;
    case K_UINT32: return (uint32_t)v;
    default: return v;
    }
}

static Type *type_k(const Value *K, int64_t idx) { return (Type *)K[idx].p; }

/* At a preemption point (the budget ran out at a backward jump or a
 * call): give way when other goroutines wait to run or the program ends. */
static bool preempt_point(Fiber *f) {
    f->budget = PREEMPT_TICKS;
    return sched_should_yield(f);
}

NatStatus sync_mutex_acquire(Fiber *f, Struct *m, bool retry);

/* A parked goroutine runs again: finish what it waited for. Returns false
 * when it parked again (a mutex it did not get). */
static RtStatus finish_park(Fiber *f, bool *parked_again) {
    *parked_again = false;
    if (f->park_kind == PK_MUTEX) {
        f->park_kind = PK_NONE;
        f->wait_reason = WR_NONE;
        if (sync_mutex_acquire(f, f->park_obj, true) == NAT_PARK) *parked_again = true;
        return RT_OK;
    }
    return chan_finish_park(f);
}

/* The channel in a dynamic word, checked for operation op (1 send, 2 recv,
 * 3 close) against a directional view's type. */
static RtStatus chan_of_dyn(Fiber *f, Value w, int op, Chan **out) {
    Type *t = dyn_type(w);
    if (!t) {
        if (op == 3) return rt_panic_plain(f, "close of nil channel");
        *out = NULL;
        return RT_OK;
    }
    if (t->ukind != K_CHAN)
        return rt_panic_plain(f, gc_sprintf("invalid operation: %s non-chan value of type %s",
                                            op == 1 ? "send to" : op == 2 ? "receive from" : "close of", type_string(t)));
    int dir = t->under->chandir;
    if (op == 1 && !(dir & CHAN_SEND))
        return rt_panic_plain(f, "invalid operation: cannot send to receive-only channel");
    if (op == 2 && !(dir & CHAN_RECV))
        return rt_panic_plain(f, "invalid operation: cannot receive from send-only channel");
    if (op == 3 && dir == CHAN_RECV) return rt_panic_plain(f, "invalid operation: cannot close receive-only channel");
    *out = from_dyn(t, w).p;
    return RT_OK;
}

ExecStatus vm_execute(Fiber *f) {
    static const void *const labels[OP_NCODES] = {
#define X(name, fmt, doc) &&L_##name,
        OPCODES(X)
#undef X
    };
    CallFrame *fr;
    Proto *p;
    const Instr *pc;
    Value *R;
    const Value *K;
    Instr ins;
    Act act;

#define A GET_A(ins)
#define B GET_B(ins)
#define C GET_C(ins)
#define NEXT_WORD() GET_Bx(*pc++)
#define DISPATCH() goto *labels[GET_OP(ins = *pc++)]
#define SAVE() (fr->pc = pc)
#define CASE(op) L_##op:
/* a helper's RtStatus: on a panic, start it */
#define CHECK(st)                                                                  \
    do {                                                                           \
        if (UNLIKELY((st) != RT_OK)) goto rt_error;                                \
    } while (0)
/* conditional skip: when the test fails, skip the JMP that follows */
#define COND(test)                                                                 \
    do {                                                                           \
        if ((test) != (bool)C) pc++;                                               \
        else {                                                                     \
            ins = *pc++;                                                           \
            int64_t off_ = GET_sBx(ins);                                           \
            pc += off_;                                                            \
            if (off_ < 0 && --f->budget <= 0 && preempt_point(f)) {                \
                SAVE();                                                            \
                return EXEC_YIELD;                                                 \
            }                                                                      \
        }                                                                          \
        DISPATCH();                                                                \
    } while (0)

    if (UNLIKELY(f->park_kind != PK_NONE)) {
        bool again;
        if (finish_park(f, &again) != RT_OK) {
            act = start_panic(f);
            goto handle_act;
        }
        if (again) return EXEC_PARKED;
    }
reload:
    fr = &f->frames[f->nframes - 1];
    p = fr->proto;
    pc = fr->pc;
    R = f->stack + fr->base;
    K = p->k;
    DISPATCH();

    CASE(MOVE) R[A] = R[B]; DISPATCH();
    CASE(LOADK) R[A] = K[GET_Bx(ins)]; DISPATCH();
    CASE(LOADI) R[A].i = GET_sBx(ins); DISPATCH();
    CASE(LOADNIL) {
        int a = A, b = B;
        for (int i = 0; i <= b; i++) R[a + i].u = 0;
        DISPATCH();
    }
    CASE(LOADZERO) R[A] = zero_value(type_k(K, GET_Bx(ins))); DISPATCH();
    CASE(GETG) R[A].u = LOADW(&((Cell *)K[GET_Bx(ins)].p)->v.u); DISPATCH();
    CASE(SETG) STOREW(&((Cell *)K[GET_Bx(ins)].p)->v.u, R[A].u); DISPATCH();
    CASE(GETUP) R[A] = fr->cl->up[B]; DISPATCH();
    CASE(GETUPV) R[A].u = LOADW(&((Cell *)fr->cl->up[B].p)->v.u); DISPATCH();
    CASE(SETUPV) STOREW(&((Cell *)fr->cl->up[B].p)->v.u, R[A].u); DISPATCH();
    CASE(NEWCELL) R[A].p = cell_new(R[B]); DISPATCH();
    CASE(CELLGET) R[A].u = LOADW(&((Cell *)R[B].p)->v.u); DISPATCH();
    CASE(CELLSET) STOREW(&((Cell *)R[A].p)->v.u, R[B].u); DISPATCH();
    CASE(CLOSURE) {
        Proto *np = p->protos[GET_Bx(ins)];
        Closure *cl = closure_new(np->sig, np, np->nup);
        for (uint32_t i = 0; i < np->nup; i++) {
            UpvalDesc *d = &np->upvals[i];
            cl->up[i] = d->from_parent_reg ? R[d->idx] : fr->cl->up[d->idx];
        }
        R[A].p = cl;
        DISPATCH();
    }

    /* ---- integers: unsigned C arithmetic so that wrapping is defined ---- */
    CASE(ADD_I) R[A].u = R[B].u + R[C].u; DISPATCH();
    CASE(SUB_I) R[A].u = R[B].u - R[C].u; DISPATCH();
    CASE(MUL_I) R[A].u = R[B].u * R[C].u; DISPATCH();
    CASE(DIV_I) {
        int64_t y = R[C].i, x = R[B].i;
        if (UNLIKELY(y == 0)) {
            SAVE();
            CHECK(rt_panic_divide(f));
        }
        R[A].i = (y == -1) ? (int64_t)(0 - (uint64_t)x) : x / y;
        DISPATCH();
    }
    CASE(REM_I) {
        int64_t y = R[C].i, x = R[B].i;
        if (UNLIKELY(y == 0)) {
            SAVE();
            CHECK(rt_panic_divide(f));
        }
        R[A].i = (y == -1) ? 0 : x % y;
        DISPATCH();
    }
    CASE(DIV_U) {
        uint64_t y = R[C].u;
        if (UNLIKELY(y == 0)) {
            SAVE();
            CHECK(rt_panic_divide(f));
        }
        R[A].u = R[B].u / y;
        DISPATCH();
    }
    CASE(REM_U) {
        uint64_t y = R[C].u;
        if (UNLIKELY(y == 0)) {
            SAVE();
            CHECK(rt_panic_divide(f));
        }
        R[A].u = R[B].u % y;
        DISPATCH();
    }
    CASE(ADDI) R[A].u = R[B].u + (uint64_t)(int64_t)GET_sC(ins); DISPATCH();
    CASE(NEG_I) R[A].u = 0 - R[B].u; DISPATCH();
    CASE(AND) R[A].u = R[B].u & R[C].u; DISPATCH();
    CASE(OR) R[A].u = R[B].u | R[C].u; DISPATCH();
    CASE(XOR) R[A].u = R[B].u ^ R[C].u; DISPATCH();
    CASE(ANDNOT) R[A].u = R[B].u & ~R[C].u; DISPATCH();
    CASE(NOT_I) R[A].u = ~R[B].u; DISPATCH();
    CASE(SHL) {
        uint64_t s = R[C].u;
        R[A].u = s >= 64 ? 0 : R[B].u << s;
        DISPATCH();
    }
    CASE(SHR) {
        uint64_t s = R[C].u;
        int64_t x = R[B].i;
        R[A].i = s >= 64 ? (x < 0 ? -1 : 0) : (x >> s);
        DISPATCH();
    }
    CASE(SHR_U) {
        uint64_t s = R[C].u;
        R[A].u = s >= 64 ? 0 : R[B].u >> s;
        DISPATCH();
    }
    CASE(SHCHK) {
        if (UNLIKELY(R[A].i < 0)) {
            SAVE();
            CHECK(rt_panic_shift(f));
        }
        DISPATCH();
    }
    CASE(NORM) R[A].i = norm(R[B].i, C); DISPATCH();

    /* ---- floats ---- */
    CASE(ADD_F) R[A].f = R[B].f + R[C].f; DISPATCH();
    CASE(SUB_F) R[A].f = R[B].f - R[C].f; DISPATCH();
    CASE(MUL_F) R[A].f = R[B].f * R[C].f; DISPATCH();
    CASE(DIV_F) R[A].f = R[B].f / R[C].f; DISPATCH();
    CASE(NEG_F) R[A].f = -R[B].f; DISPATCH();
    CASE(ROUND32) R[A].f = (double)(float)R[B].f; DISPATCH();
    CASE(I2F) R[A].f = (double)R[B].i; DISPATCH();
    CASE(U2F) R[A].f = (double)R[B].u; DISPATCH();
    CASE(F2I) R[A].i = norm(f2i(R[B].f, C), C); DISPATCH();
    CASE(CONV) {
        int a = A, b = B, c = C;
        Type *t = type_k(K, NEXT_WORD());
        SAVE();
        CHECK(rt_convert(f, c, R[b], t, &R[a]));
        DISPATCH();
    }

    /* ---- comparisons (followed by a JMP) ---- */
    CASE(EQ_I) COND(R[A].u == R[B].u);
    CASE(LT_I) COND(R[A].i < R[B].i);
    CASE(LE_I) COND(R[A].i <= R[B].i);
    CASE(LT_U) COND(R[A].u < R[B].u);
    CASE(LE_U) COND(R[A].u <= R[B].u);
    CASE(EQ_F) COND(R[A].f == R[B].f);
    CASE(LT_F) COND(R[A].f < R[B].f);
    CASE(LE_F) COND(R[A].f <= R[B].f);
    CASE(EQ_S) COND(str_equal(R[A].p, R[B].p));
    CASE(LT_S) COND(str_compare(R[A].p, R[B].p) < 0);
    CASE(LE_S) COND(str_compare(R[A].p, R[B].p) <= 0);
    CASE(EQI) COND(R[A].i == GET_sB(ins));
    CASE(LTI) COND(R[A].i < GET_sB(ins));
    CASE(LEI) COND(R[A].i <= GET_sB(ins));
    CASE(GTI) COND(R[A].i > GET_sB(ins));
    CASE(GEI) COND(R[A].i >= GET_sB(ins));
    CASE(EQ_T) {
        Type *t = type_k(K, NEXT_WORD());
        bool res;
        SAVE();
        CHECK(rt_equal(f, t, R[A], R[B], &res));
        COND(res);
    }
    CASE(TEST) COND(R[A].u != 0);
    CASE(JMP) {
        int64_t off = GET_sBx(ins);
        pc += off;
        if (off < 0 && --f->budget <= 0 && preempt_point(f)) {
            SAVE();
            return EXEC_YIELD;
        }
        DISPATCH();
    }
    CASE(NOT) R[A].u = !R[B].u; DISPATCH();

    /* ---- strings ---- */
    CASE(CONCAT) R[A].p = str_concat(R[B].p, R[C].p); DISPATCH();
    CASE(STRINDEX) {
        String *s = R[B].p;
        int64_t i = R[C].i;
        if (UNLIKELY((uint64_t)i >= (uint64_t)s->len)) {
            SAVE();
            CHECK(rt_panic_index(f, i, s->len));
        }
        R[A].i = (unsigned char)s->data[i];
        DISPATCH();
    }
    CASE(STRSLICE) DISPATCH();
    CASE(STRNEXT) {
        String *s = R[A].p;
        int64_t i = R[B].i;
        if (i >= s->len) DISPATCH(); /* done: take the JMP */
        int size;
        int32_t r = rt_decode_rune(s, i, &size);
        R[C].i = i;
        R[C + 1].i = r;
        R[B].i = i + size;
        pc++;
        DISPATCH();
    }

    /* ---- slices, arrays, maps ---- */
    CASE(LEN) {
        Value x = R[B];
        int64_t n = 0;
        switch (C) {
        case RC_STRING: n = ((String *)x.p)->len; break;
        case RC_SLICE: n = x.p ? ((Slice *)x.p)->len : 0; break;
        case RC_ARRAY: n = ((Array *)x.p)->len; break;
        case RC_PTRARRAY:
            if (!x.p) {
                SAVE();
                CHECK(rt_panic_nil(f));
            }
            n = ((Array *)x.p)->len;
            break;
        case RC_MAP: n = map_len(x.p); break;
        case RC_CHAN: n = chan_len(x.p); break;
        default: {
            SAVE();
            CHECK(dyn_len(f, x, false, &n));
        }
        }
        R[A].i = n;
        DISPATCH();
    }
    CASE(CAP) {
        Value x = R[B];
        int64_t n = 0;
        switch (C) {
        case RC_SLICE: n = x.p ? ((Slice *)x.p)->cap : 0; break;
        case RC_ARRAY: case RC_PTRARRAY: n = x.p ? ((Array *)x.p)->len : 0; break;
        case RC_CHAN: n = chan_cap(x.p); break;
        default: {
            SAVE();
            CHECK(dyn_len(f, x, true, &n));
        }
        }
        R[A].i = n;
        DISPATCH();
    }
    CASE(MAKESLICE) {
        int a = A, b = B, c = C;
        Type *t = type_k(K, NEXT_WORD());
        SAVE();
        CHECK(rt_make_slice(f, t, R[b], c == MAXARG ? R[b] : R[c], c != MAXARG, &R[a]));
        DISPATCH();
    }
    CASE(NEWARRAY) {
        Type *t = type_k(K, GET_Bx(ins));
        R[A].p = array_new(t, t->under->elem, t->under->len);
        DISPATCH();
    }
    CASE(NEWSLICE) {
        int a = A, n = B, c = C;
        Type *t = type_k(K, NEXT_WORD());
        Slice *s = slice_make(t, n, n);
        for (int i = 0; i < n; i++) s->arr->e[i] = R[c + i];
        R[a].p = s;
        DISPATCH();
    }
    CASE(SLGET) {
        Slice *s = R[B].p;
        int64_t i = R[C].i;
        if (UNLIKELY(!s || (uint64_t)i >= (uint64_t)s->len)) {
            SAVE();
            CHECK(rt_panic_index(f, i, s ? s->len : 0));
        }
        R[A].u = LOADW(&s->arr->e[s->off + i].u);
        DISPATCH();
    }
    CASE(SLSET) {
        Slice *s = R[A].p;
        int64_t i = R[B].i;
        if (UNLIKELY(!s || (uint64_t)i >= (uint64_t)s->len)) {
            SAVE();
            CHECK(rt_panic_index(f, i, s ? s->len : 0));
        }
        STOREW(&s->arr->e[s->off + i].u, R[C].u);
        DISPATCH();
    }
    CASE(ARGET) {
        Array *arr = R[B].p;
        int64_t i = R[C].i;
        if (UNLIKELY((uint64_t)i >= (uint64_t)arr->len)) {
            SAVE();
            CHECK(rt_panic_index(f, i, arr->len));
        }
        R[A].u = LOADW(&arr->e[i].u);
        DISPATCH();
    }
    CASE(ARSET) {
        Array *arr = R[A].p;
        int64_t i = R[B].i;
        if (UNLIKELY((uint64_t)i >= (uint64_t)arr->len)) {
            SAVE();
            CHECK(rt_panic_index(f, i, arr->len));
        }
        STOREW(&arr->e[i].u, R[C].u);
        DISPATCH();
    }
    CASE(ELEMADDR) {
        int a = A, b = B, c = C;
        int cls = (int)NEXT_WORD();
        int64_t i = R[c].i;
        if (cls == RC_SLICE) {
            Slice *s = R[b].p;
            if (!s || (uint64_t)i >= (uint64_t)s->len) {
                SAVE();
                CHECK(rt_panic_index(f, i, s ? s->len : 0));
            }
            R[a].p = &s->arr->e[s->off + i];
        } else {
            Array *arr = R[b].p;
            if (!arr) {
                SAVE();
                CHECK(rt_panic_nil(f));
            }
            if ((uint64_t)i >= (uint64_t)arr->len) {
                SAVE();
                CHECK(rt_panic_index(f, i, arr->len));
            }
            R[a].p = &arr->e[i];
        }
        DISPATCH();
    }
    CASE(SLICE) {
        int a = A, b = B, c = C;
        int64_t w = NEXT_WORD();
        SAVE();
        CHECK(rt_slice(f, (int)((w >> 4) & 15), R[b], &R[c], (int)(w & 15), type_k(K, w >> 8), &R[a]));
        DISPATCH();
    }
    CASE(APPEND) {
        int a = A, b = B, c = C;
        Type *t = type_k(K, NEXT_WORD());
        SAVE();
        CHECK(rt_append(f, t, R[a], &R[b], c, &R[a]));
        DISPATCH();
    }
    CASE(APPENDSL) {
        int a = A, b = B, c = C;
        int64_t w = NEXT_WORD();
        SAVE();
        CHECK(rt_append_slice(f, type_k(K, w >> 1), R[b], R[c], (w & 1) != 0, &R[a]));
        DISPATCH();
    }
    CASE(COPYSL) {
        int a = A, b = B, c = C;
        int64_t w = NEXT_WORD();
        R[a].i = rt_copy(R[b], R[c], w != 0);
        DISPATCH();
    }
    CASE(MAKEMAP) {
        int a = A, b = B;
        Type *t = type_k(K, NEXT_WORD());
        R[a].p = map_new(t, R[b].i > 0 ? R[b].i : 0);
        DISPATCH();
    }
    CASE(MAPGET) {
        int a = A, b = B, c = C;
        Type *t = type_k(K, NEXT_WORD());
        MapErr err = {0};
        Value v;
        if (map_get(R[b].p, R[c], &v, &err)) R[a] = v;
        else if (err.unhashable) {
            SAVE();
            CHECK(rt_panic_unhashable(f, err.unhashable));
        } else R[a] = zero_value(t->under->elem);
        DISPATCH();
    }
    CASE(MAPGET2) {
        int a = A, b = B, c = C;
        Type *t = type_k(K, NEXT_WORD());
        MapErr err = {0};
        Value v;
        if (t->kind == K_DYN) {
            SAVE();
            Value m = R[b];
            Type *mt = dyn_type(m);
            if (!mt || mt->ukind != K_MAP) CHECK(rt_panic_plain(f, "invalid operation: comma-ok index of non-map"));
            Value key;
            bool ok2;
            CHECK(rt_assert(f, R[c], mt->under->key, ASSERT_IMPLICIT, &t_dyn, &key, &ok2));
            Map *mm = from_dyn(mt, m).p;
            if (map_get(mm, key, &v, &err)) {
                R[a] = to_dyn(mt->under->elem, v);
                R[a + 1].i = 1;
            } else { /* the element type's zero value, as for a typed map */
                R[a] = to_dyn(mt->under->elem, zero_value(mt->under->elem));
                R[a + 1].i = 0;
            }
            DISPATCH();
        }
        if (map_get(R[b].p, R[c], &v, &err)) {
            R[a] = v;
            R[a + 1].i = 1;
        } else if (err.unhashable) {
            SAVE();
            CHECK(rt_panic_unhashable(f, err.unhashable));
        } else {
            R[a] = zero_value(t->under->elem);
            R[a + 1].i = 0;
        }
        DISPATCH();
    }
    CASE(MAPSET) {
        Map *m = R[A].p;
        if (UNLIKELY(!m)) {
            SAVE();
            CHECK(rt_panic_plain(f, "assignment to entry in nil map"));
        }
        MapErr err = {0};
        map_set(m, R[B], R[C], &err);
        if (UNLIKELY(err.unhashable)) {
            SAVE();
            CHECK(rt_panic_unhashable(f, err.unhashable));
        }
        DISPATCH();
    }
    CASE(MAPDEL) {
        MapErr err = {0};
        if (C) { /* dynamic map */
            SAVE();
            Value m = R[A];
            Type *mt = dyn_type(m);
            if (!mt) DISPATCH();
            if (mt->ukind != K_MAP) CHECK(rt_panic_plain(f, "invalid argument: delete of non-map"));
            Value key;
            bool ok2;
            CHECK(rt_assert(f, R[B], mt->under->key, ASSERT_IMPLICIT, &t_dyn, &key, &ok2));
            map_delete(from_dyn(mt, m).p, key, &err);
        } else {
            map_delete(R[A].p, R[B], &err);
        }
        if (err.unhashable) {
            SAVE();
            CHECK(rt_panic_unhashable(f, err.unhashable));
        }
        DISPATCH();
    }
    CASE(MAPITER) R[A].p = map_iter_new(R[B].p); DISPATCH();
    CASE(MAPNEXT) {
        int b = B;
        if (map_iter_next(R[A].p, &R[b], &R[b + 1])) pc++;
        DISPATCH();
    }
    CASE(CLEAR) {
        Value x = R[A];
        if (B == RC_MAP) {
            if (x.p) map_clear(x.p);
        } else if (B == RC_SLICE && x.p) {
            Slice *s = x.p;
            Type *et = obj_type((Obj *)s)->under->elem;
            for (int64_t i = 0; i < s->len; i++) s->arr->e[s->off + i] = zero_value(et);
        } else {
            SAVE();
            Type *t = dyn_type(x);
            if (t && t->ukind == K_MAP) map_clear(from_dyn(t, x).p);
            else if (t && t->ukind == K_SLICE) {
                Slice *s = from_dyn(t, x).p;
                for (int64_t i = 0; s && i < s->len; i++) s->arr->e[s->off + i] = zero_value(t->under->elem);
            }
        }
        DISPATCH();
    }

    /* ---- structs and pointers ---- */
    CASE(NEWSTRUCT) R[A].p = struct_new(type_k(K, GET_Bx(ins))); DISPATCH();
    CASE(GETF) R[A].u = LOADW(&((Struct *)R[B].p)->f[C].u); DISPATCH();
    CASE(SETF) STOREW(&((Struct *)R[A].p)->f[B].u, R[C].u); DISPATCH();
    CASE(GETFP) {
        Struct *s = R[B].p;
        if (UNLIKELY(!s)) {
            SAVE();
            CHECK(rt_panic_nil(f));
        }
        R[A].u = LOADW(&s->f[C].u);
        DISPATCH();
    }
    CASE(SETFP) {
        Struct *s = R[A].p;
        if (UNLIKELY(!s)) {
            SAVE();
            CHECK(rt_panic_nil(f));
        }
        STOREW(&s->f[B].u, R[C].u);
        DISPATCH();
    }
    CASE(FIELDADDR) {
        Struct *s = R[B].p;
        if (UNLIKELY(!s)) {
            SAVE();
            CHECK(rt_panic_nil(f));
        }
        R[A].p = &s->f[C];
        DISPATCH();
    }
    CASE(NILCHK) {
        if (UNLIKELY(!R[A].p)) {
            SAVE();
            CHECK(rt_panic_nil(f));
        }
        DISPATCH();
    }
    CASE(LOAD) {
        Value *ptr = R[B].p;
        if (UNLIKELY(!ptr)) {
            SAVE();
            CHECK(rt_panic_nil(f));
        }
        R[A].u = LOADW(&ptr->u);
        DISPATCH();
    }
    CASE(STORE) {
        Value *ptr = R[A].p;
        if (UNLIKELY(!ptr)) {
            SAVE();
            CHECK(rt_panic_nil(f));
        }
        STOREW(&ptr->u, R[B].u);
        DISPATCH();
    }
    CASE(COPY) R[A] = obj_copy(type_k(K, C), R[B]); DISPATCH();
    CASE(ASSIGNV) obj_assign(type_k(K, C), R[A], R[B]); DISPATCH();

    /* ---- dynamic words ---- */
    CASE(TODYN) R[A] = to_dyn(type_k(K, C), R[B]); DISPATCH();
    CASE(TODYNF) R[A] = to_dyn_fresh(type_k(K, C), R[B]); DISPATCH();
    CASE(DCOPY) R[A] = dyn_copy(R[B]); DISPATCH();
    CASE(ASSERT) {
        int a = A, b = B, c = C;
        int64_t w = NEXT_WORD();
        Type *t = type_k(K, w & 0xFFFFFFFF);
        Type *src = (w >> 32) ? type_k(K, (w >> 32) - 1) : &t_dyn;
        bool ok;
        SAVE();
        Value out;
        CHECK(rt_assert(f, R[b], t, c, src, &out, &ok));
        R[a] = out;
        if (c == ASSERT_COMMAOK) R[a + 1].i = ok;
        DISPATCH();
    }
    CASE(TYPEIS) {
        Type *t = type_k(K, NEXT_WORD());
        COND(rt_type_is(R[A], t, B));
    }
    CASE(DOP) {
        int a = A, b = B, c = C;
        int64_t w = NEXT_WORD();
        SAVE();
        Value out;
        CHECK(dyn_binary(f, (int)(w & 0xFF), R[b], R[c], (int)(w >> 8), NULL, &out));
        R[a] = out;
        DISPATCH();
    }
    CASE(DUNOP) {
        int a = A, b = B, c = C;
        SAVE();
        Value out;
        CHECK(dyn_unary(f, c, R[b], NULL, &out));
        R[a] = out;
        DISPATCH();
    }
    CASE(DCMP) {
        int64_t w = NEXT_WORD();
        bool res;
        SAVE();
        CHECK(dyn_compare(f, (int)(w & 0xFF), R[A], R[B], (int)(w >> 8), NULL, &res));
        COND(res);
    }
    CASE(DTEST) {
        bool res;
        SAVE();
        CHECK(dyn_truth(f, R[A], &res));
        COND(res);
    }
    CASE(DGETF) {
        int a = A, b = B, c = C;
        SAVE();
        Value out;
        CHECK(dyn_getfield(f, R[b], K[c].p, &out));
        R[a] = out;
        DISPATCH();
    }
    CASE(DSETF) {
        SAVE();
        CHECK(dyn_setfield(f, R[A], K[B].p, R[C]));
        DISPATCH();
    }
    CASE(DINDEX) {
        int a = A, b = B, c = C;
        SAVE();
        Value out;
        CHECK(dyn_index(f, R[b], R[c], &out));
        R[a] = out;
        DISPATCH();
    }
    CASE(DSETINDEX) {
        SAVE();
        if (A == B) CHECK(dyn_setindex(f, R[A], (Value){.u = ~(uint64_t)0}, R[C]));
        else CHECK(dyn_setindex(f, R[A], R[B], R[C]));
        DISPATCH();
    }
    CASE(DSLICE) {
        int a = A, b = B, c = C;
        int64_t w = NEXT_WORD();
        SAVE();
        Value out;
        CHECK(dyn_slice(f, R[b], &R[c], (int)w, &out));
        R[a] = out;
        DISPATCH();
    }
    CASE(DLEN) {
        int64_t n;
        SAVE();
        CHECK(dyn_len(f, R[B], C != 0, &n));
        R[A].i = n;
        DISPATCH();
    }
    CASE(DRANGE) {
        int a = A, b = B;
        SAVE();
        Value out;
        CHECK(dyn_range(f, R[b], &out));
        R[a] = out;
        DISPATCH();
    }
    CASE(DNEXT) {
        int a = A, b = B;
        if (UNLIKELY(dyn_range_is_chan(R[a]))) {
            SAVE();
            int got = dyn_range_recv(f, R[a], &R[b], &R[b + 1]);
            if (got < 0) {
                fr->pc = pc - 1; /* run DNEXT again on waking */
                return EXEC_PARKED;
            }
            if (got) pc++;
            DISPATCH();
        }
        if (dyn_range_next(R[a], &R[b], &R[b + 1])) pc++;
        DISPATCH();
    }

    /* ---- calls ---- */
    CASE(CALL) {
        int a = A, nargs = B, nres = C;
        Closure *cl = R[a].p;
        SAVE();
        if (LIKELY(cl && !cl->has_bound && !cl->proto->native)) {
            Proto *np = cl->proto;
            uint32_t nbase = fr->base + (uint32_t)a + 1;
            if (UNLIKELY((uint64_t)nbase + np->nregs + 2 > f->stack_size || f->nframes >= f->frames_cap)) {
                if (!fiber_ensure_stack(f, nbase, np->nregs + 2) || !fiber_push_frame(f)) {
                    act = stack_overflow(f);
                    goto handle_act;
                }
                f->nframes--; /* counted below */
            }
            CallFrame *nf = &f->frames[f->nframes++];
            nf->proto = np;
            nf->cl = cl;
            nf->pc = np->code;
            nf->base = nbase;
            nf->nwant = nres;
            nf->flags = 0;
            nf->defers = NULL;
            (void)nargs;
            fr = nf;
            p = np;
            pc = np->code;
            R = f->stack + nbase;
            K = np->k;
            if (--f->budget <= 0 && preempt_point(f)) {
                SAVE();
                return EXEC_YIELD;
            }
            DISPATCH();
        }
        act = call_value(f, a, nargs, nres, 0);
        goto handle_act;
    }
    CASE(CALLI) {
        int a = A, nargs = B, nres = C;
        String *name = K[NEXT_WORD()].p;
        SAVE();
        act = call_interface(f, a, nargs, nres, name);
        goto handle_act;
    }
    CASE(CALLD) {
        int a = A, nargs = B, nres = C;
        int64_t w = NEXT_WORD();
        SAVE();
        act = call_dynamic(f, a, nargs, nres, w ? K[w - 1].p : NULL);
        goto handle_act;
    }
    CASE(RET) {
        int a = A, n = B;
        SAVE();
        if (LIKELY(!fr->defers && !fr->flags && !C)) {
            Value *dst = f->stack + fr->base - 1;
            for (int i = 0; i < n; i++) dst[i] = R[a + i];
            f->nframes--;
            goto reload;
        }
        act = do_return(f, a, n, C != 0);
        goto handle_act;
    }
    CASE(RET0) {
        SAVE();
        if (LIKELY(!fr->defers && !fr->flags)) {
            f->nframes--;
            goto reload;
        }
        act = do_return(f, 0, 0, false);
        goto handle_act;
    }
    CASE(DEFER) push_defer(f, A, B, C != 0); DISPATCH();
    CASE(RECOVER) R[A] = do_recover(f); DISPATCH();
    CASE(PANIC) {
        SAVE();
        rt_panic_value(f, R[A]);
        goto rt_error;
    }
    CASE(GO) {
        int a = A, nargs = B;
        bool dyn = C != 0;
        SAVE();
        Closure *cl = R[a].p;
        if (dyn && R[a].u) {
            Type *ft = dyn_type(R[a]);
            if (ft->ukind != K_FUNC) CHECK(rt_panic_plain(f, "go of non-function value"));
            cl = from_dyn(ft, R[a]).p;
        }
        if (!cl) CHECK(rt_panic_plain(f, "go of nil func value"));
        Fiber *g = fiber_spawn(f->vm, cl, &R[a + 1], nargs, dyn);
        g->go_proto = p;
        g->go_line = p->lines[pc - p->code - 1];
        g->go_parent = f->id;
        sched_spawn(f->vm->sched, g);
        /* spawning costs budget, so a spawning loop lets the new goroutines
         * run soon instead of queueing millions of them */
        f->budget -= 50;
        DISPATCH();
    }
    CASE(METHOD) {
        int a = A, b = B, c = C;
        int64_t w = NEXT_WORD();
        SAVE();
        Value out;
        if (w == 0) CHECK(make_method_value(f, R[b], NULL, K[c].p, false, &out));
        else CHECK(make_method_value(f, R[b], K[c].p, NULL, w == 2, &out));
        R[a] = out;
        DISPATCH();
    }

    /* ---- channels (the concurrency runtime) ---- */
    CASE(MAKECHAN) {
        int a = A, b = B, c = C;
        SAVE();
        Value out;
        CHECK(chan_make(f, type_k(K, c), R[b].i, &out));
        R[a] = out;
        DISPATCH();
    }
    CASE(SEND) {
        SAVE();
        ChanResult r = chan_send(f, R[A].p, R[B]);
        if (r == CH_PARKED) return EXEC_PARKED;
        if (r == CH_PANIC) goto rt_error;
        DISPATCH();
    }
    CASE(RECV) {
        int a = A, b = B, c = C;
        SAVE();
        ChanResult r = chan_recv(f, R[b].p, &R[a], c ? &R[a + 1] : NULL);
        if (r == CH_PARKED) return EXEC_PARKED;
        if (r == CH_PANIC) goto rt_error;
        DISPATCH();
    }
    CASE(CLOSE) {
        SAVE();
        CHECK(chan_close(f, R[A].p));
        DISPATCH();
    }
    CASE(CHANDYN) {
        int a = A, b = B, c = C;
        SAVE();
        Chan *ch;
        CHECK(chan_of_dyn(f, R[a], c, &ch));
        R[a].p = ch;
        if (b != MAXARG && ch) {
            bool ok;
            Value v;
            CHECK(rt_assert(f, R[b], ch->elem, ASSERT_IMPLICIT, &t_dyn, &v, &ok));
            R[b] = v;
        }
        DISPATCH();
    }
    CASE(RECVDYN) {
        Chan *ch = R[B].p;
        if (ch) R[A] = to_dyn_fresh(ch->elem, R[A]);
        DISPATCH();
    }
    CASE(SELECT) {
        int a = A, n = B, c = C;
        int64_t w0 = NEXT_WORD();
        bool *is_send = n ? ALLOC_ATOMIC((size_t)n) : NULL;
        Chan **chans = n ? NEW_ARRAY(Chan *, n) : NULL;
        Value *vals = n ? NEW_ARRAY(Value, n) : NULL;
        int64_t bits = 0;
        for (int i = 0; i < n; i++) {
            if (i % 32 == 0) bits = NEXT_WORD();
            is_send[i] = (bits >> (i % 32)) & 1;
            chans[i] = R[c + 2 * i].p;
            vals[i] = R[c + 2 * i + 1];
        }
        SAVE();
        ChanResult r = chan_select(f, n, is_send, chans, vals, (w0 & 1) != 0, &R[a]);
        if (r == CH_PARKED) return EXEC_PARKED;
        if (r == CH_PANIC) goto rt_error;
        DISPATCH();
    }

    CASE(PRINT) rt_print(f, &R[A], B, C != 0); DISPATCH();
    CASE(MINMAX) {
        int a = A, b = B, c = C;
        int64_t w = NEXT_WORD();
        SAVE();
        CHECK(rt_minmax(f, type_k(K, w >> 1), &R[b], c, (w & 1) != 0, &R[a]));
        DISPATCH();
    }
    CASE(NOP) DISPATCH();
    CASE(EXTRA) DISPATCH();
    CASE(HALT) {
        SAVE();
        return EXEC_DONE;
    }

rt_error:
    act = start_panic(f);
handle_act:
    switch (act) {
    case ACT_CONTINUE: goto reload;
    case ACT_DONE: return EXEC_DONE;
    case ACT_PANIC: return EXEC_PANIC;
    case ACT_FATAL: return EXEC_FATAL;
    case ACT_EXIT: return EXEC_EXIT;
    case ACT_PARKED: return EXEC_PARKED;
    case ACT_YIELD: return EXEC_YIELD;
    }
    return EXEC_FATAL;
#undef A
#undef B
#undef C
}
