/* CVE-2019-16884, CVE-2025-52881: writes into /proc go through fds checked to be the very procfs file they
 * name, so a container cannot redirect them with a mount or symlink of its own (a bind of the host's
 * /proc/sys/kernel/core_pattern over /proc/sys/net/ipv4/ip_forward, a fake /proc). */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

int check_procfs(int fd)
{
    struct statfs st;
    if (fstatfs(fd, &st) < 0)
        return errno;
    return st.f_type == PROC_SUPER_MAGIC ? 0 : EXDEV;
}

int open_procfs_dir(const char *path)
{
    int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return -errno;
    int err = check_procfs(fd);
    if (err) {
        close(fd);
        return -err;
    }
    return fd;
}

static int mount_id(int fd, uint64_t *id)
{
    struct statx stx;
    if (statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &stx) < 0)
        return errno;
    if (!(stx.stx_mask & STATX_MNT_ID))
        return EOPNOTSUPP;
    *id = stx.stx_mnt_id;
    return 0;
}

int fd_link(int procfd, int fd, char *out, size_t size)
{
    char rel[FD_PATH_MAX];
    if (procfd == AT_FDCWD)
        fd_path(rel, fd);
    else
        snprintf(rel, sizeof rel, "self/fd/%d", fd);
    ssize_t n = readlinkat(procfd, rel, out, size - 1);
    if (n < 0)
        return errno;
    if ((size_t)n >= size - 1)
        return ENAMETOOLONG;
    out[n] = '\0';
    return 0;
}

/* Is fd exactly <procfd>/<rel>: the same procfs mount, and the path /proc/self/fd gives back? */
static int check_names(int procfd, int fd, const char *rel)
{
    uint64_t dir_mnt = 0, file_mnt = 1;
    int err = check_procfs(fd);
    if (!err) err = mount_id(procfd, &dir_mnt);
    if (!err) err = mount_id(fd, &file_mnt);
    if (err)
        return err;
    if (dir_mnt != file_mnt)
        return EXDEV;
    char dir[4096], file[4096], expected[4096];
    if ((err = fd_link(procfd, procfd, dir, sizeof dir)) || (err = fd_link(procfd, fd, file, sizeof file)))
        return err == ENOENT ? EXDEV : err; /* our pid is not in that procfs: not the container's */
    if ((size_t)snprintf(expected, sizeof expected, "%s/%s", strcmp(dir, "/") ? dir : "", rel) >= sizeof expected)
        return ENAMETOOLONG;
    return strcmp(expected, file) == 0 ? 0 : EXDEV;
}

int open_proc_file(int procfd, const char *rel, int flags)
{
    /* no symlink, no magic link, and no mount crossed below the procfs root */
    struct open_how how = { .flags = (uint64_t)(flags | O_CLOEXEC | O_NOFOLLOW),
                            .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV };
    long fd = syscall(SYS_openat2, procfd, rel, &how, sizeof how);
    if (fd < 0)
        return errno == ELOOP ? -EXDEV : -errno;
    int err = check_names(procfd, (int)fd, rel);
    if (err) {
        close((int)fd);
        return -err;
    }
    return (int)fd;
}

int write_proc_file(int procfd, const char *rel, const char *text)
{
    int fd = open_proc_file(procfd, rel, O_WRONLY);
    if (fd < 0)
        return -fd;
    int err = write_all(fd, text, strlen(text));
    close(fd);
    return err;
}

void fd_path(char out[FD_PATH_MAX], int fd)
{
    snprintf(out, FD_PATH_MAX, "/proc/self/fd/%d", fd);
}
