package dev.crema.db;

import dev.crema.spec.Hooks;
import java.util.List;
import java.util.Map;

/**
 * What crema keeps about a container between invocations: enough to answer state/list without reading
 * config.json, and to clean up after a controller killed mid-create (the controller's identity while
 * "creating", and every cgroup and resctrl directory crema made, so delete removes exactly those).
 * resctrlGroups are the Intel RDT groups every process of the container joins (exec's too); empty in state
 * files older than them, as for a container without linux.intelRdt. systemdUnit is the scope that holds the
 * container's cgroups when it was created with --systemd-cgroup (update and delete go through systemd), else null.
 */
public record ContainerState(String id, String bundle, String rootfs, String status, ProcessIdentity init,
                             ProcessIdentity controller, String created, Map<String, String> annotations,
                             List<String> cgroupPaths, List<String> cgroupDirs, Hooks hooks,
                             List<String> resctrlGroups, List<String> resctrlDirs, String systemdUnit) {
    public static final String CREATING = "creating", CREATED = "created";

    public static ContainerState creating(String id, String bundle, String rootfs, Map<String, String> annotations,
                                          List<String> cgroupPaths, List<String> cgroupDirs, List<String> resctrlGroups,
                                          List<String> resctrlDirs, ProcessIdentity controller, String created) {
        return new ContainerState(id, bundle, rootfs, CREATING, null, controller, created, annotations,
                cgroupPaths, cgroupDirs, Hooks.NONE, resctrlGroups, resctrlDirs, null);
    }

    /** Created, with the hooks that run after create (poststart, poststop) kept for start and delete. */
    public ContainerState created(ProcessIdentity init, Hooks later) {
        return new ContainerState(id, bundle, rootfs, CREATED, init, null, created, annotations, cgroupPaths, cgroupDirs,
                later, resctrlGroups, resctrlDirs, systemdUnit);
    }

    /** The resctrl directories create really made (a group another create made meanwhile is not ours). */
    public ContainerState withResctrlDirs(List<String> dirs) {
        return new ContainerState(id, bundle, rootfs, status, init, controller, created, annotations, cgroupPaths,
                cgroupDirs, hooks, resctrlGroups, dirs, systemdUnit);
    }

    /** The cgroup directories create really made (recorded first as those missing, before it made them). */
    public ContainerState withCgroupDirs(List<String> dirs) {
        return new ContainerState(id, bundle, rootfs, status, init, controller, created, annotations, cgroupPaths,
                dirs, hooks, resctrlGroups, resctrlDirs, systemdUnit);
    }

    /** Created in the systemd scope {@code unit} (its name, as StopUnit takes it). */
    public ContainerState withSystemdUnit(String unit) {
        return new ContainerState(id, bundle, rootfs, status, init, controller, created, annotations, cgroupPaths,
                cgroupDirs, hooks, resctrlGroups, resctrlDirs, unit);
    }

    public boolean isCreating() {
        return CREATING.equals(status);
    }
}
