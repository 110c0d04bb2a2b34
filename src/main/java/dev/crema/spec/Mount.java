package dev.crema.spec;

import java.util.ArrayList;
import java.util.List;

/** mounts[]: in order; uidMappings/gidMappings ask for an idmapped mount. */
public record Mount(String destination, String type, String source, List<String> options,
                    List<LinuxIDMapping> uidMappings, List<LinuxIDMapping> gidMappings) {

    static List<Mount> listFrom(List<Node> nodes) {
        List<Mount> mounts = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            mounts.add(new Mount(n.requiredString("destination"), n.string("type"), n.string("source"),
                    n.strings("options"), LinuxIDMapping.listFrom(n.objects("uidMappings")),
                    LinuxIDMapping.listFrom(n.objects("gidMappings"))));
        }
        return List.copyOf(mounts);
    }
}
