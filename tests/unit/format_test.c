/* format_test.c: the fmt engine (format.c, format_num.c) and unicode.c,
 * checked against Go's own output: the conformance programs' headers, Go's
 * fmt_test.go tables, and strconv's. Values are built by hand; methods
 * (String, Error, GoString) are simulated by C callbacks that run between
 * the plan and format passes, as stdlib/fmt.csp will. */
#include "format.h"
#include "intern.h"
#include "map.h"
#include "unicode.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static Interner *in;
static TypeTable *tt;
static int npass, nfail;

/* ---- simulated methods ---- */

typedef String *(*MethodFn)(Value recv); /* NULL result: the method panics */

typedef struct Sim {
    Type *t; /* the receiver's dynamic type */
    int method;
    MethodFn fn;
} Sim;

static Sim sims[64];
static int nsims;
static const char *panic_msg; /* what a panicking method panics with */

static void def_method(Type *named, const char *name, bool ptr_recv, int method, MethodFn fn) {
    type_add_method(named, intern_cstr(in, name), &t_func_string, ptr_recv);
    Type *ptr = type_pointer(tt, named);
    if (!ptr_recv) sims[nsims++] = (Sim){named, method, fn};
    sims[nsims++] = (Sim){ptr, method, fn};
}

typedef enum { MODE_PRINTF, MODE_PRINT, MODE_PRINTLN } Mode;

/* Runs the plan pass, the simulated calls and the format pass, as the fmt
 * module does; returns the output (and checks the protocol on the way). */
static char *format_all(Mode mode, const char *fmt, const Value *args, int n, bool wrap) {
    FmtState st;
    fmt_state_init(&st, intern_cstr(in, "Error"), intern_cstr(in, "String"),
                   intern_cstr(in, "GoString"));
    st.wrap_errs = wrap;
    for (int pass = 0; pass < 2; pass++) {
        Buf b;
        buf_init(&b);
        if (mode == MODE_PRINTF) fmt_printf(&st, &b, fmt, strlen(fmt), args, n);
        else if (mode == MODE_PRINT) fmt_print(&st, &b, args, n);
        else fmt_println(&st, &b, args, n);
        if (pass == 1 || st.ncalls == 0) {
            if (pass == 1 && (st.ncalls != 0 || st.next != st.nresults)) {
                printf("FAIL protocol: %s: pass 2 made %d calls, used %d of %d results\n", fmt,
                       st.ncalls, st.next, st.nresults);
                nfail++;
            }
            return buf_cstr(&b);
        }
        int nc = st.ncalls;
        FmtCall *calls = st.calls;
        FmtResult *res = NEW_ARRAY(FmtResult, nc);
        for (int i = 0; i < nc; i++) {
            Type *rt = dyn_type(calls[i].recv);
            MethodFn fn = NULL;
            for (int k = 0; k < nsims; k++)
                if (sims[k].t == rt && sims[k].method == calls[i].method) fn = sims[k].fn;
            if (!fn) {
                printf("FAIL: no simulated method %d for %s\n", calls[i].method, type_string(rt));
                nfail++;
                return "";
            }
            panic_msg = NULL;
            res[i].s = fn(calls[i].recv);
            if (!res[i].s) {
                res[i].panicked = true;
                res[i].panic_val = VAL_PTR(str_from_cstr(panic_msg));
                res[i].panic_text = str_from_cstr(panic_msg);
            }
        }
        st.results = res;
        st.nresults = nc;
    }
    return "";
}

static void expect(const char *what, const char *got, const char *want) {
    if (strcmp(got, want) == 0) {
        npass++;
        return;
    }
    nfail++;
    printf("FAIL %s\n  got:  [%s]\n  want: [%s]\n", what, got, want);
}

#define NARGS(...) ((int)(sizeof((Value[]){__VA_ARGS__}) / sizeof(Value)))
#define CHECKF(want, fmt, ...) \
    expect(fmt, format_all(MODE_PRINTF, fmt, (Value[]){__VA_ARGS__}, NARGS(__VA_ARGS__), false), want)
#define CHECKF0(want, fmt) expect(fmt, format_all(MODE_PRINTF, fmt, NULL, 0, false), want)
#define CHECKW(want, fmt, ...) \
    expect(fmt, format_all(MODE_PRINTF, fmt, (Value[]){__VA_ARGS__}, NARGS(__VA_ARGS__), true), want)
#define CHECKP(want, ...) \
    expect("Print", format_all(MODE_PRINT, "", (Value[]){__VA_ARGS__}, NARGS(__VA_ARGS__), false), want)
#define CHECKLN(want, ...) \
    expect("Println", format_all(MODE_PRINTLN, "", (Value[]){__VA_ARGS__}, NARGS(__VA_ARGS__), false), want)

/* Sprintf from inside a simulated method (methods that call fmt). */
#define SPRINTF(fmt, ...) \
    format_all(MODE_PRINTF, fmt, (Value[]){__VA_ARGS__}, NARGS(__VA_ARGS__), false)

/* ---- value builders: dynamic words ---- */

static Value I(int64_t x) { return to_dyn(&t_int, VAL_INT(x)); }
static Value I8(int8_t x) { return to_dyn(&t_int8, VAL_INT(x)); }
static Value I32(int32_t x) { return to_dyn(&t_int32, VAL_INT(x)); }
static Value I64(int64_t x) { return to_dyn(&t_int64, VAL_INT(x)); }
static Value U(uint64_t x) { return to_dyn(&t_uint, VAL_UINT(x)); }
static Value U8(uint8_t x) { return to_dyn(&t_uint8, VAL_UINT(x)); }
static Value U16(uint16_t x) { return to_dyn(&t_uint16, VAL_UINT(x)); }
static Value U32(uint32_t x) { return to_dyn(&t_uint32, VAL_UINT(x)); }
static Value U64(uint64_t x) { return to_dyn(&t_uint64, VAL_UINT(x)); }
static Value F(double x) { return to_dyn(&t_float64, VAL_FLOAT(x)); }
static Value F32(float x) { return to_dyn(&t_float32, VAL_FLOAT((double)x)); }
static Value S(const char *s) { return VAL_PTR(str_from_cstr(s)); }
static Value SN(const char *s, int64_t n) { return VAL_PTR(str_new(s, n)); }
static Value BOOL(bool b) { return b ? DYN_TRUE : DYN_FALSE; }
#define NIL VAL_NIL

/* static words */
static Value sw_str(const char *s) { return VAL_PTR(str_from_cstr(s)); }

static Type *named(const char *name, Type *under) {
    Type *t = type_new_named(tt, "main", intern_cstr(in, name));
    type_set_underlying(t, under);
    return t;
}

/* A struct type from "Name type" pairs; lower-case names are unexported. */
static Type *struct_type(int n, ...) {
    Field fs[16];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        const char *name = va_arg(ap, const char *);
        Type *ft = va_arg(ap, Type *);
        fs[i] = (Field){.name = intern_cstr(in, name), .type = ft, .tag = NULL,
                        .embedded = false, .exported = name[0] >= 'A' && name[0] <= 'Z'};
    }
    va_end(ap);
    return type_struct(tt, fs, n);
}

/* A struct value (static word) from field static words. */
static Value mk_struct(Type *t, int n, ...) {
    Struct *s = struct_new(t);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) s->f[i] = va_arg(ap, Value);
    va_end(ap);
    return VAL_PTR(s);
}

static Value mk_slice(Type *st, int n, const Value *w) {
    if (n < 0) return VAL_NIL;
    Array *a = array_new(NULL, st->under->elem, n);
    for (int i = 0; i < n; i++) a->e[i] = w[i];
    return VAL_PTR(slice_new(st, a, 0, n, n));
}
#define SLICE(st, ...) mk_slice(st, NARGS(__VA_ARGS__), (Value[]){__VA_ARGS__})

static Value mk_array(Type *at, const Value *w) {
    Array *a = array_new(at, at->under->elem, at->under->len);
    for (int64_t i = 0; i < at->under->len; i++) a->e[i] = w[i];
    return VAL_PTR(a);
}
#define ARRAY(at, ...) mk_array(at, (Value[]){__VA_ARGS__})

static Value mk_map(Type *mt, int n, const Value *kv) {
    Map *m = map_new(mt, n);
    for (int i = 0; i < n; i++) {
        MapErr err = {0};
        map_set(m, kv[2 * i], kv[2 * i + 1], &err);
    }
    return VAL_PTR(m);
}
#define MAP(mt, ...) mk_map(mt, NARGS(__VA_ARGS__) / 2, (Value[]){__VA_ARGS__})

static Value D(Type *t, Value w) { return to_dyn(t, w); }

/* ---- types used by the programs ---- */

static Type *T_slice_int, *T_slice_str, *T_slice_any, *T_slice_byte, *T_slice_rune;
static Type *T_Point, *T_Pt, *T_Both, *T_Level, *T_PtrOnly, *T_Vec, *T_Temp, *T_Box;
static Type *T_Inner, *T_Outer, *T_P, *T_Money, *T_errorString, *T_NotFound, *T_Temporary;
static Type *T_Node, *T_Celsius, *T_Names, *T_I, *T_B, *T_C, *T_G, *T_A, *T_Panicky;

static String *Pt_String(Value r) {
    Struct *s = from_dyn(T_Pt, r).p;
    return str_from_cstr(SPRINTF("<%d,%d>", I(s->f[0].i), I(s->f[1].i)));
}
static String *Both_Error(Value r) { return str_from_cstr("as error"); }
static String *Both_String(Value r) { return str_from_cstr("as string"); }
static String *Level_String(Value r) {
    static const char *names[] = {"low", "mid", "high"};
    return str_from_cstr(names[from_dyn(T_Level, r).i]);
}
static String *PtrOnly_String(Value r) {
    Struct *s = from_dyn(dyn_type(r), r).p;
    return str_from_cstr(SPRINTF("ptr(%d)", I(s->f[0].i)));
}
static String *Vec_String(Value r) {
    Struct *s = from_dyn(dyn_type(r), r).p;
    return str_from_cstr(SPRINTF("<%d,%d>", I(s->f[0].i), I(s->f[1].i)));
}
static String *Temp_String(Value r) {
    Struct *s = from_dyn(dyn_type(r), r).p;
    return str_from_cstr(SPRINTF("%d°", I(s->f[0].i)));
}
static String *Money_String(Value r) {
    Struct *s = from_dyn(dyn_type(r), r).p;
    int64_t u = s->f[0].i;
    return str_from_cstr(SPRINTF("%d.%02d %s", I(u / 100), I(u % 100), s->f[1]));
}
static String *errorString_Error(Value r) {
    Struct *s = from_dyn(dyn_type(r), r).p;
    return s->f[0].p;
}
static String *NotFound_Error(Value r) {
    Struct *s = from_dyn(dyn_type(r), r).p;
    return str_concat(str_from_cstr("not found: "), s->f[0].p);
}
static String *Temporary_Error(Value r) {
    Struct *s = from_dyn(dyn_type(r), r).p;
    return str_concat(str_from_cstr("temporary: "), s->f[0].p);
}
static String *Node_String(Value r) {
    Struct *n = from_dyn(dyn_type(r), r).p;
    if (!n) return str_from_cstr("end");
    return str_from_cstr(SPRINTF("%d->%v", I(n->f[0].i), D(type_pointer(tt, T_Node), n->f[1])));
}
static String *I_String(Value r) { return str_from_cstr(SPRINTF("<%d>", I(from_dyn(T_I, r).i))); }
static String *G_GoString(Value r) {
    return str_from_cstr(SPRINTF("GoString(%d)", I(from_dyn(T_G, r).i)));
}
static String *Panicky_String(Value r) {
    Struct *s = from_dyn(dyn_type(r), r).p;
    if (!s) panic_msg = "runtime error: invalid memory address or nil pointer dereference";
    else panic_msg = "oops";
    return NULL;
}

static void make_types(void) {
    T_slice_int = type_slice(tt, &t_int);
    T_slice_str = type_slice(tt, &t_string);
    T_slice_any = type_slice(tt, &t_any);
    T_slice_byte = type_slice(tt, &t_uint8);
    T_slice_rune = type_slice(tt, &t_int32);
    T_Point = named("Point", struct_type(2, "X", &t_int, "Y", &t_int));
    T_Pt = named("Pt", struct_type(2, "X", &t_int, "Y", &t_int));
    def_method(T_Pt, "String", false, FMT_STRING, Pt_String);
    T_Both = named("Both", struct_type(0));
    def_method(T_Both, "Error", false, FMT_ERROR, Both_Error);
    def_method(T_Both, "String", false, FMT_STRING, Both_String);
    T_Level = named("Level", &t_int);
    def_method(T_Level, "String", false, FMT_STRING, Level_String);
    T_PtrOnly = named("PtrOnly", struct_type(1, "N", &t_int));
    def_method(T_PtrOnly, "String", true, FMT_STRING, PtrOnly_String);
    T_Vec = named("Vec", struct_type(2, "X", &t_int, "Y", &t_int));
    def_method(T_Vec, "String", true, FMT_STRING, Vec_String);
    T_Temp = named("Temp", struct_type(1, "Deg", &t_int));
    def_method(T_Temp, "String", false, FMT_STRING, Temp_String);
    T_Box = named("Box", struct_type(3, "V", type_pointer(tt, T_Vec), "W", T_Vec, "T", T_Temp));
    T_Inner = named("Inner", struct_type(2, "A", &t_int, "B", &t_string));
    T_Outer = named("Outer", struct_type(7, "Name", &t_string, "In", T_Inner, "Ptr",
                                         type_pointer(tt, T_Inner), "List", T_slice_int, "Map",
                                         type_map(tt, &t_string, &t_int), "Flag", &t_bool,
                                         "Score", &t_float64));
    T_P = named("P", struct_type(2, "X", &t_int, "S", &t_string));
    T_Money = named("Money", struct_type(2, "Units", &t_int, "Cur", &t_string));
    def_method(T_Money, "String", false, FMT_STRING, Money_String);
    T_errorString = type_new_named(tt, "errors", intern_cstr(in, "errorString"));
    type_set_underlying(T_errorString, struct_type(1, "s", &t_string));
    def_method(T_errorString, "Error", true, FMT_ERROR, errorString_Error);
    T_NotFound = named("NotFound", struct_type(1, "Key", &t_string));
    def_method(T_NotFound, "Error", false, FMT_ERROR, NotFound_Error);
    T_Temporary = named("Temporary", struct_type(1, "Msg", &t_string));
    def_method(T_Temporary, "Error", true, FMT_ERROR, Temporary_Error);
    T_Node = type_new_named(tt, "main", intern_cstr(in, "Node"));
    type_set_underlying(T_Node, struct_type(2, "Val", &t_int, "Next", type_pointer(tt, T_Node)));
    def_method(T_Node, "String", true, FMT_STRING, Node_String);
    T_Celsius = named("Celsius", &t_float64);
    T_Names = named("Names", T_slice_str);
    T_I = named("I", &t_int);
    def_method(T_I, "String", false, FMT_STRING, I_String);
    T_B = named("B", struct_type(2, "I", T_I, "j", &t_int));
    T_C = named("C", struct_type(2, "i", &t_int, "B", T_B));
    T_C->under->fields[1].embedded = true;
    T_C->under->fields[1].exported = true;
    T_G = named("G", &t_int);
    def_method(T_G, "GoString", false, FMT_GOSTRING, G_GoString);
    T_A = named("A", struct_type(4, "i", &t_int, "j", &t_uint, "s", &t_string, "x", T_slice_int));
    T_Panicky = named("Panicky", struct_type(1, "N", &t_int));
    def_method(T_Panicky, "String", true, FMT_STRING, Panicky_String);
}

static Value errors_new(const char *msg) {
    return D(type_pointer(tt, T_errorString), mk_struct(T_errorString, 1, sw_str(msg)));
}

/* ---- tests ---- */

static void test_print_spacing(void) { /* 210_print_spacing */
    CHECKP("ab\n", S("a"), S("b"), S("\n"));
    CHECKP("1 2\n", I(1), I(2), S("\n"));
    CHECKP("x1 2y3\n", S("x"), I(1), I(2), S("y"), I(3), S("\n"));
    CHECKP("1.5 true <nil>\n", F(1.5), BOOL(true), NIL, S("\n"));
    Type *ts = named("S", struct_type(1, "A", &t_int));
    CHECKP("{1} {2}\n", D(ts, mk_struct(ts, 1, VAL_INT(1))), D(ts, mk_struct(ts, 1, VAL_INT(2))), S("\n"));
    CHECKP("[1] [2]\n", D(T_slice_int, SLICE(T_slice_int, VAL_INT(1))),
           D(T_slice_int, SLICE(T_slice_int, VAL_INT(2))), S("\n"));
    CHECKLN("a b 1 2 true\n", S("a"), S("b"), I(1), I(2), BOOL(true));
    expect("Println()", format_all(MODE_PRINTLN, "", NULL, 0, false), "\n");
    CHECKLN("\n", S(""));
    CHECKP("a1 2bc3 120", S("a"), I(1), I(2), S("b"), S("c"), F(3.0), I32('x'));
    expect("Sprint()", format_all(MODE_PRINT, "", NULL, 0, false), "");
    CHECKP("<nil>", NIL);
    CHECKP("", S(""), S(""));
    CHECKLN("8 <nil>\n", I(8), NIL);
}

static void test_strings(void) { /* 211_fmt_strings */
    Value s = S("gopher");
    CHECKF("[gopher][    gopher][gopher    ][gop][      go]", "[%s][%10s][%-10s][%.3s][%8.2s]", s, s,
           s, s, s);
    CHECKF("[\"gopher\"][gopher][676f70686572][676F70686572][68 69 21]", "[%q][%v][%x][%X][% x]", s,
           s, s, s, S("hi!"));
    CHECKF("[\"tab\\there \\\"quoted\\\" \\\\ back\"]", "[%q]", S("tab\there \"quoted\" \\ back"));
    Value ab = D(T_slice_str, SLICE(T_slice_str, sw_str("a"), sw_str("b")));
    CHECKF("[[a b]]", "[%s]", ab);
    CHECKF("[[\"a\" \"b c\"]]", "[%q]", D(T_slice_str, SLICE(T_slice_str, sw_str("a"), sw_str("b c"))));
    CHECKF("[toolong|x    ]", "[%5s|%-5s]", S("toolong"), S("x"));
    CHECKF("%s literal percent, 50%", "%%s literal percent, %d%%", I(50));
    CHECKF("[       \"q\"][\"r\"     ]", "[%10q][%-8q]", S("q"), S("r"));
    CHECKF("[\"back`tick\"]", "[%#q]", S("back`tick"));
    CHECKF("[`raw`]", "[%#q]", S("raw"));
    CHECKF("[617a][01AB]", "[%x][%X]", D(T_slice_byte, SLICE(T_slice_byte, VAL_INT('a'), VAL_INT('z'))),
           D(T_slice_byte, SLICE(T_slice_byte, VAL_INT(1), VAL_INT(171))));
    CHECKF("[bytes]", "[%s]", D(T_slice_byte, SLICE(T_slice_byte, VAL_INT('b'), VAL_INT('y'),
                                                   VAL_INT('t'), VAL_INT('e'), VAL_INT('s'))));
    CHECKF("ab  |  cd|", "%-4s|%4s|", S("ab"), S("cd"));
    /* fmt_test.go */
    CHECKF("fff00fff", "%x", S("\xff\xf0\x0f\xff"));
    CHECKF("", "%#x", S(""));
    CHECKF("0x78 0x79 0x7a", "%# x", S("xyz"));
    CHECKF("0X78797A", "%#X", S("xyz"));
    CHECKF("\"日本語\"", "%q", S("日本語"));
    CHECKF("\"\\u65e5\\u672c\\u8a9e\"", "%+q", S("日本語"));
    CHECKF("`日本語`", "%#+q", S("日本語"));
    CHECKF("\"\\a\\b\\f\\n\\r\\t\\v\\\"\\\\\"", "%q", S("\a\b\f\n\r\t\v\"\\"));
    CHECKF("  \"\\u2318\"", "%+10q", S("⌘"));
    CHECKF("0000000\"⌘\"", "%010q", S("⌘"));
    CHECKF("\"⌘\"       ", "%-010q", S("⌘"));
    CHECKF("`\t`     ", "%#-8q", S("\t"));
    CHECKF("\"abc\\xffdef\"", "%q", S("abc\xff" "def"));
    CHECKF("\"\\U0010ffff\"", "%q", S("\xf4\x8f\xbf\xbf"));
    CHECKF("`\xf4\x8f\xbf\xbf`", "%#q", S("\xf4\x8f\xbf\xbf"));
    CHECKF("\"\\x00\\x7f\"", "%q", SN("\0\x7f", 2));
    CHECKF("\"\\ufeff\"", "%#q", S("\xef\xbb\xbf"));
    CHECKF("00abc", "%05s", S("abc"));
    CHECKF("abc  ", "%0-5s", S("abc"));
    CHECKF("日本語日本", "%.5s", S("日本語日本語"));
    CHECKF("       \"日\"", "%10.1q", S("日本語日本語"));
    CHECKF("e6", "%.1x", S("日本語"));
    CHECKF(" ☺", "%2s", S("\u263a"));
    CHECKF("               qwert", "%20.5s", S("qwertyuiop"));
    CHECKF("00xab 0xcd", "%# 010x", S("\xab\xcd"));
    CHECKF("0XAB 0XCD ", "%# -010X", S("\xab\xcd"));
    CHECKF("00", "% 02x", S(""));
    CHECKF("%!d(string=hi)", "%d", S("hi"));
}

static void test_T_verb(void) { /* 212_fmt_T_verb */
    CHECKF("int float64 string bool <nil>", "%T %T %T %T %T", I(42), F(3.14), S("s"), BOOL(true), NIL);
    CHECKF("[]int []string [3]int [2][2]string", "%T %T %T %T", D(T_slice_int, VAL_NIL),
           D(T_slice_str, VAL_NIL), D(type_array(tt, &t_int, 3), zero_value(type_array(tt, &t_int, 3))),
           D(type_array(tt, type_array(tt, &t_string, 2), 2),
             zero_value(type_array(tt, type_array(tt, &t_string, 2), 2))));
    Type *m1 = type_map(tt, &t_string, &t_int), *m2 = type_map(tt, &t_int, T_slice_str);
    Type *m3 = type_map(tt, &t_string, &t_any);
    CHECKF("map[string]int map[int][]string map[string]interface {}", "%T %T %T", D(m1, VAL_NIL),
           D(m2, VAL_NIL), D(m3, VAL_NIL));
    Type *pp = type_pointer(tt, T_Point);
    CHECKF("main.Point *main.Point []main.Point []*main.Point map[main.Point]bool", "%T %T %T %T %T",
           D(T_Point, zero_value(T_Point)), D(pp, zero_value(T_Point)),
           D(type_slice(tt, T_Point), VAL_NIL), D(type_slice(tt, pp), VAL_NIL),
           D(type_map(tt, T_Point, &t_bool), VAL_NIL));
    CHECKF("main.Celsius main.Names []interface {} bool", "%T %T %T %T", D(T_Celsius, VAL_FLOAT(1.5)),
           D(T_Names, VAL_NIL), D(T_slice_any, VAL_NIL), BOOL(false));
    CHECKF("*int <nil>", "%T %T", D(type_pointer(tt, &t_int), VAL_NIL), NIL);
    CHECKF("[0]int [][]int", "%T %T", D(type_array(tt, &t_int, 0), zero_value(type_array(tt, &t_int, 0))),
           D(type_slice(tt, T_slice_int), VAL_NIL));
    CHECKF("  *int", "%6T", D(type_pointer(tt, &t_int), VAL_NIL));
    CHECKF("     <nil>", "%10T", NIL);
    CHECKF("<nil>     ", "%-10T", NIL);
    CHECKF("uint8 int32", "%T %T", U8(0), I32('a'));
    Type *fn = type_func(tt, (Type *[]){&t_int}, 1, (Type *[]){&t_string}, 1, false);
    CHECKF("func(int) string chan<- int", "%T %T", D(fn, VAL_NIL),
           D(type_chan(tt, &t_int, CHAN_SEND), VAL_NIL));
}

static Value outer_value(void) {
    Value in1 = mk_struct(T_Inner, 2, VAL_INT(1), sw_str("x"));
    Type *mt = type_map(tt, &t_string, &t_int);
    return mk_struct(T_Outer, 7, sw_str("o"), in1, VAL_NIL, SLICE(T_slice_int, VAL_INT(1), VAL_INT(2)),
                     MAP(mt, sw_str("k"), VAL_INT(1)), VAL_INT(0), VAL_FLOAT(2.5));
}

static void test_struct_verbs(void) { /* 213_fmt_struct_verbs */
    Value o = D(T_Outer, outer_value());
    CHECKF("{o {1 x} <nil> [1 2] map[k:1] false 2.5}", "%v", o);
    CHECKF("{Name:o In:{A:1 B:x} Ptr:<nil> List:[1 2] Map:map[k:1] Flag:false Score:2.5}", "%+v", o);
    Value inner = mk_struct(T_Inner, 2, VAL_INT(1), sw_str("x"));
    Type *pi = type_pointer(tt, T_Inner);
    CHECKLN("{1 x} &{1 x}\n", D(T_Inner, inner), D(pi, inner));
    CHECKF("&{1 x} &{A:1 B:x}", "%v %+v", D(pi, inner), D(pi, inner));
    CHECKF("main.Inner{A:1, B:\"x\"}", "%#v", D(T_Inner, inner));
    Type *si = type_slice(tt, T_Inner);
    Value items = D(si, SLICE(si, mk_struct(T_Inner, 2, VAL_INT(1), sw_str("a")),
                             mk_struct(T_Inner, 2, VAL_INT(2), sw_str("b"))));
    CHECKF("[{1 a} {2 b}]\n[{A:1 B:a} {A:2 B:b}]", "%v\n%+v", items, items);
    Type *spi = type_slice(tt, pi);
    CHECKLN("[] 0\n", D(spi, mk_slice(spi, 0, NULL)), I(0));
    Type *ms = type_map(tt, &t_string, T_Inner);
    Value m = D(ms, MAP(ms, sw_str("z"), mk_struct(T_Inner, 2, VAL_INT(26), sw_str("zz")), sw_str("a"),
                        mk_struct(T_Inner, 2, VAL_INT(1), sw_str("aa"))));
    CHECKF("map[a:{1 aa} z:{26 zz}]\nmap[a:{A:1 B:aa} z:{A:26 B:zz}]", "%v\n%+v", m, m);
    CHECKLN("<nil>\n", D(pi, VAL_NIL));
    CHECKF("<nil> <nil>", "%v %+v", D(pi, VAL_NIL), D(pi, VAL_NIL));
    /* fmt_test.go */
    Value a = D(T_A, mk_struct(T_A, 4, VAL_INT(1), VAL_UINT(2), sw_str("a"),
                               SLICE(T_slice_int, VAL_INT(1), VAL_INT(2))));
    CHECKF("{1 2 a [1 2]}", "%v", a);
    CHECKF("{i:1 j:2 s:a x:[1 2]}", "%+v", a);
    CHECKF("main.A{i:1, j:0x2, s:\"a\", x:[]int{1, 2}}", "%#v", a);
    Value b = D(T_B, mk_struct(T_B, 2, VAL_INT(1), VAL_INT(2)));
    CHECKF("{I:<1> j:2}", "%+v", b);
    CHECKF("{i:1 B:{I:<2> j:3}}", "%+v",
           D(T_C, mk_struct(T_C, 2, VAL_INT(1), mk_struct(T_B, 2, VAL_INT(2), VAL_INT(3)))));
    Type *anon = struct_type(2, "A", &t_int, "B", &t_string);
    CHECKF("struct { A int; B string }{A:1, B:\"x\"}", "%#v", D(anon, mk_struct(anon, 2, VAL_INT(1), sw_str("x"))));
    /* an unexported field's methods are not called */
    Type *hid = named("Hid", struct_type(2, "t", T_Temp, "T", T_Temp));
    CHECKF("{{5} 6°}", "%v", D(hid, mk_struct(hid, 2, mk_struct(T_Temp, 1, VAL_INT(5)),
                                               mk_struct(T_Temp, 1, VAL_INT(6)))));
    Type *se = named("SE", struct_type(1, "err", &t_error));
    Value se1 = D(se, mk_struct(se, 1, errors_new("boom")));
    Buf want;
    buf_init(&want);
    Value ew = ((Struct *)from_dyn(se, se1).p)->f[0];
    buf_printf(&want, "{%p}", from_dyn(dyn_type(ew), ew).p);
    CHECKF(buf_cstr(&want), "%v", se1);
    CHECKF("main.SE{err:error(nil)}", "%#v", D(se, mk_struct(se, 1, VAL_NIL)));
}

static void test_sharp_v(void) { /* 214_fmt_sharp_v */
    CHECKF("[]int{1, 2, 3}", "%#v", D(T_slice_int, SLICE(T_slice_int, VAL_INT(1), VAL_INT(2), VAL_INT(3))));
    CHECKF("[]string{\"a\", \"b\"}", "%#v", D(T_slice_str, SLICE(T_slice_str, sw_str("a"), sw_str("b"))));
    Type *msi = type_map(tt, &t_string, &t_int);
    CHECKF("map[string]int{\"a\":1, \"b\":2}", "%#v", D(msi, MAP(msi, sw_str("b"), VAL_INT(2), sw_str("a"), VAL_INT(1))));
    CHECKF("\"quoted\\n\"", "%#v", S("quoted\n"));
    CHECKF("42", "%#v", I(42));
    CHECKF("true", "%#v", BOOL(true));
    CHECKF("main.P{X:1, S:\"one\"}", "%#v", D(T_P, mk_struct(T_P, 2, VAL_INT(1), sw_str("one"))));
    CHECKF("&main.P{X:2, S:\"two\"}", "%#v", D(type_pointer(tt, T_P), mk_struct(T_P, 2, VAL_INT(2), sw_str("two"))));
    Type *sp = type_slice(tt, T_P);
    CHECKF("[]main.P{main.P{X:3, S:\"c\"}}", "%#v", D(sp, SLICE(sp, mk_struct(T_P, 2, VAL_INT(3), sw_str("c")))));
    Type *a2 = type_array(tt, &t_int, 2);
    CHECKF("[2]int{4, 5}", "%#v", D(a2, ARRAY(a2, VAL_INT(4), VAL_INT(5))));
    CHECKF("[]int(nil)", "%#v", D(T_slice_int, VAL_NIL));
    Type *mib = type_map(tt, &t_int, &t_bool);
    CHECKF("map[int]bool{}", "%#v", D(mib, VAL_PTR(map_new(mib, 0))));
    CHECKF("0xff -7", "%#x %#v", I(255), I(-7));
    /* fmt_test.go */
    CHECKF("0xffffffffffffffff", "%#v", U64(UINT64_MAX));
    CHECKF("1000000000", "%#v", I(1000000000));
    CHECKF("main.SI{I:interface {}(nil)}", "%#v",
           D(named("SI", struct_type(1, "I", &t_any)), zero_value(named("SI2", struct_type(1, "I", &t_any)))));
    CHECKF("[]int{}", "%#v", D(T_slice_int, mk_slice(T_slice_int, 0, NULL)));
    Type *ia = type_array(tt, &t_any, 4);
    Value iarr = D(ia, ARRAY(ia, I(1), S("hello"), F(2.5), NIL));
    CHECKF("[4]interface {}{1, \"hello\", 2.5, interface {}(nil)}", "%#v", iarr);
    CHECKF("[1 hello 2.5 <nil>]", "%v", iarr);
    CHECKF("&[1 hello 2.5 <nil>]", "%v", D(type_pointer(tt, ia), from_dyn(ia, iarr)));
    CHECKF("map[int]uint8(nil)", "%#v", D(type_map(tt, &t_int, &t_uint8), VAL_NIL));
    CHECKF("1 1e+06 1 1e+06 1.2345678", "%#v %#v %#v %#v %#v", F(1.0), F(1e6), F32(1.0f), F32(1e6f), F(1.2345678));
    CHECKF("[]byte(nil) []byte{} [3]uint8{0x0, 0x0, 0x0}", "%#v %#v %#v", D(T_slice_byte, VAL_NIL),
           D(T_slice_byte, mk_slice(T_slice_byte, 0, NULL)),
           D(type_array(tt, &t_uint8, 3), zero_value(type_array(tt, &t_uint8, 3))));
    CHECKF("&[]uint8{}", "%#v", D(type_pointer(tt, T_slice_byte), VAL_PTR(cell_new(mk_slice(T_slice_byte, 0, NULL)))));
    Type *rb = named("renamedUint8", &t_uint8);
    Type *rbs = type_slice(tt, rb);
    CHECKF("[]main.renamedUint8{0x1, 0x2}", "%#v", D(rbs, SLICE(rbs, VAL_INT(1), VAL_INT(2))));
    CHECKF("68656c6c6f hello", "%x %s", D(rbs, SLICE(rbs, VAL_INT('h'), VAL_INT('e'), VAL_INT('l'), VAL_INT('l'), VAL_INT('o'))),
           D(rbs, SLICE(rbs, VAL_INT('h'), VAL_INT('e'), VAL_INT('l'), VAL_INT('l'), VAL_INT('o'))));
    CHECKF("GoString(6)", "%#v", D(T_G, VAL_INT(6)));
    Type *sg = named("SG", struct_type(1, "G", T_G));
    CHECKF("main.SG{G:GoString(8)}", "%#v", D(sg, mk_struct(sg, 1, VAL_INT(8))));
    CHECKF("6", "%v", D(T_G, VAL_INT(6)));
    CHECKF("[]interface {}{1, \"a\", interface {}(nil)}", "%#v", D(T_slice_any, SLICE(T_slice_any, I(1), S("a"), NIL)));
    CHECKF("(*int)(nil)", "%#v", D(type_pointer(tt, &t_int), VAL_NIL));
    CHECKF("<nil>", "%#v", NIL);
    Type *fnt = type_func(tt, NULL, 0, NULL, 0, false);
    CHECKF("(func())(nil)", "%#v", D(fnt, VAL_NIL));
    CHECKF("map[string]main.B{\"a\":main.B{I:1, j:2}}", "%#v",
           D(type_map(tt, &t_string, T_B), MAP(type_map(tt, &t_string, T_B), sw_str("a"), mk_struct(T_B, 2, VAL_INT(1), VAL_INT(2)))));
}

static void test_width_flags(void) { /* 215_fmt_width_flags */
    CHECKF("item        |  qty|   price", "%-12s|%5s|%8s", S("item"), S("qty"), S("price"));
    CHECKF("apple       |    3|    0.50", "%-12s|%5d|%8.2f", S("apple"), I(3), F(0.5));
    CHECKF("fig         |   12|    0.12", "%-12s|%5d|%8.2f", S("fig"), I(12), F(0.125));
    CHECKF("|    42|42    |", "|%*d|%-*d|", I(6), I(42), I(6), I(42));
    CHECKF("|3.14|   2.718|", "|%.*f|%*.*f|", I(2), F(3.14159), I(8), I(3), F(2.71828));
    CHECKF("|  true|false |", "|%6t|%-6t|", BOOL(true), BOOL(false));
    CHECKF("|    12|12    |-00012|", "|%6v|%-6v|%06d|", I(12), I(12), I(-12));
    CHECKF("|   +3|+3   | 3|-3|", "|%+5d|%+-5d|% d|% d|", I(3), I(3), I(3), I(-3));
    CHECKF("|    ab|", "|%6.2v|", S("abcdef"));
    Value s122 = D(T_slice_int, SLICE(T_slice_int, VAL_INT(1), VAL_INT(22)));
    CHECKF("|[1 22]|[     1     22]|", "|%v|%6v|", s122, s122);
    CHECKF("|  A|B  |", "|%3c|%-3c|", I32('A'), I32('B'));
    CHECKF("|1.235e+03|1.23E-04    |", "|%8.3e|%-12.2E|", F(1234.5678), F(0.000123));
    /* star forms and their errors */
    CHECKF("|    42|", "|%*d|", U8(6), I(42));
    CHECKF("|42    |", "|%*d|", I(-6), I(42));
    CHECKF("%!(BADWIDTH)42", "%*d", S("x"), I(42));
    CHECKF("%!(BADWIDTH)42", "%*d", I(10000000), I(42));
    CHECKF("%!(BADPREC)3.141593", "%.*f", S("x"), F(3.14159265));
    CHECKF("%!(BADPREC)3.141593", "%.*f", I(-1), F(3.14159265));
    CHECKF("%!d(BADINDEX)", "%[0]d", I(1));
    CHECKF("%!d(BADINDEX)", "%[3]d", I(1));
    CHECKF("2 1", "%[2]d %[1]d", I(1), I(2));
    CHECKF("1 2 1 2", "%[1]d %[2]d %[1]d %d", I(1), I(2));
    CHECKF("12", "%[2]*[1]d", I(12), I(2));
    CHECKF("  12", "%[2]*[1]d", I(12), I(4));
    CHECKF("%!d(BADINDEX)", "%[3]*d", I(12), I(4));
    CHECKF("%!d(BADINDEX)", "%[1]2d", I(1));
    CHECKF("%!d(BADINDEX)", "%[1].2d", I(1));
    CHECKF("%!d(BADINDEX)", "%[x]d", I(1));
    CHECKF("%!d(BADINDEX)", "%[1d", I(1));
    CHECKF("%!](int=1)", "%]", I(1)); /* "]" is the verb */
    CHECKF(" 3.00", "%[3]*.[2]*[1]f", F(3), I(2), I(5));
    CHECKF("%!d(MISSING)", "%d");
    CHECKF("1 %!d(MISSING)", "%d %d", I(1));
    CHECKF("1%!(EXTRA int=2, string=x)", "%d", I(1), I(2), S("x"));
    CHECKF("%!(EXTRA <nil>)", "", NIL);
    CHECKF("no args%!(EXTRA string=hello)", "no args", S("hello"));
    CHECKF("hello %!(NOVERB)", "%s %", S("hello"));
    CHECKF("hello %!(NOVERB)", "%s %.2", S("hello"));
    CHECKF("%!(NOVERB)%!(EXTRA int=0)", "%017091901790959340919092959340919017929593813360", I(0));
    CHECKF("%!(NOVERB)%!(EXTRA string=12345)", "%010.2", S("12345"));
    CHECKF("x%!(EXTRA main.Level=mid)", "x", D(T_Level, VAL_INT(1)));
    CHECKF("%!d(<nil>)", "%d", NIL);
    CHECKF("%!s(<nil>)", "%s", NIL);
    CHECKF("%!☺(int=1)", "%☺", I(1));
    CHECKF("%!\xef\xbf\xbd(int=1)", "%\xff", I(1));
    CHECKF("1 2", "%d %d", I(1), I(2));
    CHECKF("[000010 000010]", "%06v", D(T_slice_any, SLICE(T_slice_any, F(10.0), I(10))));
    CHECKF("[-00010 000010]", "%06v", D(T_slice_any, SLICE(T_slice_any, F(-10.0), I(10))));
    CHECKF("1.0  ", "%-05.1f", F(1.0));
    CHECKF("%!z(main.Level=1)", "%z", D(T_Level, VAL_INT(1)));
    CHECKF("[%!z(uint8=1) %!z(uint8=2)]", "%z", D(T_slice_byte, SLICE(T_slice_byte, VAL_INT(1), VAL_INT(2))));
    CHECKF("%!t(int=    5)", "%5t", I(5));
    CHECKF("1%!d(bool=true)", "%d%d", D(T_Level, VAL_INT(1)), BOOL(true));
}

static void test_nil_bool(void) { /* 216_fmt_nil_bool_misc */
    Value ip = D(type_pointer(tt, &t_int), VAL_NIL);
    Value sl = D(T_slice_str, VAL_NIL);
    Value m = D(type_map(tt, &t_string, &t_bool), VAL_NIL);
    CHECKLN("<nil> <nil> [] map[] <nil> true\n", ip, NIL, sl, m, NIL, BOOL(true));
    CHECKF("<nil> <nil> [] map[] <nil>", "%v %v %v %v %v", ip, NIL, sl, m, NIL);
    CHECKF("true false true", "%t %v %t", BOOL(true), BOOL(false), BOOL(true));
    CHECKF("<nil>|[<nil>]", "%v|%v", NIL, D(T_slice_any, SLICE(T_slice_any, NIL)));
    CHECKP("true!", BOOL(true), S("!"));
    Type *bs = type_slice(tt, &t_bool), *mbs = type_map(tt, &t_bool, &t_string);
    CHECKF("[true false] map[false:n true:y]", "%v %v", D(bs, SLICE(bs, VAL_INT(1), VAL_INT(0))),
           D(mbs, MAP(mbs, VAL_INT(1), sw_str("y"), VAL_INT(0), sw_str("n"))));
    CHECKF("false|true   |", "%5t|%-7t|", BOOL(false), BOOL(true));
    CHECKF("[<nil> 1]", "%d", D(T_slice_any, SLICE(T_slice_any, NIL, I(1))));
    CHECKF("     <nil>", "%10v", NIL);
    CHECKF("   <nil>", "%8.2v", ip);
    Type *fnt = type_func(tt, NULL, 0, NULL, 0, false);
    CHECKF("<nil>", "%v", D(fnt, VAL_NIL));
    CHECKF("%!d(bool=true)", "%d", BOOL(true));
    Type *rbool = named("renamedBool", &t_bool);
    CHECKF("%!d(main.renamedBool=true)", "%d", D(rbool, VAL_INT(1)));
}

static void test_errors(void) { /* 217_fmt_errors, 109_stringer_error_fmt */
    Value base = errors_new("base failure");
    CHECKLN("base failure\n", base);
    CHECKF("base failure|base failure|\"base failure\"", "%v|%s|%q", base, base, base);
    Type *pt = type_pointer(tt, T_Temporary);
    CHECKLN("tmp temporary: try again false\n", S("tmp"), D(pt, mk_struct(T_Temporary, 1, sw_str("try again"))), BOOL(false));
    CHECKLN("cfg not found: cfg false\n", S("cfg"), D(T_NotFound, mk_struct(T_NotFound, 1, sw_str("cfg"))), BOOL(false));
    CHECKLN(" <nil> true\n", S(""), NIL, BOOL(true));
    Type *es = type_slice(tt, &t_error);
    CHECKLN("[base failure not found: a <nil>]\n",
            D(es, SLICE(es, base, D(T_NotFound, mk_struct(T_NotFound, 1, sw_str("a"))), NIL)));
    CHECKF("%!w(*errors.errorString=&{base failure})", "%w", base);
    CHECKW("x: base failure", "x: %w", base);
    CHECKW("%!w(int=1)", "%w", I(1));
    CHECKF("{}", "%d", D(T_Both, zero_value(T_Both)));
    /* 109 */
    Value p = D(T_Pt, mk_struct(T_Pt, 2, VAL_INT(1), VAL_INT(2)));
    Type *ppt = type_pointer(tt, T_Pt);
    CHECKLN("<1,2> <1,2>\n", p, D(ppt, from_dyn(T_Pt, p)));
    CHECKF("<1,2> <1,2> <1,2> {1 2}", "%v %s %+v %d", p, p, p, p);
    Type *spt = type_slice(tt, T_Pt), *mpt = type_map(tt, &t_string, T_Pt);
    CHECKLN("[<1,1> <2,2>] map[k:<3,3>]\n",
            D(spt, SLICE(spt, mk_struct(T_Pt, 2, VAL_INT(1), VAL_INT(1)), mk_struct(T_Pt, 2, VAL_INT(2), VAL_INT(2)))),
            D(mpt, MAP(mpt, sw_str("k"), mk_struct(T_Pt, 2, VAL_INT(3), VAL_INT(3)))));
    Value both = D(T_Both, zero_value(T_Both));
    CHECKLN("as error\n", both);
    CHECKF("as error as error", "%v %s", both, both);
    CHECKLN("high low\n", D(T_Level, VAL_INT(2)), D(T_Level, VAL_INT(0)));
    Value l1 = D(T_Level, VAL_INT(1));
    CHECKF("mid 1 mid|   mid|high  |", "%v %d %s|%6v|%-6v|", l1, l1, l1, l1, D(T_Level, VAL_INT(2)));
    CHECKP("<1,2> low", p, S(" "), D(T_Level, VAL_INT(0)));
    CHECKLN("ptr(7)\n", D(type_pointer(tt, T_PtrOnly), mk_struct(T_PtrOnly, 1, VAL_INT(7))));
    CHECKLN("{7}\n", D(T_PtrOnly, mk_struct(T_PtrOnly, 1, VAL_INT(7))));
    CHECKLN("plain error [plain error second]\n", errors_new("plain error"),
            D(es, SLICE(es, errors_new("plain error"), errors_new("second"))));
    /* methods under other verbs (fmt_test.go) */
    Value i23 = D(T_I, VAL_INT(23));
    CHECKF("<23> \"<23>\" 3c32333e 0x3c32333e 0x3c 0x32 0x33 0x3e 23", "%s %q %x %#x %# x %d", i23, i23, i23, i23, i23, i23);
    CHECKF("  <23>|<23>  |<2", "%6v|%-6s|%.2s", i23, i23, i23);
    /* panicking methods */
    Type *ppk = type_pointer(tt, T_Panicky);
    CHECKF("%!v(PANIC=String method: oops)", "%v", D(ppk, mk_struct(T_Panicky, 1, VAL_INT(1))));
    CHECKF("[%!s(PANIC=String method: oops)]", "[%10s]", D(ppk, mk_struct(T_Panicky, 1, VAL_INT(1))));
    CHECKF("<nil>", "%v", D(ppk, VAL_NIL));
    CHECKF("[<nil>]", "[%7s]", D(ppk, VAL_NIL)); /* no padding for the nil receiver */
    CHECKF("{%!v(PANIC=String method: oops)}", "%v",
           D(named("HasP", struct_type(1, "P", ppk)), mk_struct(named("HasP2", struct_type(1, "P", ppk)), 1, mk_struct(T_Panicky, 1, VAL_INT(1)))));
}

static void test_c_q_x(void) { /* 218_fmt_c_q_x */
    CHECKF("A|'A'|65|41|41|'A'", "%c|%q|%d|%x|%X|%+q", I32('A'), I32('A'), I32('A'), I32('A'), I32('A'), I32('A'));
    Value e = I32(0xe9);
    CHECKF("é|'é'|233|e9|E9|'\\u00e9'", "%c|%q|%d|%x|%X|%+q", e, e, e, e, e, e);
    Value w = I32(0x4e16);
    CHECKF("世|'世'|19990|4e16|4E16|'\\u4e16'", "%c|%q|%d|%x|%X|%+q", w, w, w, w, w, w);
    Value nl = I32('\n');
    CHECKF("\n|'\\n'|10|a|A|'\\n'", "%c|%q|%d|%x|%X|%+q", nl, nl, nl, nl, nl, nl);
    Value sm = I32(0x1F600);
    CHECKF("😀|'😀'|128512|1f600|1F600|'\\U0001f600'", "%c|%q|%d|%x|%X|%+q", sm, sm, sm, sm, sm, sm);
    CHECKF("deadbeef BEEF 0", "%x %X %x", I(3735928559), I(48879), I(0));
    CHECKF("48656c6c6f|48656C6C6F|48 69", "%x|%X|% X", S("Hello"), S("Hello"), S("Hi"));
    CHECKF("000000ff|ff      |0x000000ff", "%08x|%-8x|%#08x", I(255), I(255), I(255));
    CHECKF("Go!☺", "%c%c%c%c", I(71), I(111), I(33), I(0x263A));
    CHECKF("['a' 'b']", "%q", D(T_slice_rune, SLICE(T_slice_rune, VAL_INT('a'), VAL_INT('b'))));
    CHECKF("[a ff]", "%x", D(T_slice_int, SLICE(T_slice_int, VAL_INT(10), VAL_INT(255))));
    Type *a2 = type_array(tt, &t_int, 2);
    CHECKF("[10 255] [10 11]", "%d %x", D(T_slice_int, SLICE(T_slice_int, VAL_INT(10), VAL_INT(255))),
           D(a2, ARRAY(a2, VAL_INT(16), VAL_INT(17))));
    /* fmt_test.go characters */
    CHECKF("x ä 本 ⌘   ⌘|⌘  ", "%c %c %c %.0c %3c|%-3c", U('x'), I(0xe4), I(0x672c), I32(0x2318), I32(0x2318), I32(0x2318));
    CHECKF("\xe0\xb8\x80 \xf4\x8f\xbf\xbf", "%c %c", I32(0xe00), I32(0x10ffff));
    CHECKF("� � � � �", "%c %c %c %c %c", I(-1), I(0xDC80), I32(0x110000), I64(0xFFFFFFFFF), U64(0xFFFFFFFFF));
    CHECKF("'\\x00' '\"' '\\'' '`' 'ÿ' '\\u00ff' '☺'", "%q %q %q %q %q %+q % q", U(0), I32('"'), I32('\''), I32('`'), I32(0xff), I32(0xff), I32(0x263a));
    CHECKF("       '⌘'|00'\\u2318'|'⌘'       ", "%10q|%+010q|%-010q", I32(0x2318), I32(0x2318), I32(0x2318));
    CHECKF("'\\u0e00' '\\U0010ffff' '�' '�'", "%q %q %q %q", I32(0xe00), I32(0x10ffff), I32(-1), I(0xDC80));
    CHECKF("U+0000 U+FFFFFFFFFFFFFFFF U+000A U+000A U+0078 U+0078 'x' U+0078 'x'", "%U %U %U %#U %+U %# U %#.2U",
           I(0), I(-1), I32('\n'), I32('\n'), I32('x'), I32('x'), I32('x'));
    CHECKF("U+263A '☺' U+1D6C2 '𝛂'", "%#U %#U", I32(0x263a), I32(0x1D6C2));
    CHECKF("  U+002318 '⌘'|U+002318 '⌘'  |  U+002318 '⌘'", "%#14.6U|%#-14.6U|%#014.6U", I32(0x2318), I32(0x2318), I32(0x2318));
    /* integers */
    CHECKF("18446744073709551615 -128 -9223372036854775808", "%d %d %d", U64(UINT64_MAX), I8(-128), I64(INT64_MIN));
    CHECKF("|||      |      ", "|%.d|%.0d|%6.0d|%06.0d", I(0), I(0), I(0), I(0));
    CHECKF("111 -110 0b111 -0b110", "%b %b %#b %#b", I(7), I(-6), I(7), I(-6));
    CHECKF("1234 -1234 01234 -01234 0o1234 -0o1234", "%o %o %#o %#o %O %O", I(01234), I(-01234), I(01234), I(-01234), I(01234), I(-01234));
    CHECKF("1777777777777777777777 0X0", "%o %#X", U64(UINT64_MAX), I(0));
    CHECKF("00000000000000000111", "%.20b", I(7));
    CHECKF("-000012345|            00001234|           -00001234|-00001234           ", "%010d|%20.8d|%020.8d|%-20.8d",
           I(-12345), I(1234), I(-1234), I(-1234));
    CHECKF("0x01234abc          |0X01234ABC          |00001234            ", "%-#20.8x|%-#20.8X|%-#20.8o", I(0x1234abc), I(0x1234abc), I(01234));
    CHECKF("+12345| 12345|-12345", "%+d|% d|% d", I(12345), I(12345), I(-12345));
    CHECKF("-0000000000000000000000000000000000000000000000000000000000000000001", "%068d", I(-1));
    CHECKF("0x0000000000000000000000000000000000000000000000000000000000000000002a", "%#.68x", I(42));
    CHECKF("10 -9 10 -11 FF 13 16 F 16 11 22", "%o %d %v %v %X %v %o %X %d %X %o",
           D(named("ri", &t_int), VAL_INT(8)), D(named("ri8", &t_int8), VAL_INT(-9)),
           D(named("ri16", &t_int16), VAL_INT(10)), D(named("ri32", &t_int32), VAL_INT(-11)),
           D(named("ri64", &t_int64), VAL_INT(255)), D(named("ru", &t_uint), VAL_UINT(13)),
           D(named("ru8", &t_uint8), VAL_UINT(14)), D(named("ru16", &t_uint16), VAL_UINT(15)),
           D(named("ru32", &t_uint32), VAL_UINT(16)), D(named("ru64", &t_uint64), VAL_UINT(17)),
           D(named("rup", &t_uintptr), VAL_UINT(18)));
    CHECKF("%!x(bool=true) 65535 -1 255", "%x %d %d %d", BOOL(true), U16(65535), I8(-1), U8(255));
    CHECKF("4294967295", "%d", U32(4294967295u));
    /* byte slices and arrays with other verbs */
    Type *b3 = type_array(tt, &t_uint8, 3);
    Value abc = D(b3, ARRAY(b3, VAL_INT(65), VAL_INT(66), VAL_INT(67)));
    CHECKF("[1000001 1000010 1000011] [A B C] [65 66 67] [101 102 103] [U+0041 U+0042 U+0043] [65 66 67]",
           "%b %c %d %o %U %v", abc, abc, abc, abc, abc, abc);
    CHECKF("ABC &ABC", "%s %s", abc, D(type_pointer(tt, b3), from_dyn(b3, abc)));
    Value b111 = D(T_slice_byte, SLICE(T_slice_byte, VAL_INT(1), VAL_INT(11), VAL_INT(111)));
    CHECKF("[     1     11    111]|[000001 000011 000111]|[1      11     111   ]", "%6v|%06v|%-6v", b111, b111, b111);
    CHECKF("[]byte{0x1, 0xb, 0x6f}|[]byte{   0x1,    0xb,   0x6f}|[]byte{0x000001, 0x00000b, 0x00006f}", "%#v|%#6v|%#06v", b111, b111, b111);
    CHECKF("[]byte{0x1   , 0xb   , 0x6f  }|[ 1  11  111]|[]byte{ 0x1  ,  0xb  ,  0x6f }", "%#-6v|% v|%# -6v", b111, b111, b111);
    CHECKF("[3]uint8{0x1   , 0xb   , 0x6f  }|[+1 +11 +111]|[+1     +11    +111  ]", "%#+-6v|%+d|%#+-6d",
           D(b3, ARRAY(b3, VAL_INT(1), VAL_INT(11), VAL_INT(111))), D(b3, ARRAY(b3, VAL_INT(1), VAL_INT(11), VAL_INT(111))),
           D(b3, ARRAY(b3, VAL_INT(1), VAL_INT(11), VAL_INT(111))));
    CHECKF("[]|[]byte{}", "%012v|%#012v", D(T_slice_byte, mk_slice(T_slice_byte, 0, NULL)), D(T_slice_byte, mk_slice(T_slice_byte, 0, NULL)));
    Value ab = D(T_slice_byte, SLICE(T_slice_byte, VAL_INT(0xab)));
    Value abcd = D(T_slice_byte, SLICE(T_slice_byte, VAL_INT(0xab), VAL_INT(0xcd)));
    Value empty = D(T_slice_byte, mk_slice(T_slice_byte, 0, NULL));
    CHECKF("  |  |00|00|  |  ", "%2x|%#2x|% 02x|%# 02x|%-2x|%-02x", empty, empty, empty, empty, empty, empty);
    CHECKF("      ab|    0xab|000000ab|00000xab", "%8x|%#8x|%08x|%#08x", ab, ab, ab, ab);
    CHECKF("     ab cd| 0xab 0xcd|00000ab cd|00xab 0xcd|0XAB 0XCD ", "% 10x|%# 10x|% 010x|%# 010x|%# -010X", abcd, abcd, abcd, abcd, abcd);
    CHECKF("\"abc\" 000\"abc\"", "%q %08q", D(T_slice_byte, SLICE(T_slice_byte, VAL_INT('a'), VAL_INT('b'), VAL_INT('c'))),
           D(T_slice_byte, SLICE(T_slice_byte, VAL_INT('a'), VAL_INT('b'), VAL_INT('c'))));
    CHECKF("[0x1 0x2 0xf] [1 2 f]", "%#x %x", D(T_slice_int, SLICE(T_slice_int, VAL_INT(1), VAL_INT(2), VAL_INT(15))),
           D(T_slice_int, SLICE(T_slice_int, VAL_INT(1), VAL_INT(2), VAL_INT(15))));
}

static void test_sprintf_misc(void) { /* 219_fmt_sprintf_misc */
    Value money = D(T_Money, mk_struct(T_Money, 2, VAL_INT(1999), sw_str("EUR")));
    CHECKF("cart has 3 items worth 19.99 EUR", "%s has %d items worth %v", S("cart"), I(3), money);
    Type *sm = type_slice(tt, T_Money);
    CHECKF("[0.05 USD 1.00 USD]", "%v", D(sm, SLICE(sm, mk_struct(T_Money, 2, VAL_INT(5), sw_str("USD")),
                                                 mk_struct(T_Money, 2, VAL_INT(100), sw_str("USD")))));
    CHECKF("  7%", "%3d%%", I(7));
    CHECKF("1-two-3.5", "%v-%v-%v", I(1), S("two"), F(3.5));
    CHECKF("1*1=1  ", "%d*%d=%-3d", I(1), I(1), I(1));
    CHECKF("-003.142|+2|1.2e+05", "%08.3f|%+.0f|%.1e", F(-3.14159), F(2.5), F(123456.0));
    CHECKF(" 12.3%", "%5.1f%%", F(12.345));
    CHECKF("3 3", "%v %v", I(3), F(3.0));
}

static void test_ints(void) { /* 016_int_formatting */
    static const int64_t ns[] = {0, 7, -7, 42, 255, 65535, -1000};
    static const char *want[] = {
        "|0|    0|0    |00000|+0|0|0|0x0|00000000|",
        "|7|    7|7    |00007|+7|7|7|0x7|00000007|",
        "|-7|   -7|-7   |-0007|-7|-7|-7|-0x7|-0000007|",
        "|42|   42|42   |00042|+42|2a|2A|0x2a|0000002a|",
        "|255|  255|255  |00255|+255|ff|FF|0xff|000000ff|",
        "|65535|65535|65535|65535|+65535|ffff|FFFF|0xffff|0000ffff|",
        "|-1000|-1000|-1000|-1000|-1000|-3e8|-3E8|-0x3e8|-00003e8|",
    };
    for (int i = 0; i < 7; i++) {
        Value n = I(ns[i]);
        CHECKF(want[i], "|%d|%5d|%-5d|%05d|%+d|%x|%X|%#x|%08x|", n, n, n, n, n, n, n, n, n);
    }
    CHECKF("1000| 10|  1", "%3d|%3d|%3d", I(1000), I(10), I(1));
    CHECKF("12 -12", "%v %v", I(12), I(-12));
    CHECKF("H ☺ 'A' '😀'", "%c %c %q %q", I(72), I(0x263A), I(65), I(0x1F600));
    CHECKF("   007|007   |+07", "%6.3d|%-6.3d|%+.2d", I(7), I(7), I(7));
    CHECKP("12 34", I(12), I(34));
    CHECKF("-ff -FF", "%x %X", I(-255), I(-255));
    CHECKF("4611686018427387904 -4611686018427387905", "%d %d", I(INT64_C(1) << 62), I(-(INT64_C(1) << 62) - 1));
}

static void test_floats(void) { /* 020-024, 327 */
    static const double vals[] = {0.0, 1.0, -2.0, 0.5, 0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0, 100.0, 1234567.0,
                                  12345678.0, 123456789.0, 1e20, 1e21, 1e-4, 1e-5, 0.000123,
                                  3.14159265358979, 1.5e300, 5e-324};
    static const char *want[] = {"0", "1", "-2", "0.5", "0.30000000000000004", "0.3333333333333333",
                                 "0.6666666666666666", "100", "1.234567e+06", "1.2345678e+07",
                                 "1.23456789e+08", "1e+20", "1e+21", "0.0001", "1e-05", "0.000123",
                                 "3.14159265358979", "1.5e+300", "5e-324"};
    for (int i = 0; i < 19; i++) CHECKLN(gc_sprintf("%s\n", want[i]), F(vals[i]));
    CHECKLN("2.5 1e+07 -3.3333333333333335\n", F(2.5), F(1e7), F(-10.0 / 3));
    CHECKLN("9.007199254740992e+15 9.007199254740992e+15 4.611686018427388e+18\n", F(9007199254740992.0),
            F(9007199254740993.0), F(4611686018427387904.0));
    CHECKP("2.5 3\n", F(2.5), F(3.0), S("\n"));
    CHECKLN("0.9999999999999999 1.0000000000000005e+15 8.673617379884035e-19\n", F(0.9999999999999999),
            F(1e15 + 0.5), F(ldexp(1, -60)));
    CHECKLN("1.414213562373095 1.9999999999999996 1e+16 1.0000000000000002e+16\n",
            F(1.414213562373095), F(1.414213562373095 * 1.414213562373095), F(1e16), F(1e16 + 2));
    static const double v21[] = {3.14159, -2.5, 0.0, 1234.5678, 0.000123456, 1e7, 2.675, 0.125};
    static const char *w21[] = {
        "3.141590|3.14|   3.142|3.1     |3.141590e+00|3.142e+00|3.141590E+00|3.14159|3.14|3.14159",
        "-2.500000|-2.50|  -2.500|-2.5    |-2.500000e+00|-2.500e+00|-2.500000E+00|-2.5|-2.5|-2.5",
        "0.000000|0.00|   0.000|0.0     |0.000000e+00|0.000e+00|0.000000E+00|0|0|0",
        "1234.567800|1234.57|1234.568|1234.6  |1.234568e+03|1.235e+03|1.234568E+03|1234.5678|1.23e+03|1234.5678",
        "0.000123|0.00|   0.000|0.0     |1.234560e-04|1.235e-04|1.234560E-04|0.000123456|0.000123|0.000123456",
        "10000000.000000|10000000.00|10000000.000|10000000.0|1.000000e+07|1.000e+07|1.000000E+07|1e+07|1e+07|1E+07",
        "2.675000|2.67|   2.675|2.7     |2.675000e+00|2.675e+00|2.675000E+00|2.675|2.67|2.675",
        "0.125000|0.12|   0.125|0.1     |1.250000e-01|1.250e-01|1.250000E-01|0.125|0.125|0.125",
    };
    for (int i = 0; i < 8; i++) {
        Value v = F(v21[i]);
        CHECKF(w21[i], "%f|%.2f|%8.3f|%-8.1f|%e|%.3e|%E|%g|%.3g|%G", v, v, v, v, v, v, v, v, v, v);
    }
    CHECKF("+1.2 -1.2  3.00", "%+.1f %+.1f % .2f", F(1.25), F(-1.25), F(3.0));
    CHECKF("0003.142|3.142   |-02.5", "%08.3f|%-08.3f|%05.1f", F(3.14159), F(3.14159), F(-2.5));
    CHECKF("0 2 2 -0", "%.0f %.0f %.0f %.0f", F(0.5), F(1.5), F(2.5), F(-0.5));
    CHECKF(" 99.50%", "%6.2f%%", F(99.5));
    CHECKF("1e+06 1000000.0 1e+06", "%v %.1f %g", F(1e6), F(1e6), F(1e6));
    CHECKF("100000 1e+06 0.0001", "%g %g %g", F(100000.0), F(1000000.0), F(0.0001));
    CHECKF("0.667", "%.3f", F(2.0 / 3.0));
    /* 022 special values */
    CHECKLN("+Inf -Inf NaN\n", F(INFINITY), F(-INFINITY), F(NAN));
    CHECKLN("-0 -Inf\n", F(-0.0), F(-INFINITY));
    CHECKF("+Inf -Inf NaN -0", "%f %.2f %e %g", F(INFINITY), F(-INFINITY), F(NAN), F(-0.0));
    CHECKF(" +Inf|NaN   |", "%5.1f|%-6v|", F(INFINITY), F(NAN));
    CHECKLN("0 true\n", F(1e-320 / 1e10), BOOL(true));
    CHECKLN("1e-320\n", F(1e-320));
    /* 327 float32 */
    CHECKLN("0.1 0.10000000149011612\n", F32(0.1f), F((double)0.1f));
    CHECKF("0.1 0.1000000015 float32", "%v %.10f %T", F32(0.1f), F32(0.1f), F32(0.1f));
    CHECKLN("1.0000001 0.33333334 0.3333333432674408 1\n", F32(1.0000001f), F32(1.0f / 3), F((double)(1.0f / 3)), F32(1.0f));
    CHECKLN("1.6777218e+07 1.6777217e+07\n", F32(16777218.0f), F(16777217.0));
    CHECKLN("1.21 1.2100000381469727 1.210000052452088\n", F32(1.1f * 1.1f), F((double)(1.1f * 1.1f)), F((double)1.1f * (double)1.1f));
    CHECKLN("3.1415927 6.2831855\n", F32(3.14159265358979f), F32(3.14159265358979f * 2));
    CHECKF("3.142 3.141593e+00 3.1415927", "%.3f %e %g", F32(3.14159265358979f), F32(3.14159265358979f), F32(3.14159265358979f));
    Type *sf = type_slice(tt, &t_float32);
    CHECKLN("[0.33333334 0.5 1e+10] 1e+08\n", D(sf, SLICE(sf, VAL_FLOAT((double)(1.0f / 3)), VAL_FLOAT(0.5), VAL_FLOAT(1e10))), F32(1e8f));
    /* fmt_test.go */
    CHECKF("+0.000e+00 +1.000e+00 +0x0.000p+00 +0x1.000p+00 -1.000 -1.000", "%+.3e %+.3e %+.3x %+.3x %+.3f %+.3F",
           F(0.0), F(1.0), F(0.0), F(1.0), F(-1.0), F32(-1.0f));
    CHECKF("+001.00 -001.00 1.00    -1.00   +1.00   -1.00  ", "%+07.2f %+07.2f %-07.2f %-07.2f %+-07.2f %-+07.2f",
           F(1.0), F(-1.0), F(1.0), F(-1.0), F(1.0), F(-1.0));
    CHECKF("-1.000E+00  1.000e+00 -0X1.000P+00  0x1.000p+00 +0 +1 -1 -1  1", "% .3E % .3e % .3X % .3x %+.3g %+.3g %+.3g % .3g % .3g",
           F(-1.0), F(1.0), F(-1.0), F(1.0), F(0.0), F(1.0), F(-1.0), F(-1.0), F(1.0));
    CHECKF("8388608p-23 4503599627370496p-52 -4503599627370496p-52 0p-1074", "%b %b %.4b %b", F32(1.0f), F(1.0), F(-1.0), F(0.0));
    CHECKF("1.00000e-323 -1.00000 1.10000 123456. 1.234567e+06 1.23000e+06 1.00000e+06", "%#g %#g %#g %#g %#g %#g %#g",
           F(1e-323), F(-1.0), F(1.1), F(123456.0), F(1234567.0), F(1230000.0), F(1000000.0));
    CHECKF("1. 1.e+00 0x1.p+00 1. 1.e+06 1.0000 1.0000e+00 0x1.0000p+00 1.000 1.000e+05", "%#.0f %#.0e %#.0x %#.0g %#.0g %#.4f %#.4e %#.4x %#.4g %#.4g",
           F(1.0), F(1.0), F(1.0), F(1.0), F(1100000.0), F(1.0), F(1.0), F(1.0), F(1.0), F(100000.0));
    CHECKF("1.234 0.1234 1.230 0.1230 10.20 0.000 0.01200 123. 1.e+02 0x1.p+07 0x1.ec00p+06 123.0 1.230e+05     1.000",
           "%#.4g %#.4g %#.4g %#.4g %#.4g %#.4g %#.4g %#.0f %#.0e %#.0x %#.4x %#.4g %#.4g %#9.4g",
           F(1.234), F(0.1234), F(1.23), F(0.123), F(10.2), F(0.0), F(0.012), F(123.0), F(123.0), F(123.0), F(123.0), F(123.0), F(123000.0), F(1.0));
    CHECKF("4503599627370496p-52 8388608p-23", "%#b %.4b", F(1.0), F32(1.0f));
    CHECKF("1.00000000000000000000000000000000000000000000000000000000000000000000", "%.68f", F(1.0));
    CHECKF("+Inf -Inf  NaN                 +Inf                  Inf                 -Inf", "%f %.1f % f %20f % 20F % 20e",
           F(INFINITY), F(-INFINITY), F(NAN), F(INFINITY), F(INFINITY), F(-INFINITY));
    CHECKF("                -Inf|                 NaN|                +NaN| NaN                |+NaN                ", "% 20x|%20e|% +20E|% -20g|%+-20G",
           F(-INFINITY), F(NAN), F(NAN), F(NAN), F(NAN));
    CHECKF("                +Inf|-Inf                |NaN                 ", "%+020e|%-020f|%-020E", F(INFINITY), F(-INFINITY), F(NAN));
    CHECKF("1.000000e+00 1.234568e+06 1.234568e-05 -7.000000e+00 -1.000000e-09", "%e %e %e %e %e", F(1.0), F(1234.5678e3), F(1234.5678e-8), F(-7.0), F(-1e-9));
    CHECKF("1234567.800000 0.000012 -7.000000 -0.000000", "%f %f %f %f", F(1234.5678e3), F(1234.5678e-8), F(-7.0), F(-1e-9));
    CHECKF("1.2345678e+06 1.2345678e+06 1.2345678e-05 -7 -1e-09 -1e-09", "%g %g %g %g %g %g", F(1234.5678e3), F32(1234.5678e3f), F(1234.5678e-8), F(-7.0), F(-1e-9), F32(-1e-9f));
    CHECKF("1.2345678E+06 -1E-09", "%G %G", F(1234.5678e3), F(-1e-9));
    CHECKF("        1.234500e+03|        1.234500e-03|      1.23450000e+03|         1234.567890|            0.001235|  12345678901.234568",
           "%20.6e|%20e|%20.8e|%20f|%20f|%20f", F(1.2345e3), F(1.2345e-3), F(1.2345e3), F(1.23456789e3), F(1.23456789e-3), F(12345678901.23456789));
    CHECKF("1234.56789 0.00123456789 1.23456789e+20 1.2345678 1.2345678", "%g %g %g %v %v", F(1.23456789e3), F(1.23456789e-3), F(1.23456789e20), F(1.2345678), F32(1.2345678f));
    CHECKF("22 33", "%v %v", D(named("rf32", &t_float32), VAL_FLOAT(22)), D(T_Celsius, VAL_FLOAT(33)));
    CHECKF("0x1.8p+00 -0x1.999999999999ap-04 0X1.8P+00 0x1.99999ap-04 0x1p-1074 0x1.fffffffffffffp+1023", "%x %x %X %x %x %x",
           F(1.5), F(-0.1), F(1.5), F32(0.1f), F(5e-324), F(1.7976931348623157e308));
    CHECKF("0x1.0p+00 0x1.00p+01 0x1.9ap-04", "%.1x %.2x %.2x", F(1.0), F(1.999), F(0.1));
    CHECKF("[NaN:1 NaN:1]", "[%v:%d %v:%d]", F(NAN), I(1), F(NAN), I(1));
    CHECKF("1e+23 9.999999999999997e+22 1.7976931348623157e+308 2.2250738585072014e-308", "%v %v %v %v",
           F(1e23), F(9.999999999999997e22), F(1.7976931348623157e308), F(2.2250738585072014e-308));
    CHECKF("99999999999999991611392 1e+23", "%.0f %.0e", F(1e23), F(1e23));
    CHECKF("0.1 0.2 0.3 1e-07 1e-45 3.4028235e+38", "%v %v %v %v %v %v", F32(0.1f), F32(0.2f), F32(0.3f), F32(1e-7f), F32(1.4e-45f), F32(3.4028235e38f));
    CHECKF("%!d(float64=1.5) %!s(float32=2)", "%d %s", F(1.5), F32(2.0f));
    CHECKF("2.2250738585072014e-308 4.450147717014403e-308 8.98846567431158e+307", "%v %v %v",
           F(ldexp(1, -1022)), F(ldexp(1, -1021)), F(ldexp(1, 1023)));
    CHECKF("1.1754944e-38 9.223372e+18 2.3509887e-38", "%v %v %v", F32(ldexpf(1, -126)), F32(ldexpf(1, 63)), F32(ldexpf(1, -125)));
}

static void test_pointers(void) { /* 350_pointer_stringer_fmt and %p */
    Value v = mk_struct(T_Vec, 2, VAL_INT(1), VAL_INT(2));
    Type *pv = type_pointer(tt, T_Vec);
    CHECKLN("{1 2} <1,2>\n", D(T_Vec, v), D(pv, v));
    CHECKF("{1 2} {X:1 Y:2} <1,2> <1,2>", "%v %+v %v %s", D(T_Vec, v), D(T_Vec, v), D(pv, v), D(pv, v));
    Type *sv = type_slice(tt, T_Vec), *spv = type_slice(tt, pv);
    Value vs = SLICE(sv, mk_struct(T_Vec, 2, VAL_INT(1), VAL_INT(2)), mk_struct(T_Vec, 2, VAL_INT(3), VAL_INT(4)));
    Slice *vss = vs.p;
    Value ps = SLICE(spv, vss->arr->e[0], vss->arr->e[1]);
    CHECKLN("[{1 2} {3 4}] [<1,2> <3,4>]\n", D(sv, vs), D(spv, ps));
    Value t = mk_struct(T_Temp, 1, VAL_INT(20));
    Type *pt = type_pointer(tt, T_Temp), *st = type_slice(tt, T_Temp), *spt = type_slice(tt, pt);
    CHECKLN("20° 20° [1° 2°] [20°]\n", D(T_Temp, t), D(pt, t),
            D(st, SLICE(st, mk_struct(T_Temp, 1, VAL_INT(1)), mk_struct(T_Temp, 1, VAL_INT(2)))), D(spt, SLICE(spt, t)));
    Value b = mk_struct(T_Box, 3, mk_struct(T_Vec, 2, VAL_INT(5), VAL_INT(6)), mk_struct(T_Vec, 2, VAL_INT(7), VAL_INT(8)),
                        mk_struct(T_Temp, 1, VAL_INT(9)));
    CHECKF("{<5,6> {7 8} 9°} {V:<5,6> W:{X:7 Y:8} T:9°}", "%v %+v", D(T_Box, b), D(T_Box, b));
    Type *mv = type_map(tt, &t_string, T_Vec), *mpv = type_map(tt, &t_string, pv);
    CHECKLN("map[a:{9 9}] map[b:<8,8>]\n", D(mv, MAP(mv, sw_str("a"), mk_struct(T_Vec, 2, VAL_INT(9), VAL_INT(9)))),
            D(mpv, MAP(mpv, sw_str("b"), mk_struct(T_Vec, 2, VAL_INT(8), VAL_INT(8)))));
    /* 356: nil receivers with String */
    Type *pn = type_pointer(tt, T_Node);
    CHECKLN("0 end\n", I(0), D(pn, VAL_NIL));
    Value n1 = mk_struct(T_Node, 2, VAL_INT(1), VAL_NIL);
    Value n2 = mk_struct(T_Node, 2, VAL_INT(2), n1);
    Value n3 = mk_struct(T_Node, 2, VAL_INT(3), n2);
    CHECKLN("3 3->2->1->end\n", I(3), D(pn, n3));
    CHECKF("end end *main.Node", "%v %s %T", D(pn, VAL_NIL), D(pn, VAL_NIL), D(pn, n2));
    /* addresses */
    Cell *c = cell_new(VAL_INT(5));
    Type *pint = type_pointer(tt, &t_int);
    Value ip = D(pint, VAL_PTR(&c->v));
    char want[64];
    snprintf(want, sizeof want, "%p", (void *)&c->v);
    CHECKF(want, "%p", ip);
    CHECKF(want, "%v", ip);
    CHECKF(want + 2, "%#p", ip);
    CHECKF(gc_sprintf("(*int)(%s)", want), "%#v", ip);
    CHECKF(gc_sprintf("%llu", (unsigned long long)(uintptr_t)&c->v), "%d", ip);
    CHECKF(gc_sprintf("%llx", (unsigned long long)(uintptr_t)&c->v), "%x", ip);
    CHECKF("0x0 0     0x00 <nil>", "%p %#p %8.2p %v", D(pint, VAL_NIL), D(pint, VAL_NIL), D(pint, VAL_NIL), D(pint, VAL_NIL));
    CHECKF("%!p(int=27) %!p(<nil>)", "%p %p", I(27), NIL);
    Value sl = SLICE(T_slice_int, VAL_INT(1), VAL_INT(2));
    CHECKF(gc_sprintf("%p", (void *)&((Slice *)sl.p)->arr->e[0]), "%p", D(T_slice_int, sl));
    Value pp = D(type_pointer(tt, T_PtrOnly), mk_struct(T_PtrOnly, 1, VAL_INT(1)));
    CHECKF(gc_sprintf("%p", from_dyn(dyn_type(pp), pp).p), "%p", pp); /* String is not called for %p */
    /* a nested pointer prints as an address */
    Type *hp = named("HP", struct_type(1, "P", pint));
    CHECKF(gc_sprintf("{%s}", want), "%v", D(hp, mk_struct(hp, 1, VAL_PTR(&c->v))));
    CHECKF(gc_sprintf("main.HP{P:(*int)(%s)}", want), "%#v", D(hp, mk_struct(hp, 1, VAL_PTR(&c->v))));
    /* pointers to slices and maps at the top level */
    Cell *sc = cell_new(sl);
    CHECKF("&[1 2]", "%v", D(type_pointer(tt, T_slice_int), VAL_PTR(&sc->v)));
    Type *msi = type_map(tt, &t_string, &t_int);
    Cell *mc = cell_new(MAP(msi, sw_str("a"), VAL_INT(1)));
    CHECKF("&map[a:1]", "%v", D(type_pointer(tt, msi), VAL_PTR(&mc->v)));
    /* a pointer to a pointer prints the address */
    Cell *pc = cell_new(VAL_PTR(&c->v));
    CHECKF(gc_sprintf("%p", (void *)&pc->v), "%v", D(type_pointer(tt, pint), VAL_PTR(&pc->v)));
}

static void test_maps(void) { /* 061_map_print_sorted */
    Type *mis = type_map(tt, &t_int, &t_string);
    CHECKLN("map[-50:x -5:minus five 0:zero 3:three 10:ten]\n",
            D(mis, MAP(mis, VAL_INT(10), sw_str("ten"), VAL_INT(-5), sw_str("minus five"), VAL_INT(0), sw_str("zero"),
                       VAL_INT(3), sw_str("three"), VAL_INT(-50), sw_str("x"))));
    Type *msi = type_map(tt, &t_string, &t_int);
    Value strs = D(msi, MAP(msi, sw_str("banana"), VAL_INT(2), sw_str("apple"), VAL_INT(1), sw_str("Cherry"), VAL_INT(3),
                            sw_str("apricot"), VAL_INT(4), sw_str(""), VAL_INT(0)));
    CHECKLN("map[:0 Cherry:3 apple:1 apricot:4 banana:2]\n", strs);
    Type *mbi = type_map(tt, &t_bool, &t_int);
    CHECKLN("map[false:0 true:1]\n", D(mbi, MAP(mbi, VAL_INT(1), VAL_INT(1), VAL_INT(0), VAL_INT(0))));
    Type *mfs = type_map(tt, &t_float64, &t_string);
    CHECKLN("map[-1.25:a 2.5:b 10:c]\n", D(mfs, MAP(mfs, VAL_FLOAT(2.5), sw_str("b"), VAL_FLOAT(-1.25), sw_str("a"), VAL_FLOAT(10.0), sw_str("c"))));
    Type *msl = type_map(tt, &t_string, T_slice_int);
    CHECKLN("map[a:[1 2] m:[] z:[3]]\n", D(msl, MAP(msl, sw_str("z"), SLICE(T_slice_int, VAL_INT(3)), sw_str("a"),
                                                    SLICE(T_slice_int, VAL_INT(1), VAL_INT(2)), sw_str("m"), VAL_NIL)));
    Type *mm = type_map(tt, &t_string, msi);
    CHECKLN("map[x:map[c:3] y:map[a:1 b:2]]\n", D(mm, MAP(mm, sw_str("y"), MAP(msi, sw_str("b"), VAL_INT(2), sw_str("a"), VAL_INT(1)),
                                                          sw_str("x"), MAP(msi, sw_str("c"), VAL_INT(3)))));
    Type *mii = type_map(tt, &t_int, &t_int);
    CHECKF("map[:0 Cherry:3 apple:1 apricot:4 banana:2]|map[1:1 4:2 9:3 16:4 25:5]", "%v|%d", strs,
           D(mii, MAP(mii, VAL_INT(25), VAL_INT(5), VAL_INT(16), VAL_INT(4), VAL_INT(9), VAL_INT(3), VAL_INT(4), VAL_INT(2), VAL_INT(1), VAL_INT(1))));
    CHECKLN("map[] 0\n", D(msi, VAL_NIL), I(0));
    /* NaN keys first; struct keys field by field; interface keys by type then value */
    mfs = type_map(tt, &t_float64, &t_int);
    CHECKF("map[NaN:1 NaN:2 -Inf:3 0:4]", "%v", D(mfs, MAP(mfs, VAL_FLOAT(0.0), VAL_INT(4), VAL_FLOAT(NAN), VAL_INT(1), VAL_FLOAT(-INFINITY), VAL_INT(3), VAL_FLOAT(NAN), VAL_INT(2))));
    Type *mpb = type_map(tt, T_Point, &t_bool);
    CHECKF("map[{1 1}:true {1 2}:false {2 0}:true]", "%v",
           D(mpb, MAP(mpb, mk_struct(T_Point, 2, VAL_INT(2), VAL_INT(0)), VAL_INT(1), mk_struct(T_Point, 2, VAL_INT(1), VAL_INT(2)), VAL_INT(0),
                      mk_struct(T_Point, 2, VAL_INT(1), VAL_INT(1)), VAL_INT(1))));
    Type *mai = type_map(tt, &t_any, &t_int);
    CHECKF("map[<nil>:0 true:4 2.5:3 1:1 2:7 a:2 b:9]", "%v",
           D(mai, MAP(mai, I(1), VAL_INT(1), S("a"), VAL_INT(2), F(2.5), VAL_INT(3), BOOL(true), VAL_INT(4), I(2), VAL_INT(7),
                      S("b"), VAL_INT(9), NIL, VAL_INT(0))));
    Type *mu = type_map(tt, &t_uint64, &t_int);
    CHECKF("map[1:0 18446744073709551615:1]", "%v", D(mu, MAP(mu, VAL_UINT(UINT64_MAX), VAL_INT(1), VAL_UINT(1), VAL_INT(0))));
    Type *mlv = type_map(tt, T_Level, T_Level);
    CHECKF("map[low:high high:mid]", "%v", D(mlv, MAP(mlv, VAL_INT(2), VAL_INT(1), VAL_INT(0), VAL_INT(2))));
    CHECKF("map[0:2 2:1]", "%d", D(mlv, MAP(mlv, VAL_INT(2), VAL_INT(1), VAL_INT(0), VAL_INT(2))));
    CHECKF("map[%!d(string=    a):    1 %!d(string=    b):    2]", "%5d", D(msi, MAP(msi, sw_str("b"), VAL_INT(2), sw_str("a"), VAL_INT(1))));
    Type *named_map = named("Counts", msi);
    CHECKF("main.Counts{\"a\":1}", "%#v", D(named_map, MAP(named_map, sw_str("a"), VAL_INT(1))));
}

static void test_sharp_v_nested_and_types(void) {
    Type *ch = type_chan(tt, &t_int, CHAN_BOTH);
    CHECKF("<nil> (chan int)(nil)", "%v %#v", D(ch, VAL_NIL), D(ch, VAL_NIL));
    Type *un = named("Unsafe", struct_type(1, "U", &t_unsafeptr));
    CHECKF("{<nil>}", "%v", D(un, zero_value(un)));
    Type *rs = named("renamedString", &t_string);
    CHECKF("7468696e67 thing \"thing\"", "%x %v %#v", D(rs, sw_str("thing")), D(rs, sw_str("thing")), D(rs, sw_str("thing")));
    CHECKP("athingb", S("a"), D(rs, sw_str("thing")), S("b"));
}

static void test_panic_values(void) {
    Buf b;
#define PV(want, v, text)                           \
    do {                                            \
        buf_init(&b);                               \
        fmt_panic_value(&b, v, text);               \
        expect("panic value", buf_cstr(&b), want);  \
    } while (0)
    PV("value too large: 3", S("value too large: 3"), NULL);
    PV("42", I(42), NULL);
    PV("disk full", errors_new("x"), "disk full");
    PV("main.Level(5)", D(T_Level, VAL_INT(5)), NULL);
    PV("+1.500000e+000", F(1.5), NULL);
    buf_init(&b);
    fmt_panic_value(&b, F(0.0), NULL);
    buf_putc(&b, ' ');
    fmt_panic_value(&b, F(-0.0), NULL);
    buf_putc(&b, ' ');
    fmt_panic_value(&b, F(NAN), NULL);
    buf_putc(&b, ' ');
    fmt_panic_value(&b, F(-INFINITY), NULL);
    buf_putc(&b, ' ');
    fmt_panic_value(&b, F(1e100), NULL);
    buf_putc(&b, ' ');
    fmt_panic_value(&b, F(123456789.0), NULL);
    expect("print floats", buf_cstr(&b), "+0.000000e+000 -0.000000e+000 NaN -Inf +1.000000e+100 +1.234568e+008");
    PV("-1.000000e-001", F(-0.1), NULL);
    PV("main.Celsius(+2.500000e+000)", D(T_Celsius, VAL_FLOAT(2.5)), NULL);
    PV("main.renamedString(\"a\n\tb\")", D(named("renamedString", &t_string), sw_str("a\nb")), NULL);
    PV("line1\n\tline2", S("line1\nline2"), NULL);
    PV("255", U8(255), NULL);
    PV("18446744073709551615", U64(UINT64_MAX), NULL);
    PV("true", BOOL(true), NULL);
    PV("nil", NIL, NULL);
    Value pt = D(T_Point, mk_struct(T_Point, 2, VAL_INT(1), VAL_INT(2)));
    PV(gc_sprintf("(main.Point) %p", pt.p), pt, NULL);
    Value sl = D(T_slice_int, SLICE(T_slice_int, VAL_INT(1)));
    PV(gc_sprintf("([]int) %p", sl.p), sl, NULL);
#undef PV
}

static void test_float_roundtrip(void) {
    /* shortest output parses back to the same value, and %.17g agrees */
    uint64_t x = 0x9E3779B97F4A7C15ull;
    int bad = 0;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double d;
        memcpy(&d, &x, 8);
        if (!isfinite(d)) continue;
        Buf b;
        buf_init(&b);
        fmt_float(&b, d, 'g', -1, 64);
        if (strtod(buf_cstr(&b), NULL) != d) bad++;
        float f = (float)d;
        if (!isfinite(f)) continue;
        buf_init(&b);
        fmt_float(&b, f, 'e', -1, 32);
        if (strtof(buf_cstr(&b), NULL) != f) bad++;
    }
    expect("shortest round trip", bad ? "bad" : "ok", "ok");
}

static void test_quote(void) {
    Buf b;
    buf_init(&b);
    fmt_quote(&b, "\x07\xc3\xa9\xe2\x80\x8b\xf0\x9f\x98\x80\xed\xa0\x80", 13, false);
    expect("Quote", buf_cstr(&b), "\"\\a\xc3\xa9\\u200b\xf0\x9f\x98\x80\\xed\\xa0\\x80\"");
    buf_init(&b);
    fmt_quote(&b, "\xc3\xa9\xf0\x9f\x98\x80", 6, true);
    expect("QuoteToASCII", buf_cstr(&b), "\"\\u00e9\\U0001f600\"");
    buf_init(&b);
    fmt_quote_rune(&b, 0xD800, false);
    fmt_quote_rune(&b, '\'', false);
    fmt_quote_rune(&b, '"', false);
    fmt_quote_rune(&b, 0x85, false);
    expect("QuoteRune", buf_cstr(&b), "'�''\\'''\"''\\u0085'");
    expect("CanBackquote", fmt_can_backquote("a\tb", 3) && !fmt_can_backquote("a\nb", 3) &&
                               !fmt_can_backquote("\xff", 1) && !fmt_can_backquote("`", 1) ? "ok" : "bad", "ok");
}

static void test_unicode(void) {
    int size;
    bool ok = true;
    ok &= utf8_decode("\xe4\xb8\x96", 3, &size) == 0x4e16 && size == 3;
    ok &= utf8_decode("\xe4\xb8", 2, &size) == UNI_RUNE_ERROR && size == 1;
    ok &= utf8_decode("\xc0\x80", 2, &size) == UNI_RUNE_ERROR && size == 1;
    ok &= utf8_decode("\xed\xa0\x80", 3, &size) == UNI_RUNE_ERROR && size == 1;
    ok &= utf8_decode("\xf4\x90\x80\x80", 4, &size) == UNI_RUNE_ERROR && size == 1;
    ok &= utf8_decode("", 0, &size) == UNI_RUNE_ERROR && size == 0;
    ok &= utf8_decode_last("a\xe4\xb8\x96", 4, &size) == 0x4e16 && size == 3;
    ok &= utf8_decode_last("a\xb8", 2, &size) == UNI_RUNE_ERROR && size == 1;
    char buf[4];
    ok &= utf8_encode(buf, 0xD800) == 3 && memcmp(buf, "\xef\xbf\xbd", 3) == 0;
    ok &= utf8_encode(buf, 0x1F600) == 4 && utf8_rune_len(0x1F600) == 4 && utf8_rune_len(-1) == -1;
    ok &= utf8_valid("h\xc3\xa9", 3) && !utf8_valid("h\xc3", 2) && utf8_count("h\xc3\xa9\xff", 4) == 3;
    ok &= uni_is_letter(0x4e16) && !uni_is_letter('1') && uni_is_digit(0x0663) && uni_is_number(0x2163);
    ok &= uni_is_upper('A') && uni_is_lower(0x3c3) && uni_is_title(0x1c5) && uni_is_punct('!');
    ok &= uni_is_space(0x85) && uni_is_space(0x3000) && !uni_is_space(0x200b);
    ok &= uni_is_print(' ') && !uni_is_print(0xa0) && uni_is_graphic(0xa0) && !uni_is_print(0x200b);
    ok &= uni_to_upper(0x3c3) == 0x3a3 && uni_to_lower(0x130) == 'i' && uni_to_title(0x1c6) == 0x1c5;
    ok &= uni_to_upper(0x101) == 0x100 && uni_to_lower(0x100) == 0x101 && uni_to_upper(0x100) == 0x100;
    ok &= uni_to_upper(0xdf) == 0xdf && uni_to_upper(0x1e9e) == 0x1e9e && uni_to_lower(0x1e9e) == 0xdf;
    ok &= uni_category(0x1F600) == UC_So && uni_category(0x10FFFF) == UC_Cn && uni_category(-5) == UC_Cn;
    ok &= uni_is_letter(0x31350); /* CJK Extension H, new in Unicode 15 */
    expect("unicode", ok ? "ok" : "bad", "ok");
}

int main(void) {
    GC_INIT();
    in = interner_new();
    tt = typetab_new();
    make_types();
    test_print_spacing();
    test_strings();
    test_T_verb();
    test_struct_verbs();
    test_sharp_v();
    test_width_flags();
    test_nil_bool();
    test_errors();
    test_c_q_x();
    test_sprintf_misc();
    test_ints();
    test_floats();
    test_pointers();
    test_maps();
    test_sharp_v_nested_and_types();
    test_panic_values();
    test_float_roundtrip();
    test_quote();
    test_unicode();
    printf("format: %d passed, %d failed\n", npass, nfail);
    return nfail ? 1 : 0;
}
