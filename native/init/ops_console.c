/* The container's terminal: a pty opened in the container's own devpts (after pivot_root), its peer made the
 * controlling terminal and stdio, bound over /dev/console, and the master sent to the controller, which passes
 * it on over the --console-socket. CVE-2025-52565: the peer comes from TIOCGPTPEER on the master (no path
 * lookup the container could redirect), and /dev/console is checked to be a plain file before the bind. */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include "init.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

static int open_ptmx(void)
{
    int fd = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return -errno;
    struct stat st;
    struct statfs fs;
    if (fstat(fd, &st) < 0 || fstatfs(fd, &fs) < 0) {
        int err = errno;
        close(fd);
        return -err;
    }
    if (!S_ISCHR(st.st_mode) || fs.f_type != DEVPTS_SUPER_MAGIC) {
        close(fd);
        return -ENODEV;
    }
    return fd;
}

/* The entry at /dev/console, created as an empty file when missing, opened O_PATH|O_NOFOLLOW: never opened for
 * reading or writing, so a fifo planted there cannot block us and a symlink cannot lead anywhere. */
static int open_console_target(void)
{
    int fd = open("/dev/console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 || errno != ENOENT)
        return fd >= 0 ? fd : -errno;
    int made = open("/dev/console", O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
    if (made < 0)
        return -errno;
    close(made);
    fd = open("/dev/console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
    return fd >= 0 ? fd : -errno;
}

/* CVE-2025-52565: the pty peer is bound only over a plain file or a terminal node (the console, a pty); a
 * symlink, fifo, directory, socket or other device is refused and what it was is reported. */
static int bind_console(int sync_fd, int peer)
{
    int fd = open_console_target();
    if (fd < 0)
        return -fd;
    struct stat st;
    int err = fstat(fd, &st) < 0 ? errno : 0;
    int terminal = !err && S_ISCHR(st.st_mode) && (major(st.st_rdev) == 136 || st.st_rdev == makedev(5, 1));
    if (!err && !S_ISREG(st.st_mode) && !terminal) {
        channel_send_found(sync_fd, &st);
        err = EPERM;
    }
    char source[FD_PATH_MAX], target[FD_PATH_MAX];
    fd_path(source, peer);
    fd_path(target, fd);
    if (!err && mount(source, target, NULL, MS_BIND, NULL) < 0)
        err = errno;
    close(fd);
    return err;
}

static int send_master(int sync_fd, int master)
{
    int32_t msg[4] = { MSG_CONSOLE, -1, 0, 0 };
    struct iovec iov = { .iov_base = msg, .iov_len = sizeof msg };
    char control[CMSG_SPACE(sizeof(int))];
    memset(control, 0, sizeof control);
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &master, sizeof(int));
    return sendmsg(sync_fd, &mh, 0) == (ssize_t)sizeof msg ? 0 : (errno ? errno : EIO);
}

int op_console(struct init_ctx *ctx, struct plan *p)
{
    int64_t rows, cols, with_console;
    int err = plan_i64(p, &rows);
    if (err || (err = plan_i64(p, &cols)) || (err = plan_i64(p, &with_console)))
        return err;
    int master = open_ptmx();
    if (master < 0)
        return -master;
    int unlock = 0;
    int peer = -1;
    if (ioctl(master, TIOCSPTLCK, &unlock) < 0 || (peer = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
        err = errno;
        goto out;
    }
    if (rows > 0 && cols > 0) {
        struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
        if (ioctl(master, TIOCSWINSZ, &ws) < 0) {
            err = errno;
            goto out;
        }
    }
    if ((with_console && (err = bind_console(ctx->sync_fd, peer))) || (err = send_master(ctx->sync_fd, master)))
        goto out;
    if (ioctl(peer, TIOCSCTTY, 0) < 0 || dup2(peer, 0) < 0 || dup2(peer, 1) < 0 || dup2(peer, 2) < 0)
        err = errno;
out:
    if (peer >= 0)
        close(peer);
    close(master);
    return err;
}
