/* An accepted command: the server drives, the client does what only the caller can (DESIGN.md section 7).
 * SPAWN: posix_spawn with the server's fds dup2'ed to the numbers it names and the closes it asks for (other
 * fds stay the client's own, which are its caller's); WAIT: waitpid, answered when the child exits (SIGCHLD);
 * SUBREAPER: prctl; EXIT: the code. Relayed signals go to the server as SIGNAL. If the server goes away
 * mid-command, the children the client spawned and did not yet reap are killed and reaped, and the command
 * fails with one line naming the server. */
#include "client.h"
#include "protocol.h"
#include "spawn/spawn.h"

#include <errno.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_TRACKED 64

struct state {
    int sock;
    pid_t spawned[MAX_TRACKED]; /* spawned and not yet reaped */
    size_t nspawned;
    pid_t waiting[MAX_TRACKED]; /* WAIT requests not yet answered */
    int wait_flags[MAX_TRACKED];
    size_t nwaiting;
};

static int reply(struct state *s, int32_t value, int32_t status, int err)
{
    struct buf b = { 0 };
    int r = -1;
    if (buf_u32(&b, (uint32_t)value) == 0 && buf_u32(&b, (uint32_t)status) == 0 && buf_u32(&b, (uint32_t)err) == 0)
        r = frame_send(s->sock, F_REPLY, &b, NULL, 0);
    free(b.data);
    return r;
}

static void forget(pid_t *pids, size_t *n, pid_t pid)
{
    for (size_t i = 0; i < *n; i++) {
        if (pids[i] == pid) {
            pids[i] = pids[--*n];
            return;
        }
    }
}

static void free_strs(char **strs, uint32_t n)
{
    if (!strs)
        return;
    for (uint32_t i = 0; i < n; i++)
        free(strs[i]);
    free(strs);
}

/* a NULL-terminated string list read from r; NULL on a malformed payload */
static char **get_strs(struct reader *r, uint32_t *n)
{
    if (get_u32(r, n) < 0 || *n > r->left / 4)
        return NULL;
    char **strs = calloc((size_t)*n + 1, sizeof *strs);
    if (!strs)
        return NULL;
    for (uint32_t i = 0; i < *n; i++) {
        if (get_str(r, &strs[i]) < 0) {
            free_strs(strs, i);
            return NULL;
        }
    }
    return strs;
}

/* one pair of the SPAWN's map: a source (the index of an fd sent with the frame, SPAWN_CLOSE or
 * SPAWN_CLOSE_FROM) and a target fd, added as that file action; 0 or an errno */
static int add_action(posix_spawn_file_actions_t *actions, struct reader *r, const struct frame *f)
{
    uint32_t source, target;
    if (get_u32(r, &source) < 0 || get_u32(r, &target) < 0 || target > INT32_MAX)
        return EPROTO;
    if ((int32_t)source == SPAWN_CLOSE || (int32_t)source == SPAWN_CLOSE_FROM)
        return spawn_add_fd_action(actions, (int32_t)source, (int)target);
    if (source >= f->nfds)
        return EPROTO;
    return spawn_add_fd_action(actions, f->fds[source], (int)target);
}

static int do_spawn(struct state *s, struct frame *f)
{
    struct reader r = { f->payload, f->len };
    char *path = NULL;
    uint32_t argc = 0, envc = 0, pairs = 0;
    char **argv = NULL, **envp = NULL;
    int err = EPROTO;
    pid_t pid = -1;
    if (get_str(&r, &path) == 0 && (argv = get_strs(&r, &argc)) && (envp = get_strs(&r, &envc)) &&
        get_u32(&r, &pairs) == 0) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        err = 0;
        for (uint32_t i = 0; i < pairs && !err; i++)
            err = add_action(&actions, &r, f);
        if (!err)
            err = spawn_with_default_signals(&pid, path, &actions, argv, envp);
        posix_spawn_file_actions_destroy(&actions);
    }
    free(path);
    free_strs(argv, argc);
    free_strs(envp, envc);
    if (!err && s->nspawned < MAX_TRACKED)
        s->spawned[s->nspawned++] = pid;
    return reply(s, err ? -1 : pid, 0, err);
}

/* answers the WAIT at index i if its child exited (or cannot be waited for); 1 when answered */
static int try_wait(struct state *s, size_t i, int *failed)
{
    int status = 0;
    pid_t pid = s->waiting[i];
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == 0 && !(s->wait_flags[i] & WNOHANG))
        return 0;
    int err = r < 0 ? errno : 0;
    if (r > 0)
        forget(s->spawned, &s->nspawned, pid);
    s->waiting[i] = s->waiting[--s->nwaiting];
    s->wait_flags[i] = s->wait_flags[s->nwaiting];
    if (reply(s, r < 0 ? -1 : r, status, err) < 0)
        *failed = 1;
    return 1;
}

static int do_wait(struct state *s, struct frame *f)
{
    struct reader r = { f->payload, f->len };
    uint32_t pid, flags;
    if (get_u32(&r, &pid) < 0 || get_u32(&r, &flags) < 0 || s->nwaiting == MAX_TRACKED)
        return reply(s, -1, 0, EPROTO);
    s->waiting[s->nwaiting] = (pid_t)pid;
    s->wait_flags[s->nwaiting] = (int)flags;
    s->nwaiting++;
    int failed = 0;
    try_wait(s, s->nwaiting - 1, &failed);
    return failed ? -1 : 0;
}

static int child_exited(struct state *s)
{
    int failed = 0;
    for (size_t i = 0; i < s->nwaiting;) {
        if (!try_wait(s, i, &failed))
            i++;
    }
    return failed ? -1 : 0;
}

static int relay(struct state *s, int signo)
{
    struct buf b = { 0 };
    int r = buf_u32(&b, (uint32_t)signo) == 0 ? frame_send(s->sock, F_SIGNAL, &b, NULL, 0) : -1;
    free(b.data);
    return r;
}

/* the server is gone mid-command: what the client spawned for it must not outlive it */
static int server_gone(struct state *s, const char *root)
{
    for (size_t i = 0; i < s->nspawned; i++) {
        kill(s->spawned[i], SIGKILL);
        while (waitpid(s->spawned[i], NULL, 0) < 0 && errno == EINTR)
            ;
    }
    fprintf(stderr, "crema: the crema server of %s went away during the command (stopped or killed); "
                    "its outcome is unknown, see crema state or crema list\n", root);
    return 1;
}

int serve_command(int sock, int sigfd, const char *root)
{
    struct state s = { .sock = sock };
    struct pollfd fds[2] = { { .fd = sock, .events = POLLIN }, { .fd = sigfd, .events = POLLIN } };
    for (;;) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return server_gone(&s, root);
        }
        if (fds[1].revents & POLLIN) {
            struct signalfd_siginfo info;
            if (read(sigfd, &info, sizeof info) == (ssize_t)sizeof info) {
                int r = info.ssi_signo == SIGCHLD ? child_exited(&s) : relay(&s, (int)info.ssi_signo);
                if (r < 0)
                    return server_gone(&s, root);
            }
        }
        if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        struct frame f;
        if (frame_receive(sock, &f) != 1)
            return server_gone(&s, root);
        int r = 0;
        switch (f.type) {
        case F_SPAWN:
            r = do_spawn(&s, &f);
            break;
        case F_WAIT:
            r = do_wait(&s, &f);
            break;
        case F_SUBREAPER:
            r = reply(&s, 0, 0, prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0 ? errno : 0);
            break;
        case F_EXIT: {
            struct reader rd = { f.payload, f.len };
            uint32_t code = 1;
            get_u32(&rd, &code);
            frame_free(&f);
            return (int)code;
        }
        default:
            break;
        }
        frame_free(&f);
        if (r < 0)
            return server_gone(&s, root);
    }
}
