/* Seccomp: the controller compiled the filter with libseccomp and sent the BPF; the init only loads it. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

int op_load_seccomp(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    uint8_t *bpf;
    size_t len;
    int64_t flags;
    int err = plan_bytes(p, &bpf, &len);
    if (err)
        return err;
    if ((err = plan_i64(p, &flags))) {
        free(bpf);
        return err;
    }
    if (len == 0 || len % sizeof(struct sock_filter) != 0 || len / sizeof(struct sock_filter) > 0xffff) {
        free(bpf);
        return EINVAL;
    }
    struct sock_fprog prog = { .len = (unsigned short)(len / sizeof(struct sock_filter)), .filter = (struct sock_filter *)bpf };
    err = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, (unsigned)flags, &prog) < 0 ? errno : 0;
    free(bpf);
    return err;
}
