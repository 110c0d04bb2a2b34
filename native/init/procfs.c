/* CVE-2019-16884, CVE-2025-52881: writes into /proc go through fds checked to be on a real procfs, so a
 * container cannot redirect them with a mount or symlink of its own. */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <sys/statfs.h>
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

void fd_path(char out[FD_PATH_MAX], int fd)
{
    snprintf(out, FD_PATH_MAX, "/proc/self/fd/%d", fd);
}
