package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.api.ContainerExistsException;
import dev.crema.api.ContainerNotFoundException;
import dev.crema.api.ContainerState;
import dev.crema.api.ContainerStatus;
import dev.crema.api.CreateOptions;
import dev.crema.api.CremaException;
import dev.crema.api.CremaRuntime;
import dev.crema.api.Event;
import dev.crema.api.ExecOptions;
import dev.crema.api.ExitStatus;
import dev.crema.api.InvalidConfigException;
import dev.crema.api.Resources;
import dev.crema.api.WrongStateException;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * crema as a library (dev.crema.api), on real containers in this JVM: the lifecycle, exec, pause, update, kill,
 * events with an OOM, the CLI and the library seeing each other's containers, the CLI's messages in the typed
 * exceptions, and many threads at once leaving the host clean.
 */
class LibraryIT extends ContainerTest {
    private CremaRuntime runtime;

    @BeforeAll
    static void natives() {
        // what a library user sets (docs/library.md): where crema-init and libcrema.so are
        System.setProperty("crema.libexec", Crema.REPO.resolve("target/libexec").toString());
    }

    /**
     * The library made this JVM a subreaper; the containers later tests start through the CLI must not become
     * its children, and zombies of ones the CLI made here are reaped.
     */
    @AfterAll
    static void noLongerSubreaper() throws Throwable {
        MethodHandle prctl = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("prctl").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
                Linker.Option.firstVariadicArg(1));
        assertEquals(0, (int) prctl.invokeExact(36 /* PR_SET_CHILD_SUBREAPER */, 0L));
        long self = ProcessHandle.current().pid();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (fields[0].equals("Z") && Long.parseLong(fields[1]) == self) {
                        dev.crema.sys.Processes.waitpid(Integer.parseInt(name), dev.crema.sys.Processes.WNOHANG);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // gone meanwhile, or not ours
                }
            }
        }
    }

    @BeforeEach
    void openRuntime() {
        runtime = CremaRuntime.open(crema.root());
    }

    /** A created container of the bundle running sh -c SCRIPT, through the library. */
    private String create(String script) {
        bundle.script(script).write();
        String id = newId();
        runtime.create(CreateOptions.of(id, bundle.dir));
        return id;
    }

    private String started(String script) {
        String id = create(script);
        runtime.start(id);
        return id;
    }

    @Test
    void createStartWaitForExitDelete() {
        String id = create("exit 7");
        ContainerState created = runtime.state(id);
        assertEquals(ContainerStatus.CREATED, created.status());
        assertTrue(created.pid() > 0);
        assertEquals(bundle.dir.toAbsolutePath().normalize(), created.bundle());
        runtime.start(id);
        ExitStatus exit = runtime.waitForExit(id);
        assertEquals(new ExitStatus(true, 7, 0), exit);
        assertEquals(ContainerStatus.STOPPED, runtime.state(id).status());
        assertEquals(0, runtime.state(id).pid(), "runc shows pid 0 once stopped");
        runtime.delete(id);
        assertFalse(runtime.exists(id));
        before.assertClean(crema, id);
    }

    @Test
    void execGivesTheProcessExitCode() {
        String id = started("sleep 1000");
        int pid = runtime.exec(id, ExecOptions.of("sh", "-c", "exit 5"));
        assertEquals(5, runtime.waitForProcess(pid).code());
        Path out = bundle.rootfs().resolve("tmp/exec-out");
        int env = runtime.exec(id, ExecOptions.of("sh", "-c", "echo $GREETING in $PWD > /tmp/exec-out")
                .withEnv(List.of("GREETING=hello")).withCwd("/tmp"));
        assertTrue(runtime.waitForProcess(env).exited());
        assertEquals("hello in /tmp", read(out));
        runtime.delete(id, true);
        before.assertClean(crema, id);
    }

    @Test
    void pauseAndResume() {
        String id = started("sleep 1000");
        runtime.pause(id);
        assertEquals(ContainerStatus.PAUSED, runtime.state(id).status());
        assertTrue(crema.run("state", id).ok().stdout().contains("\"status\": \"paused\""), "the CLI sees it paused");
        runtime.resume(id);
        assertEquals(ContainerStatus.RUNNING, runtime.state(id).status());
        WrongStateException again = assertThrows(WrongStateException.class, () -> runtime.resume(id));
        assertEquals(crema.run("resume", id).failed().stderr(), again.getMessage() + "\n");
        runtime.delete(id, true);
    }

    @Test
    void updateWritesTheCgroup() throws IOException {
        String id = started("sleep 1000");
        runtime.update(id, Resources.none().withMemoryLimit(48L << 20).withPidsLimit(12).withCpuShares(300));
        assertEquals(Long.toString(48L << 20), cgroupFile("memory", id, "memory.limit_in_bytes"));
        assertEquals("12", cgroupFile("pids", id, "pids.max"));
        assertEquals("300", cgroupFile("cpu", id, "cpu.shares"));
        InvalidConfigException bad = assertThrows(InvalidConfigException.class,
                () -> runtime.update(id, Resources.none().with("pids", "limit", "many")));
        Path file = bundle.dir.resolve("bad-resources.json");
        write(file, "{\"pids\": {\"limit\": \"many\"}}");
        assertEquals(crema.run("update", "--resources", file.toString(), id).failed().stderr(), bad.getMessage() + "\n");
        runtime.delete(id, true);
        assertThrows(ContainerNotFoundException.class, () -> runtime.update(id, Resources.none().withPidsLimit(3)));
    }

    @Test
    void killEndsTheContainer() {
        String id = started("sleep 1000");
        runtime.kill(id, CremaRuntime.signal("KILL"));
        ExitStatus exit = runtime.waitForExit(id);
        assertTrue(exit.killed(), exit.toString());
        assertEquals(9, exit.signal());
        assertEquals(137, exit.shellCode());
        WrongStateException notRunning = assertThrows(WrongStateException.class, () -> runtime.kill(id, 15));
        assertEquals(crema.run("kill", id).failed().stderr(), notRunning.getMessage() + "\n");
        InvalidConfigException badSignal = assertThrows(InvalidConfigException.class, () -> CremaRuntime.signal("NOPE"));
        assertEquals(crema.run("kill", id, "NOPE").failed().stderr(), badSignal.getMessage() + "\n");
        runtime.delete(id);
        before.assertClean(crema, id);
    }

    @Test
    void eventsReportAnOomWhileTheContainerRuns() throws Exception {
        long limit = 8L << 20;
        // memory+swap equal to the limit, so the container cannot swap its way out of the OOM (as EventsIT)
        bundle.linux().put("resources", Map.of("memory", Map.of("limit", limit, "swap", limit)));
        String id = started("until test -e /tmp/go; do sleep 0.1; done; dd if=/dev/zero of=/dev/null bs=32M count=1; sleep 1");
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        Path go = bundle.rootfs().resolve("tmp/go");
        ExecutorService watcher = Executors.newSingleThreadExecutor();
        try {
            Future<?> stream = watcher.submit(() -> runtime.events(id, Duration.ofMillis(200), event -> {
                events.add(event);
                // the OOM watch is armed before the first stats event
                if (events.size() == 1) write(go, "");
            }));
            ExitStatus exit = runtime.waitForExit(id);
            stream.get(60, TimeUnit.SECONDS);
            assertEquals(0, exit.code(), "sh lives on after the OOM killer took dd");
        } finally {
            watcher.shutdownNow();
        }
        assertInstanceOf(Event.Stats.class, events.getFirst());
        assertTrue(events.contains(new Event.Oom(id)), events.toString());
        assertEquals("{\"type\":\"oom\",\"id\":\"" + id + "\"}", new Event.Oom(id).toJson());
        WrongStateException stopped = assertThrows(WrongStateException.class, () -> runtime.stats(id));
        assertEquals(crema.run("events", "--stats", id).failed().stderr(), stopped.getMessage() + "\n");
        runtime.delete(id);
        before.assertClean(crema, id);
    }

    @Test
    void theCliSeesWhatTheLibraryMade() {
        String id = started("sleep 1000");
        assertTrue(crema.run("list", "-q").ok().stdout().lines().anyMatch(id::equals));
        assertEquals(runtime.state(id).toJson(), crema.run("state", id).ok().stdout());
        crema.run("kill", id, "KILL").ok();
        assertTrue(runtime.waitForExit(id).killed());
        crema.run("delete", id).ok();
        assertFalse(runtime.exists(id));
        before.assertClean(crema, id);
    }

    @Test
    void theLibraryDrivesWhatTheCliMade() {
        String id = runDetached("sleep 1000");
        assertEquals(ContainerStatus.RUNNING, runtime.state(id).status());
        assertTrue(runtime.list().stream().anyMatch(s -> s.id().equals(id) && s.owner().equals("root")));
        int pid = runtime.exec(id, ExecOptions.of("true"));
        assertEquals(0, runtime.waitForProcess(pid).code());
        runtime.pause(id);
        assertTrue(crema.run("state", id).ok().stdout().contains("\"status\": \"paused\""));
        runtime.resume(id);
        runtime.kill(id, 9);
        ExitStatus exit = runtime.waitForExit(id);
        assertFalse(exit.known(), "another process made it, so its status went to someone else: " + exit);
        runtime.delete(id);
        assertEquals("", crema.run("list", "-q").ok().stdout());
        before.assertClean(crema, id);
    }

    @Test
    void exceptionsAreTypedAndCarryTheCliMessages() {
        CremaException missing = assertThrows(ContainerNotFoundException.class, () -> runtime.state("no-such"));
        assertEquals(crema.run("state", "no-such").failed().stderr(), missing.getMessage() + "\n");
        assertEquals("no-such", missing.containerId());
        assertEquals(crema.run("delete", "no-such").failed().stderr(),
                assertThrows(ContainerNotFoundException.class, () -> runtime.delete("no-such")).getMessage() + "\n");
        runtime.delete("no-such", true); // engines delete twice: no error

        String id = started("sleep 1000");
        ContainerExistsException taken = assertThrows(ContainerExistsException.class,
                () -> runtime.create(CreateOptions.of(id, bundle.dir)));
        assertEquals(crema.run("create", "--bundle", bundle.dir.toString(), id).failed().stderr(), taken.getMessage() + "\n");
        WrongStateException running = assertThrows(WrongStateException.class, () -> runtime.start(id));
        assertEquals(crema.run("start", id).failed().stderr(), running.getMessage() + "\n");
        WrongStateException notStopped = assertThrows(WrongStateException.class, () -> runtime.delete(id));
        assertEquals(crema.run("delete", id).failed().stderr(), notStopped.getMessage() + "\n");
        runtime.delete(id, true);

        InvalidConfigException badId = assertThrows(InvalidConfigException.class,
                () -> runtime.create(CreateOptions.of("a/b", bundle.dir)));
        assertEquals(crema.run("create", "--bundle", bundle.dir.toString(), "a/b").failed().stderr(), badId.getMessage() + "\n");

        bundle.config.put("root", Map.of("path", "no-such-rootfs"));
        bundle.write();
        String bad = newId();
        InvalidConfigException config = assertThrows(InvalidConfigException.class,
                () -> runtime.create(CreateOptions.of(bad, bundle.dir)));
        assertTrue(config.getMessage().startsWith("root.path: "), config.getMessage());
        assertEquals(crema.run("create", "--bundle", bundle.dir.toString(), bad).failed().stderr(), config.getMessage() + "\n");
        before.assertClean(crema, bad);
    }

    @Test
    void threadsCreatingAndDeletingAtOnceLeaveTheHostClean() throws Exception {
        bundle.script("exit 3").write();
        int threads = 6, each = 3;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < threads * each; i++) ids.add(newId());
        String contested = newId();
        AtomicInteger won = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<String> mine = ids.subList(t * each, (t + 1) * each);
                results.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    // every thread also races for one id: exactly one create wins, the others are refused
                    try {
                        runtime.create(CreateOptions.of(contested, bundle.dir));
                        won.incrementAndGet();
                    } catch (ContainerExistsException e) {
                        refused.incrementAndGet();
                    }
                    List<Integer> codes = new ArrayList<>();
                    for (String id : mine) {
                        runtime.create(CreateOptions.of(id, bundle.dir));
                        runtime.start(id);
                        codes.add(runtime.waitForExit(id).code());
                        runtime.delete(id);
                    }
                    return codes;
                }));
            }
            for (Future<List<Integer>> result : results) assertEquals(List.of(3, 3, 3), result.get(120, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, won.get());
        assertEquals(threads - 1, refused.get());
        runtime.delete(contested, true);
        for (String id : ids) before.assertClean(crema, id);
        before.assertClean(crema, contested);
        assertEquals(List.of(), runtime.list());
    }

    /**
     * The example of docs/library.md, as it is written there: compiled against the built jar on the module path
     * (so the module name dev.crema holds too) and run in a JVM of its own, on a bundle whose process sleeps.
     */
    @Test
    void theDocumentedExampleCompilesAndRuns() throws Exception {
        String doc = Files.readString(Crema.REPO.resolve("docs/library.md"));
        int start = doc.indexOf("```java\n", doc.indexOf("<!-- example:start -->")) + "```java\n".length();
        String source = doc.substring(start, doc.indexOf("```", start));
        Path work = Files.createTempDirectory("crema-library-example");
        try {
            Path jar = Crema.REPO.resolve("target/crema.jar");
            Files.writeString(work.resolve("Example.java"), source);
            javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
            java.io.StringWriter diagnostics = new java.io.StringWriter();
            boolean compiled = javac.getTask(diagnostics, null, null,
                    List.of("-p", jar.toString(), "--add-modules", "dev.crema", "-d", work.toString()), null,
                    javac.getStandardFileManager(null, null, null).getJavaFileObjects(work.resolve("Example.java")))
                    .call();
            assertTrue(compiled, diagnostics.toString());
            bundle.script("sleep 1000").write();
            String id = newId();
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Crema.Result result = Crema.exec(List.of(java.toString(), "--enable-native-access=dev.crema",
                    "-Dcrema.libexec=" + Crema.REPO.resolve("target/libexec"), "-p", jar.toString(),
                    "--add-modules", "dev.crema", "-cp", work.toString(), "Example", crema.root().toString(),
                    bundle.dir.toString(), id), null);
            assertEquals(new Crema.Result(0, id + " is running\nexec exited with 3\n" + id + " was killed by signal 9\n", ""),
                    result);
            before.assertClean(crema, id);
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : (Iterable<Path>) files::iterator) Files.delete(p);
            }
            Files.delete(work);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
