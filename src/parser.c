/* parser.c: recursive descent from tokens to the AST of ast.h: Go's whole
 * grammar, plus csp's scripts (statements among the top-level declarations)
 * and parameters without types. The structure, the composite-literal rule in
 * control clauses and the error recovery follow gc's syntax parser, so syntax
 * errors read as Go's. grammar/csp.ebnf is the grammar implemented here. This
 * half holds the token and error machinery, statements, declarations and
 * files; parse_expr.c holds expressions and types (parse_int.h joins them).
 *
 * Positions: an expression node carries the position of its first token (gc's
 * type checker reports expression errors there); a statement, that of its
 * first token, except N_ASSIGN, N_INCDEC and N_SEND, which carry their
 * operator's, as gc does ("no new variables on left side of :=" points at the
 * ":="). A parenthesised expression is an N_PAREN node in expressions; in a
 * type context the parentheses are dropped. Either way the inner node gets
 * NF_PAREN_TYPE.
 *
 * Nesting: brackets, blocks, unary operators, type constructors and chains of
 * selectors, calls and indexes each count one level; past PARSE_MAX_NESTING
 * the parser reports "nesting too deep" and from then on sees only EOF, so it
 * unwinds at once. Binary operator chains are built by a loop instead. */
#include "parse_int.h"
#include <stdarg.h>
#include <stdio.h>

static Node *block_stmt(Parser *p, const char *context);
static Node *stmt_or_null(Parser *p);
static Node *simple_stmt(Parser *p, NodeList *lhs, int keyword);
static Node *gen_decl(Parser *p);
static void stmt_list(Parser *p, NodeList *out);

/* ---- tokens ---- */

void parse_next(Parser *p) {
    if (p->dead || p->diag->too_many) {
        p->dead = true;
        p->tok.kind = T_EOF;
        p->tok.len = 0;
        return;
    }
    if (p->has_ahead) {
        p->tok = p->ahead;
        p->has_ahead = false;
        return;
    }
    p->tok = lexer_next(&p->lx);
}

/* The token after the current one. */
static int peek_kind(Parser *p) {
    if (p->dead) return T_EOF;
    if (!p->has_ahead) {
        p->ahead = lexer_next(&p->lx);
        p->has_ahead = true;
    }
    return p->ahead.kind;
}

bool parse_got(Parser *p, int kind) {
    if (p->tok.kind != kind) return false;
    parse_next(p);
    return true;
}

/* Keywords that start statements: recovery points inside functions. */
static bool is_stop(int k) {
    switch (k) {
    case T_BREAK: case T_CONST: case T_CONTINUE: case T_DEFER: case T_FALLTHROUGH: case T_FOR:
    case T_GO: case T_GOTO: case T_IF: case T_RETURN: case T_SELECT: case T_SWITCH: case T_TYPE:
    case T_VAR:
        return true;
    }
    return false;
}

/* Skips tokens up to one in follow (or a statement keyword where statements
 * are, or EOF). With an empty follow list, skips exactly one token. */
void parse_advance(Parser *p, const int *follow) {
    if (!follow || follow[0] < 0) {
        if (p->tok.kind != T_EOF) parse_next(p);
        return;
    }
    for (; p->tok.kind != T_EOF; parse_next(p)) {
        if (p->fnest > 0 && is_stop(p->tok.kind)) return;
        for (const int *f = follow; *f >= 0; f++)
            if (p->tok.kind == *f) return;
    }
}

/* ---- errors ---- */

static bool had_error(Parser *p) { return p->diag->n > p->base_errors || p->diag->too_many; }

void parse_error_at(Parser *p, Pos pos, const char *msg) {
    if (!p->dead) diag_error(p->diag, pos, "%s", msg);
}

/* Appends up to max bytes of [s, s+len), cut at a character boundary. */
void parse_put_clipped(Buf *b, const char *s, int32_t len, int32_t max) {
    if (len <= max) {
        buf_put(b, s, (size_t)len);
        return;
    }
    while (max > 0 && (s[max] & 0xC0) == 0x80) max--;
    buf_put(b, s, (size_t)max);
    buf_puts(b, "...");
}

/* gc's description of a token in "unexpected X". */
static void put_tok(Buf *b, const Token *t) {
    switch (t->kind) {
    case T_IDENT:
        buf_puts(b, "name ");
        parse_put_clipped(b, t->start, t->len, 40);
        return;
    case T_INT: case T_FLOAT: case T_IMAG: case T_RUNE: case T_STRING:
        buf_puts(b, "literal ");
        parse_put_clipped(b, t->start, t->len, 40);
        return;
    case T_SEMICOLON:
        buf_puts(b, !t->auto_semi ? "semicolon" : t->len == 0 ? "EOF" : "newline");
        return;
    case T_COMMA: buf_puts(b, "comma"); return;
    }
    if (t->kind >= T_BREAK && t->kind <= T_VAR) buf_puts(b, "keyword ");
    buf_puts(b, token_str(t->kind));
}

/* gc's word for an expected token. */
const char *parse_tokstring(int kind) {
    switch (kind) {
    case T_COMMA: return "comma";
    case T_SEMICOLON: return "semicolon or newline";
    case T_CHAN: return "keyword chan";
    }
    return token_str(kind);
}

/* Reports a syntax error worded as gc does: "in ..."/"at ..."/"after ..."
 * and "expected ..." messages name the current token first. */
void parse_syntax_error_at(Parser *p, Pos pos, const char *msg) {
    if (p->dead || (p->tok.kind == T_EOF && had_error(p))) return;
    Buf b;
    buf_init(&b);
    buf_puts(&b, "syntax error: ");
    bool in = !strncmp(msg, "in ", 3) || !strncmp(msg, "at ", 3) || !strncmp(msg, "after ", 6);
    bool expected = !strncmp(msg, "expected ", 9);
    if (in || expected) {
        buf_puts(&b, "unexpected ");
        put_tok(&b, &p->tok);
        buf_puts(&b, in ? " " : ", ");
    }
    buf_puts(&b, msg);
    diag_error(p->diag, pos, "%s", buf_cstr(&b));
}

void parse_syntax_error(Parser *p, const char *msg) { parse_syntax_error_at(p, p->tok.pos, msg); }

/* Formatting variants. Kept out of line so that the parsing functions on the
 * recursion path carry no message buffers in their frames. */
__attribute__((format(printf, 3, 4), noinline))
void parse_syntax_errorf(Parser *p, Pos pos, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    parse_syntax_error_at(p, pos, msg);
}

__attribute__((format(printf, 3, 4), noinline))
void parse_error_atf(Parser *p, Pos pos, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    parse_error_at(p, pos, msg);
}

void parse_want(Parser *p, int kind) {
    if (parse_got(p, kind)) return;
    parse_syntax_errorf(p, p->tok.pos, "expected %s", parse_tokstring(kind));
    parse_advance(p, NULL);
}

/* Accepts "=" (and ":=", with an error, for better recovery). */
static bool got_assign(Parser *p) {
    if (p->tok.kind == T_DEFINE) parse_syntax_error(p, "expected =");
    else if (p->tok.kind != T_ASSIGN) return false;
    parse_next(p);
    return true;
}

/* ---- nesting ---- */

void parse_enter(Parser *p) {
    if (++p->depth <= PARSE_MAX_NESTING || p->dead) return;
    parse_error_atf(p, p->tok.pos, "nesting too deep (limit %d)", PARSE_MAX_NESTING);
    p->dead = true;
    p->has_ahead = false;
    p->tok.kind = T_EOF;
    p->tok.len = 0;
}

/* ---- nodes ---- */

Node *parse_new_ident(Parser *p, Pos pos, const char *s, size_t len) {
    Node *n = ast_new(N_IDENT, pos);
    n->ident.name = intern(p->in, s, len);
    return n;
}

Node *parse_name(Parser *p) {
    if (p->tok.kind == T_IDENT) {
        Node *n = parse_new_ident(p, p->tok.pos, p->tok.start, (size_t)p->tok.len);
        parse_next(p);
        return n;
    }
    Node *n = parse_new_ident(p, p->tok.pos, "_", 1);
    parse_syntax_error(p, "expected name");
    parse_advance(p, NULL);
    return n;
}

static bool is_literal(int kind) { return kind >= T_INT && kind <= T_STRING; }

__attribute__((noinline)) Node *parse_literal(Parser *p) {
    static const uint16_t kinds[] = {[T_INT] = N_INT_LIT, [T_FLOAT] = N_FLOAT_LIT,
                                     [T_IMAG] = N_IMAG_LIT, [T_RUNE] = N_RUNE_LIT,
                                     [T_STRING] = N_STRING_LIT};
    Token t = p->tok;
    Node *n = ast_new(kinds[t.kind], t.pos);
    n->lit.raw = gc_strndup(t.start, (size_t)t.len);
    char err[96];
    bool ok = true;
    if (t.kind == T_STRING) {
        char *s;
        ok = lex_decode_string(t.start, (size_t)t.len, &s, &n->lit.len, err, sizeof err);
        n->lit.str = ok ? s : "";
    } else if (t.kind == T_RUNE) {
        ok = lex_decode_rune(t.start, (size_t)t.len, &n->lit.rune, err, sizeof err);
    }
    if (!ok) parse_error_at(p, t.pos, err); /* normally the scanner said so already */
    parse_next(p);
    return n;
}

/* ---- lists ---- */

/* list = [ f { sep f } [ sep ] ] close. f returns true to stop early.
 * Returns the position of the closing token. */
Pos parse_list(Parser *p, const char *context, int sep, int close, ListFn f, void *ctx) {
    bool done = false;
    while (p->tok.kind != T_EOF && p->tok.kind != close && !done) {
        done = f(p, ctx);
        if (!parse_got(p, sep) && p->tok.kind != close) {
            parse_syntax_errorf(p, p->tok.pos, "in %s; possibly missing %s or %s", context,
                                parse_tokstring(sep), parse_tokstring(close));
            parse_advance(p, FOLLOW(T_RPAREN, T_RBRACK, T_RBRACE));
            if (p->tok.kind != close) return p->tok.pos;
        }
    }
    Pos pos = p->tok.pos;
    parse_want(p, close);
    return pos;
}

/* ---- statements ---- */

Node *parse_func_body(Parser *p) {
    p->fnest++;
    Node *b = block_stmt(p, "");
    p->fnest--;
    return b;
}

/* Removes g from the pending x.(type) list: it heads a type switch. */
static void guard_ok(Parser *p, Node *g) {
    for (int i = p->guards.n - 1; i >= 0; i--) {
        if (p->guards.items[i] != g) continue;
        p->guards.items[i] = p->guards.items[--p->guards.n];
        return;
    }
}

/* Reports every x.(type) seen outside a type switch header so far. */
static void flush_guards(Parser *p) {
    for (int i = 0; i < p->guards.n; i++)
        parse_error_at(p, p->guards.items[i]->pos,
                       "invalid syntax tree: use of .(type) outside type switch");
    p->guards.n = 0;
}

static Node *range_clause(Parser *p, NodeList *lhs, bool define) {
    Node *r = ast_new(N_RANGE, p->tok.pos);
    parse_next(p); /* range */
    r->range.define = define;
    if (lhs && lhs->n > 0) r->range.key = lhs->items[0];
    if (lhs && lhs->n > 1) r->range.value = lhs->items[1];
    if (lhs && lhs->n > 2)
        parse_error_at(p, lhs->items[2]->pos, "range clause permits at most two iteration variables");
    r->range.x = parse_expr(p);
    return r;
}

/* SimpleStmt = ExpressionStmt | SendStmt | IncDecStmt | Assignment |
 * ShortVarDecl, with lhs possibly parsed already; after "for", also a range
 * clause (an N_RANGE without body). */
static Node *simple_stmt(Parser *p, NodeList *given, int keyword) {
    if (keyword == T_FOR && p->tok.kind == T_RANGE) return range_clause(p, NULL, false);
    NodeList lhs = {0};
    if (given) lhs = *given;
    parse_expr_list(p, &lhs);
    Pos pos = p->tok.pos;
    int op = p->tok.kind;
    if (lhs.n == 1 && op != T_ASSIGN && op != T_DEFINE) {
        Node *x = lhs.items[0], *s;
        if (op >= T_ADD_ASSIGN && op <= T_AND_NOT_ASSIGN) {
            s = ast_new(N_ASSIGN, pos);
            s->assign.op = op;
            s->assign.lhs = lhs;
            parse_next(p);
            nodelist_push(&s->assign.rhs, parse_expr(p));
        } else if (op == T_INC || op == T_DEC) {
            s = ast_new(N_INCDEC, pos);
            s->incdec.x = x;
            s->incdec.op = op;
            parse_next(p);
        } else if (op == T_ARROW) {
            s = ast_new(N_SEND, pos);
            parse_next(p);
            s->send.ch = x;
            s->send.value = parse_expr(p);
        } else {
            s = ast_new(N_EXPR_STMT, x->pos);
            s->un.x = x;
        }
        return s;
    }
    if (op != T_ASSIGN && op != T_DEFINE) {
        parse_syntax_error(p, "expected := or = or comma");
        parse_advance(p, FOLLOW(T_SEMICOLON, T_RBRACE));
        Node *s = ast_new(N_EXPR_STMT, lhs.items[0]->pos);
        s->un.x = lhs.items[0];
        return s;
    }
    parse_next(p);
    if (keyword == T_FOR && p->tok.kind == T_RANGE) return range_clause(p, &lhs, op == T_DEFINE);
    Node *s = ast_new(N_ASSIGN, pos);
    s->assign.op = op;
    s->assign.lhs = lhs;
    parse_expr_list(p, &s->assign.rhs);
    return s;
}

/* Whether s is a type switch guard: x.(type) or v := x.(type). */
static Node *type_guard(Node *s) {
    if (!s) return NULL;
    Node *x = NULL;
    if (s->kind == N_EXPR_STMT) x = s->un.x;
    else if (s->kind == N_ASSIGN && s->assign.op == T_DEFINE && s->assign.lhs.n == 1 &&
             s->assign.lhs.items[0]->kind == N_IDENT && s->assign.rhs.n == 1)
        x = s->assign.rhs.items[0];
    return x && x->kind == N_TYPE_ASSERT && !x->assert.type ? x : NULL;
}

typedef struct Header {
    Node *init, *cond, *post; /* cond: the condition statement, unchecked */
    Token semi;               /* the ";" after init, if any (kind T_SEMICOLON) */
} Header;

/* The clauses of if/for/switch after the keyword, with xnest = -1 so that
 * "{" ends them (Go's composite literal rule). */
static void header(Parser *p, int keyword, Header *h) {
    *h = (Header){0};
    parse_next(p); /* the keyword */
    if (p->tok.kind == T_LBRACE) {
        if (keyword == T_IF) {
            parse_syntax_error(p, "missing condition in if statement");
            h->cond = ast_new(N_EXPR_STMT, p->tok.pos);
            h->cond->un.x = parse_bad(p);
        }
        return;
    }
    int outer = p->xnest;
    p->xnest = -1;
    if (p->tok.kind != T_SEMICOLON) {
        if (parse_got(p, T_VAR))
            parse_syntax_errorf(p, p->tok.pos, "var declaration not allowed in %s initializer",
                                token_str(keyword));
        h->init = simple_stmt(p, NULL, keyword);
        if (h->init->kind == N_RANGE) {
            p->xnest = outer;
            return;
        }
    }
    if (p->tok.kind == T_LBRACE) {
        h->cond = h->init;
        h->init = NULL;
        p->xnest = outer;
        return;
    }
    if (p->tok.kind == T_SEMICOLON) {
        h->semi = p->tok;
        parse_next(p);
    } else {
        parse_want(p, T_LBRACE); /* asking for "{" rather than ";" reads better */
        if (p->tok.kind != T_LBRACE) parse_advance(p, FOLLOW(T_LBRACE, T_RBRACE));
    }
    if (keyword == T_FOR) {
        if (p->tok.kind != T_SEMICOLON) {
            if (p->tok.kind == T_LBRACE) {
                parse_syntax_error(p, "expected for loop condition");
                p->xnest = outer;
                return;
            }
            h->cond = simple_stmt(p, NULL, 0);
        }
        parse_want(p, T_SEMICOLON);
        if (p->tok.kind != T_LBRACE) {
            h->post = simple_stmt(p, NULL, 0);
            if (h->post->kind == N_ASSIGN && h->post->assign.op == T_DEFINE)
                parse_syntax_error_at(p, h->post->pos, "cannot declare in post statement of for loop");
        }
    } else if (p->tok.kind != T_LBRACE) {
        h->cond = simple_stmt(p, NULL, keyword);
    }
    p->xnest = outer;
}

/* The condition expression of a header's condition statement. */
static Node *header_cond(Parser *p, int keyword, Header *h) {
    Node *s = h->cond;
    if (!s) {
        if (keyword != T_IF || h->semi.kind != T_SEMICOLON) return NULL;
        Buf b;
        buf_init(&b);
        if (h->semi.auto_semi) {
            buf_puts(&b, "unexpected ");
            put_tok(&b, &h->semi);
            buf_puts(&b, ", expected { after if clause");
        } else {
            buf_puts(&b, "missing condition in if statement");
        }
        parse_syntax_error_at(p, h->semi.pos, buf_cstr(&b));
        return ast_new(N_BAD, h->semi.pos);
    }
    if (s->kind == N_EXPR_STMT) return s->un.x;
    Buf b;
    buf_init(&b);
    buf_puts(&b, "cannot use ");
    if (s->kind == N_ASSIGN && s->assign.op == T_ASSIGN) {
        buf_puts(&b, "assignment ");
        for (int side = 0; side < 2; side++) {
            NodeList *l = side ? &s->assign.rhs : &s->assign.lhs;
            bool emph = l->n == 1 && l->items[0]->kind == N_BINARY;
            if (side) buf_puts(&b, " = ");
            if (emph) buf_putc(&b, '(');
            parse_put_list(&b, l, 0);
            if (emph) buf_putc(&b, ')');
        }
    } else {
        parse_put_node(&b, s, 0);
    }
    buf_puts(&b, " as value");
    parse_syntax_error_at(p, s->pos, buf_cstr(&b));
    return ast_new(N_BAD, s->pos);
}

static Node *if_stmt(Parser *p) {
    Node *s = ast_new(N_IF, p->tok.pos);
    Header h;
    header(p, T_IF, &h);
    s->ifs.init = h.init;
    s->ifs.cond = header_cond(p, T_IF, &h);
    s->ifs.then = block_stmt(p, "if clause");
    if (parse_got(p, T_ELSE)) {
        if (p->tok.kind == T_IF) {
            parse_enter(p); /* else-if chains deepen the tree */
            s->ifs.els = if_stmt(p);
            parse_leave(p);
        } else if (p->tok.kind == T_LBRACE) {
            s->ifs.els = block_stmt(p, "");
        } else {
            parse_syntax_error(p, "else must be followed by if or statement block");
            parse_advance(p, FOLLOW(T_IDENT, T_RBRACE));
        }
    }
    return s;
}

static Node *for_stmt(Parser *p) {
    Pos pos = p->tok.pos;
    Header h;
    header(p, T_FOR, &h);
    if (h.init && h.init->kind == N_RANGE) {
        h.init->pos = pos;
        h.init->range.body = block_stmt(p, "for clause");
        return h.init;
    }
    Node *s = ast_new(N_FOR, pos);
    s->fors.init = h.init;
    s->fors.cond = header_cond(p, T_FOR, &h);
    s->fors.post = h.post;
    s->fors.body = block_stmt(p, "for clause");
    return s;
}

/* CaseClause / CommClause: "case" list ":" or "default" ":", then statements. */
static Node *case_clause(Parser *p, bool comm) {
    Node *c = ast_new(comm ? N_COMM : N_CASE, p->tok.pos);
    bool is_default = false;
    if (p->tok.kind == T_CASE) {
        parse_next(p);
        if (comm) c->comm.stmt = simple_stmt(p, NULL, 0);
        else parse_expr_list(p, &c->cas.list);
    } else if (p->tok.kind == T_DEFAULT) {
        parse_next(p);
        is_default = true;
    } else {
        parse_syntax_error(p, "expected case or default or }");
        parse_advance(p, FOLLOW(T_COLON, T_CASE, T_DEFAULT, T_RBRACE));
    }
    parse_want(p, T_COLON);
    if (comm) {
        c->comm.is_default = is_default;
        stmt_list(p, &c->comm.body);
    } else {
        c->cas.is_default = is_default;
        stmt_list(p, &c->cas.body);
    }
    return c;
}

/* "{" { clause } "}" of a switch or select. */
static void clauses(Parser *p, const char *missing, bool comm, NodeList *out, Pos *rbrace) {
    parse_enter(p);
    if (!parse_got(p, T_LBRACE)) {
        parse_syntax_error(p, missing);
        parse_advance(p, FOLLOW(T_CASE, T_DEFAULT, T_RBRACE));
    }
    while (p->tok.kind != T_EOF && p->tok.kind != T_RBRACE) nodelist_push(out, case_clause(p, comm));
    parse_leave(p);
    if (rbrace) *rbrace = p->tok.pos;
    parse_want(p, T_RBRACE);
}

static Node *switch_stmt(Parser *p) {
    Pos pos = p->tok.pos;
    Header h;
    header(p, T_SWITCH, &h);
    Node *guard = type_guard(h.cond), *s;
    if (guard) {
        guard_ok(p, guard);
        s = ast_new(N_TYPE_SWITCH, pos);
        s->sw.assign = h.cond;
    } else {
        s = ast_new(N_SWITCH, pos);
        s->sw.tag = header_cond(p, T_SWITCH, &h);
    }
    s->sw.init = h.init;
    clauses(p, "missing { after switch clause", false, &s->sw.body, &s->sw.rbrace);
    return s;
}

static Node *select_stmt(Parser *p) {
    Node *s = ast_new(N_SELECT, p->tok.pos);
    parse_next(p);
    clauses(p, "missing { after select clause", true, &s->sel_stmt.body, NULL);
    return s;
}

/* go / defer: the operand must be a call, not parenthesised. */
static Node *call_stmt(Parser *p) {
    int tok = p->tok.kind;
    Node *s = ast_new(tok == T_GO ? N_GO : N_DEFER, p->tok.pos);
    parse_next(p);
    Node *x = parse_primary_expr(p, NULL);
    if (x->kind == N_PAREN) {
        parse_error_atf(p, x->pos, "expression in %s must not be parenthesized", token_str(tok));
        x = parse_unparen(x);
    }
    if (x->kind != N_CALL && x->kind != N_BAD)
        parse_error_atf(p, x->pos, "expression in %s must be function call", token_str(tok));
    s->un.x = x;
    return s;
}

static Node *labeled_stmt(Parser *p, Node *label) {
    Node *s = ast_new(N_LABELED, label->pos);
    s->labeled.label = label;
    Pos colon = p->tok.pos;
    parse_want(p, T_COLON);
    if (p->tok.kind == T_RBRACE) {
        s->labeled.stmt = ast_new(N_EMPTY, p->tok.pos); /* L: } */
        return s;
    }
    parse_enter(p);
    s->labeled.stmt = stmt_or_null(p);
    parse_leave(p);
    if (s->labeled.stmt) return s;
    parse_syntax_error_at(p, colon, "missing statement after label");
    return NULL;
}

static Node *branch(Parser *p, int tok) {
    Node *s = ast_new(N_BRANCH, p->tok.pos);
    s->branch.tok = tok;
    parse_next(p);
    if (tok == T_GOTO || (tok != T_FALLTHROUGH && p->tok.kind == T_IDENT))
        s->branch.label = parse_name(p);
    return s;
}

static Node *decl_stmt(Parser *p) {
    Node *s = ast_new(N_DECL_STMT, p->tok.pos);
    s->decl.d = gen_decl(p);
    return s;
}

/* Statement, or NULL if none starts here. */
static Node *stmt_or_null(Parser *p) {
    Node *s;
    switch (p->tok.kind) {
    case T_IDENT: {
        NodeList lhs = {0};
        parse_expr_list(p, &lhs);
        if (lhs.n == 1 && lhs.items[0]->kind == N_IDENT && p->tok.kind == T_COLON)
            return labeled_stmt(p, lhs.items[0]);
        return simple_stmt(p, &lhs, 0);
    }
    case T_VAR: case T_CONST: case T_TYPE: return decl_stmt(p);
    case T_LBRACE: return block_stmt(p, "");
    case T_ADD: case T_SUB: case T_MUL: case T_AND: case T_XOR: case T_NOT:
    case T_INT: case T_FLOAT: case T_IMAG: case T_RUNE: case T_STRING:
    case T_FUNC: case T_LPAREN: case T_LBRACK: case T_STRUCT: case T_MAP: case T_CHAN:
    case T_INTERFACE: case T_ARROW:
        return simple_stmt(p, NULL, 0);
    case T_FOR: return for_stmt(p);
    case T_SWITCH: return switch_stmt(p);
    case T_SELECT: return select_stmt(p);
    case T_IF: return if_stmt(p);
    case T_FALLTHROUGH: case T_BREAK: case T_CONTINUE: case T_GOTO: return branch(p, p->tok.kind);
    case T_GO: case T_DEFER: return call_stmt(p);
    case T_RETURN:
        s = ast_new(N_RETURN, p->tok.pos);
        parse_next(p);
        if (p->tok.kind != T_SEMICOLON && p->tok.kind != T_RBRACE) parse_expr_list(p, &s->ret.results);
        return s;
    case T_SEMICOLON: return ast_new(N_EMPTY, p->tok.pos);
    }
    return NULL;
}

/* StatementList = { Statement ";" }; empty statements are left out. */
static void stmt_list(Parser *p, NodeList *out) {
    for (int k; (k = p->tok.kind) != T_EOF && k != T_RBRACE && k != T_CASE && k != T_DEFAULT;) {
        Node *s = stmt_or_null(p);
        if (!s) break;
        flush_guards(p);
        if (s->kind != N_EMPTY) nodelist_push(out, s);
        if (!parse_got(p, T_SEMICOLON) && p->tok.kind != T_RBRACE) {
            parse_syntax_error(p, "at end of statement");
            parse_advance(p, FOLLOW(T_SEMICOLON, T_RBRACE, T_CASE, T_DEFAULT));
            parse_got(p, T_SEMICOLON);
        }
    }
}

/* Block = "{" StatementList "}"; context names the construct for the error
 * when "{" is missing. */
static Node *block_stmt(Parser *p, const char *context) {
    Node *b = ast_new(N_BLOCK, p->tok.pos);
    parse_enter(p);
    if (!parse_got(p, T_LBRACE)) {
        parse_syntax_errorf(p, p->tok.pos, "expected { after %s", context);
        parse_advance(p, FOLLOW(T_IDENT, T_RBRACE));
        b->block.rbrace = p->tok.pos;
        if (parse_got(p, T_RBRACE)) {
            parse_leave(p);
            return b;
        }
    }
    stmt_list(p, &b->block.stmts);
    parse_leave(p);
    b->block.rbrace = p->tok.pos;
    parse_want(p, T_RBRACE);
    return b;
}

/* ---- declarations ---- */

typedef Node *(*SpecFn)(Parser *p, int index);

/* ImportSpec = [ "." | PackageName ] ImportPath. */
static Node *import_spec(Parser *p, int index) {
    Node *s = ast_new(N_IMPORT_SPEC, p->tok.pos);
    if (p->tok.kind == T_IDENT) s->import.name = parse_name(p);
    else if (p->tok.kind == T_PERIOD) {
        s->import.name = parse_new_ident(p, p->tok.pos, ".", 1);
        parse_next(p);
    }
    if (!is_literal(p->tok.kind)) {
        parse_syntax_error(p, "missing import path");
        parse_advance(p, FOLLOW(T_SEMICOLON, T_RPAREN));
        return NULL;
    }
    Pos pos = p->tok.pos;
    bool is_string = p->tok.kind == T_STRING;
    s->import.path = parse_literal(p);
    if (is_string) return s;
    parse_syntax_error_at(p, pos, "import path must be a string");
    return NULL;
}

static void name_list(Parser *p, NodeList *out) {
    nodelist_push(out, parse_name(p));
    while (parse_got(p, T_COMMA)) nodelist_push(out, parse_name(p));
}

/* ConstSpec = IdentifierList [ [ Type ] "=" ExpressionList ]; index is the
 * spec's place in its group, the value of iota in it. */
static Node *const_spec(Parser *p, int index) {
    Node *s = ast_new(N_VALUE_SPEC, p->tok.pos);
    s->vspec.iota = index;
    name_list(p, &s->vspec.names);
    int k = p->tok.kind;
    if (k != T_EOF && k != T_SEMICOLON && k != T_RPAREN) {
        s->vspec.type = parse_type_or_null(p);
        if (got_assign(p)) parse_expr_list(p, &s->vspec.values);
    }
    return s;
}

/* VarSpec = IdentifierList ( Type [ "=" ExpressionList ] | "=" ExpressionList ). */
static Node *var_spec(Parser *p, int index) {
    Node *s = ast_new(N_VALUE_SPEC, p->tok.pos);
    s->vspec.iota = index;
    name_list(p, &s->vspec.names);
    if (!got_assign(p)) {
        s->vspec.type = parse_type(p);
        if (!got_assign(p)) return s;
    }
    parse_expr_list(p, &s->vspec.values);
    return s;
}

static bool is_type_elem(const Node *x) {
    switch (x->kind) {
    case N_ARRAY_TYPE: case N_STRUCT_TYPE: case N_FUNC_TYPE: case N_INTERFACE_TYPE: case N_MAP_TYPE:
    case N_CHAN_TYPE:
        return true;
    case N_UNARY: return x->un.op == T_TILDE || is_type_elem(x->un.x);
    case N_STAR: return is_type_elem(x->un.x);
    case N_BINARY: return is_type_elem(x->bin.x) || is_type_elem(x->bin.y);
    case N_PAREN: return is_type_elem(x->un.x);
    }
    return false;
}

/* Splits x, parsed after "type T[", into a type parameter name and its
 * constraint when it reads as one (P *C, P C|D, P(C)); gc's rule for telling
 * type parameters from an array length. */
static Node *extract_name(Node *x, bool force, Node **constraint) {
    *constraint = NULL;
    if (x->kind == N_IDENT) return x;
    if (x->kind == N_BINARY && x->bin.op == T_MUL && x->bin.x->kind == N_IDENT &&
        (force || is_type_elem(x->bin.y))) {
        *constraint = parse_new_star(x->bin.y->pos, x->bin.y);
        return x->bin.x;
    }
    if (x->kind == N_BINARY && x->bin.op == T_OR) {
        Node *lhs, *nm = extract_name(x->bin.x, force || is_type_elem(x->bin.y), &lhs);
        if (nm && lhs) {
            Node *b = ast_new(N_BINARY, lhs->pos);
            *b = *x;
            b->pos = lhs->pos;
            b->bin.x = lhs;
            *constraint = b;
            return nm;
        }
    }
    if (x->kind == N_CALL && x->call.fn->kind == N_IDENT && x->call.args.n == 1 && !x->call.ellipsis &&
        (force || is_type_elem(x->call.args.items[0]))) {
        *constraint = parse_unparen(x->call.args.items[0]);
        return x->call.fn;
    }
    return NULL;
}

/* TypeSpec = identifier [ TypeParams ] [ "=" ] Type. */
static Node *type_spec(Parser *p, int index) {
    Node *s = ast_new(N_TYPE_SPEC, p->tok.pos);
    s->tspec.name = parse_name(p);
    if (p->tok.kind == T_LBRACK) {
        Pos lpos = p->tok.pos;
        parse_next(p);
        if (p->tok.kind == T_IDENT) {
            Node *x = parse_name(p), *ptype;
            if (p->tok.kind != T_LBRACK) {
                p->xnest++;
                x = parse_binary_expr(p, parse_primary_expr(p, x), 0);
                p->xnest--;
            }
            Node *pname = extract_name(x, p->tok.kind == T_COMMA, &ptype);
            if (pname && (ptype || p->tok.kind != T_RBRACK)) {
                parse_params(p, pname, ptype, T_RBRACK, true, false, &s->tspec.tparams);
                s->tspec.alias = got_assign(p);
                s->tspec.type = parse_type_or_null(p);
            } else {
                s->tspec.type = parse_array_type(p, lpos, x);
            }
        } else if (parse_got(p, T_RBRACK)) {
            s->tspec.type = parse_slice_type(lpos, parse_type(p));
        } else {
            s->tspec.type = parse_array_type(p, lpos, NULL);
        }
    } else {
        s->tspec.alias = got_assign(p);
        s->tspec.type = parse_type_or_null(p);
    }
    if (!s->tspec.type) {
        s->tspec.type = parse_bad(p);
        parse_syntax_error(p, "in type declaration");
        parse_advance(p, FOLLOW(T_SEMICOLON, T_RPAREN));
    }
    return s;
}

typedef struct Group {
    Node *decl;
    SpecFn spec;
    int index;
} Group;

static bool group_spec(Parser *p, void *ctx) {
    Group *g = ctx;
    Node *s = g->spec(p, g->index++);
    if (s) nodelist_push(&g->decl->gen.specs, s);
    return false;
}

/* import/const/type/var, one spec or a parenthesised group. */
static Node *gen_decl(Parser *p) {
    Node *d = ast_new(N_GEN_DECL, p->tok.pos);
    int tok = p->tok.kind;
    d->gen.tok = tok;
    Group g = {d, tok == T_IMPORT ? import_spec : tok == T_CONST ? const_spec
                  : tok == T_TYPE ? type_spec : var_spec, 0};
    parse_next(p);
    if (p->tok.kind == T_LPAREN) {
        parse_enter(p);
        parse_next(p);
        parse_list(p, "grouped declaration", T_SEMICOLON, T_RPAREN, group_spec, &g);
        parse_leave(p);
    } else {
        group_spec(p, &g);
    }
    return d;
}

/* Counts receiver names: (a, b T) is two. */
static int count_params(const NodeList *l) {
    int n = 0;
    for (int i = 0; i < l->n; i++) n += l->items[i]->field.names.n ? l->items[i]->field.names.n : 1;
    return n;
}

/* The rest of a function or method declaration after "func" [ Receiver ]:
 * name, signature, and a body unless it is a native declaration. */
static Node *func_decl_rest(Parser *p, Pos pos, NodeList *recv) {
    Node *f = ast_new(N_FUNC_DECL, pos);
    if (recv) {
        int n = count_params(recv);
        if (n == 0) parse_error_at(p, p->tok.pos, "method has no receiver");
        else if (n > 1) parse_error_at(p, p->tok.pos, "method has multiple receivers");
        if (n > 0) f->fdecl.recv = recv->items[0];
    }
    if (p->tok.kind == T_IDENT) {
        f->fdecl.name = parse_name(p);
        f->fdecl.type = parse_func_type(p, recv ? "method" : NULL, pos);
    } else {
        f->fdecl.name = parse_new_ident(p, p->tok.pos, "_", 1);
        f->fdecl.type = ast_new(N_FUNC_TYPE, p->tok.pos);
        parse_syntax_error(p, recv ? "expected name" : "expected name or (");
        parse_advance(p, FOLLOW(T_LBRACE, T_SEMICOLON));
    }
    if (p->tok.kind == T_LBRACE) f->fdecl.body = parse_func_body(p);
    return f;
}

/* A top-level item starting with "func": a declaration (func name(...),
 * func (recv) name(...)) or a statement starting with a function literal
 * (func() {...}()). Sets *is_decl. */
static Node *top_func(Parser *p, bool *is_decl) {
    Pos pos = p->tok.pos;
    *is_decl = true;
    parse_next(p);
    if (p->tok.kind != T_LPAREN) return func_decl_rest(p, pos, NULL);
    parse_next(p);
    NodeList params = {0};
    parse_params(p, NULL, NULL, T_RPAREN, false, true, &params);
    if (p->tok.kind == T_IDENT && peek_kind(p) == T_LPAREN) {
        for (int i = 0; i < params.n; i++)
            if (params.items[i]->field.type->kind == N_ELLIPSIS) {
                parse_error_at(p, params.items[i]->field.type->pos, "invalid use of ...");
                break;
            }
        return func_decl_rest(p, pos, &params);
    }
    *is_decl = false;
    Node *t = ast_new(N_FUNC_TYPE, pos), *x = t;
    t->ftype.params = params;
    parse_func_result(p, &t->ftype.results);
    if (p->tok.kind == T_LBRACE) {
        x = ast_new(N_FUNC_LIT, pos);
        x->func.type = t;
        p->xnest++;
        x->func.body = parse_func_body(p);
        p->xnest--;
    }
    NodeList lhs = {0};
    nodelist_push(&lhs, parse_binary_expr(p, parse_primary_expr(p, x), 0));
    return simple_stmt(p, &lhs, 0);
}

static bool bodiless_func(const NodeList *items) {
    if (items->n == 0) return false;
    const Node *last = items->items[items->n - 1];
    return last->kind == N_FUNC_DECL && !last->fdecl.body;
}

/* One top-level item; NULL if nothing was parsed. */
static Node *top_item(Parser *p, NodeList *items, bool *is_decl) {
    *is_decl = true;
    switch (p->tok.kind) {
    case T_IMPORT: case T_CONST: case T_TYPE: case T_VAR: return gen_decl(p);
    case T_FUNC: return top_func(p, is_decl);
    case T_PACKAGE:
        parse_syntax_error(p, "package statement must be first");
        parse_next(p);
        parse_got(p, T_IDENT);
        return NULL;
    case T_LBRACE:
        if (bodiless_func(items)) {
            /* func f()\n{: report as gc does, then take the block as the body */
            parse_syntax_error(p, "unexpected semicolon or newline before {");
            Node *f = items->items[items->n - 1];
            f->fdecl.body = parse_func_body(p);
            return NULL;
        }
        break;
    }
    *is_decl = false;
    Node *s = stmt_or_null(p);
    if (s) return s;
    int k = p->tok.kind;
    /* after an error, a stray closer is most likely its echo (the end of a
     * block that recovery left early): skip it quietly */
    if (!(had_error(p) && (k == T_RPAREN || k == T_RBRACK || k == T_RBRACE)))
        parse_syntax_error(p, "expected declaration or statement");
    parse_advance(p, FOLLOW(T_SEMICOLON, T_IMPORT, T_FUNC));
    return NULL;
}

static void parse_items(Parser *p, Node *file) {
    bool non_import = false;
    while (p->tok.kind != T_EOF) {
        if (parse_got(p, T_SEMICOLON)) continue;
        if (p->tok.kind == T_IMPORT && non_import)
            parse_syntax_error(p, "imports must appear before other declarations");
        non_import |= p->tok.kind != T_IMPORT;
        bool is_decl;
        Node *item = top_item(p, &file->file.items, &is_decl);
        flush_guards(p);
        if (item && item->kind != N_EMPTY) nodelist_push(&file->file.items, item);
        if (p->tok.kind != T_EOF && !parse_got(p, T_SEMICOLON)) {
            parse_syntax_error(p, is_decl ? "after top level declaration" : "at end of statement");
            parse_advance(p, FOLLOW(T_SEMICOLON, T_IMPORT, T_FUNC));
            parse_got(p, T_SEMICOLON);
        }
    }
}

/* Positions and token lengths are 32-bit. */
#define MAX_SOURCE ((size_t)INT32_MAX - 1)

Node *parse_file(const char *src, size_t len, Diag *d, Interner *in) {
    Node *file = ast_new(N_FILE, (Pos){1, 1});
    file->file.path = d->file;
    if (len > MAX_SOURCE) {
        diag_error(d, file->pos, "source file too large (%zu bytes; the limit is %zu)", len, MAX_SOURCE);
        return file;
    }
    Parser p = {.diag = d, .in = in, .base_errors = d->n, .fnest = 1};
    lexer_init(&p.lx, src, len, d);
    parse_next(&p);
    if (p.tok.kind == T_PACKAGE) {
        file->pos = p.tok.pos;
        parse_next(&p);
        file->file.pkg = parse_name(&p);
        if (p.tok.kind != T_EOF) parse_want(&p, T_SEMICOLON);
    }
    parse_items(&p, file);
    flush_guards(&p);
    return file;
}

/* ---- REPL support ---- */

/* Whether [s, end) holds only white space and comments, the last of them a
 * general comment without its end. */
static bool open_comment(const char *s, const char *end) {
    while (s < end) {
        if (*s == '/' && s + 1 < end && s[1] == '/') {
            const char *nl = memchr(s, '\n', (size_t)(end - s));
            if (!nl) return false;
            s = nl + 1;
        } else if (*s == '/' && s + 1 < end && s[1] == '*') {
            const char *e = s + 2;
            while (e + 1 < end && !(e[0] == '*' && e[1] == '/')) e++;
            if (e + 1 >= end) return true;
            s = e + 2;
        } else {
            s++;
        }
    }
    return false;
}

/* Whether the literal token t runs to the end of the input unclosed. */
static bool open_literal(const Token *t, const char *end) {
    if (t->start + t->len != end || (t->kind != T_STRING && t->kind != T_RUNE)) return false;
    char q = t->start[0];
    if (t->len < 2 || t->start[t->len - 1] != q) return true;
    if (q == '`') return false;
    int32_t bs = 0; /* an escaped closing quote does not close */
    for (int32_t i = t->len - 2; i > 0 && t->start[i] == '\\'; i--) bs++;
    return bs % 2 == 1;
}

bool parse_is_incomplete(const char *src, size_t len) {
    if (len > MAX_SOURCE) return false;
    Diag d;
    diag_init(&d, NULL, src, len);
    Lexer lx;
    lexer_init(&lx, src, len, &d);
    int depth = 0;
    Token last = {.kind = T_EOF, .start = src};
    bool last_semi_allowed = false;
    for (;;) {
        Token t = lexer_next(&lx);
        if (t.kind == T_EOF) break;
        if (t.kind == T_LPAREN || t.kind == T_LBRACK || t.kind == T_LBRACE) depth++;
        else if ((t.kind == T_RPAREN || t.kind == T_RBRACK || t.kind == T_RBRACE) && depth > 0) depth--;
        if (t.kind == T_SEMICOLON && t.auto_semi) continue;
        last = t;
        last_semi_allowed = lx.insert_semi;
    }
    if (depth > 0 || open_literal(&last, src + len)) return true;
    const char *tail = last.kind == T_EOF ? src : last.start + last.len;
    if (open_comment(tail, src + len)) return true;
    /* after an operator, a comma or most keywords the statement goes on */
    return last.kind != T_EOF && last.kind != T_SEMICOLON && !last_semi_allowed;
}
