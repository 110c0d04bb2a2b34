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

    /**
     * A warning for each relative destination, as runc gives: the runtime-spec deprecates them and takes them as
     * relative to "/", which crema does.
     */
    public static List<String> relativeDestinationWarnings(List<Mount> mounts) {
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < mounts.size(); i++) {
            String destination = mounts.get(i).destination();
            if (destination.startsWith("/")) continue;
            StringBuilder quoted = new StringBuilder();
            JsonWriter.quote(quoted, destination);
            warnings.add("mounts[" + i + "].destination: " + quoted + " is not absolute, taken as relative to \"/\";"
                    + " relative mount destinations are deprecated and may be refused in a future release");
        }
        return warnings;
    }
}
