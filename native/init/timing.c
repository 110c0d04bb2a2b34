/* --debug's phase times: the init only measures and sends numbers (native/PLAN.md, RECORD_TIMES). Each op's
 * duration, less the time it spent waiting for the controller, is kept here and sent in one message before
 * READY, so the controller reads one message, not one per op. Without RECORD_TIMES nothing here runs but the
 * `on` checks. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "init.h"

static struct {
    int on;
    int64_t waited;   /* in the current op, waiting for the controller */
    int64_t *op_ns;   /* per op index, for ops 0 .. done-1 */
    uint32_t ops;
    uint32_t done;
} times;

int monotonic_ns(int64_t *out)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
        return errno;
    *out = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    return 0;
}

int timing_on(void)
{
    return times.on;
}

void timing_waited(int64_t since)
{
    int64_t now = 0;
    if (times.on && monotonic_ns(&now) == 0)
        times.waited += now - since;
}

int timing_op_done(uint32_t index, int64_t started)
{
    int64_t now = 0;
    int err = monotonic_ns(&now);
    if (err)
        return err;
    if (index < times.ops) {
        times.op_ns[index] = now - started - times.waited;
        times.done = index + 1;
    }
    times.waited = 0;
    return 0;
}

/* OP_TIMES: op_index = how many ops follow, value = 0; then that many i64 nanoseconds, op 0 first. */
int timing_send(int sync_fd)
{
    if (!times.on)
        return 0;
    int err = channel_send(sync_fd, MSG_OP_TIMES, (int32_t)times.done, 0);
    return err ? err : write_all(sync_fd, times.op_ns, times.done * sizeof times.op_ns[0]);
}

/* The first op of a plan compiled with --debug: PLAN_READ carries the time the plan had been read (the end of
 * the spawn, for the controller); from here on every op's duration is kept. */
int op_record_times(struct init_ctx *ctx, struct plan *p)
{
    (void)p;
    int64_t now = 0;
    int err = monotonic_ns(&now);
    if (err)
        return err;
    times.op_ns = calloc(ctx->plan_ops ? ctx->plan_ops : 1, sizeof times.op_ns[0]);
    if (!times.op_ns)
        return ENOMEM;
    times.ops = ctx->plan_ops;
    times.on = 1;
    return channel_send(ctx->sync_fd, MSG_PLAN_READ, -1, now);
}
