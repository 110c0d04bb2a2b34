package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crema.testing.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two loads, with nothing lost: 100 whole lifecycles (create, start, kill, wait, delete) 10 at a time, and
 * 1,000 sequential runs of true. Before and after each: the crema processes on the host and their open fds,
 * the host's mounts, the cgroup directories under crema's parents, crema-init processes and the state dirs
 * must be the same. Both loads also run under runc on the same bundle; the times are printed (and recorded in
 * docs/security.md), never asserted. -Dcrema.load.lifecycles=N and -Dcrema.load.runs=N change the counts.
 */
@Tag("security")
@Tag("load")
class LoadIT extends ContainerTest {
    private static final int LIFECYCLES = Integer.getInteger("crema.load.lifecycles", 100);
    private static final int PARALLEL = 10;
    private static final int RUNS = Integer.getInteger("crema.load.runs", 1000);

    private Path runcRoot;

    @BeforeEach
    void runcToCompare() {
        Requirement.needProgram("/usr/sbin/runc", "runc");
        runcRoot = crema.root().resolveSibling(crema.root().getFileName() + "-runc");
    }

    @AfterEach
    void removeRuncRoot() {
        Crema.exec(List.of("rm", "-rf", runcRoot.toString()), null);
    }

    /** What a load must not leak, as counts by name. */
    private Map<String, Object> leaks() {
        Map<String, Object> now = new TreeMap<>();
        now.put("host mounts", HostSnapshot.mountPoints().size());
        now.put("crema-init processes", HostSnapshot.initPids());
        now.put("crema processes and their open fds", cremaProcessFds());
        now.put("cgroup dirs under crema's parents", cremaCgroupDirs());
        now.put("state dirs", stateDirs());
        return now;
    }

    /** pid -> number of open fds, for every process running crema's controller or init. */
    private static Map<Long, Integer> cremaProcessFds() {
        Map<Long, Integer> fds = new TreeMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == ProcessHandle.current().pid()) continue;
                try {
                    String cmdline = Files.readString(p.resolve("cmdline"));
                    if (!cmdline.contains("dev.crema.cli.Main") && !cmdline.startsWith("crema-init")) continue;
                    try (Stream<Path> open = Files.list(p.resolve("fd"))) {
                        fds.put(Long.parseLong(name), (int) open.count());
                    }
                } catch (IOException ignored) {
                    // exited while listing
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return fds;
    }

    /** The container cgroups crema makes by default: /sys/fs/cgroup/HIERARCHY/crema/ID. */
    private static List<String> cremaCgroupDirs() {
        List<String> dirs = new ArrayList<>();
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path parent : (Iterable<Path>) hierarchies.map(h -> h.resolve("crema"))::iterator) {
                if (!Files.isDirectory(parent)) continue;
                try (Stream<Path> children = Files.list(parent)) {
                    children.filter(Files::isDirectory).forEach(c -> dirs.add(c.toString()));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return dirs;
    }

    private List<String> stateDirs() {
        if (!Files.isDirectory(crema.root())) return List.of();
        try (Stream<Path> dirs = Files.list(crema.root())) {
            return dirs.map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Crema.Result runc(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/sbin/runc", "--root", runcRoot.toString()));
        command.addAll(List.of(args));
        return Crema.exec(command, null);
    }

    /** create, start, kill, wait until stopped, delete, with one runtime. */
    private void lifecycle(Function<String[], Crema.Result> runtime, String id) throws InterruptedException {
        runtime.apply(new String[] {"create", "--bundle", bundle.dir.toString(), id}).ok();
        runtime.apply(new String[] {"start", id}).ok();
        runtime.apply(new String[] {"kill", id, "KILL"}).ok();
        while (!runtime.apply(new String[] {"state", id}).ok().stdout().contains("\"stopped\"")) Thread.sleep(5);
        runtime.apply(new String[] {"delete", id}).ok();
    }

    private long lifecycles(Function<String[], Crema.Result> runtime, String prefix) throws Exception {
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < LIFECYCLES; i++) {
                String id = prefix + i;
                all.add(pool.submit(() -> {
                    lifecycle(runtime, id);
                    return null;
                }));
            }
            for (Future<?> f : all) f.get();
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private long runs(Function<String[], Crema.Result> runtime, String prefix) {
        long start = System.nanoTime();
        for (int i = 0; i < RUNS; i++) runtime.apply(new String[] {"run", "--bundle", bundle.dir.toString(), prefix + i}).ok();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String figures(String load, int count, long cremaMillis, long runcMillis) {
        return String.format("%s: crema %d ms (%.1f ms each), runc %d ms (%.1f ms each), crema/runc %.2f", load,
                cremaMillis, cremaMillis / (double) count, runcMillis, runcMillis / (double) count,
                cremaMillis / (double) runcMillis);
    }

    @Test
    void hundredLifecyclesTenAtATimeLeakNothing() throws Exception {
        bundle.script("sleep 1000").write();
        Map<String, Object> before = leaks();
        long cremaMillis = lifecycles(crema::run, "crema-load-" + ProcessHandle.current().pid() + "-");
        assertEquals(before, leaks(), "leaked by " + LIFECYCLES + " lifecycles");
        long runcMillis = lifecycles(this::runc, "crema-load-runc-" + ProcessHandle.current().pid() + "-");
        System.out.println(figures(LIFECYCLES + " lifecycles, " + PARALLEL + " at a time", LIFECYCLES, cremaMillis, runcMillis));
    }

    @Test
    void sequentialRunsOfTrueLeakNothing() {
        bundle.process().put("args", List.of("true"));
        bundle.write();
        Map<String, Object> before = leaks();
        long cremaMillis = runs(crema::run, "crema-load-" + ProcessHandle.current().pid() + "-");
        assertEquals(before, leaks(), "leaked by " + RUNS + " runs");
        long runcMillis = runs(this::runc, "crema-load-runc-" + ProcessHandle.current().pid() + "-");
        System.out.println(figures(RUNS + " sequential runs of true", RUNS, cremaMillis, runcMillis));
    }
}
