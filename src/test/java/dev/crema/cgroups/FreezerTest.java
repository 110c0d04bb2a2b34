package dev.crema.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.testing.Requirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v1 freezer is covered by the pause integration test; here cgroup v2's, for real on the unified mount. */
class FreezerTest {
    @TempDir
    Path tmp;

    @Test
    void v1IsPreferredAndNoneIsNull() throws Exception {
        Path v1 = Files.createDirectories(tmp.resolve("freezer/c"));
        Files.writeString(v1.resolve("freezer.state"), "THAWED\n");
        Path v2 = Files.createDirectories(tmp.resolve("unified/c"));
        Files.writeString(v2.resolve("cgroup.freeze"), "0\n");
        Freezer freezer = Freezer.of(List.of(v2.toString(), v1.toString()));
        assertFalse(freezer.isFrozen());
        Files.writeString(v1.resolve("freezer.state"), "FROZEN\n");
        assertTrue(freezer.isFrozen(), "the v1 file decides");
        assertNull(Freezer.of(List.of(tmp.toString())));
    }

    @Test
    void cgroupV2FreezeStopsAProcessAndThawReleasesIt() throws Exception {
        // hybrid hosts (this one) have cgroup2 at unified/; on a pure cgroup v2 host it is /sys/fs/cgroup itself
        Path unified = Path.of(Requirement.pureCgroupV2() ? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified");
        Requirement.need(Files.exists(unified.resolve("cgroup.procs")), "a cgroup2 mount at " + unified);
        Path dir = Files.createDirectory(unified.resolve("crema-test-freeze-" + ProcessHandle.current().pid()));
        java.lang.Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(dir.resolve("cgroup.procs"), Long.toString(sleeper.pid()));
            Freezer freezer = Freezer.of(List.of(dir.toString()));
            freezer.freeze();
            assertTrue(freezer.isFrozen());
            assertTrue(Files.readString(dir.resolve("cgroup.events")).contains("frozen 1"));
            freezer.thaw();
            assertFalse(freezer.isFrozen());
            assertEquals(List.of("populated 1", "frozen 0"), Files.readAllLines(dir.resolve("cgroup.events")));
        } finally {
            sleeper.destroyForcibly().waitFor();
            for (int i = 0; i < 100 && Files.exists(dir); i++) {
                try {
                    Files.delete(dir);
                } catch (java.io.IOException busy) {
                    Thread.sleep(10);
                }
            }
        }
    }
}
