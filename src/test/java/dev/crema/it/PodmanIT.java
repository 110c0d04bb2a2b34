package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * podman (Debian's, with conmon) driving crema: run --rm, run -d, exec, stop, rm, a terminal, --read-only,
 * --tmpfs, --device and --privileged; exit codes and OOM reports as with runc, with crema without and through
 * a crema server; on a busybox image imported locally (no registry is reachable). containers.conf is the test's
 * own, through CONTAINERS_CONF.
 */
class PodmanIT {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private EngineFixture.Podman podman;
    private String image;

    @BeforeEach
    void importImageAndConfigure() throws Exception {
        podman = new EngineFixture.Podman(Crema.LAUNCHER, Mode.PLAIN, "sh", "echo", "sleep", "cat", "tty", "touch", "stat",
                "grep", "cut");
        image = podman.image;
        // content a tmpfs with tmpcopyup must start with
        Files.writeString(Files.createDirectories(podman.rootfs().resolve("srv")).resolve("hello"), "from-image\n");
        podman.importImage();
    }

    @AfterEach
    void removeImage() {
        if (podman != null) podman.remove();
    }

    private Crema.Result podman(String... args) {
        return podman.run(args);
    }

    @Test
    void runRemovePrintsHello() {
        assertEquals("hello\n", podman("run", "--rm", image, "echo", "hello").ok().stdout());
    }

    @Test
    void detachedExecStopAndRemove() {
        String id = podman("run", "-d", "--network", "none", image, "sleep", "1000").ok().stdout().trim();
        try {
            assertEquals("from-exec\n", podman("exec", id, "echo", "from-exec").ok().stdout());
            assertTrue(podman("ps", "--format", "{{.ID}}").ok().stdout().contains(id.substring(0, 12)));
            podman("stop", "-t", "1", id).ok();
            podman("rm", id).ok();
            assertTrue(!podman("ps", "-a", "--format", "{{.ID}}").ok().stdout().contains(id.substring(0, 12)));
        } finally {
            podman("rm", "-f", id);
        }
    }

    @Test
    void aTerminalGoesThroughConmonsConsoleSocket() {
        assertTrue(podman("run", "--rm", "-t", "--network", "none", image, "tty").ok().stdout().startsWith("/dev/pts/"));
    }

    @Test
    void killOfAPausedContainerStopsIt() throws Exception {
        String id = podman("run", "-d", "--network", "none", image, "sleep", "1000").ok().stdout().trim();
        try {
            podman("pause", id).ok();
            assertEquals("paused\n", podman("inspect", "-f", "{{.State.Status}}", id).ok().stdout());
            // podman kill sends SIGKILL; the runtime must thaw the cgroup for it to land (podman timed out before)
            podman("kill", id).ok();
            String status = "";
            for (int i = 0; i < 500 && !(status = podman("inspect", "-f", "{{.State.Status}}", id).ok().stdout()).equals("exited\n"); i++) {
                Thread.sleep(10);
            }
            assertEquals("exited\n", status);
            podman("rm", id).ok();
        } finally {
            podman("rm", "-f", id);
        }
    }

    @Test
    void readOnlyKeepsTheImageReadOnlyWithWritableTmpfsCopiedUp() {
        // podman adds /tmp, /var/tmp and /run as tmpfs with tmpcopyup, and /dev read-only
        assertEquals("tmp-writable\nroot-read-only\n", podman("run", "--rm", "--read-only", "--network", "none", image,
                "sh", "-c", "touch /tmp/x && echo tmp-writable; touch /x 2>/dev/null || echo root-read-only").ok().stdout());
    }

    @Test
    void aTmpfsStartsWithWhatTheImageHasThere() {
        assertEquals("from-image\ntmpfs\n", podman("run", "--rm", "--tmpfs", "/srv", "--network", "none", image,
                "sh", "-c", "cat /srv/hello; grep ' /srv ' /proc/self/mountinfo | cut -d' ' -f9").ok().stdout());
    }

    @Test
    void aDeviceIsMadeWithItsPermissionBits() {
        assertEquals("1:3 crw-rw-rw-\n", podman("run", "--rm", "--device", "/dev/null:/dev/mynull", "--network", "none",
                image, "stat", "-c", "%t:%T %A", "/dev/mynull").ok().stdout());
    }

    @Test
    void privilegedRuns() {
        assertEquals("privileged\n", podman("run", "--rm", "--privileged", "--network", "none", image,
                "echo", "privileged").ok().stdout());
    }

    /**
     * podman's exit code of `run --rm`: the process's own, 127 for a missing program, 126 for a non-executable,
     * 137 after SIGKILL.
     */
    @Test
    void exitCodesAsWithRunc() throws Exception {
        podman.sameAsRunc(List.of("42", "127", "126", "137"), runtime -> List.of(
                exit(runtime, "sh", "-c", "exit 42"), exit(runtime, "/nonexistent"), exit(runtime, "/etc/hostname"),
                killed(runtime)));
    }

    /**
     * Out of memory: the run exits 137, and podman's inspect says what it says with runc: OOMKilled false on this
     * cgroup v1 host, with runc 1.1.5 too (conmon 2.1.6 sees the kill, but writes its `oom` marker into its
     * working directory, and podman 4.3.1 does not report it).
     */
    @Test
    void anOomKillIsReportedAsWithRunc() throws Exception {
        podman.sameAsRunc(List.of("exit 137", "oom-killed false 137"), runtime -> {
            String name = "crema-it-oom-" + SEQUENCE.incrementAndGet();
            try {
                int exit = podman.runWith(runtime, "run", "--name", name, "--network", "none", "--memory", "16m", image,
                        "sh", "-c", EngineFixture.MEMORY_HOG).exitCode();
                String state = podman.runWith(runtime, "inspect", "-f", "oom-killed {{.State.OOMKilled}} {{.State.ExitCode}}",
                        name).ok().stdout().trim();
                podman.runWith(runtime, "rm", name).ok();
                return List.of("exit " + exit, state);
            } finally {
                podman.runWith(runtime, "rm", "-f", name);
            }
        });
    }

    private String exit(Path runtime, String... command) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--rm", "--network", "none", image));
        args.addAll(List.of(command));
        return String.valueOf(podman.runWith(runtime, args.toArray(String[]::new)).exitCode());
    }

    /** The exit code of a foreground `run --rm` whose container `podman kill` (SIGKILL) ends. */
    private String killed(Path runtime) throws Exception {
        String name = "crema-it-killed-" + SEQUENCE.incrementAndGet();
        try {
            return String.valueOf(EngineFixture.killedRunExit(
                    podman.command(runtime, "run", "--rm", "--name", name, "--network", "none", image, "sleep", "1000"),
                    () -> podman.runWith(runtime, "inspect", "-f", "{{.State.Status}}", name).stdout().equals("running\n"),
                    () -> podman.runWith(runtime, "kill", name).ok()));
        } finally {
            podman.runWith(runtime, "rm", "-f", name);
        }
    }
}
