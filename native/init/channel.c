/* The sync socket: fixed 16-byte messages to the controller, one-byte acks back, and the plan itself. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "init.h"

int write_all(int fd, const void *buf, size_t len)
{
    const uint8_t *b = buf;
    while (len > 0) {
        ssize_t n = write(fd, b, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        b += n;
        len -= (size_t)n;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
    uint8_t *b = buf;
    while (len > 0) {
        ssize_t n = read(fd, b, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        if (n == 0)
            return EPIPE; /* the controller went away */
        b += n;
        len -= (size_t)n;
    }
    return 0;
}

int channel_send(int fd, int32_t type, int32_t op_index, int64_t value)
{
    uint8_t msg[16];
    memcpy(msg, &type, 4);
    memcpy(msg + 4, &op_index, 4);
    memcpy(msg + 8, &value, 8);
    return write_all(fd, msg, sizeof msg);
}

/* What a checked file really was, so the controller can say it (sent just before the ERROR it explains). */
int channel_send_found(int fd, const struct stat *st)
{
    uint64_t value = (uint64_t)st->st_mode | (uint64_t)(major(st->st_rdev) & 0xfff) << 32
                     | (uint64_t)(minor(st->st_rdev) & 0xfffff) << 44;
    return channel_send(fd, MSG_FOUND, -1, (int64_t)value);
}

int channel_wait_ack(int fd)
{
    uint8_t ack;
    int64_t since = 0;
    if (timing_on())
        monotonic_ns(&since); /* a failure leaves 0: the wait is then not subtracted from the op, no harm */
    int err = read_all(fd, &ack, 1);
    if (timing_on() && since)
        timing_waited(since);
    if (err)
        return err;
    return ack == 1 ? 0 : EPROTO;
}

/* u32 length, then that many bytes, as a NUL-terminated string. */
int channel_read_string(int fd, char **out)
{
    uint32_t n;
    int64_t since = 0;
    if (timing_on())
        monotonic_ns(&since);
    int err = read_all(fd, &n, 4);
    if (timing_on() && since)
        timing_waited(since);
    if (err)
        return err;
    if (n > (1u << 20))
        return E2BIG;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return ENOMEM;
    err = read_all(fd, s, n);
    if (err) {
        free(s);
        return err;
    }
    s[n] = '\0';
    *out = s;
    return 0;
}

#define PLAN_MAX (64u * 1024u * 1024u)

int channel_read_plan(int fd, uint8_t **buf, size_t *len)
{
    uint32_t n;
    int err = read_all(fd, &n, 4);
    if (err)
        return err;
    if (n > PLAN_MAX)
        return E2BIG;
    uint8_t *b = malloc(n ? n : 1);
    if (!b)
        return ENOMEM;
    err = read_all(fd, b, n);
    if (err) {
        free(b);
        return err;
    }
    *buf = b;
    *len = n;
    return 0;
}
