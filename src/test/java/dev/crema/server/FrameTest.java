package dev.crema.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameTest {
    @Test
    void payloadReadsBackAsWritten() {
        byte[] payload = new Frame.Writer().putString("0.1.0 abc").putStrings(new String[] {"--root", "/run/x", "state", "é"})
                .putInt(-1).putInt(18).bytes();
        Frame.Reader r = new Frame.Reader(payload);
        assertEquals("0.1.0 abc", r.getString());
        assertArrayEquals(new String[] {"--root", "/run/x", "state", "é"}, r.getStrings());
        assertEquals(-1, r.getInt());
        assertEquals(18, r.getInt());
    }

    @Test
    void integersAreLittleEndianAsTheClientWritesThem() {
        assertArrayEquals(new byte[] {2, 0, 0, 0, 'h', 'i'}, new Frame.Writer().putString("hi").bytes());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, new Frame.Writer().putInt(0x04030201).bytes());
    }

    @Test
    void aTruncatedPayloadIsAProtocolError() {
        byte[] payload = new Frame.Writer().putString("hello").bytes();
        byte[] cut = java.util.Arrays.copyOf(payload, payload.length - 1);
        assertThrows(ProtocolException.class, () -> new Frame.Reader(cut).getString());
        assertThrows(ProtocolException.class, () -> new Frame.Reader(new byte[] {1, 0}).getInt());
        byte[] hugeList = new Frame.Writer().putInt(1 << 30).bytes();
        assertThrows(ProtocolException.class, () -> new Frame.Reader(hugeList).getStrings());
    }

    @Test
    void theLocaleGivesTheCharsetAJvmWouldPrintWith() {
        assertEquals(StandardCharsets.US_ASCII, LocaleCharset.of(Map.of()));
        assertEquals(StandardCharsets.US_ASCII, LocaleCharset.of(Map.of("LANG", "C")));
        assertEquals(StandardCharsets.UTF_8, LocaleCharset.of(Map.of("LANG", "C.UTF-8")));
        assertEquals(StandardCharsets.UTF_8, LocaleCharset.of(Map.of("LANG", "C", "LC_ALL", "en_US.utf8")));
        assertEquals(StandardCharsets.ISO_8859_1, LocaleCharset.of(Map.of("LC_CTYPE", "de_DE.ISO-8859-1@euro")));
    }
}
