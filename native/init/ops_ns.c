/* Namespaces: join by path, create, user namespace mappings (written by the controller), time offsets, and the
 * fork that makes the container process pid 1 of a new pid namespace. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
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

/* A namespace to join later, opened now while its /proc path still means the host's (before the mount join). */
int op_open_ns(struct init_ctx *ctx, struct plan *p)
{
    char *path;
    int err = plan_str(p, &path);
    if (err)
        return err;
    if (ctx->ns_count >= MAX_OPEN_NS) {
        free(path);
        return E2BIG;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    err = fd < 0 ? errno : 0;
    free(path);
    if (!err)
        ctx->ns_fds[ctx->ns_count++] = fd;
    return err;
}

int op_setns_opened(struct init_ctx *ctx, struct plan *p)
{
    int64_t index, type;
    int err = plan_i64(p, &index);
    if (err || (err = plan_i64(p, &type)))
        return err;
    if (index < 0 || index >= ctx->ns_count || ctx->ns_fds[index] < 0)
        return EBADF;
    err = setns(ctx->ns_fds[index], (int)type) < 0 ? errno : 0;
    close(ctx->ns_fds[index]);
    ctx->ns_fds[index] = -1;
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
    int64_t drop_groups;
    int err = plan_i64(p, &drop_groups);
    if (err)
        return err;
    /* dumpable while the controller writes our maps, as runc's nsexec: a non-dumpable process's /proc files are
     * root's, which an unprivileged controller could not write */
    if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
        return errno;
    err = channel_send(ctx->sync_fd, MSG_IDMAP_REQUEST, -1, getpid());
    if (!err)
        err = channel_wait_ack(ctx->sync_fd);
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 && !err)
        err = errno;
    if (err)
        return err;
    /* Our host ids are not in the new mappings: become the namespace's root (as runc's nsexec does), so that
     * what we create in filesystems owned by the namespace gets a mapped owner. */
    if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
        return errno;
    if (!drop_groups)
        return 0;
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
    /* before pivot_root: the /proc of the host's mount, through our own pid (no /proc/self link) */
    int procfd = open_procfs_dir("/proc");
    if (procfd < 0)
        return -procfd;
    char path[64], text[128];
    snprintf(path, sizeof path, "%d/timens_offsets", (int)getpid());
    snprintf(text, sizeof text, "monotonic %lld %lld\nboottime %lld %lld\n", (long long)v[0], (long long)v[1],
             (long long)v[2], (long long)v[3]);
    /* Our own /proc files belong to the host's root while we are not dumpable, which a new user namespace's
     * root cannot write: dumpable for this write only (as runc's nsexec around its id maps). This is before
     * FORK, so no process of the container's pid namespace can see us meanwhile. */
    int err = prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0 ? errno : 0;
    if (!err)
        err = write_proc_file(procfd, path, text);
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 && !err)
        err = errno;
    close(procfd);
    return err;
}

int op_open_cgroup(struct init_ctx *ctx, struct plan *p)
{
    char *dir;
    int64_t v2;
    int err = plan_str(p, &dir);
    if (err || (err = plan_i64(p, &v2)))
        return err;
    if (v2 ? ctx->cgroup2_fd >= 0 : ctx->cgroup_count >= MAX_CGROUPS) {
        free(dir);
        return E2BIG;
    }
    int fd;
    if (v2) {
        fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    } else {
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/tasks", dir) >= sizeof path) {
            free(dir);
            return ENAMETOOLONG;
        }
        fd = open(path, O_WRONLY | O_CLOEXEC);
    }
    err = fd < 0 ? errno : 0;
    free(dir);
    if (err)
        return err;
    if (v2)
        ctx->cgroup2_fd = fd;
    else
        ctx->cgroup_fds[ctx->cgroup_count++] = fd;
    return 0;
}

/* The container process puts itself in its v1 cgroups: a thread writing "0" to a "tasks" file moves only
 * itself and the kernel skips the global threadgroup lock whose first writer waits out an RCU grace period
 * (10-20 ms, measured on cgroup.procs). The fds were opened as host root before any namespace, and v1 checks
 * the opener's credentials, so this works from a new user namespace too. */
static int join_cgroups(struct init_ctx *ctx)
{
    /* the v2 directory served clone3 in the parent: gone first, it is a directory of the host's cgroupfs */
    if (ctx->cgroup2_fd >= 0)
        close(ctx->cgroup2_fd);
    ctx->cgroup2_fd = -1;
    int err = 0;
    for (int i = 0; i < ctx->cgroup_count; i++) {
        if (!err && write(ctx->cgroup_fds[i], "0", 1) != 1)
            err = errno;
        close(ctx->cgroup_fds[i]);
    }
    ctx->cgroup_count = 0;
    return err;
}

/* fork(), or clone3 straight into the container's v2 cgroup (no migration, so no threadgroup lock either) */
static pid_t fork_into_cgroup(int cgroup2_fd)
{
    if (cgroup2_fd < 0)
        return fork();
    struct clone_args args = { .flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD, .cgroup = (uint64_t)cgroup2_fd };
    return (pid_t)syscall(SYS_clone3, &args, sizeof args);
}

int op_fork(struct init_ctx *ctx, struct plan *p)
{
    int64_t dumpable;
    int joined[2];
    int err = plan_i64(p, &dumpable);
    if (err)
        return err;
    if (pipe2(joined, O_CLOEXEC) < 0)
        return errno;
    pid_t child = fork_into_cgroup(ctx->cgroup2_fd);
    if (child < 0) {
        int err = errno;
        close(joined[0]);
        close(joined[1]);
        return err;
    }
    if (child > 0) {
        /* the first stage's job ends here: once the child is in its cgroups, report it and go (if it failed
         * it has reported that itself, and the pipe just closes) */
        char c;
        close(joined[1]);
        ssize_t n;
        while ((n = read(joined[0], &c, 1)) < 0 && errno == EINTR)
            ;
        int err = n == 1 ? channel_send(ctx->sync_fd, MSG_CHILD_PID, -1, child) : 1;
        _exit(err ? 1 : 0);
    }
    close(joined[0]);
    err = join_cgroups(ctx);
    /* dumpable only while the controller works on us, when it is unprivileged: its /proc writes need it */
    if (!err && dumpable && prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
        err = errno;
    if (!err && write(joined[1], "1", 1) != 1)
        err = errno;
    close(joined[1]);
    if (err)
        return err;
    /* wait until the controller has placed us where we could not place ourselves and set rlimits and
     * oom_score_adj; then the state JSON our container-namespace hooks get (createContainer, startContainer;
     * empty when there are none) */
    err = channel_wait_ack(ctx->sync_fd);
    if (dumpable && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 && !err)
        err = errno;
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
