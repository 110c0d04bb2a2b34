/* Hooks that run in the container's namespaces (createContainer, startContainer): forked and exec'd here,
 * with the state JSON the controller sent after FORK on stdin and no other fd, and killed when their timeout
 * passes. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"

static void free_list(char **list)
{
    if (!list)
        return;
    for (char **s = list; *s; s++)
        free(*s);
    free(list);
}

/* A hook that ended otherwise than with exit 0 is reported as HOOK_ENDED | its raw wait status: above every
 * errno, so the controller can tell it apart and say how the hook ended ("exit status 3", "signal: ..."). */
#define HOOK_ENDED 0x10000

/* 0 when the hook exited 0; ETIMEDOUT when killed at its timeout; HOOK_ENDED | wait status otherwise. */
static int run(const char *path, char **args, char **env, int64_t timeout, const char *state)
{
    int in[2];
    if (pipe2(in, O_CLOEXEC) < 0)
        return errno;
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        close(in[0]);
        close(in[1]);
        return err;
    }
    if (pid == 0) {
        /* only stdio, as the hooks the controller runs: not the fds --preserve-fds hands the container */
        if (dup2(in[0], 0) < 0 || syscall(SYS_close_range, 3U, ~0U, 0) < 0)
            _exit(126);
        execve(path, args, env);
        _exit(127);
    }
    close(in[0]);
    signal(SIGPIPE, SIG_IGN);
    write_all(in[1], state, strlen(state)); /* a hook need not read it */
    close(in[1]);
    signal(SIGPIPE, SIG_DFL);
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    int err = 0;
    if (pidfd >= 0) {
        struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
        int r;
        do {
            r = poll(&pfd, 1, timeout > 0 ? (int)(timeout * 1000) : -1);
        } while (r < 0 && errno == EINTR);
        if (r == 0) {
            kill(pid, SIGKILL);
            err = ETIMEDOUT;
        }
        close(pidfd);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!err && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
        err = HOOK_ENDED | (status & 0xffff);
    return err;
}

int op_run_hook(struct init_ctx *ctx, struct plan *p)
{
    int64_t kind, timeout;
    char *path = NULL;
    char **args = NULL, **env = NULL;
    int err = plan_i64(p, &kind);
    if (!err) err = plan_str(p, &path);
    if (!err) err = plan_list(p, &args);
    if (!err) err = plan_list(p, &env);
    if (!err) err = plan_i64(p, &timeout);
    if (!err && (kind < 0 || kind > 1 || !ctx->hook_state[kind]))
        err = EINVAL;
    if (!err)
        err = run(path, args, env, timeout, ctx->hook_state[kind]);
    if ((err & HOOK_ENDED) && ctx->sync_fd < 0) {
        /* after start nobody reads (op, errno) any more: the engine reads this line on our stderr */
        int status = err & 0xffff;
        if (WIFEXITED(status))
            fprintf(stderr, "crema-init: hook %s: exit status %d\n", path, WEXITSTATUS(status));
        else
            fprintf(stderr, "crema-init: hook %s: signal %d\n", path, WTERMSIG(status));
        err = ECHILD;
    }
    free(path);
    free_list(args);
    free_list(env);
    return err;
}
