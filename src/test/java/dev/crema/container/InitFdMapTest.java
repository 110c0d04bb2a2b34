package dev.crema.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crema.invocation.Invocation;
import org.junit.jupiter.api.Test;

/** What crema-init's spawn does with fds 3.. (InitProcess.fdMap): dup2 of the sync socket, closes of what the caller did not pass. */
class InitFdMapTest {
    private static Invocation callerWith(int... fds) {
        Invocation invocation = new Invocation(null, null, null, new int[] {0, 1, 2}, null, null, null, null);
        if (fds != null) invocation.callerPassedOnly(fds);
        return invocation;
    }

    @Test
    void theSyncSocketGoesRightAfterThePreservedFds() {
        assertArrayEquals(new int[] {7, 3}, InitProcess.fdMap(7, 0, callerWith()));
    }

    @Test
    void preservedNumbersTheCallerDidNotPassAreClosedAfterTheDup() {
        // the caller passed 3 and 5; 4 (say the JVM's runtime image) and 6 (crema's lock) are closed in the child
        assertArrayEquals(new int[] {6, 7, -1, 4, -1, 6}, InitProcess.fdMap(6, 4, callerWith(5, 3)));
    }

    @Test
    void aCallerWithOnlyStdioGetsEveryPreservedNumberClosed() {
        assertArrayEquals(new int[] {9, 5, -1, 3, -1, 4}, InitProcess.fdMap(9, 2, callerWith()));
    }

    @Test
    void noCloseIsNeededAtOrAboveTheOpenFileLimit() {
        long limit = dev.crema.invocation.CallerFds.openFilesLimit();
        org.junit.jupiter.api.Assertions.assertTrue(limit < 1 << 24, "a finite open file limit: " + limit);
        int[] map = InitProcess.fdMap(9, Integer.MAX_VALUE - 3, callerWith());
        assertArrayEquals(new int[] {9, Integer.MAX_VALUE, -1, 3}, java.util.Arrays.copyOf(map, 4));
        assertEquals(limit - 1, map[map.length - 1], "the last close is the highest number an fd can have");
    }

    @Test
    void aCountPastTheLastFdNumberIsRefused() {
        ContainerException e = assertThrows(ContainerException.class, () -> InitProcess.fdMap(9, Integer.MAX_VALUE, callerWith()));
        assertEquals("--preserve-fds 2147483647: fd 3 + 2147483647 is not a number an fd can have", e.getMessage());
    }

    @Test
    void withoutARecordEveryFdOfTheProcessIsPassed() {
        // a library user, or a command under a server (the client spawns with its own fds): no closes
        assertArrayEquals(new int[] {9, 13}, InitProcess.fdMap(9, 10, callerWith((int[]) null)));
    }
}
