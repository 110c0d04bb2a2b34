package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.testing.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Server mode (docs/server.md): bin/crema is the native client; with a `crema server` for the root it hands the
 * command over, without one (or with CREMA_NO_SERVER=1) it runs the JVM controller. Every command must print,
 * log and exit the same either way, the container must stay the caller's descendant, and a server that is
 * refused, idles out or is killed must leave commands working and nothing behind.
 */
class ServerIT extends ContainerTest {
    private static final Path NOBODY_CONNECT = Path.of("/usr/bin/setpriv");

    /** This test starts and stops its servers itself. */
    @Override
    protected boolean throughServer() {
        return false;
    }

    /** Stops this test's server; the socket a server killed by the test left (it answers no one) goes too. */
    @AfterEach
    void stopServer() throws IOException {
        crema.run("server", "stop");
        Files.deleteIfExists(crema.root().resolve("server.sock"));
    }

    @Test
    void startStatusStop() throws IOException {
        crema.run("server", "status").failed();
        Crema.Result started = crema.run("server", "start").ok();
        assertTrue(started.stdout().startsWith("crema server: started for " + crema.root()), started.stdout());
        Path socket = crema.root().resolve("server.sock");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(crema.root())));
        String status = crema.run("server", "status").ok().stdout();
        assertTrue(status.contains("root " + crema.root() + "\n"), status);
        assertTrue(status.contains("build " + version() + " "), status);
        assertTrue(crema.run("server", "start").ok().stdout().contains("already running"));
        crema.run("server", "stop").ok();
        assertEquals(3, crema.run("server", "status").exitCode());
        assertFalse(Files.exists(socket));
    }

    /**
     * The server outlives the command that started it: it must not keep that caller's fds (an engine's pipe held
     * open by a daemon would never reach end of file), only the stdio it is given and what it opens itself.
     */
    @Test
    void theServerKeepsNoneOfTheStartingCallersFds() throws IOException {
        Path marker = Files.writeString(bundle.dir.resolve("caller-fd"), "mine");
        List<String> start = new ArrayList<>(List.of("sh", "-c", "exec 3<\"$0\" 7<\"$0\"; exec \"$@\"", marker.toString()));
        start.addAll(crema.commandLine("server", "start"));
        Crema.exec(start, null).ok();
        long serverPid = Long.parseLong(crema.run("server", "status").ok().stdout().lines()
                .filter(l -> l.startsWith("pid ")).findFirst().orElseThrow().substring(4));
        List<String> held = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/" + serverPid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    held.add(fd.getFileName() + " -> " + Files.readSymbolicLink(fd));
                } catch (IOException gone) {
                    // closed while listed
                }
            }
        }
        assertTrue(held.stream().noneMatch(l -> l.endsWith(marker.toString())), "the server holds: " + held);
        crema.run("server", "stop").ok();
    }

    /** The same commands with and without the server: stdout, stderr, exit codes and --log json lines. */
    @Test
    void commandsPrintLogAndExitTheSameThroughTheServer() throws IOException {
        bundle.script("echo out; echo err >&2; exit 3").write();
        List<String> direct = transcript(false);
        crema.run("server", "start").ok();
        long servedBefore = served();
        List<String> served = transcript(true);
        assertEquals(direct, served);
        assertTrue(served() > servedBefore, "the commands went to the server");
    }

    private List<String> transcript(boolean throughServer) throws IOException {
        String id = newId();
        Path log = bundle.dir.resolve("log-" + throughServer + ".json");
        Path input = bundle.dir.resolve("resources.json");
        Files.writeString(input, "{\"pids\": {\"limit\": 20}}");
        List<List<String>> commands = List.of(
                List.of("--version"),
                List.of("list"),
                List.of("state", id),
                List.of("--log", log.toString(), "--log-format", "json", "state", id),
                List.of("--log-format", "json", "kill", id),
                List.of("no-such-command"),
                List.of("run", "--bundle", bundle.dir.toString(), "--bogus", id),
                List.of("run", "--bundle", bundle.dir.toString(), id),
                List.of("--log", log.toString(), "--log-format", "json", "--debug", "run", "--bundle", ".", id),
                List.of("state", id),
                List.of("server", "--help"),
                List.of("spec", "--bundle", "."));
        List<String> lines = new ArrayList<>();
        for (List<String> command : commands) {
            Crema.Result r = client(throughServer, bundle.dir, null, command);
            lines.add(String.join(" ", command).replace(log.toString(), "LOG") + " -> " + r.exitCode() + "\nout: "
                    + r.stdout() + "\nerr: " + normalise(r.stderr()));
        }
        // a created container: its state (less pid and time), update from stdin, exec, kill and delete
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        try {
            for (List<String> command : List.of(List.of("update", "--resources", "-", id), List.of("start", id),
                    List.of("delete", id), List.of("--log", log.toString(), "--log-format", "json", "delete", "--force", id),
                    List.of("delete", id))) {
                Crema.Result r = client(throughServer, bundle.dir, input, command);
                lines.add(String.join(" ", command).replace(log.toString(), "LOG") + " -> " + r.exitCode()
                        + "\nout: " + r.stdout() + "\nerr: " + normalise(r.stderr()));
            }
        } finally {
            crema.run("delete", "--force", id);
        }
        lines.add("log: " + normalise(Files.readString(log)).replace(id, "ID"));
        return lines.stream().map(l -> l.replace(id, "ID")).toList();
    }

    /** Less what differs between any two runs: the log lines' times and --debug's phase durations (not their names). */
    private static String normalise(String text) {
        return text.replaceAll("\"time\":\"[^\"]*\"", "\"time\":\"T\"").replaceAll("time=\"[^\"]*\"", "time=\"T\"")
                .replaceAll("phase ([a-z]+): -?\\d+\\.\\d{3} ms", "phase $1: D ms");
    }

    /** Only the server's uid may use it: a peer of another uid that reaches the socket is refused. */
    @Test
    void anotherUidIsRefused() throws Exception {
        Requirement.needProgram(NOBODY_CONNECT.toString(), "util-linux");
        Requirement.needProgram("/usr/bin/python3", "python3");
        crema.run("server", "start").ok();
        Path socket = crema.root().resolve("server.sock");
        // what a careless admin might do: open the directory and the socket to everyone; SO_PEERCRED still refuses
        Files.setPosixFilePermissions(crema.root(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            String script = "import socket,struct\n"
                    + "s=socket.socket(socket.AF_UNIX,socket.SOCK_STREAM)\n"
                    + "s.connect('" + socket + "')\n"
                    + "h=b''\n"
                    + "while len(h)<8:\n"
                    + "  c=s.recv(8-len(h))\n"
                    + "  if not c: break\n"
                    + "  h+=c\n"
                    + "n,t,f=struct.unpack('<IHH',h)\n"
                    + "p=b''\n"
                    + "while len(p)<n: p+=s.recv(n-len(p))\n"
                    + "print(t, p[4:].decode())\n";
            Crema.Result r = Crema.exec(List.of(NOBODY_CONNECT.toString(), "--reuid=65534", "--regid=65534",
                    "--clear-groups", "/usr/bin/python3", "-c", script), null).ok();
            assertEquals("4 uid 65534 may not use the server of uid 0\n", r.stdout());
            String expected = client(false, null, null, List.of("--version")).ok().stdout();
            long before = served();
            // the client of that uid is refused too, and runs the JVM controller itself (from a copy uid 65534 can read:
            // the checkout may be under /root)
            Path copy = Files.createTempDirectory("crema-server-nobody-");
            try {
                Path client = ReadableCopy.of(copy);
                Crema.Result version = Crema.exec(List.of(NOBODY_CONNECT.toString(), "--reuid=65534", "--regid=65534",
                        "--clear-groups", client.toString(), "--root", crema.root().toString(), "--version"), null).ok();
                assertEquals(expected, version.stdout());
            } finally {
                Crema.exec(List.of("rm", "-rf", copy.toString()), null);
            }
            assertEquals(before, served());
        } finally {
            Files.setPosixFilePermissions(crema.root(), PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void idleServerExits() throws Exception {
        crema.run("server", "start", "--idle-timeout", "1s").ok();
        crema.run("list").ok();
        // asked by the JVM controller: a `server status` through the client would be a command, and keep it busy
        List<String> status = List.of("server", "status");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client(false, null, null, status).exitCode() == 0 && System.nanoTime() < deadline) Thread.sleep(100);
        assertEquals(3, client(false, null, null, status).exitCode());
        assertFalse(Files.exists(crema.root().resolve("server.sock")));
        assertEquals("", crema.run("list", "-q").ok().stdout());
    }

    /** A server of another build answers no command: the client runs the JVM controller, with the same result. */
    @Test
    void serverOfAnotherBuildIsRefused() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CREMA_SERVER_BUILD", "0.0.0 another-build");
        Crema.exec(crema.commandLine("server", "start"), null, null, env).ok();
        assertTrue(crema.run("server", "status").ok().stdout().contains("build 0.0.0 another-build\n"));
        bundle.script("echo fell back").write();
        assertEquals("fell back\n", crema.run("run", "--bundle", bundle.dir.toString(), newId()).ok().stdout());
        assertEquals(0, served());
    }

    /**
     * A foreground run through the server: the container is the client's descendant (the client is the
     * subreaper), a SIGTERM to the client reaches the container, and the exit code is the container's.
     */
    @Test
    void foregroundRunRelaysSignalsAndExitCode() throws Exception {
        crema.run("server", "start").ok();
        bundle.script("trap 'exit 42' TERM; touch /ready; while true; do sleep 0.1; done").write();
        String id = newId();
        Path err = bundle.dir.resolve("client.err");
        Process client = new ProcessBuilder(crema.commandLine("run", "--bundle", bundle.dir.toString(), id))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        Path ready = bundle.rootfs().resolve("ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(ready) && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(Files.exists(ready), "the container started");
        long pid = initPid(id);
        assertTrue(ancestors(pid).contains(client.pid()), "the container descends from the client: " + ancestors(pid));
        new ProcessBuilder("kill", "-TERM", Long.toString(client.pid())).start().waitFor();
        assertTrue(client.waitFor(60, TimeUnit.SECONDS));
        assertEquals(42, client.exitValue(), Files.readString(err));
        assertFalse(crema.root().resolve(id).toFile().exists(), "run deleted its container");
        assertEquals(2, served(), "the run (and the state above) went to the server");
    }

    /**
     * kill -9 of the server in the middle of a command: the client fails with one clear line and leaves no child
     * of its own; the next command, with a stale socket, runs the JVM controller; a new server replaces the
     * stale socket.
     */
    @Test
    void killedServerFailsInFlightCommandsClearlyAndTheNextFallsBack() throws Exception {
        crema.run("server", "start").ok();
        long serverPid = Long.parseLong(crema.run("server", "status").ok().stdout().lines()
                .filter(l -> l.startsWith("pid ")).findFirst().orElseThrow().substring(4));
        bundle.script("touch /ready; sleep 1000").write();
        String id = newId();
        // the container shares the client's stdio: files, since a pipe would stay open as long as it runs
        Path err = bundle.dir.resolve("client.err");
        Process client = new ProcessBuilder(crema.commandLine("run", "--bundle", bundle.dir.toString(), id))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        Path ready = bundle.rootfs().resolve("ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(ready) && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(Files.exists(ready), "the container started");
        new ProcessBuilder("kill", "-KILL", Long.toString(serverPid)).start().waitFor();
        assertTrue(client.waitFor(60, TimeUnit.SECONDS));
        String stderr = Files.readString(err);
        assertEquals(1, client.exitValue(), stderr);
        assertEquals("crema: the crema server of " + crema.root() + " went away during the command (stopped or killed); "
                + "its outcome is unknown, see crema state or crema list\n", stderr);
        // the stale socket answers nobody: the JVM controller serves, and sees the container
        assertTrue(Files.exists(crema.root().resolve("server.sock")));
        assertTrue(crema.run("state", id).ok().stdout().contains("\"status\": \"running\""));
        crema.run("delete", "--force", id).ok();
        crema.run("server", "start").ok();
        assertEquals(0, crema.run("list", "-q").ok().stdout().length());
        assertNotEquals(0, served());
    }

    /**
     * kill -9 of the server while several creates are in flight: each either completed (its container is there
     * and deletable) or failed with the one line naming the server; delete --force, by the JVM controller now,
     * leaves nothing (ContainerTest checks state dirs, cgroups, mounts and inits after the test).
     */
    @Test
    void killedServerDuringCreatesLeavesNothingBehindDeleteCannotRemove() throws Exception {
        crema.run("server", "start").ok();
        long serverPid = Long.parseLong(client(false, null, null, List.of("server", "status")).ok().stdout().lines()
                .filter(l -> l.startsWith("pid ")).findFirst().orElseThrow().substring(4));
        bundle.script("sleep 1000").write();
        List<String> ids = new ArrayList<>();
        List<Process> clients = new ArrayList<>();
        List<Path> errs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = newId();
            Path err = bundle.dir.resolve("create-" + i + ".err");
            ids.add(id);
            errs.add(err);
            clients.add(new ProcessBuilder(crema.commandLine("create", "--bundle", bundle.dir.toString(), id))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start());
        }
        // the kill lands once the first create has its state directory: the others are somewhere in theirs
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ids.stream().noneMatch(id -> Files.exists(crema.root().resolve(id))) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        new ProcessBuilder("kill", "-KILL", Long.toString(serverPid)).start().waitFor();
        String wentAway = "crema: the crema server of " + crema.root() + " went away during the command";
        for (int i = 0; i < clients.size(); i++) {
            assertTrue(clients.get(i).waitFor(60, TimeUnit.SECONDS));
            String stderr = Files.readString(errs.get(i));
            if (clients.get(i).exitValue() == 0) {
                assertEquals("", stderr);
                assertTrue(crema.run("state", ids.get(i)).ok().stdout().contains("\"status\": \"created\""));
            } else {
                // a create the server had not yet accepted fell back to the JVM and succeeded: only this fails
                assertEquals(1, clients.get(i).exitValue(), stderr);
                assertTrue(stderr.startsWith(wentAway), stderr);
            }
        }
        for (String id : ids) crema.run("delete", "--force", id);
        for (String id : ids) assertFalse(Files.exists(crema.root().resolve(id)), id + " left a state directory");
    }

    /** The socket of crema.socket: systemd listens and passes it as fd 3 (LISTEN_FDS); the server takes it. */
    @Test
    void socketActivatedServerTakesTheInheritedSocket() throws Exception {
        Path activate = Requirement.needProgram("/usr/bin/systemd-socket-activate", "systemd");
        Files.createDirectories(crema.root());
        Files.setPosixFilePermissions(crema.root(), PosixFilePermissions.fromString("rwx------"));
        Path socket = crema.root().resolve("server.sock");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CREMA_SERVER_JVM", "1");
        ProcessBuilder pb = new ProcessBuilder(activate.toString(), "-l", socket.toString(), "-E", "CREMA_SERVER_JVM=1",
                Crema.REPO.resolve("bin/crema-jvm").toString(), "--root", crema.root().toString(), "server", "start",
                "--foreground").redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process systemd = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(socket) && System.nanoTime() < deadline) Thread.sleep(20);
            // the first connection starts the server on the socket systemd made
            assertTrue(crema.run("--version").ok().stdout().startsWith("crema version"));
            assertTrue(served() >= 1);
        } finally {
            crema.run("server", "stop");
            systemd.destroy();
            systemd.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(socket);
        }
    }

    /** Commands the server has served; asked by the JVM controller (a control request, not a command itself). */
    private long served() {
        Crema.Result status = client(false, null, null, List.of("server", "status"));
        if (status.exitCode() != 0) return 0;
        for (String line : status.stdout().split("\n")) {
            if (line.startsWith("served ")) return Long.parseLong(line.substring(7));
        }
        throw new AssertionError("no served line: " + status.stdout());
    }

    private Crema.Result client(boolean throughServer, Path dir, Path input, List<String> args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (!throughServer) env.put("CREMA_NO_SERVER", "1");
        List<String> command = new ArrayList<>(crema.commandLine());
        command.addAll(args);
        return Crema.exec(command, dir, input, env);
    }

    private static String version() throws IOException {
        String pom = Files.readString(Crema.REPO.resolve("pom.xml"));
        int at = pom.indexOf("<version>") + "<version>".length();
        return pom.substring(at, pom.indexOf("</version>", at));
    }

    private static List<Long> ancestors(long pid) throws IOException {
        List<Long> out = new ArrayList<>();
        while (pid > 1) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            pid = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
            out.add(pid);
        }
        return out;
    }
}
