/* module.c: compiling units (parse, check, compile) and the module system:
 * standard modules are csp sources embedded at build time (stdlib/, see
 * scripts/embed_stdlib.py), compiled on first import; their bodiless
 * functions are natives found by qualified name in the VM's registry. */
#include "compile.h"
#include "parser.h"
#include "stdlib_embed.h"
#include "vm.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- natives ---- */

static uint64_t name_hash(const char *s) {
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void natives_put(VM *vm, const NativeReg *r) {
    int cap = vm->nnatives_cap;
    for (int j = (int)(name_hash(r->name) & (uint64_t)(cap - 1));; j = (j + 1) & (cap - 1)) {
        if (!vm->natives[j].name || strcmp(vm->natives[j].name, r->name) == 0) {
            vm->natives[j] = *r;
            return;
        }
    }
}

void vm_register_natives(VM *vm, const NativeReg *regs) {
    int n = 0;
    while (regs[n].name) n++;
    int used = 0;
    for (int i = 0; i < vm->nnatives_cap; i++) used += vm->natives[i].name != NULL;
    if ((used + n) * 2 >= vm->nnatives_cap) {
        int ncap = vm->nnatives_cap ? vm->nnatives_cap : 256;
        while ((used + n) * 2 >= ncap) ncap *= 2;
        NativeReg *old = vm->natives;
        int oldcap = vm->nnatives_cap;
        vm->natives = NEW_ARRAY(NativeReg, ncap);
        vm->nnatives_cap = ncap;
        for (int i = 0; i < oldcap; i++)
            if (old[i].name) natives_put(vm, &old[i]);
    }
    for (int i = 0; i < n; i++) natives_put(vm, &regs[i]);
}

NativeFn vm_find_native(void *vmp, const char *qualname) {
    VM *vm = vmp;
    if (!vm->nnatives_cap) return NULL;
    int cap = vm->nnatives_cap;
    for (int j = (int)(name_hash(qualname) & (uint64_t)(cap - 1));; j = (j + 1) & (cap - 1)) {
        if (!vm->natives[j].name) return NULL;
        if (strcmp(vm->natives[j].name, qualname) == 0) return vm->natives[j].fn;
    }
}

/* ---- compiling a unit ---- */

/* Parses, checks and compiles src as package `path`. On success returns the
 * module (pkg + init proto); NULL with diagnostics in d otherwise. */
Module *vm_compile_unit(VM *vm, const char *path, const char *filename, const char *src, size_t len,
                        UnitKind kind, Diag *d) {
    bool is_std = kind == UNIT_STD;
    Node *file = parse_file(src, len, d, vm->in);
    if (diag_failed(d)) return NULL;
    /* a script module is named by its package clause, if it has one */
    if (kind == UNIT_MODULE && file->file.pkg) path = file->file.pkg->ident.name;
    Checker *c = NEW(Checker);
    checker_init(c, vm->in, vm->tt, d, vm->universe, vm_load_module, vm);
    if (kind == UNIT_MAIN) c->outer = vm->session;
    Package *p = check_package(c, file, path, filename, is_std);
    if (diag_failed(d)) return NULL;
    CompilerCtx cc = {.ck = c, .tt = vm->tt, .in = vm->in, .diag = d, .find_native = vm_find_native, .vm = vm};
    Proto *init = compile_package(&cc, p);
    if (diag_failed(d)) return NULL;
    if (kind == UNIT_MAIN) vm->session = p->scope; /* only a unit that compiled binds names */
    Module *m = NEW(Module);
    m->path = path;
    m->pkg = p;
    m->init = init;
    return m;
}

static const struct csp_stdlib_file *find_std(const char *path) {
    for (size_t i = 0; i < csp_stdlib_nfiles; i++)
        if (strcmp(csp_stdlib_files[i].name, path) == 0) return &csp_stdlib_files[i];
    return NULL;
}

static void add_module(VM *vm, Module *m) {
    if (vm->nmodules == vm->capmodules) {
        vm->capmodules = vm->capmodules ? vm->capmodules * 2 : 16;
        vm->modules = GROW_ARRAY(Module, vm->modules, vm->capmodules);
    }
    vm->modules[vm->nmodules++] = *m;
}

/* ---- script modules ---- */

static char *read_whole(const char *path, size_t *len) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    Buf b;
    buf_init(&b);
    buf_read_file(&b, fp);
    fclose(fp);
    *len = b.len;
    return b.data;
}

/* A script module without a package clause binds its file name, less ".csp". */
static const char *script_file_name(const char *file) {
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".csp") == 0) n -= 4;
    return gc_strndup(base, n);
}

/* Loads `import "./util.csp"`: the file beside the importing one, compiled
 * once per VM (keyed by its real path) and initialised before its
 * importer; its capitalised names are exported. Errors are the importer's,
 * at the import, and the module's own in its file. */
static Package *load_script_module(VM *vm, const char *path, Pos pos, Diag *diag) {
    const char *file = path;
    if (path[0] != '/') {
        const char *from = diag->file ? diag->file : "";
        const char *slash = strrchr(from, '/');
        const char *rel = path;
        while (strncmp(rel, "./", 2) == 0) rel += 2;
        if (slash && from[0] != '<') file = gc_sprintf("%.*s/%s", (int)(slash - from), from, rel);
    }
    char *real = realpath(file, NULL);
    if (!real) {
        diag_error(diag, pos, "could not import %s (open %s: %s)", path, file, strerror(errno));
        return NULL;
    }
    const char *key = gc_strdup(real);
    free(real);
    for (int i = 0; i < vm->nmodules; i++)
        if (strcmp(vm->modules[i].path, key) == 0) return vm->modules[i].pkg;
    for (int i = 0; i < vm->nloading; i++)
        if (strcmp(vm->loading[i], key) == 0) {
            diag_error(diag, pos, "import cycle not allowed");
            return NULL;
        }
    size_t len = 0;
    const char *src = read_whole(key, &len);
    if (!src) {
        diag_error(diag, pos, "could not import %s (open %s: %s)", path, file, strerror(errno));
        return NULL;
    }
    vm->loading = GROW_ARRAY(const char *, vm->loading, vm->nloading + 1);
    vm->loading[vm->nloading++] = key;
    Diag d;
    diag_init(&d, file, src, len);
    Module *m = vm_compile_unit(vm, script_file_name(file), file, src, len, UNIT_MODULE, &d);
    vm->nloading--;
    if (!m) {
        diag_error(diag, pos, "could not compile %s", path);
        diag_merge(diag, &d); /* reported in the module's own file */
        return NULL;
    }
    m->path = key;
    add_module(vm, m);
    return m->pkg;
}

Package *vm_load_module(void *vmp, const char *path, Pos pos, Diag *diag) {
    VM *vm = vmp;
    if (check_is_script_path(path)) return load_script_module(vm, path, pos, diag);
    for (int i = 0; i < vm->nmodules; i++)
        if (strcmp(vm->modules[i].path, path) == 0) return vm->modules[i].pkg;
    const struct csp_stdlib_file *sf = find_std(path);
    if (!sf) return NULL;
    /* a standard module compiles with its own diagnostics (its file), then
     * any error is reported at the import */
    Diag d;
    const char *fname = gc_sprintf("$CSPROOT/stdlib/%s.csp", path);
    diag_init(&d, fname, sf->src, sf->len);
    Module *m = vm_compile_unit(vm, gc_strdup(path), fname, sf->src, sf->len, UNIT_STD, &d);
    if (!m) {
        Buf b;
        buf_init(&b);
        diag_render(&d, &b);
        diag_error(diag, pos, "could not compile standard module %s:\n%s", path, buf_cstr(&b));
        return NULL;
    }
    add_module(vm, m);
    return m->pkg;
}
