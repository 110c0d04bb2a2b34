package dev.crema.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cgroup v2 OOM counter against a fake cgroup v2 directory (this host's cgroup2 has no memory controller). */
class OomWatchTest {
    @TempDir
    Path dir;

    /** Replaced whole, as the kernel's file always reads whole, while a poll may be reading it. */
    private void memoryEvents(long oom, long oomKill) throws Exception {
        Path next = Files.writeString(dir.resolve("memory.events.next"),
                "low 0\nhigh 0\nmax 7\noom " + oom + "\noom_kill " + oomKill + "\noom_group_kill 0\n");
        Files.move(next, dir.resolve("memory.events"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void countsOomsSinceTheWatchStarted() throws Exception {
        memoryEvents(2, 2); // from before `events` ran: not reported
        OomWatch watch = OomWatch.start(List.of(dir.toString()));
        assertInstanceOf(OomWatch.V2.class, watch);
        assertEquals(0, watch.await(0));
        memoryEvents(3, 3);
        assertEquals(1, watch.await(0), "one OOM with its kill is one event");
        assertEquals(0, watch.await(0), "taken once");
        memoryEvents(5, 3);
        assertEquals(2, watch.await(0), "OOMs that killed nothing still count");
        memoryEvents(5, 4);
        assertEquals(1, watch.await(0), "a kill ordered by an OOM elsewhere counts");
    }

    @Test
    void awaitReturnsOnceTheCounterMovesAndWaitsOutTheTimeOtherwise() throws Exception {
        memoryEvents(0, 0);
        OomWatch watch = OomWatch.start(List.of(dir.toString()));
        long start = System.nanoTime();
        assertEquals(0, watch.await(250));
        assertTrue(System.nanoTime() - start >= 250_000_000L, "waited the whole timeout");
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(150);
                memoryEvents(1, 1);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        writer.start();
        start = System.nanoTime();
        assertEquals(1, watch.await(10_000));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "returned when the OOM came, not at the timeout");
        writer.join();
    }

    @Test
    void aRemovedCgroupIsNoOom() throws Exception {
        memoryEvents(0, 0);
        OomWatch watch = OomWatch.start(List.of(dir.toString()));
        Files.delete(dir.resolve("memory.events"));
        assertEquals(0, watch.await(0));
    }

    @Test
    void noMemoryControllerNoWatch() throws Exception {
        Files.writeString(dir.resolve("pids.max"), "max\n");
        assertNull(OomWatch.start(List.of(dir.toString())));
    }
}
