package dev.crema.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** linux.namespaces[]: a type to create, or to join when path is set. */
public record LinuxNamespace(String type, String path) {
    static List<LinuxNamespace> listFrom(List<Node> nodes) {
        List<LinuxNamespace> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node n : nodes) {
            String type = n.oneOf("type", "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time");
            if (type == null) throw new ConfigException(n.field("type") + ": required");
            if (!seen.add(type)) throw new ConfigException(n.field("type") + ": duplicate namespace type \"" + type + "\"");
            String path = n.string("path");
            out.add(new LinuxNamespace(type, path == null || path.isEmpty() ? null : path));
        }
        return List.copyOf(out);
    }
}
