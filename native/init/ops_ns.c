/* Namespaces: join by path, create, user namespace mappings (written by the controller), time offsets, and the
 * fork that makes the container process pid 1 of a new pid namespace. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "init.h"

int op_setns(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    char *path;
    int64_t type;
    int err = plan_str(p, &path);
    if (err || (err = plan_i64(p, &type)))
        return err;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    free(path);
    if (fd < 0)
        return errno;
    err = setns(fd, (int)type) < 0 ? errno : 0;
    close(fd);
    return err;
}

int op_unshare(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    int64_t flags;
    int err = plan_i64(p, &flags);
    if (err)
        return err;
    return unshare((int)flags) < 0 ? errno : 0;
}

int op_sync_idmap(struct init_ctx *ctx, struct plan *p)
{
    (void)p;
    int err = channel_send(ctx->sync_fd, MSG_IDMAP_REQUEST, -1, getpid());
    if (!err)
        err = channel_wait_ack(ctx->sync_fd);
    if (err)
        return err;
    /* Our host ids are not in the new mappings: become the namespace's root (as runc's nsexec does), so that
     * what we create in filesystems owned by the namespace gets a mapped owner. */
    if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
        return errno;
    return setgroups(0, NULL) < 0 ? errno : 0;
}

int op_time_offsets(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    int64_t v[4];
    for (int i = 0; i < 4; i++) {
        int err = plan_i64(p, &v[i]);
        if (err)
            return err;
    }
    int procfd = open_procfs_dir("/proc");
    if (procfd < 0)
        return -procfd;
    int fd = openat(procfd, "self/timens_offsets", O_WRONLY | O_CLOEXEC);
    int err = fd < 0 ? errno : check_procfs(fd);
    close(procfd);
    if (err) {
        if (fd >= 0)
            close(fd);
        return err;
    }
    char text[128];
    int n = snprintf(text, sizeof text, "monotonic %lld %lld\nboottime %lld %lld\n", (long long)v[0],
                     (long long)v[1], (long long)v[2], (long long)v[3]);
    if (write(fd, text, (size_t)n) != n)
        err = errno ? errno : EIO;
    close(fd);
    return err;
}

int op_fork(struct init_ctx *ctx, struct plan *p)
{
    (void)p;
    pid_t child = fork();
    if (child < 0)
        return errno;
    if (child > 0) {
        /* the first stage's job ends here: report the container process and go */
        int err = channel_send(ctx->sync_fd, MSG_CHILD_PID, -1, child);
        _exit(err ? 1 : 0);
    }
    /* wait until the controller has placed us and set rlimits and oom_score_adj; then the state JSON our
     * container-namespace hooks get (createContainer, startContainer; empty when there are none) */
    int err = channel_wait_ack(ctx->sync_fd);
    if (!err)
        err = channel_read_string(ctx->sync_fd, &ctx->hook_state[0]);
    if (!err)
        err = channel_read_string(ctx->sync_fd, &ctx->hook_state[1]);
    return err;
}

int op_setsid(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    (void)p;
    return setsid() < 0 ? errno : 0;
}
