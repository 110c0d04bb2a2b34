/* Reading the plan: every length is checked against what was received; nothing is trusted. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "init.h"

int plan_u32(struct plan *p, uint32_t *out)
{
    if (p->len - p->pos < 4)
        return EINVAL;
    memcpy(out, p->buf + p->pos, 4);
    p->pos += 4;
    return 0;
}

int plan_i64(struct plan *p, int64_t *out)
{
    if (p->len - p->pos < 8)
        return EINVAL;
    memcpy(out, p->buf + p->pos, 8);
    p->pos += 8;
    return 0;
}

/* A length-prefixed field, copied with a NUL after it (so strings can use it too). */
int plan_bytes(struct plan *p, uint8_t **out, size_t *len)
{
    uint32_t n;
    int err = plan_u32(p, &n);
    if (err)
        return err;
    if (p->len - p->pos < n)
        return EINVAL;
    uint8_t *b = malloc((size_t)n + 1);
    if (!b)
        return ENOMEM;
    memcpy(b, p->buf + p->pos, n);
    b[n] = 0;
    p->pos += n;
    *out = b;
    *len = n;
    return 0;
}

int plan_str(struct plan *p, char **out)
{
    uint8_t *b;
    size_t n;
    int err = plan_bytes(p, &b, &n);
    if (err)
        return err;
    if (strlen((char *)b) != n) { /* a NUL inside would silently shorten a path */
        free(b);
        return EINVAL;
    }
    *out = (char *)b;
    return 0;
}

int plan_list(struct plan *p, char ***out)
{
    uint32_t n;
    int err = plan_u32(p, &n);
    if (err)
        return err;
    if (n > p->len) /* each item takes at least 4 bytes: a cheap bound before allocating */
        return EINVAL;
    char **items = calloc((size_t)n + 1, sizeof(char *));
    if (!items)
        return ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        err = plan_str(p, &items[i]);
        if (err)
            return err;
    }
    *out = items;
    return 0;
}
