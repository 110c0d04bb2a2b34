package dev.crema.spec;

import java.util.List;

/** process.capabilities: five sets of CAP_* names; names that are none are ignored with a warning, as runc. */
public record LinuxCapabilities(List<String> bounding, List<String> effective, List<String> inheritable,
                                List<String> permitted, List<String> ambient) {
    /** runc's warning for the names that are no capability, or null. */
    public String unknownWarning() {
        return Capability.unknownWarning(List.of(bounding, effective, inheritable, permitted, ambient));
    }

    static LinuxCapabilities from(Node n) {
        return new LinuxCapabilities(set(n, "bounding"), set(n, "effective"), set(n, "inheritable"),
                set(n, "permitted"), set(n, "ambient"));
    }

    private static List<String> set(Node n, String key) {
        return n.strings(key);
    }
}
