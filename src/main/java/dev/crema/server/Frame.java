package dev.crema.server;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One message between the crema client (native/client) and the server: an 8-byte header (payload length u32,
 * type u16, fd count u16, little-endian) and the payload, with the fds attached to the header's bytes
 * (SCM_RIGHTS). Strings are a u32 length and bytes. docs/server.md lists the types; native/client/protocol.h is
 * the other side of this contract and changes with it.
 */
record Frame(int type, byte[] payload, int[] fds) {
    static final int HELLO = 1, CONTROL = 2, ACCEPT = 3, REFUSE = 4, SPAWN = 5, WAIT = 6, SUBREAPER = 7, EXIT = 8,
            REPLY = 9, SIGNAL = 10, STATUS = 11;
    static final int HEADER = 8;
    static final int MAX_PAYLOAD = 16 << 20;
    private static final int[] NO_FDS = new int[0];

    static Frame of(int type, byte[] payload) {
        return new Frame(type, payload, NO_FDS);
    }

    /** Builds a payload. */
    static final class Writer {
        private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

        Writer putInt(int v) {
            room(4);
            buf.putInt(v);
            return this;
        }

        Writer putString(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            putInt(bytes.length);
            room(bytes.length);
            buf.put(bytes);
            return this;
        }

        Writer putStrings(String[] strings) {
            putInt(strings.length);
            for (String s : strings) putString(s);
            return this;
        }

        byte[] bytes() {
            byte[] out = new byte[buf.position()];
            buf.flip();
            buf.get(out);
            return out;
        }

        private void room(int n) {
            if (buf.remaining() >= n) return;
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n)).order(ByteOrder.LITTLE_ENDIAN);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    /** Reads a payload; a short or malformed one is a ProtocolException. */
    static final class Reader {
        private final ByteBuffer buf;

        Reader(byte[] payload) {
            buf = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        }

        int getInt() {
            if (buf.remaining() < 4) throw new ProtocolException("a message ended early");
            return buf.getInt();
        }

        String getString() {
            int n = getInt();
            if (n < 0 || n > buf.remaining()) throw new ProtocolException("a string runs past the end of its message");
            byte[] bytes = new byte[n];
            buf.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String[] getStrings() {
            int n = getInt();
            if (n < 0 || n > buf.remaining() / 4) throw new ProtocolException("a string list runs past the end of its message");
            String[] out = new String[n];
            for (int i = 0; i < n; i++) out[i] = getString();
            return out;
        }
    }
}
