package dev.crema.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SignalsTest {
    @Test
    void namesWithAndWithoutSigAndNumbers() {
        assertEquals(15, Signals.parse("TERM"));
        assertEquals(15, Signals.parse("SIGTERM"));
        assertEquals(9, Signals.parse("kill"));
        assertEquals(9, Signals.parse("9"));
        assertEquals(10, Signals.parse("SIGUSR1"));
        assertEquals(34, Signals.parse("34"));
        assertEquals(0, Signals.parse("0"), "runc takes 0: a check that the init is alive");
        assertEquals(15, Signals.parse(""), "runc: an empty signal is TERM");
        assertEquals(65, Signals.parse("65"), "runc: numbers go to kill(2) as they are, which refuses 65 (EINVAL)");
        assertEquals(-9, Signals.parse("-9"));
    }

    @Test
    void unknownSignalsAreRefused() {
        assertThrows(ContainerException.class, () -> Signals.parse("NOPE"));
        assertThrows(ContainerException.class, () -> Signals.parse("9x"));
        assertThrows(ContainerException.class, () -> Signals.parse("SIG9"));
        // runc 1.1.5's table (golang.org/x/sys/unix) has no realtime names, IOT or POLL
        assertThrows(ContainerException.class, () -> Signals.parse("SIGRTMIN"));
        assertThrows(ContainerException.class, () -> Signals.parse("RTMIN+1"));
        assertThrows(ContainerException.class, () -> Signals.parse("IOT"));
    }
}
