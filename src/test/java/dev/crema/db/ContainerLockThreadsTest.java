package dev.crema.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One JVM, several threads (the library, the server): a container's lock is held by one thread at a time, which a
 * POSIX record lock alone would not give (it belongs to the process), and other containers' locks stay free.
 */
class ContainerLockThreadsTest {
    @TempDir
    Path root;

    @Test
    void aSecondThreadWaitsForTheLockOfTheSameContainer() throws Exception {
        StateStore store = new StateStore(root);
        store.createExclusive("c1").close();
        AtomicBoolean secondHasIt = new AtomicBoolean();
        Thread second;
        try (ContainerLock first = store.lock("c1")) {
            second = new Thread(() -> {
                try (ContainerLock lock = store.lock("c1")) {
                    secondHasIt.set(true);
                }
            });
            second.start();
            // it waits in memory for the first thread, not in the kernel's lock (which would let it through)
            while (second.getState() != Thread.State.WAITING && second.isAlive()) Thread.onSpinWait();
            assertFalse(secondHasIt.get(), "two threads held the lock of one container");
            // another container's lock is not held up
            store.createExclusive("c2").close();
            try (ContainerLock other = store.lock("c2")) {
                assertTrue(second.isAlive());
            }
        }
        second.join();
        assertTrue(secondHasIt.get());
    }

    @Test
    void aLockOfAMissingContainerLeavesNothingHeld() throws Exception {
        StateStore store = new StateStore(root);
        assertEquals("container does not exist",
                org.junit.jupiter.api.Assertions.assertThrows(StoreException.class, () -> store.lock("none")).getMessage());
        store.createExclusive("none").close();
        // had the failed lock kept its in-memory hold, this would wait for ever
        store.lock("none").close();
    }
}
