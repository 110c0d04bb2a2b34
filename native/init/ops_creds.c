/* Credentials, in runc's order: bounding set, ids, capability sets (CVE-2022-29162: inheritable and ambient
 * are exactly what the config says), no_new_privs, umask. */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

int op_bounding_set(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    int64_t keep;
    int err = plan_i64(p, &keep);
    if (err)
        return err;
    for (int cap = 0; cap < 64; cap++) {
        if (keep & ((int64_t)1 << cap))
            continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
            if (errno == EINVAL)
                break; /* past the last capability this kernel knows */
            return errno;
        }
    }
    return 0;
}

int op_set_ids(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    int64_t uid, gid, set_groups = 0;
    char **groups = NULL;
    int err = plan_i64(p, &uid);
    if (!err) err = plan_i64(p, &gid);
    if (!err) err = plan_list(p, &groups);
    if (!err) err = plan_i64(p, &set_groups);
    if (err) {
        if (groups) {
            for (size_t i = 0; groups[i]; i++)
                free(groups[i]);
            free(groups);
        }
        return err;
    }
    size_t n = 0;
    while (groups[n])
        n++;
    gid_t *gids = calloc(n ? n : 1, sizeof(gid_t));
    if (!gids)
        return ENOMEM;
    for (size_t i = 0; i < n; i++)
        gids[i] = (gid_t)strtoul(groups[i], NULL, 10);
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 || (set_groups && setgroups(n, gids) < 0)
        || setresgid((gid_t)gid, (gid_t)gid, (gid_t)gid) < 0 || setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) < 0
        || prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
        err = errno;
    free(gids);
    for (size_t i = 0; i < n; i++)
        free(groups[i]);
    free(groups);
    return err;
}

int op_set_caps(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    int64_t eff, prm, inh, amb;
    int err = plan_i64(p, &eff);
    if (!err) err = plan_i64(p, &prm);
    if (!err) err = plan_i64(p, &inh);
    if (!err) err = plan_i64(p, &amb);
    if (err)
        return err;
    struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    struct __user_cap_data_struct data[2] = {
        { .effective = (uint32_t)eff, .permitted = (uint32_t)prm, .inheritable = (uint32_t)inh },
        { .effective = (uint32_t)(eff >> 32), .permitted = (uint32_t)(prm >> 32), .inheritable = (uint32_t)(inh >> 32) },
    };
    if (syscall(SYS_capset, &hdr, data) < 0)
        return errno;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
        return errno;
    for (int cap = 0; cap < 64; cap++) {
        if ((amb & ((int64_t)1 << cap)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
            return errno;
    }
    return 0;
}

int op_no_new_privs(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    (void)p;
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ? errno : 0;
}

int op_umask(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    int64_t mask;
    int err = plan_i64(p, &mask);
    if (err)
        return err;
    umask((mode_t)mask & 0777);
    return 0;
}

/* As runc's fixStdioPermissions, before the ids change: stdio (a pty, pipes) is given to the process's uid,
 * keeping its group (devpts' tty gid), so a non-root process can reopen its own stdio; /dev/null is left
 * alone. Best effort as in runc: an owner or group not mapped in a user namespace (EINVAL, EPERM) is skipped. */
int op_fix_stdio(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    int64_t uid;
    int err = plan_i64(p, &uid);
    if (err)
        return err;
    for (int fd = 0; fd < 3; fd++) {
        struct stat st;
        if (fstat(fd, &st) < 0)
            return errno;
        if (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3)
            continue;
        if (fchown(fd, (uid_t)uid, st.st_gid) < 0 && errno != EINVAL && errno != EPERM)
            return errno;
    }
    return 0;
}
