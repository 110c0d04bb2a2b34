package dev.crema.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the integration tests: a state root and a busybox bundle per test, every container the test made
 * force-deleted afterwards, and the host checked clean.
 */
abstract class ContainerTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    protected Crema crema;
    protected Bundle bundle;
    protected HostSnapshot before;
    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void setUpRootAndBundle() throws IOException {
        Path root = Files.createDirectories(Path.of("/run/crema-it")).resolve("root-" + ProcessHandle.current().pid()
                + "-" + SEQUENCE.incrementAndGet());
        crema = new Crema(root);
        bundle = new Bundle();
        before = HostSnapshot.take();
        if (throughServer()) crema.run("server", "start", "--idle-timeout", "10m").ok();
    }

    /**
     * How the test's commands reach crema (docs/server.md). In server mode they go through a `crema server` of
     * its root, started before the test and stopped after it; CREMA_IT_SERVER=1 puts every test built on this
     * class in server mode.
     */
    protected Mode mode() {
        return Mode.PLAIN;
    }

    /** Whether this class's tests start a server of their root: {@link #mode}, as CREMA_IT_SERVER=1 may force it. */
    protected boolean throughServer() {
        return mode().server();
    }

    @AfterEach
    void removeContainersAndCheckHost() throws IOException {
        try {
            for (String id : ids) {
                crema.run("delete", "--force", id);
            }
            for (String id : ids) {
                before.assertClean(crema, id);
            }
        } finally {
            if (throughServer()) crema.run("server", "stop");
            bundle.close();
            if (Files.isDirectory(crema.root())) {
                try (var entries = Files.list(crema.root())) {
                    if (entries.findAny().isEmpty()) Files.delete(crema.root());
                }
            }
        }
    }

    /** A fresh container id, remembered for cleanup. */
    protected String newId() {
        String id = "crema-it-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        ids.add(id);
        return id;
    }

    /** crema run of the bundle as it is now; returns what the container printed. */
    protected Crema.Result runContainer() {
        bundle.write();
        return crema.run("run", "--bundle", bundle.dir.toString(), newId());
    }

    /** Runs the bundle detached with sh -c SCRIPT and returns the container's id. */
    protected String runDetached(String script) {
        bundle.script(script).write();
        String id = newId();
        crema.run("run", "-d", "--bundle", bundle.dir.toString(), id).ok();
        return id;
    }

    /** The state JSON of a container. */
    @SuppressWarnings("unchecked")
    protected java.util.Map<String, Object> state(String id) {
        return (java.util.Map<String, Object>) dev.crema.spec.Json.parse(crema.run("state", id).ok().stdout());
    }

    protected long initPid(String id) {
        return ((Number) state(id).get("pid")).longValue();
    }

    /** A file of the container's default cgroup (/crema/ID) in one v1 hierarchy, trimmed. */
    protected static String cgroupFile(String controller, String id, String file) throws IOException {
        return Files.readString(Path.of("/sys/fs/cgroup", controller, "crema", id, file)).trim();
    }

    /**
     * create of the bundle as it is now must fail with one line of error containing {@code error}, and leave
     * nothing behind; returns that error.
     */
    protected String assertCreateFails(String error) {
        bundle.write();
        return assertCreateFailsAsWritten(error);
    }

    /** As {@link #assertCreateFails}, with the config.json already on disk (a test wrote it by hand). */
    protected String assertCreateFailsAsWritten(String error) {
        String id = newId();
        Crema.Result result = crema.run("create", "--bundle", bundle.dir.toString(), id).failed();
        org.junit.jupiter.api.Assertions.assertTrue(result.stderr().contains(error),
                "expected \"" + error + "\" in: " + result.stderr());
        org.junit.jupiter.api.Assertions.assertEquals(1, result.stderr().strip().lines().count(), "one line: " + result.stderr());
        before.assertClean(crema, id);
        return result.stderr();
    }

    /**
     * Starts one of the tests' socket peers (src/test/resources/NAME: a console-socket receiver, a seccomp
     * agent) listening at {@code socket} and writing what it got to {@code out}; returns once it listens.
     */
    protected static java.lang.Process startSocketPeer(String name, Path socket, Path out) throws Exception {
        Path script = Crema.REPO.resolve("src/test/resources").resolve(name);
        java.lang.Process p = new ProcessBuilder("python3", script.toString(), socket.toString(), out.toString())
                .redirectErrorStream(true).start();
        for (int i = 0; i < 500 && !Files.exists(Path.of(socket + ".ready")); i++) Thread.sleep(10);
        org.junit.jupiter.api.Assertions.assertTrue(Files.exists(socket), name + " listening at " + socket);
        return p;
    }

    protected String output(String script) {
        bundle.script(script);
        return runContainer().ok().stdout().trim();
    }
}
