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

int plan_str(struct plan *p, char **out)
{
    uint32_t n;
    int err = plan_u32(p, &n);
    if (err)
        return err;
    if (p->len - p->pos < n)
        return EINVAL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return ENOMEM;
    memcpy(s, p->buf + p->pos, n);
    s[n] = '\0';
    if (strlen(s) != n) { /* a NUL inside would silently shorten a path */
        free(s);
        return EINVAL;
    }
    p->pos += n;
    *out = s;
    return 0;
}

int plan_bytes(struct plan *p, uint8_t **out, size_t *len)
{
    uint32_t n;
    int err = plan_u32(p, &n);
    if (err)
        return err;
    if (p->len - p->pos < n)
        return EINVAL;
    uint8_t *b = malloc(n ? n : 1);
    if (!b)
        return ENOMEM;
    memcpy(b, p->buf + p->pos, n);
    p->pos += n;
    *out = b;
    *len = n;
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
