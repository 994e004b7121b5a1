/* lib/os.c: the native half of os: arguments, environment, exit, reading
 * and writing files and the standard streams. */
#include "lib.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static NatStatus os_args(Fiber *f, Value *a, int n) {
    VM *vm = f->vm;
    int argc = vm->cfg.argc;
    String **items = NEW_ARRAY(String *, argc + 1);
    for (int i = 0; i < argc; i++) items[i] = str_from_cstr(vm->cfg.argv[i]);
    a[0].p = lib_string_slice(items, argc);
    return NAT_OK;
}

static NatStatus os_getenv(Fiber *f, Value *a, int n) {
    const char *v = getenv(str_cstr(a[0].p));
    a[0].p = v ? str_from_cstr(v) : &str_empty;
    return NAT_OK;
}

static NatStatus os_lookup_env(Fiber *f, Value *a, int n) {
    const char *v = getenv(str_cstr(a[0].p));
    a[0].p = v ? str_from_cstr(v) : &str_empty;
    a[1].i = v != NULL;
    return NAT_OK;
}

static NatStatus os_exit(Fiber *f, Value *a, int n) {
    f->vm->exit_code = (int)a[0].i;
    f->vm->exited = true;
    return NAT_EXIT;
}

static NatStatus os_write(Fiber *f, Value *a, int n) {
    Slice *b = a[1].p;
    int64_t len = slice_len(b);
    char *tmp = ALLOC_ATOMIC((size_t)len + 1);
    for (int64_t i = 0; i < len; i++) tmp[i] = (char)slice_data(b)[i].i;
    if (a[0].i == 2) vm_write_err(f->vm, tmp, (size_t)len);
    else vm_write_out(f->vm, tmp, (size_t)len);
    a[0].i = len;
    return NAT_OK;
}

/* readFile(name string) (data string, errno int) */
static NatStatus os_read_file(Fiber *f, Value *a, int n) {
    (void)f;
    (void)n;
    int fd = open(str_cstr(a[0].p), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        a[0].p = &str_empty;
        a[1].i = errno;
        return NAT_OK;
    }
    Buf b;
    buf_init(&b);
    char chunk[65536];
    ssize_t got;
    while ((got = read(fd, chunk, sizeof chunk)) > 0) buf_put(&b, chunk, (size_t)got);
    int err = got < 0 ? errno : 0;
    close(fd);
    a[0].p = err ? &str_empty : str_new(b.data ? b.data : "", (int64_t)b.len);
    a[1].i = err;
    return NAT_OK;
}

/* writeFile(name string, data string, perm int) (errno int) */
static NatStatus os_write_file(Fiber *f, Value *a, int n) {
    (void)f;
    (void)n;
    int fd = open(str_cstr(a[0].p), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)a[2].i);
    if (fd < 0) {
        a[0].i = errno;
        return NAT_OK;
    }
    String *data = a[1].p;
    int err = 0;
    for (int64_t off = 0; off < data->len;) {
        ssize_t w = write(fd, data->data + off, (size_t)(data->len - off));
        if (w < 0) {
            if (errno == EINTR) continue;
            err = errno;
            break;
        }
        off += w;
    }
    if (close(fd) < 0 && !err) err = errno;
    a[0].i = err;
    return NAT_OK;
}

/* read(fd int, max int) (data string, errno int): at most max bytes; ""
 * with errno 0 at end of file. Blocks the worker thread like a syscall. */
static NatStatus os_read(Fiber *f, Value *a, int n) {
    (void)f;
    (void)n;
    int64_t max = a[1].i > 0 ? a[1].i : 0;
    if (max > (1 << 20)) max = 1 << 20;
    char *tmp = ALLOC_ATOMIC((size_t)max + 1);
    ssize_t got;
    do got = read((int)a[0].i, tmp, (size_t)max);
    while (got < 0 && errno == EINTR);
    a[0].p = got > 0 ? str_new(tmp, (int64_t)got) : &str_empty;
    a[1].i = got < 0 ? errno : 0;
    return NAT_OK;
}

/* errnoText(errno int) string: the C library's words, as Go's syscall
 * error strings are ("no such file or directory"). */
static NatStatus os_errno_text(Fiber *f, Value *a, int n) {
    (void)f;
    (void)n;
    char *msg = str_cstr(str_from_cstr(strerror((int)a[0].i)));
    if (msg[0] >= 'A' && msg[0] <= 'Z') msg[0] = (char)(msg[0] - 'A' + 'a'); /* Go's are lower case */
    a[0].p = str_from_cstr(msg);
    return NAT_OK;
}

/* remove(name string) (errno int) */
static NatStatus os_remove(Fiber *f, Value *a, int n) {
    (void)f;
    (void)n;
    const char *path = str_cstr(a[0].p);
    a[0].i = remove(path) == 0 ? 0 : errno;
    return NAT_OK;
}

const NativeReg lib_os[] = {
    {"os.remove", os_remove},
    {"os.readFile", os_read_file}, {"os.writeFile", os_write_file}, {"os.read", os_read},
    {"os.errnoText", os_errno_text},
    {"os.args", os_args},   {"os.Getenv", os_getenv}, {"os.lookupEnv", os_lookup_env},
    {"os.Exit", os_exit},   {"os.write", os_write},   {NULL, NULL},
};

