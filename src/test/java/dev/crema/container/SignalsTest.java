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
        assertEquals(34, Signals.parse("RTMIN"));
        assertEquals(36, Signals.parse("SIGRTMIN+2"));
        assertEquals(64, Signals.parse("RTMAX"));
        assertEquals(0, Signals.parse("0"), "runc takes 0: a check that the init is alive");
    }

    @Test
    void unknownSignalsAreRefused() {
        assertThrows(ContainerException.class, () -> Signals.parse("NOPE"));
        assertThrows(ContainerException.class, () -> Signals.parse("65"));
    }
}
