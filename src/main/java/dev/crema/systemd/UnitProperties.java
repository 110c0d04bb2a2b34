package dev.crema.systemd;

import dev.crema.spec.LinuxResources;
import java.util.ArrayList;
import java.util.List;

/**
 * linux.resources as systemd unit properties, as runc 1.1's systemd drivers make them: on cgroup v1 (and hybrid)
 * MemoryLimit, CPUShares, BlockIOWeight; on v2 MemoryMax, MemoryLow, MemorySwapMax, CPUWeight; on both
 * CPUQuotaPerSecUSec (+ CPUQuotaPeriodUSec from systemd 242), TasksMax, AllowedCPUs/AllowedMemoryNodes (from
 * 244), and the device rules as DevicePolicy/DeviceAllow. What systemd has no property for is written to the
 * cgroup files afterwards, as runc does; so are these, which systemd has set already.
 */
public final class UnitProperties {
    private static final long DEFAULT_CPU_PERIOD = 100_000;
    /** systemd's "infinity" for TasksMax, MemoryMax, CPUQuotaPerSecUSec ... */
    private static final long INFINITY = -1L;

    private UnitProperties() {}

    /** What StartTransientUnit gets besides the limits: runc's Apply properties. */
    public static List<UnitProperty> forScope(SystemdUnit unit, String description, int pid, boolean v2) {
        List<UnitProperty> out = new ArrayList<>();
        out.add(new UnitProperty("Description", "s", description));
        out.add(new UnitProperty("Slice", "s", unit.slice()));
        out.add(new UnitProperty("PIDs", "au", List.of(pid)));
        out.add(new UnitProperty("Delegate", "b", true));
        out.add(new UnitProperty("MemoryAccounting", "b", true));
        out.add(new UnitProperty("CPUAccounting", "b", true));
        out.add(new UnitProperty(v2 ? "IOAccounting" : "BlockIOAccounting", "b", true));
        out.add(new UnitProperty("TasksAccounting", "b", true));
        out.add(new UnitProperty("DefaultDependencies", "b", false));
        return out;
    }

    /** The limits of linux.resources (0 leaves a value as it is, as in runc). */
    public static List<UnitProperty> resources(LinuxResources r, boolean v2, int systemdVersion, boolean devices) {
        List<UnitProperty> out = new ArrayList<>();
        if (devices) out.addAll(SystemdDevices.properties(r.devices(), systemdVersion));
        LinuxResources.Memory m = r.memory();
        if (m != null) {
            long limit = m.limit() == null ? 0 : m.limit();
            if (limit != 0) out.add(new UnitProperty(v2 ? "MemoryMax" : "MemoryLimit", "t", limit));
            if (v2 && m.reservation() != null && m.reservation() != 0) out.add(new UnitProperty("MemoryLow", "t", m.reservation()));
            if (v2 && m.swap() != null && m.swap() != 0) {
                // v2 limits swap alone (memory+swap minus memory); an impossible pair is refused by the file writes
                if (m.swap() == -1) out.add(new UnitProperty("MemorySwapMax", "t", INFINITY));
                else if (limit > 0 && m.swap() >= limit) out.add(new UnitProperty("MemorySwapMax", "t", m.swap() - limit));
            }
        }
        LinuxResources.Cpu c = r.cpu();
        if (c != null) {
            if (c.shares() != null && c.shares() != 0) {
                if (v2) out.add(new UnitProperty("CPUWeight", "t", 1 + ((c.shares() - 2) * 9999) / 262142));
                else out.add(new UnitProperty("CPUShares", "t", c.shares()));
            }
            cpuQuota(c.quota() == null ? 0 : c.quota(), c.period() == null ? 0 : c.period(), systemdVersion, out);
            if (systemdVersion >= 244) {
                if (c.cpus() != null && !c.cpus().isEmpty()) out.add(new UnitProperty("AllowedCPUs", "ay", CpuMask.bits(c.cpus(), "linux.resources.cpu.cpus")));
                if (c.mems() != null && !c.mems().isEmpty()) out.add(new UnitProperty("AllowedMemoryNodes", "ay", CpuMask.bits(c.mems(), "linux.resources.cpu.mems")));
            }
        }
        if (!v2 && r.blockIO() != null && r.blockIO().weight() != null && r.blockIO().weight() != 0) {
            out.add(new UnitProperty("BlockIOWeight", "t", (long) r.blockIO().weight()));
        }
        if (r.pidsLimit() != null && (r.pidsLimit() > 0 || r.pidsLimit() == -1)) {
            out.add(new UnitProperty("TasksMax", "t", r.pidsLimit() == -1 ? INFINITY : r.pidsLimit()));
        }
        return out;
    }

    /**
     * runc's addCpuQuota: systemd keeps a quota per second and turns it into whole percents, so a quota that is
     * not a multiple of 1% is rounded up to the next 10 ms per second (the kernel then gets at least what the
     * config asks for; the exact value follows in cpu.cfs_quota_us).
     */
    static void cpuQuota(long quota, long period, int systemdVersion, List<UnitProperty> out) {
        if (period != 0 && systemdVersion >= 242) out.add(new UnitProperty("CPUQuotaPeriodUSec", "t", period));
        if (quota == 0 && period == 0) return;
        long perSecond = INFINITY;
        if (quota > 0) {
            long p = period == 0 ? DEFAULT_CPU_PERIOD : period;
            perSecond = quota * 1_000_000L / p;
            if (perSecond % 10_000 != 0) perSecond = (perSecond / 10_000 + 1) * 10_000;
        }
        out.add(new UnitProperty("CPUQuotaPerSecUSec", "t", perSecond));
    }
}
