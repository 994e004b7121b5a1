/* lib/strings.c: the native half of strings (stdlib/strings.csp): searching,
 * splitting, joining, case mapping and trimming, with Go's semantics for
 * empty separators and invalid UTF-8. */
#include "lib.h"
#include "../unicode.h"

static int64_t find(const String *s, const String *sub, int64_t from) {
    if (sub->len == 0) return from;
    if (sub->len > s->len - from) return -1;
    const char *p = memmem(s->data + from, (size_t)(s->len - from), sub->data, (size_t)sub->len);
    return p ? p - s->data : -1;
}

static int64_t rfind(const String *s, const String *sub) {
    if (sub->len == 0) return s->len;
    for (int64_t i = s->len - sub->len; i >= 0; i--)
        if (memcmp(s->data + i, sub->data, (size_t)sub->len) == 0) return i;
    return -1;
}

static NatStatus s_index(Fiber *f, Value *a, int n) {
    a[0].i = find(arg_str(a, 0), arg_str(a, 1), 0);
    return NAT_OK;
}

static NatStatus s_last_index(Fiber *f, Value *a, int n) {
    a[0].i = rfind(arg_str(a, 0), arg_str(a, 1));
    return NAT_OK;
}

static NatStatus s_index_byte(Fiber *f, Value *a, int n) {
    String *s = arg_str(a, 0);
    const char *p = memchr(s->data, (int)(a[1].i & 0xFF), (size_t)s->len);
    a[0].i = p ? p - s->data : -1;
    return NAT_OK;
}

static NatStatus s_index_rune(Fiber *f, Value *a, int n) {
    String *s = arg_str(a, 0);
    int32_t r = (int32_t)a[1].i;
    for (int64_t i = 0; i < s->len;) {
        int size;
        int32_t c = utf8_decode(s->data + i, s->len - i, &size);
        if (c == r && (r != UNI_RUNE_ERROR || size == 3 || !utf8_valid_rune(r))) {
            a[0].i = i;
            return NAT_OK;
        }
        if (c == r) {
            a[0].i = i;
            return NAT_OK;
        }
        i += size;
    }
    a[0].i = -1;
    return NAT_OK;
}

static bool has_rune(const String *chars, int32_t r) {
    for (int64_t i = 0; i < chars->len;) {
        int size;
        if (utf8_decode(chars->data + i, chars->len - i, &size) == r) return true;
        i += size;
    }
    return false;
}

static NatStatus s_index_any(Fiber *f, Value *a, int n) {
    String *s = arg_str(a, 0), *chars = arg_str(a, 1);
    for (int64_t i = 0; i < s->len;) {
        int size;
        int32_t r = utf8_decode(s->data + i, s->len - i, &size);
        if (has_rune(chars, r)) {
            a[0].i = i;
            return NAT_OK;
        }
        i += size;
    }
    a[0].i = -1;
    return NAT_OK;
}

static NatStatus s_count(Fiber *f, Value *a, int n) {
    String *s = arg_str(a, 0), *sub = arg_str(a, 1);
    if (sub->len == 0) {
        a[0].i = utf8_count(s->data, s->len) + 1;
        return NAT_OK;
    }
    int64_t c = 0;
    for (int64_t i = 0; (i = find(s, sub, i)) >= 0; i += sub->len) c++;
    a[0].i = c;
    return NAT_OK;
}

static NatStatus s_repeat(Fiber *f, Value *a, int n) {
    String *s = arg_str(a, 0);
    int64_t count = a[1].i;
    if (count < 0) return lib_panic(f, "strings: negative Repeat count");
    if (s->len && count > (INT64_C(1) << 40) / s->len) return lib_panic(f, "strings: Repeat output length overflow");
    String *r = str_alloc(s->len * count);
    char *d = (char *)r->data;
    for (int64_t i = 0; i < count; i++) memcpy(d + i * s->len, s->data, (size_t)s->len);
    a[0].p = r->len ? r : &str_empty;
    return NAT_OK;
}

/* Replace(s, old, new string, n int) string */
static NatStatus s_replace(Fiber *f, Value *a, int n) {
    String *s = arg_str(a, 0), *old = arg_str(a, 1), *nw = arg_str(a, 2);
    int64_t limit = a[3].i;
    if (limit == 0 || (old->len == 0 && s->len == 0 && limit == 0)) return NAT_OK;
    Buf b;
    buf_init(&b);
    int64_t i = 0, done = 0;
    if (old->len == 0) { /* insert new before each rune and at the end */
        while (i <= s->len && (limit < 0 || done < limit)) {
            buf_put(&b, nw->data, (size_t)nw->len);
            done++;
            if (i == s->len) {
                i++;
                break;
            }
            int size;
            utf8_decode(s->data + i, s->len - i, &size);
            buf_put(&b, s->data + i, (size_t)size);
            i += size;
        }
        if (i <= s->len) buf_put(&b, s->data + i, (size_t)(s->len - i));
    } else {
        int64_t j;
        while ((limit < 0 || done < limit) && (j = find(s, old, i)) >= 0) {
            buf_put(&b, s->data + i, (size_t)(j - i));
            buf_put(&b, nw->data, (size_t)nw->len);
            i = j + old->len;
            done++;
        }
        buf_put(&b, s->data + i, (size_t)(s->len - i));
    }
    a[0].p = done ? str_new(b.data ? b.data : "", (int64_t)b.len) : s;
    return NAT_OK;
}

/* genSplit(s, sep string, sepSave, n int) []string */
static NatStatus s_gensplit(Fiber *f, Value *a, int n) {
    String *s = arg_str(a, 0), *sep = arg_str(a, 1);
    int64_t save = a[2].i, limit = a[3].i;
    if (limit == 0) {
        a[0].p = NULL;
        return NAT_OK;
    }
    int64_t cap = 16, cnt = 0;
    String **parts = NEW_ARRAY(String *, cap);
    if (sep->len == 0) { /* explode into runes */
        int64_t i = 0;
        while (i < s->len) {
            if (limit > 0 && cnt == limit - 1) {
                if (cnt == cap) parts = GROW_ARRAY(String *, parts, cap *= 2);
                parts[cnt++] = str_sub(s, i, s->len);
                i = s->len;
                break;
            }
            int size;
            utf8_decode(s->data + i, s->len - i, &size);
            if (cnt == cap) parts = GROW_ARRAY(String *, parts, cap *= 2);
            parts[cnt++] = str_sub(s, i, i + size);
            i += size;
        }
    } else {
        int64_t i = 0, j;
        while ((limit < 0 || cnt < limit - 1) && (j = find(s, sep, i)) >= 0) {
            if (cnt == cap) parts = GROW_ARRAY(String *, parts, cap *= 2);
            parts[cnt++] = str_sub(s, i, j + save);
            i = j + sep->len;
        }
        if (cnt == cap) parts = GROW_ARRAY(String *, parts, cap *= 2);
        parts[cnt++] = str_sub(s, i, s->len);
    }
    a[0].p = lib_string_slice(parts, cnt);
    return NAT_OK;
}

static NatStatus s_fields(Fiber *f, Value *a, int n) {
    String *s = arg_str(a, 0);
    int64_t cap = 8, cnt = 0;
    String **parts = NEW_ARRAY(String *, cap);
    int64_t i = 0;
    while (i < s->len) {
        int size;
        while (i < s->len && uni_is_space(utf8_decode(s->data + i, s->len - i, &size))) i += size;
        if (i >= s->len) break;
        int64_t start = i;
        while (i < s->len && !uni_is_space(utf8_decode(s->data + i, s->len - i, &size))) i += size;
        if (cnt == cap) parts = GROW_ARRAY(String *, parts, cap *= 2);
        parts[cnt++] = str_sub(s, start, i);
    }
    a[0].p = lib_string_slice(parts, cnt);
    return NAT_OK;
}

static NatStatus s_join(Fiber *f, Value *a, int n) {
    Slice *elems = arg_slice(a, 0);
    String *sep = arg_str(a, 1);
    int64_t k = slice_len(elems);
    if (k == 0) {
        a[0].p = &str_empty;
        return NAT_OK;
    }
    Value *e = slice_data(elems);
    if (k == 1) {
        a[0] = e[0];
        return NAT_OK;
    }
    int64_t total = sep->len * (k - 1);
    for (int64_t i = 0; i < k; i++) total += ((String *)e[i].p)->len;
    String *r = str_alloc(total);
    char *d = (char *)r->data;
    for (int64_t i = 0; i < k; i++) {
        if (i) {
            memcpy(d, sep->data, (size_t)sep->len);
            d += sep->len;
        }
        String *p = e[i].p;
        memcpy(d, p->data, (size_t)p->len);
        d += p->len;
    }
    a[0].p = total ? r : &str_empty;
    return NAT_OK;
}

static String *map_runes(String *s, int32_t (*fn)(int32_t)) {
    Buf b;
    buf_init(&b);
    bool changed = false;
    for (int64_t i = 0; i < s->len;) {
        int size;
        int32_t r = utf8_decode(s->data + i, s->len - i, &size);
        int32_t m = fn(r);
        if (m != r || (r == UNI_RUNE_ERROR && size == 1)) changed = true;
        char tmp[UTF8_MAX];
        int k = utf8_encode(tmp, m);
        buf_put(&b, tmp, (size_t)k);
        i += size;
    }
    return changed ? str_new(b.data ? b.data : "", (int64_t)b.len) : s;
}

static NatStatus s_to_upper(Fiber *f, Value *a, int n) {
    a[0].p = map_runes(arg_str(a, 0), uni_to_upper);
    return NAT_OK;
}

static NatStatus s_to_lower(Fiber *f, Value *a, int n) {
    a[0].p = map_runes(arg_str(a, 0), uni_to_lower);
    return NAT_OK;
}

static NatStatus s_to_title(Fiber *f, Value *a, int n) {
    a[0].p = map_runes(arg_str(a, 0), uni_to_title);
    return NAT_OK;
}

/* trim(s, cutset string, mode int) string: mode 1 left, 2 right, 3 both;
 * an empty cutset means white space (TrimSpace). */
static NatStatus s_trim(Fiber *f, Value *a, int n) {
    String *s = arg_str(a, 0), *cut = arg_str(a, 1);
    int64_t mode = a[2].i;
    bool space = a[3].i != 0;
    int64_t lo = 0, hi = s->len;
    if (mode & 1) {
        while (lo < hi) {
            int size;
            int32_t r = utf8_decode(s->data + lo, hi - lo, &size);
            if (space ? !uni_is_space(r) : !has_rune(cut, r)) break;
            lo += size;
        }
    }
    if (mode & 2) {
        while (hi > lo) {
            int size;
            int32_t r = utf8_decode_last(s->data + lo, hi - lo, &size);
            if (space ? !uni_is_space(r) : !has_rune(cut, r)) break;
            hi -= size;
        }
    }
    a[0].p = str_sub(s, lo, hi);
    return NAT_OK;
}

static NatStatus s_equal_fold(Fiber *f, Value *a, int n) {
    String *s = arg_str(a, 0), *t = arg_str(a, 1);
    int64_t i = 0, j = 0;
    while (i < s->len && j < t->len) {
        int sz1, sz2;
        int32_t r1 = utf8_decode(s->data + i, s->len - i, &sz1);
        int32_t r2 = utf8_decode(t->data + j, t->len - j, &sz2);
        if (r1 != r2 && uni_to_lower(r1) != uni_to_lower(r2) && uni_to_upper(r1) != uni_to_upper(r2)) {
            a[0].i = 0;
            return NAT_OK;
        }
        i += sz1;
        j += sz2;
    }
    a[0].i = i == s->len && j == t->len;
    return NAT_OK;
}

const NativeReg lib_strings[] = {
    {"strings.Index", s_index},         {"strings.LastIndex", s_last_index},
    {"strings.IndexByte", s_index_byte}, {"strings.IndexRune", s_index_rune},
    {"strings.IndexAny", s_index_any},  {"strings.Count", s_count},
    {"strings.Repeat", s_repeat},       {"strings.Replace", s_replace},
    {"strings.genSplit", s_gensplit},   {"strings.Fields", s_fields},
    {"strings.Join", s_join},           {"strings.ToUpper", s_to_upper},
    {"strings.ToLower", s_to_lower},    {"strings.ToTitle", s_to_title},
    {"strings.trim", s_trim},           {"strings.EqualFold", s_equal_fold},
    {NULL, NULL},
};
