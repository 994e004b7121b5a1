/* check.h: the type checker. It resolves names, gives every expression Go's
 * static type (or csp's dynamic type where a script left types out), folds
 * constants, and annotates the AST (Node.type, .cval, .mode, .ref) for the
 * compiler. Split by concern: check_decl.c (packages, declarations, init
 * order, generics), check_type.c (type expressions), check_expr.c
 * (expressions, constants, conversions, assignability), check_call.c (calls
 * and builtins), check_stmt.c (statements), scope.c (scopes and objects). */
#ifndef CSP_CHECK_H
#define CSP_CHECK_H

#include "ast.h"
#include "constant.h"
#include "diag.h"
#include "intern.h"
#include "types.h"

typedef struct Scope Scope;
typedef struct Package Package;
typedef struct FuncInfo FuncInfo;

typedef enum ObjKind {
    OBJ_BAD,
    OBJ_VAR,
    OBJ_CONST,
    OBJ_TYPE,
    OBJ_FUNC,
    OBJ_PKG,
    OBJ_BUILTIN,
    OBJ_NIL,
    OBJ_LABEL,
} ObjKind;

typedef enum Builtin {
    B_NONE, B_APPEND, B_CAP, B_CLEAR, B_CLOSE, B_COPY, B_DELETE, B_LEN, B_MAKE,
    B_MAX, B_MIN, B_NEW, B_PANIC, B_PRINT, B_PRINTLN, B_RECOVER, B_COMPLEX, B_REAL,
    B_IMAG,
} Builtin;

typedef enum ResolveState { RS_TODO, RS_DOING, RS_DONE } ResolveState;

/* A generic's instantiation: type arguments and the resulting object. */
typedef struct Instance {
    Type **targs;
    int ntargs;
    struct Object *obj;
    struct Instance *next;
} Instance;

/* Something a name denotes. */
typedef struct Object {
    uint8_t kind;       /* ObjKind */
    uint8_t state;      /* ResolveState, for package-level objects */
    bool is_global;     /* package-level variable (lives in a cell) */
    bool is_param;
    bool captured;      /* a closure refers to it: it lives in a cell */
    bool addr_taken;    /* &x, or a pointer method called on it */
    bool used;
    bool exported;
    const char *name;
    Pos pos;
    Type *type;
    Const *cval;        /* OBJ_CONST */
    int builtin;        /* OBJ_BUILTIN */
    Package *pkg;       /* owning package; OBJ_PKG: the imported package */
    Node *decl;         /* N_VALUE_SPEC, N_TYPE_SPEC, N_FUNC_DECL, N_ASSIGN... */
    int decl_index;     /* index of the name within its spec */
    Node *init;         /* package var: its initialiser expression (or NULL) */
    FuncInfo *owner;    /* function that declared a local variable */
    /* generics */
    NodeList *tparams;  /* type parameter fields (N_FIELD) of a generic */
    Type **tptypes;     /* K_TYPEPARAM types, one per type parameter */
    int ntparams;
    Instance *instances;
    bool is_instance;
    Type **targs;       /* an instance's type arguments */
    struct Object *generic; /* an instance's generic object */
    int ntargs;
    /* compiler data */
    int reg;            /* local: register */
    void *cell;         /* global variable: its Cell */
    Proto *proto;       /* function: its compiled proto */
    FuncInfo *func;     /* function: its body info */
    struct Object **deps; /* package-level object: objects its init refers to */
    int ndeps, capdeps;
    int order;          /* declaration order within the package */
    bool cycle_reported; /* an initialization or type cycle through it was reported */
    const char *qualname; /* functions: name for traces ("main.f", "main.(*T).M") */
} Object;

struct Scope {
    Scope *parent;
    Object **slots;     /* open addressing on interned name pointers */
    int cap, count;
    bool is_func;       /* the outermost scope of a function body */
    bool is_pkg;
    FuncInfo *func;     /* function the scope belongs to */
};

/* Per-function state during checking (and read by the compiler). */
struct FuncInfo {
    FuncInfo *outer;    /* enclosing function for literals */
    Node *node;         /* N_FUNC_DECL or N_FUNC_LIT */
    Type *sig;
    Object *recv;       /* receiver object for methods */
    Object **params;    /* parameter objects, receiver excluded */
    int nparams;
    Object **results;   /* named or synthesised result objects */
    int nresults;
    bool named_results;
    bool dyn_results;   /* results were not declared: dynamic */
    bool has_defer;
    bool has_recover;
    Object **captures;  /* free variables of a literal, in first-use order */
    int ncaptures, capcaptures;
    Object *decl_obj;   /* the function's own object (top-level funcs) */
    int nlits;          /* function literals so far (for main.f.func1 names) */
    const char *qualname;
    Package *pkg;
    Scope *outer_scope; /* scope the body's scope nests in */
    Object *obj;        /* the function's object (decls, methods, instances) */
    bool is_method;
    bool body_checked;
    Node **labels;      /* N_LABELED statements of the body (check_labels) */
    int nlabels;
};

/* Deeper nesting than this while checking is an error (the parser caps
 * syntactic nesting lower; this guards type and constant recursion). */
#define CHECK_MAX_NESTING 3000

/* The spellings a package uses, counted to name uint8, int32 and the empty
 * interface in its messages as it does (see type_string_go). */
enum { SPELL_BYTE, SPELL_UINT8, SPELL_RUNE, SPELL_INT32, SPELL_ANY, SPELL_EMPTY, SPELL_N };

struct Package {
    const char *path;   /* "main", "fmt", "sync/atomic" */
    const char *name;   /* "main", "fmt", "atomic" */
    Scope *scope;
    Node *file;         /* the checked file (one file per package) */
    const char *filename;
    Object **objs;      /* package-level objects in declaration order */
    int nobjs, capobjs;
    Object **init_order;/* package vars in Go's initialisation order */
    int ninit;
    Object **init_funcs;/* init() functions in order */
    int ninit_funcs;
    Object *main_func;  /* func main, if any */
    bool is_script;     /* has top-level statements */
    bool is_std;        /* a standard module (natives allowed) */
    FuncInfo *script;   /* the top-level statements as a function */
    Node **methods;     /* method declarations, attached after types */
    int nmethods, capmethods;
    FuncInfo **funcs;   /* every function body checked, for the compiler */
    int spell_uses[SPELL_N]; /* byte, uint8, rune, ... as the source names them */
    int nfuncs, capfuncs;
};

/* Loads (compiles on first use) a standard or script module by import path;
 * NULL if there is none (the checker reports it). */
/* Whether an import path names a script module (a file) rather than a
 * standard one: "./x.csp", "../lib/x.csp", "/abs/x.csp", "x.csp". */
bool check_is_script_path(const char *path);

typedef Package *(*ModuleLoader)(void *ctx, const char *path, Pos pos, Diag *diag);

typedef struct Checker {
    Interner *in;
    TypeTable *tt;
    Diag *diag;
    Scope *universe;
    Scope *outer;       /* parent of the package scope (earlier units), or NULL */
    Package *pkg;       /* package being checked */
    Scope *scope;       /* current scope */
    FuncInfo *fn;       /* current function (NULL at package level) */
    Object *decl_obj;   /* package-level object whose init is being checked */
    ModuleLoader loader;
    void *loader_ctx;
    int iota;           /* current iota, -1 outside const declarations */
    int nesting;
    Type *tp_bound_types; /* unused placeholder */
    /* frequently used interned names */
    const char *n_underscore, *n_main, *n_init, *n_error, *n_string, *n_iota;
    void *branch;       /* innermost breakable statement (check_stmt.c) */
    /* named types used by value while still being resolved (type A struct
     * { p *B }; type B struct { a A }): checked for value cycles, and the
     * flags of types built from them refreshed, once resolution is done */
    Type **incomplete;
    int nincomplete, capincomplete;
    bool probing;       /* checking generic bodies with dynamic type arguments */
    /* package-level objects being resolved, outermost first (cycle reports) */
    struct Object **rstack;
    int nrstack, caprstack;
    /* pending bodies (generic instances, methods of instances) */
    FuncInfo **pending;
    int npending, cappending;
} Checker;

/* ---- scope.c ---- */
Scope *scope_new(Scope *parent, FuncInfo *fn);
Object *scope_lookup_local(Scope *s, const char *name);
Object *scope_lookup(Scope *s, const char *name, Scope **found_in);
/* Inserts obj; returns the existing object of that name in s, if any (and
 * then does not insert). */
Object *scope_insert(Scope *s, Object *obj);
Object *object_new(int kind, const char *name, Pos pos, Type *type);
Scope *universe_new(Interner *in);

/* ---- check_decl.c ---- */
void checker_init(Checker *c, Interner *in, TypeTable *tt, Diag *d, Scope *universe,
                  ModuleLoader loader, void *loader_ctx);
/* Checks one file as package `path`. Returns the package (even on errors;
 * diag_failed tells). */
Package *check_package(Checker *c, Node *file, const char *path, const char *filename,
                       bool is_std);
void check_resolve(Checker *c, Object *obj);
Object *check_instantiate_func(Checker *c, Object *generic, Type **targs, int n, Pos pos);
Type *check_instantiate_type(Checker *c, Object *generic, Type **targs, int n, Pos pos);
void check_func_body(Checker *c, FuncInfo *fi, Node *body);
void check_add_dep(Checker *c, Object *obj);
/* Reports the declaration cycle that reaches o, which is being resolved:
 * "invalid recursive type T" or "initialization cycle for x", with Go's
 * "a refers to b" lines. */
void check_cycle_error(Checker *c, Object *o);
/* Records t, a named type not yet complete, used by value (check_type.c). */
void check_note_incomplete(Checker *c, Type *t);
/* Reports value cycles among the recorded types and completes what was
 * built from them; runs when no declaration is being resolved. */
void check_incomplete_types(Checker *c);
/* Recomputes the comparable/hashable flags of every type built from types
 * that were incomplete (types.c); named are the package's defined types. */
void type_refresh_flags(TypeTable *tt, Type **named, int nnamed);

/* ---- check_type.c ---- */
Type *check_typexpr(Checker *c, Node *n);
/* A signature from a N_FUNC_TYPE; params/results objects are made when fi
 * is not NULL (function declarations and literals). */
Type *check_signature(Checker *c, Node *ftype, Node *recv, FuncInfo *fi);
void check_complete_methods(Checker *c, Type *named);

/* ---- check_expr.c ---- */
/* Checks expression n; on return n->mode, n->type (and n->cval) are set.
 * hint: the type the context wants (for untyped constants and elided
 * composite literal types), or NULL. */
void check_expr(Checker *c, Node *n, Type *hint);
/* Like check_expr but allows a type, builtin or package result. */
void check_expr_or_type(Checker *c, Node *n, Type *hint);
/* Checks n and requires a single value. */
void check_value(Checker *c, Node *n, Type *hint);
/* Converts an untyped (or assignable) operand n to type t as Go's
 * assignment does; reports `cannot use ... as T value in <context>`.
 * Returns false on error. */
bool check_assignable(Checker *c, Node *n, Type *t, const char *context);
/* The default type of an untyped operand (int, rune, float64, string, bool). */
Type *default_type(Type *t);
/* Finalises an untyped operand to its default type (e.g. x := 1). */
void check_default(Checker *c, Node *n);
/* Changes the type of an untyped expression (and its untyped operands). */
void check_update_untyped(Checker *c, Node *n, Type *t);
bool check_representable(Checker *c, Node *n, Type *t, bool report);
/* Go's convertUntyped: gives untyped operand u the type t, or reports
 * "cannot convert x to type T", "x overflows T" or "x truncated to T". */
bool convert_untyped(Checker *c, Node *u, Type *t);
const char *expr_string(Node *n);
/* Go's description of an operand: "x (variable of type int)". */
const char *operand_desc(Node *n);
/* "struct " for a defined struct type T, as Go 1.24+ says "of struct type T";
 * "" for other types. */
const char *type_desc(Type *t);
/* Why v does not implement interface t, in Go's words: "(missing method M)",
 * "(method M has pointer receiver)", "(wrong type for method M)\n\t\thave ...". */
const char *missing_cause(Checker *c, Type *v, Type *t, const char *missing, bool ptr_only);
/* Field/method selection through embedded fields. */
typedef struct Selection {
    int kind;            /* 0 none, 1 field, 2 method, 3 ambiguous */
    int path[16];        /* embedded field indices to walk first */
    int npath;
    int index;           /* field index in the final struct */
    Method *method;      /* for methods on defined types */
    IMethod *imethod;    /* for interface methods */
    Type *recv_type;     /* the type holding the method/field */
    bool indirect;       /* a pointer was followed */
    Type *type;          /* field type or method signature */
} Selection;
Selection lookup_selector(Checker *c, Type *t, const char *name);
bool is_addressable(Node *n);

/* ---- check_call.c ---- */
void check_call(Checker *c, Node *n, Type *hint);
/* Generic bodies checked with dynamic type arguments: inference binds
 * dynamic arguments as such, and such instances are not compiled. */
void check_set_probing(Checker *c, bool on);
bool check_conversion_ok(Checker *c, Node *x, Type *t);

/* ---- check_stmt.c ---- */
void check_stmt(Checker *c, Node *n);
void check_block(Checker *c, Node *n);
void check_stmts(Checker *c, NodeList *l);
/* Go's label rules for one function body (labels have function scope):
 * duplicates, labels never used; records them in c->fn for break/continue. */
void check_labels(Checker *c, NodeList *body);

/* ---- helpers shared by the check files ---- */
void check_error(Checker *c, Pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *tstr(Type *t);  /* type string for messages (no main. prefix) */
/* A constraint as Go prints it after "constrained by": "any", "~int | string". */
const char *constraint_string(Type *ct);
const char *int_const_desc(Node *x, Const *iv);
/* t with generic g's type parameters replaced by targs (check_decl.c). */
Type *check_subst(Checker *c, Type *t, Object *g, Type **targs);

/* ---- check_tparam.c: type parameters' stand-ins in generic bodies ---- */
bool tparam_allows_op(int op, Type *s);
bool tparam_allows_unary(int op, Type *s);
bool tparam_comparable(Type *s);
bool tparam_has_nil(Type *s);
bool tparam_all_bool(Type *s);
bool tparam_all_string(Type *s);
bool tparam_accepts_untyped(Type *s, Node *x);
bool tparam_has_method(Type *s, const char *name);
bool tparam_assignable_to(Type *s, Type *t);
bool tparam_assignable_from(Type *v, Type *s, Node *x);
/* The type as go/types writes it in compile errors: "struct{a int}", "fmt.Stringer" (types.c).
 * uint8, int32 and the empty interface are written as the markers below:
 * Go names them as the source spelled them (byte or uint8, rune or int32,
 * any or interface{}), but here byte IS uint8 (types are canonical
 * pointers), so the checker replaces the markers once the package is
 * checked, by the spelling the package uses (check_spell_messages). */
const char *type_string_go(Type *t);
#define SPELL_MARK_UINT8 '\x01'
#define SPELL_MARK_INT32 '\x02'
#define SPELL_MARK_EMPTY '\x03'
/* Counts a use of a type name: byte, uint8, rune, int32 or any. */
void check_note_spelling(Checker *c, Object *o);
/* "(int, number)" as Go's have/want lines list types (check_call.c). */
const char *types_summary(Type **ts, int n, bool variadic);
Object *check_declare_var(Checker *c, Node *ident, Type *t);
/* "x redeclared in this block" (suffix "" for struct fields), with Go's
 * "other declaration of x" line when old's position is known. */
void check_redeclared(Checker *c, Pos pos, const char *name, Object *old, const char *suffix);
void push_scope(Checker *c);
void pop_scope(Checker *c);
bool identical_ignore_tags(Type *a, Type *b);
bool assignable_to(Checker *c, Type *v, Type *t, Node *x);
void record_capture(Checker *c, Object *o);

/* Node flags set by the checker for the compiler (Node.flags). */
enum {
    NF_IMPLICIT_DEREF = 1 << 4, /* selector/index through a pointer */
    NF_METHOD_VALUE = 1 << 5,   /* x.M used as a value */
    NF_CONVERSION = 1 << 6,     /* N_CALL is a conversion */
    NF_COMMA_OK = 1 << 7,       /* a comma-ok form is wanted */
};

/* Node.aux meanings:
 *   N_CALL: builtin id for builtins.
 *   N_SELECTOR: field index (fields), or kind of method call. */

#endif
