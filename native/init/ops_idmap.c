/* Idmapped mounts: a detached copy of a bind source whose ids are shifted through a user namespace made only
 * to carry the mapping. Made first, while the init is still root in the host's user namespace: the kernel
 * wants CAP_SYS_ADMIN over the source's superblock for MOUNT_ATTR_IDMAP, which the container's own user
 * namespace never has. The tree is attached later by MOUNT_TREE, inside the container's mount namespace. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"

/* A user namespace with these maps: a child is cloned into a new one and waits while we write its maps and
 * open its ns file, then exits; the namespace lives on through the fd. */
static int mapping_userns(int proc_fd, const char *uid_map, const char *gid_map, int *userns_fd)
{
    int hold[2];
    if (pipe2(hold, O_CLOEXEC) < 0)
        return errno;
    pid_t pid = (pid_t)syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, NULL);
    if (pid < 0) {
        int err = errno;
        close(hold[0]);
        close(hold[1]);
        return err;
    }
    if (pid == 0) {
        char c;
        close(hold[1]);
        while (read(hold[0], &c, 1) < 0 && errno == EINTR)
            ;
        _exit(0);
    }
    close(hold[0]);
    char path[64];
    snprintf(path, sizeof path, "%d/uid_map", (int)pid);
    int err = write_proc_file(proc_fd, path, uid_map);
    snprintf(path, sizeof path, "%d/gid_map", (int)pid);
    if (!err)
        err = write_proc_file(proc_fd, path, gid_map);
    if (!err) {
        snprintf(path, sizeof path, "%d/ns/user", (int)pid);
        *userns_fd = openat(proc_fd, path, O_RDONLY | O_CLOEXEC);
        if (*userns_fd < 0)
            err = errno;
    }
    close(hold[1]); /* the child reads EOF and exits */
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
    return err;
}

int op_idmapped_tree(struct init_ctx *ctx, struct plan *p)
{
    char *source = NULL, *uid_map = NULL, *gid_map = NULL;
    int64_t recursive_tree, recursive_idmap;
    int err = plan_str(p, &source);
    if (!err) err = plan_str(p, &uid_map);
    if (!err) err = plan_str(p, &gid_map);
    if (!err) err = plan_i64(p, &recursive_tree);
    if (!err) err = plan_i64(p, &recursive_idmap);
    if (!err && ctx->tree_count >= MAX_TREES)
        err = E2BIG;
    int userns = -1, tree = -1;
    /* the host's /proc (this runs before any namespace is joined), open only while it is needed: no fd of
     * the host's procfs may still be open when the container process exists (CVE-2024-21626) */
    int proc_fd = err ? -err : open_procfs_dir("/proc");
    if (proc_fd < 0) {
        err = -proc_fd;
    } else {
        err = mapping_userns(proc_fd, uid_map, gid_map, &userns);
        close(proc_fd);
    }
    unsigned rbind = recursive_tree ? AT_RECURSIVE : 0;
    if (!err && (tree = open_tree(AT_FDCWD, source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | rbind)) < 0)
        err = errno;
    if (!err) {
        struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t)userns };
        if (mount_setattr(tree, "", AT_EMPTY_PATH | (recursive_idmap ? AT_RECURSIVE : 0), &attr, sizeof attr) < 0)
            err = errno;
    }
    if (userns >= 0)
        close(userns);
    if (err && tree >= 0)
        close(tree);
    else if (!err)
        ctx->trees[ctx->tree_count++] = tree;
    free(source);
    free(uid_map);
    free(gid_map);
    return err;
}

/* A plain detached copy of a bind source, for a container with a new user namespace: taken here as host root,
 * since the container's root (a mapped uid) may not be allowed to reach the source (runc 1.1 opens these
 * sources before it enters the user namespace too). Attached by MOUNT_TREE like an idmapped one. */
int op_bind_tree(struct init_ctx *ctx, struct plan *p)
{
    char *source;
    int64_t recursive;
    int err = plan_str(p, &source);
    if (err)
        return err;
    int tree = -1;
    if ((err = plan_i64(p, &recursive)) == 0 && ctx->tree_count >= MAX_TREES)
        err = E2BIG;
    if (!err && (tree = open_tree(AT_FDCWD, source, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0))) < 0)
        err = errno;
    if (!err)
        ctx->trees[ctx->tree_count++] = tree;
    free(source);
    return err;
}
