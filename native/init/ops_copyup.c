/* A tmpfs over a directory of the image, as runc makes it: the tmpfs root takes the covered directory's mode,
 * and with tmpcopyup (runc's mount extension, sent by podman) starts with a copy of its content; a read-only
 * one becomes read-only after that. The directory is opened before the tmpfs is mounted over it; every entry
 * is read and made relative to directory fds, never through a path, so no symlink in the image is followed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init.h"

int op_open_covered_dir(struct init_ctx *ctx, struct plan *p)
{
    char *target;
    int err = plan_str(p, &target);
    if (err)
        return err;
    /* O_PATH: its mode is wanted even where the content cannot be read */
    int fd = open_in_root(ctx->root_fd, target, O_PATH | O_DIRECTORY | O_CLOEXEC);
    free(target);
    if (fd == -ENOENT)
        fd = -1; /* nothing covered: the mount makes the directory */
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

/* remount_flags: 0, or the flags of a read-only tmpfs, applied with a bind remount once it is filled */
int op_finish_tmpfs(struct init_ctx *ctx, struct plan *p)
{
    char *target;
    int64_t contents, remount;
    int err = plan_str(p, &target);
    if (err)
        return err;
    if ((err = plan_i64(p, &contents)) || (err = plan_i64(p, &remount))) {
        free(target);
        return err;
    }
    int dst = open_in_root(ctx->root_fd, target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(target);
    struct stat covered;
    if (dst < 0)
        err = -dst;
    else if (ctx->copy_source >= 0 && contents) {
        int src = openat(ctx->copy_source, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        err = src < 0 ? errno : copy_tree(src, dst);
        if (src >= 0)
            close(src);
    }
    if (!err && ctx->copy_source >= 0) {
        if (fstat(ctx->copy_source, &covered) < 0 || fchmod(dst, covered.st_mode & 07777) < 0)
            err = errno;
    }
    if (!err && remount) {
        char path[FD_PATH_MAX];
        fd_path(path, dst);
        if (mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | (unsigned long)remount, NULL) < 0)
            err = errno;
    }
    if (dst >= 0)
        close(dst);
    if (ctx->copy_source >= 0)
        close(ctx->copy_source);
    ctx->copy_source = -1;
    return err;
}
