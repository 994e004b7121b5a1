/* compile.c: function state, register allocation, the constant table,
 * instruction emission, closures and upvalues, and the package driver that
 * turns a checked package into protos and its init function. */
#include "compile.h"
#include "lexer.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void cg_error(FuncState *fs, Pos pos, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(fs->cc->diag, pos, "%s", msg);
}

/* ---- emission ---- */

int emit(FuncState *fs, Instr i) {
    if (fs->ncode == fs->capcode) {
        fs->capcode = fs->capcode ? fs->capcode * 2 : 64;
        fs->code = GROW_ARRAY(Instr, fs->code, fs->capcode);
        Instr *old = fs->code;
        (void)old;
        uint32_t *nl = ALLOC_ATOMIC(sizeof(uint32_t) * (size_t)fs->capcode);
        if (fs->ncode) memcpy(nl, fs->lines, sizeof(uint32_t) * (size_t)fs->ncode);
        fs->lines = nl;
    }
    fs->lines[fs->ncode] = (uint32_t)fs->line;
    fs->code[fs->ncode] = i;
    return fs->ncode++;
}

int emit_abc(FuncState *fs, int op, int a, int b, int c) { return emit(fs, INS(op, a, b, c)); }
int emit_abx(FuncState *fs, int op, int a, int64_t bx) { return emit(fs, INS_ABx(op, a, (uint64_t)bx)); }
int here(FuncState *fs) { return fs->ncode; }

int emit_jump(FuncState *fs) { return emit(fs, INS_ABx(OP_JMP, 0, 0)); }

void patch_jump(FuncState *fs, int pc, int target) {
    int64_t off = (int64_t)target - (pc + 1);
    fs->code[pc] = INS_ABx(GET_OP(fs->code[pc]), GET_A(fs->code[pc]), (uint64_t)off & ((UINT64_C(1) << 36) - 1));
}

void patch_here(FuncState *fs, int pc) { patch_jump(fs, pc, fs->ncode); }

void jl_add(JumpList *jl, int pc) {
    if (jl->n == jl->cap) {
        jl->cap = jl->cap ? jl->cap * 2 : 4;
        jl->pcs = GROW_ARRAY(int, jl->pcs, jl->cap);
    }
    jl->pcs[jl->n++] = pc;
}

void jl_patch(FuncState *fs, JumpList *jl, int target) {
    for (int i = 0; i < jl->n; i++) patch_jump(fs, jl->pcs[i], target);
    jl->n = 0;
}

void set_line(FuncState *fs, Pos pos) {
    if (pos.line > 0) fs->line = pos.line;
}

void add_dbg(FuncState *fs, const char *text) {
    if (fs->ndbg == fs->capdbg) {
        fs->capdbg = fs->capdbg ? fs->capdbg * 2 : 8;
        fs->dbg = GROW_ARRAY(DbgExpr, fs->dbg, fs->capdbg);
    }
    fs->dbg[fs->ndbg++] = (DbgExpr){(uint32_t)fs->ncode, text};
}

void emit_extra(FuncState *fs, int64_t x) { emit(fs, INS_ABx(OP_EXTRA, 0, (uint64_t)x)); }
void emit_type_word(FuncState *fs, Type *t) { emit_extra(fs, k_type(fs, t)); }

/* ---- registers ---- */

int alloc_reg(FuncState *fs) { return alloc_regs(fs, 1); }

int alloc_regs(FuncState *fs, int n) {
    int r = fs->freereg;
    fs->freereg += n;
    if (fs->freereg > fs->maxreg) fs->maxreg = fs->freereg;
    if (fs->freereg > MAXARG) {
        cg_error(fs, (Pos){fs->line, 1}, "function too large (more than %d registers)", MAXARG);
        fs->freereg = 0;
    }
    return r;
}

void free_to(FuncState *fs, int reg) {
    if (reg < fs->freereg) fs->freereg = reg;
}

/* ---- constants ---- */

static uint64_t khash_of(Value v) {
    uint64_t h = v.u * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

static void k_rehash(FuncState *fs) {
    int ncap = fs->khcap ? fs->khcap * 2 : 64;
    int *nh = ALLOC_ATOMIC(sizeof(int) * (size_t)ncap);
    memset(nh, 0, sizeof(int) * (size_t)ncap);
    for (int i = 0; i < fs->nk; i++) {
        unsigned j = (unsigned)khash_of(fs->k[i]) & (unsigned)(ncap - 1);
        while (nh[j]) j = (j + 1) & (unsigned)(ncap - 1);
        nh[j] = i + 1;
    }
    fs->khash = nh;
    fs->khcap = ncap;
}

/* Constants are deduplicated by their word (strings by object, so equal
 * literals share only when k_string finds them). */
int k_value(FuncState *fs, Value v) {
    if ((fs->nk + 1) * 2 > fs->khcap) k_rehash(fs);
    unsigned j = (unsigned)khash_of(v) & (unsigned)(fs->khcap - 1);
    for (; fs->khash[j]; j = (j + 1) & (unsigned)(fs->khcap - 1))
        if (fs->k[fs->khash[j] - 1].u == v.u) return fs->khash[j] - 1;
    if (fs->nk == fs->capk) {
        fs->capk = fs->capk ? fs->capk * 2 : 16;
        fs->k = GROW_ARRAY(Value, fs->k, fs->capk);
    }
    fs->k[fs->nk] = v;
    fs->khash[j] = fs->nk + 1;
    return fs->nk++;
}

int k_type(FuncState *fs, Type *t) { return k_value(fs, VAL_PTR(t)); }

int k_string(FuncState *fs, const char *s, int64_t len) {
    for (int i = fs->nk - 1; i >= 0 && i >= fs->nk - 64; i--) {
        String *o = fs->k[i].p;
        (void)o;
    }
    return k_value(fs, VAL_PTR(str_new(s, len)));
}

/* ---- upvalues ---- */

int upvalue_index(FuncState *fs, Object *o) {
    for (int i = 0; i < fs->nup; i++)
        if (fs->upobjs[i] == o) return i;
    UpvalDesc d;
    if (fs->outer && fs->outer->fi == o->owner) {
        d.from_parent_reg = true;
        d.idx = (uint32_t)o->reg;
    } else if (fs->outer) {
        d.from_parent_reg = false;
        d.idx = (uint32_t)upvalue_index(fs->outer, o);
    } else {
        d.from_parent_reg = true;
        d.idx = 0;
    }
    if (fs->nup == fs->capup) {
        fs->capup = fs->capup ? fs->capup * 2 : 4;
        fs->upobjs = GROW_ARRAY(Object *, fs->upobjs, fs->capup);
        fs->updesc = GROW_ARRAY(UpvalDesc, fs->updesc, fs->capup);
    }
    fs->upobjs[fs->nup] = o;
    fs->updesc[fs->nup] = d;
    return fs->nup++;
}

/* ---- functions ---- */

Closure *func_closure(CompilerCtx *cc, Object *fn) {
    if (!fn->proto) {
        fn->proto = NEW(Proto);
        fn->proto->name = fn->qualname ? fn->qualname : fn->name;
    }
    if (!fn->cell) {
        Closure *cl = closure_new(fn->type ? fn->type : &t_invalid, fn->proto, 0);
        fn->cell = cl;
    }
    return fn->cell;
}

static void fs_init(FuncState *fs, CompilerCtx *cc, FuncState *outer, FuncInfo *fi, Proto *p) {
    memset(fs, 0, sizeof *fs);
    fs->cc = cc;
    fs->outer = outer;
    fs->fi = fi;
    fs->proto = p;
    fs->result_reg = -1;
    fs->line = fi && fi->node ? fi->node->pos.line : 1;
}

static void fs_finish(FuncState *fs) {
    Proto *p = fs->proto;
    if (fs->npending) cg_error(fs, fs->pending[0].label->pos, "internal error: goto target not compiled");
    emit(fs, INS(OP_RET0, 0, 0, 0));
    p->code = fs->code;
    p->lines = fs->lines;
    p->ncode = (uint32_t)fs->ncode;
    p->k = fs->k;
    p->nk = (uint32_t)fs->nk;
    p->nregs = (uint32_t)(fs->maxreg + 1);
    p->nup = (uint32_t)fs->nup;
    p->upvals = fs->updesc;
    p->protos = fs->protos;
    p->nprotos = (uint32_t)fs->nprotos;
    p->file = fs->cc->file;
    p->dbg = fs->dbg;
    p->ndbg = (uint32_t)fs->ndbg;
    p->result_reg = fs->result_reg;
    if (fs->result_reg >= 0 && fs->fi && fs->fi->nresults) {
        p->rescell = ALLOC_ATOMIC((size_t)fs->fi->nresults);
        for (int i = 0; i < fs->fi->nresults; i++) p->rescell[i] = var_in_cell(fs->fi->results[i]);
    }
}

/* Declares parameters in registers 0..n-1 (receiver first); parameters that
 * escape move into cells. */
static void setup_params(FuncState *fs, FuncInfo *fi) {
    Object **ps = NEW_ARRAY(Object *, fi->nparams + 1);
    int n = 0;
    if (fi->recv) ps[n++] = fi->recv;
    for (int i = 0; i < fi->nparams; i++) ps[n++] = fi->params[i];
    for (int i = 0; i < n; i++) ps[i]->reg = alloc_reg(fs);
    for (int i = 0; i < n; i++)
        if (var_in_cell(ps[i])) emit_abc(fs, OP_NEWCELL, ps[i]->reg, ps[i]->reg, 0);
    fs->proto->nparams = (uint32_t)n;
}

/* Results live in registers when they are named or when deferred calls may
 * read or set them; `return x` then stores there before RET. */
static void setup_results(FuncState *fs, FuncInfo *fi) {
    if (!fi->named_results && !fi->has_defer) return;
    fs->result_reg = fs->freereg;
    for (int i = 0; i < fi->nresults; i++) {
        Object *r = fi->results[i];
        cg_declare_local(fs, r, -1, true);
    }
}

static Proto *compile_func(CompilerCtx *cc, FuncState *outer, FuncInfo *fi, Proto *p) {
    FuncState fs;
    fs_init(&fs, cc, outer, fi, p);
    p->name = fi->qualname ? fi->qualname : "func";
    p->sig = fi->sig;
    p->line = fi->node ? fi->node->pos.line : 0;
    p->nresults = (uint32_t)fi->nresults;
    p->variadic = fi->sig && fi->sig->variadic;
    p->has_defer = fi->has_defer;
    p->dyn_results = fi->dyn_results;
    p->recv = fi->recv ? fi->recv->type : NULL;
    setup_params(&fs, fi);
    setup_results(&fs, fi);
    Node *body = fi->node->kind == N_FUNC_LIT ? fi->node->func.body : fi->node->fdecl.body;
    cg_func_body(&fs, body);
    fs_finish(&fs);
    return p;
}

/* A function literal nested in fs: compiled now, referenced by index. */
int compile_literal(FuncState *fs, FuncInfo *fi) {
    Proto *p = NEW(Proto);
    FuncState inner;
    fs_init(&inner, fs->cc, fs, fi, p);
    p->name = fi->qualname;
    p->sig = fi->sig;
    p->line = fi->node->pos.line;
    p->nresults = (uint32_t)fi->nresults;
    p->variadic = fi->sig->variadic;
    p->has_defer = fi->has_defer;
    p->dyn_results = fi->dyn_results;
    setup_params(&inner, fi);
    setup_results(&inner, fi);
    cg_func_body(&inner, fi->node->func.body);
    fs_finish(&inner);
    if (fs->nprotos == fs->capprotos) {
        fs->capprotos = fs->capprotos ? fs->capprotos * 2 : 4;
        fs->protos = GROW_ARRAY(Proto *, fs->protos, fs->capprotos);
    }
    fs->protos[fs->nprotos] = p;
    /* the captures must also exist in fs (done by upvalue_index chain) */
    for (int i = 0; i < inner.nup; i++) {
        Object *o = inner.upobjs[i];
        if (!inner.updesc[i].from_parent_reg) continue;
        if (o->owner != fs->fi) {
            inner.updesc[i].from_parent_reg = false;
            inner.updesc[i].idx = (uint32_t)upvalue_index(fs, o);
        } else {
            inner.updesc[i].idx = (uint32_t)o->reg;
        }
    }
    return fs->nprotos++;
}

static void compile_native(CompilerCtx *cc, FuncInfo *fi, Proto *p) {
    p->name = fi->qualname;
    p->sig = fi->sig;
    p->nparams = (uint32_t)(fi->nparams + (fi->recv ? 1 : 0));
    p->nresults = (uint32_t)fi->nresults;
    p->variadic = fi->sig->variadic;
    p->recv = fi->recv ? fi->recv->type : NULL;
    p->file = cc->file;
    p->line = fi->node->pos.line;
    p->nregs = p->nparams + p->nresults + 1;
    p->native = cc->find_native ? cc->find_native(cc->vm, fi->qualname) : NULL;
    if (!p->native) diag_error(cc->diag, fi->node->pos, "missing native implementation of %s", fi->qualname);
}

/* Proto for a function or method object (allocated on first reference so
 * calls can be compiled before their callee). */
static Proto *proto_of(CompilerCtx *cc, Object *o) {
    func_closure(cc, o);
    return o->proto;
}

/* Compiles every top-level function, method and instance of p. */
static void compile_funcs(CompilerCtx *cc, Package *p) {
    for (int i = 0; i < p->nfuncs; i++) {
        FuncInfo *fi = p->funcs[i];
        if (!fi->obj || fi->node->kind != N_FUNC_DECL) continue; /* literals compile inline */
        Proto *pr = proto_of(cc, fi->obj);
        if (pr->code || pr->native) continue;
        /* an instance of another module's generic carries its own file */
        cc->file = fi->pkg ? fi->pkg->filename : p->filename;
        if (!fi->node->fdecl.body) compile_native(cc, fi, pr);
        else compile_func(cc, NULL, fi, pr);
        cc->file = p->filename;
        /* methods: link the proto into the type's method table */
    }
}

/* Links each method entry of the package's defined types to its proto. */
void compile_link_methods(CompilerCtx *cc, Type *named);

/* ---- package init ---- */

static void init_global_cells(CompilerCtx *cc, Package *p) {
    for (int i = 0; i < p->nobjs; i++) {
        Object *o = p->objs[i];
        if (o->kind != OBJ_VAR || !o->is_global || o->cell) continue;
        Type *t = o->type ? o->type : &t_invalid;
        o->cell = cell_new(t == &t_invalid ? VAL_NIL : zero_value(t));
    }
}

/* The init function of a Go program: package variables in Go's order, then
 * init() functions in order. */
static void compile_program_init(FuncState *fs, Package *p) {
    for (int i = 0; i < p->ninit; i++) {
        Object *o = p->init_order[i];
        if (!o->init) continue;
        Node *spec = o->decl;
        set_line(fs, o->pos);
        int mark = fs->freereg;
        bool multi = spec && spec->kind == N_VALUE_SPEC && spec->vspec.values.n == 1 && spec->vspec.names.n > 1;
        if (multi) {
            /* var a, b = f(): initialise all names once, at the first one */
            if (spec->vspec.names.items[0]->ref != o) {
                bool first_done = false;
                for (int j = 0; j < i; j++)
                    for (int k = 0; k < spec->vspec.names.n; k++)
                        if (p->init_order[j] == spec->vspec.names.items[k]->ref) first_done = true;
                if (first_done) continue;
            }
            Node *fake = ast_new(N_ASSIGN, spec->pos);
            fake->assign.op = T_ASSIGN;
            for (int k = 0; k < spec->vspec.names.n; k++) nodelist_push(&fake->assign.lhs, spec->vspec.names.items[k]);
            nodelist_push(&fake->assign.rhs, spec->vspec.values.items[0]);
            for (int k = 0; k < spec->vspec.names.n; k++) {
                Node *id = spec->vspec.names.items[k];
                id->mode = M_VAR;
                id->type = ((Object *)id->ref)->type;
            }
            cg_stmt(fs, fake);
        } else {
            int r = cg_expr_to(fs, o->init, o->type, -1);
            cg_var_write(fs, o, r);
        }
        free_to(fs, mark);
    }
    for (int i = 0; i < p->ninit_funcs; i++) {
        Object *f = p->init_funcs[i];
        int base = alloc_reg(fs);
        emit_abx(fs, OP_LOADK, base, k_value(fs, VAL_PTR(func_closure(fs->cc, f))));
        emit_abc(fs, OP_CALL, base, 0, 0);
        free_to(fs, base);
    }
}

Proto *compile_package(CompilerCtx *cc, Package *p) {
    cc->pkg = p;
    cc->file = p->filename;
    init_global_cells(cc, p);
    compile_funcs(cc, p);
    for (int i = 0; i < p->nobjs; i++) {
        Object *o = p->objs[i];
        if (o->kind == OBJ_TYPE && o->type && o->type->kind == K_NAMED) compile_link_methods(cc, o->type);
        for (Instance *in = o->instances; in; in = in->next)
            if (in->obj->kind == OBJ_TYPE) compile_link_methods(cc, in->obj->type);
    }
    compile_funcs(cc, p); /* wrappers made while linking */
    Proto *init = NEW(Proto);
    FuncInfo *fi = p->is_script ? p->script : NULL;
    FuncInfo dummy = {0};
    if (!fi) {
        dummy.qualname = gc_sprintf("%s.init", p->path);
        dummy.sig = type_func(cc->tt, NULL, 0, NULL, 0, false);
        dummy.pkg = p;
        fi = &dummy;
    }
    FuncState fs;
    fs_init(&fs, cc, NULL, fi, init);
    init->name = fi->qualname;
    init->sig = fi->sig;
    if (p->is_script) {
        Node *file = p->file;
        for (int i = 0; i < file->file.items.n; i++) {
            Node *it = file->file.items.items[i];
            if (it->kind == N_FUNC_DECL) continue;
            if (it->kind == N_GEN_DECL && it->gen.tok != T_VAR) continue;
            cg_stmt(&fs, it);
        }
    } else {
        compile_program_init(&fs, p);
    }
    fs_finish(&fs);
    return init;
}
