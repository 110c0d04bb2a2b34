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
        crema.run("update", "--memory", "32m", "--pids-limit=10", "--cpu-share", "256", id).ok();
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

    /** docker 20.10's update payload for "docker update --pids-limit 7": zeros for what it leaves alone. */
    private static final String DOCKER_PIDS_UPDATE = "{\"memory\":{\"limit\":0,\"reservation\":0,\"kernel\":0},"
            + "\"cpu\":{\"shares\":0,\"quota\":0,\"period\":0},\"blockIO\":{\"weight\":0},\"pids\":{\"limit\":7}}";

    /** A v1 cgroup file of an absolute cgroupsPath. */
    private static String v1(String controller, String cgroupsPath, String file) throws Exception {
        return Files.readString(Path.of("/sys/fs/cgroup", controller, cgroupsPath, file)).trim();
    }

    /**
     * The same scenario under runc and crema, each in a cgroup of its own named in the config; returns the cgroup
     * paths {crema's, runc's} with both containers running.
     */
    private String[] runBoth(RuncPeer runc, String id, java.util.Map<String, Object> resources) {
        bundle.script("sleep 1000");
        bundle.linux().put("resources", resources);
        String[] paths = {"/" + id, "/" + id + "-runc"};
        bundle.linux().put("cgroupsPath", paths[0]);
        bundle.write();
        crema.run("run", "-d", "--bundle", bundle.dir.toString(), id).ok();
        bundle.linux().put("cgroupsPath", paths[1]);
        bundle.write();
        runc.run("run", "-d", "--bundle", bundle.dir.toString(), id + "-runc").ok();
        return paths;
    }

    @Test
    void dockersUpdatePayloadChangesOnlyWhatItSetsAsUnderRunc() throws Exception {
        try (RuncPeer runc = new RuncPeer(crema)) {
            String id = newId();
            String[] paths = runBoth(runc, id, new java.util.LinkedHashMap<>(java.util.Map.of("memory",
                    java.util.Map.of("limit", 64L << 20, "reservation", 32L << 20), "cpu", java.util.Map.of("shares", 512))));
            crema.runWithInput(DOCKER_PIDS_UPDATE, "update", "--resources", "-", id).ok();
            runc.runWithInput(DOCKER_PIDS_UPDATE, "update", "--resources", "-", id + "-runc").ok();
            for (String[] file : new String[][] {{"pids", "pids.max"}, {"memory", "memory.limit_in_bytes"},
                    {"memory", "memory.soft_limit_in_bytes"}, {"cpu", "cpu.shares"}, {"cpu", "cpu.cfs_quota_us"}}) {
                assertEquals(v1(file[0], paths[1], file[1]), v1(file[0], paths[0], file[1]), file[1]);
            }
            assertEquals("7", v1("pids", paths[0], "pids.max"));
            assertEquals(Long.toString(64L << 20), v1("memory", paths[0], "memory.limit_in_bytes"));
            assertEquals(Long.toString(32L << 20), v1("memory", paths[0], "memory.soft_limit_in_bytes"));
        }
    }

    @Test
    void memoryMinusOneAfterASwapLimitLiftsBothAsUnderRunc() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes")),
                "this kernel accounts swap in cgroup v1 (swapaccount=1)");
        try (RuncPeer runc = new RuncPeer(crema)) {
            String id = newId();
            String[] paths = runBoth(runc, id, new java.util.LinkedHashMap<>(java.util.Map.of("memory",
                    java.util.Map.of("limit", 64L << 20, "swap", 128L << 20))));
            crema.run("update", "--memory", "-1", id).ok();
            runc.run("update", "--memory", "-1", id + "-runc").ok();
            for (String file : List.of("memory.limit_in_bytes", "memory.memsw.limit_in_bytes")) {
                assertEquals(v1("memory", paths[1], file), v1("memory", paths[0], file), file);
            }
            // and back to limits: the current limit is above the new swap, so memory goes first
            crema.run("update", "--memory", "32m", "--memory-swap", "64m", id).ok();
            runc.run("update", "--memory", "32m", "--memory-swap", "64m", id + "-runc").ok();
            assertEquals(Long.toString(64L << 20), v1("memory", paths[0], "memory.memsw.limit_in_bytes"));
            assertEquals(v1("memory", paths[1], "memory.limit_in_bytes"), v1("memory", paths[0], "memory.limit_in_bytes"));
        }
    }

    @Test
    void blkioWeightGoesToBfqWhereTheKernelHasNoCfqAsUnderRunc() throws Exception {
        try (RuncPeer runc = new RuncPeer(crema)) {
            String id = newId();
            String[] paths = runBoth(runc, id, new java.util.LinkedHashMap<>(java.util.Map.of("blockIO", java.util.Map.of("weight", 200))));
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/sys/fs/cgroup/blkio", paths[0], "blkio.weight")),
                    "this kernel has CFQ's blkio.weight: the BFQ fallback is not reached");
            assertEquals("200", v1("blkio", paths[0], "blkio.bfq.weight"));
            crema.run("update", "--blkio-weight", "300", id).ok();
            runc.run("update", "--blkio-weight", "300", id + "-runc").ok();
            assertEquals(v1("blkio", paths[1], "blkio.bfq.weight"), v1("blkio", paths[0], "blkio.bfq.weight"));
            assertEquals("300", v1("blkio", paths[0], "blkio.bfq.weight"));
        }
    }

    @Test
    void resourceFlagsAreIgnoredWithAResourcesFileAsByRunc() throws Exception {
        String id = runDetached("sleep 1000");
        crema.runWithInput("{\"pids\": {\"limit\": 9}}", "update", "-r", "-", "--pids-limit", "3", "--cpu-share", "300", id).ok();
        assertEquals("9", cgroupFile("pids", id, "pids.max"));
        assertEquals("1024", cgroupFile("cpu", id, "cpu.shares"));
    }
}
