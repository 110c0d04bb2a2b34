/* tmpcopyup (runc's mount extension, sent by podman): a new tmpfs starts with a copy of the directory it
 * covers. The directory is opened before the tmpfs is mounted over it, then copied into the tmpfs; every entry
 * is read and made relative to directory fds, never through a path, so no symlink in the image is followed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init.h"

int op_open_copy_source(struct init_ctx *ctx, struct plan *p)
{
    char *target;
    int err = plan_str(p, &target);
    if (err)
        return err;
    int fd = open_in_root(ctx->root_fd, target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(target);
    if (fd == -ENOENT)
        fd = -1; /* nothing to copy: the mount makes the directory */
    else if (fd < 0)
        return -fd;
    if (ctx->copy_source >= 0)
        close(ctx->copy_source);
    ctx->copy_source = fd;
    return 0;
}

static int copy_tree(int src, int dst);

static int copy_file(int src, int dst, const char *name, mode_t mode)
{
    int in = openat(src, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (in < 0)
        return errno;
    int out = openat(dst, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0777);
    int err = out < 0 ? errno : 0;
    char buf[65536];
    ssize_t n = 0;
    while (!err && (n = read(in, buf, sizeof buf)) > 0)
        err = write_all(out, buf, (size_t)n);
    if (!err && n < 0)
        err = errno;
    close(in);
    if (out >= 0)
        close(out);
    return err;
}

static int copy_dir(int src, int dst, const char *name, mode_t mode)
{
    if (mkdirat(dst, name, mode & 0777) < 0)
        return errno;
    int from = openat(src, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (from < 0)
        return errno;
    int to = openat(dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int err = to < 0 ? errno : copy_tree(from, to);
    close(from);
    if (to >= 0)
        close(to);
    return err;
}

static int copy_link(int src, int dst, const char *name)
{
    char target[4096];
    ssize_t n = readlinkat(src, name, target, sizeof target - 1);
    if (n < 0)
        return errno;
    target[n] = '\0';
    return symlinkat(target, dst, name) < 0 ? errno : 0;
}

/* One entry: made as it is in the image, then given its owner and (after chown, which clears set-id bits)
 * its whole mode, as runc's copy does. */
static int copy_entry(int src, int dst, const char *name)
{
    struct stat st;
    if (fstatat(src, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return errno;
    int err;
    if (S_ISDIR(st.st_mode))
        err = copy_dir(src, dst, name, st.st_mode);
    else if (S_ISREG(st.st_mode))
        err = copy_file(src, dst, name, st.st_mode);
    else if (S_ISLNK(st.st_mode))
        err = copy_link(src, dst, name);
    else
        err = mknodat(dst, name, st.st_mode & ~07777, st.st_rdev) < 0 ? errno : 0;
    if (!err && fchownat(dst, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0)
        err = errno;
    if (!err && !S_ISLNK(st.st_mode) && fchmodat(dst, name, st.st_mode & 07777, 0) < 0)
        err = errno;
    return err;
}

static int copy_tree(int src, int dst)
{
    int fd = dup(src);
    if (fd < 0)
        return errno;
    DIR *dir = fdopendir(fd);
    if (!dir) {
        int err = errno;
        close(fd);
        return err;
    }
    int err = 0;
    struct dirent *e;
    errno = 0;
    while (!err && (e = readdir(dir))) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            err = copy_entry(src, dst, e->d_name);
        errno = 0;
    }
    if (!err && errno)
        err = errno;
    closedir(dir);
    return err;
}

int op_copy_up(struct init_ctx *ctx, struct plan *p)
{
    char *target;
    int err = plan_str(p, &target);
    if (err)
        return err;
    int dst = open_in_root(ctx->root_fd, target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(target);
    if (dst < 0)
        err = -dst;
    else if (ctx->copy_source >= 0)
        err = copy_tree(ctx->copy_source, dst);
    if (dst >= 0)
        close(dst);
    if (ctx->copy_source >= 0)
        close(ctx->copy_source);
    ctx->copy_source = -1;
    return err;
}
