package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.testing.Requirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * podman (Debian's, with conmon) driving crema: run --rm, run -d, exec, stop, rm, a terminal, --read-only,
 * --tmpfs, --device and --privileged, on a busybox
 * image imported locally (no registry is reachable). containers.conf is the test's own, through CONTAINERS_CONF.
 */
class PodmanIT {
    private static final String IMAGE = "localhost/crema-it-busybox:" + ProcessHandle.current().pid();

    private Path dir;
    private Path conf;

    @BeforeEach
    void importImageAndConfigure() throws Exception {
        Requirement.needProgram("/usr/bin/podman", "podman");
        dir = Files.createTempDirectory("crema-it-podman");
        Path rootfs = EngineFixture.busyboxRootfs(dir, "sh", "echo", "sleep", "cat", "tty", "touch", "stat", "grep", "cut");
        // content a tmpfs with tmpcopyup must start with
        Files.writeString(Files.createDirectories(rootfs.resolve("srv")).resolve("hello"), "from-image\n");
        conf = dir.resolve("containers.conf");
        Files.writeString(conf, """
                [containers]
                default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

                [engine]
                cgroup_manager = "cgroupfs"
                events_logger = "file"
                runtime = "crema"
                runtime_supports_json = ["crema", "crun", "runc"]

                [engine.runtimes]
                crema = ["%s"]
                """.formatted(Crema.LAUNCHER));
        podman("import", tar(dir.resolve("rootfs")).toString(), IMAGE).ok();
    }

    @AfterEach
    void removeImage() throws Exception {
        if (dir == null) return;
        podman("rmi", "-f", IMAGE);
        Crema.exec(List.of("rm", "-rf", dir.toString()), null);
    }

    private Path tar(Path rootfs) {
        Path tar = dir.resolve("rootfs.tar");
        Crema.exec(List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."), null).ok();
        return tar;
    }

    private Crema.Result podman(String... args) {
        List<String> command = new ArrayList<>(List.of("env", "CONTAINERS_CONF=" + conf, "podman", "--runtime",
                Crema.LAUNCHER.toString()));
        command.addAll(List.of(args));
        return Crema.exec(command, null);
    }

    @Test
    void runRemovePrintsHello() {
        assertEquals("hello\n", podman("run", "--rm", IMAGE, "echo", "hello").ok().stdout());
    }

    @Test
    void detachedExecStopAndRemove() {
        String id = podman("run", "-d", "--network", "none", IMAGE, "sleep", "1000").ok().stdout().trim();
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
        assertTrue(podman("run", "--rm", "-t", "--network", "none", IMAGE, "tty").ok().stdout().startsWith("/dev/pts/"));
    }

    @Test
    void killOfAPausedContainerStopsIt() throws Exception {
        String id = podman("run", "-d", "--network", "none", IMAGE, "sleep", "1000").ok().stdout().trim();
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
        assertEquals("tmp-writable\nroot-read-only\n", podman("run", "--rm", "--read-only", "--network", "none", IMAGE,
                "sh", "-c", "touch /tmp/x && echo tmp-writable; touch /x 2>/dev/null || echo root-read-only").ok().stdout());
    }

    @Test
    void aTmpfsStartsWithWhatTheImageHasThere() {
        assertEquals("from-image\ntmpfs\n", podman("run", "--rm", "--tmpfs", "/srv", "--network", "none", IMAGE,
                "sh", "-c", "cat /srv/hello; grep ' /srv ' /proc/self/mountinfo | cut -d' ' -f9").ok().stdout());
    }

    @Test
    void aDeviceIsMadeWithItsPermissionBits() {
        assertEquals("1:3 crw-rw-rw-\n", podman("run", "--rm", "--device", "/dev/null:/dev/mynull", "--network", "none",
                IMAGE, "stat", "-c", "%t:%T %A", "/dev/mynull").ok().stdout());
    }

    @Test
    void privilegedRuns() {
        assertEquals("privileged\n", podman("run", "--rm", "--privileged", "--network", "none", IMAGE,
                "echo", "privileged").ok().stdout());
    }
}
