package dev.crema.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The linux section. Optional objects are null when absent, lists and maps empty. */
public record Linux(List<LinuxNamespace> namespaces, List<LinuxIDMapping> uidMappings,
                    List<LinuxIDMapping> gidMappings, Map<String, LinuxTimeOffset> timeOffsets,
                    List<LinuxDevice> devices, String cgroupsPath, String rootfsPropagation,
                    LinuxResources resources, Map<String, String> sysctl, LinuxSeccomp seccomp,
                    List<String> maskedPaths, List<String> readonlyPaths, String mountLabel,
                    LinuxPersonality personality, LinuxIntelRdt intelRdt, LinuxMemoryPolicy memoryPolicy,
                    Map<String, String> netDevices) {

    static Linux from(Node n) {
        Map<String, LinuxTimeOffset> offsets = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.objectMap("timeOffsets").entrySet()) {
            offsets.put(e.getKey(), LinuxTimeOffset.from(e.getValue()));
        }
        Map<String, String> netDevices = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.objectMap("netDevices").entrySet()) {
            String name = e.getValue().string("name");
            netDevices.put(e.getKey(), name == null ? "" : name);
        }
        Node resources = n.object("resources");
        Node seccomp = n.object("seccomp");
        Node personality = n.object("personality");
        Node rdt = n.object("intelRdt");
        Node policy = n.object("memoryPolicy");
        return new Linux(LinuxNamespace.listFrom(n.objects("namespaces")),
                LinuxIDMapping.listFrom(n.objects("uidMappings")), LinuxIDMapping.listFrom(n.objects("gidMappings")),
                Map.copyOf(offsets), LinuxDevice.listFrom(n.objects("devices")), n.string("cgroupsPath"),
                n.oneOf("rootfsPropagation", "private", "rprivate", "slave", "rslave", "shared", "rshared",
                        "unbindable", "runbindable"),
                resources == null ? null : LinuxResources.from(resources), n.stringMap("sysctl"),
                seccomp == null ? null : LinuxSeccomp.from(seccomp), n.strings("maskedPaths"),
                n.strings("readonlyPaths"), n.string("mountLabel"),
                personality == null ? null : LinuxPersonality.from(personality),
                rdt == null ? null : LinuxIntelRdt.from(rdt), policy == null ? null : LinuxMemoryPolicy.from(policy),
                netDevices);
    }

    /** linux.personality. */
    public record LinuxPersonality(String domain, List<String> flags) {
        static LinuxPersonality from(Node n) {
            String domain = n.oneOf("domain", "LINUX", "LINUX32");
            if (domain == null) throw new ConfigException(n.field("domain") + ": required");
            return new LinuxPersonality(domain, n.strings("flags"));
        }
    }

    /** linux.intelRdt. */
    public record LinuxIntelRdt(String closID, String l3CacheSchema, String memBwSchema, List<String> schemata,
                                Boolean enableMonitoring) {
        static LinuxIntelRdt from(Node n) {
            return new LinuxIntelRdt(n.string("closID"), n.string("l3CacheSchema"), n.string("memBwSchema"),
                    n.strings("schemata"), n.optionalBool("enableMonitoring"));
        }
    }

    /** linux.memoryPolicy. */
    public record LinuxMemoryPolicy(String mode, String nodes, List<String> flags) {
        static LinuxMemoryPolicy from(Node n) {
            return new LinuxMemoryPolicy(n.requiredString("mode"), n.string("nodes"), n.strings("flags"));
        }
    }
}
