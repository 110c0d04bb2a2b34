/* After pivot_root: masked paths, read-only paths, the read-only root. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "init.h"

/* CVE-2025-31133: the /dev/null bound over masked files must really be the null device, opened without
 * following a symlink the container may have planted. Anything else is refused, and what it was is reported. */
static int open_checked_dev_null(int sync_fd)
{
    int fd = open("/dev/null", O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int err = errno;
        close(fd);
        return -err;
    }
    if (!S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3)) {
        close(fd);
        channel_send_found(sync_fd, &st);
        return -EPERM;
    }
    return fd;
}

int op_mask_path(struct init_ctx *ctx, struct plan *p)
{
    char *path;
    int err = plan_str(p, &path);
    if (err)
        return err;
    int fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        err = errno == ENOENT ? 0 : errno;
        free(path);
        return err;
    }
    char target[FD_PATH_MAX];
    fd_path(target, fd);
    struct stat st;
    if (fstat(fd, &st) < 0) {
        err = errno;
    } else if (S_ISDIR(st.st_mode)) {
        err = mount("tmpfs", target, "tmpfs", MS_RDONLY, "size=0k") < 0 ? errno : 0;
    } else {
        int null = open_checked_dev_null(ctx->sync_fd);
        if (null < 0) {
            err = -null;
        } else {
            char source[FD_PATH_MAX];
            fd_path(source, null);
            err = mount(source, target, NULL, MS_BIND, NULL) < 0 ? errno : 0;
            close(null);
        }
    }
    close(fd);
    free(path);
    return err;
}

/* A bind remount read-only must keep the flags already on the mount (the kernel refuses to drop locked ones). */
static int remount_readonly(const char *path)
{
    struct statvfs st;
    if (statvfs(path, &st) < 0)
        return errno;
    unsigned long keep = 0;
    if (st.f_flag & ST_NOSUID) keep |= MS_NOSUID;
    if (st.f_flag & ST_NODEV) keep |= MS_NODEV;
    if (st.f_flag & ST_NOEXEC) keep |= MS_NOEXEC;
    if (st.f_flag & ST_NOATIME) keep |= MS_NOATIME;
    if (st.f_flag & ST_NODIRATIME) keep |= MS_NODIRATIME;
    if (st.f_flag & ST_RELATIME) keep |= MS_RELATIME;
    return mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | keep, NULL) < 0 ? errno : 0;
}

int op_readonly_path(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    char *path;
    int err = plan_str(p, &path);
    if (err)
        return err;
    if (access(path, F_OK) < 0) {
        err = errno == ENOENT ? 0 : errno;
    } else if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0) {
        err = errno;
    } else {
        err = remount_readonly(path);
    }
    free(path);
    return err;
}

int op_remount_ro(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    char *path;
    int err = plan_str(p, &path);
    if (err)
        return err;
    err = remount_readonly(path);
    free(path);
    return err;
}
