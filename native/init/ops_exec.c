/* The end of the init: cwd, finding the program, the exec fifo (the wait for start) and execve. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* when: 0 always; 1 try (a permission error is remembered for a later 2, not fatal); 2 only if the try was
 * refused. The controller places the try before the ids change and the retry after (runc's order). */
int op_chdir(struct init_ctx *ctx, struct plan *p)
{
    char *path;
    int64_t when;
    int err = plan_str(p, &path);
    if (err)
        return err;
    if ((err = plan_i64(p, &when)) || when < 0 || when > 2 || (when == 2 && !ctx->chdir_refused)) {
        free(path);
        return err ? err : (when < 0 || when > 2 ? EINVAL : 0);
    }
    err = chdir(path) < 0 ? errno : 0;
    free(path);
    ctx->chdir_refused = when == 1 && (err == EACCES || err == EPERM);
    if (ctx->chdir_refused)
        return 0;
    if (err)
        return err;
    /* a cwd outside the root (through a kept fd's /proc/self/fd link) shows as "(unreachable)..." */
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return errno;
    return cwd[0] == '/' ? 0 : EXDEV;
}

/* process.cwd made if missing, before the root changes (runc's MkdirAll of it), inside the rootfs only. */
int op_mkdir_all(struct init_ctx *ctx, struct plan *p)
{
    char *path;
    int64_t mode;
    int err = plan_str(p, &path);
    if (err)
        return err;
    if ((err = plan_i64(p, &mode)) || mode < 0 || mode > 07777 || ctx->root_fd < 0) {
        free(path);
        return err ? err : EINVAL;
    }
    err = mkdir_all_in_root(ctx->root_fd, path, (unsigned)mode);
    free(path);
    return err;
}

/* The container's /proc must be a procfs: the exec fifo is reopened through it. Checked where runc checks
 * /proc/self/fd at create (before a filter loaded with no_new_privs, which may refuse fstatfs), so a container
 * without one fails create. */
int op_check_procfs(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    (void)p;
    int procfd = open_procfs_dir("/proc");
    if (procfd < 0)
        return -procfd;
    close(procfd);
    return 0;
}

static int is_executable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Like execvp's search, but in the container's PATH (from its env), checked before start so a missing program
 * fails create, as with runc. */
int op_resolve_exec(struct init_ctx *ctx, struct plan *p)
{
    int err = plan_list(p, &ctx->exec_argv);
    if (err || (err = plan_list(p, &ctx->exec_envp)))
        return err;
    const char *name = ctx->exec_argv[0];
    if (!name || !*name)
        return ENOENT;
    if (strchr(name, '/')) {
        if (!is_executable_file(name))
            return errno ? errno : EACCES;
        ctx->exec_path = strdup(name);
        return ctx->exec_path ? 0 : ENOMEM;
    }
    const char *path = DEFAULT_PATH;
    for (char **e = ctx->exec_envp; *e; e++) {
        if (strncmp(*e, "PATH=", 5) == 0)
            path = *e + 5;
    }
    char *dirs = strdup(path);
    if (!dirs)
        return ENOMEM;
    err = ENOENT;
    for (char *save = NULL, *dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        char *candidate;
        if (asprintf(&candidate, "%s/%s", *dir ? dir : ".", name) < 0) {
            err = ENOMEM;
            break;
        }
        if (is_executable_file(candidate)) {
            ctx->exec_path = candidate;
            err = 0;
            break;
        }
        free(candidate);
    }
    free(dirs);
    return err;
}

/* The exec fifo, O_PATH: the one fd of the host's the waiting init keeps (a fifo: no directory to walk from). */
int op_open_exec_fifo(struct init_ctx *ctx, struct plan *p)
{
    char *path;
    int err = plan_str(p, &path);
    if (err)
        return err;
    ctx->fifo_fd = open(path, O_PATH | O_CLOEXEC | O_NOFOLLOW);
    free(path);
    if (ctx->fifo_fd < 0)
        return errno;
    struct stat st;
    if (fstat(ctx->fifo_fd, &st) < 0)
        return errno;
    return S_ISFIFO(st.st_mode) ? 0 : EINVAL;
}

/* The user's program, or a message and 127 (the controller has already been told READY). Dumpable again, as
 * any process (the kernel decides anew at execve; this only undoes our own setting). */
static void exec_program(struct init_ctx *ctx)
{
    if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
        perror("crema-init: PR_SET_DUMPABLE");
    execve(ctx->exec_path, ctx->exec_argv, ctx->exec_envp);
    fprintf(stderr, "crema-init: exec %s: %s\n", ctx->exec_path, strerror(errno));
    _exit(127);
}


/* The fifo opened for writing through the container's own procfs, by path (runc: the O_PATH fd reopened via
 * /proc/self/fd/N; no fd of /proc held while we block), and checked to be our fifo, whatever /proc is by then. */
static int reopen_fifo(int fifo_fd)
{
    char path[FD_PATH_MAX];
    fd_path(path, fifo_fd);
    int fd = open(path, O_WRONLY | O_CLOEXEC); /* blocks until `crema start` opens it to read */
    if (fd < 0)
        return -errno;
    /* statx, not fstat: glibc's fstat is newfstatat, which the container's seccomp profile (loaded by now,
     * as runc loads it) may refuse; docker's profile without newfstatat must still start */
    struct statx want, got;
    if (statx(fifo_fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_INO, &want) < 0
        || statx(fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_INO, &got) < 0) {
        int err = errno;
        close(fd);
        return -err;
    }
    if (!S_ISFIFO(got.stx_mode) || got.stx_dev_major != want.stx_dev_major || got.stx_dev_minor != want.stx_dev_minor
        || got.stx_ino != want.stx_ino) {
        close(fd);
        return -EXDEV;
    }
    return fd;
}

/* Waits for `crema start`; the EXEC op that follows execs (startContainer hooks may run in between). */
int op_wait_start_exec(struct init_ctx *ctx, struct plan *p)
{
    (void)p;
    if (!ctx->exec_path || ctx->fifo_fd < 0)
        return EINVAL;
    /* (CHECK_PROCFS found the container's /proc a procfs at create; no fd of it is kept while we wait: the fifo
     * is the one fd we hold then) */
    int err = timing_send(ctx->sync_fd);
    if (!err)
        err = channel_send(ctx->sync_fd, MSG_READY, -1, 0);
    if (err)
        return err;
    close(ctx->sync_fd);
    ctx->sync_fd = -1;
    int fd = reopen_fifo(ctx->fifo_fd);
    if (fd < 0 || write(fd, "0", 1) != 1) {
        fprintf(stderr, "crema-init: exec fifo: %s\n", strerror(fd < 0 ? -fd : errno));
        _exit(1);
    }
    /* fd stays open (O_CLOEXEC) until execve closes it, as runc's init leaves it: `start` reads to end of file,
     * so it returns once the program runs (or the init died), after any startContainer hook, and poststart
     * hooks run after the program was executed, as the runtime-spec says */
    close(ctx->fifo_fd);
    ctx->fifo_fd = -1;
    /* runc checks /proc/self/fd is a procfs once more, after start, just before exec (its sweep of the fds it
     * must not leak, CVE-2024-21626). crema closed those at its start, but checks too: a seccomp profile that
     * refuses fstatfs then fails the container after start, on its stderr, exit 1, as it does under runc */
    int procfd = open_procfs_dir("/proc/self/fd");
    if (procfd < 0) {
        fprintf(stderr, "crema-init: ensure /proc/self/fd is on procfs: %s\n", strerror(-procfd));
        _exit(1);
    }
    close(procfd);
    return 0;
}

int op_exec_now(struct init_ctx *ctx, struct plan *p)
{
    (void)p;
    if (!ctx->exec_path)
        return EINVAL;
    /* exec has no start: READY now (create sent it before waiting). The socket stays open (O_CLOEXEC): the
     * controller's end reads end of file when execve has closed it, which --debug times */
    if (ctx->sync_fd >= 0) {
        int err = timing_send(ctx->sync_fd);
        if (!err)
            err = channel_send(ctx->sync_fd, MSG_READY, -1, 0);
        if (err)
            return err;
    }
    exec_program(ctx);
    return 0;
}
