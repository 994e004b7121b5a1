/* ast.h: the syntax tree the parser builds and the checker annotates.
 * One Node struct with a per-kind union; lists are NodeList. The parser fills
 * the syntax fields; the checker fills the annotation fields (type, cval, ...)
 * and the compiler reads both. Generic function bodies are cloned per
 * instantiation (ast_clone) so each copy carries its own annotations. */
#ifndef CSP_AST_H
#define CSP_AST_H

#include "common.h"

typedef struct Node Node;
typedef struct Type Type;
typedef struct Const Const;

typedef struct NodeList {
    Node **items;
    int n, cap;
} NodeList;

void nodelist_push(NodeList *l, Node *n);

typedef struct Pos {
    int32_t line, col; /* 1-based; col counts bytes */
} Pos;

typedef enum NodeKind {
    N_BAD = 0,
    /* ---- expressions ---- */
    N_IDENT,        /* ident.name */
    N_INT_LIT,      /* lit.raw: source text, e.g. "0x_1F" */
    N_FLOAT_LIT,    /* lit.raw */
    N_IMAG_LIT,     /* lit.raw (rejected by the checker: no complex numbers) */
    N_RUNE_LIT,     /* lit.rune: the decoded code point; lit.raw: source */
    N_STRING_LIT,   /* lit.str/lit.len: decoded bytes; lit.raw: source */
    N_COMPOSITE,    /* comp.type (NULL when elided inside another literal),
                       comp.elts: N_KEYVALUE or expressions */
    N_KEYVALUE,     /* kv.key, kv.value */
    N_FUNC_LIT,     /* func.type (N_FUNC_TYPE), func.body (N_BLOCK) */
    N_PAREN,        /* un.x */
    N_SELECTOR,     /* sel.x, sel.name */
    N_INDEX,        /* index.x, index.indices (1 index, or type args x[A, B]) */
    N_SLICE_EXPR,   /* slice.x, slice.lo, slice.hi, slice.max (each may be NULL),
                       slice.three */
    N_TYPE_ASSERT,  /* assert.x, assert.type (NULL for x.(type)) */
    N_CALL,         /* call.fn, call.args, call.ellipsis (f(xs...)) */
    N_STAR,         /* un.x: *x, a dereference or a pointer type */
    N_UNARY,        /* un.op, un.x: + - ! ^ & <- */
    N_BINARY,       /* bin.op, bin.x, bin.y */
    /* ---- types ---- */
    N_ARRAY_TYPE,   /* arr.len (NULL: slice type; N_ELLIPSIS: [...]T), arr.elem */
    N_STRUCT_TYPE,  /* fields: N_FIELD list */
    N_FUNC_TYPE,    /* ftype.tparams, ftype.params, ftype.results (N_FIELD lists) */
    N_INTERFACE_TYPE, /* iface.elems: N_FIELD (method: field.names has 1 name,
                       field.type is N_FUNC_TYPE) or an embedded type or type
                       set term (field.names empty, field.type is the type
                       expression, a N_UNARY '~' or a N_BINARY '|' of them) */
    N_MAP_TYPE,     /* map.key, map.value */
    N_CHAN_TYPE,    /* chan.dir (CHAN_BOTH/CHAN_SEND/CHAN_RECV), chan.elem (NULL
                       when a script leaves it out: make(chan), a dynamic type) */
    N_ELLIPSIS,     /* un.x: ...T in a parameter list; un.x NULL in [...]T */
    N_FIELD,        /* field.names (N_IDENT list, may be empty), field.type,
                       field.tag (string literal or NULL), field.embedded */
    /* ---- statements ---- */
    N_EMPTY,
    N_DECL_STMT,    /* decl.d: a N_GEN_DECL */
    N_LABELED,      /* labeled.label (N_IDENT), labeled.stmt */
    N_EXPR_STMT,    /* un.x */
    N_SEND,         /* send.ch, send.value */
    N_INCDEC,       /* incdec.x, incdec.op (T_INC or T_DEC) */
    N_ASSIGN,       /* assign.lhs, assign.rhs, assign.op: T_ASSIGN, T_DEFINE or
                       an op-assign token (T_ADD_ASSIGN ...) */
    N_GO,           /* un.x: the call */
    N_DEFER,        /* un.x: the call */
    N_RETURN,       /* ret.results */
    N_BRANCH,       /* branch.tok (T_BREAK T_CONTINUE T_GOTO T_FALLTHROUGH),
                       branch.label (N_IDENT or NULL) */
    N_BLOCK,        /* block.stmts, block.rbrace: position of the closing } */
    N_IF,           /* ifs.init, ifs.cond, ifs.then (N_BLOCK), ifs.els (N_IF,
                       N_BLOCK or NULL) */
    N_CASE,         /* cas.list (empty for default), cas.is_default, cas.body */
    N_SWITCH,       /* sw.init, sw.tag (NULL: tagless), sw.body: N_CASE list */
    N_TYPE_SWITCH,  /* sw.init, sw.assign: N_ASSIGN `v := x.(type)` or
                       N_EXPR_STMT `x.(type)`, sw.body: N_CASE list (types) */
    N_COMM,         /* comm.stmt (N_SEND, N_EXPR_STMT <-ch, N_ASSIGN v[,ok] =/:= <-ch;
                       NULL for default), comm.body */
    N_SELECT,       /* sel_stmt.body: N_COMM list */
    N_FOR,          /* fors.init, fors.cond, fors.post, fors.body */
    N_RANGE,        /* range.key, range.value (either may be NULL),
                       range.define (:=), range.x, range.body */
    /* ---- declarations ---- */
    N_GEN_DECL,     /* gen.tok (T_IMPORT T_CONST T_TYPE T_VAR), gen.specs */
    N_IMPORT_SPEC,  /* import.name (N_IDENT or NULL), import.path (string) */
    N_VALUE_SPEC,   /* vspec.names, vspec.type, vspec.values, vspec.iota
                       (index within a const group) */
    N_TYPE_SPEC,    /* tspec.name, tspec.tparams (N_FIELD list), tspec.alias,
                       tspec.type */
    N_FUNC_DECL,    /* fdecl.recv (N_FIELD or NULL), fdecl.name, fdecl.type
                       (N_FUNC_TYPE, tparams included), fdecl.body (NULL:
                       implemented natively) */
    N_FILE,         /* file.pkg (N_IDENT or NULL), file.items: declarations
                       and top-level statements in source order */
    N_NKINDS
} NodeKind;

/* Checker annotations: what an expression denotes. */
typedef enum ExprMode {
    M_NONE = 0,  /* not yet checked / statement */
    M_NOVALUE,   /* call of a function without results */
    M_VALUE,     /* a value (not addressable) */
    M_VAR,       /* an addressable variable / field / element */
    M_MAPINDEX,  /* m[k]: assignable, not addressable, comma-ok able */
    M_CONST,     /* constant: cval set */
    M_TYPE,      /* a type expression */
    M_BUILTIN,   /* a builtin function name */
    M_PACKAGE,   /* an imported package name */
    M_COMMAOK,   /* value that may produce a second bool (assert, recv, map) */
} ExprMode;

struct Node {
    uint16_t kind;    /* NodeKind */
    uint8_t mode;     /* ExprMode (checker) */
    uint8_t flags;    /* checker/compiler flags, NF_* */
    Pos pos;
    /* ---- annotations (checker) ---- */
    Type *type;       /* static type of an expression */
    Const *cval;      /* constant value when mode == M_CONST */
    void *ref;        /* resolved object (identifiers, selectors, calls) */
    int32_t aux;      /* checker/compiler scratch (field index, method index) */
    int32_t elem_index; /* checker: an array/slice literal element's index */
    /* ---- syntax ---- */
    union {
        struct { const char *name; } ident; /* interned by the parser */
        struct {
            const char *raw; /* source text of the literal, NUL-terminated */
            const char *str; /* N_STRING_LIT: decoded bytes (may hold NULs) */
            int64_t len;     /* N_STRING_LIT: length of str */
            int32_t rune;    /* N_RUNE_LIT */
        } lit;
        struct { Node *type; NodeList elts; Pos rbrace; } comp;
        struct { Node *key, *value; } kv;
        struct { Node *type, *body; } func;
        struct { int op; Node *x; } un;
        struct { int op; Node *x, *y; } bin;
        struct { Node *x; const char *name; Pos name_pos; } sel;
        struct { Node *x; NodeList indices; } index;
        struct { Node *x, *lo, *hi, *max; bool three; } slice;
        struct { Node *x, *type; } assert;
        struct { Node *fn; NodeList args; bool ellipsis; Pos rparen; } call;
        struct { Node *len, *elem; } arr;
        struct { NodeList fields; } strct;
        struct { NodeList tparams, params, results; } ftype;
        struct { NodeList elems; } iface;
        struct { Node *key, *value; } map;
        struct { int dir; Node *elem; } chan;
        struct { NodeList names; Node *type, *tag; bool embedded; } field;
        struct { Node *d; } decl;
        struct { Node *label, *stmt; } labeled;
        struct { Node *ch, *value; } send;
        struct { Node *x; int op; } incdec;
        struct { NodeList lhs, rhs; int op; } assign;
        struct { NodeList results; } ret;
        struct { int tok; Node *label; } branch;
        struct { NodeList stmts; Pos rbrace; } block;
        struct { Node *init, *cond, *then, *els; } ifs;
        struct { NodeList list; bool is_default; NodeList body; } cas;
        struct { Node *init, *tag, *assign; NodeList body; Pos rbrace; } sw;
        struct { Node *stmt; NodeList body; bool is_default; } comm;
        struct { NodeList body; } sel_stmt;
        struct { Node *init, *cond, *post, *body; } fors;
        struct { Node *key, *value, *x, *body; bool define; } range;
        struct { int tok; NodeList specs; } gen;
        struct { Node *name; Node *path; } import;
        struct { NodeList names; Node *type; NodeList values; int iota; } vspec;
        struct { Node *name; NodeList tparams; bool alias; Node *type; } tspec;
        struct { Node *recv, *name, *type, *body; } fdecl;
        struct { Node *pkg; NodeList items; const char *path; } file;
    };
};

/* Node flags. */
enum {
    NF_PAREN_TYPE = 1 << 0, /* parser: expression was parenthesised */
    NF_FRESH = 1 << 1,      /* checker: a REP_VAL result not aliased elsewhere */
    NF_ESCAPES = 1 << 2,    /* checker: variable lives in a cell */
    NF_USED = 1 << 3,
};

Node *ast_new(int kind, Pos pos);
/* A deep copy of a subtree, annotations cleared (for generic instantiation). */
Node *ast_clone(const Node *n);
/* Human-readable kind name, for debugging and --dump-ast. */
const char *ast_kind_name(int kind);
/* Writes an S-expression rendering of the tree (tests/parse use it). */
void ast_dump(Buf *out, const Node *n);

#endif
