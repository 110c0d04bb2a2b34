package dev.crema.systemd;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The D-Bus wire format (the specification's "Marshaling" section), for the few types systemd's unit calls use.
 * Values are plain Java objects chosen by the signature: s, o, g as String; b as Boolean; y as Byte; u, i as
 * Integer; t, x as Long; ay as byte[]; other arrays as List; structs and dict entries as Object[]; v as
 * {@link Variant}. Written little-endian; read in either byte order, as the message's first byte says.
 */
public final class DBusWire {
    private DBusWire() {}

    /** A variant: the signature of one complete type and its value. */
    public record Variant(String signature, Object value) {}

    /** Builds a message body (or header) with D-Bus alignment, counted from the start of the message. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int base;

        /** {@code base}: where in the message this buffer starts (a body starts 8-aligned, so 0 works for it). */
        Writer(int base) {
            this.base = base;
        }

        int position() {
            return base + out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        void pad(int alignment) {
            while (position() % alignment != 0) out.write(0);
        }

        void writeByte(int b) {
            out.write(b);
        }

        void writeUint32(long v) {
            pad(4);
            for (int i = 0; i < 4; i++) out.write((int) (v >>> (8 * i)) & 0xff);
        }

        void writeUint64(long v) {
            pad(8);
            for (int i = 0; i < 8; i++) out.write((int) (v >>> (8 * i)) & 0xff);
        }

        void writeString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            writeUint32(b.length);
            out.write(b, 0, b.length);
            out.write(0);
        }

        void writeSignature(String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            out.write(b.length);
            out.write(b, 0, b.length);
            out.write(0);
        }

        /** Writes the values of a signature of complete types, one value each. */
        void write(String signature, Object... values) {
            int at = 0;
            for (Object value : values) {
                int end = endOfType(signature, at);
                writeValue(signature.substring(at, end), value);
                at = end;
            }
            if (at != signature.length()) throw new IllegalArgumentException("D-Bus signature " + signature + " has more types than values");
        }

        private void writeValue(String type, Object value) {
            switch (type.charAt(0)) {
                case 'y' -> writeByte((Byte) value);
                case 'b' -> writeUint32(((Boolean) value) ? 1 : 0);
                case 'u', 'i' -> writeUint32((Integer) value);
                case 't', 'x' -> writeUint64((Long) value);
                case 's', 'o' -> writeString((String) value);
                case 'g' -> writeSignature((String) value);
                case 'v' -> {
                    Variant v = (Variant) value;
                    writeSignature(v.signature());
                    writeValue(v.signature(), v.value());
                }
                case 'a' -> writeArray(type.substring(1), value);
                case '(', '{' -> {
                    pad(8);
                    Object[] fields = (Object[]) value;
                    String inner = type.substring(1, type.length() - 1);
                    write(inner, fields);
                }
                default -> throw new IllegalArgumentException("D-Bus type " + type + " is not supported here");
            }
        }

        private void writeArray(String element, Object value) {
            writeUint32(0);
            int lengthAt = out.size() - 4;
            pad(alignment(element.charAt(0)));
            int start = out.size();
            if (value instanceof byte[] bytes) {
                out.write(bytes, 0, bytes.length);
            } else {
                for (Object item : (List<?>) value) writeValue(element, item);
            }
            int length = out.size() - start;
            byte[] all = out.toByteArray();
            for (int i = 0; i < 4; i++) all[lengthAt + i] = (byte) (length >>> (8 * i));
            out.reset();
            out.write(all, 0, all.length);
        }
    }

    /** Reads values from a message buffer, positions counted from the start of the message. */
    static final class Reader {
        private final ByteBuffer buf;

        Reader(byte[] message, boolean bigEndian) {
            this.buf = ByteBuffer.wrap(message).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        }

        void seek(int position) {
            buf.position(position);
        }

        int position() {
            return buf.position();
        }

        void align(int alignment) {
            while (buf.position() % alignment != 0) buf.get();
        }

        /** Reads the values of a signature of complete types. */
        List<Object> read(String signature) {
            List<Object> values = new ArrayList<>();
            int at = 0;
            while (at < signature.length()) {
                int end = endOfType(signature, at);
                values.add(readValue(signature.substring(at, end)));
                at = end;
            }
            return values;
        }

        Object readValue(String type) {
            switch (type.charAt(0)) {
                case 'y':
                    return buf.get();
                case 'b':
                    align(4);
                    return buf.getInt() != 0;
                case 'u', 'i', 'h':
                    align(4);
                    return buf.getInt();
                case 'n', 'q':
                    align(2);
                    return (int) buf.getShort();
                case 't', 'x':
                    align(8);
                    return buf.getLong();
                case 'd':
                    align(8);
                    return Double.longBitsToDouble(buf.getLong());
                case 's', 'o': {
                    align(4);
                    int length = buf.getInt();
                    String s = new String(buf.array(), buf.position(), length, StandardCharsets.UTF_8);
                    buf.position(buf.position() + length + 1);
                    return s;
                }
                case 'g':
                    return readSignature();
                case 'v': {
                    String signature = readSignature();
                    return new Variant(signature, readValue(signature));
                }
                case 'a': {
                    align(4);
                    int length = buf.getInt();
                    String element = type.substring(1);
                    align(alignment(element.charAt(0)));
                    int end = buf.position() + length;
                    List<Object> items = new ArrayList<>();
                    while (buf.position() < end) items.add(readValue(element));
                    return items;
                }
                case '(', '{': {
                    align(8);
                    return read(type.substring(1, type.length() - 1)).toArray();
                }
                default:
                    throw new IllegalArgumentException("D-Bus type " + type + " is not supported here");
            }
        }

        private String readSignature() {
            int length = buf.get() & 0xff;
            String s = new String(buf.array(), buf.position(), length, StandardCharsets.US_ASCII);
            buf.position(buf.position() + length + 1);
            return s;
        }
    }

    /** Where the complete type starting at {@code at} ends. */
    static int endOfType(String signature, int at) {
        char c = signature.charAt(at);
        if (c == 'a') return endOfType(signature, at + 1);
        if (c == '(' || c == '{') {
            char close = c == '(' ? ')' : '}';
            int i = at + 1;
            while (signature.charAt(i) != close) i = endOfType(signature, i);
            return i + 1;
        }
        return at + 1;
    }

    static int alignment(char type) {
        return switch (type) {
            case 'y', 'g', 'v' -> 1;
            case 'n', 'q' -> 2;
            case 't', 'x', 'd', '(', '{' -> 8;
            default -> 4;
        };
    }
}
