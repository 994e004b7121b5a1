/* lexer.h: tokens and the scanner (Go's tokens, comments and automatic
 * semicolon insertion). The scanner works on a byte buffer that may hold NULs
 * and invalid UTF-8; it reports errors through the Diag sink and never stops
 * early. */
#ifndef CSP_LEXER_H
#define CSP_LEXER_H

#include "ast.h"
#include "diag.h"

typedef enum TokenKind {
    T_EOF = 0,
    T_ILLEGAL,
    T_IDENT, T_INT, T_FLOAT, T_IMAG, T_RUNE, T_STRING,
    /* operators */
    T_ADD, T_SUB, T_MUL, T_QUO, T_REM,              /* + - * / % */
    T_AND, T_OR, T_XOR, T_SHL, T_SHR, T_AND_NOT,    /* & | ^ << >> &^ */
    T_ADD_ASSIGN, T_SUB_ASSIGN, T_MUL_ASSIGN, T_QUO_ASSIGN, T_REM_ASSIGN,
    T_AND_ASSIGN, T_OR_ASSIGN, T_XOR_ASSIGN, T_SHL_ASSIGN, T_SHR_ASSIGN,
    T_AND_NOT_ASSIGN,
    T_LAND, T_LOR, T_ARROW, T_INC, T_DEC,           /* && || <- ++ -- */
    T_EQL, T_LSS, T_GTR, T_ASSIGN, T_NOT,           /* == < > = ! */
    T_NEQ, T_LEQ, T_GEQ, T_DEFINE, T_ELLIPSIS,      /* != <= >= := ... */
    T_LPAREN, T_LBRACK, T_LBRACE, T_COMMA, T_PERIOD,
    T_RPAREN, T_RBRACK, T_RBRACE, T_SEMICOLON, T_COLON,
    T_TILDE,
    /* keywords */
    T_BREAK, T_CASE, T_CHAN, T_CONST, T_CONTINUE, T_DEFAULT, T_DEFER, T_ELSE,
    T_FALLTHROUGH, T_FOR, T_FUNC, T_GO, T_GOTO, T_IF, T_IMPORT, T_INTERFACE,
    T_MAP, T_PACKAGE, T_RANGE, T_RETURN, T_SELECT, T_STRUCT, T_SWITCH, T_TYPE,
    T_VAR,
    T_NTOKENS
} TokenKind;

/* Go's spelling of a token ("+", "break", "name" for identifiers...). */
const char *token_str(int tok);
/* For op-assign tokens (T_ADD_ASSIGN...), the binary operator (T_ADD...). */
int token_assign_op(int tok);

typedef struct Token {
    int kind;          /* TokenKind */
    Pos pos;
    const char *start; /* points into the source buffer */
    int32_t len;       /* bytes of source text */
    bool auto_semi;    /* T_SEMICOLON inserted at a newline or EOF */
} Token;

typedef struct Lexer {
    const char *src, *end, *cur;
    const char *line_start;
    int32_t line;
    bool insert_semi;  /* the last token allows a semicolon at newline */
    Diag *diag;
} Lexer;

void lexer_init(Lexer *lx, const char *src, size_t len, Diag *diag);
Token lexer_next(Lexer *lx);

/* Literal decoding, shared by the parser and the checker. Each returns false
 * (and writes a Go-worded message into err) on a malformed literal. */
bool lex_decode_string(const char *raw, size_t rawlen, char **out, int64_t *outlen,
                       char *err, size_t errlen);
bool lex_decode_rune(const char *raw, size_t rawlen, int32_t *out, char *err, size_t errlen);

#endif
