/* The root filesystem: propagation, the rootfs bind, config mounts (targets resolved in the root), device
 * nodes, symlinks, and pivot_root. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "init.h"

int op_set_propagation(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    char *path;
    int64_t flags;
    int err = plan_str(p, &path);
    if (err || (err = plan_i64(p, &flags)))
        return err;
    err = mount(NULL, path, NULL, (unsigned long)flags, NULL) < 0 ? errno : 0;
    free(path);
    return err;
}

int op_bind_rootfs(struct init_ctx *ctx, struct plan *p)
{
    char *rootfs;
    int err = plan_str(p, &rootfs);
    if (err)
        return err;
    /* a mount point of its own, so pivot_root can take it */
    if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) {
        err = errno;
    } else {
        ctx->root_fd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (ctx->root_fd < 0)
            err = errno;
    }
    free(rootfs);
    return err;
}

/* mount(2) onto a target given as an fd, through its /proc/self/fd path (the host's /proc, before pivot). */
static int mount_on_fd(const char *source, int fd, const char *fstype, unsigned long flags, const char *data)
{
    char target[FD_PATH_MAX];
    fd_path(target, fd);
    return mount(source, target, fstype, flags, data) < 0 ? errno : 0;
}

/* The mount just made on the directory or file "covered" (an fd, resolved once in the root), for its remount;
 * where an fd is comes from /proc/self/fd/N: the host's path, as mounts are made before pivot_root.
 * Not found again by the config's path: a symlink swapped onto that path since would point the remount at
 * another mount and leave this one as it is (a "ro" bind writable). Found by where "covered" is now, reopened
 * in the root, and refused unless the mount opened is at that very place (as runc 1.2's reopenAfterMount). */
static int reopen_mounted(int root_fd, int covered)
{
    char root[4096], here[4096], again[4096];
    int err = fd_link(AT_FDCWD, root_fd, root, sizeof root);
    if (!err) err = fd_link(AT_FDCWD, covered, here, sizeof here);
    if (err)
        return -err;
    size_t n = strcmp(root, "/") ? strlen(root) : 0;
    if (strncmp(here, root, n) || (here[n] != '/' && here[n] != '\0'))
        return -EXDEV; /* moved out of the root: nothing of ours to remount there */
    int fd = open_in_root(root_fd, here + n, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return fd;
    err = fd_link(AT_FDCWD, fd, again, sizeof again);
    if (!err && strcmp(again, here))
        err = EXDEV; /* swapped again while we looked */
    if (err) {
        close(fd);
        return -err;
    }
    return fd;
}

static int remount_covered(int root_fd, int covered, unsigned long flags)
{
    int fd = reopen_mounted(root_fd, covered);
    if (fd < 0)
        return -fd;
    int err = mount_on_fd(NULL, fd, NULL, flags, NULL);
    close(fd);
    return err;
}

/* The flags a bind ignores, then propagation, on the mount made on "covered". */
static int finish_mount(int root_fd, int covered, int64_t remount, int64_t propagation)
{
    int err = 0;
    if (remount)
        err = remount_covered(root_fd, covered, MS_REMOUNT | MS_BIND | (unsigned long)remount);
    if (!err && propagation)
        err = remount_covered(root_fd, covered, (unsigned long)propagation);
    return err;
}

/* CVE-2019-19921, CVE-2023-27561: proc and sysfs go only on a directory, never through a symlink planted at
 * the target (as runc: "must be mounted on ordinary directory"); a missing target is made as usual. */
static int check_ordinary_directory(int root_fd, const char *target)
{
    int fd = open_in_root(root_fd, target, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return fd == -ENOENT ? 0 : -fd;
    struct stat st;
    int err = fstat(fd, &st) < 0 ? errno : (S_ISDIR(st.st_mode) ? 0 : ENOTDIR);
    close(fd);
    return err;
}

int op_mount(struct init_ctx *ctx, struct plan *p)
{
    char *source = NULL, *target = NULL, *fstype = NULL, *data = NULL;
    int64_t flags, kind, remount, propagation;
    int err = plan_str(p, &source);
    if (!err) err = plan_str(p, &target);
    if (!err) err = plan_str(p, &fstype);
    if (!err) err = plan_i64(p, &flags);
    if (!err) err = plan_str(p, &data);
    if (!err) err = plan_i64(p, &kind);
    if (!err) err = plan_i64(p, &remount);
    if (!err) err = plan_i64(p, &propagation);
    if (err || ctx->root_fd < 0)
        goto out;
    if (kind == 2 && (err = check_ordinary_directory(ctx->root_fd, target)))
        goto out;
    err = make_in_root(ctx->root_fd, target, kind == 1);
    if (err)
        goto out;
    int fd = open_in_root(ctx->root_fd, target, O_PATH | O_CLOEXEC);
    if (fd < 0) {
        err = -fd;
        goto out;
    }
    err = mount_on_fd(*source ? source : NULL, fd, *fstype ? fstype : NULL, (unsigned long)flags,
                      *data ? data : NULL);
    if (!err)
        err = finish_mount(ctx->root_fd, fd, remount, propagation);
    close(fd);
out:
    free(source);
    free(target);
    free(fstype);
    free(data);
    return err ? err : (ctx->root_fd < 0 ? EBADF : 0);
}

int op_mknod(struct init_ctx *ctx, struct plan *p)
{
    char *path;
    int64_t mode, major, minor, uid, gid;
    int err = plan_str(p, &path);
    if (!err) err = plan_i64(p, &mode);
    if (!err) err = plan_i64(p, &major);
    if (!err) err = plan_i64(p, &minor);
    if (!err) err = plan_i64(p, &uid);
    if (!err) err = plan_i64(p, &gid);
    if (err)
        return err;
    const char *base;
    char *parent = strdup(path);
    char *slash = parent ? strrchr(parent, '/') : NULL;
    if (slash) {
        *slash = '\0';
        err = make_in_root(ctx->root_fd, parent, 0);
    }
    free(parent);
    int dfd = err ? -err : open_parent_in_root(ctx->root_fd, path, &base);
    if (dfd < 0) {
        free(path);
        return -dfd;
    }
    dev_t dev = makedev((unsigned)major, (unsigned)minor);
    if (mknodat(dfd, base, (mode_t)mode, dev) < 0) {
        err = errno;
        struct stat st;
        if (err == EEXIST && fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0) {
            if ((st.st_mode & S_IFMT) == ((mode_t)mode & S_IFMT) && st.st_rdev == dev)
                err = 0; /* already the same node */
            else
                channel_send_found(ctx->sync_fd, &st); /* CVE-2025-31133: say what is there instead */
        }
    }
    if (!err && fchownat(dfd, base, (uid_t)uid, (gid_t)gid, AT_SYMLINK_NOFOLLOW) < 0)
        err = errno;
    if (!err && fchmodat(dfd, base, (mode_t)mode & 07777, 0) < 0)
        err = errno;
    close(dfd);
    free(path);
    return err;
}

int op_symlink(struct init_ctx *ctx, struct plan *p)
{
    char *target, *link;
    int err = plan_str(p, &target);
    if (err || (err = plan_str(p, &link)))
        return err;
    const char *base;
    int dfd = open_parent_in_root(ctx->root_fd, link, &base);
    if (dfd < 0) {
        err = -dfd;
    } else {
        if (symlinkat(target, dfd, base) < 0 && errno != EEXIST)
            err = errno;
        close(dfd);
    }
    free(target);
    free(link);
    return err;
}

/* The rootfs fd is the last one of the host's filesystem: once the root is in place nothing needs it, and no
 * process of the container may find it in /proc/PID/fd (CVE-2024-21626). */
static void close_root_fd(struct init_ctx *ctx)
{
    close(ctx->root_fd);
    ctx->root_fd = -1;
}

int op_pivot_root(struct init_ctx *ctx, struct plan *p)
{
    (void)p;
    int oldroot = open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (oldroot < 0)
        return errno;
    int err = 0;
    if (fchdir(ctx->root_fd) < 0 || syscall(SYS_pivot_root, ".", ".") < 0 || fchdir(oldroot) < 0)
        err = errno;
    /* the old root is stacked on the new one: detach it without letting the unmount reach the host */
    else if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0 || umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
        err = errno;
    close(oldroot);
    close_root_fd(ctx);
    return err;
}

/* --no-pivot, as runc's msMoveRoot: the rootfs moved over "/" and chrooted into. The host's procfs and sysfs
 * mounts were detached before (DETACH_MOUNT), so none stays reachable in this mount namespace. */
int op_move_root(struct init_ctx *ctx, struct plan *p)
{
    (void)p;
    int err = 0;
    if (fchdir(ctx->root_fd) < 0 || mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0 || chdir("/") < 0)
        err = errno;
    close_root_fd(ctx);
    return err;
}

/* A mount of the host's namespace copy that the container must not keep (--no-pivot): made a slave so the
 * unmount stays here, then detached; where that is not allowed, covered with an empty tmpfs (as runc). */
int op_detach_mount(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    char *path;
    int err = plan_str(p, &path);
    if (err)
        return err;
    if (mount(NULL, path, NULL, MS_SLAVE | MS_REC, NULL) < 0) {
        err = errno == ENOENT ? 0 : errno; /* under a mount detached before */
    } else if (umount2(path, MNT_DETACH) < 0) {
        err = errno;
        if ((err == EINVAL || err == EPERM) && mount("tmpfs", path, "tmpfs", MS_RDONLY, "size=0k") == 0)
            err = 0;
    }
    free(path);
    return err;
}

int op_mount_tree(struct init_ctx *ctx, struct plan *p)
{
    char *target;
    int64_t slot, kind, remount, propagation;
    int err = plan_i64(p, &slot);
    if (err || (err = plan_str(p, &target)))
        return err;
    if (!err) err = plan_i64(p, &kind);
    if (!err) err = plan_i64(p, &remount);
    if (!err) err = plan_i64(p, &propagation);
    if (!err && (slot < 0 || slot >= ctx->tree_count || ctx->trees[slot] < 0 || ctx->root_fd < 0))
        err = EBADF;
    if (!err)
        err = make_in_root(ctx->root_fd, target, kind == 1);
    int fd = err ? -err : open_in_root(ctx->root_fd, target, O_PATH | O_CLOEXEC);
    if (fd < 0) {
        free(target);
        return -fd;
    }
    int tree = ctx->trees[slot];
    if (move_mount(tree, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
        err = errno;
    close(tree);
    ctx->trees[slot] = -1;
    if (!err)
        err = finish_mount(ctx->root_fd, fd, remount, propagation);
    close(fd);
    free(target);
    return err;
}

int op_mount_setattr(struct init_ctx *ctx, struct plan *p)
{
    char *target;
    int64_t set, clear;
    int err = plan_str(p, &target);
    if (err)
        return err;
    if (!err) err = plan_i64(p, &set);
    if (!err) err = plan_i64(p, &clear);
    int fd = err ? -err : open_in_root(ctx->root_fd, target, O_PATH | O_CLOEXEC);
    if (fd >= 0) {
        struct mount_attr attr = { .attr_set = (uint64_t)set, .attr_clr = (uint64_t)clear };
        err = mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) < 0 ? errno : 0;
        close(fd);
    } else {
        err = -fd;
    }
    free(target);
    return err;
}

/* No mount namespace (runc accepts that): the mounts were made in the host's namespace, which must keep its
 * root, so the process only changes its own root, as runc does then. */
int op_chroot(struct init_ctx *ctx, struct plan *p)
{
    (void)p;
    if (fchdir(ctx->root_fd) < 0 || chroot(".") < 0 || chdir("/") < 0)
        return errno;
    close_root_fd(ctx); /* as at pivot: the waiting init keeps no fd but the exec fifo */
    return 0;
}
