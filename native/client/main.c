/* crema, the native client (docs/server.md): hands the command line to the warm server of its --root, or runs
 * the JVM controller itself when no server answers. No policy: it finds the socket the way the CLI finds its
 * root, moves argv, env, cwd, umask and stdio fds to the server, spawns and waits for what the server asks,
 * relays signals, and exits with the code the server sends. */
#include "client.h"
#include "protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef CREMA_BUILD
#error "CREMA_BUILD (the version and commit, as dev.crema.cli.Main.buildId) must be defined"
#endif

extern char **environ;

/* crema's global options that take a value (dev.crema.cli.Main.GLOBAL_VALUES), to find the command word */
static const char *const GLOBAL_VALUES[] = { "root", "log", "log-format", "criu", "rootless" };

/* The host's user namespace maps every id to itself; any other map (or more lines) is a user namespace. An
 * unreadable map counts as none, as in the CLI (dev.crema.plan.Caller.inUserNamespace) and runc. */
static int in_user_namespace(void)
{
    char map[256];
    int fd = open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, map, sizeof map - 1);
    close(fd);
    if (n <= 0)
        return 0;
    map[n] = 0;
    unsigned long inside, outside, count;
    int used = 0;
    if (sscanf(map, " %lu %lu %lu %n", &inside, &outside, &count, &used) != 3 || map[used] != 0)
        return 1;
    return !(inside == 0 && outside == 0 && count == 4294967295UL);
}

/* The root without --root, by the CLI's rule (dev.crema.cli.RuntimeRoot.xdgRoot, runc's): $XDG_RUNTIME_DIR/crema
 * for an unprivileged caller, and for root of a user namespace whose $USER is not root; else /run/crema. Nothing
 * is made here: where the directory is missing no server runs, and the JVM makes it. NULL when the path does not
 * fit a socket address: no server can be there either. */
static const char *default_root(void)
{
    static char xdg_root[PATH_MAX];
    const char *xdg = getenv("XDG_RUNTIME_DIR");
    if (!xdg || !*xdg)
        return "/run/crema";
    if (geteuid() == 0) {
        const char *user = getenv("USER");
        if (!in_user_namespace() || (user && strcmp(user, "root") == 0))
            return "/run/crema";
    }
    if (snprintf(xdg_root, sizeof xdg_root, "%s/crema", xdg) >= (int)sizeof xdg_root)
        return NULL;
    return xdg_root;
}

/* --root's value as the CLI would take it (the last one before the command word), else the default */
static const char *find_root(int argc, char **argv)
{
    const char *root = NULL;
    for (int i = 1; i < argc; i++) {
        const char *word = argv[i];
        if (word[0] != '-' || strcmp(word, "--train-aot-cache") == 0)
            break;
        const char *name = word[1] == '-' ? word + 2 : word + 1;
        const char *eq = strchr(name, '=');
        if (eq) {
            if ((size_t)(eq - name) == 4 && strncmp(name, "root", 4) == 0)
                root = eq + 1;
            continue;
        }
        for (size_t k = 0; k < sizeof GLOBAL_VALUES / sizeof *GLOBAL_VALUES; k++) {
            if (strcmp(name, GLOBAL_VALUES[k]) == 0) {
                if (k == 0 && i + 1 < argc)
                    root = argv[i + 1];
                i++;
                break;
            }
        }
    }
    return root ? root : default_root();
}

/* a connected socket to ROOT/server.sock, or -1 */
static int connect_server(const char *root)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (snprintf(addr.sun_path, sizeof addr.sun_path, "%s/server.sock", root) >= (int)sizeof addr.sun_path)
        return -1;
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        return -1;
    if (connect(sock, (struct sockaddr *)&addr, sizeof addr) < 0) {
        close(sock);
        return -1;
    }
    return sock;
}

static int hello(int sock, int argc, char **argv)
{
    struct buf b = { 0 };
    size_t envc = 0;
    while (environ[envc])
        envc++;
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        cwd[0] = 0;
    mode_t mask = umask(0);
    umask(mask);
    int cwdfd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (cwdfd < 0)
        return -1;
    int fds[4] = { 0, 1, 2, cwdfd };
    int r = -1;
    if (buf_str(&b, CREMA_BUILD) == 0 && buf_strs(&b, argv + 1, (size_t)(argc - 1)) == 0 &&
        buf_strs(&b, environ, envc) == 0 && buf_str(&b, cwd) == 0 && buf_u32(&b, (uint32_t)mask) == 0)
        r = frame_send(sock, F_HELLO, &b, fds, 4);
    close(cwdfd);
    free(b.data);
    return r;
}

static int stdio_open(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) < 0)
            return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    /* the signals a command may want (run and exec forward them to the container), and SIGCHLD for WAIT:
     * blocked from here, read from a signalfd once the server accepted, handed back before a fallback exec */
    sigset_t relayed, old;
    sigemptyset(&relayed);
    int signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTERM, SIGWINCH, SIGCHLD };
    for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
        sigaddset(&relayed, signals[i]);
    sigprocmask(SIG_BLOCK, &relayed, &old);

    const char *root = find_root(argc, argv);
    const char *off = getenv("CREMA_NO_SERVER");
    /* everything that can fail is set up before the hello: once the server accepts, the command is its */
    int sigfd = (off && *off) || !stdio_open() ? -1 : signalfd(-1, &relayed, SFD_CLOEXEC);
    int sock = sigfd < 0 || !root ? -1 : connect_server(root);
    if (sock >= 0 && hello(sock, argc, argv) == 0) {
        struct frame f;
        int r = frame_receive(sock, &f);
        if (r == 1 && f.type == F_ACCEPT) {
            frame_free(&f);
            return serve_command(sock, sigfd, root);
        }
        if (r == 1)
            frame_free(&f); /* REFUSE: another build, uid or namespace */
    }
    if (sock >= 0)
        close(sock);
    if (sigfd >= 0)
        close(sigfd);
    exec_jvm(argv, &old);
    return 127;
}
