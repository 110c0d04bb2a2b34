package dev.crema.spec;

import java.util.List;

/** process.capabilities: five sets of CAP_* names, each checked against the kernel's list. */
public record LinuxCapabilities(List<String> bounding, List<String> effective, List<String> inheritable,
                                List<String> permitted, List<String> ambient) {
    static LinuxCapabilities from(Node n) {
        return new LinuxCapabilities(set(n, "bounding"), set(n, "effective"), set(n, "inheritable"),
                set(n, "permitted"), set(n, "ambient"));
    }

    private static List<String> set(Node n, String key) {
        List<String> names = n.strings(key);
        for (int i = 0; i < names.size(); i++) {
            Capability.number(names.get(i), n.field(key) + "[" + i + "]");
        }
        return names;
    }
}
