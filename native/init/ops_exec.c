/* The end of the init: cwd, finding the program, the exec fifo (the wait for start) and execve. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    if (!S_ISFIFO(st.st_mode))
        return EINVAL;
    /* the host's /proc, kept to reopen the fifo for writing once the container's root is in place */
    ctx->proc_fd = open_procfs_dir("/proc");
    return ctx->proc_fd < 0 ? -ctx->proc_fd : 0;
}

/* The user's program, or a message and 127 (the controller has already been told READY). */
static void exec_program(struct init_ctx *ctx)
{
    execve(ctx->exec_path, ctx->exec_argv, ctx->exec_envp);
    fprintf(stderr, "crema-init: exec %s: %s\n", ctx->exec_path, strerror(errno));
    _exit(127);
}

static int send_ready(struct init_ctx *ctx)
{
    int err = channel_send(ctx->sync_fd, MSG_READY, -1, 0);
    if (err)
        return err;
    close(ctx->sync_fd);
    ctx->sync_fd = -1;
    return 0;
}

/* Waits for `crema start`; the EXEC op that follows execs (startContainer hooks may run in between). */
int op_wait_start_exec(struct init_ctx *ctx, struct plan *p)
{
    (void)p;
    if (!ctx->exec_path || ctx->fifo_fd < 0 || ctx->proc_fd < 0)
        return EINVAL;
    int err = send_ready(ctx);
    if (err)
        return err;
    char rel[FD_PATH_MAX];
    snprintf(rel, sizeof rel, "self/fd/%d", ctx->fifo_fd);
    /* blocks until `crema start` opens the fifo for reading */
    int fd = openat(ctx->proc_fd, rel, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, "0", 1) != 1) {
        perror("crema-init: exec fifo");
        _exit(1);
    }
    close(fd);
    close(ctx->fifo_fd);
    close(ctx->proc_fd);
    ctx->fifo_fd = ctx->proc_fd = -1;
    return 0;
}

/* exec: no fifo and no start; report READY (the controller knows our pid from FORK) and exec at once. */
int op_exec_now(struct init_ctx *ctx, struct plan *p)
{
    (void)p;
    if (!ctx->exec_path)
        return EINVAL;
    if (ctx->sync_fd >= 0) { /* exec has no start: READY now (create sent it before waiting) */
        int err = send_ready(ctx);
        if (err)
            return err;
    }
    exec_program(ctx);
    return 0;
}
