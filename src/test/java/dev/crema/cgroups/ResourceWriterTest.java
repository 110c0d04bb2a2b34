package dev.crema.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.LinuxResources;
import dev.crema.spec.SpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v2 writers against a fake cgroup v2 directory (this host's cgroup2 mount has no controllers). */
class ResourceWriterTest {
    @TempDir
    Path dir;

    private static LinuxResources resources(String json) {
        return SpecParser.parse("""
                {"ociVersion": "1.2.0", "linux": {"resources": %s}}
                """.formatted(json)).linux().resources();
    }

    private Path v2Leaf(String... files) throws IOException {
        Path leaf = Files.createDirectories(dir.resolve("unified/c"));
        Files.writeString(leaf.resolve("cgroup.controllers"), "cpu io memory pids\n");
        for (String f : files) Files.writeString(leaf.resolve(f), "");
        return leaf;
    }

    private static String read(Path leaf, String file) throws IOException {
        return Files.readString(leaf.resolve(file));
    }

    @Test
    void v2GetsRuncsConversions() throws IOException {
        Path leaf = v2Leaf("memory.max", "memory.low", "memory.swap.max", "cpu.weight", "cpu.max", "pids.max", "io.weight", "io.max");
        new ResourceWriter(List.of(leaf.toString())).apply(resources("""
                {"memory": {"limit": 1048576, "reservation": 524288, "swap": 3145728},
                 "cpu": {"shares": 1024, "quota": 50000, "period": 100000},
                 "pids": {"limit": 32},
                 "blockIO": {"weight": 500, "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 1000}]}}
                """));
        assertEquals("1048576", read(leaf, "memory.max"));
        assertEquals("524288", read(leaf, "memory.low"));
        assertEquals("2097152", read(leaf, "memory.swap.max"), "v2 swap is swap alone: memsw - limit");
        assertEquals("39", read(leaf, "cpu.weight"), "shares 1024 -> weight 1 + (1022 * 9999) / 262142");
        assertEquals("50000 100000", read(leaf, "cpu.max"));
        assertEquals("32", read(leaf, "pids.max"));
        assertEquals("4950", read(leaf, "io.weight"), "blkio 500 -> io 1 + 490 * 9999 / 990");
        assertEquals("8:0 rbps=1000", read(leaf, "io.max"));
    }

    @Test
    void unlimitedValuesAreMax() throws IOException {
        Path leaf = v2Leaf("memory.max", "pids.max", "cpu.max");
        new ResourceWriter(List.of(leaf.toString())).apply(resources(
                "{\"memory\": {\"limit\": -1}, \"pids\": {\"limit\": -1}, \"cpu\": {\"period\": 20000}}"));
        assertEquals("max", read(leaf, "memory.max"));
        assertEquals("max", read(leaf, "pids.max"));
        assertEquals("max 20000", read(leaf, "cpu.max"));
    }

    /** docker 20.10's update payload: zeros for everything it does not change (runc: 0 = leave as it is). */
    private static final String DOCKER_UPDATE = """
            {"memory": {"limit": 0, "reservation": 0, "kernel": 0},
             "cpu": {"shares": 0, "quota": 0, "period": 0, "cpus": "", "mems": ""},
             "blockIO": {"weight": 0}, "pids": {"limit": 7}}
            """;

    @Test
    void zerosLeaveV2ValuesAsTheyAre() throws IOException {
        Path leaf = v2Leaf("memory.max", "memory.low", "memory.swap.max", "cpu.weight", "cpu.max", "pids.max", "io.weight");
        new ResourceWriter(List.of(leaf.toString())).apply(resources(DOCKER_UPDATE));
        assertEquals("7", read(leaf, "pids.max"));
        for (String untouched : List.of("memory.max", "memory.low", "memory.swap.max", "cpu.weight", "cpu.max", "io.weight")) {
            assertEquals("", read(leaf, untouched), untouched);
        }
    }

    @Test
    void zerosLeaveV1ValuesAsTheyAre() throws IOException {
        Path memory = Files.createDirectories(dir.resolve("memory/c"));
        for (String f : List.of("memory.limit_in_bytes", "memory.soft_limit_in_bytes", "memory.memsw.limit_in_bytes")) {
            Files.writeString(memory.resolve(f), "1048576");
        }
        Path pids = Files.createDirectories(dir.resolve("pids/c"));
        Files.writeString(pids.resolve("pids.max"), "max");
        new ResourceWriter(List.of(memory.toString(), pids.toString())).apply(resources(DOCKER_UPDATE));
        assertEquals("1048576", read(memory, "memory.limit_in_bytes"));
        assertEquals("1048576", read(memory, "memory.soft_limit_in_bytes"), "docker's reservation 0 keeps the soft limit");
        assertEquals("7", read(pids, "pids.max"));
    }

    @Test
    void memoryUnlimitedMakesSwapUnlimitedToo() throws IOException {
        Path memory = Files.createDirectories(dir.resolve("memory/c"));
        Files.writeString(memory.resolve("memory.limit_in_bytes"), "104857600");
        Files.writeString(memory.resolve("memory.memsw.limit_in_bytes"), "209715200");
        new ResourceWriter(List.of(memory.toString())).apply(resources("{\"memory\": {\"limit\": -1}}"));
        assertEquals("-1", read(memory, "memory.limit_in_bytes"));
        assertEquals("-1", read(memory, "memory.memsw.limit_in_bytes"));
        Path v2 = v2Leaf("memory.max", "memory.swap.max");
        new ResourceWriter(List.of(v2.toString())).apply(resources("{\"memory\": {\"limit\": -1}}"));
        assertEquals("max", read(v2, "memory.swap.max"));
        // without swap accounting there is nothing to lift
        Path noSwap = Files.createDirectories(dir.resolve("memory/noswap"));
        Files.writeString(noSwap.resolve("memory.limit_in_bytes"), "1");
        new ResourceWriter(List.of(noSwap.toString())).apply(resources("{\"memory\": {\"limit\": -1}}"));
        assertEquals("-1", read(noSwap, "memory.limit_in_bytes"));
    }

    @Test
    void v2SwapWithoutMemoryLimitIsRefusedAsByRunc() throws IOException {
        Path leaf = v2Leaf("memory.max", "memory.swap.max");
        CgroupException e = assertThrows(CgroupException.class, () -> new ResourceWriter(List.of(leaf.toString()))
                .apply(resources("{\"memory\": {\"swap\": 1048576}}")));
        assertEquals("linux.resources.memory.swap: unable to set swap limit without memory limit", e.getMessage());
        e = assertThrows(CgroupException.class, () -> new ResourceWriter(List.of(leaf.toString()))
                .apply(resources("{\"memory\": {\"limit\": 2097152, \"swap\": 1048576}}")));
        assertEquals("linux.resources.memory.swap: memory+swap limit should be >= memory limit", e.getMessage());
    }

    @Test
    void blkioWeightFallsBackToBfq() throws IOException {
        Path v1 = Files.createDirectories(dir.resolve("blkio/c"));
        Files.writeString(v1.resolve("blkio.bfq.weight"), "100");
        Files.writeString(v1.resolve("blkio.bfq.weight_device"), "");
        new ResourceWriter(List.of(v1.toString())).apply(resources(
                "{\"blockIO\": {\"weight\": 300, \"weightDevice\": [{\"major\": 8, \"minor\": 0, \"weight\": 200}]}}"));
        assertEquals("300", read(v1, "blkio.bfq.weight"));
        assertEquals("8:0 200", read(v1, "blkio.bfq.weight_device"));
        Path v2 = v2Leaf("io.bfq.weight", "io.weight");
        new ResourceWriter(List.of(v2.toString())).apply(resources("{\"blockIO\": {\"weight\": 300}}"));
        assertEquals("300", read(v2, "io.bfq.weight"), "BFQ takes the blkio scale as it is");
        assertEquals("", read(v2, "io.weight"));
    }

    @Test
    void unifiedKeysAreWrittenAsGiven() throws IOException {
        Path leaf = v2Leaf("memory.high");
        new ResourceWriter(List.of(leaf.toString())).apply(resources("{\"unified\": {\"memory.high\": \"123456\"}}"));
        assertEquals("123456", read(leaf, "memory.high"));
        assertTrue(assertThrows(CgroupException.class, () -> new ResourceWriter(List.of(leaf.toString()))
                .apply(resources("{\"unified\": {\"../x\": \"1\"}}"))).getMessage().startsWith("linux.resources.unified.../x"));
    }

    @Test
    void v1CpuTakesTwoFilesAndSkipsTheV2Form() throws IOException {
        Path cpu = Files.createDirectories(dir.resolve("cpu/c"));
        Files.writeString(cpu.resolve("cpu.cfs_period_us"), "");
        Files.writeString(cpu.resolve("cpu.cfs_quota_us"), "");
        new ResourceWriter(List.of(cpu.toString())).apply(resources("{\"cpu\": {\"quota\": 25000, \"period\": 50000}}"));
        assertEquals("50000", read(cpu, "cpu.cfs_period_us"));
        assertEquals("25000", read(cpu, "cpu.cfs_quota_us"));
    }

    @Test
    void aSettingNoControllerTakesIsRefusedByField() throws IOException {
        Path leaf = v2Leaf("memory.max");
        CgroupException e = assertThrows(CgroupException.class, () -> new ResourceWriter(List.of(leaf.toString()))
                .apply(resources("{\"hugepageLimits\": [{\"pageSize\": \"2MB\", \"limit\": 1}]}")));
        assertEquals("linux.resources.hugepageLimits[0]: the host's cgroups have no hugetlb.2MB.limit_in_bytes", e.getMessage());
        // a directory that is neither v1's devices controller nor cgroup v2 (no cgroup.controllers)
        Path neither = Files.createDirectories(dir.resolve("other"));
        e = assertThrows(CgroupException.class, () -> new ResourceWriter(List.of(neither.toString()))
                .apply(resources("{\"devices\": [{\"allow\": false, \"access\": \"rwm\"}]}")));
        assertEquals("linux.resources.devices[0]: the host's cgroups have no devices.deny (cgroup v1 only)", e.getMessage());
    }

    @Test
    void conversionsMatchRunc() {
        assertEquals(1, ResourceWriter.sharesToWeight(2));
        assertEquals(10000, ResourceWriter.sharesToWeight(262144));
        assertEquals(1, ResourceWriter.blkioToIoWeight(10));
        assertEquals(10000, ResourceWriter.blkioToIoWeight(1000));
    }
}
