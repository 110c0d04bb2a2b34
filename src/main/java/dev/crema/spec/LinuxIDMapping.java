package dev.crema.spec;

import java.util.ArrayList;
import java.util.List;

public record LinuxIDMapping(long containerID, long hostID, long size) {
    static List<LinuxIDMapping> listFrom(List<Node> nodes) {
        List<LinuxIDMapping> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            out.add(new LinuxIDMapping(n.requiredInteger("containerID", 0, Node.UINT32_MAX),
                    n.requiredInteger("hostID", 0, Node.UINT32_MAX), n.requiredInteger("size", 0, Node.UINT32_MAX)));
        }
        return List.copyOf(out);
    }
}
