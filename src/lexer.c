/* lexer.c: Go's scanner: tokens, literals, comments and automatic semicolon
 * insertion, with the gc compiler's error messages. Literal values are decoded
 * separately (lex_decode_string, lex_decode_rune) for the parser and checker. */
#include "lexer.h"
#include "unicode.h"
#include <stdarg.h>
#include <stdio.h>

/* ---- characters ---- */

/* Identifiers are letters, '_' and digits in Go's sense (unicode.h, Unicode
 * 15 as Go 1.25); ASCII is decided here without a table lookup. */
static bool is_letter(int32_t r) {
    if (r < 0x80) return (r | 0x20) >= 'a' && (r | 0x20) <= 'z';
    return uni_is_letter(r);
}

static bool is_digit(int32_t r) {
    if (r < 0x80) return r >= '0' && r <= '9';
    return uni_is_digit(r);
}

static int rune_len(int32_t r) { return utf8_rune_len(r); }

/* Go's %#U: "U+0040 '@'" (the character only when printable). */
static void fmt_U(char *out, size_t n, int32_t r) {
    int k = snprintf(out, n, "U+%04X", (unsigned)r);
    if (uni_is_print(r) && k > 0 && (size_t)k + 8 < n) {
        out[k++] = ' ';
        out[k++] = '\'';
        k += utf8_encode(out + k, r);
        out[k++] = '\'';
        out[k] = 0;
    }
}

/* Go's %q of a rune: 'x', '\n', '\x01', '\u00a0'. */
static void fmt_q(char *out, size_t n, int32_t r) {
    const char *esc = NULL;
    switch (r) {
    case '\a': esc = "\\a"; break;
    case '\b': esc = "\\b"; break;
    case '\f': esc = "\\f"; break;
    case '\n': esc = "\\n"; break;
    case '\r': esc = "\\r"; break;
    case '\t': esc = "\\t"; break;
    case '\v': esc = "\\v"; break;
    case '\\': esc = "\\\\"; break;
    case '\'': esc = "\\'"; break;
    }
    if (esc) snprintf(out, n, "'%s'", esc);
    else if (r < 0x20 || r == 0x7F) snprintf(out, n, "'\\x%02x'", (unsigned)r);
    else if (!uni_is_print(r)) snprintf(out, n, r < 0x10000 ? "'\\u%04x'" : "'\\U%08x'", (unsigned)r);
    else {
        char u[5];
        int k = utf8_encode(u, r);
        snprintf(out, n, "'%.*s'", k, u);
    }
}

/* ---- tokens ---- */

static const char *const tok_names[T_NTOKENS] = {
    [T_EOF] = "EOF", [T_ILLEGAL] = "ILLEGAL",
    [T_IDENT] = "name", [T_INT] = "literal", [T_FLOAT] = "literal",
    [T_IMAG] = "literal", [T_RUNE] = "literal", [T_STRING] = "literal",
    [T_ADD] = "+", [T_SUB] = "-", [T_MUL] = "*", [T_QUO] = "/", [T_REM] = "%",
    [T_AND] = "&", [T_OR] = "|", [T_XOR] = "^", [T_SHL] = "<<", [T_SHR] = ">>",
    [T_AND_NOT] = "&^",
    [T_ADD_ASSIGN] = "+=", [T_SUB_ASSIGN] = "-=", [T_MUL_ASSIGN] = "*=",
    [T_QUO_ASSIGN] = "/=", [T_REM_ASSIGN] = "%=", [T_AND_ASSIGN] = "&=",
    [T_OR_ASSIGN] = "|=", [T_XOR_ASSIGN] = "^=", [T_SHL_ASSIGN] = "<<=",
    [T_SHR_ASSIGN] = ">>=", [T_AND_NOT_ASSIGN] = "&^=",
    [T_LAND] = "&&", [T_LOR] = "||", [T_ARROW] = "<-", [T_INC] = "++", [T_DEC] = "--",
    [T_EQL] = "==", [T_LSS] = "<", [T_GTR] = ">", [T_ASSIGN] = "=", [T_NOT] = "!",
    [T_NEQ] = "!=", [T_LEQ] = "<=", [T_GEQ] = ">=", [T_DEFINE] = ":=", [T_ELLIPSIS] = "...",
    [T_LPAREN] = "(", [T_LBRACK] = "[", [T_LBRACE] = "{", [T_COMMA] = ",", [T_PERIOD] = ".",
    [T_RPAREN] = ")", [T_RBRACK] = "]", [T_RBRACE] = "}", [T_SEMICOLON] = ";",
    [T_COLON] = ":", [T_TILDE] = "~",
    [T_BREAK] = "break", [T_CASE] = "case", [T_CHAN] = "chan", [T_CONST] = "const",
    [T_CONTINUE] = "continue", [T_DEFAULT] = "default", [T_DEFER] = "defer",
    [T_ELSE] = "else", [T_FALLTHROUGH] = "fallthrough", [T_FOR] = "for",
    [T_FUNC] = "func", [T_GO] = "go", [T_GOTO] = "goto", [T_IF] = "if",
    [T_IMPORT] = "import", [T_INTERFACE] = "interface", [T_MAP] = "map",
    [T_PACKAGE] = "package", [T_RANGE] = "range", [T_RETURN] = "return",
    [T_SELECT] = "select", [T_STRUCT] = "struct", [T_SWITCH] = "switch",
    [T_TYPE] = "type", [T_VAR] = "var",
};

const char *token_str(int tok) {
    if (tok < 0 || tok >= T_NTOKENS || !tok_names[tok]) return "?";
    return tok_names[tok];
}

int token_assign_op(int tok) {
    if (tok >= T_ADD_ASSIGN && tok <= T_AND_NOT_ASSIGN) return T_ADD + (tok - T_ADD_ASSIGN);
    return T_ILLEGAL;
}

static int keyword(const char *s, int32_t len) {
    if (len < 2 || len > 11 || s[0] < 'b' || s[0] > 'v') return T_IDENT;
    for (int k = T_BREAK; k <= T_VAR; k++) {
        const char *name = tok_names[k];
        if (name[0] == s[0] && (int32_t)strlen(name) == len && memcmp(name, s, (size_t)len) == 0)
            return k;
    }
    return T_IDENT;
}

/* ---- reading characters ---- */

void lexer_init(Lexer *lx, const char *src, size_t len, Diag *diag) {
    lx->src = lx->cur = lx->line_start = src;
    lx->end = src + len;
    lx->line = 1;
    lx->insert_semi = false;
    lx->diag = diag;
    /* A byte order mark is allowed as the first character only. */
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) lx->cur += 3;
}

static Pos pos_at(const Lexer *lx, const char *p) {
    return (Pos){lx->line, (int32_t)(p - lx->line_start) + 1};
}

static void lex_error(Lexer *lx, Pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void lex_error(Lexer *lx, Pos pos, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (lx->diag) diag_error(lx->diag, pos, "%s", msg);
}

/* The character at lx->cur, or -1 at the end. What Go rejects anywhere in a
 * source file (NUL, invalid UTF-8, a BOM after the start) is reported here and
 * skipped, so the scanner proper never sees it; as in gc, the rest of the
 * token is still scanned. */
static int32_t peek(Lexer *lx) {
    while (lx->cur < lx->end) {
        unsigned char c = (unsigned char)*lx->cur;
        if (c != 0 && c < 0x80) return c;
        if (c == 0) {
            lex_error(lx, pos_at(lx, lx->cur), "invalid NUL character");
            lx->cur++;
            continue;
        }
        int w;
        int32_t r = utf8_decode(lx->cur, lx->end - lx->cur, &w);
        if (r == UNI_RUNE_ERROR && w == 1) {
            lex_error(lx, pos_at(lx, lx->cur), "invalid UTF-8 encoding");
            lx->cur++;
            continue;
        }
        if (r == 0xFEFF) {
            lex_error(lx, pos_at(lx, lx->cur), "invalid BOM in the middle of the file");
            lx->cur += w;
            continue;
        }
        return r;
    }
    return -1;
}

/* Consumes r, the character peek just returned. */
static void skip(Lexer *lx, int32_t r) {
    lx->cur += rune_len(r);
    if (r == '\n') {
        lx->line++;
        lx->line_start = lx->cur;
    }
}

/* Consumes the current character if it is c. */
static bool skip_if(Lexer *lx, int32_t c) {
    if (peek(lx) != c) return false;
    skip(lx, c);
    return true;
}

static Pos cur_pos(Lexer *lx) { return pos_at(lx, lx->cur); }

/* Position `off` bytes after the start of token t (on its first line). */
static Pos tok_off(const Token *t, int32_t off) { return (Pos){t->pos.line, t->pos.col + off}; }

/* ---- identifiers ---- */

static bool ascii_ident(unsigned char c) {
    return (unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u || c == '_';
}

/* Scans the rest of an identifier. A non-ASCII character that is not a letter
 * or digit is reported but kept in the name, as gc does. */
static void scan_ident(Lexer *lx) {
    for (;;) {
        while (lx->cur < lx->end && ascii_ident((unsigned char)*lx->cur)) lx->cur++;
        int32_t r = peek(lx);
        if (r < 0x80) {
            if (r >= 0 && ascii_ident((unsigned char)r)) continue;
            return;
        }
        if (!is_letter(r) && !is_digit(r)) {
            char u[32];
            fmt_U(u, sizeof u, r);
            lex_error(lx, cur_pos(lx), "invalid character %s in identifier", u);
        }
        skip(lx, r);
    }
}

/* ---- numbers ---- */

static const char *base_name(int base) {
    switch (base) {
    case 2: return "binary";
    case 8: return "octal";
    case 16: return "hexadecimal";
    default: return "decimal";
    }
}

static bool is_hex(int32_t c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* Accepts { digit | '_' }. For base <= 10 any decimal digit is taken, and the
 * offset of the first one >= base is recorded in *invalid. Returns bit 0 set
 * if a digit was seen, bit 1 if a '_' was. */
static int scan_digits(Lexer *lx, const Token *t, int base, int32_t *invalid) {
    int digsep = 0;
    for (;;) {
        int32_t c = peek(lx);
        if (c == '_') digsep |= 2;
        else if (base <= 10 && c >= '0' && c <= '9') {
            digsep |= 1;
            if (c >= '0' + base && *invalid < 0) *invalid = (int32_t)(lx->cur - t->start);
        } else if (base == 16 && is_hex(c)) digsep |= 1;
        else return digsep;
        skip(lx, c);
    }
}

/* Index of the first '_' in a number literal that does not separate two
 * digits (a base prefix counts as a digit), or -1. */
static int32_t invalid_sep(const char *x, int32_t n) {
    char x1 = ' ', d = '.'; /* d: '_', '0' (a digit) or '.' (anything else) */
    int32_t i = 0;
    if (n >= 2 && x[0] == '0') {
        x1 = (char)(x[1] | 0x20);
        if (x1 == 'x' || x1 == 'o' || x1 == 'b') {
            d = '0';
            i = 2;
        }
    }
    for (; i < n; i++) {
        char p = d;
        d = x[i];
        if (d == '_') {
            if (p != '0') return i;
        } else if ((d >= '0' && d <= '9') || (x1 == 'x' && is_hex(d))) {
            d = '0';
        } else {
            if (p == '_') return i - 1;
            d = '.';
        }
    }
    return d == '_' ? n - 1 : -1;
}

/* Reports a malformed exponent or mantissa; returns false if it did. */
static bool scan_exponent(Lexer *lx, const Token *t, int prefix, bool ok, int *digsep, int *kind) {
    int32_t e = peek(lx) | 0x20;
    if (e == 'e' || e == 'p') {
        int32_t c = peek(lx);
        if (ok && e == 'e' && prefix != 0 && prefix != '0') {
            lex_error(lx, cur_pos(lx), "'%c' exponent requires decimal mantissa", (char)c);
            ok = false;
        } else if (ok && e == 'p' && prefix != 'x') {
            lex_error(lx, cur_pos(lx), "'%c' exponent requires hexadecimal mantissa", (char)c);
            ok = false;
        }
        skip(lx, c);
        *kind = T_FLOAT;
        if (!skip_if(lx, '+')) skip_if(lx, '-');
        int32_t none = -1;
        *digsep = scan_digits(lx, t, 10, &none) | (*digsep & 2);
        if (!(*digsep & 1) && ok) {
            lex_error(lx, cur_pos(lx), "exponent has no digits");
            ok = false;
        }
    } else if (prefix == 'x' && *kind == T_FLOAT && ok) {
        lex_error(lx, cur_pos(lx), "hexadecimal mantissa requires a 'p' exponent");
        ok = false;
    }
    return ok;
}

/* Scans a number literal; the first digit (or the '.' before a fraction,
 * seen_point) is at t->start and not yet consumed. */
static void scan_number(Lexer *lx, Token *t, bool seen_point) {
    bool ok = true;
    int kind = T_INT, base = 10, prefix = 0, digsep = 0;
    int32_t invalid = -1;
    if (seen_point) skip(lx, '.');
    else {
        if (peek(lx) == '0') {
            skip(lx, '0');
            switch (peek(lx) | 0x20) {
            case 'x': skip(lx, peek(lx)); base = 16, prefix = 'x'; break;
            case 'o': skip(lx, peek(lx)); base = 8, prefix = 'o'; break;
            case 'b': skip(lx, peek(lx)); base = 2, prefix = 'b'; break;
            default: base = 8, prefix = '0', digsep = 1; /* the leading 0 */
            }
        }
        digsep |= scan_digits(lx, t, base, &invalid);
        if (peek(lx) == '.') {
            if (prefix == 'o' || prefix == 'b') {
                lex_error(lx, cur_pos(lx), "invalid radix point in %s literal", base_name(base));
                ok = false;
            }
            skip(lx, '.');
            seen_point = true;
        }
    }
    if (seen_point) {
        kind = T_FLOAT;
        digsep |= scan_digits(lx, t, base, &invalid);
    }
    if (!(digsep & 1) && ok) {
        lex_error(lx, cur_pos(lx), "%s literal has no digits", base_name(base));
        ok = false;
    }
    ok = scan_exponent(lx, t, prefix, ok, &digsep, &kind);
    if (peek(lx) == 'i') {
        kind = T_IMAG;
        skip(lx, 'i');
    }
    t->kind = kind;
    t->len = (int32_t)(lx->cur - t->start);
    if (kind == T_INT && invalid >= 0 && ok) {
        lex_error(lx, tok_off(t, invalid), "invalid digit '%c' in %s literal", t->start[invalid],
                  base_name(base));
        ok = false;
    }
    if ((digsep & 2) && ok) {
        int32_t i = invalid_sep(t->start, t->len);
        if (i >= 0) lex_error(lx, tok_off(t, i), "'_' must separate successive digits");
    }
}

/* ---- strings, runes, comments ---- */

static int32_t digit_val(int32_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return 16;
}

/* Scans an escape sequence after its backslash. Returns false (after
 * reporting) if it is malformed; an end of file is left to the caller. */
static bool scan_escape(Lexer *lx, int32_t quote) {
    int n;
    uint32_t base, max;
    int32_t c = peek(lx);
    switch (c) {
    case 'a': case 'b': case 'f': case 'n': case 'r': case 't': case 'v': case '\\':
        skip(lx, c);
        return true;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        n = 3, base = 8, max = 255;
        break;
    case 'x': skip(lx, c); n = 2, base = 16, max = 255; break;
    case 'u': skip(lx, c); n = 4, base = 16, max = 0x10FFFF; break;
    case 'U': skip(lx, c); n = 8, base = 16, max = 0x10FFFF; break;
    default:
        if (c == quote) {
            skip(lx, c);
            return true;
        }
        if (c < 0) return true;
        lex_error(lx, cur_pos(lx), "unknown escape sequence");
        return false;
    }
    uint32_t x = 0;
    for (; n > 0; n--) {
        c = peek(lx);
        if (c < 0) return true;
        uint32_t d = (uint32_t)digit_val(c);
        if (d >= base) {
            char q[32];
            fmt_q(q, sizeof q, c);
            lex_error(lx, cur_pos(lx), "invalid character %s in %s escape", q, base_name((int)base));
            return false;
        }
        x = x * base + d;
        skip(lx, c);
    }
    if (x > max && base == 8) {
        lex_error(lx, cur_pos(lx), "octal escape value %u > 255", x);
        return false;
    }
    if (x > max || (x >= 0xD800 && x < 0xE000)) {
        char u[32];
        fmt_U(u, sizeof u, (int32_t)x);
        lex_error(lx, cur_pos(lx), "escape is invalid Unicode code point %s", u);
        return false;
    }
    return true;
}

static void scan_rune(Lexer *lx, Token *t) {
    bool ok = true;
    skip(lx, '\'');
    for (int n = 0;; n++) {
        int32_t c = peek(lx);
        if (c == '\'') {
            if (ok && n == 0)
                lex_error(lx, cur_pos(lx), "empty rune literal or unescaped ' in rune literal");
            else if (ok && n != 1) lex_error(lx, t->pos, "more than one character in rune literal");
            skip(lx, c);
            break;
        }
        if (c == '\\') {
            skip(lx, c);
            if (!scan_escape(lx, '\'')) ok = false;
            continue;
        }
        if (c == '\n') {
            if (ok) lex_error(lx, cur_pos(lx), "newline in rune literal");
            break;
        }
        if (c < 0) {
            if (ok) lex_error(lx, t->pos, "rune literal not terminated");
            break;
        }
        skip(lx, c);
    }
    t->kind = T_RUNE;
}

static void scan_string(Lexer *lx, Token *t) {
    skip(lx, '"');
    for (;;) {
        int32_t c = peek(lx);
        if (c == '"') {
            skip(lx, c);
            break;
        }
        if (c == '\\') {
            skip(lx, c);
            scan_escape(lx, '"');
            continue;
        }
        if (c == '\n') {
            lex_error(lx, cur_pos(lx), "newline in string");
            break;
        }
        if (c < 0) {
            lex_error(lx, t->pos, "string literal not terminated");
            break;
        }
        skip(lx, c);
    }
    t->kind = T_STRING;
}

static void scan_raw_string(Lexer *lx, Token *t) {
    skip(lx, '`');
    for (;;) {
        int32_t c = peek(lx);
        if (c == '`') {
            skip(lx, c);
            break;
        }
        if (c < 0) {
            lex_error(lx, t->pos, "raw string literal not terminated");
            break;
        }
        skip(lx, c);
    }
    t->kind = T_STRING;
}

/* Skips a general comment whose "/" "*" were consumed; reports one that
 * does not end. */
static void skip_comment(Lexer *lx, Pos start) {
    for (int32_t c = peek(lx); c >= 0; c = peek(lx)) {
        skip(lx, c);
        if (c == '*' && peek(lx) == '/') {
            skip(lx, '/');
            return;
        }
    }
    lex_error(lx, start, "comment not terminated");
}

/* ---- the scanner ---- */

/* Operators that may be followed by '=' to form an op-assign token. */
static int assign_op(Lexer *lx, int op, int op_assign) {
    return skip_if(lx, '=') ? op_assign : op;
}

/* Scans an operator or delimiter starting with c (already consumed). */
static int scan_operator(Lexer *lx, int32_t c) {
    switch (c) {
    case '(': return T_LPAREN;
    case '[': return T_LBRACK;
    case '{': return T_LBRACE;
    case ',': return T_COMMA;
    case ';': return T_SEMICOLON;
    case ')': return T_RPAREN;
    case ']': return T_RBRACK;
    case '}': return T_RBRACE;
    case '~': return T_TILDE;
    case ':': return skip_if(lx, '=') ? T_DEFINE : T_COLON;
    case '+': return skip_if(lx, '+') ? T_INC : assign_op(lx, T_ADD, T_ADD_ASSIGN);
    case '-': return skip_if(lx, '-') ? T_DEC : assign_op(lx, T_SUB, T_SUB_ASSIGN);
    case '*': return assign_op(lx, T_MUL, T_MUL_ASSIGN);
    case '/': return assign_op(lx, T_QUO, T_QUO_ASSIGN);
    case '%': return assign_op(lx, T_REM, T_REM_ASSIGN);
    case '^': return assign_op(lx, T_XOR, T_XOR_ASSIGN);
    case '=': return skip_if(lx, '=') ? T_EQL : T_ASSIGN;
    case '!': return skip_if(lx, '=') ? T_NEQ : T_NOT;
    case '|': return skip_if(lx, '|') ? T_LOR : assign_op(lx, T_OR, T_OR_ASSIGN);
    case '&':
        if (skip_if(lx, '&')) return T_LAND;
        if (skip_if(lx, '^')) return assign_op(lx, T_AND_NOT, T_AND_NOT_ASSIGN);
        return assign_op(lx, T_AND, T_AND_ASSIGN);
    case '<':
        if (skip_if(lx, '=')) return T_LEQ;
        if (skip_if(lx, '-')) return T_ARROW;
        if (skip_if(lx, '<')) return assign_op(lx, T_SHL, T_SHL_ASSIGN);
        return T_LSS;
    case '>':
        if (skip_if(lx, '=')) return T_GEQ;
        if (skip_if(lx, '>')) return assign_op(lx, T_SHR, T_SHR_ASSIGN);
        return T_GTR;
    }
    return T_ILLEGAL;
}

/* Tokens after which a newline (or EOF) becomes a semicolon. */
static bool ends_statement(int kind) {
    switch (kind) {
    case T_IDENT: case T_INT: case T_FLOAT: case T_IMAG: case T_RUNE: case T_STRING:
    case T_BREAK: case T_CONTINUE: case T_FALLTHROUGH: case T_RETURN:
    case T_INC: case T_DEC: case T_RPAREN: case T_RBRACK: case T_RBRACE:
        return true;
    }
    return false;
}

/* Scans one token starting with c (at lx->cur); returns false if c is not a
 * valid token start (after reporting it), so the caller scans again. */
static bool scan_token(Lexer *lx, Token *t, int32_t c) {
    if (c == '_' || is_letter(c)) {
        skip(lx, c);
        scan_ident(lx);
        t->len = (int32_t)(lx->cur - t->start);
        t->kind = keyword(t->start, t->len);
        return true;
    }
    if (c >= '0' && c <= '9') {
        scan_number(lx, t, false);
        return true;
    }
    switch (c) {
    case '"': scan_string(lx, t); return true;
    case '`': scan_raw_string(lx, t); return true;
    case '\'': scan_rune(lx, t); return true;
    case '.':
        if (lx->cur + 1 < lx->end && lx->cur[1] >= '0' && lx->cur[1] <= '9') {
            scan_number(lx, t, true);
            return true;
        }
        if (lx->cur + 2 < lx->end && lx->cur[1] == '.' && lx->cur[2] == '.') {
            lx->cur += 3;
            t->kind = T_ELLIPSIS;
            return true;
        }
        skip(lx, c);
        t->kind = T_PERIOD;
        return true;
    }
    char u[32];
    fmt_U(u, sizeof u, c);
    if (c >= 0x80) {
        /* gc reports any other non-ASCII character but scans an identifier */
        if (is_digit(c)) lex_error(lx, t->pos, "identifier cannot begin with digit %s", u);
        else lex_error(lx, t->pos, "invalid character %s in identifier", u);
        skip(lx, c);
        scan_ident(lx);
        t->len = (int32_t)(lx->cur - t->start);
        t->kind = T_IDENT;
        return true;
    }
    skip(lx, c);
    if ((t->kind = scan_operator(lx, c)) != T_ILLEGAL) return true;
    lex_error(lx, t->pos, "invalid character %s", u);
    return false;
}

Token lexer_next(Lexer *lx) {
    bool nlsemi = lx->insert_semi;
    Token t;
    lx->insert_semi = false;
    for (;;) {
        int32_t c = peek(lx);
        while (c == ' ' || c == '\t' || c == '\r' || (c == '\n' && !nlsemi)) {
            skip(lx, c);
            c = peek(lx);
        }
        t = (Token){.kind = T_EOF, .pos = cur_pos(lx), .start = lx->cur};
        if (c < 0 || c == '\n') {
            if (!nlsemi) return t; /* EOF */
            if (c == '\n') skip(lx, c);
            t.kind = T_SEMICOLON;
            t.auto_semi = true;
            t.len = (int32_t)(lx->cur - t.start); /* 0 at EOF: "EOF", else "newline" */
            return t;
        }
        if (c == '/' && lx->cur + 1 < lx->end && (lx->cur[1] == '/' || lx->cur[1] == '*')) {
            bool block = lx->cur[1] == '*';
            lx->cur += 2;
            if (!block) {
                for (c = peek(lx); c >= 0 && c != '\n'; c = peek(lx)) skip(lx, c);
                continue;
            }
            int32_t line = lx->line;
            skip_comment(lx, t.pos);
            if (nlsemi && lx->line > line) {
                /* a general comment spanning lines acts like a newline */
                t.kind = T_SEMICOLON;
                t.auto_semi = true;
                t.len = (int32_t)(lx->cur - t.start);
                return t;
            }
            continue;
        }
        if (scan_token(lx, &t, c)) break;
    }
    t.len = (int32_t)(lx->cur - t.start);
    lx->insert_semi = ends_statement(t.kind);
    return t;
}

/* ---- literal decoding ---- */

static bool decode_fail(char *err, size_t errlen, const char *msg) {
    if (err && errlen) snprintf(err, errlen, "%s", msg);
    return false;
}

/* Decodes the escape at *pp (after the backslash) into a code point, or a
 * byte value for \x and octal escapes (*is_byte set). */
static bool decode_escape(const char **pp, const char *end, char quote, int32_t *val, bool *is_byte,
                          char *err, size_t errlen) {
    const char *p = *pp;
    if (p >= end) return decode_fail(err, errlen, "escape sequence not terminated");
    char c = *p++;
    int n = 0;
    uint32_t base = 16, max = 0x10FFFF;
    *is_byte = false;
    switch (c) {
    case 'a': *val = '\a'; break;
    case 'b': *val = '\b'; break;
    case 'f': *val = '\f'; break;
    case 'n': *val = '\n'; break;
    case 'r': *val = '\r'; break;
    case 't': *val = '\t'; break;
    case 'v': *val = '\v'; break;
    case '\\': *val = '\\'; break;
    case 'x': n = 2, max = 255, *is_byte = true; break;
    case 'u': n = 4; break;
    case 'U': n = 8; break;
    default:
        if (c >= '0' && c <= '7') {
            n = 3, base = 8, max = 255, *is_byte = true;
            p--;
        } else if (c == quote) {
            *val = (unsigned char)c;
        } else {
            return decode_fail(err, errlen, "unknown escape sequence");
        }
    }
    if (n > 0) {
        uint32_t x = 0;
        for (; n > 0; n--, p++) {
            uint32_t d = p < end ? (uint32_t)digit_val((unsigned char)*p) : 99;
            if (d >= base) return decode_fail(err, errlen, "invalid escape sequence");
            x = x * base + d;
        }
        if (x > max && base == 8) return decode_fail(err, errlen, "octal escape value > 255");
        if (x > max || (!*is_byte && x >= 0xD800 && x < 0xE000))
            return decode_fail(err, errlen, "escape is invalid Unicode code point");
        *val = (int32_t)x;
    }
    *pp = p;
    return true;
}

bool lex_decode_string(const char *raw, size_t rawlen, char **out, int64_t *outlen,
                       char *err, size_t errlen) {
    *out = NULL;
    *outlen = 0;
    if (rawlen < 2 || (raw[0] != '"' && raw[0] != '`') || raw[rawlen - 1] != raw[0])
        return decode_fail(err, errlen, raw[0] == '`' ? "raw string literal not terminated"
                                                      : "string literal not terminated");
    const char *p = raw + 1, *end = raw + rawlen - 1;
    char *buf = GC_MALLOC_ATOMIC((size_t)(end - p) + 1), *q = buf;
    if (raw[0] == '`') {
        for (; p < end; p++)
            if (*p != '\r') *q++ = *p; /* Go drops carriage returns from raw strings */
    } else {
        while (p < end) {
            if (*p == '\n') return decode_fail(err, errlen, "newline in string");
            if (*p != '\\') {
                *q++ = *p++;
                continue;
            }
            p++;
            int32_t v;
            bool is_byte;
            if (!decode_escape(&p, end, '"', &v, &is_byte, err, errlen)) return false;
            if (is_byte) *q++ = (char)v;
            else q += utf8_encode(q, v);
        }
    }
    *q = 0;
    *out = buf;
    *outlen = q - buf;
    return true;
}

bool lex_decode_rune(const char *raw, size_t rawlen, int32_t *out, char *err, size_t errlen) {
    *out = 0;
    if (rawlen < 2 || raw[0] != '\'' || raw[rawlen - 1] != '\'')
        return decode_fail(err, errlen, "rune literal not terminated");
    const char *p = raw + 1, *end = raw + rawlen - 1;
    if (p == end) return decode_fail(err, errlen, "empty rune literal or unescaped ' in rune literal");
    int32_t v;
    if (*p == '\\') {
        bool is_byte;
        p++;
        if (!decode_escape(&p, end, '\'', &v, &is_byte, err, errlen)) return false;
    } else {
        int w;
        v = utf8_decode(p, end - p, &w);
        if (v == UNI_RUNE_ERROR && w == 1) return decode_fail(err, errlen, "invalid UTF-8 encoding");
        p += w;
    }
    if (p != end) return decode_fail(err, errlen, "more than one character in rune literal");
    *out = v;
    return true;
}
