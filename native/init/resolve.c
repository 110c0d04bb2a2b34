/* CVE-2021-30465: mount targets are resolved inside the rootfs with openat2(RESOLVE_IN_ROOT), so a symlink in
 * the rootfs (absolute or with "..") can never lead outside it. Missing components are created one at a time,
 * each step resolved the same way; a dangling symlink is followed the way RESOLVE_IN_ROOT would (its target
 * taken relative to the rootfs) and the missing part made there. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

#define RESOLVE_FLAGS (RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)

int open_in_root(int root_fd, const char *path, int flags)
{
    struct open_how how = { .flags = (uint64_t)flags, .resolve = RESOLVE_FLAGS };
    while (*path == '/')
        path++;
    if (*path == '\0')
        path = ".";
    long fd = syscall(SYS_openat2, root_fd, path, &how, sizeof how);
    return fd < 0 ? -errno : (int)fd;
}

int open_parent_in_root(int root_fd, const char *path, const char **base)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        *base = path;
        return open_in_root(root_fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    }
    *base = slash + 1;
    char *dir = strndup(path, (size_t)(slash - path));
    if (!dir)
        return -ENOMEM;
    int fd = open_in_root(root_fd, dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    return fd;
}

/* Creates one missing entry "name" in the directory "dir" (inside root). On EEXIST because the entry is a
 * dangling symlink, returns its target in *link (malloc'd) so the caller can continue from there. */
static int create_entry(int root_fd, const char *dir, const char *name, int as_file, char **link)
{
    int dfd = open_in_root(root_fd, dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return -dfd;
    int err = 0;
    if (as_file) {
        int fd = openat(dfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0)
            err = errno;
        else
            close(fd);
    } else if (mkdirat(dfd, name, 0755) < 0) {
        err = errno;
    }
    if (err == EEXIST) {
        struct stat st;
        if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
            char target[4096];
            ssize_t n = readlinkat(dfd, name, target, sizeof target - 1);
            if (n >= 0) {
                target[n] = '\0';
                if (target[0] == '/') {
                    *link = strdup(target);
                } else if (asprintf(link, "%s/%s", dir, target) < 0) {
                    *link = NULL;
                }
                err = *link ? 0 : ENOMEM;
            } else {
                err = errno;
            }
        }
    }
    close(dfd);
    return err;
}

int make_in_root(int root_fd, const char *path, int last_is_file)
{
    char *todo = strdup(path);
    if (!todo)
        return ENOMEM;
    int err = 0;
    for (int hops = 0; hops < 40; hops++) {
        int fd = open_in_root(root_fd, todo, O_PATH | O_CLOEXEC);
        if (fd >= 0) {
            close(fd);
            free(todo);
            return 0;
        }
        if (fd != -ENOENT) {
            free(todo);
            return -fd;
        }
        /* find the first missing component */
        size_t len = strlen(todo);
        size_t end = 0;
        int made_link_jump = 0;
        while (end < len) {
            while (end < len && todo[end] == '/')
                end++;
            size_t next = end;
            while (next < len && todo[next] != '/')
                next++;
            char *prefix = strndup(todo, next);
            if (!prefix) {
                free(todo);
                return ENOMEM;
            }
            int pfd = open_in_root(root_fd, prefix, O_PATH | O_CLOEXEC);
            if (pfd >= 0) {
                close(pfd);
                free(prefix);
                end = next;
                continue;
            }
            if (pfd != -ENOENT) {
                free(prefix);
                free(todo);
                return -pfd;
            }
            char *dir = strndup(todo, end);
            char *name = strndup(todo + end, next - end);
            char *link = NULL;
            int is_last = next >= len;
            err = (dir && name) ? create_entry(root_fd, dir, name, is_last && last_is_file, &link) : ENOMEM;
            free(dir);
            free(name);
            free(prefix);
            if (err) {
                free(todo);
                return err;
            }
            if (link) { /* continue from where the symlink points, inside the root */
                char *rest = NULL;
                if (asprintf(&rest, "%s%s", link, todo + next) < 0)
                    rest = NULL;
                free(link);
                free(todo);
                if (!rest)
                    return ENOMEM;
                todo = rest;
                made_link_jump = 1;
                break;
            }
            end = next;
        }
        if (!made_link_jump) {
            free(todo);
            return 0;
        }
    }
    free(todo);
    return ELOOP;
}

/* process.cwd, as runc's MkdirAll in the container's root: each missing directory made in turn with mode, each
 * step resolved inside the root. Unlike make_in_root (mount targets), a dangling symlink on the way is not
 * followed: mkdirat fails with EEXIST there, as "mkdir /link: file exists" does under runc. */
int mkdir_all_in_root(int root_fd, const char *path, unsigned mode)
{
    char *todo = strdup(path);
    if (!todo)
        return ENOMEM;
    size_t len = strlen(todo);
    int err = 0;
    for (size_t end = 0; !err && end < len;) {
        while (end < len && todo[end] == '/')
            end++;
        size_t next = end;
        while (next < len && todo[next] != '/')
            next++;
        if (next == end)
            break;
        char saved = todo[next];
        todo[next] = '\0'; /* todo is now the prefix up to this component */
        int fd = open_in_root(root_fd, todo, O_PATH | O_CLOEXEC);
        if (fd >= 0) {
            close(fd);
        } else if (fd != -ENOENT) {
            err = -fd;
        } else {
            const char *base;
            int dfd = open_parent_in_root(root_fd, todo, &base);
            if (dfd < 0) {
                err = -dfd;
            } else {
                if (mkdirat(dfd, base, (mode_t)mode) < 0)
                    err = errno;
                close(dfd);
            }
        }
        todo[next] = saved;
        end = next;
    }
    free(todo);
    return err;
}
