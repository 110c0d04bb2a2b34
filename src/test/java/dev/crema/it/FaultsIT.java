package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.crema.spec.Json;
import dev.crema.testing.Requirement;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Crashes at every point of the lifecycle, for real: SIGKILL to the controller at its syscalls during create,
 * start and delete, to crema-init at its syscalls during create, and to the container process between create and
 * start. After each, state and list must still answer sensibly, and delete --force must leave no state dir,
 * cgroup, mount or process.
 *
 * How the controller is killed at its Nth syscall: bin/crema is a JVM, whose startup (thousands of syscalls on a
 * dozen threads, none touching a container) is not interesting, and whose GC and compiler threads would make a
 * count over all threads differ from run to run. What changes the host is the command's main Java thread, so the
 * test traces that one thread from the moment it starts on the container: crema is made to wait there (create
 * opens config.json, which is a fifo the test has not opened yet; start and delete wait for the container's lock,
 * which the test holds), strace attaches to the waiting thread alone (-p TID, no -f: not the init it spawns,
 * not the JVM's other threads), and the test lets it go. A first run records the thread's syscalls; then, for
 * each chosen index k, strace kills the thread at its kth syscall (strace's inject counts per syscall, so
 * "the kth syscall" is "the mth call of the kth syscall's name": -e inject=NAME:signal=KILL:when=m).
 * crema-init is single-threaded C and is killed the same way, with strace -f over the whole create and only
 * syscalls that the JVM never makes (mount, pivot_root, unshare, ...), so the kill lands in the init.
 *
 * Every index would take minutes per command; {@code -Dcrema.faults.points=N} points spread evenly over the
 * whole range (first and last included) are hit per command, 0 for every one. The figures are in
 * docs/security-faults.md.
 */
@Tag("security")
class FaultsIT extends ContainerTest {
    private static final int POINTS = Integer.getInteger("crema.faults.points", 40);
    private static final int SYS_FCNTL = 72; // fcntl(F_SETLKW): FileChannel.lock
    private static final int SYS_OPENAT = 257;
    private static final Pattern SYSCALL = Pattern.compile("^(?:(\\d+) +)?([a-z0-9_]+)\\(");
    private static final String STRACE = "/usr/bin/strace";

    @BeforeAll
    static void needsStrace() {
        Requirement.needProgram(STRACE, "strace");
    }

    @Test
    void controllerKilledAtItsSyscallsDuringCreate() throws Exception {
        bundle.script("sleep 100");
        sweep("create", id -> new ConfigFifo(bundle), id -> List.of("create", "--bundle", bundle.dir.toString(), id),
                id -> { });
    }

    @Test
    void controllerKilledAtItsSyscallsDuringStart() throws Exception {
        bundle.script("sleep 100").write();
        sweep("start", id -> new HeldLock(crema.root().resolve(id)), id -> List.of("start", id),
                id -> crema.run("create", "--bundle", bundle.dir.toString(), id).ok());
    }

    @Test
    void controllerKilledAtItsSyscallsDuringDeleteForce() throws Exception {
        bundle.script("sleep 100").write();
        sweep("delete", id -> new HeldLock(crema.root().resolve(id)), id -> List.of("delete", "--force", id),
                id -> crema.run("run", "-d", "--bundle", bundle.dir.toString(), id).ok());
    }

    @Test
    void initKilledAtItsSyscallsDuringCreate() throws Exception {
        bundle.script("sleep 100").write();
        String baselineId = newId();
        Path trace = Files.createTempFile("crema-faults", ".trace");
        try {
            traceWholeCreate(baselineId, trace, null);
            crema.run("delete", "--force", baselineId).ok();
            List<Call> calls = initOnlyCalls(Files.readAllLines(trace));
            assertTrue(calls.size() > 10, "crema-init's own syscalls in the trace: " + calls);
            int killed = 0;
            List<Integer> points = spread(calls.size());
            for (int k : points) {
                Call call = calls.get(k);
                String id = newId();
                traceWholeCreate(id, trace, call.name() + ":signal=KILL:when=" + call.occurrence());
                if (Files.readString(trace).contains("+++ killed by SIGKILL +++")) killed++;
                assertCleanAfter(id, "init killed at " + call);
            }
            System.out.printf("FaultsIT init: %d of %d create syscalls of crema-init that the JVM never makes hit, %d killed it%n",
                    points.size(), calls.size(), killed);
            assertTrue(killed > points.size() / 2, "most injections must kill the init: " + killed + " of " + points.size());
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    @Test
    void containerProcessKilledBetweenCreateAndStart() throws Exception {
        bundle.script("sleep 100").write();
        String id = newId();
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        long pid = initPid(id);
        Crema.exec(List.of("kill", "-KILL", Long.toString(pid)), null).ok();
        waitGone(pid);
        assertEquals("stopped", state(id).get("status"));
        Crema.Result start = crema.run("start", id).failed();
        assertEquals(1, start.stderr().strip().lines().count(), start.stderr());
        assertTrue(crema.run("list").ok().stdout().contains(id));
        crema.run("delete", id).ok(); // stopped: no --force needed
        before.assertClean(crema, id);
    }

    // ---- the controller sweep ----

    /** Prepares what the command works on (the container to start or delete), for one id. */
    private interface Setup {
        void prepare(String id) throws Exception;
    }

    private interface Args {
        List<String> of(String id);
    }

    private interface PauseFactory {
        Pause make(String id) throws Exception;
    }

    /**
     * Runs the command once traced to learn its main thread's syscalls, then once per chosen index with a SIGKILL
     * injected there; checks state, list, delete --force and the host after each.
     */
    private void sweep(String command, PauseFactory pause, Args args, Setup setup) throws Exception {
        Path trace = Files.createTempFile("crema-faults", ".trace");
        try {
            String baselineId = newId();
            setup.prepare(baselineId);
            Run baseline = traceMainThread(pause.make(baselineId), args.of(baselineId), trace, null);
            assertEquals(0, baseline.exitCode(), command + " traced, without faults: " + baseline.stderr());
            List<Call> calls = calls(Files.readAllLines(trace), null);
            assertTrue(calls.size() > 20, "syscalls of " + command + "'s main thread: " + calls);
            assertCleanAfter(baselineId, "the baseline " + command);
            int killed = 0;
            List<Integer> points = spread(calls.size());
            for (int k : points) {
                Call call = calls.get(k);
                String id = newId();
                setup.prepare(id);
                Run run = traceMainThread(pause.make(id), args.of(id), trace,
                        call.name() + ":signal=KILL:when=" + call.occurrence());
                if (run.exitCode() == 128 + 9) killed++;
                assertCleanAfter(id, command + " killed at syscall " + k + " " + call);
            }
            System.out.printf("FaultsIT %s: %d of %d syscalls of the main thread hit, %d killed it%n", command,
                    points.size(), calls.size(), killed);
            assertTrue(killed > points.size() / 2, "most injections must kill " + command + ": " + killed + " of " + points.size());
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    /** After a crash: state and list answer (one line of error at most), delete --force cleans everything. */
    private void assertCleanAfter(String id, String what) {
        Crema.Result state = crema.run("state", id);
        if (state.exitCode() == 0) {
            Object status = ((Map<?, ?>) Json.parse(state.stdout())).get("status");
            assertTrue(Set.of("creating", "created", "running", "stopped").contains(status), what + ": state " + state.stdout());
        } else {
            assertEquals("container does not exist", state.stderr().strip(), what + ": state");
        }
        crema.run("list").ok();
        Crema.Result delete = crema.run("delete", "--force", id);
        assertEquals(0, delete.exitCode(), what + ": delete --force: " + delete.stderr());
        try {
            before.assertClean(crema, id);
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
        assertFalse(crema.run("list").ok().stdout().contains(id), what + ": still listed");
    }

    private record Run(int exitCode, String stderr) {}

    /** One syscall of the traced thread: its name and which call of that name it is (1-based), as strace counts. */
    record Call(String name, int occurrence) {}

    /**
     * Runs crema with these arguments; once its main thread waits at the pause, strace attaches to that thread
     * (with the injection, if any), and the pause is let go.
     */
    private Run traceMainThread(Pause pause, List<String> args, Path trace, String inject) throws Exception {
        Path err = Files.createTempFile("crema-faults", ".err");
        try (pause) {
            java.lang.Process crema = new ProcessBuilder(this.crema.jvmCommandLine(args.toArray(String[]::new)))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
            try {
                long tid = waitingThread(crema.pid(), pause.syscall());
                List<String> command = new ArrayList<>(List.of(STRACE, "-q", "-o", trace.toString(), "-p", Long.toString(tid)));
                if (inject != null) command.addAll(List.of("-e", "inject=" + inject));
                java.lang.Process strace = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                try {
                    waitTraced(crema.pid(), tid, strace);
                    pause.release();
                    if (!crema.waitFor(60, TimeUnit.SECONDS)) fail("crema " + args + " did not finish under strace");
                    if (!strace.waitFor(30, TimeUnit.SECONDS)) fail("strace did not end with crema");
                } finally {
                    strace.destroyForcibly();
                }
                return new Run(crema.exitValue(), Files.readString(err));
            } finally {
                crema.destroyForcibly();
                crema.waitFor();
            }
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /**
     * The thread of {@code pid} that waits in syscall {@code nr} (the pause): seen there twice, 20 ms apart, so a
     * quick call of the same syscall during the JVM's startup is not taken for it.
     */
    private static long waitingThread(long pid, int nr) throws Exception {
        long candidate = -1;
        for (int i = 0; i < 1500; i++) {
            long found = -1;
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        if (Files.readString(task.resolve("syscall")).startsWith(nr + " ")) {
                            found = Long.parseLong(task.getFileName().toString());
                        }
                    } catch (IOException ignored) {
                        // the thread ended
                    }
                }
            } catch (IOException e) {
                fail("crema " + pid + " ended before it reached its pause");
            }
            if (found >= 0 && found == candidate) return found;
            candidate = found;
            Thread.sleep(20);
        }
        throw new AssertionError("crema " + pid + " never waited in syscall " + nr);
    }

    /** Returns once strace traces the thread, or the thread is gone (killed at the syscall it waited in). */
    private static void waitTraced(long pid, long tid, java.lang.Process strace) throws Exception {
        Path status = Path.of("/proc/" + pid + "/task/" + tid + "/status");
        for (int i = 0; i < 3000; i++) {
            List<String> lines;
            try {
                lines = Files.readAllLines(status);
            } catch (IOException gone) {
                return;
            }
            for (String line : lines) {
                if (line.startsWith("TracerPid:") && !line.endsWith("\t0")) return;
            }
            if (!strace.isAlive()) fail("strace could not attach to " + tid);
            Thread.sleep(5);
        }
        fail("strace did not attach to " + tid);
    }

    /** Where crema waits for the test: a syscall number, and how the test lets it go on. */
    private interface Pause extends AutoCloseable {
        int syscall();

        void release() throws Exception;

        @Override
        default void close() throws Exception {}
    }

    /** config.json as a fifo: create blocks opening it until the test opens it to write the config. */
    private static final class ConfigFifo implements Pause {
        private final Path config;
        private final String text;

        ConfigFifo(Bundle bundle) throws Exception {
            bundle.write();
            config = bundle.dir.resolve("config.json");
            text = Files.readString(config);
            Files.delete(config);
            Crema.exec(List.of("mkfifo", config.toString()), null).ok();
        }

        @Override
        public int syscall() {
            return SYS_OPENAT;
        }

        @Override
        public void release() {
            // the writer runs on its own thread: if crema was killed before it opened the fifo, nobody reads
            Thread writer = new Thread(() -> {
                try (OutputStream out = Files.newOutputStream(config)) {
                    out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // crema died first: the fifo's reader went away
                }
            });
            writer.setDaemon(true);
            writer.start();
        }

        @Override
        public void close() throws Exception {
            // unblock a writer whose reader died (an O_RDWR open of a fifo never waits), then remove the fifo
            try (FileChannel unblock = FileChannel.open(config, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                unblock.size();
            } catch (IOException ignored) {
                // no writer waiting
            }
            Files.deleteIfExists(config);
        }
    }

    /** The container's lock, held by the test: start and delete wait for it in fcntl(F_SETLKW). */
    private static final class HeldLock implements Pause {
        private final FileChannel channel;
        private FileLock lock;

        HeldLock(Path containerDir) throws IOException {
            channel = FileChannel.open(containerDir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = channel.lock();
        }

        @Override
        public int syscall() {
            return SYS_FCNTL;
        }

        @Override
        public void release() throws IOException {
            lock.release();
            lock = null;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    // ---- the init sweep ----

    /** crema create under strace -f, optionally with an injection; strace detaches once crema has exited. */
    private void traceWholeCreate(String id, Path trace, String inject) throws Exception {
        List<String> command = new ArrayList<>(List.of(STRACE, "-f", "-q", "-I2", "-o", trace.toString()));
        if (inject != null) command.addAll(List.of("-e", "inject=" + inject));
        command.addAll(crema.jvmCommandLine("create", "--bundle", bundle.dir.toString(), id));
        java.lang.Process strace = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            ProcessHandle controller = null;
            for (int i = 0; i < 3000 && controller == null; i++) {
                controller = strace.toHandle().children().findFirst().orElse(null);
                if (controller == null) Thread.sleep(5);
            }
            if (controller == null) fail("strace started no crema");
            controller.onExit().get(60, TimeUnit.SECONDS);
            // a created container's process is still traced: SIGTERM makes strace detach from it and exit (-I2: with
            // -o and a command strace would otherwise block fatal signals)
            Crema.exec(List.of("kill", "-TERM", Long.toString(strace.pid())), null);
            if (!strace.waitFor(30, TimeUnit.SECONDS)) fail("strace did not detach");
        } finally {
            strace.destroyForcibly();
            strace.waitFor();
        }
    }

    /**
     * crema-init's syscalls in a strace -f trace of create (the processes descended from the one that execs
     * crema-init), keeping only names that no other process of the trace made, so an injection by name reaches
     * only the init.
     */
    static List<Call> initOnlyCalls(List<String> lines) {
        Set<String> initPids = new HashSet<>();
        Set<String> otherNames = new HashSet<>();
        List<String[]> initCalls = new ArrayList<>();
        // "PID clone3(...) = CHILD", or with -f often split: "PID <... clone3 resumed>...) = CHILD"
        Pattern child = Pattern.compile("^(\\d+) +(?:<\\.\\.\\. )?(?:clone3?|fork|vfork)[ (].* = (\\d+)$");
        for (String line : lines) {
            Matcher c = child.matcher(line);
            if (c.find() && initPids.contains(c.group(1))) initPids.add(c.group(2));
            Matcher m = SYSCALL.matcher(line);
            String pid = m.find() ? m.group(1) : null;
            if (pid == null) continue;
            String name = m.group(2);
            if (name.equals("execve") && line.contains("crema-init")) initPids.add(pid);
            if (initPids.contains(pid)) {
                initCalls.add(new String[] {pid, name});
            } else {
                otherNames.add(name);
            }
        }
        // the JVM's threads use these too, or a kill there would not be the init's
        Map<String, Integer> seen = new HashMap<>();
        List<Call> calls = new ArrayList<>();
        for (String[] call : initCalls) {
            if (otherNames.contains(call[1]) || call[1].equals("execve") || call[1].equals("exit_group")) continue;
            int n = seen.merge(call[0] + " " + call[1], 1, Integer::sum);
            calls.add(new Call(call[1], n));
        }
        return calls;
    }

    // ---- shared ----

    /** The traced thread's syscalls in order, each with its occurrence number. */
    static List<Call> calls(List<String> lines, String pid) {
        Map<String, Integer> seen = new HashMap<>();
        List<Call> calls = new ArrayList<>();
        for (String line : lines) {
            Matcher m = SYSCALL.matcher(line);
            if (!m.find() || (pid != null && !pid.equals(m.group(1)))) continue;
            String name = m.group(2);
            calls.add(new Call(name, seen.merge(name, 1, Integer::sum)));
        }
        return calls;
    }

    /** POINTS indices spread evenly over 0..count-1, first and last included (every index with 0 or count <= POINTS). */
    static List<Integer> spread(int count) {
        List<Integer> points = new ArrayList<>();
        if (POINTS <= 0 || count <= POINTS) {
            for (int i = 0; i < count; i++) points.add(i);
            return points;
        }
        for (int i = 0; i < POINTS; i++) {
            int k = (int) ((long) i * (count - 1) / (POINTS - 1));
            if (points.isEmpty() || points.getLast() != k) points.add(k);
        }
        return points;
    }

    private static void waitGone(long pid) throws InterruptedException {
        for (int i = 0; i < 500 && Files.exists(Path.of("/proc/" + pid)); i++) Thread.sleep(10);
        assertFalse(Files.exists(Path.of("/proc/" + pid)), "process " + pid + " survived SIGKILL");
    }
}
