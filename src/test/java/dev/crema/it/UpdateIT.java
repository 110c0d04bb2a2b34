package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** update on a running container: flags, a resources file and stdin, read back from the real cgroup v1 files. */
class UpdateIT extends ContainerTest {

    private String running() {
        bundle.script("sleep 1000").write();
        String id = newId();
        crema.run("run", "-d", "--bundle", bundle.dir.toString(), id).ok();
        return id;
    }

    private static String cg(String controller, String id, String file) throws Exception {
        return Files.readString(Path.of("/sys/fs/cgroup", controller, "crema", id, file)).trim();
    }

    @Test
    void flagsChangeTheLimits() throws Exception {
        String id = running();
        crema.run("update", "--memory", "32m", "--pids-limit=10", "--cpu-shares", "256", id).ok();
        assertEquals(Long.toString(32L << 20), cg("memory", id, "memory.limit_in_bytes"));
        assertEquals("10", cg("pids", id, "pids.max"));
        assertEquals("256", cg("cpu", id, "cpu.shares"));
    }

    @Test
    void aResourcesFileAndStdinWork() throws Exception {
        String id = running();
        Path file = bundle.dir.resolve("r.json");
        Files.writeString(file, "{\"pids\": {\"limit\": 7}, \"cpu\": {\"quota\": 20000, \"period\": 100000}}");
        crema.run("update", "--resources", file.toString(), id).ok();
        assertEquals("7", cg("pids", id, "pids.max"));
        assertEquals("20000", cg("cpu", id, "cpu.cfs_quota_us"));
        Crema.Result fromStdin = Crema.exec(List.of("sh", "-c", "echo '{\"pids\": {\"limit\": 5}}' | " + Crema.LAUNCHER
                + " --root " + crema.root() + " update -r - " + id), null).ok();
        assertEquals("", fromStdin.stderr());
        assertEquals("5", cg("pids", id, "pids.max"));
    }

    @Test
    void badInputIsNamed() {
        String id = running();
        assertTrue(crema.run("update", "--memory", "lots", id).failed().stderr().contains("--memory: invalid value \"lots\""));
        assertTrue(crema.run("update", "--pids-limit", "3", "nope").failed().stderr().contains("container does not exist"));
    }
}
