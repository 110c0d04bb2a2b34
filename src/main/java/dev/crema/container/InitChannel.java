package dev.crema.container;

import dev.crema.sys.Fds;

/**
 * The controller's end of the sync socket to crema-init: the plan goes out, fixed 16-byte messages come back
 * (native/PLAN.md). Reads block; the init always answers or exits, and its exit closes the socket.
 */
final class InitChannel implements AutoCloseable {
    static final int IDMAP_REQUEST = 1, CHILD_PID = 2, READY = 3, ERROR = 4, CONSOLE = 5, SECCOMP_LISTENER = 6, FOUND = 7,
            OP_TIMES = 8, PLAN_READ = 9;

    /**
     * One message from the init; {@code type} 0 means the socket closed (the init exited). {@code fd} is the fd
     * that came with it (the pty master of CONSOLE), or -1.
     */
    record Message(int type, int opIndex, long value, int fd) {}

    private static final int ECONNRESET = 104;

    private final int fd;
    private boolean closed;

    InitChannel(int fd) {
        this.fd = fd;
    }

    void send(byte[] bytes) {
        Fds.writeFully(fd, bytes);
    }

    void ack() {
        Fds.writeFully(fd, new byte[] {1});
    }

    /** A length-prefixed string (u32 little-endian, then UTF-8). */
    void sendString(String s) {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] frame = new byte[4 + bytes.length];
        frame[0] = (byte) bytes.length;
        frame[1] = (byte) (bytes.length >>> 8);
        frame[2] = (byte) (bytes.length >>> 16);
        frame[3] = (byte) (bytes.length >>> 24);
        System.arraycopy(bytes, 0, frame, 4, bytes.length);
        Fds.writeFully(fd, frame);
    }

    Message receive() {
        byte[] buf = new byte[16];
        int done = 0;
        int passed = -1;
        while (done < 16) {
            int[] got;
            try {
                got = Fds.receiveWithFd(fd, buf, done, 16 - done);
            } catch (dev.crema.sys.SyscallException e) {
                // an init that exited with our last message unread resets the socket: it closed all the same
                if (e.errno() != ECONNRESET) throw e;
                break;
            }
            if (got[1] >= 0) passed = got[1];
            if (got[0] == 0) break;
            done += got[0];
        }
        if (done < 16) return new Message(0, -1, 0, passed);
        return new Message(int32(buf, 0), int32(buf, 4), (int32(buf, 8) & 0xffffffffL) | ((long) int32(buf, 12) << 32), passed);
    }

    /** {@code count} little-endian i64 values, the payload of OP_TIMES. */
    long[] receiveLongs(int count) {
        if (count < 0 || count > 1 << 20) throw new ContainerException("crema-init announced " + count + " op times");
        byte[] buf = new byte[count * 8];
        if (Fds.readFully(fd, buf, buf.length) < buf.length) {
            throw new ContainerException("crema-init exited while sending its op times");
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = (int32(buf, i * 8) & 0xffffffffL) | ((long) int32(buf, i * 8 + 4) << 32);
        }
        return values;
    }

    private static int int32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Fds.close(fd);
        }
    }
}
