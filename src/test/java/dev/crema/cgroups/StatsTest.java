package dev.crema.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The v2 stat readers against a fake cgroup v2 directory. */
class StatsTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void v2FilesBecomeRuncsFields() throws Exception {
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 4\nnr_throttled 1\nthrottled_usec 7\n");
        Files.writeString(dir.resolve("memory.current"), "4096\n");
        Files.writeString(dir.resolve("memory.max"), "max\n");
        Files.writeString(dir.resolve("memory.stat"), "anon 100\nfile 200\n");
        Files.writeString(dir.resolve("pids.current"), "3\n");
        Files.writeString(dir.resolve("pids.max"), "10\n");
        Files.writeString(dir.resolve("io.stat"), "8:0 rbytes=11 wbytes=22 rios=1 wios=2\n");
        Map<String, Object> data = new Stats(List.of(dir.toString())).read();
        Map<String, Object> cpu = (Map<String, Object>) data.get("cpu");
        assertEquals(Map.of("total", 1_500_000L, "kernel", 500_000L, "user", 1_000_000L), cpu.get("usage"));
        assertEquals(Map.of("periods", 4L, "throttled_periods", 1L, "throttled_time", 7000L), cpu.get("throttling"));
        Map<String, Object> memory = (Map<String, Object>) data.get("memory");
        assertEquals(200L, memory.get("cache"));
        assertEquals(4096L, ((Map<String, Object>) memory.get("usage")).get("usage"));
        assertEquals(0L, ((Map<String, Object>) memory.get("usage")).get("limit"), "max reads as 0, as runc's unlimited");
        assertEquals(Map.of("current", 3L, "limit", 10L), data.get("pids"));
        assertEquals(List.of(Map.of("major", 8L, "minor", 0L, "op", "Read", "value", 11L),
                Map.of("major", 8L, "minor", 0L, "op", "Write", "value", 22L)),
                ((Map<String, Object>) data.get("blkio")).get("ioServiceBytesRecursive"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void hugetlbStatsPerPageSizeOnBothVersions() throws Exception {
        Path v1 = Files.createDirectories(dir.resolve("v1"));
        Files.writeString(v1.resolve("hugetlb.2MB.usage_in_bytes"), "2097152\n");
        Files.writeString(v1.resolve("hugetlb.2MB.max_usage_in_bytes"), "4194304\n");
        Files.writeString(v1.resolve("hugetlb.2MB.failcnt"), "3\n");
        Files.writeString(v1.resolve("hugetlb.2MB.limit_in_bytes"), "9223372036854771712\n");
        Files.writeString(v1.resolve("hugetlb.1GB.usage_in_bytes"), "0\n");
        Files.writeString(v1.resolve("hugetlb.1GB.max_usage_in_bytes"), "0\n");
        Files.writeString(v1.resolve("hugetlb.1GB.failcnt"), "0\n");
        Map<String, Object> hugetlb = (Map<String, Object>) new Stats(List.of(v1.toString())).read().get("hugetlb");
        assertEquals(Map.of("usage", 2097152L, "max", 4194304L, "failcnt", 3L), hugetlb.get("2MB"));
        assertEquals(Map.of("usage", 0L, "max", 0L, "failcnt", 0L), hugetlb.get("1GB"));
        assertEquals(2, hugetlb.size());

        Path v2 = Files.createDirectories(dir.resolve("v2"));
        Files.writeString(v2.resolve("hugetlb.2MB.current"), "2097152\n");
        Files.writeString(v2.resolve("hugetlb.2MB.max"), "max\n");
        Files.writeString(v2.resolve("hugetlb.2MB.events"), "max 5\n");
        hugetlb = (Map<String, Object>) new Stats(List.of(v2.toString())).read().get("hugetlb");
        assertEquals(Map.of("2MB", Map.of("usage", 2097152L, "max", 0L, "failcnt", 5L)), hugetlb);
    }

    @Test
    void cpusetListsAreExpandedAsRuncReportsThem() {
        org.junit.jupiter.api.Assertions.assertEquals(List.of(0L, 1L, 2L, 5L), Stats.ranges("0-2,5"));
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), Stats.ranges(""));
    }
}
