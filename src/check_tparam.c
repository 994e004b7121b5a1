/* check_tparam.c: what a type parameter's constraint allows, for the check
 * of generic bodies (check_decl.c check_generic_bodies).
 *
 * csp checks a generic body per instantiation, with the type arguments in
 * place. Go checks it once, against the constraints, and reports what the
 * constraint does not allow even when every instantiation would be fine
 * (a + b on T any). So each generic is also checked with stand-ins for its
 * type parameters: dynamic types (everything about them waits for run
 * time, so no instantiation-specific error is made up) that keep the
 * parameter's name and constraint. Here are the rules the checker applies to
 * them: an operation is allowed when every type of the constraint's type set
 * allows it, as Go's allNumeric, allOrdered, Comparable and hasNil say. */
#include "check.h"
#include "lexer.h"

/* Does every type of s's type set have underlying kind satisfying pred? A
 * constraint without terms (any, fmt.Stringer) has every type in its set,
 * so no kind-specific operation is allowed. */
static bool all_terms(Type *s, bool (*pred)(Type *u)) {
    Type *ct = s->constraint->under;
    if (ct->nterms == 0) return false;
    for (int i = 0; i < ct->nterms; i++) {
        Type *u = ct->terms[i].type->under;
        if (u->kind == K_TYPEPARAM || u->kind == K_DYN) return false;
        if (!pred(u)) return false;
    }
    return true;
}

static bool is_numeric(Type *u) { return kind_is_numeric(u->kind); }
static bool is_integer(Type *u) { return kind_is_integer(u->kind); }
static bool is_float(Type *u) { return kind_is_float(u->kind); }
static bool is_string(Type *u) { return u->kind == K_STRING; }
static bool is_bool(Type *u) { return u->kind == K_BOOL; }
static bool is_numeric_or_string(Type *u) { return is_numeric(u) || is_string(u); }
static bool is_comparable(Type *u) { return type_comparable(u); }
static bool has_nil(Type *u) {
    int k = u->kind;
    return k == K_POINTER || k == K_FUNC || k == K_SLICE || k == K_MAP || k == K_CHAN || k == K_INTERFACE ||
           k == K_UNSAFEPTR;
}

bool tparam_allows_op(int op, Type *s) {
    switch (op) {
    case T_ADD: return all_terms(s, is_numeric_or_string);
    case T_SUB: case T_MUL: case T_QUO: return all_terms(s, is_numeric);
    case T_REM: case T_AND: case T_OR: case T_XOR: case T_AND_NOT: return all_terms(s, is_integer);
    case T_LAND: case T_LOR: case T_NOT: return all_terms(s, is_bool);
    case T_LSS: case T_LEQ: case T_GTR: case T_GEQ: return all_terms(s, is_numeric_or_string);
    default: return true;
    }
}

/* The unary operators: + and - need numbers, ^ integers, ! booleans. */
bool tparam_allows_unary(int op, Type *s) {
    if (op == T_XOR) return all_terms(s, is_integer);
    if (op == T_NOT) return all_terms(s, is_bool);
    return all_terms(s, is_numeric);
}

bool tparam_comparable(Type *s) {
    Type *ct = s->constraint->under;
    return ct->is_comparable_constraint || all_terms(s, is_comparable);
}

bool tparam_has_nil(Type *s) { return all_terms(s, has_nil); }
bool tparam_all_bool(Type *s) { return all_terms(s, is_bool); }
bool tparam_all_string(Type *s) { return all_terms(s, is_string); }

/* Can untyped constant (or untyped value) x become a T? Go's
 * implicitTypeAndValue: only if it can become every type of the set. */
bool tparam_accepts_untyped(Type *s, Node *x) {
    switch (x->type->kind) {
    case K_UNTYPED_BOOL: return all_terms(s, is_bool);
    case K_UNTYPED_STRING: return all_terms(s, is_string);
    case K_UNTYPED_NIL: return tparam_has_nil(s);
    case K_UNTYPED_FLOAT:
        if (x->mode == M_CONST && x->cval && !const_is_int_valued(x->cval)) return all_terms(s, is_float);
        return all_terms(s, is_numeric);
    case K_UNTYPED_INT: case K_UNTYPED_RUNE: return all_terms(s, is_numeric);
    default: return true;
    }
}

/* Is name a method of every type in the set (declared by the constraint)?
 * Go has no field access through a type parameter. */
bool tparam_has_method(Type *s, const char *name) {
    Type *ct = s->constraint->under;
    for (int i = 0; i < ct->nimethods; i++)
        if (ct->imethods[i].name == name) return true;
    return false;
}

/* Is a value of stand-in s assignable to t (Go: only to T itself, and to
 * an interface that T's constraint implements)? Dynamic targets decide at
 * run time. */
bool tparam_assignable_to(Type *s, Type *t) {
    if (s == t) return true;
    if (type_is_dyn(t)) return !type_is_standin(t);
    if (t->ukind != K_INTERFACE) return false;
    return type_implements(s->constraint, t, NULL, NULL);
}

/* Is a value of type v (not a stand-in) assignable to stand-in s? */
bool tparam_assignable_from(Type *v, Type *s, Node *x) {
    if (type_is_dyn(v)) return !type_is_standin(v);
    if (type_is_untyped(v)) return tparam_accepts_untyped(s, x);
    return false;
}
