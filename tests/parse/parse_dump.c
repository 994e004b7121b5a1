/* parse_dump.c: the parser's test driver. Parses FILE and prints its AST as
 * an S-expression on stdout (exit 0), or the rendered diagnostics on stderr
 * (exit 1). -q parses without printing the tree (for huge inputs); -c prints
 * the tree's ast_clone instead (it must read the same); -i prints whether the
 * REPL would wait for more input ("incomplete" or "complete"). */
#include "parser.h"
#include <stdio.h>
#include <stdlib.h>

/* The file's bytes in a malloc'd block of exactly their size (not NUL
 * terminated), so that under AddressSanitizer any read outside the source
 * is caught. */
static char *read_all(const char *path, size_t *len) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) return NULL;
    Buf b;
    buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_put(&b, chunk, n);
    if (f != stdin) fclose(f);
    char *src = malloc(b.len ? b.len : 1);
    if (src && b.len) memcpy(src, b.data, b.len);
    *len = b.len;
    return src;
}

int main(int argc, char **argv) {
    GC_INIT();
    bool quiet = false, incomplete = false, clone = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "-q") == 0) quiet = true;
        else if (strcmp(argv[i], "-i") == 0) incomplete = true;
        else if (strcmp(argv[i], "-c") == 0) clone = true;
        else break;
    }
    if (i != argc - 1) {
        fprintf(stderr, "usage: parse_dump [-q] [-c] [-i] FILE\n");
        return 2;
    }
    size_t len;
    char *src = read_all(argv[i], &len);
    if (!src) {
        perror(argv[i]);
        return 2;
    }
    if (incomplete) {
        puts(parse_is_incomplete(src, len) ? "incomplete" : "complete");
        return 0;
    }
    Diag d;
    diag_init(&d, argv[i], src, len);
    Node *file = parse_file(src, len, &d, interner_new());
    Buf out;
    buf_init(&out);
    if (diag_failed(&d)) {
        diag_render(&d, &out);
        fwrite(out.data, 1, out.len, stderr);
        return 1;
    }
    if (quiet) return 0;
    ast_dump(&out, clone ? ast_clone(file) : file);
    buf_putc(&out, '\n');
    fwrite(out.data, 1, out.len, stdout);
    return 0;
}
