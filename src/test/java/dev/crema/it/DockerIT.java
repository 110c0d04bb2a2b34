package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker (Debian's docker.io 20.10: dockerd, its own containerd and the runc v2 shim) with crema added as a
 * runtime: a dockerd of the test's own on a private socket and data root, without networking set up, and a
 * busybox image imported from a tarball made here.
 */
class DockerIT {
    private static final String IMAGE = EngineFixture.Docker.IMAGE;

    private static EngineFixture.Docker docker;

    @BeforeAll
    static void startDockerdAndImportTheImage() throws Exception {
        docker = new EngineFixture.Docker(Crema.LAUNCHER, "sh", "echo", "sleep", "cat", "head", "tty");
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

    @Test
    void aMissingProgramExits127AndANonExecutableOne126() {
        // docker reads the runtime's words: "no such file or directory" / "executable file not found" -> 127,
        // "permission denied" -> 126
        assertEquals(127, docker("run", "--rm", "--runtime", "crema", "--network", "none", IMAGE, "/nonexistent").exitCode());
        assertEquals(127, docker("run", "--rm", "--runtime", "crema", "--network", "none", IMAGE, "nonexistent").exitCode());
        Crema.Result notExecutable = docker("run", "--rm", "--runtime", "crema", "--network", "none", IMAGE, "/etc/hostname");
        assertEquals(126, notExecutable.exitCode(), notExecutable.stderr());
    }

    private static String cgroupFile(String controller, String id, String file) {
        try {
            return Files.readString(Path.of("/sys/fs/cgroup", controller, "docker", id, file)).trim();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
