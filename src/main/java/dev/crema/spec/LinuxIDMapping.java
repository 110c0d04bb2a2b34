package dev.crema.spec;

import java.util.ArrayList;
import java.util.List;

/** One range of a uid or gid mapping (linux.uidMappings, mounts[].uidMappings). */
public record LinuxIDMapping(long containerID, long hostID, long size) {
    /** The text of /proc/PID/uid_map or gid_map: one "inside outside count" line per range. */
    public static String mapText(List<LinuxIDMapping> mappings) {
        StringBuilder text = new StringBuilder();
        for (LinuxIDMapping m : mappings) {
            text.append(m.containerID()).append(' ').append(m.hostID()).append(' ').append(m.size()).append('\n');
        }
        return text.toString();
    }

    static List<LinuxIDMapping> listFrom(List<Node> nodes) {
        List<LinuxIDMapping> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            out.add(new LinuxIDMapping(n.requiredInteger("containerID", 0, Node.UINT32_MAX),
                    n.requiredInteger("hostID", 0, Node.UINT32_MAX), n.requiredInteger("size", 0, Node.UINT32_MAX)));
        }
        return List.copyOf(out);
    }
}
