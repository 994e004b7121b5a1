/* check.c: the generated stdlib table holds every module of a fixture folder
 * byte for byte (tests scripts/embed_stdlib.py; built and run by meson test).
 * usage: check ROOT N   -- the table must hold N modules, each equal to ROOT/NAME.csp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include TABLE_H /* the generated stdlib_embed.h under test, renamed */

static int check_one(const char *root, const struct csp_stdlib_file *m) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.csp", root, m->name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "embedded module %s: cannot open %s\n", m->name, path);
        return 1;
    }
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (n != m->len || memcmp(buf, m->src, n) != 0 || m->src[m->len] != '\0') {
        fprintf(stderr, "embedded module %s differs from %s (len %zu, file %zu)\n", m->name, path, m->len, n);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: check ROOT N\n");
        return 2;
    }
    size_t want = (size_t)strtoul(argv[2], NULL, 10);
    int bad = 0;
    if (csp_stdlib_nfiles != want) {
        fprintf(stderr, "table holds %zu modules, want %zu\n", csp_stdlib_nfiles, want);
        bad = 1;
    }
    for (size_t i = 0; i < csp_stdlib_nfiles; i++) {
        bad |= check_one(argv[1], &csp_stdlib_files[i]);
        if (i > 0 && strcmp(csp_stdlib_files[i - 1].name, csp_stdlib_files[i].name) >= 0) {
            fprintf(stderr, "table not sorted at %s\n", csp_stdlib_files[i].name);
            bad = 1;
        }
    }
    if (!bad)
        printf("ok: %zu modules\n", csp_stdlib_nfiles);
    return bad;
}
