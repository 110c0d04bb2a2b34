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
    long ret = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, (unsigned)flags, &prog);
    err = ret < 0 ? errno : 0;
    free(bpf);
    if (err || !(flags & SECCOMP_FILTER_FLAG_NEW_LISTENER))
        return err;
    /* seccomp notify: the controller copies the listener with pidfd_getfd (only a plain write of its number
     * goes out here, so a notify rule on sendmsg cannot block us) and hands it to the agent; the container
     * must not keep it, so it is closed once the controller acks. */
    int listener = (int)ret;
    err = channel_send(ctx->sync_fd, MSG_SECCOMP_LISTENER, -1, listener);
    if (!err)
        err = channel_wait_ack(ctx->sync_fd);
    close(listener);
    return err;
}
