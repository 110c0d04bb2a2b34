package dev.crema.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which cgroup hierarchies this host has, read from /proc/self/mountinfo and /proc/self/cgroup: pure v2 (one
 * cgroup2 mount), hybrid (v1 controllers plus cgroup2 at /sys/fs/cgroup/unified, as on this machine) or pure v1.
 * A container goes into every one of them.
 */
public record CgroupLayout(List<Hierarchy> hierarchies) {

    public static CgroupLayout detect() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")), Files.readAllLines(Path.of("/proc/self/cgroup")));
        } catch (IOException e) {
            throw new CgroupException("cannot read the cgroup mounts: " + e.getMessage());
        }
    }

    static CgroupLayout parse(List<String> mountinfo, List<String> ownCgroups) {
        Map<String, String> own = new HashMap<>();
        for (String line : ownCgroups) {
            int a = line.indexOf(':');
            int b = line.indexOf(':', a + 1);
            if (a < 0 || b < 0) continue;
            own.put(line.substring(a + 1, b), line.substring(b + 1));
        }
        List<Hierarchy> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            int dash = indexOf(f, "-");
            if (dash < 0 || dash + 3 >= f.length) continue;
            String fsType = f[dash + 1];
            if (!fsType.equals("cgroup") && !fsType.equals("cgroup2")) continue;
            String controllers = fsType.equals("cgroup2") ? "" : controllers(f[dash + 3]);
            if (!seen.add(fsType + ":" + controllers)) continue;
            String self = own.get(controllers);
            found.add(new Hierarchy(Path.of(dev.crema.sys.MountInfo.mountPoint(f)), fsType, controllers, self == null ? "/" : self));
        }
        return new CgroupLayout(List.copyOf(found));
    }

    /** The container's cgroup: linux.cgroupsPath (absolute, or relative to our own cgroup), or /crema/ID. */
    public Cgroup cgroup(String cgroupsPath, String id) {
        return cgroup(cgroupsPath, id, false);
    }

    /**
     * As {@link #cgroup(String, String)}; for a rootless caller without a cgroupsPath, ID under its own cgroup, as
     * runc (a user's delegated cgroup is where it runs, not a /crema it could never make).
     */
    public Cgroup cgroup(String cgroupsPath, String id, boolean rootless) {
        boolean none = cgroupsPath == null || cgroupsPath.isEmpty();
        String path = none ? (rootless ? id : "/crema/" + id) : cgroupsPath;
        if (path.indexOf(':') >= 0 && !path.startsWith("/")) {
            throw new CgroupException("linux.cgroupsPath " + path + ": systemd cgroup paths (slice:prefix:name) need "
                    + "the systemd cgroup driver (--systemd-cgroup)");
        }
        if (path.indexOf('\0') >= 0) {
            throw new CgroupException("linux.cgroupsPath: contains a NUL character, which no system call can take");
        }
        for (String part : path.split("/")) {
            if (part.equals("..")) throw new CgroupException("linux.cgroupsPath " + path + ": must not contain \"..\"");
        }
        if (hierarchies.isEmpty()) throw new CgroupException("linux.cgroupsPath " + path + ": no cgroup hierarchy is mounted");
        List<Path> leaves = new ArrayList<>();
        for (Hierarchy h : hierarchies) {
            String inside = path.startsWith("/") ? path : h.ownCgroup() + "/" + path;
            leaves.add(h.mountPoint().resolve(strip(inside)).normalize());
        }
        // crema's default parent is crema's own: whoever deletes the last container under it removes it
        boolean ownParent = none && !rootless;
        return new Cgroup(path, hierarchies, leaves, ownParent);
    }

    /**
     * The cgroup of a systemd unit ({@code unitPath} such as /system.slice/crema-ID.scope) in every hierarchy:
     * below systemd's root there, which is pid 1's cgroup without its init.scope, as runc's getSubsystemPath.
     */
    public Cgroup systemdUnit(String unitPath) {
        List<String> initCgroups;
        try {
            initCgroups = Files.readAllLines(Path.of("/proc/1/cgroup"));
        } catch (IOException e) {
            throw new CgroupException("cannot read /proc/1/cgroup (systemd's cgroups): " + e.getMessage());
        }
        return systemdUnit(unitPath, initCgroups);
    }

    Cgroup systemdUnit(String unitPath, List<String> initCgroups) {
        if (hierarchies.isEmpty()) throw new CgroupException("linux.cgroupsPath: no cgroup hierarchy is mounted");
        Map<String, String> init = new HashMap<>();
        for (String line : initCgroups) {
            int a = line.indexOf(':');
            int b = line.indexOf(':', a + 1);
            if (a >= 0 && b > a) init.put(line.substring(a + 1, b), line.substring(b + 1));
        }
        List<Path> leaves = new ArrayList<>();
        for (Hierarchy h : hierarchies) {
            String root = init.getOrDefault(h.isV2() ? "" : h.controllers(), "/");
            if (root.endsWith("/init.scope")) root = root.substring(0, root.length() - "/init.scope".length());
            leaves.add(h.mountPoint().resolve(strip(root + unitPath)).normalize());
        }
        return new Cgroup(unitPath, hierarchies, leaves, false);
    }

    /** A pure cgroup v2 host (one cgroup2 mount): systemd takes v2 unit properties there, v1 ones elsewhere. */
    public boolean isUnified() {
        return hierarchies.size() == 1 && hierarchies.getFirst().isV2();
    }

    private static String strip(String path) {
        int i = 0;
        while (i < path.length() && path.charAt(i) == '/') i++;
        return path.substring(i);
    }

    /** The controllers in a v1 mount's super options: everything but rw/ro and flags such as clone_children. */
    private static String controllers(String superOptions) {
        StringBuilder out = new StringBuilder();
        for (String opt : superOptions.split(",")) {
            if (opt.equals("rw") || opt.equals("ro") || opt.equals("clone_children") || opt.equals("xattr")
                    || opt.equals("noprefix") || opt.startsWith("release_agent=") || opt.equals("cpuset_v2_mode")) {
                continue;
            }
            if (!out.isEmpty()) out.append(',');
            out.append(opt);
        }
        return out.toString();
    }

    private static int indexOf(String[] fields, String value) {
        for (int i = 6; i < fields.length; i++) {
            if (fields[i].equals(value)) return i;
        }
        return -1;
    }
}
