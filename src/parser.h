/* parser.h: the recursive-descent parser: tokens -> AST (ast.h). It recovers
 * at the next statement or declaration after an error and goes on, so one run
 * reports every syntax error of a file (up to DIAG_LIMIT). grammar/csp.ebnf is
 * the grammar it implements. */
#ifndef CSP_PARSER_H
#define CSP_PARSER_H

#include "ast.h"
#include "diag.h"
#include "intern.h"

/* Nesting of brackets, blocks and unary operators deeper than this is a
 * compile error ("nesting too deep"), so that hostile input cannot exhaust the
 * C stack of the parser, checker or compiler. Long binary chains (a+b+c...)
 * are not nesting: they are handled iteratively. */
#define PARSE_MAX_NESTING 1000

/* Parses a whole file. Never returns NULL; on errors the tree is partial and
 * diag_failed(d) is true. Identifiers are interned in `in`. */
Node *parse_file(const char *src, size_t len, Diag *d, Interner *in);

/* For the REPL: true when src ends inside an open bracket, block, string,
 * rune or comment, so more lines should be read before compiling. */
bool parse_is_incomplete(const char *src, size_t len);

#endif
