/* object.h: heap objects (strings, arrays, slices, structs, cells, closures,
 * function prototypes) and their constructors. Maps are in map.h, channels in
 * chan.h, fibers in fiber.h. Representation essay: value.h. */
#ifndef CSP_OBJECT_H
#define CSP_OBJECT_H

#include "value.h"

/* Immutable string. data points either just past the header (fresh strings,
 * allocated pointer-free) or into another string (substrings share bytes).
 * hash caches the map hash (0 = not computed yet; racing writers store the
 * same value). */
typedef struct String {
    uintptr_t hdr;
    int64_t len;
    const char *data;
    uint64_t hash;
} String;

/* An array value or a slice's backing store: len words. */
typedef struct Array {
    uintptr_t hdr;
    int64_t len;
    Value e[];
} Array;

/* A slice: an immutable view; slicing and append make new headers, so a racy
 * reader always sees a consistent (arr, off, len, cap) and off+cap <= arr->len
 * holds by construction. NULL is the nil slice. */
typedef struct Slice {
    uintptr_t hdr;
    Array *arr;
    int64_t off, len, cap;
} Slice;

/* A struct value: one word per field, in declaration order. */
typedef struct Struct {
    uintptr_t hdr;
    Value f[];
} Struct;

/* A variable that escapes (captured by a closure or its address taken) lives
 * in a cell; a pointer to it is a Value* to cell->v. */
typedef struct Cell {
    Value v;
} Cell;

/* A function value. up[] holds captured variables: a Cell* for a scalar
 * variable, the object itself for a struct/array variable (its address is
 * stable, see value.h). A method value (x.M) is a closure of the method's
 * proto with bound = receiver and has_bound set. */
typedef struct Closure {
    uintptr_t hdr;
    Proto *proto;
    Value bound;
    uint32_t nup;
    bool has_bound;
    Value up[];
} Closure;

typedef uint64_t Instr;

struct Fiber;
/* A native function. args[0..nargs) hold the arguments as static words of
 * the declared parameter types; results are written to args[0..). */
typedef enum NatStatus {
    NAT_OK = 0,  /* results written */
    NAT_PANIC,   /* fiber's panic set with fiber_panic*() */
    NAT_PARK,    /* fiber parked; resumed with results in place (issue 4) */
    NAT_CALL,    /* native pushed a script call frame; see vm.h */
    NAT_FATAL,   /* fatal error (not recoverable); fiber's fatal message set */
    NAT_EXIT,    /* os.Exit: the VM's exit code is set */
    NAT_YIELD,   /* give way to other goroutines (Gosched) */
} NatStatus;
typedef NatStatus (*NativeFn)(struct Fiber *f, Value *args, int nargs);

typedef struct UpvalDesc {
    bool from_parent_reg; /* true: capture parent register idx; false: parent's upvalue idx */
    uint32_t idx;
} UpvalDesc;

/* Source text of the expression of a dynamic operation at pc, for Go's
 * "invalid operation: x + y (mismatched types int and float64)" panics. */
typedef struct DbgExpr {
    uint32_t pc;
    const char *text;
} DbgExpr;

/* A compiled function. Shared, read-only once built, by all workers. */
struct Proto {
    const char *name;     /* as stack traces print it: main.fib, main.(*T).M,
                             main.main.func1 */
    const char *file;     /* path as given on the command line */
    int line;             /* line of the declaration */
    Type *sig;            /* its func type (receiver not included) */
    Type *recv;           /* method receiver type, or NULL */
    Instr *code;
    uint32_t *lines;      /* source line of each instruction */
    uint32_t ncode;
    Value *k;             /* constants */
    uint32_t nk;
    uint32_t nregs;       /* frame size in registers */
    uint32_t nparams;     /* fixed parameters, receiver included */
    uint32_t nresults;
    bool variadic;
    bool has_defer;
    bool dyn_results;     /* results are dynamic words (undeclared results) */
    uint32_t nup;
    UpvalDesc *upvals;
    struct Proto **protos; /* nested function literals */
    uint32_t nprotos;
    NativeFn native;      /* non-NULL for a native function */
    DbgExpr *dbg;         /* sorted by pc */
    uint32_t ndbg;
    int32_t result_reg;   /* first result variable register, or -1 */
    bool hidden;          /* runtime glue: not shown in stack traces */
    uint8_t *rescell;     /* per result: the variable lives in a cell */
};

/* The shared empty string. */
extern String str_empty;

String *str_new(const char *s, int64_t len);     /* copies */
String *str_from_cstr(const char *s);
String *str_alloc(int64_t len);                  /* uninitialised bytes, caller fills */
String *str_sub(String *s, int64_t lo, int64_t hi); /* shares bytes */
String *str_concat(String *a, String *b);
int str_compare(const String *a, const String *b);
bool str_equal(const String *a, const String *b);
uint64_t str_hash(String *s);
/* A NUL-terminated copy (for C APIs). */
char *str_cstr(const String *s);

/* Array of type t (K_ARRAY, or a backing store when t is NULL with elem
 * given) filled with zero values of elem. */
Array *array_new(Type *t, Type *elem, int64_t len);
Slice *slice_new(Type *t, Array *arr, int64_t off, int64_t len, int64_t cap);
/* make([]T, len, cap) with zero elements. */
Slice *slice_make(Type *t, int64_t len, int64_t cap);
Struct *struct_new(Type *t);  /* fields at their zero values */
Cell *cell_new(Value v);
Closure *closure_new(Type *t, Proto *p, uint32_t nup);

/* The zero value of t as a static word (REP_VAL: a fresh object). */
Value zero_value(Type *t);
/* A deep copy of a REP_VAL word (struct or array) of type t: nested struct
 * and array values are copied, references are shared (Go's shallow copy). */
Value obj_copy(Type *t, Value v);
/* Copies src into the existing object dst (assignment to a struct/array
 * variable keeps the variable's address). */
void obj_assign(Type *t, Value dst, Value src);

#endif
