/* crema-init: runs from a sealed memfd copy, takes the plan from the controller over the sync socket
 * (argv[1] is its fd) and executes it op by op. A failing op is reported as (index, errno) and the init exits;
 * the controller turns that into a message naming the config field. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

static const op_fn OPS[] = {
    [1] = op_setns,          [2] = op_unshare,        [3] = op_sync_idmap,    [4] = op_time_offsets,
    [5] = op_fork,           [6] = op_setsid,         [7] = op_set_propagation, [8] = op_bind_rootfs,
    [9] = op_mount,          [10] = op_mknod,         [11] = op_symlink,      [12] = op_pivot_root,
    [13] = op_move_root,     [14] = op_mask_path,     [15] = op_readonly_path, [16] = op_remount_ro,
    [17] = op_sethostname,   [18] = op_setdomainname, [19] = op_write_proc,   [20] = op_bounding_set,
    [21] = op_set_ids,       [22] = op_set_caps,      [23] = op_no_new_privs, [24] = op_umask,
    [25] = op_chdir,         [26] = op_resolve_exec,  [27] = op_open_exec_fifo, [28] = op_wait_start_exec,
    [29] = op_loopback_up,   [30] = op_exec_now,      [31] = op_load_seccomp,  [32] = op_console,
    [33] = op_personality,   [34] = op_ioprio,        [35] = op_scheduler,    [36] = op_cpu_affinity,
    [37] = op_run_hook,      [38] = op_idmapped_tree, [39] = op_mount_tree,   [40] = op_mount_setattr,
    [41] = op_memory_policy, [42] = op_exec_label,
    [43] = op_open_cgroup,   [44] = op_open_ns,       [45] = op_setns_opened,  [46] = op_detach_mount,
    [50] = op_chroot,        [51] = op_open_covered_dir, [52] = op_finish_tmpfs,
    [53] = op_fix_stdio,     [54] = op_bind_tree,     [55] = op_mkdir_all,    [56] = op_check_procfs,
    [57] = op_record_times,
};
#define OP_COUNT (sizeof OPS / sizeof OPS[0])

/* glibc's posix_spawn leaves its own signals (32, 33) ignored in the child; the container must start with
 * every signal at its default and none blocked. */
static int reset_signals(void)
{
    sigset_t none;
    sigemptyset(&none);
    if (sigprocmask(SIG_SETMASK, &none, NULL) < 0)
        return errno;
    /* the raw call: glibc's sigaction refuses to touch the two signals it reserves, which is the point here */
    struct { void (*handler)(int); unsigned long flags; void (*restorer)(void); uint64_t mask; } dfl = { SIG_DFL, 0, NULL, 0 };
    for (int sig = 1; sig <= 64; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP)
            continue;
        if (syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask) < 0)
            return errno;
    }
    return 0;
}

static void fail(int sync_fd, int32_t index, int err)
{
    if (sync_fd >= 0)
        channel_send(sync_fd, MSG_ERROR, index, err);
    else /* after start there is no controller to tell: the engine reads our stderr */
        fprintf(stderr, "crema-init: step %d failed: %s\n", index, strerror(err));
    _exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 2)
        _exit(2);
    char *end;
    long sync = strtol(argv[1], &end, 10);
    if (*end || sync < 3 || sync > 1 << 20)
        _exit(2);
    int sync_fd = (int)sync;

    int err = ensure_sealed_copy(argv);
    if (err)
        fail(sync_fd, -1, err);

    /* CVE-2024-21626: nothing of the host survives but stdio and the fds the caller asked to preserve
     * (3 .. sync_fd-1). Everything above the sync socket is closed now, not only at exec: until then a
     * chdir or mount source through /proc/self/fd/N could reach it. The sync socket is closed before exec. */
    if (syscall(SYS_close_range, (unsigned)sync_fd + 1, ~0U, 0) < 0
        || syscall(SYS_close_range, (unsigned)sync_fd, (unsigned)sync_fd, CLOSE_RANGE_CLOEXEC) < 0)
        fail(sync_fd, -1, errno);
    /* Not dumpable while the plan runs (as runc's nsexec): /proc/PID/fd of this process and of the container
     * process forked from it (which inherits the flag) is then closed to anyone without CAP_SYS_PTRACE in the
     * host's user namespace, so a process of a pid namespace we join cannot use what we hold for a moment.
     * EXEC sets it back just before execve. */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
        fail(sync_fd, -1, errno);
    err = reset_signals();
    if (err)
        fail(sync_fd, -1, err);
    umask(0); /* device nodes and directories get exactly the modes the plan gives */

    struct init_ctx ctx = { .sync_fd = sync_fd, .root_fd = -1, .fifo_fd = -1, .cgroup2_fd = -1, .copy_source = -1 };
    uint8_t *buf;
    size_t len;
    err = channel_read_plan(sync_fd, &buf, &len);
    if (err)
        fail(sync_fd, -1, err);
    struct plan p = { .buf = buf, .len = len, .pos = 0 };
    uint32_t magic, count;
    if (plan_u32(&p, &magic) || magic != 0x31505243u || plan_u32(&p, &count))
        fail(sync_fd, -1, EPROTO);
    ctx.plan_ops = count;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t code;
        if (plan_u32(&p, &code) || code >= OP_COUNT || !OPS[code])
            fail(ctx.sync_fd, (int32_t)i, EPROTO);
        int64_t started = 0;
        if (timing_on() && (err = monotonic_ns(&started)))
            fail(ctx.sync_fd, (int32_t)i, err);
        err = OPS[code](&ctx, &p);
        if (err)
            fail(ctx.sync_fd, (int32_t)i, err);
        if (timing_on() && (err = timing_op_done(i, started)))
            fail(ctx.sync_fd, (int32_t)i, err);
    }
    fail(ctx.sync_fd, (int32_t)count, EPROTO); /* a plan must end in EXEC */
    return 1;
}
