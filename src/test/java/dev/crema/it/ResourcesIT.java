package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** linux.resources on this host's real cgroup v1 controllers, read back from the host and felt from inside. */
class ResourcesIT extends ContainerTest {
    /** major and minor of this machine's first disk, for the block I/O throttle. */
    private static final int[] DISK = firstDisk();

    private static int[] firstDisk() {
        try (var disks = Files.list(Path.of("/sys/block"))) {
            for (Path disk : disks.sorted().toList()) {
                if (disk.getFileName().toString().startsWith("loop")) continue;
                String[] mm = Files.readString(disk.resolve("dev")).trim().split(":");
                return new int[] {Integer.parseInt(mm[0]), Integer.parseInt(mm[1])};
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no disk in /sys/block");
    }

    @Test
    void v1LimitsAreWritten() throws Exception {
        bundle.linux().put("resources", Map.of(
                "memory", Map.of("limit", 67108864, "reservation", 33554432, "swappiness", 10),
                "cpu", Map.of("shares", 512, "quota", 50000, "period", 100000, "cpus", "0", "mems", "0"),
                "pids", Map.of("limit", 64),
                "blockIO", Map.of("throttleReadBpsDevice", List.of(Map.of("major", DISK[0], "minor", DISK[1], "rate", 1048576)))));
        String id = runDetached("sleep 1000");
        assertEquals("67108864", cgroupFile("memory", id, "memory.limit_in_bytes"));
        assertEquals("33554432", cgroupFile("memory", id, "memory.soft_limit_in_bytes"));
        assertEquals("10", cgroupFile("memory", id, "memory.swappiness"));
        assertEquals("512", cgroupFile("cpu", id, "cpu.shares"));
        assertEquals("50000", cgroupFile("cpu", id, "cpu.cfs_quota_us"));
        assertEquals("100000", cgroupFile("cpu", id, "cpu.cfs_period_us"));
        assertEquals("0", cgroupFile("cpuset", id, "cpuset.cpus"));
        assertEquals("64", cgroupFile("pids", id, "pids.max"));
        assertEquals(DISK[0] + ":" + DISK[1] + " 1048576", cgroupFile("blkio", id, "blkio.throttle.read_bps_device"));
    }

    @Test
    void aTinyContainerStillStarts() {
        bundle.linux().put("resources", Map.of("memory", Map.of("limit", 4194304), "pids", Map.of("limit", 1)));
        bundle.process().put("args", List.of("echo", "small"));
        assertEquals("small\n", runContainer().ok().stdout());
    }

    @Test
    void pidsLimitIsFeltInside() {
        bundle.linux().put("resources", Map.of("pids", Map.of("limit", 1)));
        bundle.script("sleep 0; echo forked");
        Crema.Result result = runContainer();
        // busybox sh gives up on a failed fork: it never reaches the echo
        assertTrue(result.stderr().contains("can't fork"), result.stderr());
        assertEquals("", result.stdout());
    }

    @Test
    void deviceRulesDenyWhatIsNotAllowed() {
        bundle.linux().put("resources", Map.of("devices", List.of(Map.of("allow", false, "access", "rwm"))));
        bundle.linux().put("devices", List.of(Map.of("path", "/dev/mem0", "type", "c", "major", 1, "minor", 1)));
        String out = output("head -c 1 /dev/mem0 >/dev/null 2>&1 && echo read || echo denied; head -c 3 /dev/zero | wc -c");
        assertEquals("denied\n3", out);
    }

    @Test
    void aControllerTheHostLacksIsRefusedAndNothingIsLeft() {
        bundle.linux().put("resources", Map.of("hugepageLimits", List.of(Map.of("pageSize", "2MB", "limit", 1048576))));
        bundle.write();
        String id = newId();
        Crema.Result result = crema.run("create", "--bundle", bundle.dir.toString(), id).failed();
        assertTrue(result.stderr().contains("linux.resources.hugepageLimits[0]"), result.stderr());
        before.assertClean(crema, id);
    }
}
