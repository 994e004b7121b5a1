/* format.h: the engine behind fmt's Print, Println and Printf families: Go's
 * output for every verb, flag, width and precision and for every kind of value
 * (fmt package semantics as of Go 1.25). Arguments are dynamic words (value.h).
 *
 * Values with String(), Error() or GoString() methods are printed through
 * those methods, which are script code and must not run on the C stack here.
 * So formatting is done in two passes by the caller (stdlib/fmt.csp):
 *   1. plan: fmt_* with st->results == NULL records, in order, every method
 *      call the output needs (st->calls) and produces throwaway output;
 *   2. the script calls them (recovering panics) and passes the results;
 *   3. format: fmt_* again with st->results set, consuming them in order.
 * When the plan records no calls, the first pass's output is already final
 * (st->ncalls == 0): no second pass is needed. The second pass needs exactly
 * the calls the first recorded (the choice of calls depends on the values
 * and the format only), so it records none.
 * A call that panicked prints as %!v(PANIC=String method: <value>); the
 * script renders <value> itself, as fmt.Sprint(value) would (that may call
 * methods too), and passes it as panic_text.
 * Implemented by format.c (the printer) and format_num.c (numbers, quoting,
 * panic values). */
#ifndef CSP_FORMAT_H
#define CSP_FORMAT_H

#include "object.h"

typedef enum FmtMethod {
    FMT_ERROR = 1,    /* v.Error() */
    FMT_STRING = 2,   /* v.String() */
    FMT_GOSTRING = 3, /* v.GoString() for %#v */
} FmtMethod;

typedef struct FmtCall {
    Value recv;  /* dynamic word the method is called on */
    int method;  /* FmtMethod */
} FmtCall;

/* Result of one planned call, filled by the script. */
typedef struct FmtResult {
    String *s;          /* the method's result when it returned normally */
    bool panicked;      /* it panicked with value panic_val */
    Value panic_val;    /* dynamic word */
    String *panic_text; /* fmt.Sprint(panic_val), made by the script; when
                           NULL, panic_val is printed without its methods */
} FmtResult;

typedef struct FmtState {
    /* interned method names of the VM ("Error", "String", "GoString") */
    const char *name_error, *name_string, *name_gostring;
    FmtCall *calls;   /* pass 1 output */
    int ncalls, cap;
    FmtResult *results; /* pass 2 input; NULL during the plan */
    int nresults, next;
    /* Errorf: set wrap_errs before the call; %w is then accepted for error
     * operands, and wrapped[0..nwrapped) lists the argument index of each
     * %w verb in format order (Go's wrappedErrs: an index may repeat, an
     * operand that is not an error is listed too, reordered tells whether
     * explicit argument indexes were used). Reset by every fmt_* call. */
    bool wrap_errs;
    int *wrapped;
    int nwrapped, wcap;
    bool reordered;
} FmtState;

/* Zeroes st and sets the interned method names. */
void fmt_state_init(FmtState *st, const char *name_error, const char *name_string,
                    const char *name_gostring);

/* fmt.Sprint semantics: spaces between operands when neither is a string. */
void fmt_print(FmtState *st, Buf *out, const Value *args, int nargs);
/* fmt.Sprintln semantics: spaces always, newline at the end. */
void fmt_println(FmtState *st, Buf *out, const Value *args, int nargs);
/* fmt.Sprintf semantics, including Go's error forms (%!d(string=x),
 * %!(EXTRA ...), %!v(MISSING), %!(BADWIDTH), ...). */
void fmt_printf(FmtState *st, Buf *out, const char *format, size_t flen, const Value *args,
                int nargs);

/* Building blocks shared with strconv and the runtime's panic printer. */
/* Go's strconv.FormatFloat(f, fmt, prec, bitSize): fmt in "eEfgGbxX",
 * prec -1 = shortest representation that round-trips at bitSize. */
void fmt_float(Buf *out, double f, char fmtc, int prec, int bitsize);
/* strconv.Quote / QuoteToASCII / QuoteRune semantics. */
void fmt_quote(Buf *out, const char *s, int64_t len, bool ascii_only);
void fmt_quote_rune(Buf *out, int32_t r, bool ascii_only);
/* strconv.CanBackquote: can s be a raw string literal unchanged? */
bool fmt_can_backquote(const char *s, int64_t len);
/* The panic printer's rendering of a panic value (Go's printpanicval):
 * strings as is, numbers as print() does, errors and Stringers via the
 * already computed method text (method_text may be NULL), other types as
 * (T) 0xADDR like Go. */
void fmt_panic_value(Buf *out, Value v, const char *method_text);

#endif
