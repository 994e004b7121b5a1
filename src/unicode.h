/* unicode.h: UTF-8 coding (Go's unicode/utf8) and Unicode character
 * properties (Go's unicode package; uni_is_print is also strconv.IsPrint).
 * Tables are generated (scripts/gen_unicode.py -> unicode_tables.c) from
 * Unicode 15.0.0, the version Go 1.25 uses. Pure functions, thread-safe. */
#ifndef CSP_UNICODE_H
#define CSP_UNICODE_H

#include <stdbool.h>
#include <stdint.h>

#define UNI_RUNE_ERROR 0xFFFD
#define UNI_MAX_RUNE 0x10FFFF
#define UTF8_MAX 4 /* bytes in the longest encoding */

/* ---- UTF-8 ---- */

/* Decodes the first rune of [s, s+n) as utf8.DecodeRuneInString: an empty
 * input gives UNI_RUNE_ERROR with *size 0; an invalid or truncated encoding
 * (overlong forms, surrogates, > U+10FFFF) gives UNI_RUNE_ERROR with *size 1. */
int32_t utf8_decode(const char *s, int64_t n, int *size);
/* Decodes the last rune of [s, s+n) as utf8.DecodeLastRuneInString. */
int32_t utf8_decode_last(const char *s, int64_t n, int *size);
/* Writes the encoding of r into buf (UTF8_MAX bytes of room) and returns its
 * length; an invalid rune (negative, surrogate, > U+10FFFF) is written as
 * U+FFFD, as utf8.EncodeRune does. */
int utf8_encode(char *buf, int32_t r);
/* Bytes needed to encode r, or -1 if r is not a valid rune (utf8.RuneLen). */
int utf8_rune_len(int32_t r);
/* Is r a valid Unicode scalar value (not a surrogate, in range)? */
bool utf8_valid_rune(int32_t r);
/* Is [s, s+n) entirely valid UTF-8? */
bool utf8_valid(const char *s, int64_t n);
/* Number of runes in [s, s+n); each invalid byte counts as one rune. */
int64_t utf8_count(const char *s, int64_t n);
/* Does byte c start a rune (is it not a continuation byte)? */
static inline bool utf8_rune_start(unsigned char c) { return (c & 0xC0) != 0x80; }

/* ---- properties ---- */

/* General categories; Cn (unassigned) is 0. */
typedef enum UniCat {
    UC_Cn, UC_Lu, UC_Ll, UC_Lt, UC_Lm, UC_Lo, UC_Mn, UC_Mc, UC_Me, UC_Nd, UC_Nl, UC_No,
    UC_Pc, UC_Pd, UC_Ps, UC_Pe, UC_Pi, UC_Pf, UC_Po, UC_Sm, UC_Sc, UC_Sk, UC_So,
    UC_Zs, UC_Zl, UC_Zp, UC_Cc, UC_Cf, UC_Cs, UC_Co,
} UniCat;

/* The general category of r (UC_Cn for unassigned or out of range). */
UniCat uni_category(int32_t r);

/* As Go's unicode.IsX (r out of range is false everywhere). */
bool uni_is_letter(int32_t r);  /* L */
bool uni_is_digit(int32_t r);   /* Nd */
bool uni_is_number(int32_t r);  /* N */
bool uni_is_upper(int32_t r);   /* Lu */
bool uni_is_lower(int32_t r);   /* Ll */
bool uni_is_title(int32_t r);   /* Lt */
bool uni_is_mark(int32_t r);    /* M */
bool uni_is_punct(int32_t r);   /* P */
bool uni_is_symbol(int32_t r);  /* S */
bool uni_is_control(int32_t r); /* Cc */
bool uni_is_space(int32_t r);   /* Latin-1 spaces, else White_Space */
bool uni_is_graphic(int32_t r); /* L M N P S Zs */
bool uni_is_print(int32_t r);   /* L M N P S and U+0020: strconv.IsPrint */

/* Simple case mappings as Go's unicode.ToUpper/ToLower/ToTitle: r itself
 * when it has no mapping. */
int32_t uni_to_upper(int32_t r);
int32_t uni_to_lower(int32_t r);
int32_t uni_to_title(int32_t r);

/* ---- generated tables (unicode_tables.c) ---- */

typedef struct UniCaseRange {
    uint32_t lo, hi;
    int32_t d_upper, d_lower, d_title;
    uint8_t alternating;
} UniCaseRange;

extern const char uni_version[];
extern const int uni_cat_nruns;
extern const uint32_t uni_cat_start[];
extern const uint8_t uni_cat_code[];
extern const int uni_space_n;
extern const uint32_t uni_space_ranges[][2];
extern const int uni_case_n;
extern const UniCaseRange uni_case_ranges[];

#endif
