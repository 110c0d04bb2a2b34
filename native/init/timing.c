/* --debug's phase times: the init only measures and sends numbers (native/PLAN.md, RECORD_TIMES). */
#include <errno.h>
#include <time.h>

#include "init.h"

int monotonic_ns(int64_t *out)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
        return errno;
    *out = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    return 0;
}

/* The first op of a plan compiled with --debug: PLAN_READ carries the time the plan had been read (the end of
 * the spawn, for the controller), and from here on every op's duration follows it as OP_TIME. */
int op_record_times(struct init_ctx *ctx, struct plan *p)
{
    (void)p;
    int64_t now = 0;
    int err = monotonic_ns(&now);
    if (err)
        return err;
    ctx->record_times = 1;
    return channel_send(ctx->sync_fd, MSG_PLAN_READ, -1, now);
}
