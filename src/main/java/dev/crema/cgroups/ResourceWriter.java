package dev.crema.cgroups;

import dev.crema.spec.LinuxResources;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes linux.resources into a container's cgroup directories. Each setting names its cgroup v1 file and its
 * v2 file (with runc's conversions: shares to weight, blkio weight to io.weight, swap to memory.swap.max); it
 * goes to whichever of the container's directories has that file, v1 first (on a hybrid host the v1
 * controllers hold the resources). A setting no directory can take is an error naming the field: crema never
 * drops a limit silently.
 *
 * <p>As runc 1.1.5's cgroup drivers: 0 means "leave as it is" for memory, swap, reservation, cpu shares, quota,
 * period, realtime values, blkio weights and pids (docker's update sends zeros for what it does not change);
 * kernel memory is ignored; a file name may list alternatives ("blkio.weight|blkio.bfq.weight"), the first
 * that exists is written, with the value in the same position.
 */
public final class ResourceWriter {
    /**
     * One file write: the config field it comes from, and its v1 and v2 forms (null where there is none).
     * {@code skipWhen} names a file of the other version's form of the same setting: where it exists, this
     * form is not the one to write (cpu quota and period are two files in v1, one in v2).
     */
    record Setting(String field, String v1File, String v1Value, String v2File, String v2Value, String skipWhen,
                   String v2Refusal, boolean optional) {
        Setting(String field, String v1File, String v1Value, String v2File, String v2Value) {
            this(field, v1File, v1Value, v2File, v2Value, null, null, false);
        }

        Setting(String field, String v1File, String v1Value, String v2File, String v2Value, String skipWhen) {
            this(field, v1File, v1Value, v2File, v2Value, skipWhen, null, false);
        }
    }

    /** runc's AllowedDevices: mknod of any node, and the default devices, consoles and ptys. */
    private static final String[] DEFAULT_ALLOWED = {"c *:* m", "b *:* m", "c 1:3 rwm", "c 1:8 rwm", "c 1:7 rwm",
            "c 5:0 rwm", "c 1:5 rwm", "c 1:9 rwm", "c 5:1 rwm", "c 136:* rwm", "c 5:2 rwm"};

    private final List<Path> leaves;
    /** A rootless container's: device rules are tried and their failures ignored, as runc's rootless managers. */
    private final boolean rootless;

    public ResourceWriter(List<String> leafPaths) {
        this(leafPaths, false);
    }

    public ResourceWriter(List<String> leafPaths, boolean rootless) {
        List<Path> paths = new ArrayList<>();
        for (String p : leafPaths) paths.add(Path.of(p));
        this.leaves = paths;
        this.rootless = rootless;
    }

    public void apply(LinuxResources r) {
        List<Setting> settings = settings(r, currentMemoryLimit());
        boolean filter = !r.devices().isEmpty() && find("devices.allow") == null && find("cgroup.controllers") != null;
        for (Setting s : settings) {
            boolean device = s.v1File() != null && s.v1File().startsWith("devices.");
            if (filter && device) continue;
            if (rootless && device) {
                // "errors from the device subsystem are ignored, as it is really not expected to work" (runc)
                if (find(s.v1File()) == null) continue;
                try {
                    write(s);
                } catch (CgroupException ignored) {
                    // not permitted to an unprivileged owner of the cgroup
                }
                continue;
            }
            write(s);
        }
        if (filter && rootless) {
            // attaching a BPF program needs CAP_SYS_ADMIN, which a rootless caller lacks: skipped as runc's fs2 does
            return;
        }
        if (filter) {
            // cgroup v2: the same rules (the config's, then the defaults) as an eBPF program on the v2 directory
            java.util.List<DeviceFilter.Rule> rules = new java.util.ArrayList<>();
            for (Setting s : settings) {
                if (s.v1File() != null && s.v1File().startsWith("devices.")) {
                    rules.add(rule(s.v1File().equals("devices.allow"), s.v1Value()));
                }
            }
            DeviceFilter.attach(find("cgroup.controllers").getParent().toString(), rules, "linux.resources.devices");
        }
    }

    /** A v1 rule line ("c 1:3 rwm", "a *:* rwm") as a filter rule. */
    static DeviceFilter.Rule rule(boolean allow, String line) {
        String[] f = line.split(" ");
        String[] mm = f[1].split(":");
        return new DeviceFilter.Rule(allow, f[0].charAt(0), mm[0].equals("*") ? -1 : Long.parseLong(mm[0]),
                mm[1].equals("*") ? -1 : Long.parseLong(mm[1]), f[2]);
    }

    /** The v1 memory limit now in force (runc orders the memory and swap writes by it), or -1 when unknown. */
    private long currentMemoryLimit() {
        Path file = find("memory.limit_in_bytes");
        if (file == null) return -1;
        try {
            return Long.parseUnsignedLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    static List<Setting> settings(LinuxResources r) {
        return settings(r, -1);
    }

    static List<Setting> settings(LinuxResources r, long currentMemoryLimit) {
        List<Setting> out = new ArrayList<>();
        String f = "linux.resources.";
        if (r.memory() != null) memory(r.memory(), currentMemoryLimit, f + "memory.", out);
        if (r.cpu() != null) cpu(r.cpu(), f + "cpu.", out);
        if (r.pidsLimit() != null && r.pidsLimit() != 0) {
            String limit = r.pidsLimit() < 0 ? "max" : Long.toString(r.pidsLimit());
            out.add(new Setting(f + "pids.limit", "pids.max", limit, "pids.max", limit));
        }
        if (r.blockIO() != null) blockIO(r.blockIO(), f + "blockIO.", out);
        for (int i = 0; i < r.hugepageLimits().size(); i++) {
            LinuxResources.HugepageLimit h = r.hugepageLimits().get(i);
            String limit = Long.toString(h.limit());
            out.add(new Setting(f + "hugepageLimits[" + i + "]", "hugetlb." + h.pageSize() + ".limit_in_bytes", limit,
                    "hugetlb." + h.pageSize() + ".max", limit));
        }
        if (r.network() != null) {
            if (r.network().classID() != null) {
                out.add(new Setting(f + "network.classID", "net_cls.classid", Long.toString(r.network().classID()), null, null));
            }
            for (Map.Entry<String, Long> p : r.network().priorities().entrySet()) {
                out.add(new Setting(f + "network.priorities", "net_prio.ifpriomap", p.getKey() + " " + p.getValue(), null, null));
            }
        }
        for (Map.Entry<String, LinuxResources.Rdma> e : r.rdma().entrySet()) {
            StringBuilder v = new StringBuilder(e.getKey());
            if (e.getValue().hcaHandles() != null) v.append(" hca_handle=").append(e.getValue().hcaHandles());
            if (e.getValue().hcaObjects() != null) v.append(" hca_object=").append(e.getValue().hcaObjects());
            out.add(new Setting(f + "rdma." + e.getKey(), "rdma.max", v.toString(), "rdma.max", v.toString()));
        }
        for (int i = 0; i < r.devices().size(); i++) {
            LinuxResources.DeviceRule d = r.devices().get(i);
            String rule = (d.type() == null ? "a" : d.type()) + " " + (d.major() == null || d.major() < 0 ? "*" : d.major())
                    + ":" + (d.minor() == null || d.minor() < 0 ? "*" : d.minor()) + " " + (d.access() == null ? "rwm" : d.access());
            // cgroup v2 has no device files: apply() turns these into an eBPF program there
            out.add(new Setting(f + "devices[" + i + "]", d.allow() ? "devices.allow" : "devices.deny", rule, null, null));
        }
        if (!r.devices().isEmpty()) {
            // as runc: the devices every container gets stay usable whatever the config's rules say
            for (String rule : DEFAULT_ALLOWED) {
                out.add(new Setting("runtime default device rule \"" + rule + "\"", "devices.allow", rule, null, null));
            }
        }
        for (Map.Entry<String, String> u : r.unified().entrySet()) {
            if (u.getKey().contains("/") || u.getKey().startsWith(".")) {
                throw new CgroupException(f + "unified." + u.getKey() + ": not a cgroup file name");
            }
            out.add(new Setting(f + "unified." + u.getKey(), null, null, u.getKey(), u.getValue()));
        }
        return out;
    }

    /**
     * runc's setMemoryAndSwap: memory -1 without a swap value means swap -1 too; when both change, swap goes
     * first if it grows past the current limit (or becomes unlimited), else memory first, so the kernel's
     * "memsw >= memory" check holds at every step. v2 takes swap alone (memsw - memory).
     */
    private static void memory(LinuxResources.Memory m, long currentLimit, String f, List<Setting> out) {
        long limit = m.limit() == null ? 0 : m.limit();
        long swap = m.swap() == null ? 0 : m.swap();
        boolean impliedSwap = limit == -1 && swap == 0;
        if (impliedSwap) swap = -1;
        Setting memory = limit == 0 ? null
                : new Setting(f + "limit", "memory.limit_in_bytes", Long.toString(limit), "memory.max", max(limit));
        Setting memsw = null;
        if (swap != 0) {
            String v2 = swap == -1 ? "max" : null;
            String refusal = null;
            if (v2 == null) {
                if (limit == 0 || limit == -1) refusal = "unable to set swap limit without memory limit";
                else if (swap < limit) refusal = "memory+swap limit should be >= memory limit";
                else v2 = Long.toString(swap - limit);
            }
            // an unlimited swap that only follows from memory -1 is written where the host accounts swap
            memsw = impliedSwap
                    ? new Setting(f + "limit", "memory.memsw.limit_in_bytes", "-1", "memory.swap.max", "max", null, null, true)
                    : new Setting(f + "swap", "memory.memsw.limit_in_bytes", Long.toString(swap), "memory.swap.max", v2,
                            null, refusal, false);
        }
        boolean swapFirst = memory != null && memsw != null
                && (swap == -1 || (currentLimit >= 0 && currentLimit < swap));
        if (swapFirst) out.add(memsw);
        if (memory != null) out.add(memory);
        if (!swapFirst && memsw != null) out.add(memsw);
        if (m.reservation() != null && m.reservation() != 0) {
            out.add(new Setting(f + "reservation", "memory.soft_limit_in_bytes", Long.toString(m.reservation()), "memory.low", max(m.reservation())));
        }
        // kernel and kernelTCP: ignored, as runc 1.1 does (the kernel dropped kmem limits)
        if (m.swappiness() != null && m.swappiness() >= 0) {
            if (m.swappiness() > 100) throw new CgroupException(f + "swappiness: must be 0 to 100, got " + m.swappiness());
            out.add(new Setting(f + "swappiness", "memory.swappiness", Long.toString(m.swappiness()), null, null));
        }
        if (Boolean.TRUE.equals(m.disableOOMKiller())) out.add(new Setting(f + "disableOOMKiller", "memory.oom_control", "1", null, null));
        if (m.useHierarchy() != null) {
            out.add(new Setting(f + "useHierarchy", "memory.use_hierarchy", m.useHierarchy() ? "1" : "0", null, null));
        }
    }

    private static void cpu(LinuxResources.Cpu c, String f, List<Setting> out) {
        if (c.shares() != null && c.shares() != 0) {
            out.add(new Setting(f + "shares", "cpu.shares", Long.toString(c.shares()), "cpu.weight", Long.toString(sharesToWeight(c.shares()))));
        }
        boolean period = c.period() != null && c.period() != 0;
        boolean quota = c.quota() != null && c.quota() != 0;
        if (period) out.add(new Setting(f + "period", "cpu.cfs_period_us", Long.toString(c.period()), null, null, "cpu.max"));
        if (quota) out.add(new Setting(f + "quota", "cpu.cfs_quota_us", Long.toString(c.quota()), null, null, "cpu.max"));
        if (period || quota) {
            // as runc: without a period the kernel keeps the one it has
            String max = (quota && c.quota() > 0 ? Long.toString(c.quota()) : "max") + (period ? " " + c.period() : "");
            out.add(new Setting(f + (quota ? "quota" : "period"), null, null, "cpu.max", max, "cpu.cfs_period_us"));
        }
        if (c.burst() != null) out.add(new Setting(f + "burst", "cpu.cfs_burst_us", Long.toString(c.burst()), "cpu.max.burst", Long.toString(c.burst())));
        if (c.realtimePeriod() != null && c.realtimePeriod() != 0) {
            out.add(new Setting(f + "realtimePeriod", "cpu.rt_period_us", Long.toString(c.realtimePeriod()), null, null));
        }
        if (c.realtimeRuntime() != null && c.realtimeRuntime() != 0) {
            out.add(new Setting(f + "realtimeRuntime", "cpu.rt_runtime_us", Long.toString(c.realtimeRuntime()), null, null));
        }
        if (c.cpus() != null && !c.cpus().isEmpty()) out.add(new Setting(f + "cpus", "cpuset.cpus", c.cpus(), "cpuset.cpus", c.cpus()));
        if (c.mems() != null && !c.mems().isEmpty()) out.add(new Setting(f + "mems", "cpuset.mems", c.mems(), "cpuset.mems", c.mems()));
        if (c.idle() != null) out.add(new Setting(f + "idle", "cpu.idle", Long.toString(c.idle()), "cpu.idle", Long.toString(c.idle())));
    }

    private static void blockIO(LinuxResources.BlockIO b, String f, List<Setting> out) {
        if (b.weight() != null && b.weight() != 0) {
            // as runc: the BFQ scheduler's files where the kernel has no CFQ ones (v1), BFQ's raw weight first (v2)
            out.add(new Setting(f + "weight", "blkio.weight|blkio.bfq.weight", Long.toString(b.weight()), "io.bfq.weight|io.weight",
                    b.weight() + "|" + blkioToIoWeight(b.weight())));
        }
        if (b.leafWeight() != null && b.leafWeight() != 0) {
            out.add(new Setting(f + "leafWeight", "blkio.leaf_weight", Long.toString(b.leafWeight()), null, null));
        }
        for (LinuxResources.WeightDevice w : b.weightDevice()) {
            if (w.weight() != null) {
                out.add(new Setting(f + "weightDevice", "blkio.weight_device|blkio.bfq.weight_device", w.major() + ":" + w.minor() + " " + w.weight(),
                        "io.weight", w.major() + ":" + w.minor() + " " + blkioToIoWeight(w.weight())));
            }
        }
        throttle(b.throttleReadBpsDevice(), f + "throttleReadBpsDevice", "blkio.throttle.read_bps_device", "rbps", out);
        throttle(b.throttleWriteBpsDevice(), f + "throttleWriteBpsDevice", "blkio.throttle.write_bps_device", "wbps", out);
        throttle(b.throttleReadIOPSDevice(), f + "throttleReadIOPSDevice", "blkio.throttle.read_iops_device", "riops", out);
        throttle(b.throttleWriteIOPSDevice(), f + "throttleWriteIOPSDevice", "blkio.throttle.write_iops_device", "wiops", out);
    }

    private static void throttle(List<LinuxResources.ThrottleDevice> list, String f, String v1File, String v2Key, List<Setting> out) {
        for (LinuxResources.ThrottleDevice t : list) {
            String dev = t.major() + ":" + t.minor();
            out.add(new Setting(f, v1File, dev + " " + t.rate(), "io.max", dev + " " + v2Key + "=" + (t.rate() == 0 ? "max" : t.rate())));
        }
    }

    /** runc's conversion of cgroup v1 cpu.shares [2, 262144] to v2 cpu.weight [1, 10000]. */
    static long sharesToWeight(long shares) {
        return 1 + ((shares - 2) * 9999) / 262142;
    }

    /** runc's conversion of blkio.weight [10, 1000] to io.weight [1, 10000]. */
    static long blkioToIoWeight(long weight) {
        return 1 + (weight - 10) * 9999 / 990;
    }

    private static String max(long value) {
        return value < 0 ? "max" : Long.toString(value);
    }

    private void write(Setting s) {
        if (find(s.skipWhen()) != null) return;
        Path file = find(s.v1File());
        String value = alternative(s.v1File(), file, s.v1Value());
        if (file == null) {
            file = find(s.v2File());
            value = alternative(s.v2File(), file, s.v2Value());
            if (file != null && s.v2Refusal() != null) throw new CgroupException(s.field() + ": " + s.v2Refusal());
        }
        if (file == null) {
            if (s.optional()) return;
            String wanted = s.v1File() != null ? s.v1File() : s.v2File();
            throw new CgroupException(s.field() + ": the host's cgroups have no " + wanted
                    + (s.v2File() == null ? " (cgroup v1 only)" : s.v1File() == null ? " (cgroup v2 only)" : ""));
        }
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
            throw new CgroupException(s.field() + ": write \"" + value + "\" to " + file + ": " + reason);
        }
        if (file.getFileName().toString().equals("cpu.shares")) checkShares(s.field(), file, value);
    }

    /** As runc: the kernel clamps cpu.shares to [2, 262144] silently; a value it changed is refused. */
    private static void checkShares(String field, Path file, String written) {
        long read;
        try {
            read = Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            throw new CgroupException(field + ": read back " + file + ": " + e.getMessage());
        }
        long wanted = Long.parseLong(written);
        if (wanted != read) {
            throw new CgroupException(field + ": the " + (wanted > read ? "maximum" : "minimum") + " allowed cpu-shares is "
                    + read + " (" + file + " reads " + read + ")");
        }
    }

    /** The value for the alternative file found: "a|b" values go with "x|y" names, position by position. */
    private static String alternative(String names, Path found, String values) {
        if (found == null || names.indexOf('|') < 0 || values.indexOf('|') < 0) return values;
        String name = found.getFileName().toString();
        String[] n = names.split("\\|");
        String[] v = values.split("\\|");
        for (int i = 0; i < n.length && i < v.length; i++) {
            if (n[i].equals(name)) return v[i];
        }
        return values;
    }

    /** The file in the first leaf that has it; for "a|b", a in any leaf before b in any leaf. */
    private Path find(String name) {
        if (name == null) return null;
        int bar = name.indexOf('|');
        if (bar >= 0) {
            Path first = find(name.substring(0, bar));
            return first != null ? first : find(name.substring(bar + 1));
        }
        for (Path leaf : leaves) {
            Path file = leaf.resolve(name);
            if (Files.exists(file)) return file;
        }
        return null;
    }
}
