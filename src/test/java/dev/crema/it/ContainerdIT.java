package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * containerd (Debian's 1.6, with its runc v2 shim) driving crema as the runc binary: a containerd of the test's
 * own on a private socket, an OCI image made here from busybox and imported, and ctr as the client. Exit codes
 * and OOM reports are compared with the shim running runc, with crema without and through a crema server.
 */
class ContainerdIT {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String NAMESPACE = EngineFixture.Containerd.NAMESPACE;
    private static final String IMAGE = EngineFixture.Containerd.IMAGE;

    private static EngineFixture.Containerd containerd;

    @BeforeAll
    static void startContainerdAndImportTheImage() throws Exception {
        containerd = new EngineFixture.Containerd(Crema.LAUNCHER, Mode.PLAIN, "sh", "echo", "sleep", "cat", "hostname", "tty");
    }

    @AfterAll
    static void stopContainerd() throws Exception {
        if (containerd != null) containerd.stop();
    }

    private static List<String> ctrCommand(String... args) {
        return containerd.command(args);
    }

    private static Crema.Result ctr(String... args) {
        return containerd.ctr(args);
    }

    private static List<String> run(String... rest) {
        return containerd.run(rest);
    }

    @Test
    void runRemovePrintsHello() {
        assertEquals("hello from containerd\n",
                ctr(run("--rm", IMAGE, "ctd-hello", "echo", "hello from containerd").toArray(String[]::new)).ok().stdout());
        assertFalse(Files.exists(Path.of("/run/containerd/runc", NAMESPACE, "ctd-hello")), "crema's state is gone");
    }

    @Test
    void aTerminalGoesThroughTheShimsConsoleSocket() {
        String command = String.join(" ", ctrCommand(run("--rm", "-t", IMAGE, "ctd-tty", "tty").toArray(String[]::new)));
        String out = Crema.exec(List.of("script", "-qec", command, "/dev/null"), null).ok().stdout();
        assertTrue(out.contains("/dev/pts/0"), out);
    }

    @Test
    void detachedTaskExecKillAndDelete() throws Exception {
        String name = "ctd-detached";
        ctr(run("-d", IMAGE, name, "sleep", "1000").toArray(String[]::new)).ok();
        try {
            assertEquals("from-exec\n", ctr("task", "exec", "--exec-id", "e1", name, "echo", "from-exec").ok().stdout());
            assertEquals("RUNNING", status(name));
            ctr("task", "pause", name).ok();
            assertEquals("PAUSED", status(name));
            ctr("task", "resume", name).ok();
            ctr("task", "kill", "--signal", "SIGKILL", name).ok();
            for (int i = 0; i < 500 && !status(name).equals("STOPPED"); i++) Thread.sleep(10);
            assertEquals("STOPPED", status(name));
            ctr("task", "delete", name).ok();
        } finally {
            ctr("task", "delete", "--force", name);
            ctr("container", "delete", name);
        }
        assertFalse(Files.exists(Path.of("/run/containerd/runc", NAMESPACE, name)), "crema's state is gone");
    }

    @Test
    void aPausedTaskIsKilledAndForceDeleted() throws Exception {
        String name = "ctd-paused";
        ctr(run("-d", IMAGE, name, "sleep", "1000").toArray(String[]::new)).ok();
        try {
            ctr("task", "pause", name).ok();
            assertEquals("PAUSED", status(name));
            ctr("task", "kill", "--signal", "SIGKILL", name).ok();
            for (int i = 0; i < 500 && !status(name).equals("STOPPED"); i++) Thread.sleep(10);
            assertEquals("STOPPED", status(name), "SIGKILL thaws a paused container, as with runc");
            ctr("task", "delete", name).ok();
        } finally {
            ctr("task", "delete", "--force", name);
            ctr("container", "delete", name);
        }
        // and task rm -f of a paused task (it hung for minutes when kill left the cgroup frozen)
        String forced = "ctd-paused-rm";
        ctr(run("-d", IMAGE, forced, "sleep", "1000").toArray(String[]::new)).ok();
        try {
            ctr("task", "pause", forced).ok();
            ctr("task", "rm", "-f", forced).ok();
            assertEquals("", status(forced));
        } finally {
            ctr("task", "delete", "--force", forced);
            ctr("container", "delete", forced);
        }
        assertFalse(Files.exists(Path.of("/run/containerd/runc", NAMESPACE, forced)), "crema's state is gone");
    }

    /**
     * ctr run's exit code: the task's own; 137 after SIGKILL; a task the runtime cannot start (a missing program, a
     * non-executable) is ctr's own error, exit 1 (ctr, unlike docker and podman, maps no runtime words to 126/127).
     */
    @Test
    void exitCodesAsWithRunc() throws Exception {
        containerd.sameAsRunc(List.of("42", "1", "1", "137"), runtime -> List.of(
                exit(runtime, "sh", "-c", "exit 42"), exit(runtime, "/nonexistent"), exit(runtime, "/etc/hostname"),
                killed(runtime)));
    }

    /** Out of memory: ctr run exits 137 and containerd publishes the task's OOM event (the shim watches the cgroup). */
    @Test
    void anOomKillIsReportedAsWithRunc() throws Exception {
        containerd.sameAsRunc(List.of("exit 137", "oom event true"), runtime -> {
            String name = "ctd-oom-" + SEQUENCE.incrementAndGet();
            Path events = Files.createTempFile("crema-it-ctd-events", ".txt");
            Process watch = new ProcessBuilder(ctrCommand("events")).redirectErrorStream(true)
                    .redirectOutput(events.toFile()).start();
            try {
                Thread.sleep(200); // subscribed before the run
                int exit = ctr(containerd.runWith(runtime, "--rm", "--memory-limit", "16777216", IMAGE, name, "sh", "-c",
                        EngineFixture.MEMORY_HOG).toArray(String[]::new)).exitCode();
                boolean oom = false;
                for (int i = 0; i < 200 && !oom; i++) {
                    oom = Files.readAllLines(events).stream().anyMatch(l -> l.contains("/tasks/oom") && l.contains(name));
                    if (!oom) Thread.sleep(10);
                }
                return List.of("exit " + exit, "oom event " + oom);
            } finally {
                watch.destroy();
                watch.waitFor(10, TimeUnit.SECONDS);
                Files.deleteIfExists(events);
                ctr("task", "delete", "--force", name);
                ctr("container", "delete", name);
            }
        });
    }

    private static String exit(Path runtime, String... command) {
        String name = "ctd-exit-" + SEQUENCE.incrementAndGet();
        List<String> args = new java.util.ArrayList<>(containerd.runWith(runtime, "--rm", IMAGE, name));
        args.addAll(List.of(command));
        try {
            return String.valueOf(ctr(args.toArray(String[]::new)).exitCode());
        } finally {
            ctr("task", "delete", "--force", name);
            ctr("container", "delete", name);
        }
    }

    /** The exit code of a foreground `ctr run --rm` whose task `ctr task kill -s SIGKILL` ends. */
    private static String killed(Path runtime) throws Exception {
        String name = "ctd-killed-" + SEQUENCE.incrementAndGet();
        try {
            return String.valueOf(EngineFixture.killedRunExit(
                    ctrCommand(containerd.runWith(runtime, "--rm", IMAGE, name, "sleep", "1000").toArray(String[]::new)),
                    () -> status(name).equals("RUNNING"),
                    () -> ctr("task", "kill", "--signal", "SIGKILL", name).ok()));
        } finally {
            ctr("task", "delete", "--force", name);
            ctr("container", "delete", name);
        }
    }

    /** The task's status as `ctr task ls` prints it. */
    private static String status(String name) {
        for (String line : ctr("task", "ls").ok().stdout().split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && fields[0].equals(name)) return fields[2];
        }
        return "";
    }
}
