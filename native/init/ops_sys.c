/* Kernel settings inside the container's namespaces: hostname, domainname, sysctls, the loopback device. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

/* sethostname and setdomainname take the same arguments: one string from the plan. */
static int set_name(struct plan *p, int (*set)(const char *, size_t))
{
    char *name;
    int err = plan_str(p, &name);
    if (err)
        return err;
    err = set(name, strlen(name)) < 0 ? errno : 0;
    free(name);
    return err;
}

int op_sethostname(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    return set_name(p, sethostname);
}

int op_setdomainname(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    return set_name(p, setdomainname);
}

int op_write_proc(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    char *path, *value;
    int err = plan_str(p, &path);
    if (err || (err = plan_str(p, &value)))
        return err;
    int procfd = open_procfs_dir("/proc");
    if (procfd < 0) {
        err = -procfd;
        goto out;
    }
    struct open_how how = { .flags = O_WRONLY | O_CLOEXEC,
                            .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
    long fd = syscall(SYS_openat2, procfd, path, &how, sizeof how);
    close(procfd);
    if (fd < 0) {
        err = errno;
        goto out;
    }
    err = check_procfs((int)fd);
    size_t len = strlen(value);
    if (!err && write((int)fd, value, len) != (ssize_t)len)
        err = errno ? errno : EIO;
    close((int)fd);
out:
    free(path);
    free(value);
    return err;
}

int op_loopback_up(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    (void)p;
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return errno;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    int err = 0;
    if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) {
        err = errno;
    } else {
        ifr.ifr_flags |= IFF_UP;
        if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
            err = errno;
    }
    close(s);
    return err;
}

/* The LSM label for the next execve: /proc/<our pid>/attr/<attr> (or the fallback attribute when the first
 * does not exist), opened beneath the checked procfs with no symlinks, so /proc/self is not followed. */
int op_exec_label(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    char *attr = NULL, *fallback = NULL, *value = NULL;
    int err = plan_str(p, &attr);
    if (!err) err = plan_str(p, &fallback);
    if (!err) err = plan_str(p, &value);
    int procfd = err ? -err : open_procfs_dir("/proc");
    if (procfd < 0) {
        err = -procfd;
        goto out;
    }
    struct open_how how = { .flags = O_WRONLY | O_CLOEXEC,
                            .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
    char path[96];
    snprintf(path, sizeof path, "%d/attr/%s", (int)getpid(), attr);
    long fd = syscall(SYS_openat2, procfd, path, &how, sizeof how);
    if (fd < 0 && errno == ENOENT && *fallback) {
        snprintf(path, sizeof path, "%d/attr/%s", (int)getpid(), fallback);
        fd = syscall(SYS_openat2, procfd, path, &how, sizeof how);
    }
    if (fd < 0)
        err = errno;
    close(procfd);
    if (fd >= 0) {
        err = check_procfs((int)fd);
        if (!err)
            err = write_all((int)fd, value, strlen(value));
        close((int)fd);
    }
out:
    free(attr);
    free(fallback);
    free(value);
    return err;
}
