package dev.crema.systemd;

import dev.crema.cgroups.CgroupException;

/**
 * A container's systemd unit, from linux.cgroupsPath in runc's "slice:prefix:name" form: the scope
 * prefix-name.scope in the slice (system.slice when empty). An empty cgroupsPath is ":crema:ID", as runc's
 * default is ":runc:ID".
 */
public record SystemdUnit(String slice, String prefix, String name) {
    public static final String DEFAULT_SLICE = "system.slice";

    public static SystemdUnit parse(String cgroupsPath, String id) {
        if (cgroupsPath == null || cgroupsPath.isEmpty()) return new SystemdUnit(DEFAULT_SLICE, "crema", id);
        String[] parts = cgroupsPath.split(":", -1);
        if (parts.length != 3) {
            throw new CgroupException("linux.cgroupsPath: expected cgroupsPath to be of format \"slice:prefix:name\" for systemd cgroups, got \""
                    + cgroupsPath + "\" instead");
        }
        if (parts[2].endsWith(".slice")) {
            // runc would ask systemd for a slice holding the container's pid, which systemd refuses: said here instead
            throw new CgroupException("linux.cgroupsPath " + cgroupsPath + ": the name part is a slice; a container's unit is a scope (prefix-name.scope)");
        }
        for (String part : parts) {
            if (part.indexOf('/') >= 0 || part.indexOf('\0') >= 0) {
                throw new CgroupException("linux.cgroupsPath " + cgroupsPath + ": a systemd unit name part must not contain \"/\"");
            }
        }
        SystemdUnit unit = new SystemdUnit(parts[0].isEmpty() ? DEFAULT_SLICE : parts[0], parts[1], parts[2]);
        expandSlice(unit.slice());
        return unit;
    }

    /** runc's rule: prefix-name.scope, whatever the prefix (an empty one gives "-name.scope"). */
    public String unitName() {
        return prefix + "-" + name + ".scope";
    }

    /** The cgroup path of the unit below the manager's root: /system.slice/crema-ID.scope. */
    public String cgroupPath() {
        String slicePath = expandSlice(slice);
        return (slicePath.equals("/") ? "" : slicePath) + "/" + unitName();
    }

    /**
     * systemd's slice nesting, as runc's ExpandSlice: "a-b-c.slice" is /a.slice/a-b.slice/a-b-c.slice, "-.slice"
     * the root; empty components ("a--b.slice", "-a.slice") and slashes are invalid.
     */
    public static String expandSlice(String slice) {
        String suffix = ".slice";
        if (slice.length() <= suffix.length() || !slice.endsWith(suffix) || slice.indexOf('/') >= 0) {
            throw new CgroupException("linux.cgroupsPath: invalid slice name: " + slice);
        }
        String base = slice.substring(0, slice.length() - suffix.length());
        if (base.equals("-")) return "/";
        StringBuilder path = new StringBuilder();
        StringBuilder prefix = new StringBuilder();
        for (String component : base.split("-", -1)) {
            if (component.isEmpty()) throw new CgroupException("linux.cgroupsPath: invalid slice name: " + slice);
            path.append('/').append(prefix).append(component).append(suffix);
            prefix.append(component).append('-');
        }
        return path.toString();
    }
}
