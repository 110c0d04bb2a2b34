package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker (Debian's docker.io 20.10: dockerd, its own containerd and the runc v2 shim) with crema added as a
 * runtime: a dockerd of the test's own on a private socket and data root, without networking set up, and a
 * busybox image imported from a tarball made here. Exit codes and OOM reports are compared with dockerd's runc,
 * with crema without and through a crema server.
 */
class DockerIT {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String IMAGE = EngineFixture.Docker.IMAGE;

    private static EngineFixture.Docker docker;

    @BeforeAll
    static void startDockerdAndImportTheImage() throws Exception {
        docker = new EngineFixture.Docker(Crema.LAUNCHER, Mode.PLAIN, "sh", "echo", "sleep", "cat", "head", "tty");
    }

    @AfterAll
    static void stopDockerd() throws Exception {
        if (docker != null) docker.stop("crema-it-detached");
    }

    private static List<String> dockerCommand(String... args) {
        return docker.command(args);
    }

    private static Crema.Result docker(String... args) {
        return docker.docker(args);
    }

    @Test
    void runRemovePrintsHello() {
        assertEquals("hello from docker\n", docker("run", "--rm", "--runtime", "crema", "--network", "none", IMAGE,
                "echo", "hello from docker").ok().stdout());
    }

    @Test
    void detachedExecPauseUpdateStopAndRemove() {
        String name = "crema-it-detached";
        String id = docker("run", "-d", "--name", name, "--runtime", "crema", "--network", "none", "--memory", "64m",
                IMAGE, "sleep", "1000").ok().stdout().trim();
        assertEquals("from-exec\n", docker("exec", name, "echo", "from-exec").ok().stdout());
        assertEquals("67108864", cgroupFile("memory", id, "memory.limit_in_bytes"));
        docker("pause", name).ok();
        assertEquals("paused\n", docker("inspect", "-f", "{{.State.Status}}", name).ok().stdout());
        docker("unpause", name).ok();
        docker("update", "--memory", "32m", "--memory-swap", "64m", name).ok();
        assertEquals("33554432", cgroupFile("memory", id, "memory.limit_in_bytes"));
        assertTrue(docker("top", name).ok().stdout().contains("sleep 1000"));
        docker("stop", "-t", "1", name).ok();
        assertEquals("exited\n", docker("inspect", "-f", "{{.State.Status}}", name).ok().stdout());
        docker("rm", name).ok();
    }

    @Test
    void aTerminalGoesThroughTheShimsConsoleSocket() {
        // docker run -t wants a terminal of its own: script gives it one
        String command = String.join(" ", dockerCommand("run", "--rm", "-t", "--runtime", "crema", "--network", "none",
                IMAGE, "tty"));
        String out = Crema.exec(List.of("script", "-qec", command, "/dev/null"), null).ok().stdout();
        assertTrue(out.contains("/dev/pts/0"), out);
    }

    @Test
    void aPidsLimitOfOneStillStarts() {
        // only the container process enters the cgroup, so one pid is enough for it to start
        assertEquals("1\n", docker("run", "--rm", "--runtime", "crema", "--network", "none", "--pids-limit", "1", IMAGE,
                "cat", "/sys/fs/cgroup/pids/pids.max").ok().stdout());
    }

    @Test
    void updatePidsLimitChangesOnlyThePidsLimit() {
        String name = "crema-it-pids-update";
        String id = docker("run", "-d", "--name", name, "--runtime", "crema", "--network", "none", "--memory", "64m",
                "--memory-reservation", "32m", IMAGE, "sleep", "1000").ok().stdout().trim();
        try {
            // docker sends memory limit, reservation and kernel = 0 with it, meaning "unchanged"
            docker("update", "--pids-limit", "7", name).ok();
            assertEquals("7", cgroupFile("pids", id, "pids.max"));
            assertEquals("67108864", cgroupFile("memory", id, "memory.limit_in_bytes"));
            assertEquals("33554432", cgroupFile("memory", id, "memory.soft_limit_in_bytes"));
        } finally {
            docker("rm", "-f", name);
        }
    }

    private static String cgroupFile(String controller, String id, String file) {
        try {
            return Files.readString(Path.of("/sys/fs/cgroup", controller, "docker", id, file)).trim();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * docker's exit code of `run --rm`: the process's own; 127 for a missing program, by path or on PATH, and 126
     * for a non-executable (docker reads the runtime's words: "no such file or directory" / "executable file not
     * found" -> 127, "permission denied" -> 126); 137 after SIGKILL.
     */
    @Test
    void exitCodesAsWithRunc() throws Exception {
        docker.sameAsRunc(List.of("42", "127", "127", "126", "137"), runtime -> List.of(
                exit(runtime, "sh", "-c", "exit 42"), exit(runtime, "/nonexistent"), exit(runtime, "nonexistent"),
                exit(runtime, "/etc/hostname"), killed(runtime)));
    }

    /** Out of memory: the run exits 137 and docker inspect says OOMKilled (containerd's OOM event, through the shim). */
    @Test
    void anOomKillIsReportedAsWithRunc() throws Exception {
        docker.sameAsRunc(List.of("exit 137", "oom-killed true 137"), runtime -> {
            String name = "crema-it-oom-" + SEQUENCE.incrementAndGet();
            try {
                int exit = docker("run", "--name", name, "--runtime", docker.runtimeName(runtime), "--network", "none",
                        "--memory", "16m", IMAGE, "sh", "-c", EngineFixture.MEMORY_HOG).exitCode();
                String state = docker("inspect", "-f", "oom-killed {{.State.OOMKilled}} {{.State.ExitCode}}", name).ok()
                        .stdout().trim();
                docker("rm", name).ok();
                return List.of("exit " + exit, state);
            } finally {
                docker("rm", "-f", name);
            }
        });
    }

    private static String exit(java.nio.file.Path runtime, String... command) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--rm", "--runtime", docker.runtimeName(runtime),
                "--network", "none", IMAGE));
        args.addAll(List.of(command));
        return String.valueOf(docker(args.toArray(String[]::new)).exitCode());
    }

    /** The exit code of a foreground `run --rm` whose container `docker kill` (SIGKILL) ends. */
    private static String killed(java.nio.file.Path runtime) throws Exception {
        String name = "crema-it-killed-" + SEQUENCE.incrementAndGet();
        try {
            return String.valueOf(EngineFixture.killedRunExit(
                    dockerCommand("run", "--rm", "--name", name, "--runtime", docker.runtimeName(runtime), "--network",
                            "none", IMAGE, "sleep", "1000"),
                    () -> docker("inspect", "-f", "{{.State.Status}}", name).stdout().equals("running\n"),
                    () -> docker("kill", name).ok()));
        } finally {
            docker("rm", "-f", name);
        }
    }
}
