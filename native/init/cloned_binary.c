/* CVE-2019-5736: the container must never be able to reach and overwrite the host's crema-init through
 * /proc/PID/exe. So the init always runs from a sealed, anonymous memfd copy of itself: if /proc/self/exe is
 * not sealed yet, copy it into a memfd, seal it against any write, and re-exec from it. */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

#define REQUIRED_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

extern char **environ;

static int is_sealed(int fd)
{
    int seals = fcntl(fd, F_GET_SEALS);
    return seals >= 0 && (seals & REQUIRED_SEALS) == REQUIRED_SEALS;
}

static int copy_into(int from, int to)
{
    struct stat st;
    if (fstat(from, &st) < 0)
        return errno;
    off_t left = st.st_size;
    while (left > 0) {
        ssize_t n = sendfile(to, from, NULL, (size_t)left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        if (n == 0)
            return EIO;
        left -= n;
    }
    return 0;
}

int ensure_sealed_copy(char **argv)
{
    int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (exe < 0)
        return errno;
    if (is_sealed(exe)) {
        close(exe);
        return 0;
    }
    /* MFD_EXEC: kernels with vm.memfd_noexec would otherwise refuse to exec the copy. */
    int mfd = memfd_create("crema-init", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
    if (mfd < 0 && errno == EINVAL)
        mfd = memfd_create("crema-init", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (mfd < 0) {
        int err = errno;
        close(exe);
        return err;
    }
    int err = copy_into(exe, mfd);
    close(exe);
    if (!err && fcntl(mfd, F_ADD_SEALS, REQUIRED_SEALS) < 0)
        err = errno;
    if (!err) {
        fexecve(mfd, argv, environ);
        err = errno;
    }
    close(mfd);
    return err;
}
