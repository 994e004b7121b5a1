/* opcodes.h: the instruction set, in one place.
 *
 * csp runs a REGISTER machine: each frame has a window of registers on its
 * goroutine's value stack, and instructions name registers directly. Register
 * code needs about half the instructions of stack code for the same Go
 * (no push/pop around every local), and the typed instructions the checker
 * selects (ADD_I on two int registers) then cost one dispatch each, which is
 * what lets `func fib(n int) int` run without tag checks.
 *
 * Format: one 64-bit word per instruction:
 *     bits 0-9 op | 10-27 A | 28-45 B | 46-63 C          (18-bit operands)
 * 18-bit operands allow 262,143 registers and constants per function, so a
 * function with 65,535 locals (plus temporaries) compiles. sB/sC are signed
 * (two's complement in 18 bits); Bx = B|C<<18 is a 36-bit unsigned operand and
 * sBx its signed form (jumps, big constant indexes). K(x) is the constant
 * table; T(x) a constant that holds a Type*.
 *
 * Conditional tests are followed by a JMP: a test that fails skips the JMP,
 * one that succeeds executes it at once (Lua 5.4's scheme), so conditions
 * have the full 36-bit jump range without a second instruction fetch.
 *
 * Registers hold static words (value.h); which opcode applies is decided by
 * the compiler from static types. The D* opcodes work on dynamic words and
 * dispatch on their run-time types (runtime.c).
 *
 * X(name, format, comment): format names the operand use, for --disasm. */
#ifndef CSP_OPCODES_H
#define CSP_OPCODES_H

#define OPCODES(X)                                                                 \
    /* moves and constants */                                                      \
    X(MOVE, "AB", "R[A] = R[B]")                                                   \
    X(LOADK, "ABx", "R[A] = K[Bx]")                                                \
    X(LOADI, "AsBx", "R[A] = sBx (int)")                                           \
    X(LOADNIL, "AB", "R[A..A+B] = 0 words")                                        \
    X(LOADZERO, "ABx", "R[A] = zero value of type T(Bx) (fresh object for structs)") \
    /* globals, upvalues, cells */                                                 \
    X(GETG, "ABx", "R[A] = K[Bx] (a Cell*)->v")                                    \
    X(SETG, "ABx", "K[Bx] (a Cell*)->v = R[A]")                                    \
    X(GETUP, "AB", "R[A] = closure->up[B] (the Cell* or object itself)")           \
    X(GETUPV, "AB", "R[A] = ((Cell*)closure->up[B])->v")                           \
    X(SETUPV, "AB", "((Cell*)closure->up[B])->v = R[A]")                           \
    X(NEWCELL, "AB", "R[A] = new Cell holding R[B]")                               \
    X(CELLGET, "AB", "R[A] = ((Cell*)R[B])->v")                                    \
    X(CELLSET, "AB", "((Cell*)R[A])->v = R[B]")                                    \
    X(CLOSURE, "ABx", "R[A] = closure of protos[Bx], capturing per its upvals")    \
    /* int arithmetic on raw words (wrapping, as Go) */                            \
    X(ADD_I, "ABC", "R[A] = R[B] + R[C]")                                          \
    X(SUB_I, "ABC", "R[A] = R[B] - R[C]")                                          \
    X(MUL_I, "ABC", "R[A] = R[B] * R[C]")                                          \
    X(DIV_I, "ABC", "R[A] = R[B] / R[C] (signed; panics on 0)")                    \
    X(REM_I, "ABC", "R[A] = R[B] % R[C] (signed; panics on 0)")                    \
    X(DIV_U, "ABC", "R[A] = R[B] / R[C] (unsigned 64)")                            \
    X(REM_U, "ABC", "R[A] = R[B] % R[C] (unsigned 64)")                            \
    X(ADDI, "ABsC", "R[A] = R[B] + sC")                                            \
    X(NEG_I, "AB", "R[A] = -R[B]")                                                 \
    X(AND, "ABC", "R[A] = R[B] & R[C]")                                            \
    X(OR, "ABC", "R[A] = R[B] | R[C]")                                             \
    X(XOR, "ABC", "R[A] = R[B] ^ R[C]")                                            \
    X(ANDNOT, "ABC", "R[A] = R[B] &^ R[C]")                                        \
    X(NOT_I, "AB", "R[A] = ^R[B]")                                                 \
    X(SHL, "ABC", "R[A] = R[B] << R[C] (count >= 64 gives 0)")                     \
    X(SHR, "ABC", "R[A] = R[B] >> R[C] arithmetic")                                \
    X(SHR_U, "ABC", "R[A] = R[B] >> R[C] logical")                                 \
    X(SHCHK, "AB", "panic 'negative shift amount' if R[A] < 0 (B=1: signed count)") \
    X(NORM, "ABC", "R[A] = R[B] wrapped to int kind C (sign/zero extension)")      \
    /* float arithmetic */                                                         \
    X(ADD_F, "ABC", "R[A] = R[B] + R[C]")                                          \
    X(SUB_F, "ABC", "R[A] = R[B] - R[C]")                                          \
    X(MUL_F, "ABC", "R[A] = R[B] * R[C]")                                          \
    X(DIV_F, "ABC", "R[A] = R[B] / R[C]")                                          \
    X(NEG_F, "AB", "R[A] = -R[B]")                                                 \
    X(ROUND32, "AB", "R[A] = (double)(float)R[B]")                                 \
    /* conversions */                                                              \
    X(I2F, "AB", "R[A] = (double)R[B] (signed)")                                   \
    X(U2F, "AB", "R[A] = (double)(uint64)R[B]")                                    \
    X(F2I, "ABC", "R[A] = int kind C of float R[B] (truncated; no UB)")            \
    X(CONV, "ABC", "R[A] = conversion kind C of R[B] (string/rune/byte forms)")    \
    /* comparisons: if ((R[A] op R[B]) != C) skip the next instruction (a JMP) */  \
    X(EQ_I, "ABC", "int ==")                                                       \
    X(LT_I, "ABC", "int <")                                                        \
    X(LE_I, "ABC", "int <=")                                                       \
    X(LT_U, "ABC", "uint <")                                                       \
    X(LE_U, "ABC", "uint <=")                                                      \
    X(EQ_F, "ABC", "float ==")                                                     \
    X(LT_F, "ABC", "float <")                                                      \
    X(LE_F, "ABC", "float <=")                                                     \
    X(EQ_S, "ABC", "string ==")                                                    \
    X(LT_S, "ABC", "string <")                                                     \
    X(LE_S, "ABC", "string <=")                                                    \
    X(EQI, "AsBC", "if ((R[A] == sB) != C) skip")                                  \
    X(LTI, "AsBC", "if ((R[A] < sB) != C) skip")                                   \
    X(LEI, "AsBC", "if ((R[A] <= sB) != C) skip")                                  \
    X(GTI, "AsBC", "if ((R[A] > sB) != C) skip")                                   \
    X(GEI, "AsBC", "if ((R[A] >= sB) != C) skip")                                  \
    X(EQ_T, "ABC", "if (equal(R[A], R[B]) as type T(next word) != C) skip; may panic") \
    X(TEST, "AC", "if ((R[A] != 0) != C) skip")                                    \
    X(JMP, "sBx", "pc += sBx (budget check when backward)")                        \
    X(NOT, "AB", "R[A] = !R[B]")                                                   \
    /* strings */                                                                  \
    X(CONCAT, "ABC", "R[A] = R[B] + R[C] (strings)")                               \
    X(STRINDEX, "ABC", "R[A] = byte R[B][R[C]]")                                   \
    X(STRSLICE, "ABC", "R[A] = R[B][R[C]:R[C+1]] (C+1 = -1 words: see compiler)") \
    X(STRNEXT, "ABC", "range over string: R[A]=index in/out, R[A+1]=rune; jump when done") \
    /* slices, arrays, maps */                                                     \
    X(LEN, "ABC", "R[A] = len(R[B]) for representation class C")                   \
    X(CAP, "ABC", "R[A] = cap(R[B]) for class C")                                  \
    X(MAKESLICE, "ABC", "R[A] = make(T(next), R[B], R[C]); C=max: no cap")         \
    X(NEWARRAY, "ABx", "R[A] = new zero array of type T(Bx)")                      \
    X(NEWSLICE, "ABC", "R[A] = slice of type T(next) from the B registers at C")   \
    X(SLGET, "ABC", "R[A] = R[B][R[C]] (slice)")                                   \
    X(SLSET, "ABC", "R[A][R[B]] = R[C] (slice)")                                   \
    X(ARGET, "ABC", "R[A] = R[B][R[C]] (array)")                                   \
    X(ARSET, "ABC", "R[A][R[B]] = R[C] (array)")                                   \
    X(ELEMADDR, "ABC", "R[A] = &R[B][R[C]] (slice/array per next word; Value*)")   \
    X(SLICE, "ABC", "R[A] = R[B][lo:hi:max] from R[C..C+2], flags in next word")   \
    X(APPEND, "ABC", "R[A] = append(R[A], R[B..B+C-1]) type T(next)")              \
    X(APPENDSL, "ABC", "R[A] = append(R[B], R[C]...) type T(next)")               \
    X(COPYSL, "ABC", "R[A] = copy(R[B], R[C])")                                    \
    X(MAKEMAP, "ABx", "R[A] = make(map type T(Bx)) with hint R[A]")                \
    X(MAPGET, "ABC", "R[A] = R[B][R[C]] or zero (type T(next))")                   \
    X(MAPGET2, "ABC", "R[A], R[A+1] = R[B][R[C]] comma-ok")                        \
    X(MAPSET, "ABC", "R[A][R[B]] = R[C]; panics on nil map")                       \
    X(MAPDEL, "AB", "delete(R[A], R[B])")                                          \
    X(MAPITER, "AB", "R[A] = iterator over map R[B]")                              \
    X(MAPNEXT, "ABC", "R[B], R[B+1] = next of iterator R[A]; skip next if none")   \
    X(CLEAR, "AB", "clear(R[A]) class B")                                          \
    /* structs and pointers */                                                     \
    X(NEWSTRUCT, "ABx", "R[A] = zero struct of type T(Bx)")                        \
    X(GETF, "ABC", "R[A] = R[B]->f[C]")                                            \
    X(SETF, "ABC", "R[A]->f[B] = R[C]")                                            \
    X(GETFP, "ABC", "R[A] = R[B]->f[C]; nil-pointer panic if R[B] is NULL")        \
    X(SETFP, "ABC", "R[A]->f[B] = R[C]; nil-pointer panic if R[A] is NULL")        \
    X(FIELDADDR, "ABC", "R[A] = &R[B]->f[C] (Value*), nil check")                  \
    X(NILCHK, "A", "nil-pointer panic if R[A] is NULL")                            \
    X(LOAD, "AB", "R[A] = *(Value*)R[B]; nil check")                               \
    X(STORE, "AB", "*(Value*)R[A] = R[B]; nil check")                              \
    X(COPY, "ABx", "R[A] = deep copy of struct/array R[A] of type T(Bx)")          \
    X(ASSIGNV, "ABC", "copy the struct/array R[B] into the object R[A], type T(next)") \
    /* dynamic words */                                                            \
    X(TODYN, "ABx", "R[A] = to_dyn(T(Bx), R[A]) (copies values)")                  \
    X(TODYNF, "ABx", "R[A] = to_dyn_fresh(T(Bx), R[A])")                           \
    X(DCOPY, "A", "R[A] = copy of R[A] if it is a dynamic struct/array")           \
    X(ASSERT, "ABC", "R[A] = R[B].(T(next)); C=1: comma-ok into R[A+1]; C=2: implicit") \
    X(TYPEIS, "ABC", "type switch: if (R[A] has type T(next word) B=exact/iface) != C skip") \
    X(DOP, "ABC", "R[A] = R[B] op R[C] on dynamic words; op and expr in next word") \
    X(DUNOP, "ABC", "R[A] = op R[B] on a dynamic word; op C")                      \
    X(DCMP, "ABC", "if ((R[A] op R[B]) != C) skip; op in next word")               \
    X(DTEST, "AC", "if (bool(R[A]) != C) skip; panics if not bool")                \
    X(DGETF, "ABC", "R[A] = R[B].name K[C] on a dynamic value")                    \
    X(DSETF, "ABC", "R[A].name K[B] = R[C] on a dynamic value")                    \
    X(DINDEX, "ABC", "R[A] = R[B][R[C]] on a dynamic value")                       \
    X(DSETINDEX, "ABC", "R[A][R[B]] = R[C] on a dynamic value")                    \
    X(DSLICE, "ABC", "R[A] = R[B][lo:hi:max] dynamic, like SLICE")                 \
    X(DLEN, "ABC", "R[A] = len (C=0) or cap (C=1) of dynamic R[B]")                \
    X(DRANGE, "ABC", "R[A] = range state over dynamic R[B]")                       \
    X(DNEXT, "ABC", "R[B],R[B+1] = next of dynamic range state R[A]; skip next if none") \
    /* calls */                                                                    \
    X(CALL, "ABC", "call R[A] with B args R[A+1..]; C results into R[A..]")        \
    X(CALLI, "ABC", "interface call: method K(next) of R[A+1]; B args incl. receiver") \
    X(CALLD, "ABC", "dynamic call: R[A] (or method K(next) when next != 0) with dynamic words") \
    X(RET, "AB", "return R[A..A+B-1]")                                             \
    X(RET0, "", "return, no results")                                              \
    X(DEFER, "AB", "push deferred call of R[A] with B args R[A+1..]")              \
    X(RECOVER, "A", "R[A] = recover()")                                            \
    X(PANIC, "A", "panic(R[A]) (a dynamic word)")                                  \
    X(GO, "AB", "start goroutine: R[A] with B args R[A+1..]")                      \
    X(METHOD, "ABC", "R[A] = method value of R[B]: proto K[C] bound to R[B]")      \
    /* channels and select (the concurrency issue) */                              \
    X(MAKECHAN, "ABx", "R[A] = make(chan type T(Bx), size R[A])")                  \
    X(SEND, "AB", "R[A] <- R[B]")                                                  \
    X(RECV, "ABC", "R[A] = <-R[B]; C=1: R[A+1] = ok")                              \
    X(CLOSE, "A", "close(R[A])")                                                   \
    X(SELECT, "ABC", "select over B cases at R[C..] (chan, value pairs); results R[A..A+2]; flags in next words") \
    X(CHANDYN, "ABC", "R[A] = the channel in dynamic word R[A] for op C (1 send, 2 recv, 3 close); R[B] converted to its element type unless B is MAXARG") \
    X(RECVDYN, "AB", "R[A] = dynamic word of R[A], an element of channel R[B]") \
    /* misc */                                                                     \
    X(PRINT, "ABC", "print/println builtin of B args from R[A]; C=1 println")      \
    X(MINMAX, "ABC", "R[A] = min (C&1=0)/max of B args at R[A], kind in next word") \
    X(NOP, "", "no operation (the extra word of a wide instruction)")              \
    X(EXTRA, "Bx", "data word for the previous instruction")                       \
    X(HALT, "", "end of the top frame")

typedef enum OpCode {
#define X(name, fmt, doc) OP_##name,
    OPCODES(X)
#undef X
    OP_NCODES
} OpCode;

/* Encoding helpers. */
#define OPBITS 10
#define ARGBITS 18
#define ARGMASK ((1u << ARGBITS) - 1)
#define MAXARG ((int)ARGMASK)
#define MAXSARG ((1 << (ARGBITS - 1)) - 1)
#define MINSARG (-(1 << (ARGBITS - 1)))

#define INS(op, a, b, c)                                                           \
    ((uint64_t)(op) | ((uint64_t)((a) & ARGMASK) << 10) |                          \
     ((uint64_t)((b) & ARGMASK) << 28) | ((uint64_t)((c) & ARGMASK) << 46))
#define INS_ABx(op, a, bx)                                                         \
    ((uint64_t)(op) | ((uint64_t)((a) & ARGMASK) << 10) | ((uint64_t)(bx) << 28))

#define GET_OP(i) ((unsigned)((i) & 0x3FF))
#define GET_A(i) ((int)(((i) >> 10) & ARGMASK))
#define GET_B(i) ((int)(((i) >> 28) & ARGMASK))
#define GET_C(i) ((int)(((i) >> 46) & ARGMASK))
#define GET_Bx(i) ((int64_t)((i) >> 28))
#define SIGN18(x) (((int)(x) ^ (1 << 17)) - (1 << 17))
#define GET_sB(i) SIGN18(GET_B(i))
#define GET_sC(i) SIGN18(GET_C(i))
#define GET_sBx(i) (((int64_t)((i) >> 28) ^ (INT64_C(1) << 35)) - (INT64_C(1) << 35))

extern const char *const opcode_names[OP_NCODES];

#endif
