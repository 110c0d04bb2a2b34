package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CVE-2024-21626 by the front door: --preserve-fds N hands the container fds 3..3+N-1, and they must be the
 * caller's, never the runtime's. A JVM holds its runtime image (lib/modules) and class-path jar at the lowest
 * free numbers, and crema opens the container's lock and state files (writable, in the runtime root) without
 * close-on-exec; runc 1.1.5 passes its /sys/fs/cgroup fd the same way. Each container here lists what it got at
 * fds 3..12, writes through each one and tries to reopen it for writing through /proc/self/fd; the host's
 * runtime root, jar and runtime image must come out unchanged. Every case runs once through the JVM controller
 * (CREMA_NO_SERVER=1) and once through a `crema server`, whose client spawns the init with its own fds: both
 * must give the same listing. Hooks, host programs, get only stdio in both modes, as with runc.
 */
@Tag("security")
class AttackPreservedFdsIT extends AttackTest {
    private static final String MARK = "crema-fd-attack";
    /** What fds 3..12 are; the shell opens no fd of its own meanwhile (the pipe of $(...) is closed in the child). */
    private static final String LIST = "for fd in 3 4 5 6 7 8 9 10 11 12; do"
            + " [ -L /proc/self/fd/$fd ] && echo \"FD $fd $(readlink /proc/self/fd/$fd)\"; done; ";
    /**
     * A write through each fd, and a reopen for writing through /proc/self/fd, which gets past an fd opened
     * read-only: the reopen writes nothing (before this fix it appended to crema.jar and lib/modules).
     */
    private static final String ATTACK = "for fd in 3 4 5 6 7 8 9 10 11 12; do"
            + " ( exec 2>/dev/null; eval \"exec 1>&$fd\" && echo " + MARK + " ) && echo \"WROTE $fd\";"
            + " ( exec 2>/dev/null; eval \": >>/proc/self/fd/$fd\" ) && echo \"REOPENED $fd\"; done; ";
    /** The report is complete at END; the process then waits for the test's go (the host check comes first). */
    private static final String REPORT_AND_WAIT = LIST + ATTACK
            + "echo END; while [ ! -e /tmp/go ]; do sleep 0.1; done";

    /** This test starts its own server for the half of each case that goes through one. */
    @Override
    protected boolean throughServer() {
        return false;
    }

    @AfterEach
    void stopServer() {
        crema.run("server", "stop");
    }

    @Test
    void runWithPreservedFdsFromACallerWithOnlyStdioGetsNothing() throws Exception {
        bundle.script(REPORT_AND_WAIT).write();
        assertSameInBothModes(server -> attack(server, "", "run", "--preserve-fds", "10", "--bundle", bundle.dir.toString(), newId()));
    }

    @Test
    void runWithoutTheAotCacheHasTheJarOpenAtMainAndStillPassesNothing() throws Exception {
        // without the AOT cache the JVM reads classes from crema.jar before main: it sits at fd 4, after lib/modules
        bundle.script(REPORT_AND_WAIT).write();
        List<String> report = attack(false, "", Map.of("JAVA_TOOL_OPTIONS", "-XX:AOTMode=off"),
                "run", "--preserve-fds", "10", "--bundle", bundle.dir.toString(), newId());
        assertEquals(List.of(), report);
    }

    @Test
    void createAndStartWithPreservedFdsFromACallerWithOnlyStdioGetsNothing() throws Exception {
        bundle.script(REPORT_AND_WAIT).write();
        assertSameInBothModes(server -> {
            String id = newId();
            // the container's stdout is create's (the report file); start once create is done
            return attack(server, "", create -> {
                assertEquals(0, exitOf(create), "create");
                crema.run("start", id).ok();
            }, Map.of(), "create", "--preserve-fds", "10", "--bundle", bundle.dir.toString(), id);
        });
    }

    @Test
    void execWithPreservedFdsFromACallerWithOnlyStdioGetsNothing() throws Exception {
        assertSameInBothModes(server -> {
            String id = runDetached("sleep 1000");
            return attack(server, "", "exec", "--preserve-fds", "10", id, "sh", "-c", "'" + REPORT_AND_WAIT + "'");
        });
    }

    @Test
    void theCallersOwnFdsPassAndTheGapBetweenThemStaysClosedAsInRunc() throws Exception {
        Path three = Files.writeString(bundle.dir.resolve("three"), "passed at 3\n");
        Path five = Files.writeString(bundle.dir.resolve("five"), "passed at 5\n");
        bundle.script(LIST + "cat <&3; cat <&5").write();
        String opens = "exec 3<" + three + " 5<" + five + "; ";
        List<String> expected = List.of("FD 3 " + three, "FD 5 " + five, "passed at 3", "passed at 5");
        Crema.Result jvm = caller(false, opens, Map.of(), crema.commandLine("run", "--preserve-fds", "3",
                "--bundle", bundle.dir.toString(), newId()));
        assertEquals(expected, jvm.ok().stdout().lines().toList(), "the JVM controller");
        crema.run("server", "start", "--idle-timeout", "10m").ok();
        long servedBefore = served();
        Crema.Result server = caller(true, opens, Map.of(), crema.commandLine("run", "--preserve-fds", "3",
                "--bundle", bundle.dir.toString(), newId()));
        assertEquals(expected, server.ok().stdout().lines().toList(), "through a server");
        assertTrue(served() > servedBefore, "the command went to the server");
        // runc agrees on 3 and 5, and hands its own O_PATH fd of /sys/fs/cgroup in the gap at 4 (the fd
        // CVE-2024-21626 used); docs/compat.md#differences-on-purpose
        assertTrue(Files.isExecutable(Path.of("/usr/sbin/runc")), "runc is needed to compare (installed by ./test)");
        Path runcRoot = crema.root().resolveSibling(crema.root().getFileName() + "-runc");
        String id = "crema-it-runc-" + ProcessHandle.current().pid();
        try {
            List<String> runc = new ArrayList<>(caller(false, opens, Map.of(), List.of("runc", "--root", runcRoot.toString(),
                    "run", "--preserve-fds", "3", "--bundle", bundle.dir.toString(), id)).ok().stdout().lines().toList());
            assertTrue(runc.remove("FD 4 /sys/fs/cgroup"), "runc 1.1.5 passes its cgroup fd at 4: " + runc);
            assertEquals(expected, runc);
        } finally {
            Crema.exec(List.of("runc", "--root", runcRoot.toString(), "delete", "--force", id), null);
            Crema.exec(List.of("rm", "-rf", runcRoot.toString()), null);
        }
    }

    /**
     * Hooks are host programs and get only stdio, as runc's prestart and createRuntime hooks (Go's exec.Cmd): not
     * the caller's fd 3 and 7, though --preserve-fds hands them to the container, nor the JVM's runtime image or
     * the container's lock file (the plain CLI), nor the client's fds (under a server). createContainer runs from
     * crema-init, which holds the preserved fds; runc's init passes them on to that hook.
     */
    @Test
    void hooksGetOnlyStdioNotTheCallersNorTheRuntimesFds() throws Exception {
        bundle.script("true");
        String opens = "exec 3</etc/hostname 7<" + bundle.dir.resolve("config.json") + "; ";
        Map<String, List<String>> jvm = hookFds(bundle.dir.resolve("jvm"), () -> caller(false, opens, Map.of(),
                crema.commandLine("run", "--preserve-fds", "5", "--bundle", bundle.dir.toString(), newId())).ok());
        crema.run("server", "start", "--idle-timeout", "10m").ok();
        long servedBefore = served();
        Map<String, List<String>> server = hookFds(bundle.dir.resolve("server"), () -> caller(true, opens, Map.of(),
                crema.commandLine("run", "--preserve-fds", "5", "--bundle", bundle.dir.toString(), newId())).ok());
        assertTrue(served() > servedBefore, "the command went to the server");
        assertTrue(Files.isExecutable(Path.of("/usr/sbin/runc")), "runc is needed to compare (installed by ./test)");
        Path runcRoot = crema.root().resolveSibling(crema.root().getFileName() + "-runc");
        String id = "crema-it-runc-" + ProcessHandle.current().pid();
        Map<String, List<String>> runc;
        try {
            runc = hookFds(bundle.dir.resolve("runc"), () -> caller(false, opens, Map.of(), List.of("runc", "--root",
                    runcRoot.toString(), "run", "--preserve-fds", "5", "--bundle", bundle.dir.toString(), id)).ok());
        } finally {
            Crema.exec(List.of("runc", "--root", runcRoot.toString(), "delete", "--force", id), null);
            Crema.exec(List.of("rm", "-rf", runcRoot.toString()), null);
        }
        List<String> only = List.of("0", "1", "2");
        Map<String, List<String>> stdio = Map.of("prestart", only, "createRuntime", only, "createContainer", only);
        assertEquals(stdio, numbers(jvm), "the JVM controller: " + jvm);
        assertEquals(stdio, numbers(server), "through a server: " + server);
        assertEquals(only, numbers(runc).get("prestart"), "runc: " + runc);
        assertEquals(only, numbers(runc).get("createRuntime"), "runc: " + runc);
        // runc 1.1.5 runs createContainer hooks from its init, which holds the preserved fds (and its init pipe,
        // exec fifo and /sys/fs/cgroup): they reach the hook there; a difference on purpose (compat.md)
        assertTrue(runc.get("createContainer").containsAll(List.of("3 /etc/hostname", "7 " + bundle.dir.resolve("config.json"))),
                "runc: " + runc);
    }

    private interface Run {
        void run() throws Exception;
    }

    /** Runs a command whose prestart, createRuntime and createContainer hooks list their fds ("N target" lines) into dir. */
    private Map<String, List<String>> hookFds(Path dir, Run command) throws Exception {
        Files.createDirectories(dir);
        Map<String, Object> hooks = new HashMap<>();
        for (String kind : List.of("prestart", "createRuntime", "createContainer")) {
            // -c, not a script file: the shell would hold the script open at fd 10; `exec >` saves no copy of fd 1
            String list = "exec >" + dir.resolve(kind) + "; for fd in $(seq 0 255); do [ -L /proc/self/fd/$fd ]"
                    + " && echo \"$fd $(readlink /proc/self/fd/$fd)\"; done; exit 0";
            hooks.put(kind, List.of(Map.of("path", "/bin/sh", "args", List.of("sh", "-c", list), "env", List.of("PATH=/usr/bin:/bin"))));
        }
        bundle.config.put("hooks", hooks);
        bundle.write();
        command.run();
        Map<String, List<String>> fds = new HashMap<>();
        for (String kind : hooks.keySet()) fds.put(kind, Files.readAllLines(dir.resolve(kind)));
        return fds;
    }

    /** The fd numbers of each listing. */
    private static Map<String, List<String>> numbers(Map<String, List<String>> listings) {
        Map<String, List<String>> numbers = new HashMap<>();
        listings.forEach((kind, lines) -> numbers.put(kind, lines.stream().map(l -> l.split(" ")[0]).toList()));
        return numbers;
    }

    private interface Case {
        List<String> run(boolean throughServer) throws Exception;
    }

    /** What to do with the caller's process before the report comes (create: wait for it, then start). */
    private interface Then {
        void accept(Process caller) throws Exception;
    }

    /** The case through the JVM controller, then through a server: nothing passed either way, the same listing. */
    private void assertSameInBothModes(Case attackCase) throws Exception {
        List<String> jvm = attackCase.run(false);
        crema.run("server", "start", "--idle-timeout", "10m").ok();
        long servedBefore = served();
        List<String> server = attackCase.run(true);
        assertTrue(served() > servedBefore, "the command went to the server");
        assertEquals(List.of(), jvm, "the JVM controller passed fds the caller did not have");
        assertEquals(jvm, server);
    }

    private List<String> attack(boolean throughServer, String opens, String... args) throws Exception {
        return attack(throughServer, opens, caller -> { }, Map.of(), args);
    }

    private List<String> attack(boolean throughServer, String opens, Map<String, String> env, String... args) throws Exception {
        return attack(throughServer, opens, caller -> { }, env, args);
    }

    /**
     * Starts crema with {@code args} from a caller with only stdio (a shell that opens {@code opens} first), runs
     * {@code then} on it, waits for the container's report, checks the host, lets the container
     * end; returns the report's FD, WROTE and REOPENED lines.
     */
    private List<String> attack(boolean throughServer, String opens, Then then, Map<String, String> env, String... args)
            throws Exception {
        Path out = Files.createTempFile(bundle.dir, "report", ".txt");
        Map<String, String> files = hostFiles();
        Process caller = startCaller(throughServer, opens, env, crema.commandLine(args), out);
        try {
            then.accept(caller);
            String report = awaitEnd(out, caller);
            assertHostUnchanged(files);
            return report.lines().filter(l -> l.startsWith("FD ") || l.startsWith("WROTE ") || l.startsWith("REOPENED ")).toList();
        } finally {
            Files.writeString(bundle.rootfs().resolve("tmp/go"), "");
            if (!caller.waitFor(30, TimeUnit.SECONDS)) caller.destroyForcibly();
            assertEquals(0, caller.exitValue(), "the caller: " + String.join(" ", args));
            Files.deleteIfExists(bundle.rootfs().resolve("tmp/go"));
        }
    }

    /** sh -c "OPENS exec COMMAND" from a ProcessBuilder: the shell starts with fds 0-2 only. */
    private Process startCaller(boolean throughServer, String opens, Map<String, String> env, List<String> command, Path out)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", opens + "exec " + String.join(" ", command))
                .redirectOutput(out.toFile()).redirectError(out.resolveSibling(out.getFileName() + ".err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (!throughServer) pb.environment().put("CREMA_NO_SERVER", "1");
        pb.environment().putAll(env);
        return pb.start();
    }

    private Crema.Result caller(boolean throughServer, String opens, Map<String, String> env, List<String> command) {
        Map<String, String> all = new HashMap<>(System.getenv());
        if (!throughServer) all.put("CREMA_NO_SERVER", "1");
        all.putAll(env);
        return Crema.exec(List.of("sh", "-c", opens + "exec " + String.join(" ", command)), null, null, all);
    }

    private static int exitOf(Process process) throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("timed out");
        return process.exitValue();
    }

    private static String awaitEnd(Path out, Process caller) throws Exception {
        for (int i = 0; i < 300; i++) {
            String report = Files.readString(out, StandardCharsets.UTF_8);
            if (report.lines().anyMatch("END"::equals)) return report;
            Thread.sleep(100);
        }
        throw new AssertionError("no report from the container (caller alive: " + caller.isAlive() + "): "
                + Files.readString(out) + Files.readString(out.resolveSibling(out.getFileName() + ".err")));
    }

    /** The runtime root's regular files (lock, state.json, ...), the jar and the JVM's runtime image, by content or size and time. */
    private Map<String, String> hostFiles() throws IOException {
        Map<String, String> files = new HashMap<>();
        if (Files.isDirectory(crema.root())) {
            try (Stream<Path> all = Files.walk(crema.root())) {
                for (Path p : all.filter(Files::isRegularFile).toList()) files.put(p.toString(), "content " + new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        for (Path big : new Path[] {Crema.REPO.resolve("target/crema.jar"), Crema.REPO.resolve("target/runtime/lib/modules")}) {
            if (Files.exists(big)) files.put(big.toString(), Files.size(big) + " bytes, modified " + Files.getLastModifiedTime(big));
        }
        return files;
    }

    /**
     * Nothing the container wrote reached the host: no file of the runtime root holds the mark (a state file
     * crema rewrote in between is new, not written to), and every file there before is as it was, or was
     * rewritten by crema itself (a state.json after start); the jar and the runtime image are unchanged.
     */
    private void assertHostUnchanged(Map<String, String> before) throws IOException {
        Map<String, String> now = hostFiles();
        for (Map.Entry<String, String> file : now.entrySet()) {
            assertFalse(file.getValue().contains(MARK), "the container wrote to the host's " + file.getKey());
            String was = before.get(file.getKey());
            if (was != null && !file.getKey().endsWith("/state.json")) assertEquals(was, file.getValue(), file.getKey());
        }
        for (Map.Entry<String, String> file : now.entrySet()) {
            if (file.getKey().endsWith("/lock")) assertEquals("content ", file.getValue(), "a lock file holds nothing: " + file.getKey());
        }
    }

    /** Commands the server has served (asked through the JVM controller, so the asking is not counted). */
    private long served() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CREMA_NO_SERVER", "1");
        Crema.Result status = Crema.exec(crema.commandLine("server", "status"), null, null, env);
        for (String line : status.stdout().split("\n")) {
            if (line.startsWith("served ")) return Long.parseLong(line.substring(7));
        }
        throw new AssertionError("no served line: " + status.stdout() + status.stderr());
    }
}
