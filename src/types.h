/* types.h: the one Type structure shared by the checker (static types) and the
 * runtime (the type of a dynamic value, %T, method dispatch, zero values).
 * Types are canonical: two identical types are the same pointer, so identity is
 * pointer equality. Construction goes through a per-VM TypeTable (types.c).
 * Predeclared types (int, string, error, any, ...) are immutable process-wide
 * statics shared by every VM. */
#ifndef CSP_TYPES_H
#define CSP_TYPES_H

#include "common.h"
#include <pthread.h>

typedef struct Type Type;
typedef struct Proto Proto;

typedef enum TypeKind {
    K_INVALID = 0,
    /* basic kinds: the order matters (kind_is_* helpers use ranges) */
    K_BOOL,
    K_INT, K_INT8, K_INT16, K_INT32, K_INT64,
    K_UINT, K_UINT8, K_UINT16, K_UINT32, K_UINT64, K_UINTPTR,
    K_FLOAT32, K_FLOAT64,
    K_STRING,
    K_UNSAFEPTR,
    /* untyped constant kinds, compile time only */
    K_UNTYPED_BOOL, K_UNTYPED_INT, K_UNTYPED_RUNE, K_UNTYPED_FLOAT,
    K_UNTYPED_STRING, K_UNTYPED_NIL,
    /* composite kinds */
    K_ARRAY, K_SLICE, K_STRUCT, K_POINTER, K_FUNC, K_INTERFACE, K_MAP, K_CHAN,
    /* a defined (named) type; its underlying type is ->under */
    K_NAMED,
    /* compile time only: a type parameter, a tuple of results */
    K_TYPEPARAM, K_TUPLE,
    /* csp's dynamic type: a value whose type is known only at run time */
    K_DYN,
    K_NKINDS
} TypeKind;

/* How a static word holds a value of the type (see value.h). */
typedef enum Rep {
    REP_INT,   /* bool and every integer kind: int64 payload, sized kinds kept
                  normalised (int8 sign-extended, uint8 zero-extended, ...) */
    REP_FLOAT, /* float32 and float64 as a double (float32 already rounded) */
    REP_REF,   /* string, slice, map, chan, func, pointer: an object pointer or
                  NULL for nil (strings are never NULL) */
    REP_VAL,   /* struct, array: pointer to an object owned by the holder;
                  copied on assignment; never NULL */
    REP_DYN,   /* interface and dynamic: a tagged dynamic word */
} Rep;

/* Channel directions (bit set). */
enum { CHAN_SEND = 1, CHAN_RECV = 2, CHAN_BOTH = 3 };

/* Type flags. */
enum {
    TF_COMPARABLE = 1 << 0, /* == is defined (may still panic for interfaces) */
    TF_HAS_VALUE = 1 << 1,  /* struct/array, or contains one inline: copy deeply */
    TF_GENERIC = 1 << 2,    /* mentions a type parameter: compile time only */
    TF_HASHABLE = 1 << 3,   /* usable as a map key without a run-time check */
    TF_ERROR_IFACE = 1 << 4,
};

typedef struct Field {
    const char *name; /* interned; for an embedded field, the type's name */
    Type *type;
    const char *tag;  /* NULL when absent */
    bool embedded;
    bool exported;
} Field;

typedef struct IMethod { /* an interface's method */
    const char *name;    /* interned */
    Type *sig;           /* K_FUNC, without receiver */
} IMethod;

/* A method of a defined type, as the checker declares it and the compiler
 * fills in. Promoted methods (through embedded fields) get their own entry
 * whose proto is a compiler-made wrapper, so dispatch never walks fields. */
typedef struct Method {
    const char *name;    /* interned */
    Type *sig;           /* K_FUNC without receiver */
    bool ptr_recv;       /* declared with a pointer receiver: in *T's set only */
    bool promoted;
    Proto *proto;        /* receiver is parameter 0; NULL until compiled */
    void *decl;          /* checker's declaration (Node*) */
} Method;

/* A type-set term of a constraint: ~int or int. */
typedef struct Term {
    Type *type;
    bool tilde;
} Term;

struct Type {
    uint8_t kind;    /* TypeKind */
    uint8_t ukind;   /* kind of the underlying type */
    uint8_t rep;     /* Rep of the underlying type */
    uint8_t flags;   /* TF_* */
    uint8_t chandir; /* K_CHAN */
    bool variadic;   /* K_FUNC: last param is ...T (stored as []T) */
    bool complete;   /* K_NAMED: underlying and methods are set */
    uint32_t id;     /* unique within the process for predeclared, per VM else */
    Type *under;     /* underlying type; self for unnamed types */

    Type *elem;      /* ARRAY SLICE POINTER CHAN, MAP value */
    Type *key;       /* MAP key */
    int64_t len;     /* ARRAY length */

    int nfields;     /* STRUCT */
    Field *fields;

    int nparams, nresults; /* FUNC; TUPLE uses params/nparams */
    Type **params, **results;

    int nimethods;   /* INTERFACE: sorted by name (pointer order of interned) */
    IMethod *imethods;
    int nterms;      /* INTERFACE used as a constraint: its type set */
    Term *terms;
    bool is_comparable_constraint;

    /* NAMED (also set on predeclared basic types for their name) */
    const char *name; /* "Celsius", "int", "Pair[string,int]" */
    const char *pkg;  /* "main", "time", NULL for predeclared */
    int nmethods;
    Method *methods;  /* declared and promoted methods, sorted by name */
    int ntargs;       /* instantiated generic: its type arguments */
    Type **targs;
    Type *origin;     /* instantiated generic: the generic type */
    void *decl;       /* checker's object for this named type */

    /* TYPEPARAM */
    Type *constraint;
    int tp_index;

    const char *str;  /* cached type string, as %T prints it */
    Type *ptr_to;     /* cache of *T, owned by the TypeTable */
};

/* The predeclared types, immutable and shared by all VMs. */
extern Type t_invalid, t_bool, t_int, t_int8, t_int16, t_int32, t_int64;
extern Type t_uint, t_uint8, t_uint16, t_uint32, t_uint64, t_uintptr;
extern Type t_float32, t_float64, t_string, t_unsafeptr;
extern Type t_untyped_bool, t_untyped_int, t_untyped_rune, t_untyped_float;
extern Type t_untyped_string, t_untyped_nil;
extern Type t_dyn;       /* csp's dynamic type */
extern Type t_any;       /* interface{} (also the alias any) */
extern Type t_error;     /* the predeclared error interface */
extern Type t_comparable;/* the predeclared comparable constraint */
/* Types the runtime needs by name: func() string, []interface{}, []string. */
extern Type t_func_string, t_slice_any, t_slice_string, t_slice_byte, t_slice_int;

/* The basic type of a kind (K_BOOL..K_UNSAFEPTR and the untyped kinds). */
Type *type_basic(TypeKind k);

/* Per-VM table of canonical composite types. Thread-safe. */
typedef struct TypeTable TypeTable;
TypeTable *typetab_new(void);

Type *type_pointer(TypeTable *tt, Type *elem);
Type *type_slice(TypeTable *tt, Type *elem);
Type *type_array(TypeTable *tt, Type *elem, int64_t len);
Type *type_map(TypeTable *tt, Type *key, Type *elem);
Type *type_chan(TypeTable *tt, Type *elem, int dir);
/* params/results arrays are copied; variadic: the last param is a slice type. */
Type *type_func(TypeTable *tt, Type **params, int np, Type **results, int nr, bool variadic);
Type *type_tuple(TypeTable *tt, Type **elems, int n);
/* fields are copied. Identity includes names, tags, embedded flags. */
Type *type_struct(TypeTable *tt, Field *fields, int n);
/* methods are copied and sorted; terms (constraint type sets) may be NULL. */
Type *type_interface(TypeTable *tt, IMethod *methods, int n, Term *terms, int nterms,
                     bool comparable);
/* A new defined type (never canonicalised: each declaration is distinct).
 * Set its underlying with type_set_underlying once known. */
Type *type_new_named(TypeTable *tt, const char *pkg, const char *name);
void type_set_underlying(Type *named, Type *under);
Type *type_new_typeparam(TypeTable *tt, const char *name, int index, Type *constraint);
/* A dynamic stand-in for type parameter tp (check_tparam.c): K_DYN, so that
 * everything about the value waits for run time, but named and constrained
 * as tp. Made only to check generic bodies; never compiled. */
Type *type_new_standin(TypeTable *tt, Type *tp);
static inline bool type_is_standin(Type *t) { return t->kind == K_DYN && t->constraint; }

/* Queries. */
static inline Type *type_under(Type *t) { return t->under; }
static inline bool kind_is_integer(int k) { return k >= K_INT && k <= K_UINTPTR; }
static inline bool kind_is_unsigned(int k) { return k >= K_UINT && k <= K_UINTPTR; }
static inline bool kind_is_float(int k) { return k == K_FLOAT32 || k == K_FLOAT64; }
static inline bool kind_is_numeric(int k) { return k >= K_INT && k <= K_FLOAT64; }
static inline bool kind_is_untyped(int k) { return k >= K_UNTYPED_BOOL && k <= K_UNTYPED_NIL; }
static inline bool type_is_untyped(Type *t) { return kind_is_untyped(t->kind); }
static inline bool type_is_interface(Type *t) { return t->ukind == K_INTERFACE; }
static inline bool type_is_dyn(Type *t) { return t->kind == K_DYN; }
/* Bits of a sized integer kind (int and uint are 64). */
int kind_bits(int k);

/* Identical types are the same pointer; this exists for readability. */
static inline bool type_identical(Type *a, Type *b) { return a == b; }
bool type_comparable(Type *t);  /* Go's "comparable" (interfaces count) */
bool type_is_strictly_comparable(Type *t);

/* Type strings as %T prints them: "main.Pair[string,int]", "[]interface {}",
 * "map[string]int", "func(int) string", "*main.T", "chan<- int". The result is
 * cached and owned by the type. */
const char *type_string(Type *t);
/* As Go's compiler messages spell a type: without the "main." prefix. */
const char *type_string_local(Type *t);

/* Method lookup on a defined type or a pointer to one, by interned name.
 * Returns the method or NULL; *ptr_only is set when the method has a pointer
 * receiver (callable on *T or on an addressable T). */
Method *type_method(Type *t, const char *name);
/* Adds a method to a defined type (kept sorted). */
Method *type_add_method(Type *named, const char *name, Type *sig, bool ptr_recv);

/* Struct field by interned name, direct fields only; -1 if absent. */
int type_field_index(Type *st, const char *name);

/* Does type t (not an interface itself, or an interface) implement interface
 * iface? On failure and when missing != NULL, *missing names the first missing
 * method and *wrong_recv tells whether it exists with a pointer receiver. */
bool type_implements(Type *t, Type *iface, const char **missing, bool *ptr_recv_only);

#endif
