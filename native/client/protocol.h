/* The crema server protocol, client side: frames of an 8-byte header (payload length u32, type u16, fd count
 * u16, little-endian) and a payload; fds ride on the header's bytes (SCM_RIGHTS). Strings are a u32 length and
 * bytes. The Java side is src/main/java/dev/crema/server/Frame.java; the two change together (docs/server.md). */
#ifndef CREMA_CLIENT_PROTOCOL_H
#define CREMA_CLIENT_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

enum frame_type {
    F_HELLO = 1,
    F_CONTROL = 2,
    F_ACCEPT = 3,
    F_REFUSE = 4,
    F_SPAWN = 5,
    F_WAIT = 6,
    F_SUBREAPER = 7,
    F_EXIT = 8,
    F_REPLY = 9,
    F_SIGNAL = 10,
    F_STATUS = 11,
};

/* SPAWN sources that are actions, not fds (SPAWN_CLOSE, SPAWN_CLOSE_FROM): native/spawn/spawn.h */

#define MAX_FRAME_FDS 64
#define MAX_PAYLOAD (16u << 20)

struct frame {
    unsigned type;
    uint8_t *payload;
    size_t len;
    int fds[MAX_FRAME_FDS];
    unsigned nfds;
};

/* a growing payload */
struct buf {
    uint8_t *data;
    size_t len, cap;
};

int buf_u32(struct buf *b, uint32_t v);
int buf_str(struct buf *b, const char *s);
int buf_strs(struct buf *b, char *const *strs, size_t n);

/* a payload being read: every get fails (returns -1) past the end */
struct reader {
    const uint8_t *p;
    size_t left;
};

int get_u32(struct reader *r, uint32_t *v);
/* a NUL-terminated copy, to free */
int get_str(struct reader *r, char **s);

/* sends one frame; 0 or -1 with errno */
int frame_send(int sock, unsigned type, const struct buf *payload, const int *fds, unsigned nfds);
/* receives one frame into f (payload malloc'ed); 1 read, 0 at end of file, -1 error */
int frame_receive(int sock, struct frame *f);
void frame_free(struct frame *f);

#endif
