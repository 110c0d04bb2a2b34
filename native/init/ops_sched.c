/* Process attributes that are one system call each: personality, I/O priority, scheduler, CPU affinity. */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init.h"

int op_personality(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    int64_t persona;
    int err = plan_i64(p, &persona);
    if (err)
        return err;
    return personality((unsigned long)persona) < 0 ? errno : 0;
}

int op_ioprio(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    int64_t value;
    int err = plan_i64(p, &value);
    if (err)
        return err;
    /* IOPRIO_WHO_PROCESS = 1, this process; value = class << 13 | level */
    return syscall(SYS_ioprio_set, 1, 0, (int)value) < 0 ? errno : 0;
}

/* The kernel's struct sched_attr (linux/sched/types.h), which glibc does not declare. */
struct sched_attr_v1 {
    uint32_t size;
    uint32_t sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime;
    uint64_t sched_deadline;
    uint64_t sched_period;
};

int op_scheduler(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    int64_t v[7];
    for (int i = 0; i < 7; i++) {
        int err = plan_i64(p, &v[i]);
        if (err)
            return err;
    }
    struct sched_attr_v1 attr = { .size = sizeof attr, .sched_policy = (uint32_t)v[0], .sched_nice = (int32_t)v[1],
                                  .sched_priority = (uint32_t)v[2], .sched_flags = (uint64_t)v[3],
                                  .sched_runtime = (uint64_t)v[4], .sched_deadline = (uint64_t)v[5],
                                  .sched_period = (uint64_t)v[6] };
    return syscall(SYS_sched_setattr, 0, &attr, 0) < 0 ? errno : 0;
}

int op_cpu_affinity(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    uint8_t *mask;
    size_t len;
    int err = plan_bytes(p, &mask, &len);
    if (err)
        return err;
    err = sched_setaffinity(0, len, (cpu_set_t *)mask) < 0 ? errno : 0;
    free(mask);
    return err;
}

int op_memory_policy(struct init_ctx *ctx, struct plan *p)
{
    (void)ctx;
    int64_t mode;
    uint8_t *nodes;
    size_t len;
    int err = plan_i64(p, &mode);
    if (err || (err = plan_bytes(p, &nodes, &len)))
        return err;
    /* the kernel reads maxnode - 1 bits (set_mempolicy(2), BUGS): one more than the mask holds */
    unsigned long maxnode = len ? len * 8 + 1 : 0;
    err = syscall(SYS_set_mempolicy, (int)mode, len ? (unsigned long *)nodes : NULL, maxnode) < 0 ? errno : 0;
    free(nodes);
    return err;
}
