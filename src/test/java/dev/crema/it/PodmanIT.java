package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * podman (Debian's, with conmon) driving crema: run --rm, run -d, exec, stop, rm, a terminal, --read-only,
 * --tmpfs, --device and --privileged, on a busybox
 * image imported locally (no registry is reachable). containers.conf is the test's own, through CONTAINERS_CONF.
 */
class PodmanIT {
    private EngineFixture.Podman podman;
    private String image;

    @BeforeEach
    void importImageAndConfigure() throws Exception {
        podman = new EngineFixture.Podman(Crema.LAUNCHER, "sh", "echo", "sleep", "cat", "tty", "touch", "stat", "grep", "cut");
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
}
