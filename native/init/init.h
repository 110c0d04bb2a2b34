/* crema-init: shared declarations. The init executes the plan the Java controller compiled (native/PLAN.md);
 * it decides nothing. Every function returns 0 or a positive errno. */
#ifndef CREMA_INIT_H
#define CREMA_INIT_H

#include <stddef.h>
#include <stdint.h>

/* What the ops share while the plan runs. */
#define MAX_TREES 256
#define MAX_CGROUPS 32
#define MAX_OPEN_NS 8

struct init_ctx {
    int sync_fd;         /* socket to the controller; closed before exec */
    int root_fd;         /* O_PATH of the container rootfs, from BIND_ROOTFS; closed by PIVOT_ROOT/MOVE_ROOT */
    int fifo_fd;         /* O_PATH of the exec fifo, from OPEN_EXEC_FIFO */
    char *exec_path;     /* from RESOLVE_EXEC */
    char **exec_argv;
    char **exec_envp;
    char *hook_state[2];  /* state JSON for createContainer and startContainer hooks, sent after FORK */
    int trees[MAX_TREES]; /* detached idmapped mount trees from IDMAPPED_TREE, attached by MOUNT_TREE */
    int tree_count;
    int cgroup_fds[MAX_CGROUPS]; /* v1 "tasks" files of the container's cgroups, from OPEN_CGROUP */
    int cgroup_count;
    int cgroup2_fd;       /* the container's cgroup v2 directory for CLONE_INTO_CGROUP, or -1 */
    int ns_fds[MAX_OPEN_NS]; /* namespaces opened by OPEN_NS, joined later by SETNS_OPENED */
    int ns_count;
    int copy_source;      /* the directory a tmpfs covers, from OPEN_COVERED_DIR, or -1 */
    int chdir_refused;    /* a CHDIR "try" met a permission error: its retry applies */
    uint32_t plan_ops;    /* how many ops the plan has */
};

/* plan.c: a bounds-checked reader over the received plan. */
struct plan {
    const uint8_t *buf;
    size_t len;
    size_t pos;
};
int plan_u32(struct plan *p, uint32_t *out);
int plan_i64(struct plan *p, int64_t *out);
int plan_str(struct plan *p, char **out);             /* malloc'd, NUL-terminated */
int plan_list(struct plan *p, char ***out);           /* malloc'd, NULL-terminated */
int plan_bytes(struct plan *p, uint8_t **out, size_t *len); /* malloc'd binary field, may hold NULs */

/* channel.c: messages to the controller (16 bytes) and its one-byte acks. */
enum { MSG_IDMAP_REQUEST = 1, MSG_CHILD_PID = 2, MSG_READY = 3, MSG_ERROR = 4, MSG_CONSOLE = 5, MSG_SECCOMP_LISTENER = 6,
       MSG_FOUND = 7, MSG_OP_TIMES = 8, MSG_PLAN_READ = 9 };
struct stat;
int channel_send(int fd, int32_t type, int32_t op_index, int64_t value);
int write_all(int fd, const void *buf, size_t len);  /* retries short writes and EINTR */
int channel_wait_ack(int fd);
int channel_send_found(int fd, const struct stat *st); /* MSG_FOUND: a checked file's type and device */
int channel_read_plan(int fd, uint8_t **buf, size_t *len);
int channel_read_string(int fd, char **out);

/* timing.c: --debug's phase times, CLOCK_MONOTONIC (the clock the controller's System.nanoTime reads). */
int monotonic_ns(int64_t *out);
int timing_on(void);
void timing_waited(int64_t since);                /* time since `since` was spent waiting for the controller */
int timing_op_done(uint32_t index, int64_t started);
int timing_send(int sync_fd);                      /* OP_TIMES, before READY */

/* cloned_binary.c */
int ensure_sealed_copy(char **argv);

/* resolve.c: paths inside the rootfs, never leaving it. */
int open_in_root(int root_fd, const char *path, int flags);  /* fd, or -errno */
int make_in_root(int root_fd, const char *path, int last_is_file);
int mkdir_all_in_root(int root_fd, const char *path, unsigned mode);
int open_parent_in_root(int root_fd, const char *path, const char **base); /* fd, or -errno */

/* procfs.c */
int open_procfs_dir(const char *path);                      /* fd, or -errno */
int check_procfs(int fd);
int open_proc_file(int procfd, const char *rel, int flags);  /* fd of exactly <procfs>/rel, or -errno */
int write_proc_file(int procfd, const char *rel, const char *text);

/* One function per opcode; each reads its own fields from the plan. */
typedef int (*op_fn)(struct init_ctx *ctx, struct plan *p);
int op_setns(struct init_ctx *, struct plan *);
int op_unshare(struct init_ctx *, struct plan *);
int op_sync_idmap(struct init_ctx *, struct plan *);
int op_time_offsets(struct init_ctx *, struct plan *);
int op_fork(struct init_ctx *, struct plan *);
int op_setsid(struct init_ctx *, struct plan *);
int op_set_propagation(struct init_ctx *, struct plan *);
int op_bind_rootfs(struct init_ctx *, struct plan *);
int op_mount(struct init_ctx *, struct plan *);
int op_mknod(struct init_ctx *, struct plan *);
int op_symlink(struct init_ctx *, struct plan *);
int op_pivot_root(struct init_ctx *, struct plan *);
int op_move_root(struct init_ctx *, struct plan *);
int op_chroot(struct init_ctx *, struct plan *);
int op_open_covered_dir(struct init_ctx *, struct plan *);
int op_finish_tmpfs(struct init_ctx *, struct plan *);
int op_fix_stdio(struct init_ctx *, struct plan *);
int op_bind_tree(struct init_ctx *, struct plan *);
int op_mkdir_all(struct init_ctx *, struct plan *);
int op_check_procfs(struct init_ctx *, struct plan *);
int op_mask_path(struct init_ctx *, struct plan *);
int op_readonly_path(struct init_ctx *, struct plan *);
int op_remount_ro(struct init_ctx *, struct plan *);
int op_sethostname(struct init_ctx *, struct plan *);
int op_setdomainname(struct init_ctx *, struct plan *);
int op_write_proc(struct init_ctx *, struct plan *);
int op_bounding_set(struct init_ctx *, struct plan *);
int op_set_ids(struct init_ctx *, struct plan *);
int op_set_caps(struct init_ctx *, struct plan *);
int op_no_new_privs(struct init_ctx *, struct plan *);
int op_umask(struct init_ctx *, struct plan *);
int op_chdir(struct init_ctx *, struct plan *);
int op_resolve_exec(struct init_ctx *, struct plan *);
int op_open_exec_fifo(struct init_ctx *, struct plan *);
int op_wait_start_exec(struct init_ctx *, struct plan *);
int op_loopback_up(struct init_ctx *, struct plan *);
int op_exec_now(struct init_ctx *, struct plan *);
int op_load_seccomp(struct init_ctx *, struct plan *);
int op_console(struct init_ctx *, struct plan *);
int op_personality(struct init_ctx *, struct plan *);
int op_ioprio(struct init_ctx *, struct plan *);
int op_scheduler(struct init_ctx *, struct plan *);
int op_cpu_affinity(struct init_ctx *, struct plan *);
int op_run_hook(struct init_ctx *, struct plan *);
int op_idmapped_tree(struct init_ctx *, struct plan *);
int op_mount_tree(struct init_ctx *, struct plan *);
int op_mount_setattr(struct init_ctx *, struct plan *);
int op_memory_policy(struct init_ctx *, struct plan *);
int op_exec_label(struct init_ctx *, struct plan *);
int op_open_cgroup(struct init_ctx *, struct plan *);
int op_open_ns(struct init_ctx *, struct plan *);
int op_setns_opened(struct init_ctx *, struct plan *);
int op_detach_mount(struct init_ctx *, struct plan *);
int op_record_times(struct init_ctx *, struct plan *);

#define FD_PATH_MAX 64
void fd_path(char out[FD_PATH_MAX], int fd);               /* "/proc/self/fd/N" */
/* Where fd is, as <procfd>/self/fd/N says (procfd AT_FDCWD: /proc/self/fd/N as our root sees it). */
int fd_link(int procfd, int fd, char *out, size_t size);

#endif
