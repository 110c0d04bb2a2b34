package dev.crema.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * linux.resources: every field of runtime-spec 1.2, parsed and typed now, applied to cgroups in a later issue
 * (until then a non-empty resources block is refused by name). uint64 "unlimited" values read as -1.
 */
public record LinuxResources(List<DeviceRule> devices, Memory memory, Cpu cpu, Long pidsLimit, BlockIO blockIO,
                             List<HugepageLimit> hugepageLimits, Network network, Map<String, Rdma> rdma,
                             Map<String, String> unified) {

    /** r, w and m, each at most once, as runc's device permissions take them (v1 and the v2 filter alike). */
    private static String access(Node d) {
        String access = d.string("access");
        if (access == null) return null;
        for (int i = 0; i < access.length(); i++) {
            char c = access.charAt(i);
            if ((c != 'r' && c != 'w' && c != 'm') || access.indexOf(c) != i) {
                throw new ConfigException(d.field("access") + ": invalid device access \"" + access
                        + "\" (letters r, w, m, each once)");
            }
        }
        return access;
    }

    static LinuxResources from(Node n) {
        List<DeviceRule> devices = new ArrayList<>();
        for (Node d : n.objects("devices")) {
            devices.add(new DeviceRule(d.bool("allow"), d.oneOf("type", "a", "c", "b"), d.int64("major"),
                    d.int64("minor"), access(d)));
        }
        Node memory = n.object("memory");
        Node cpu = n.object("cpu");
        Node pids = n.object("pids");
        Node blockIO = n.object("blockIO");
        Node network = n.object("network");
        List<HugepageLimit> huge = new ArrayList<>();
        for (Node h : n.objects("hugepageLimits")) {
            Long limit = h.uint64("limit");
            if (limit == null) throw new ConfigException(h.field("limit") + ": required");
            huge.add(new HugepageLimit(h.requiredString("pageSize"), limit));
        }
        Map<String, Rdma> rdma = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.objectMap("rdma").entrySet()) {
            rdma.put(e.getKey(), new Rdma(e.getValue().uint32("hcaHandles"), e.getValue().uint32("hcaObjects")));
        }
        return new LinuxResources(List.copyOf(devices), memory == null ? null : Memory.from(memory),
                cpu == null ? null : Cpu.from(cpu),
                pids == null ? null : pids.integer("limit", Long.MIN_VALUE, Long.MAX_VALUE),
                blockIO == null ? null : BlockIO.from(blockIO), List.copyOf(huge),
                network == null ? null : Network.from(network), rdma, n.stringMap("unified"));
    }

    /** True when nothing at all is asked for (engines often send an empty or devices-only block). */
    public boolean isEmpty() {
        return devices.isEmpty() && memory == null && cpu == null && pidsLimit == null && blockIO == null
                && hugepageLimits.isEmpty() && network == null && rdma.isEmpty() && unified.isEmpty();
    }

    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}

    public record Memory(Long limit, Long reservation, Long swap, Long kernel, Long kernelTCP, Long swappiness,
                         Boolean disableOOMKiller, Boolean useHierarchy, Boolean checkBeforeUpdate) {
        static Memory from(Node n) {
            return new Memory(n.int64("limit"), n.int64("reservation"), n.int64("swap"), n.int64("kernel"),
                    n.int64("kernelTCP"), n.uint64("swappiness"), n.optionalBool("disableOOMKiller"),
                    n.optionalBool("useHierarchy"), n.optionalBool("checkBeforeUpdate"));
        }
    }

    public record Cpu(Long shares, Long quota, Long burst, Long period, Long realtimeRuntime, Long realtimePeriod,
                      String cpus, String mems, Long idle) {
        static Cpu from(Node n) {
            return new Cpu(n.uint64("shares"), n.int64("quota"), n.uint64("burst"), n.uint64("period"),
                    n.int64("realtimeRuntime"), n.uint64("realtimePeriod"), n.string("cpus"), n.string("mems"),
                    n.int64("idle"));
        }
    }

    public record BlockIO(Long weight, Long leafWeight, List<WeightDevice> weightDevice,
                          List<ThrottleDevice> throttleReadBpsDevice, List<ThrottleDevice> throttleWriteBpsDevice,
                          List<ThrottleDevice> throttleReadIOPSDevice, List<ThrottleDevice> throttleWriteIOPSDevice) {
        static BlockIO from(Node n) {
            List<WeightDevice> weights = new ArrayList<>();
            for (Node w : n.objects("weightDevice")) {
                weights.add(new WeightDevice(w.requiredInteger("major", Long.MIN_VALUE, Long.MAX_VALUE),
                        w.requiredInteger("minor", Long.MIN_VALUE, Long.MAX_VALUE), w.integer("weight", 0, 65535),
                        w.integer("leafWeight", 0, 65535)));
            }
            return new BlockIO(n.integer("weight", 0, 65535), n.integer("leafWeight", 0, 65535), List.copyOf(weights),
                    throttles(n, "throttleReadBpsDevice"), throttles(n, "throttleWriteBpsDevice"),
                    throttles(n, "throttleReadIOPSDevice"), throttles(n, "throttleWriteIOPSDevice"));
        }

        private static List<ThrottleDevice> throttles(Node n, String key) {
            List<ThrottleDevice> out = new ArrayList<>();
            for (Node t : n.objects(key)) {
                Long rate = t.uint64("rate");
                if (rate == null) throw new ConfigException(t.field("rate") + ": required");
                out.add(new ThrottleDevice(t.requiredInteger("major", Long.MIN_VALUE, Long.MAX_VALUE),
                        t.requiredInteger("minor", Long.MIN_VALUE, Long.MAX_VALUE), rate));
            }
            return List.copyOf(out);
        }
    }

    public record WeightDevice(long major, long minor, Long weight, Long leafWeight) {}

    public record ThrottleDevice(long major, long minor, long rate) {}

    public record HugepageLimit(String pageSize, long limit) {}

    public record Network(Long classID, Map<String, Long> priorities) {
        static Network from(Node n) {
            Map<String, Long> priorities = new LinkedHashMap<>();
            for (Node p : n.objects("priorities")) {
                priorities.put(p.requiredString("name"), p.requiredInteger("priority", 0, Node.UINT32_MAX));
            }
            return new Network(n.uint32("classID"), priorities);
        }
    }

    public record Rdma(Long hcaHandles, Long hcaObjects) {}
}
