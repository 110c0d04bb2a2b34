package dev.crema.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void formatsLikeRfc3339NanoWithTrailingZerosTrimmed() {
        for (String t : new String[] {"1970-01-01T00:00:00Z", "2026-11-28T14:03:45.123456789Z", "2000-02-29T23:59:59.5Z",
                "1969-12-31T23:59:59.000000001Z", "2100-03-01T00:00:00.01Z", "2026-11-28T15:09:06.0114Z",
                "2024-02-29T00:00:00.1Z", "1969-12-31T23:59:59.999999999Z"}) {
            Instant i = Instant.parse(t);
            assertEquals(t, Timestamps.format(i.getEpochSecond(), i.getNano()));
        }
    }

    /** From the spec branch's StateTest: years 1 to 9999, every nanosecond count, read back by java.time. */
    @Test
    void formatsWhatJavaTimeParsesBack() {
        Random random = new Random(42);
        for (int n = 0; n < 10_000; n++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(1_000_000_000));
            String text = Timestamps.format(t.getEpochSecond(), t.getNano());
            assertEquals(t, Instant.parse(text), text);
        }
    }
}
