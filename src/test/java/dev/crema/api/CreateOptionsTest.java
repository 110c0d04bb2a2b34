package dev.crema.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The crema command's --systemd-cgroup and --rootless reach create through these two fields; a wither must keep the rest. */
class CreateOptionsTest {
    @Test
    void ofLeavesTheCommandsCgroupOptionsOff() {
        CreateOptions options = CreateOptions.of("c", Path.of("/b"));
        assertFalse(options.systemdCgroup());
        assertFalse(options.rootlessCgroups());
    }

    @Test
    void everyWitherKeepsTheOtherFields() {
        CreateOptions options = CreateOptions.of("c", Path.of("/b")).withSystemdCgroup(true).withRootlessCgroups(true)
                .withPidFile(Path.of("/p")).withNoPivot(true).withPreserveFds(2);
        assertEquals(new CreateOptions("c", Path.of("/b"), Path.of("/p"), true, 2, null, true, true), options);
        assertTrue(options.withConsole(null).systemdCgroup());
        assertFalse(options.withRootlessCgroups(false).rootlessCgroups());
        assertTrue(options.withRootlessCgroups(false).systemdCgroup());
    }
}
