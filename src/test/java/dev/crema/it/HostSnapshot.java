package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a failed or finished container must not leave behind on the host: mounts, crema-init processes, state
 * directories, cgroups named after the container. Taken before, compared after.
 */
record HostSnapshot(List<String> mountsBefore, List<Long> initsBefore) {

    static HostSnapshot take() {
        return new HostSnapshot(mountPoints(), initPids());
    }

    /** Asserts the host is as it was before, for the container id given. */
    void assertClean(Crema crema, String id) {
        assertFalse(Files.exists(crema.root().resolve(id)), "state dir of " + id + " left behind");
        assertEquals(List.of(), cgroupsNamed(id), "cgroups of " + id + " left behind");
        List<String> now = waitForMounts(mountsBefore);
        assertEquals(mountsBefore, now, "host mounts changed");
        List<Long> inits = waitForInits(initsBefore);
        assertEquals(initsBefore, inits, "crema-init processes left behind");
    }

    private static List<String> waitForMounts(List<String> expected) {
        List<String> now = mountPoints();
        for (int i = 0; i < 50 && !now.equals(expected); i++) {
            sleep();
            now = mountPoints();
        }
        return now;
    }

    private static List<Long> waitForInits(List<Long> expected) {
        List<Long> now = initPids();
        for (int i = 0; i < 50 && !now.equals(expected); i++) {
            sleep();
            now = initPids();
        }
        return now;
    }

    static List<String> mountPoints() {
        try {
            List<String> points = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                points.add(line.split(" ")[4]);
            }
            return points;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<Long> initPids() {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    String comm = Files.readString(p.resolve("comm")).trim();
                    String exe = "";
                    try {
                        exe = Files.readSymbolicLink(p.resolve("exe")).toString();
                    } catch (IOException ignored) {
                        // kernel thread or gone
                    }
                    if (comm.startsWith("crema-init") || exe.contains("crema-init")) pids.add(Long.parseLong(name));
                } catch (IOException ignored) {
                    // exited while listing
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return pids;
    }

    static List<String> cgroupsNamed(String id) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> all = Files.find(Path.of("/sys/fs/cgroup"), 4,
                (p, a) -> a.isDirectory() && p.getFileName() != null && p.getFileName().toString().equals(id))) {
            all.forEach(p -> found.add(p.toString()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return found;
    }

    static void assertNoCgroups(String id) {
        assertTrue(cgroupsNamed(id).isEmpty(), "cgroups left: " + cgroupsNamed(id));
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
