package dev.crema.db;

import dev.crema.spec.Hooks;
import java.util.List;
import java.util.Map;

/**
 * What crema keeps about a container between invocations: enough to answer state/list without reading
 * config.json, and to clean up after a controller killed mid-create (the controller's identity while
 * "creating", and every cgroup directory crema made, so delete removes exactly those).
 */
public record ContainerState(String id, String bundle, String rootfs, String status, ProcessIdentity init,
                             ProcessIdentity controller, String created, Map<String, String> annotations,
                             List<String> cgroupPaths, List<String> cgroupDirs, Hooks hooks) {
    public static final String CREATING = "creating", CREATED = "created";

    public static ContainerState creating(String id, String bundle, String rootfs, Map<String, String> annotations,
                                          List<String> cgroupPaths, List<String> cgroupDirs, ProcessIdentity controller,
                                          String created) {
        return new ContainerState(id, bundle, rootfs, CREATING, null, controller, created, annotations,
                cgroupPaths, cgroupDirs, Hooks.NONE);
    }

    /** Created, with the hooks that run after create (poststart, poststop) kept for start and delete. */
    public ContainerState created(ProcessIdentity init, Hooks later) {
        return new ContainerState(id, bundle, rootfs, CREATED, init, null, created, annotations, cgroupPaths, cgroupDirs,
                later);
    }

    public boolean isCreating() {
        return CREATING.equals(status);
    }
}
