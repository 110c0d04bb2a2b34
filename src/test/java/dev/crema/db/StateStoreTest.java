package dev.crema.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path root;

    private ContainerState creating(String id) {
        return ContainerState.creating(id, "/b", "/b/rootfs", Map.of("a", "b"), List.of("/sys/fs/cgroup/pids/x"),
                List.of("/sys/fs/cgroup/pids/x"), List.of(), List.of(), new ProcessIdentity(1, 2),
                "2026-01-02T03:04:05.123456789Z");
    }

    @Test
    void savedStateReadsBackAndLeavesNoTempFile() throws IOException {
        StateStore store = new StateStore(root);
        try (ContainerLock lock = store.createExclusive("c1")) {
            store.save(creating("c1"));
            store.save(creating("c1").created(new ProcessIdentity(42, 99), dev.crema.spec.Hooks.NONE));
        }
        ContainerState state = store.load("c1");
        assertEquals("created", state.status());
        assertEquals(new ProcessIdentity(42, 99), state.init());
        assertNull(state.controller());
        assertEquals(Map.of("a", "b"), state.annotations());
        assertEquals("2026-01-02T03:04:05.123456789Z", state.created());
        try (var files = Files.list(root.resolve("c1"))) {
            assertEquals(List.of("lock", "state.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void resctrlGroupsAndDirsReadBackAndAnOlderStateWithoutThemMeansNone() throws IOException {
        StateStore store = new StateStore(root);
        List<String> groups = List.of("/sys/fs/resctrl/gold", "/sys/fs/resctrl/gold/mon_groups/c1");
        try (ContainerLock lock = store.createExclusive("c1")) {
            store.save(ContainerState.creating("c1", "/b", "/b/rootfs", Map.of(), List.of(), List.of(), groups,
                    List.of(groups.get(1)), new ProcessIdentity(1, 2), "2026-01-02T03:04:05Z"));
        }
        assertEquals(groups, store.load("c1").resctrlGroups());
        assertEquals(List.of(groups.get(1)), store.load("c1").resctrlDirs());

        // as written by a crema from before Intel RDT support: nothing joined, nothing made there
        Files.createDirectories(root.resolve("old"));
        Files.writeString(root.resolve("old/state.json"), """
                {"id": "old", "bundle": "/b", "rootfs": "/b/rootfs", "status": "created", "pid": 42,
                 "pidStartTime": 99, "created": "2026-01-02T03:04:05Z", "annotations": {},
                 "cgroupPaths": ["/sys/fs/cgroup/pids/old"], "cgroupDirs": []}
                """);
        ContainerState old = store.load("old");
        assertEquals(List.of(), old.resctrlGroups());
        assertEquals(List.of(), old.resctrlDirs());
        assertEquals(List.of("/sys/fs/cgroup/pids/old"), old.cgroupPaths());
    }

    @Test
    void idsFollowRuncsRule() {
        StateStore store = new StateStore(root);
        for (String bad : new String[] {"", ".", "..", "a/b", "a b", "é"}) {
            assertThrows(StoreException.class, () -> store.validateId(bad), bad);
        }
        store.validateId("a-b_c.d+e9,f");
    }

    @Test
    void exactlyOneOfConcurrentCreatesOfTheSameIdWins() throws Exception {
        StateStore store = new StateStore(root);
        List<Callable<Boolean>> tries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tries.add(() -> {
                try (ContainerLock lock = store.createExclusive("same")) {
                    return true;
                } catch (StoreException e) {
                    assertEquals("container with given ID already exists: same", e.getMessage());
                    return false;
                }
            });
        }
        int wins = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> f : pool.invokeAll(tries)) wins += f.get() ? 1 : 0;
        }
        assertEquals(1, wins);
    }

    @Test
    void unknownContainerIsRuncsError() {
        StateStore store = new StateStore(root);
        assertEquals("container does not exist", assertThrows(StoreException.class, () -> store.load("nope")).getMessage());
        assertEquals("container does not exist", assertThrows(StoreException.class, () -> store.lock("nope")).getMessage());
    }

    @Test
    void removeTakesEverythingAndListSkipsDirsWithoutState() throws IOException {
        StateStore store = new StateStore(root);
        try (ContainerLock lock = store.createExclusive("a")) {
            store.save(creating("a"));
        }
        Files.createDirectories(root.resolve("half-made"));
        assertEquals(List.of("a"), store.list().stream().map(ContainerState::id).toList());
        store.remove("a");
        assertFalse(Files.exists(root.resolve("a")));
        assertTrue(store.exists("half-made"));
        assertNull(store.loadOrNull("half-made"));
    }

    @Test
    void aDamagedStateIsAnErrorNotAMissingContainer() throws IOException {
        StateStore store = new StateStore(root);
        try (ContainerLock lock = store.createExclusive("damaged")) {
            store.save(creating("damaged"));
        }
        Files.writeString(root.resolve("damaged/state.json"), "[1, 2");
        StoreException e = assertThrows(StoreException.class, () -> store.load("damaged"));
        assertTrue(e.getMessage().startsWith("cannot read the state of container damaged ("), e.getMessage());
        assertEquals(List.of(), store.list()); // skipped, as runc's list does
    }

    @Test
    void aSecondProcessCannotLockAContainerThatIsLocked() throws Exception {
        StateStore store = new StateStore(root);
        try (ContainerLock lock = store.createExclusive("held")) {
            // another JVM (each crema command is its own process) must block on it: tryLock there must fail
            java.lang.Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), TryLock.class.getName(),
                    root.resolve("held/lock").toString()).redirectErrorStream(true).start();
            assertEquals("busy", new String(other.getInputStream().readAllBytes()).trim());
            java.lang.Process free = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), TryLock.class.getName(),
                    Files.createDirectories(root.resolve("other")).resolve("lock").toString()).redirectErrorStream(true).start();
            assertEquals("free", new String(free.getInputStream().readAllBytes()).trim());
        }
    }

    /** Run in a second JVM: prints whether the lock file given is free. */
    public static final class TryLock {
        public static void main(String[] args) throws IOException {
            try (var channel = java.nio.channels.FileChannel.open(Path.of(args[0]),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
                System.out.println(channel.tryLock() == null ? "busy" : "free");
            }
        }
    }
}
