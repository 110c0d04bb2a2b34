package dev.crema.plan;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The field encodings of native/PLAN.md: u32, i64 (little-endian), length-prefixed strings and string lists. */
public final class PlanWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);

    void u32(int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    void i64(long v) {
        u32((int) v);
        u32((int) (v >>> 32));
    }

    void str(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("contains a NUL character, which no system call can take");
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        u32(bytes.length);
        out.writeBytes(bytes);
    }

    void list(List<String> items) {
        u32(items.size());
        for (String item : items) str(item);
    }

    /** The "b" field: length-prefixed binary. */
    void blob(byte[] bytes) {
        u32(bytes.length);
        out.writeBytes(bytes);
    }

    void bytes(byte[] bytes) {
        out.writeBytes(bytes);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
