package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** update on a running container: flags, a resources file and stdin, read back from the real cgroup v1 files. */
class UpdateIT extends ContainerTest {

    @Test
    void flagsChangeTheLimits() throws Exception {
        String id = runDetached("sleep 1000");
        crema.run("update", "--memory", "32m", "--pids-limit=10", "--cpu-shares", "256", id).ok();
        assertEquals(Long.toString(32L << 20), cgroupFile("memory", id, "memory.limit_in_bytes"));
        assertEquals("10", cgroupFile("pids", id, "pids.max"));
        assertEquals("256", cgroupFile("cpu", id, "cpu.shares"));
    }

    @Test
    void aResourcesFileAndStdinWork() throws Exception {
        String id = runDetached("sleep 1000");
        Path file = bundle.dir.resolve("r.json");
        Files.writeString(file, "{\"pids\": {\"limit\": 7}, \"cpu\": {\"quota\": 20000, \"period\": 100000}}");
        crema.run("update", "--resources", file.toString(), id).ok();
        assertEquals("7", cgroupFile("pids", id, "pids.max"));
        assertEquals("20000", cgroupFile("cpu", id, "cpu.cfs_quota_us"));
        Crema.Result fromStdin = Crema.exec(List.of("sh", "-c", "echo '{\"pids\": {\"limit\": 5}}' | " + Crema.LAUNCHER
                + " --root " + crema.root() + " update -r - " + id), null).ok();
        assertEquals("", fromStdin.stderr());
        assertEquals("5", cgroupFile("pids", id, "pids.max"));
    }

    @Test
    void badInputIsNamed() {
        String id = runDetached("sleep 1000");
        assertTrue(crema.run("update", "--memory", "lots", id).failed().stderr().contains("--memory: invalid value \"lots\""));
        assertTrue(crema.run("update", "--pids-limit", "3", "nope").failed().stderr().contains("container does not exist"));
    }

    @Test
    void intelRdtSchemasOnAHostWithoutResctrlAreRefusedAsRuncRefusesThem() throws Exception {
        String id = runDetached("sleep 1000");
        Crema.Result l3 = crema.run("update", "--l3-cache-schema", "L3:0=f", "--pids-limit", "9", id).failed();
        assertTrue(l3.stderr().contains("--l3-cache-schema: Intel RDT/CAT: l3 cache schema is not enabled"), l3.stderr());
        assertTrue(crema.run("update", "--mem-bw-schema", "MB:0=50", id).failed().stderr()
                .contains("--mem-bw-schema: Intel RDT/MBA: memory bandwidth schema is not enabled"));
        // checked before anything is written: the pids limit given with it did not change either
        assertEquals("max", cgroupFile("pids", id, "pids.max"));
    }
}
