package dev.crema.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** linux.namespaces[]: a type to create, or to join when path is set. */
public record LinuxNamespace(String type, String path) {
    private static final List<String> TYPES = List.of("pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time");

    static List<LinuxNamespace> listFrom(List<Node> nodes) {
        List<LinuxNamespace> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node n : nodes) {
            String type = n.string("type");
            if (type == null) throw new ConfigException(n.field("type") + ": required");
            // runc's words ("namespace {"bogus" ""} does not exist"), which engines and users look for
            if (!TYPES.contains(type)) {
                throw new ConfigException(n.field("type") + ": namespace type " + Node.describe(type) + " does not exist");
            }
            if (!seen.add(type)) throw new ConfigException(n.field("type") + ": duplicate namespace type \"" + type + "\"");
            String path = n.string("path");
            out.add(new LinuxNamespace(type, path == null || path.isEmpty() ? null : path));
        }
        return List.copyOf(out);
    }
}
