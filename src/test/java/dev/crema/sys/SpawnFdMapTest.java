package dev.crema.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** libcrema's spawn runs the fd map's actions in order, closefrom (source -2) among them: a real child lists its fds. */
class SpawnFdMapTest {
    /** The child's open fds, one number a line; `[` is a builtin, and the pipe of $(seq) is closed before the loop. */
    private static final String LIST = "for fd in $(seq 0 255); do [ -L /proc/self/fd/$fd ] && echo $fd; done; exit 0";

    @Test
    void closeFromThreeLeavesOnlyStdioEvenAfterADup2AboveIt() {
        assertEquals(List.of(0, 1, 2), fdsOfChild(out -> new int[] {out, 9, Processes.SPAWN_CLOSE_FROM, 3}));
    }

    /** Below 250 the child may hold this JVM's fds that are not close-on-exec (its runtime image, jars): left out. */
    @Test
    void closeFromStartsAtItsTargetAndKeepsWhatIsBelow() {
        assertEquals(List.of(251), from(250, fdsOfChild(out -> new int[] {out, 251, out, 252, Processes.SPAWN_CLOSE_FROM, 252})));
    }

    @Test
    void aCloseActionClosesOnlyItsTarget() {
        assertEquals(List.of(250), from(250, fdsOfChild(out -> new int[] {out, 250, out, 251, Processes.SPAWN_CLOSE, 251,
                Processes.SPAWN_CLOSE_FROM, 252})));
    }

    private static List<Integer> from(int lowest, List<Integer> fds) {
        return fds.stream().filter(fd -> fd >= lowest).toList();
    }

    /** Spawns the listing with stdout on a socket, then the pairs {@code actions} makes of that socket's fd. */
    private static List<Integer> fdsOfChild(IntFunction<int[]> actions) {
        int[] out = Fds.socketPair();
        int[] more = actions.apply(out[1]);
        int[] map = new int[2 + more.length];
        map[0] = out[1];
        map[1] = 1;
        System.arraycopy(more, 0, map, 2, more.length);
        int pid;
        try {
            pid = Processes.spawn("/bin/sh", new String[] {"sh", "-c", LIST}, new String[] {"PATH=/usr/bin:/bin"}, map);
        } finally {
            Fds.close(out[1]);
        }
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = Fds.read(out[0], buf, 0, buf.length)) > 0; ) listing.write(buf, 0, n);
        } finally {
            Fds.close(out[0]);
        }
        assertEquals(0, Processes.waitpid(pid, 0)[1], "the listing shell's wait status");
        return listing.toString(StandardCharsets.UTF_8).lines().map(Integer::valueOf).toList();
    }
}
