/* parse_expr.c: the expression half of the parser: operands, operators,
 * composite literals, and the type syntax (types, signatures, parameter
 * lists, struct fields, interface elements). See parser.c for the rules on
 * positions and nesting that both halves follow. */
#include "parse_int.h"
#include "types.h"

static Node *unary_expr(Parser *p);
static Node *qualified_name(Parser *p, Node *name);

Node *parse_unparen(Node *x) {
    while (x->kind == N_PAREN && x->un.x) x = x->un.x;
    return x;
}

Node *parse_new_star(Pos pos, Node *x) {
    Node *n = ast_new(N_STAR, pos);
    n->un.x = x;
    return n;
}

/* ExpressionList = Expression { "," Expression }, appended to out (which may
 * already hold the first expression). */
void parse_expr_list(Parser *p, NodeList *out) {
    if (out->n == 0) nodelist_push(out, parse_expr(p));
    while (parse_got(p, T_COMMA)) nodelist_push(out, parse_expr(p));
}

/* A list of types (or, unless strict, an expression first) as in x[A, B].
 * Returns whether a comma was seen. */
static bool type_list(Parser *p, NodeList *out, bool strict) {
    bool comma = false;
    p->xnest++;
    nodelist_push(out, strict ? parse_type(p) : parse_expr(p));
    if (parse_got(p, T_COMMA)) {
        comma = true;
        for (Node *t; (t = parse_type_or_null(p));) {
            nodelist_push(out, t);
            if (!parse_got(p, T_COMMA)) break;
        }
    }
    p->xnest--;
    return comma;
}

/* ---- the rendering of nodes in messages ("cannot use x := 1 as value") ---- */

void parse_put_list(Buf *b, const NodeList *l, int depth) {
    for (int i = 0; i < l->n; i++) {
        if (i) buf_puts(b, ", ");
        parse_put_node(b, l->items[i], depth);
    }
}

static void put_fields(Buf *b, const NodeList *l, int depth) {
    for (int i = 0; i < l->n; i++) {
        const Node *f = l->items[i];
        if (i) buf_puts(b, ", ");
        parse_put_list(b, &f->field.names, depth);
        if (f->field.names.n) buf_putc(b, ' ');
        parse_put_node(b, f->field.type, depth);
    }
}

/* A short Go rendering of n, as gc's syntax.String: bodies and literal
 * contents elided as {…}, length and depth capped. */
void parse_put_node(Buf *b, const Node *n, int depth) {
    if (!n || b->len > 200 || depth > 24) {
        buf_puts(b, "…");
        return;
    }
    depth++;
    switch (n->kind) {
    case N_IDENT: buf_puts(b, n->ident.name); break;
    case N_INT_LIT: case N_FLOAT_LIT: case N_IMAG_LIT: case N_RUNE_LIT: case N_STRING_LIT:
        parse_put_clipped(b, n->lit.raw, (int32_t)strlen(n->lit.raw), 40);
        break;
    case N_PAREN: buf_putc(b, '('); parse_put_node(b, n->un.x, depth); buf_putc(b, ')'); break;
    case N_SELECTOR: parse_put_node(b, n->sel.x, depth); buf_printf(b, ".%s", n->sel.name); break;
    case N_INDEX:
        parse_put_node(b, n->index.x, depth);
        buf_putc(b, '[');
        parse_put_list(b, &n->index.indices, depth);
        buf_putc(b, ']');
        break;
    case N_SLICE_EXPR:
        parse_put_node(b, n->slice.x, depth);
        buf_putc(b, '[');
        if (n->slice.lo) parse_put_node(b, n->slice.lo, depth);
        buf_putc(b, ':');
        if (n->slice.hi) parse_put_node(b, n->slice.hi, depth);
        if (n->slice.three) { buf_putc(b, ':'); parse_put_node(b, n->slice.max, depth); }
        buf_putc(b, ']');
        break;
    case N_TYPE_ASSERT:
        parse_put_node(b, n->assert.x, depth);
        buf_puts(b, ".(");
        if (n->assert.type) parse_put_node(b, n->assert.type, depth);
        else buf_puts(b, "type");
        buf_putc(b, ')');
        break;
    case N_CALL:
        parse_put_node(b, n->call.fn, depth);
        buf_putc(b, '(');
        parse_put_list(b, &n->call.args, depth);
        buf_puts(b, n->call.ellipsis ? "...)" : ")");
        break;
    case N_STAR: buf_putc(b, '*'); parse_put_node(b, n->un.x, depth); break;
    case N_UNARY: buf_puts(b, token_str(n->un.op)); parse_put_node(b, n->un.x, depth); break;
    case N_BINARY:
        parse_put_node(b, n->bin.x, depth);
        buf_printf(b, " %s ", token_str(n->bin.op));
        parse_put_node(b, n->bin.y, depth);
        break;
    case N_KEYVALUE:
        parse_put_node(b, n->kv.key, depth);
        buf_puts(b, ": ");
        parse_put_node(b, n->kv.value, depth);
        break;
    case N_COMPOSITE:
        if (n->comp.type) parse_put_node(b, n->comp.type, depth);
        buf_puts(b, "{…}");
        break;
    case N_FUNC_LIT: parse_put_node(b, n->func.type, depth); buf_puts(b, " {…}"); break;
    case N_ELLIPSIS: buf_puts(b, "..."); if (n->un.x) parse_put_node(b, n->un.x, depth); break;
    case N_ARRAY_TYPE:
        buf_putc(b, '[');
        if (n->arr.len) parse_put_node(b, n->arr.len, depth);
        buf_putc(b, ']');
        parse_put_node(b, n->arr.elem, depth);
        break;
    case N_MAP_TYPE:
        buf_puts(b, "map[");
        parse_put_node(b, n->map.key, depth);
        buf_putc(b, ']');
        parse_put_node(b, n->map.value, depth);
        break;
    case N_CHAN_TYPE:
        buf_puts(b, n->chan.dir == CHAN_SEND ? "chan<-" : n->chan.dir == CHAN_RECV ? "<-chan" : "chan");
        if (n->chan.elem) {
            buf_putc(b, ' ');
            parse_put_node(b, n->chan.elem, depth);
        }
        break;
    case N_FUNC_TYPE:
        buf_puts(b, "func(");
        put_fields(b, &n->ftype.params, depth);
        buf_putc(b, ')');
        if (n->ftype.results.n) {
            buf_puts(b, " (");
            put_fields(b, &n->ftype.results, depth);
            buf_putc(b, ')');
        }
        break;
    case N_STRUCT_TYPE: buf_puts(b, "struct{…}"); break;
    case N_INTERFACE_TYPE: buf_puts(b, "interface{…}"); break;
    case N_EXPR_STMT: parse_put_node(b, n->un.x, depth); break;
    case N_SEND:
        parse_put_node(b, n->send.ch, depth);
        buf_puts(b, " <- ");
        parse_put_node(b, n->send.value, depth);
        break;
    case N_INCDEC: parse_put_node(b, n->incdec.x, depth); buf_puts(b, token_str(n->incdec.op)); break;
    case N_ASSIGN:
        parse_put_list(b, &n->assign.lhs, depth);
        buf_printf(b, " %s ", token_str(n->assign.op));
        parse_put_list(b, &n->assign.rhs, depth);
        break;
    default: buf_puts(b, "…");
    }
}

/* ---- expressions ---- */

static int binary_prec(int kind) {
    switch (kind) {
    case T_LOR: return 1;
    case T_LAND: return 2;
    case T_EQL: case T_NEQ: case T_LSS: case T_LEQ: case T_GTR: case T_GEQ: return 3;
    case T_ADD: case T_SUB: case T_OR: case T_XOR: return 4;
    case T_MUL: case T_QUO: case T_REM: case T_SHL: case T_SHR: case T_AND: case T_AND_NOT: return 5;
    }
    return 0;
}

Node *parse_expr(Parser *p) { return parse_binary_expr(p, NULL, 0); }

/* Expression = UnaryExpr | Expression binary_op Expression. Operators of one
 * precedence are gathered by the loop, so a+b+c+... builds a left-deep tree
 * without recursion; recursion only climbs the five precedence levels. */
Node *parse_binary_expr(Parser *p, Node *x, int prec) {
    if (!x) x = unary_expr(p);
    for (int tprec; (tprec = binary_prec(p->tok.kind)) > prec;) {
        Node *b = ast_new(N_BINARY, x->pos);
        b->bin.op = p->tok.kind;
        parse_next(p);
        b->bin.x = x;
        b->bin.y = parse_binary_expr(p, NULL, tprec);
        x = b;
    }
    return x;
}

/* <-x where x parsed as a channel type is the type <-chan E: the arrow moves
 * onto the channel (and onto nested send-only channels: <-chan<- E is
 * <-chan (<-chan E)), as in gc. */
static Node *recv_chan_type(Parser *p, Node *x, Pos pos) {
    int dir = CHAN_SEND;
    Node *t = x;
    while (dir == CHAN_SEND && t && t->kind == N_CHAN_TYPE) {
        dir = t->chan.dir;
        if (dir == CHAN_RECV) parse_syntax_error(p, "unexpected <-, expected chan");
        t->chan.dir = CHAN_RECV;
        t = t->chan.elem;
    }
    if (dir == CHAN_SEND) {
        Buf b;
        buf_init(&b);
        buf_puts(&b, "unexpected ");
        parse_put_node(&b, t, 0);
        buf_puts(&b, ", expected chan");
        parse_syntax_error(p, buf_cstr(&b));
    }
    x->pos = pos;
    return x;
}

/* UnaryExpr = PrimaryExpr | unary_op UnaryExpr. */
static Node *unary_expr(Parser *p) {
    Pos pos = p->tok.pos;
    int op = p->tok.kind;
    switch (op) {
    case T_MUL: case T_ADD: case T_SUB: case T_NOT: case T_XOR: case T_TILDE: case T_AND: case T_ARROW:
        break;
    default:
        return parse_primary_expr(p, NULL);
    }
    parse_enter(p);
    parse_next(p);
    Node *x = unary_expr(p);
    parse_leave(p);
    if (op == T_MUL) return parse_new_star(pos, x);
    if (op == T_ARROW && x->kind == N_CHAN_TYPE) return recv_chan_type(p, x, pos);
    if (op == T_AND && x->kind == N_PAREN) {
        /* &(T{...}) takes the address of the literal, as gc unparenthesises it */
        x = parse_unparen(x);
    }
    Node *u = ast_new(N_UNARY, pos);
    u->un.op = op;
    u->un.x = x;
    return u;
}

static Node *complit(Parser *p, Node *type);

static Node *bare_complit(Parser *p) {
    return p->tok.kind == T_LBRACE ? complit(p, NULL) : parse_expr(p);
}

/* Element = [ Key ":" ] ( Expression | LiteralValue ). */
static bool complit_elem(Parser *p, void *ctx) {
    Node *c = ctx, *e = bare_complit(p);
    if (p->tok.kind == T_COLON) {
        Node *kv = ast_new(N_KEYVALUE, e->pos);
        parse_next(p);
        kv->kv.key = e;
        kv->kv.value = bare_complit(p);
        e = kv;
    }
    nodelist_push(&c->comp.elts, e);
    return false;
}

/* LiteralValue = "{" [ ElementList [ "," ] ] "}"; type is NULL when elided. */
static Node *complit(Parser *p, Node *type) {
    Node *c = ast_new(N_COMPOSITE, type ? type->pos : p->tok.pos);
    c->comp.type = type;
    parse_enter(p);
    p->xnest++;
    parse_want(p, T_LBRACE);
    c->comp.rbrace = parse_list(p, "composite literal", T_COMMA, T_RBRACE, complit_elem, c);
    p->xnest--;
    parse_leave(p);
    return c;
}

/* Operand = Literal | OperandName | "(" Expression ")" | FunctionLit | a type. */
static Node *operand(Parser *p) {
    Pos pos = p->tok.pos;
    switch (p->tok.kind) {
    case T_IDENT: return parse_name(p);
    case T_INT: case T_FLOAT: case T_IMAG: case T_RUNE: case T_STRING: return parse_literal(p);
    case T_LPAREN: {
        Node *n = ast_new(N_PAREN, pos);
        parse_enter(p);
        parse_next(p);
        p->xnest++;
        n->un.x = parse_expr(p);
        p->xnest--;
        parse_leave(p);
        parse_want(p, T_RPAREN);
        n->un.x->flags |= NF_PAREN_TYPE;
        return n;
    }
    case T_FUNC: {
        parse_next(p);
        Node *t = parse_func_type(p, "function type", pos);
        if (p->tok.kind != T_LBRACE) return t;
        Node *f = ast_new(N_FUNC_LIT, pos);
        f->func.type = t;
        p->xnest++;
        f->func.body = parse_func_body(p);
        p->xnest--;
        return f;
    }
    case T_LBRACK: case T_CHAN: case T_MAP: case T_STRUCT: case T_INTERFACE:
        return parse_type(p);
    }
    Node *x = parse_bad(p);
    parse_syntax_error(p, "expected expression");
    parse_advance(p, FOLLOW(T_RPAREN, T_RBRACK, T_RBRACE));
    return x;
}

/* Whether x must be a value, not a type (so x{ cannot open a literal). */
static bool is_value(const Node *x) {
    switch (x->kind) {
    case N_INT_LIT: case N_FLOAT_LIT: case N_IMAG_LIT: case N_RUNE_LIT: case N_STRING_LIT:
    case N_COMPOSITE: case N_FUNC_LIT: case N_SLICE_EXPR: case N_TYPE_ASSERT: case N_CALL:
    case N_UNARY: case N_BINARY:
        return true;
    case N_PAREN: return is_value(x->un.x);
    case N_INDEX:
        return is_value(x->index.x) ||
               (x->index.indices.n == 1 && is_value(x->index.indices.items[0]));
    }
    return false;
}

/* Whether "{" after x opens a composite literal: Go's rule that in a control
 * clause (xnest < 0) a bare name followed by { is not a literal type. */
static bool complit_ok(Parser *p, Node *x) {
    Node *t = parse_unparen(x);
    switch (t->kind) {
    case N_IDENT: case N_SELECTOR: return p->xnest >= 0;
    case N_INDEX: return p->xnest >= 0 && !is_value(t);
    case N_ARRAY_TYPE: case N_STRUCT_TYPE: case N_MAP_TYPE: return true;
    }
    return false;
}

static Node *selector_or_assert(Parser *p, Node *x) {
    parse_next(p); /* . */
    if (p->tok.kind == T_IDENT) {
        Node *s = ast_new(N_SELECTOR, x->pos);
        s->sel.x = x;
        s->sel.name = intern(p->in, p->tok.start, (size_t)p->tok.len);
        s->sel.name_pos = p->tok.pos;
        parse_next(p);
        return s;
    }
    if (p->tok.kind == T_LPAREN) {
        parse_next(p);
        Node *a = ast_new(N_TYPE_ASSERT, x->pos);
        a->assert.x = x;
        if (parse_got(p, T_TYPE)) nodelist_push(&p->guards, a);
        else a->assert.type = parse_type(p);
        parse_want(p, T_RPAREN);
        return a;
    }
    parse_syntax_error(p, "expected name or (");
    parse_advance(p, FOLLOW(T_SEMICOLON, T_RPAREN));
    return x;
}

/* x[i], x[A, B] (instantiation), x[lo:hi], x[lo:hi:max]. */
static Node *index_or_slice(Parser *p, Node *x) {
    parse_next(p); /* [ */
    Node *lo = NULL;
    if (p->tok.kind != T_COLON) {
        Node *ix = ast_new(N_INDEX, x->pos);
        ix->index.x = x;
        bool comma = false;
        if (p->tok.kind == T_RBRACK) {
            parse_syntax_error(p, "expected operand");
            nodelist_push(&ix->index.indices, parse_bad(p));
        } else {
            comma = type_list(p, &ix->index.indices, false);
        }
        if (comma || p->tok.kind == T_RBRACK) {
            parse_want(p, T_RBRACK);
            return ix;
        }
        lo = ix->index.indices.items[0];
    }
    if (!parse_got(p, T_COLON)) {
        parse_syntax_error(p, "expected comma, : or ]");
        parse_advance(p, FOLLOW(T_COMMA, T_COLON, T_RBRACK));
    }
    Node *s = ast_new(N_SLICE_EXPR, x->pos);
    s->slice.x = x;
    s->slice.lo = lo;
    p->xnest++;
    if (p->tok.kind != T_COLON && p->tok.kind != T_RBRACK) s->slice.hi = parse_expr(p);
    if (p->tok.kind == T_COLON) {
        s->slice.three = true;
        if (!s->slice.hi) {
            parse_error_at(p, p->tok.pos, "middle index required in 3-index slice");
            s->slice.hi = parse_bad(p);
        }
        parse_next(p);
        if (p->tok.kind != T_RBRACK) s->slice.max = parse_expr(p);
        else {
            parse_error_at(p, p->tok.pos, "final index required in 3-index slice");
            s->slice.max = parse_bad(p);
        }
    }
    p->xnest--;
    parse_want(p, T_RBRACK);
    return s;
}

static bool call_arg(Parser *p, void *ctx) {
    Node *c = ctx;
    nodelist_push(&c->call.args, parse_expr(p));
    c->call.ellipsis = parse_got(p, T_ELLIPSIS);
    return c->call.ellipsis;
}

static Node *call(Parser *p, Node *fn) {
    Node *c = ast_new(N_CALL, fn->pos);
    c->call.fn = fn;
    parse_next(p); /* ( */
    p->xnest++;
    c->call.rparen = parse_list(p, "argument list", T_COMMA, T_RPAREN, call_arg, c);
    p->xnest--;
    return c;
}

/* PrimaryExpr: an operand (or x, already parsed) followed by selectors,
 * assertions, indexes, slices, calls and composite literal values. */
Node *parse_primary_expr(Parser *p, Node *x) {
    if (!x) x = operand(p);
    int chain = 0;
    for (;;) {
        int k = p->tok.kind;
        if (k == T_LBRACE) {
            if (!complit_ok(p, x)) break;
            if (parse_unparen(x) != x)
                parse_syntax_error(p, "cannot parenthesize type in composite literal");
            x = complit(p, x);
            continue;
        }
        if (k != T_PERIOD && k != T_LBRACK && k != T_LPAREN) break;
        parse_enter(p); /* each link deepens the tree */
        chain++;
        if (k == T_PERIOD) x = selector_or_assert(p, x);
        else if (k == T_LBRACK) x = index_or_slice(p, x);
        else x = call(p, x);
    }
    p->depth -= chain;
    return x;
}

/* ---- types ---- */

Node *parse_type(Parser *p) {
    Node *t = parse_type_or_null(p);
    if (!t) {
        t = parse_bad(p);
        parse_syntax_error(p, "expected type");
        parse_advance(p, FOLLOW(T_COMMA, T_COLON, T_SEMICOLON, T_RPAREN, T_RBRACK, T_RBRACE));
    }
    return t;
}

/* The element type of a channel type. csp lets a script leave it out where
 * the channel type ends an argument or parameter, as in make(chan) or
 * make(chan, 10): the element is then NULL, a dynamic type. */
static Node *chan_elem(Parser *p) {
    Node *t = parse_type_or_null(p);
    if (!t && p->tok.kind != T_RPAREN && p->tok.kind != T_COMMA) {
        t = parse_bad(p);
        parse_syntax_error(p, "missing channel element type");
    }
    return t;
}

static Node *new_chan(Pos pos, int dir, Node *elem) {
    Node *c = ast_new(N_CHAN_TYPE, pos);
    c->chan.dir = dir;
    c->chan.elem = elem;
    return c;
}

Node *parse_slice_type(Pos pos, Node *elem) {
    Node *t = ast_new(N_ARRAY_TYPE, pos);
    t->arr.elem = elem;
    return t;
}

/* After "[" at pos: [len]E, or [...]E; len may already be parsed. */
Node *parse_array_type(Parser *p, Pos pos, Node *len) {
    if (!len && p->tok.kind == T_ELLIPSIS) {
        len = ast_new(N_ELLIPSIS, p->tok.pos);
        parse_next(p);
    } else if (!len) {
        p->xnest++;
        len = parse_expr(p);
        p->xnest--;
    }
    if (p->tok.kind == T_COMMA) {
        parse_syntax_error(p, "unexpected comma; expected ]");
        parse_next(p);
    }
    parse_want(p, T_RBRACK);
    Node *t = ast_new(N_ARRAY_TYPE, pos);
    t->arr.len = len;
    t->arr.elem = parse_type(p);
    return t;
}

static bool struct_field(Parser *p, void *ctx);
static bool iface_elem(Parser *p, void *ctx);

static Node *struct_type(Parser *p) {
    Node *t = ast_new(N_STRUCT_TYPE, p->tok.pos);
    parse_want(p, T_STRUCT);
    parse_want(p, T_LBRACE);
    parse_list(p, "struct type", T_SEMICOLON, T_RBRACE, struct_field, t);
    return t;
}

static Node *interface_type(Parser *p) {
    Node *t = ast_new(N_INTERFACE_TYPE, p->tok.pos);
    parse_want(p, T_INTERFACE);
    parse_want(p, T_LBRACE);
    parse_list(p, "interface type", T_SEMICOLON, T_RBRACE, iface_elem, t);
    return t;
}

/* Type = TypeName [ TypeArgs ] | TypeLit | "(" Type ")"; NULL if no type
 * starts here (nothing is reported then). */
Node *parse_type_or_null(Parser *p) {
    Pos pos = p->tok.pos;
    Node *t = NULL;
    switch (p->tok.kind) {
    case T_IDENT: return qualified_name(p, NULL);
    case T_MUL: case T_ARROW: case T_FUNC: case T_LBRACK: case T_CHAN: case T_MAP:
    case T_STRUCT: case T_INTERFACE: case T_LPAREN:
        break;
    default:
        return NULL;
    }
    parse_enter(p);
    switch (p->tok.kind) {
    case T_MUL: parse_next(p); t = parse_new_star(pos, parse_type(p)); break;
    case T_ARROW:
        parse_next(p);
        parse_want(p, T_CHAN);
        t = new_chan(pos, CHAN_RECV, chan_elem(p));
        break;
    case T_FUNC: parse_next(p); t = parse_func_type(p, "function type", pos); break;
    case T_LBRACK:
        parse_next(p);
        if (parse_got(p, T_RBRACK)) t = parse_slice_type(pos, parse_type(p));
        else t = parse_array_type(p, pos, NULL);
        break;
    case T_CHAN: {
        parse_next(p);
        int dir = parse_got(p, T_ARROW) ? CHAN_SEND : CHAN_BOTH;
        t = new_chan(pos, dir, chan_elem(p));
        break;
    }
    case T_MAP:
        parse_next(p);
        parse_want(p, T_LBRACK);
        t = ast_new(N_MAP_TYPE, pos);
        t->map.key = parse_type(p);
        parse_want(p, T_RBRACK);
        t->map.value = parse_type(p);
        break;
    case T_STRUCT: t = struct_type(p); break;
    case T_INTERFACE: t = interface_type(p); break;
    case T_LPAREN:
        parse_next(p);
        t = parse_type(p);
        parse_want(p, T_RPAREN);
        t->flags |= NF_PAREN_TYPE;
        break;
    }
    parse_leave(p);
    return t;
}

/* T[A, B] after T. */
static Node *type_instance(Parser *p, Node *x) {
    Node *ix = ast_new(N_INDEX, x->pos);
    ix->index.x = x;
    parse_enter(p);
    parse_want(p, T_LBRACK);
    if (p->tok.kind == T_RBRACK) {
        parse_syntax_error(p, "expected type argument list");
        nodelist_push(&ix->index.indices, parse_bad(p));
    } else {
        type_list(p, &ix->index.indices, true);
    }
    parse_want(p, T_RBRACK);
    parse_leave(p);
    return ix;
}

/* TypeName [ TypeArgs ], the first name possibly given. */
static Node *qualified_name(Parser *p, Node *nm) {
    Node *x = nm;
    if (!x && p->tok.kind == T_IDENT) x = parse_name(p);
    else if (!x) {
        x = parse_new_ident(p, p->tok.pos, "_", 1);
        parse_syntax_error(p, "expected name");
        parse_advance(p, FOLLOW(T_PERIOD, T_SEMICOLON, T_RBRACE));
    }
    if (p->tok.kind == T_PERIOD) {
        Node *s = ast_new(N_SELECTOR, x->pos);
        parse_next(p);
        s->sel.x = x;
        s->sel.name_pos = p->tok.pos;
        s->sel.name = parse_name(p)->ident.name;
        x = s;
    }
    if (p->tok.kind == T_LBRACK) x = type_instance(p, x);
    return x;
}

/* "[" after a name in a field or parameter: []E, [n]E, or type arguments
 * x[A, B] (an N_INDEX whose x the caller fills in). */
static Node *array_or_targs(Parser *p) {
    Pos pos = p->tok.pos;
    Node *t;
    parse_enter(p);
    parse_want(p, T_LBRACK);
    if (parse_got(p, T_RBRACK)) {
        t = parse_slice_type(pos, parse_type(p));
    } else {
        NodeList l = {0};
        bool comma = type_list(p, &l, false);
        parse_want(p, T_RBRACK);
        Node *elem = comma ? NULL : parse_type_or_null(p);
        if (elem) {
            t = ast_new(N_ARRAY_TYPE, pos);
            t->arr.len = l.items[0];
            t->arr.elem = elem;
        } else {
            t = ast_new(N_INDEX, pos);
            t->index.indices = l;
        }
    }
    parse_leave(p);
    return t;
}

/* EmbeddedTerm = [ "~" ] Type. */
static Node *embedded_term(Parser *p) {
    if (p->tok.kind == T_TILDE) {
        Node *u = ast_new(N_UNARY, p->tok.pos);
        u->un.op = T_TILDE;
        parse_next(p);
        u->un.x = parse_type(p);
        return u;
    }
    Node *t = parse_type_or_null(p);
    if (!t) {
        t = parse_bad(p);
        parse_syntax_error(p, "expected ~ term or type");
        parse_advance(p, FOLLOW(T_OR, T_SEMICOLON, T_RPAREN, T_RBRACK, T_RBRACE));
    }
    return t;
}

/* Continues a union t | term | ... (t may be NULL: parse the first term). */
static Node *union_terms(Parser *p, Node *t) {
    if (!t) t = embedded_term(p);
    while (p->tok.kind == T_OR) {
        Node *b = ast_new(N_BINARY, t->pos);
        b->bin.op = T_OR;
        parse_next(p);
        b->bin.x = t;
        b->bin.y = embedded_term(p);
        t = b;
    }
    return t;
}

/* ---- parameters ---- */

typedef struct Param {
    Node *name, *type;
} Param;

typedef struct Params {
    Param *v;
    int n, cap;
    int named, typed; /* how many have a name and a type / a type */
    int close;        /* T_RPAREN, or T_RBRACK for type parameters */
    Node *name, *type; /* a first parameter the caller already parsed */
} Params;

/* ParameterDecl = [ IdentifierList ] [ "..." ] Type, one name at a time. In a
 * type parameter list (close is "]") constraints may be type-set unions.
 * Returns false (after reporting) if nothing could be parsed. */
static bool param_decl(Parser *p, Node *nm, int close, Param *out) {
    bool sets = close == T_RBRACK;
    *out = (Param){0};
    if (!nm && sets && p->tok.kind == T_TILDE) {
        out->type = union_terms(p, NULL);
        return true;
    }
    if (p->tok.kind == T_IDENT || nm) {
        if (!nm) nm = parse_name(p);
        if (p->tok.kind == T_LBRACK) {
            Node *t = array_or_targs(p);
            if (t->kind == N_INDEX && !t->index.x) {
                t->index.x = nm; /* name[A, B]: an instantiated type */
                t->pos = nm->pos;
            } else {
                out->name = nm; /* name [n]E */
            }
            out->type = sets && p->tok.kind == T_OR ? union_terms(p, t) : t;
            return true;
        }
        if (p->tok.kind == T_PERIOD) {
            Node *t = qualified_name(p, nm);
            out->type = sets && p->tok.kind == T_OR ? union_terms(p, t) : t;
            return true;
        }
        if (sets && p->tok.kind == T_OR) {
            out->type = union_terms(p, nm);
            return true;
        }
        out->name = nm;
    }
    if (p->tok.kind == T_ELLIPSIS) {
        Node *e = ast_new(N_ELLIPSIS, p->tok.pos);
        parse_next(p);
        e->un.x = parse_type_or_null(p);
        if (!e->un.x) {
            out->type = parse_bad(p);
            parse_syntax_error(p, "... is missing type");
        } else {
            out->type = e;
        }
        return true;
    }
    if (sets && p->tok.kind == T_TILDE) {
        out->type = union_terms(p, NULL);
        return true;
    }
    out->type = parse_type_or_null(p);
    if (out->type && sets && p->tok.kind == T_OR) out->type = union_terms(p, out->type);
    if (out->name || out->type) return true;
    parse_syntax_errorf(p, p->tok.pos, "expected %s", parse_tokstring(close));
    parse_advance(p, (const int[]){T_COMMA, close, -1});
    return false;
}

static void params_push(Params *ps, Param par) {
    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? ps->cap * 2 : 8;
        ps->v = GROW_ARRAY(Param, ps->v, ps->cap);
    }
    ps->v[ps->n++] = par;
    if (par.name && par.type) ps->named++;
    if (par.type) ps->typed++;
}

static bool param_item(Parser *p, void *ctx) {
    Params *ps = ctx;
    Param par = {ps->name, ps->type};
    bool ok = par.type || param_decl(p, ps->name, ps->close, &par);
    ps->name = ps->type = NULL;
    if (ok) params_push(ps, par);
    return false;
}

/* The leftmost position of a type expression. */
static Pos start_pos(const Node *n) { return n->pos; }

/* Gives every parameter a type: either all are types (no names; a list of
 * lone identifiers is that too: csp's dynamic parameters are decided by the
 * checker), or names share the type to their right, as in (a, b int). */
static void distribute(Parser *p, Params *ps, Pos end, bool require_names) {
    if (ps->named == 0 && !require_names) {
        for (int i = 0; i < ps->n; i++) {
            if (!ps->v[i].name) continue;
            ps->v[i].type = ps->v[i].name;
            ps->v[i].name = NULL;
        }
        return;
    }
    if (ps->named == ps->n) return;
    Pos err = {0, 0};
    Node *typ = NULL;
    for (int i = ps->n - 1; i >= 0; i--) {
        Param *par = &ps->v[i];
        if (par->type) {
            typ = par->type;
            if (!par->name) {
                err = start_pos(typ);
                par->name = parse_new_ident(p, err, "_", 1);
            }
        } else if (typ) {
            par->type = typ;
        } else {
            err = par->name->pos;
            par->type = ast_new(N_BAD, err);
        }
    }
    if (err.line == 0) return;
    const char *msg;
    if (ps->named == ps->typed) {
        err = end;
        msg = require_names ? "missing type constraint" : "missing parameter type";
    } else if (require_names) {
        msg = ps->n == 1 ? "missing type parameter name or invalid array length"
                         : "missing type parameter name";
    } else {
        msg = "missing parameter name";
    }
    parse_syntax_error_at(p, err, msg);
}

/* Reports "..." anywhere but on the last parameter (or anywhere, unless
 * dddok), and drops it. */
static void check_dots(Parser *p, Params *ps, bool dddok) {
    bool first = true;
    for (int i = 0; i < ps->n; i++) {
        Node *t = ps->v[i].type;
        if (t->kind != N_ELLIPSIS || (dddok && i + 1 == ps->n)) continue;
        if (first)
            parse_error_at(p, t->pos, dddok ? "can only use ... with final parameter" : "invalid use of ...");
        first = false;
        for (int j = i; j < ps->n; j++)
            if (ps->v[j].type == t) ps->v[j].type = t->un.x;
    }
}

/* Groups parameters into N_FIELDs: consecutive names sharing one type node
 * (a, b int) make one field. */
static void group_fields(Params *ps, NodeList *out) {
    Node *f = NULL;
    for (int i = 0; i < ps->n; i++) {
        Param *par = &ps->v[i];
        if (f && par->name && f->field.names.n && f->field.type == par->type) {
            nodelist_push(&f->field.names, par->name);
            continue;
        }
        f = ast_new(N_FIELD, par->name ? par->name->pos : par->type->pos);
        if (par->name) nodelist_push(&f->field.names, par->name);
        f->field.type = par->type;
        nodelist_push(out, f);
    }
}

/* Parameters after "(" (or type parameters after "["), up to and including
 * close; name and type, if given, are a first parameter already parsed. */
void parse_params(Parser *p, Node *nm, Node *typ, int close, bool require_names, bool dddok,
                       NodeList *out) {
    Params ps = {.close = close, .name = nm, .type = typ};
    if (nm && typ && p->tok.kind == close) {
        parse_next(p);
        params_push(&ps, (Param){nm, typ});
    } else {
        Pos end = parse_list(p, "parameter list", T_COMMA, close, param_item, &ps);
        if (ps.n == 0) return;
        distribute(p, &ps, end, require_names);
    }
    check_dots(p, &ps, dddok);
    group_fields(&ps, out);
}

/* Result = Parameters | Type. */
void parse_func_result(Parser *p, NodeList *out) {
    if (parse_got(p, T_LPAREN)) {
        parse_params(p, NULL, NULL, T_RPAREN, false, false, out);
        return;
    }
    Pos pos = p->tok.pos;
    Node *t = parse_type_or_null(p);
    if (!t) return;
    Node *f = ast_new(N_FIELD, pos);
    f->field.type = t;
    nodelist_push(out, f);
}

/* Signature after "func" (and a name): [ TypeParams ] Parameters [ Result ].
 * Type parameters are reported when context names where they are not
 * allowed ("function type", "method"). */
Node *parse_func_type(Parser *p, const char *context, Pos pos) {
    Node *t = ast_new(N_FUNC_TYPE, pos);
    if (p->tok.kind == T_LBRACK) {
        if (context) parse_syntax_errorf(p, p->tok.pos, "%s must have no type parameters", context);
        parse_next(p);
        if (p->tok.kind == T_RBRACK) {
            parse_syntax_error(p, "empty type parameter list");
            parse_next(p);
        } else {
            parse_params(p, NULL, NULL, T_RBRACK, true, false, &t->ftype.tparams);
        }
    }
    parse_want(p, T_LPAREN);
    parse_params(p, NULL, NULL, T_RPAREN, false, true, &t->ftype.params);
    parse_func_result(p, &t->ftype.results);
    return t;
}

/* ---- struct fields and interface elements ---- */

static Node *opt_tag(Parser *p) { return p->tok.kind == T_STRING ? parse_literal(p) : NULL; }

static Node *new_field(Pos pos, NodeList names, Node *type, Node *tag) {
    Node *f = ast_new(N_FIELD, pos);
    f->field.names = names;
    f->field.type = type;
    f->field.tag = tag;
    f->field.embedded = names.n == 0;
    return f;
}

/* An embedded field after "*" or "(": [ "*" ] TypeName, with gc's complaint
 * about parentheses. */
static Node *embedded_paren(Parser *p, Pos pos) {
    parse_syntax_error(p, "cannot parenthesize embedded type");
    parse_next(p);
    Node *t;
    if (p->tok.kind == T_MUL) {
        Pos sp = p->tok.pos;
        parse_next(p);
        t = parse_new_star(sp, qualified_name(p, NULL));
    } else {
        t = qualified_name(p, NULL);
    }
    parse_got(p, T_RPAREN);
    return t;
}

/* FieldDecl = (IdentifierList Type | EmbeddedField) [ Tag ]. */
static bool struct_field(Parser *p, void *ctx) {
    NodeList *fields = &((Node *)ctx)->strct.fields, names = {0};
    Pos pos = p->tok.pos;
    Node *t;
    switch (p->tok.kind) {
    case T_IDENT: {
        Node *nm = parse_name(p);
        int k = p->tok.kind;
        if (k == T_PERIOD || k == T_STRING || k == T_SEMICOLON || k == T_RBRACE) {
            t = qualified_name(p, nm); /* embedded T or pkg.T */
            break;
        }
        nodelist_push(&names, nm);
        while (parse_got(p, T_COMMA)) nodelist_push(&names, parse_name(p));
        if (names.n == 1 && p->tok.kind == T_LBRACK) {
            t = array_or_targs(p);
            if (t->kind == N_INDEX && !t->index.x) { /* embedded T[A, B] */
                t->index.x = nm;
                t->pos = nm->pos;
                names.n = 0;
            }
        } else {
            t = parse_type(p);
        }
        break;
    }
    case T_MUL:
        parse_next(p);
        t = p->tok.kind == T_LPAREN ? embedded_paren(p, pos) : qualified_name(p, NULL);
        t = parse_new_star(pos, t);
        break;
    case T_LPAREN:
        t = embedded_paren(p, pos);
        break;
    default:
        parse_syntax_error(p, "expected field name or embedded type");
        parse_advance(p, FOLLOW(T_SEMICOLON, T_RBRACE));
        return false;
    }
    nodelist_push(fields, new_field(pos, names, t, opt_tag(p)));
    return false;
}

/* MethodSpec or an embedded type after the name nm, with gc's handling of
 * name[...]: a (rejected) generic method or an instantiated type. */
static Node *method_or_embedded(Parser *p, Node *nm) {
    Node *f = ast_new(N_FIELD, nm->pos);
    const char *ctx = "interface method";
    if (p->tok.kind == T_LPAREN) {
        nodelist_push(&f->field.names, nm);
        f->field.type = parse_func_type(p, ctx, p->tok.pos);
        return f;
    }
    if (p->tok.kind != T_LBRACK) {
        f->field.type = qualified_name(p, nm);
        f->field.embedded = true;
        return f;
    }
    Pos lpos = p->tok.pos;
    parse_next(p);
    NodeList l = {0};
    if (p->tok.kind == T_RBRACK) {
        Pos rpos = p->tok.pos;
        parse_next(p);
        parse_error_at(p, rpos,
                       p->tok.kind == T_LPAREN ? "empty type parameter list" : "empty type argument list");
    } else {
        parse_params(p, NULL, NULL, T_RBRACK, false, false, &l);
    }
    if (l.n == 0 || l.items[0]->field.names.n) {
        if (p->tok.kind == T_LPAREN || l.n) {
            if (l.n) parse_error_at(p, lpos, "interface method must have no type parameters");
            nodelist_push(&f->field.names, nm);
            f->field.type = parse_func_type(p, ctx, p->tok.pos);
        } else {
            f->field.type = nm;
            f->field.embedded = true;
        }
        return f;
    }
    Node *ix = ast_new(N_INDEX, nm->pos); /* embedded T[A, B] */
    ix->index.x = nm;
    for (int i = 0; i < l.n; i++) nodelist_push(&ix->index.indices, l.items[i]->field.type);
    f->field.type = ix;
    f->field.embedded = true;
    return f;
}

/* InterfaceElem = MethodElem | TypeElem. */
static bool iface_elem(Parser *p, void *ctx) {
    Node *t = ctx, *f;
    if (p->tok.kind == T_IDENT) {
        f = method_or_embedded(p, parse_name(p));
        if (f->field.names.n == 0) f->field.type = union_terms(p, f->field.type);
    } else {
        f = ast_new(N_FIELD, p->tok.pos);
        f->field.type = union_terms(p, NULL);
        f->field.embedded = true;
    }
    nodelist_push(&t->iface.elems, f);
    return false;
}
