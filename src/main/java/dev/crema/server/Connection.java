package dev.crema.server;

import dev.crema.sys.Fds;
import dev.crema.sys.Sockets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * A connected stream socket that carries {@link Frame}s. Sending is safe from several threads (the command
 * and the server's signal relay); receiving is for one thread. fds that arrive are queued in order and handed
 * to the frames that announce them.
 */
final class Connection implements AutoCloseable {
    private final int fd;
    private final ArrayDeque<Integer> arrivedFds = new ArrayDeque<>();
    private final byte[] header = new byte[Frame.HEADER];
    private boolean closed;

    Connection(int fd) {
        this.fd = fd;
    }

    int fd() {
        return fd;
    }

    synchronized void send(Frame frame) {
        byte[] bytes = new byte[Frame.HEADER + frame.payload().length];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(frame.payload().length)
                .putShort((short) frame.type()).putShort((short) frame.fds().length).put(frame.payload());
        Sockets.sendWithFds(fd, bytes, 0, bytes.length, frame.fds());
    }

    /** The next frame, or null at end of file (the peer closed or died). */
    Frame receive() {
        if (!readFully(header, header.length, true)) return null;
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int length = h.getInt();
        int type = h.getShort() & 0xffff;
        int nfds = h.getShort() & 0xffff;
        if (length < 0 || length > Frame.MAX_PAYLOAD) throw new ProtocolException("a message of " + length + " bytes");
        byte[] payload = new byte[length];
        if (!readFully(payload, length, false)) throw new ProtocolException("the peer went away in the middle of a message");
        if (arrivedFds.size() < nfds) throw new ProtocolException("a message announced " + nfds + " fds and came with " + arrivedFds.size());
        int[] fds = new int[nfds];
        for (int i = 0; i < nfds; i++) fds[i] = arrivedFds.poll();
        return new Frame(type, payload, fds);
    }

    private boolean readFully(byte[] buf, int len, boolean eofAllowed) {
        int done = 0;
        while (done < len) {
            int[] got = Sockets.receiveWithFds(fd, buf, done, len - done);
            for (int i = 0; i < got[1]; i++) arrivedFds.add(got[2 + i]);
            if (got[0] == 0) {
                if (done == 0 && eofAllowed) return false;
                throw new ProtocolException("the peer went away in the middle of a message");
            }
            done += got[0];
        }
        return true;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (Integer stray : arrivedFds) Fds.close(stray);
        arrivedFds.clear();
        Fds.close(fd);
    }

    /** Wakes a thread blocked in {@link #receive()} on this connection. */
    void shutdown() {
        try {
            Sockets.shutdown(fd);
        } catch (RuntimeException ignored) {
            // already closed
        }
    }
}
