/* compile.h: the code generator: a checked AST (check.h) -> Protos of
 * register bytecode (opcodes.h). Split: compile.c (function state,
 * registers, constants, emission, packages), compile_expr.c (expressions,
 * conversions between static and dynamic words), compile_call.c (calls,
 * builtins, methods), compile_stmt.c (statements, loops, switches). */
#ifndef CSP_COMPILE_H
#define CSP_COMPILE_H

#include "check.h"
#include "object.h"
#include "opcodes.h"

typedef struct CompilerCtx CompilerCtx;

/* A jump waiting for its target: indexes of JMP instructions. */
typedef struct JumpList {
    int *pcs;
    int n, cap;
} JumpList;

typedef struct LoopCtx {
    struct LoopCtx *outer;
    Node *stmt;          /* the loop/switch/select/labeled statement */
    JumpList breaks;
    JumpList continues;
    int continue_target; /* -1 until known */
    bool is_loop;
} LoopCtx;

typedef struct FuncState {
    struct FuncState *outer;
    CompilerCtx *cc;
    FuncInfo *fi;
    Proto *proto;
    Instr *code;
    uint32_t *lines;
    int ncode, capcode;
    Value *k;
    int nk, capk;
    int *khash;          /* constant dedupe: open addressing of k indexes + 1 */
    int khcap;
    int freereg;         /* first free register */
    int maxreg;
    Object **upobjs;     /* captured variables, by upvalue index */
    UpvalDesc *updesc;
    int nup, capup;
    Proto **protos;
    int nprotos, capprotos;
    LoopCtx *loop;
    int line;
    int result_reg;      /* first register of the result variables (functions
                            with defers or named results), else -1 */
    DbgExpr *dbg;
    int ndbg, capdbg;
    /* goto: the labels compiled so far (their code starts at pc) and the
     * forward gotos waiting for theirs */
    struct GotoMark { Node *label; int pc; } *marks, *pending;
    int nmarks, capmarks, npending, cappending;
} FuncState;

struct CompilerCtx {
    Checker *ck;
    TypeTable *tt;
    Interner *in;
    Diag *diag;
    Package *pkg;
    const char *file;
    /* the VM hooks a compiler needs: natives by qualified name */
    NativeFn (*find_native)(void *vm, const char *qualname);
    void *vm;
};

/* ---- compile.c ---- */
/* Compiles a checked package: every function, then the package's init
 * function (variable initialisers in Go's order, init() calls, or the script
 * body). Returns the init proto (never NULL; diag reports problems). */
Proto *compile_package(CompilerCtx *cc, Package *p);
/* Compiles a function literal nested in fs; returns its index in
 * fs->protos. */
int compile_literal(FuncState *fs, FuncInfo *fi);
/* Fills the protos of a defined type's methods (making wrappers for
 * promoted ones), so that dynamic dispatch finds them. */
void compile_link_methods(CompilerCtx *cc, Type *named);
/* The closure constant of a top-level function or method object. */
Closure *func_closure(CompilerCtx *cc, Object *fn);

int emit(FuncState *fs, Instr i);
int emit_abc(FuncState *fs, int op, int a, int b, int c);
int emit_abx(FuncState *fs, int op, int a, int64_t bx);
int emit_jump(FuncState *fs);
void patch_jump(FuncState *fs, int pc, int target);
void patch_here(FuncState *fs, int pc);
void jl_add(JumpList *jl, int pc);
void jl_patch(FuncState *fs, JumpList *jl, int target);
int here(FuncState *fs);
int alloc_reg(FuncState *fs);
int alloc_regs(FuncState *fs, int n);
void free_to(FuncState *fs, int reg);
int k_value(FuncState *fs, Value v);
int k_type(FuncState *fs, Type *t);
int k_string(FuncState *fs, const char *s, int64_t len);
void emit_type_word(FuncState *fs, Type *t);
void emit_assert_word(FuncState *fs, Type *t, Type *src);
void emit_extra(FuncState *fs, int64_t x);
void set_line(FuncState *fs, Pos pos);
void add_dbg(FuncState *fs, const char *text);
void cg_error(FuncState *fs, Pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The upvalue index for captured object o in fs (adding it, and in every
 * enclosing function up to the owner). */
int upvalue_index(FuncState *fs, Object *o);

/* ---- compile_expr.c ---- */
/* Compiles n; the result (a static word of n->type) is in the returned
 * register, which is `dst` when dst >= 0. With dst < 0 the result may be a
 * local variable's own register: do not write to it. */
int cg_expr(FuncState *fs, Node *n, int dst);
/* Compiles n converted to type t (interface boxing, implicit assertions,
 * struct copies from lvalues). */
int cg_expr_to(FuncState *fs, Node *n, Type *t, int dst);
/* Converts the word in reg from type `from` to type `to` in place. fresh:
 * a struct/array value in reg is not aliased. */
void cg_convert(FuncState *fs, int reg, Type *from, Type *to, bool fresh);
/* Emits a conditional jump: jumps when the condition is `when`; returns the
 * JMP's pc for patching. */
int cg_cond_jump(FuncState *fs, Node *cond, bool when);
bool cg_is_fresh(Node *n);
void cg_load_const(FuncState *fs, Node *n, Type *t, int dst);
/* An assignment target whose operands are already evaluated. */
typedef enum { LV_BLANK, LV_VAR, LV_FIELD, LV_SLICE, LV_ARRAY, LV_MAP, LV_DEREF, LV_DYNFIELD, LV_DYNINDEX,
               LV_DYNDEREF } LValueKind;
typedef struct LValue {
    int kind;
    Node *node;
    Type *type;
    Object *obj;
    int base, idx, index, name_k;
    bool ptr;
    const char *text;  /* LV_DYNFIELD: the operand's source, for run-time messages */
} LValue;
void cg_lvalue_prepare(FuncState *fs, Node *lhs, LValue *lv);
void cg_lvalue_store(FuncState *fs, LValue *lv, int reg);
void cg_lvalue_load(FuncState *fs, LValue *lv, int dst);
/* Stores the value in reg (of type vt) into the assignable expression lhs. */
void cg_store(FuncState *fs, Node *lhs, int reg, Type *vt, bool fresh);
/* The register of a local variable object (reading through its cell is the
 * caller's business); -1 if o is not a plain local of fs. */
bool var_in_cell(Object *o);
int cg_var_read(FuncState *fs, Object *o, int dst, Pos pos);
void cg_var_write(FuncState *fs, Object *o, int reg);
/* Declares a local variable in a fresh register and initialises it from
 * reg (or its zero value when reg < 0). */
void cg_declare_local(FuncState *fs, Object *o, int reg, bool fresh);
/* The address (a Value* or object pointer) of an addressable expression. */
int cg_address(FuncState *fs, Node *n, int dst);
int rep_class(Type *t);
int cg_chan_operand(FuncState *fs, Node *x, int op, int valreg);

/* ---- compile_call.c ---- */
/* Compiles a call; results land in consecutive registers from the returned
 * one. nres: how many results the context wants. */
int cg_call(FuncState *fs, Node *n, int nres, int dst);
int cg_builtin(FuncState *fs, Node *n, int dst);
int cg_method_value(FuncState *fs, Node *sel, int dst);
/* go/defer: evaluate the callee and arguments now. */
void cg_go_defer(FuncState *fs, Node *call, int op);

/* ---- compile_stmt.c ---- */
void cg_stmt(FuncState *fs, Node *n);
void cg_block(FuncState *fs, NodeList *stmts);
void cg_return_values(FuncState *fs, int first, int n);
void cg_func_body(FuncState *fs, Node *body);

#endif
