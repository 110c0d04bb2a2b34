package dev.crema.container;

import dev.crema.cgroups.ResourceWriter;
import dev.crema.db.ContainerLock;
import dev.crema.db.ContainerState;
import dev.crema.db.StateStore;
import dev.crema.resctrl.IntelRdt;
import dev.crema.resctrl.ResctrlMount;
import dev.crema.spec.LinuxResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** update: new resource limits for a container that is not stopped, written to its cgroup directories. */
public final class Update {
    private Update() {}

    public static void update(StateStore store, String id, LinuxResources resources) {
        update(store, id, resources, null, null);
    }

    /**
     * Also the Intel RDT schemata of runc's --l3-cache-schema and --mem-bw-schema (null when not given), written
     * to the CLOS group create made or joined; checked against the host before anything is written.
     */
    public static void update(StateStore store, String id, LinuxResources resources, String l3CacheSchema,
                              String memBwSchema) {
        try (ContainerLock lock = store.lock(id)) {
            ContainerState state = store.load(id);
            if (Status.of(store, state).equals(Status.STOPPED)) throw ContainerException.wrongState("container not running");
            List<String> schemata = rdtSchemata(state, l3CacheSchema, memBwSchema);
            if (state.systemdUnit() != null) {
                dev.crema.systemd.SystemdScope.update(state.systemdUnit(), state.cgroupPaths(), resources);
            } else {
                new ResourceWriter(state.cgroupPaths()).apply(resources);
            }
            if (!schemata.isEmpty()) IntelRdt.writeSchemata(Path.of(state.resctrlGroups().getFirst()), schemata, "update");
        }
    }

    private static List<String> rdtSchemata(ContainerState state, String l3CacheSchema, String memBwSchema) {
        List<String> lines = new ArrayList<>();
        if (l3CacheSchema != null) lines.add(checked("--l3-cache-schema", l3CacheSchema, "L3", "Intel RDT/CAT: l3 cache schema is not enabled"));
        if (memBwSchema != null) lines.add(checked("--mem-bw-schema", memBwSchema, "MB", "Intel RDT/MBA: memory bandwidth schema is not enabled"));
        if (!lines.isEmpty() && state.resctrlGroups().isEmpty()) {
            throw ContainerException.invalid("--l3-cache-schema, --mem-bw-schema: container " + state.id()
                    + " has no Intel RDT group (it was created without linux.intelRdt)");
        }
        return lines;
    }

    /** runc's messages where the host's resctrl lacks the resource (its info directory). */
    private static String checked(String flag, String schema, String info, String disabled) {
        Path root = ResctrlMount.detect();
        if (root == null || !Files.isDirectory(root.resolve("info").resolve(info))) {
            throw ContainerException.invalid(flag + ": " + disabled);
        }
        if (schema.indexOf('\n') >= 0) throw ContainerException.invalid(flag + ": a schema is one line");
        return schema;
    }
}
