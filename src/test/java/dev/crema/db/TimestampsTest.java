package dev.crema.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void formatsLikeRfc3339NanoWithTrailingZerosTrimmed() {
        for (String t : new String[] {"1970-01-01T00:00:00Z", "2026-11-28T14:03:45.123456789Z", "2000-02-29T23:59:59.5Z",
                "1969-12-31T23:59:59.000000001Z", "2100-03-01T00:00:00.01Z"}) {
            Instant i = Instant.parse(t);
            assertEquals(t, Timestamps.format(i.getEpochSecond(), i.getNano()));
        }
    }
}
