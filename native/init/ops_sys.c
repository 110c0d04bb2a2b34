/* Kernel settings inside the container's namespaces: hostname, domainname, sysctls, the loopback device. */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
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

/* A sysctl: /proc/sys/... of the container's own procfs, checked to be that very file (procfs.c). */
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
    } else {
        err = write_proc_file(procfd, path, value);
        close(procfd);
    }
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
 * does not exist), checked like a sysctl to be that file of the container's procfs (no /proc/self link). */
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
    char path[96];
    snprintf(path, sizeof path, "%d/attr/%s", (int)getpid(), attr);
    int fd = open_proc_file(procfd, path, O_WRONLY);
    if (fd == -ENOENT && *fallback) {
        snprintf(path, sizeof path, "%d/attr/%s", (int)getpid(), fallback);
        fd = open_proc_file(procfd, path, O_WRONLY);
    }
    close(procfd);
    if (fd < 0) {
        err = -fd;
    } else {
        err = write_all(fd, value, strlen(value));
        close(fd);
    }
out:
    free(attr);
    free(fallback);
    free(value);
    return err;
}
