package dev.crema.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crema.testing.Requirement;
import dev.crema.spec.SpecParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cgroup v2 device filter, for real: this host's cgroup2 mount (/sys/fs/cgroup/unified) takes eBPF device
 * programs like any cgroup v2 directory, so a process placed there feels the rules.
 */
class DeviceFilterTest {
    /**
     * Runs a shell script in a fresh cgroup v2 directory once {@code attach} has put a filter on that directory,
     * and returns what it printed.
     */
    private static String probe(String script, java.util.function.Consumer<String> attach) throws Exception {
        // hybrid hosts (this one) have cgroup2 at unified/; on a pure cgroup v2 host it is /sys/fs/cgroup itself
        Path unified = Path.of(Requirement.pureCgroupV2() ? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified");
        Requirement.need(Files.exists(unified.resolve("cgroup.procs")), "a cgroup2 mount at " + unified);
        Path dir = Files.createDirectory(unified.resolve("crema-test-devices-" + ProcessHandle.current().pid()));
        Path flag = Files.createTempFile("crema-devfilter", ".go");
        Files.delete(flag);
        java.lang.Process probe = new ProcessBuilder("sh", "-c",
                "while [ ! -e " + flag + " ]; do sleep 0.02; done; " + script).start();
        try {
            Files.writeString(dir.resolve("cgroup.procs"), Long.toString(probe.pid()));
            attach.accept(dir.toString());
            Files.createFile(flag);
            probe.waitFor();
            return new String(probe.getInputStream().readAllBytes());
        } finally {
            probe.destroyForcibly().waitFor();
            Files.deleteIfExists(flag);
            for (int i = 0; i < 100 && Files.exists(dir); i++) {
                try {
                    Files.delete(dir);
                } catch (java.io.IOException busy) {
                    Thread.sleep(10);
                }
            }
        }
    }

    @Test
    void theConfigsRulesThenRuncsDefaultsDecide() throws Exception {
        String out = probe("head -c 1 /dev/zero >/dev/null 2>&1 && echo zero-read || echo zero-denied; "
                + "head -c 1 /dev/null >/dev/null 2>&1 && echo null-read || echo null-denied",
                // the config's rules in the v1 words engines send, through the same path create takes
                dir -> new ResourceWriter(List.of(dir)).apply(SpecParser.parse("""
                        {"ociVersion": "1.2.0", "linux": {"resources": {"devices": [
                          {"allow": false, "access": "rwm"},
                          {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"},
                          {"allow": false, "type": "c", "major": 1, "minor": 5, "access": "rwm"}]}}}
                        """).linux().resources()));
        // the config denies /dev/zero, but runc's default devices come after the config's rules and allow it
        // again (as with v1's files); /dev/null the config allows itself
        assertEquals("zero-read\nnull-read\n", out);
    }

    @Test
    void denyAllWithoutDefaultsDeniesZero() throws Exception {
        String out = probe("head -c 1 /dev/zero >/dev/null 2>&1 && echo zero-read || echo zero-denied",
                dir -> DeviceFilter.attach(dir, List.of(new DeviceFilter.Rule(false, 'a', -1, -1, "rwm"),
                        new DeviceFilter.Rule(true, 'c', 1, 3, "rwm")), "test"));
        assertEquals("zero-denied\n", out);
    }
}
