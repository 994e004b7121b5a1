/* parse_int.h: what the two halves of the parser share: parser.c (tokens,
 * errors, nesting, statements, declarations, files) and parse_expr.c
 * (expressions, types, signatures). Internal to the parser: parser.h is its
 * interface to the rest of csp. */
#ifndef CSP_PARSE_INT_H
#define CSP_PARSE_INT_H

#include "lexer.h"
#include "parser.h"

typedef struct Parser {
    Lexer lx;
    Diag *diag;
    Interner *in;
    Token tok;       /* the current token */
    Token ahead;     /* the next one, when has_ahead */
    bool has_ahead;
    bool dead;       /* nesting limit or error limit hit: only EOF from now on */
    int base_errors; /* diag->n when this parse began */
    int xnest;       /* expression nesting; -1 in a control clause, where { is a block */
    int fnest;       /* > 0 where statement keywords are recovery points */
    int depth;       /* nesting, limited to PARSE_MAX_NESTING */
    NodeList guards; /* x.(type) nodes not yet known to head a type switch */
} Parser;

/* A follow set for parse_advance: FOLLOW(T_SEMICOLON, T_RBRACE). */
#define FOLLOW(...) ((const int[]){__VA_ARGS__, -1})

/* A list element parser for parse_list; returns true to end the list. */
typedef bool (*ListFn)(Parser *p, void *ctx);

/* ---- parser.c: tokens, errors, nesting ---- */

void parse_next(Parser *p);
bool parse_got(Parser *p, int kind);
/* Consumes kind, or reports "unexpected X, expected kind" and skips a token. */
void parse_want(Parser *p, int kind);
/* Skips to a token of follow (NULL: skips one token); see parser.c. */
void parse_advance(Parser *p, const int *follow);
/* gc's word for an expected token ("comma", "semicolon or newline"). */
const char *parse_tokstring(int kind);
void parse_put_clipped(Buf *b, const char *s, int32_t len, int32_t max);

/* Syntax errors in gc's words: a message starting "in", "at", "after" or
 * "expected" is prefixed with "unexpected <current token>". Errors are
 * dropped once the parser is dead, and at EOF after a first error. */
void parse_syntax_error(Parser *p, const char *msg);
void parse_syntax_error_at(Parser *p, Pos pos, const char *msg);
void parse_syntax_errorf(Parser *p, Pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A plain error (no "syntax error:" prefix). */
void parse_error_at(Parser *p, Pos pos, const char *msg);
void parse_error_atf(Parser *p, Pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* One more level of nesting (call before consuming the opening token, so
 * that the error points at it); parse_leave undoes it. Past
 * PARSE_MAX_NESTING the parser reports and goes dead. */
void parse_enter(Parser *p);
static inline void parse_leave(Parser *p) { p->depth--; }

/* list = [ f { sep f } [ sep ] ] close; returns the position of close. */
Pos parse_list(Parser *p, const char *context, int sep, int close, ListFn f, void *ctx);

static inline Node *parse_bad(Parser *p) { return ast_new(N_BAD, p->tok.pos); }
Node *parse_new_ident(Parser *p, Pos pos, const char *s, size_t len);
Node *parse_name(Parser *p);
/* A literal token as its node, string and rune values decoded. */
Node *parse_literal(Parser *p);
/* A function body block. */
Node *parse_func_body(Parser *p);

/* ---- parse_expr.c: expressions and types ---- */

Node *parse_expr(Parser *p);
/* Appends Expression { "," Expression } to out (which may hold the first). */
void parse_expr_list(Parser *p, NodeList *out);
Node *parse_binary_expr(Parser *p, Node *x, int prec);
Node *parse_primary_expr(Parser *p, Node *x);
Node *parse_type(Parser *p);
/* NULL, reporting nothing, if no type starts at the current token. */
Node *parse_type_or_null(Parser *p);
/* The signature after "func" [ name ]; context names where type parameters
 * are not allowed ("function type", "method"), or is NULL. */
Node *parse_func_type(Parser *p, const char *context, Pos pos);
/* Parameters up to close (")" or "]" for type parameters) as N_FIELDs;
 * nm and typ are a first parameter the caller already parsed, or NULL. */
void parse_params(Parser *p, Node *nm, Node *typ, int close, bool require_names, bool dddok,
                  NodeList *out);
void parse_func_result(Parser *p, NodeList *out);
/* After "[" at pos: [len]E or [...]E; len may be parsed already. */
Node *parse_array_type(Parser *p, Pos pos, Node *len);
Node *parse_slice_type(Pos pos, Node *elem);
Node *parse_new_star(Pos pos, Node *x);
Node *parse_unparen(Node *x);
/* Short Go renderings of nodes for messages, as gc's syntax.String. */
void parse_put_node(Buf *b, const Node *n, int depth);
void parse_put_list(Buf *b, const NodeList *l, int depth);

#endif
