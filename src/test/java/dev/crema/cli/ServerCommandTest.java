package dev.crema.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerCommandTest {
    @Test
    void idleTimeoutsTakeUnitsOrSeconds() {
        assertEquals(Duration.ofSeconds(30), ServerCommand.duration("30s"));
        assertEquals(Duration.ofMinutes(10), ServerCommand.duration("10m"));
        assertEquals(Duration.ofHours(2), ServerCommand.duration("2h"));
        assertEquals(Duration.ofSeconds(45), ServerCommand.duration("45"));
        assertEquals(Duration.ZERO, ServerCommand.duration("0"));
    }

    @Test
    void aBadIdleTimeoutNamesTheFlag() {
        for (String bad : new String[] {"", "m", "10d", "-5s", "ten"}) {
            UsageException e = assertThrows(UsageException.class, () -> ServerCommand.duration(bad));
            assertEquals("--idle-timeout: not a duration: \"" + bad + "\" (30s, 10m, 2h, or 0 for none)", e.getMessage());
        }
    }
}
