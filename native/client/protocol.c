/* Frames over the server's unix stream socket: see protocol.h. Moves bytes and fds, decides nothing. */
#include "protocol.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int buf_room(struct buf *b, size_t n)
{
    if (b->cap - b->len >= n)
        return 0;
    size_t cap = b->cap ? b->cap * 2 : 4096;
    while (cap - b->len < n)
        cap *= 2;
    uint8_t *data = realloc(b->data, cap);
    if (!data)
        return -1;
    b->data = data;
    b->cap = cap;
    return 0;
}

int buf_u32(struct buf *b, uint32_t v)
{
    if (buf_room(b, 4) < 0)
        return -1;
    for (int i = 0; i < 4; i++)
        b->data[b->len++] = (uint8_t)(v >> (8 * i));
    return 0;
}

int buf_str(struct buf *b, const char *s)
{
    size_t n = strlen(s);
    if (buf_u32(b, (uint32_t)n) < 0 || buf_room(b, n) < 0)
        return -1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}

int buf_strs(struct buf *b, char *const *strs, size_t n)
{
    if (buf_u32(b, (uint32_t)n) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (buf_str(b, strs[i]) < 0)
            return -1;
    }
    return 0;
}

int get_u32(struct reader *r, uint32_t *v)
{
    if (r->left < 4)
        return -1;
    *v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
    r->p += 4;
    r->left -= 4;
    return 0;
}

int get_str(struct reader *r, char **s)
{
    uint32_t n;
    if (get_u32(r, &n) < 0 || n > r->left)
        return -1;
    *s = malloc((size_t)n + 1);
    if (!*s)
        return -1;
    memcpy(*s, r->p, n);
    (*s)[n] = 0;
    r->p += n;
    r->left -= n;
    return 0;
}

int frame_send(int sock, unsigned type, const struct buf *payload, const int *fds, unsigned nfds)
{
    size_t len = payload ? payload->len : 0;
    uint8_t header[8] = {
        (uint8_t)len, (uint8_t)(len >> 8), (uint8_t)(len >> 16), (uint8_t)(len >> 24),
        (uint8_t)type, (uint8_t)(type >> 8), (uint8_t)nfds, (uint8_t)(nfds >> 8),
    };
    struct iovec iov[2] = { { header, sizeof header }, { payload ? payload->data : NULL, len } };
    char control[CMSG_SPACE(sizeof(int) * MAX_FRAME_FDS)];
    memset(control, 0, sizeof control);
    struct msghdr mh = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };
    if (nfds > 0) {
        mh.msg_control = control;
        mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
        struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
    }
    size_t total = sizeof header + len, done = 0;
    while (done < total) {
        ssize_t n = sendmsg(sock, &mh, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        done += (size_t)n;
        /* what is left goes without the fds, which went with the first bytes */
        mh.msg_control = NULL;
        mh.msg_controllen = 0;
        while (n > 0) {
            size_t take = (size_t)n < mh.msg_iov->iov_len ? (size_t)n : mh.msg_iov->iov_len;
            mh.msg_iov->iov_base = (uint8_t *)mh.msg_iov->iov_base + take;
            mh.msg_iov->iov_len -= take;
            n -= (ssize_t)take;
            if (mh.msg_iov->iov_len == 0 && mh.msg_iovlen > 1) {
                mh.msg_iov++;
                mh.msg_iovlen--;
            }
        }
    }
    return 0;
}

/* reads exactly len bytes, collecting fds; 1, 0 at end of file before any byte, -1 error */
static int read_exact(int sock, uint8_t *p, size_t len, struct frame *f)
{
    size_t done = 0;
    while (done < len) {
        char control[CMSG_SPACE(sizeof(int) * MAX_FRAME_FDS)];
        struct iovec iov = { p + done, len - done };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
        ssize_t n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
                continue;
            size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (size_t i = 0; i < k; i++) {
                int fd;
                memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
                if (f->nfds < MAX_FRAME_FDS)
                    f->fds[f->nfds++] = fd;
                else
                    close(fd);
            }
        }
        if (n == 0) {
            if (done == 0)
                return 0;
            errno = EPROTO;
            return -1;
        }
        done += (size_t)n;
    }
    return 1;
}

int frame_receive(int sock, struct frame *f)
{
    uint8_t header[8];
    memset(f, 0, sizeof *f);
    int r = read_exact(sock, header, sizeof header, f);
    if (r <= 0)
        return r;
    f->len = (size_t)header[0] | (size_t)header[1] << 8 | (size_t)header[2] << 16 | (size_t)header[3] << 24;
    f->type = (unsigned)header[4] | (unsigned)header[5] << 8;
    unsigned announced = (unsigned)header[6] | (unsigned)header[7] << 8;
    if (f->len > MAX_PAYLOAD || announced != f->nfds) {
        errno = EPROTO;
        frame_free(f);
        return -1;
    }
    f->payload = malloc(f->len ? f->len : 1);
    if (!f->payload) {
        frame_free(f);
        return -1;
    }
    if (f->len && read_exact(sock, f->payload, f->len, f) != 1) {
        if (errno != EPROTO && errno == 0)
            errno = EPROTO;
        frame_free(f);
        return -1;
    }
    return 1;
}

void frame_free(struct frame *f)
{
    free(f->payload);
    f->payload = NULL;
    for (unsigned i = 0; i < f->nfds; i++)
        close(f->fds[i]);
    f->nfds = 0;
}
