/* unicode.c: UTF-8 coding with Go's rules for invalid input, and Unicode
 * property lookups over the generated range tables (unicode_tables.c). */
#include "unicode.h"

#include <stddef.h>

/* ---- UTF-8 ---- */

/* The valid range of the second byte of a multi-byte sequence, by first
 * byte: E0 and F0 exclude overlong forms, ED excludes surrogates, F4 caps the
 * code space at U+10FFFF. */
static void second_range(unsigned char c0, unsigned char *lo, unsigned char *hi) {
    *lo = 0x80;
    *hi = 0xBF;
    if (c0 == 0xE0) *lo = 0xA0;
    else if (c0 == 0xED) *hi = 0x9F;
    else if (c0 == 0xF0) *lo = 0x90;
    else if (c0 == 0xF4) *hi = 0x8F;
}

int32_t utf8_decode(const char *s, int64_t n, int *size) {
    if (n < 1) {
        *size = 0;
        return UNI_RUNE_ERROR;
    }
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c0 = p[0];
    if (c0 < 0x80) {
        *size = 1;
        return c0;
    }
    int len = c0 >= 0xC2 && c0 <= 0xDF ? 2 : c0 >= 0xE0 && c0 <= 0xEF ? 3
            : c0 >= 0xF0 && c0 <= 0xF4 ? 4 : 0;
    *size = 1;
    if (len == 0 || n < 2) return UNI_RUNE_ERROR;
    unsigned char lo, hi;
    second_range(c0, &lo, &hi);
    if (p[1] < lo || p[1] > hi) return UNI_RUNE_ERROR;
    int32_t r = c0 & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    r = (r << 6) | (p[1] & 0x3F);
    for (int i = 2; i < len; i++) {
        if (i >= n || (p[i] & 0xC0) != 0x80) return UNI_RUNE_ERROR;
        r = (r << 6) | (p[i] & 0x3F);
    }
    *size = len;
    return r;
}

int32_t utf8_decode_last(const char *s, int64_t n, int *size) {
    if (n < 1) {
        *size = 0;
        return UNI_RUNE_ERROR;
    }
    const unsigned char *p = (const unsigned char *)s;
    if (p[n - 1] < 0x80) {
        *size = 1;
        return p[n - 1];
    }
    /* back up over at most UTF8_MAX-1 continuation bytes to a start byte */
    int64_t start = n - 1, lim = n - UTF8_MAX < 0 ? 0 : n - UTF8_MAX;
    while (start > lim && !utf8_rune_start(p[start])) start--;
    int sz;
    int32_t r = utf8_decode(s + start, n - start, &sz);
    if (start + sz != n) {
        *size = 1;
        return UNI_RUNE_ERROR;
    }
    *size = sz;
    return r;
}

bool utf8_valid_rune(int32_t r) {
    return r >= 0 && r <= UNI_MAX_RUNE && !(r >= 0xD800 && r <= 0xDFFF);
}

int utf8_rune_len(int32_t r) {
    if (r < 0) return -1;
    if (r < 0x80) return 1;
    if (r < 0x800) return 2;
    if (r >= 0xD800 && r <= 0xDFFF) return -1;
    if (r < 0x10000) return 3;
    if (r <= UNI_MAX_RUNE) return 4;
    return -1;
}

int utf8_encode(char *buf, int32_t r) {
    unsigned char *b = (unsigned char *)buf;
    if (!utf8_valid_rune(r)) r = UNI_RUNE_ERROR;
    if (r < 0x80) {
        b[0] = (unsigned char)r;
        return 1;
    }
    if (r < 0x800) {
        b[0] = (unsigned char)(0xC0 | (r >> 6));
        b[1] = (unsigned char)(0x80 | (r & 0x3F));
        return 2;
    }
    if (r < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (r >> 12));
        b[1] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (r & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | (r >> 18));
    b[1] = (unsigned char)(0x80 | ((r >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (r & 0x3F));
    return 4;
}

bool utf8_valid(const char *s, int64_t n) {
    for (int64_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int size;
        if (utf8_decode(s + i, n - i, &size) == UNI_RUNE_ERROR && size == 1) return false;
        i += size;
    }
    return true;
}

int64_t utf8_count(const char *s, int64_t n) {
    int64_t count = 0;
    for (int64_t i = 0; i < n; count++) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int size;
        utf8_decode(s + i, n - i, &size);
        i += size;
    }
    return count;
}

/* ---- properties ---- */

UniCat uni_category(int32_t r) {
    if (r < 0 || r > UNI_MAX_RUNE) return UC_Cn;
    /* the last run starting at or before r */
    int lo = 0, hi = uni_cat_nruns - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (uni_cat_start[mid] <= (uint32_t)r) lo = mid;
        else hi = mid - 1;
    }
    return (UniCat)uni_cat_code[lo];
}

static bool cat_in(int32_t r, UniCat first, UniCat last) {
    UniCat c = uni_category(r);
    return c >= first && c <= last;
}

bool uni_is_letter(int32_t r) { return cat_in(r, UC_Lu, UC_Lo); }
bool uni_is_digit(int32_t r) { return r >= '0' && r <= '9' ? true : r < 0x80 ? false : uni_category(r) == UC_Nd; }
bool uni_is_number(int32_t r) { return cat_in(r, UC_Nd, UC_No); }
bool uni_is_upper(int32_t r) { return uni_category(r) == UC_Lu; }
bool uni_is_lower(int32_t r) { return uni_category(r) == UC_Ll; }
bool uni_is_title(int32_t r) { return uni_category(r) == UC_Lt; }
bool uni_is_mark(int32_t r) { return cat_in(r, UC_Mn, UC_Me); }
bool uni_is_punct(int32_t r) { return cat_in(r, UC_Pc, UC_Po); }
bool uni_is_symbol(int32_t r) { return cat_in(r, UC_Sm, UC_So); }
bool uni_is_control(int32_t r) { return uni_category(r) == UC_Cc; }

bool uni_is_space(int32_t r) {
    if (r >= 0 && r <= 0xFF) {
        /* Go's Latin-1 rule: \t \n \v \f \r, space, U+0085 (NEL), U+00A0 (NBSP) */
        return (r >= '\t' && r <= '\r') || r == ' ' || r == 0x85 || r == 0xA0;
    }
    for (int i = 0; i < uni_space_n; i++)
        if ((uint32_t)r >= uni_space_ranges[i][0] && (uint32_t)r <= uni_space_ranges[i][1]) return true;
    return false;
}

bool uni_is_graphic(int32_t r) {
    UniCat c = uni_category(r);
    return (c >= UC_Lu && c <= UC_So) || c == UC_Zs;
}

bool uni_is_print(int32_t r) {
    if (r == ' ') return true;
    return cat_in(r, UC_Lu, UC_So);
}

/* ---- case mapping ---- */

enum { CASE_UPPER, CASE_LOWER, CASE_TITLE };

static int32_t to_case(int which, int32_t r) {
    if (r < 0 || r > UNI_MAX_RUNE) return r;
    if (r < 0x80) { /* ASCII fast path */
        if (which == CASE_LOWER) return r >= 'A' && r <= 'Z' ? r + 32 : r;
        return r >= 'a' && r <= 'z' ? r - 32 : r;
    }
    int lo = 0, hi = uni_case_n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        const UniCaseRange *cr = &uni_case_ranges[mid];
        if ((uint32_t)r < cr->lo) {
            hi = mid - 1;
        } else if ((uint32_t)r > cr->hi) {
            lo = mid + 1;
        } else if (cr->alternating) {
            bool is_upper = ((uint32_t)r - cr->lo) % 2 == 0;
            if (which == CASE_LOWER) return is_upper ? r + 1 : r;
            return is_upper ? r : r - 1;
        } else {
            int32_t d = which == CASE_UPPER ? cr->d_upper
                      : which == CASE_LOWER ? cr->d_lower : cr->d_title;
            return r + d;
        }
    }
    return r;
}

int32_t uni_to_upper(int32_t r) { return to_case(CASE_UPPER, r); }
int32_t uni_to_lower(int32_t r) { return to_case(CASE_LOWER, r); }
int32_t uni_to_title(int32_t r) { return to_case(CASE_TITLE, r); }
