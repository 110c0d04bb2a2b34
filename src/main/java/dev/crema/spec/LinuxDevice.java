package dev.crema.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * linux.devices[]: fileMode, uid and gid null when not given. fileMode may carry the file-type bits (podman sends
 * 020666 for a character device); as runc, only the permission bits are used.
 */
public record LinuxDevice(String path, String type, long major, long minor, Long fileMode, Long uid, Long gid) {
    static List<LinuxDevice> listFrom(List<Node> nodes) {
        List<LinuxDevice> out = new ArrayList<>();
        for (Node n : nodes) {
            String type = n.string("type");
            if (type == null) throw new ConfigException(n.field("type") + ": required");
            // in runc's words, "invalid device type"
            if (!type.equals("c") && !type.equals("b") && !type.equals("u") && !type.equals("p")) {
                throw new ConfigException(n.field("type") + ": invalid device type " + Node.describe(type) + " (one of c, b, u, p)");
            }
            String path = n.requiredString("path");
            boolean fifo = type.equals("p");
            Long major = n.int64("major");
            Long minor = n.int64("minor");
            if (!fifo && (major == null || minor == null)) {
                throw new ConfigException(n.field(major == null ? "major" : "minor") + ": required for device type " + type);
            }
            out.add(new LinuxDevice(path, type, major == null ? 0 : major, minor == null ? 0 : minor,
                    n.uint32("fileMode"), n.uint32("uid"), n.uint32("gid")));
        }
        return List.copyOf(out);
    }
}
