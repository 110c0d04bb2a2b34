package dev.crema.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LivenessTest {
    @Test
    void thisProcessIsAliveAndAReusedPidIsNot() {
        int pid = (int) ProcessHandle.current().pid();
        long start = Liveness.startTimeOf(pid);
        assertTrue(start > 0);
        assertTrue(Liveness.isAlive(new ProcessIdentity(pid, start)));
        assertFalse(Liveness.isAlive(new ProcessIdentity(pid, start + 1)), "same pid, other start time");
    }

    @Test
    void aFinishedProcessIsNotAlive() throws Exception {
        java.lang.Process p = new ProcessBuilder("true").start();
        int pid = (int) p.pid();
        long start = Liveness.startTimeOf(pid);
        p.waitFor();
        assertFalse(Liveness.isAlive(new ProcessIdentity(pid, start)));
    }

    @Test
    void commWithSpacesAndParenthesesIsSkipped() {
        String stat = "123 (a) b (c)) S 1 123 123 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 777 0 0";
        String[] fields = Liveness.parseStat(stat);
        assertEquals("S", fields[0]);
        assertEquals("777", fields[19]);
    }

    @Test
    void truncatedStatIsNotParsed() {
        assertArrayEquals(null, Liveness.parseStat("123 (x) S 1"));
    }
}
