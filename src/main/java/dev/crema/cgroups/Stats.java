package dev.crema.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's resource usage read from its cgroup directories, as the JSON tree runc's `events --stats`
 * prints under "data" (cpu, cpuset, memory, pids, blkio, hugetlb). Each figure comes from whichever directory has
 * the file: cgroup v1 controllers first, else cgroup v2's files.
 */
public final class Stats {
    private final List<Path> leaves;

    public Stats(List<String> leafPaths) {
        List<Path> paths = new ArrayList<>();
        for (String p : leafPaths) paths.add(Path.of(p));
        this.leaves = paths;
    }

    public Map<String, Object> read() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cpu", cpu());
        data.put("cpuset", cpuset());
        data.put("memory", memory());
        data.put("pids", pids());
        data.put("blkio", blkio());
        data.put("hugetlb", hugetlb());
        data.put("intel_rdt", new LinkedHashMap<String, Object>());
        data.put("network_interfaces", null);
        return data;
    }

    private Map<String, Object> cpu() {
        Map<String, Object> usage = new LinkedHashMap<>();
        Map<String, Object> throttling = new LinkedHashMap<>();
        String total = text("cpuacct.usage");
        if (total != null) {
            usage.put("total", Long.parseLong(total));
            usage.put("percpu", numbers(text("cpuacct.usage_percpu")));
            Map<String, Long> stat = keyed("cpuacct.stat");
            // cpuacct.stat counts clock ticks (USER_HZ, 100 on Linux); runc reports nanoseconds
            usage.put("kernel", stat.getOrDefault("system", 0L) * 10_000_000L);
            usage.put("user", stat.getOrDefault("user", 0L) * 10_000_000L);
        } else {
            Map<String, Long> stat = keyed("cpu.stat");
            usage.put("total", stat.getOrDefault("usage_usec", 0L) * 1000);
            usage.put("kernel", stat.getOrDefault("system_usec", 0L) * 1000);
            usage.put("user", stat.getOrDefault("user_usec", 0L) * 1000);
        }
        Map<String, Long> cpuStat = keyed("cpu.stat");
        throttling.put("periods", cpuStat.getOrDefault("nr_periods", 0L));
        throttling.put("throttled_periods", cpuStat.getOrDefault("nr_throttled", 0L));
        long throttled = cpuStat.containsKey("throttled_time") ? cpuStat.get("throttled_time")
                : cpuStat.getOrDefault("throttled_usec", 0L) * 1000;
        throttling.put("throttled_time", throttled);
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("usage", usage);
        cpu.put("throttling", throttling);
        return cpu;
    }

    private Map<String, Object> memory() {
        Map<String, Object> memory = new LinkedHashMap<>();
        Map<String, Long> raw = keyed("memory.stat");
        if (text("memory.usage_in_bytes") != null) {
            memory.put("cache", raw.getOrDefault("cache", 0L));
            memory.put("usage", entry("memory.usage_in_bytes", "memory.max_usage_in_bytes", "memory.limit_in_bytes", "memory.failcnt"));
            memory.put("swap", entry("memory.memsw.usage_in_bytes", "memory.memsw.max_usage_in_bytes",
                    "memory.memsw.limit_in_bytes", "memory.memsw.failcnt"));
            memory.put("kernel", entry("memory.kmem.usage_in_bytes", "memory.kmem.max_usage_in_bytes",
                    "memory.kmem.limit_in_bytes", "memory.kmem.failcnt"));
        } else {
            memory.put("cache", raw.getOrDefault("file", 0L));
            memory.put("usage", entry("memory.current", "memory.peak", "memory.max", null));
            memory.put("swap", entry("memory.swap.current", "memory.swap.peak", "memory.swap.max", null));
        }
        memory.put("raw", raw);
        return memory;
    }

    private Map<String, Object> entry(String usage, String max, String limit, String failcnt) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("usage", number(text(usage)));
        e.put("max", number(text(max)));
        e.put("limit", number(text(limit)));
        e.put("failcnt", failcnt == null ? 0L : number(text(failcnt)));
        return e;
    }

    private Map<String, Object> pids() {
        Map<String, Object> pids = new LinkedHashMap<>();
        pids.put("current", number(text("pids.current")));
        pids.put("limit", number(text("pids.max")));
        return pids;
    }

    /** v1 blkio.throttle.io_service_bytes lines ("8:0 Read 4096") as runc's entries; v2 io.stat rbytes/wbytes. */
    private Map<String, Object> blkio() {
        List<Object> bytes = new ArrayList<>();
        String v1 = text("blkio.throttle.io_service_bytes_recursive");
        if (v1 != null) {
            for (String line : v1.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length != 3 || f[0].indexOf(':') < 0) continue;
                bytes.add(blkEntry(f[0], f[1], Long.parseLong(f[2])));
            }
        } else {
            String v2 = text("io.stat");
            if (v2 != null) {
                for (String line : v2.split("\n")) {
                    String[] f = line.trim().split(" ");
                    if (f.length < 2) continue;
                    for (int i = 1; i < f.length; i++) {
                        if (f[i].startsWith("rbytes=")) bytes.add(blkEntry(f[0], "Read", Long.parseLong(f[i].substring(7))));
                        if (f[i].startsWith("wbytes=")) bytes.add(blkEntry(f[0], "Write", Long.parseLong(f[i].substring(7))));
                    }
                }
            }
        }
        Map<String, Object> blkio = new LinkedHashMap<>();
        blkio.put("ioServiceBytesRecursive", bytes);
        return blkio;
    }

    /**
     * Per huge page size ("2MB", "1GB", as the file names give them): v1 hugetlb.SIZE.usage_in_bytes,
     * max_usage_in_bytes and failcnt; v2 hugetlb.SIZE.current, and the "max" count of hugetlb.SIZE.events as the
     * failure count (v2 keeps no maximum), as runc reads them.
     */
    private Map<String, Object> hugetlb() {
        Map<String, Object> sizes = new java.util.TreeMap<>();
        for (Path leaf : leaves) {
            try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(leaf, "hugetlb.*")) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    int dot = name.indexOf('.', "hugetlb.".length());
                    if (dot < 0) continue;
                    String size = name.substring("hugetlb.".length(), dot);
                    if (sizes.containsKey(size)) continue;
                    if (name.endsWith(".usage_in_bytes")) {
                        sizes.put(size, hugetlbEntry(number(text(name)), number(text("hugetlb." + size + ".max_usage_in_bytes")),
                                number(text("hugetlb." + size + ".failcnt"))));
                    } else if (name.endsWith(".current")) {
                        Long failures = keyed("hugetlb." + size + ".events").get("max");
                        sizes.put(size, hugetlbEntry(number(text(name)), 0, failures == null ? 0 : failures));
                    }
                }
            } catch (IOException e) {
                // no such directory in this hierarchy: nothing to report from it
            }
        }
        return sizes;
    }

    private static Map<String, Object> hugetlbEntry(long usage, long max, long failcnt) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("usage", usage);
        e.put("max", max);
        e.put("failcnt", failcnt);
        return e;
    }

    /**
     * As runc's v1 cpuset statistics: the cpus and mems lists (ranges expanded; left out when empty, as runc's
     * omitempty) and the flag files; zeros where the host has no v1 cpuset (runc's struct is always there).
     */
    private Map<String, Object> cpuset() {
        Map<String, Object> c = new LinkedHashMap<>();
        List<Long> cpus = ranges(text("cpuset.cpus"));
        if (!cpus.isEmpty()) c.put("cpus", cpus);
        c.put("cpu_exclusive", number(text("cpuset.cpu_exclusive")));
        List<Long> mems = ranges(text("cpuset.mems"));
        if (!mems.isEmpty()) c.put("mems", mems);
        for (String flag : new String[] {"mem_hardwall", "mem_exclusive", "memory_migrate", "memory_spread_page",
                "memory_spread_slab", "memory_pressure", "sched_load_balance", "sched_relax_domain_level"}) {
            c.put(flag, number(text("cpuset." + flag)));
        }
        return c;
    }

    /** A kernel list such as "0-2,5" as its numbers. */
    static List<Long> ranges(String text) {
        List<Long> out = new ArrayList<>();
        if (text == null || text.isEmpty()) return out;
        for (String part : text.split(",")) {
            int dash = part.indexOf('-');
            long from = Long.parseLong(dash < 0 ? part.trim() : part.substring(0, dash).trim());
            long to = dash < 0 ? from : Long.parseLong(part.substring(dash + 1).trim());
            for (long n = from; n <= to; n++) out.add(n);
        }
        return out;
    }

    private static Map<String, Object> blkEntry(String device, String op, long value) {
        String[] mm = device.split(":");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("major", Long.parseLong(mm[0]));
        e.put("minor", Long.parseLong(mm[1]));
        e.put("op", op);
        e.put("value", value);
        return e;
    }

    /** The content of the first directory's copy of a file, trimmed; null where none has it. */
    private String text(String file) {
        for (Path leaf : leaves) {
            try {
                return Files.readString(leaf.resolve(file)).trim();
            } catch (NoSuchFileException e) {
                // another hierarchy may have it
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    /** "key value" lines (memory.stat, cpu.stat, cpuacct.stat). */
    private Map<String, Long> keyed(String file) {
        Map<String, Long> out = new LinkedHashMap<>();
        String content = text(file);
        if (content == null) return out;
        for (String line : content.split("\n")) {
            int space = line.indexOf(' ');
            if (space < 0) continue;
            try {
                out.put(line.substring(0, space), Long.parseLong(line.substring(space + 1).trim()));
            } catch (NumberFormatException ignored) {
                // a value that is not a number is not a statistic
            }
        }
        return out;
    }

    private static List<Long> numbers(String text) {
        List<Long> out = new ArrayList<>();
        if (text == null) return out;
        for (String n : text.trim().split(" ")) {
            if (!n.isEmpty()) out.add(Long.parseLong(n));
        }
        return out;
    }

    /** A number, "max" as 0 like runc's unlimited, absent as 0. */
    private static long number(String text) {
        if (text == null || text.equals("max") || text.isEmpty()) return 0;
        return Long.parseLong(text);
    }
}
