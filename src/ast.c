/* ast.c: node construction, deep copies for generic instantiation, and the
 * S-expression dump the parser tests compare against. Binary chains may be
 * millions of nodes deep on their left side (a+b+c+...), so the walks here
 * follow that spine with a loop; every other nesting is bounded by the
 * parser's PARSE_MAX_NESTING. */
#include "ast.h"
#include "lexer.h"
#include "types.h"
#include <stdio.h>

Node *ast_new(int kind, Pos pos) {
    Node *n = NEW(Node);
    n->kind = (uint16_t)kind;
    n->pos = pos;
    return n;
}

void nodelist_push(NodeList *l, Node *n) {
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->items = GROW_ARRAY(Node *, l->items, l->cap);
    }
    l->items[l->n++] = n;
}

static const char *const kind_names[N_NKINDS] = {
    [N_BAD] = "bad", [N_IDENT] = "ident", [N_INT_LIT] = "int", [N_FLOAT_LIT] = "float",
    [N_IMAG_LIT] = "imag", [N_RUNE_LIT] = "rune", [N_STRING_LIT] = "string",
    [N_COMPOSITE] = "composite", [N_KEYVALUE] = "kv", [N_FUNC_LIT] = "funclit",
    [N_PAREN] = "paren", [N_SELECTOR] = "sel", [N_INDEX] = "index", [N_SLICE_EXPR] = "slice",
    [N_TYPE_ASSERT] = "assert", [N_CALL] = "call", [N_STAR] = "star", [N_UNARY] = "unary",
    [N_BINARY] = "binary", [N_ARRAY_TYPE] = "array", [N_STRUCT_TYPE] = "struct",
    [N_FUNC_TYPE] = "functype", [N_INTERFACE_TYPE] = "interface", [N_MAP_TYPE] = "map",
    [N_CHAN_TYPE] = "chan", [N_ELLIPSIS] = "ellipsis", [N_FIELD] = "field",
    [N_EMPTY] = "empty", [N_DECL_STMT] = "decl", [N_LABELED] = "label", [N_EXPR_STMT] = "expr",
    [N_SEND] = "send", [N_INCDEC] = "incdec", [N_ASSIGN] = "assign", [N_GO] = "go",
    [N_DEFER] = "defer", [N_RETURN] = "return", [N_BRANCH] = "branch", [N_BLOCK] = "block",
    [N_IF] = "if", [N_CASE] = "case", [N_SWITCH] = "switch", [N_TYPE_SWITCH] = "typeswitch",
    [N_COMM] = "comm", [N_SELECT] = "select", [N_FOR] = "for", [N_RANGE] = "range",
    [N_GEN_DECL] = "gendecl", [N_IMPORT_SPEC] = "importspec", [N_VALUE_SPEC] = "valuespec",
    [N_TYPE_SPEC] = "typespec", [N_FUNC_DECL] = "funcdecl", [N_FILE] = "file",
};

const char *ast_kind_name(int kind) {
    if (kind < 0 || kind >= N_NKINDS || !kind_names[kind]) return "?";
    return kind_names[kind];
}

/* ---- deep copy ---- */

/* Where each kind keeps its child nodes and lists (offsets into Node; 0 ends
 * a row, since offset 0 is the kind field). ast_clone is driven by it. */
typedef struct Children {
    uint16_t node[4];
    uint16_t list[3];
} Children;

#define F(f) ((uint16_t)offsetof(Node, f))
static const Children children[N_NKINDS] = {
    [N_COMPOSITE] = {{F(comp.type)}, {F(comp.elts)}},
    [N_KEYVALUE] = {{F(kv.key), F(kv.value)}, {0}},
    [N_FUNC_LIT] = {{F(func.type), F(func.body)}, {0}},
    [N_PAREN] = {{F(un.x)}, {0}},
    [N_SELECTOR] = {{F(sel.x)}, {0}},
    [N_INDEX] = {{F(index.x)}, {F(index.indices)}},
    [N_SLICE_EXPR] = {{F(slice.x), F(slice.lo), F(slice.hi), F(slice.max)}, {0}},
    [N_TYPE_ASSERT] = {{F(assert.x), F(assert.type)}, {0}},
    [N_CALL] = {{F(call.fn)}, {F(call.args)}},
    [N_STAR] = {{F(un.x)}, {0}},
    [N_UNARY] = {{F(un.x)}, {0}},
    [N_BINARY] = {{F(bin.x), F(bin.y)}, {0}},
    [N_ARRAY_TYPE] = {{F(arr.len), F(arr.elem)}, {0}},
    [N_STRUCT_TYPE] = {{0}, {F(strct.fields)}},
    [N_FUNC_TYPE] = {{0}, {F(ftype.tparams), F(ftype.params), F(ftype.results)}},
    [N_INTERFACE_TYPE] = {{0}, {F(iface.elems)}},
    [N_MAP_TYPE] = {{F(map.key), F(map.value)}, {0}},
    [N_CHAN_TYPE] = {{F(chan.elem)}, {0}},
    [N_ELLIPSIS] = {{F(un.x)}, {0}},
    [N_FIELD] = {{F(field.type), F(field.tag)}, {F(field.names)}},
    [N_DECL_STMT] = {{F(decl.d)}, {0}},
    [N_LABELED] = {{F(labeled.label), F(labeled.stmt)}, {0}},
    [N_EXPR_STMT] = {{F(un.x)}, {0}},
    [N_SEND] = {{F(send.ch), F(send.value)}, {0}},
    [N_INCDEC] = {{F(incdec.x)}, {0}},
    [N_ASSIGN] = {{0}, {F(assign.lhs), F(assign.rhs)}},
    [N_GO] = {{F(un.x)}, {0}},
    [N_DEFER] = {{F(un.x)}, {0}},
    [N_RETURN] = {{0}, {F(ret.results)}},
    [N_BRANCH] = {{F(branch.label)}, {0}},
    [N_BLOCK] = {{0}, {F(block.stmts)}},
    [N_IF] = {{F(ifs.init), F(ifs.cond), F(ifs.then), F(ifs.els)}, {0}},
    [N_CASE] = {{0}, {F(cas.list), F(cas.body)}},
    [N_SWITCH] = {{F(sw.init), F(sw.tag), F(sw.assign)}, {F(sw.body)}},
    [N_TYPE_SWITCH] = {{F(sw.init), F(sw.tag), F(sw.assign)}, {F(sw.body)}},
    [N_COMM] = {{F(comm.stmt)}, {F(comm.body)}},
    [N_SELECT] = {{0}, {F(sel_stmt.body)}},
    [N_FOR] = {{F(fors.init), F(fors.cond), F(fors.post), F(fors.body)}, {0}},
    [N_RANGE] = {{F(range.key), F(range.value), F(range.x), F(range.body)}, {0}},
    [N_GEN_DECL] = {{0}, {F(gen.specs)}},
    [N_IMPORT_SPEC] = {{F(import.name), F(import.path)}, {0}},
    [N_VALUE_SPEC] = {{F(vspec.type)}, {F(vspec.names), F(vspec.values)}},
    [N_TYPE_SPEC] = {{F(tspec.name), F(tspec.type)}, {F(tspec.tparams)}},
    [N_FUNC_DECL] = {{F(fdecl.recv), F(fdecl.name), F(fdecl.type), F(fdecl.body)}, {0}},
    [N_FILE] = {{F(file.pkg)}, {F(file.items)}},
};
#undef F

/* A copy of n alone, annotations cleared. */
static Node *copy_one(const Node *n) {
    Node *c = NEW(Node);
    *c = *n;
    c->mode = M_NONE;
    c->flags &= NF_PAREN_TYPE;
    c->type = NULL;
    c->cval = NULL;
    c->ref = NULL;
    c->aux = 0;
    return c;
}

static Node *clone_binary(const Node *n);

Node *ast_clone(const Node *n) {
    if (!n) return NULL;
    if (n->kind == N_BINARY) return clone_binary(n);
    Node *c = copy_one(n);
    if (n->kind >= N_NKINDS) return c;
    const Children *ch = &children[n->kind];
    for (int i = 0; i < 4 && ch->node[i]; i++) {
        Node **slot = (Node **)((char *)c + ch->node[i]);
        *slot = ast_clone(*slot);
    }
    for (int i = 0; i < 3 && ch->list[i]; i++) {
        NodeList *l = (NodeList *)((char *)c + ch->list[i]);
        Node **items = l->n ? NEW_ARRAY(Node *, l->n) : NULL;
        for (int j = 0; j < l->n; j++) items[j] = ast_clone(l->items[j]);
        l->items = items;
        l->cap = l->n;
    }
    return c;
}

/* The nodes of a left-leaning binary chain, outermost first. */
static const Node **binary_spine(const Node *n, size_t *count) {
    size_t k = 0;
    for (const Node *x = n; x && x->kind == N_BINARY; x = x->bin.x) k++;
    const Node **spine = NEW_ARRAY(const Node *, k);
    k = 0;
    for (const Node *x = n; x && x->kind == N_BINARY; x = x->bin.x) spine[k++] = x;
    *count = k;
    return spine;
}

static Node *clone_binary(const Node *n) {
    size_t k;
    const Node **spine = binary_spine(n, &k);
    Node *acc = ast_clone(spine[k - 1]->bin.x);
    for (size_t i = k; i-- > 0;) {
        Node *c = copy_one(spine[i]);
        c->bin.x = acc;
        c->bin.y = ast_clone(spine[i]->bin.y);
        acc = c;
    }
    return acc;
}

/* ---- dump ---- */

static void dump(Buf *b, const Node *n);

static void dump_list(Buf *b, const NodeList *l) {
    for (int i = 0; i < l->n; i++) {
        buf_putc(b, ' ');
        dump(b, l->items[i]);
    }
}

/* " (a b c)": a list as one parenthesised group. */
static void dump_group(Buf *b, const NodeList *l) {
    buf_puts(b, " (");
    for (int i = 0; i < l->n; i++) {
        if (i) buf_putc(b, ' ');
        dump(b, l->items[i]);
    }
    buf_putc(b, ')');
}

static void dump_opt(Buf *b, const Node *n) {
    buf_putc(b, ' ');
    if (n) dump(b, n);
    else buf_putc(b, '_');
}

/* Go-like quoting of decoded string bytes; non-ASCII bytes as \xHH so the
 * dump stays ASCII and unambiguous. */
static void dump_quoted(Buf *b, const char *s, int64_t len) {
    buf_putc(b, '"');
    for (int64_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\t': buf_puts(b, "\\t"); break;
        case '\r': buf_puts(b, "\\r"); break;
        default:
            if (c < 0x20 || c >= 0x7F) buf_printf(b, "\\x%02x", c);
            else buf_putc(b, (char)c);
        }
    }
    buf_putc(b, '"');
}

static void dump_binary(Buf *b, const Node *n) {
    size_t k;
    const Node **spine = binary_spine(n, &k);
    for (size_t i = 0; i < k; i++) buf_printf(b, "(%s ", token_str(spine[i]->bin.op));
    dump(b, spine[k - 1]->bin.x);
    for (size_t i = k; i-- > 0;) {
        buf_putc(b, ' ');
        dump(b, spine[i]->bin.y);
        buf_putc(b, ')');
    }
}

static void dump_chan(Buf *b, const Node *n) {
    const char *dir = n->chan.dir == CHAN_SEND ? "chan<-" : n->chan.dir == CHAN_RECV ? "<-chan" : "chan";
    buf_printf(b, "(%s", dir);
    dump_opt(b, n->chan.elem);
    buf_putc(b, ')');
}

static void dump_field(Buf *b, const Node *n) {
    buf_puts(b, n->field.embedded ? "(embed" : "(field");
    for (int i = 0; i < n->field.names.n; i++) {
        const Node *id = n->field.names.items[i];
        buf_printf(b, " %s", id && id->kind == N_IDENT ? id->ident.name : "?");
    }
    dump_opt(b, n->field.type);
    if (n->field.tag) dump_opt(b, n->field.tag);
    buf_putc(b, ')');
}

static void dump_functype(Buf *b, const Node *n) {
    buf_puts(b, "(functype");
    if (n->ftype.tparams.n) {
        buf_puts(b, " (tparams");
        dump_list(b, &n->ftype.tparams);
        buf_putc(b, ')');
    }
    buf_puts(b, " (params");
    dump_list(b, &n->ftype.params);
    buf_puts(b, ") (results");
    dump_list(b, &n->ftype.results);
    buf_puts(b, "))");
}

/* Expressions and types. Returns false for kinds it does not handle. */
static bool dump_expr(Buf *b, const Node *n) {
    switch (n->kind) {
    case N_BAD: buf_puts(b, "(bad"); break;
    case N_IDENT: buf_printf(b, "(ident %s", n->ident.name ? n->ident.name : "?"); break;
    case N_INT_LIT: case N_FLOAT_LIT: case N_IMAG_LIT:
        buf_printf(b, "(%s %s", ast_kind_name(n->kind), n->lit.raw ? n->lit.raw : "?");
        break;
    case N_RUNE_LIT: buf_printf(b, "(rune %d", (int)n->lit.rune); break;
    case N_STRING_LIT:
        buf_puts(b, "(string ");
        dump_quoted(b, n->lit.str ? n->lit.str : "", n->lit.str ? n->lit.len : 0);
        break;
    case N_COMPOSITE:
        buf_puts(b, "(composite");
        dump_opt(b, n->comp.type);
        dump_list(b, &n->comp.elts);
        break;
    case N_SELECTOR:
        buf_puts(b, "(sel");
        dump_opt(b, n->sel.x);
        buf_printf(b, " %s", n->sel.name ? n->sel.name : "?");
        break;
    case N_SLICE_EXPR:
        buf_puts(b, n->slice.three ? "(slice3" : "(slice");
        dump_opt(b, n->slice.x);
        dump_opt(b, n->slice.lo);
        dump_opt(b, n->slice.hi);
        if (n->slice.three) dump_opt(b, n->slice.max);
        break;
    case N_TYPE_ASSERT:
        buf_puts(b, "(assert");
        dump_opt(b, n->assert.x);
        if (n->assert.type) dump_opt(b, n->assert.type);
        else buf_puts(b, " type");
        break;
    case N_CALL:
        buf_puts(b, "(call");
        dump_opt(b, n->call.fn);
        dump_list(b, &n->call.args);
        if (n->call.ellipsis) buf_puts(b, " ...");
        break;
    case N_UNARY:
        buf_printf(b, "(%s", token_str(n->un.op));
        dump_opt(b, n->un.x);
        break;
    case N_BINARY: dump_binary(b, n); return true;
    case N_ARRAY_TYPE:
        buf_puts(b, n->arr.len ? "(array" : "(slicetype");
        if (n->arr.len) dump_opt(b, n->arr.len);
        dump_opt(b, n->arr.elem);
        break;
    case N_STRUCT_TYPE: buf_puts(b, "(struct"); dump_list(b, &n->strct.fields); break;
    case N_FUNC_TYPE: dump_functype(b, n); return true;
    case N_INTERFACE_TYPE: buf_puts(b, "(interface"); dump_list(b, &n->iface.elems); break;
    case N_CHAN_TYPE: dump_chan(b, n); return true;
    case N_FIELD: dump_field(b, n); return true;
    case N_ELLIPSIS:
        buf_puts(b, "(ellipsis");
        if (n->un.x) dump_opt(b, n->un.x);
        break;
    default: {
        /* the generic shape: name, then every child in table order */
        if (n->kind >= N_NKINDS) return false;
        const Children *ch = &children[n->kind];
        if (!ch->node[0] && !ch->list[0]) return false;
        buf_printf(b, "(%s", ast_kind_name(n->kind));
        const char *base = (const char *)n;
        for (int i = 0; i < 4 && ch->node[i]; i++) dump_opt(b, *(Node *const *)(base + ch->node[i]));
        for (int i = 0; i < 3 && ch->list[i]; i++) dump_list(b, (const NodeList *)(base + ch->list[i]));
    }
    }
    buf_putc(b, ')');
    return true;
}

static const char *branch_name(int tok) { return token_str(tok); }

static void dump_stmt(Buf *b, const Node *n) {
    switch (n->kind) {
    case N_EMPTY: buf_puts(b, "(empty"); break;
    case N_LABELED:
        buf_printf(b, "(label %s", n->labeled.label ? n->labeled.label->ident.name : "?");
        dump_opt(b, n->labeled.stmt);
        break;
    case N_INCDEC:
        buf_printf(b, "(%s", token_str(n->incdec.op));
        dump_opt(b, n->incdec.x);
        break;
    case N_ASSIGN:
        buf_printf(b, "(assign %s", token_str(n->assign.op));
        dump_group(b, &n->assign.lhs);
        dump_group(b, &n->assign.rhs);
        break;
    case N_BRANCH:
        buf_printf(b, "(%s", branch_name(n->branch.tok));
        if (n->branch.label) buf_printf(b, " %s", n->branch.label->ident.name);
        break;
    case N_CASE:
        if (n->cas.is_default) buf_puts(b, "(default");
        else {
            buf_puts(b, "(case");
            dump_group(b, &n->cas.list);
        }
        dump_list(b, &n->cas.body);
        break;
    case N_SWITCH: case N_TYPE_SWITCH:
        buf_puts(b, n->kind == N_SWITCH ? "(switch" : "(typeswitch");
        dump_opt(b, n->sw.init);
        dump_opt(b, n->kind == N_SWITCH ? n->sw.tag : n->sw.assign);
        dump_list(b, &n->sw.body);
        break;
    case N_COMM:
        buf_puts(b, n->comm.is_default ? "(commdefault" : "(comm");
        if (!n->comm.is_default) dump_opt(b, n->comm.stmt);
        dump_list(b, &n->comm.body);
        break;
    case N_RANGE:
        buf_puts(b, "(range");
        dump_opt(b, n->range.key);
        dump_opt(b, n->range.value);
        buf_puts(b, n->range.define ? " :=" : " =");
        dump_opt(b, n->range.x);
        dump_opt(b, n->range.body);
        break;
    case N_GEN_DECL:
        buf_printf(b, "(%s", token_str(n->gen.tok));
        dump_list(b, &n->gen.specs);
        break;
    case N_VALUE_SPEC:
        buf_printf(b, "(valuespec %d", n->vspec.iota);
        dump_group(b, &n->vspec.names);
        dump_opt(b, n->vspec.type);
        dump_group(b, &n->vspec.values);
        break;
    case N_TYPE_SPEC:
        buf_puts(b, "(typespec");
        dump_opt(b, n->tspec.name);
        if (n->tspec.tparams.n) {
            buf_puts(b, " (tparams");
            dump_list(b, &n->tspec.tparams);
            buf_putc(b, ')');
        }
        if (n->tspec.alias) buf_puts(b, " =");
        dump_opt(b, n->tspec.type);
        break;
    case N_FUNC_DECL:
        buf_puts(b, "(funcdecl");
        dump_opt(b, n->fdecl.name);
        dump_opt(b, n->fdecl.recv);
        dump_opt(b, n->fdecl.type);
        dump_opt(b, n->fdecl.body);
        break;
    case N_FILE:
        buf_puts(b, "(file");
        dump_opt(b, n->file.pkg);
        for (int i = 0; i < n->file.items.n; i++) {
            buf_puts(b, "\n  ");
            dump(b, n->file.items.items[i]);
        }
        break;
    default:
        if (!dump_expr(b, n)) buf_printf(b, "(%s", ast_kind_name(n->kind));
        else return;
    }
    buf_putc(b, ')');
}

static void dump(Buf *b, const Node *n) {
    if (!n) buf_putc(b, '_');
    else dump_stmt(b, n);
}

void ast_dump(Buf *out, const Node *n) { dump(out, n); }
