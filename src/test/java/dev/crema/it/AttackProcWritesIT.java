package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CVE-2025-52881 and CVE-2019-16884: the runtime writes into /proc after the container's mounts are made, so a
 * config (or an image, through a volume) can put something else at the path it writes: the host's
 * core_pattern bound over a sysctl's file, a directory of symlinks over /proc/sys/net/ipv4, no procfs at all.
 * Every such write must check the file it opened is the procfs file it names, and refuse with the field.
 */
@Tag("security")
class AttackProcWritesIT extends AttackTest {

    private void sysctl(String key, String value) {
        bundle.linux().put("sysctl", Map.of(key, value));
    }

    @Test
    void theHostsCorePatternBoundOverASysctlIsNotWritten() throws Exception {
        bundle.mounts().add(mount("/proc/sys/net/ipv4/ip_forward", "bind", CORE_PATTERN.toString(), "bind"));
        sysctl("net.ipv4.ip_forward", "1");
        assertCreateFails("linux.sysctl[\"net.ipv4.ip_forward\"]: /proc/sys/net/ipv4/ip_forward is not the procfs file it names");
        assertCorePatternUnchangedNow();
    }

    @Test
    void aSymlinkToTheHostsCorePatternMountedOverTheSysctlDirectoryIsNotFollowed() throws Exception {
        Path dir = Files.createTempDirectory("crema-it-fake-ipv4");
        try {
            Files.createSymbolicLink(dir.resolve("ip_forward"), CORE_PATTERN);
            bundle.mounts().add(mount("/proc/sys/net/ipv4", "bind", dir.toString(), "bind"));
            sysctl("net.ipv4.ip_forward", "1");
            assertCreateFails("linux.sysctl[\"net.ipv4.ip_forward\"]: /proc/sys/net/ipv4/ip_forward is not the procfs file it names");
        } finally {
            Files.deleteIfExists(dir.resolve("ip_forward"));
            Files.deleteIfExists(dir);
        }
        assertCorePatternUnchangedNow();
    }

    @Test
    void aTmpfsPosingAsProcIsNotWrittenThrough() throws Exception {
        removeMount("/proc");
        bundle.mounts().add(0, mount("/proc", "tmpfs", "tmpfs", "size=1m"));
        bundle.linux().put("maskedPaths", java.util.List.of());
        bundle.linux().put("readonlyPaths", java.util.List.of());
        sysctl("net.ipv4.ip_forward", "1");
        assertCreateFails("linux.sysctl[\"net.ipv4.ip_forward\"]: /proc/sys/net/ipv4/ip_forward is not the procfs file it names");
        assertCorePatternUnchangedNow();
    }

    @Test
    void aSysctlOnTheContainersOwnProcfsIsStillWritten() {
        // the checks refuse the redirected file only: a plain sysctl lands in the container's namespace
        String host = read("/proc/sys/net/ipv4/ip_forward");
        String wanted = host.equals("1") ? "0" : "1";
        sysctl("net.ipv4.ip_forward", wanted);
        assertEquals(wanted, output("cat /proc/sys/net/ipv4/ip_forward"));
        assertEquals(host, read("/proc/sys/net/ipv4/ip_forward"));
    }

    @Test
    void timeOffsetsGoThroughTheSameCheckInAUserNamespace() {
        // TIME_OFFSETS opens /proc/PID/timens_offsets with the same checks; the init's own /proc files must stay
        // writable to it as the root of a new user namespace although it is not dumpable while it sets up
        bundle.addNamespace("user").addNamespace("time");
        Map<String, Object> map = Map.of("containerID", 0, "hostID", 100000, "size", 65536);
        bundle.linux().put("uidMappings", java.util.List.of(map));
        bundle.linux().put("gidMappings", java.util.List.of(map));
        bundle.linux().put("timeOffsets", Map.of("boottime", Map.of("secs", 86400 * 400, "nanosecs", 0)));
        double uptime = Double.parseDouble(output("cut -d' ' -f1 /proc/uptime"));
        org.junit.jupiter.api.Assertions.assertTrue(uptime >= 86400 * 400, "boottime offset applied: " + uptime);
    }

    @Test
    void oomScoreAdjIsWrittenThroughTheHostsProcNotTheContainers() throws Exception {
        // the controller writes /proc/PID/oom_score_adj of the host's /proc, which no container mount can
        // reach: the host's core_pattern bound over the container's view of that file changes nothing
        bundle.process().put("oomScoreAdj", 7);
        bundle.mounts().add(mount("/proc/1/oom_score_adj", "bind", CORE_PATTERN.toString(), "bind"));
        bundle.process().put("args", java.util.List.of("sleep", "100"));
        bundle.write();
        String id = newId();
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        assertEquals("7", read("/proc/" + initPid(id) + "/oom_score_adj"));
        assertCorePatternUnchangedNow();
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path)).trim();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
