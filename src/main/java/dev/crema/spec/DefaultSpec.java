package dev.crema.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config.json `crema spec` writes: runc's example spec (libcontainer/specconv/example.go), with hostname
 * "crema". --rootless makes it runnable by an unprivileged user as runc 1.1's ToRootless does: a user namespace
 * mapping the caller, no network namespace, /sys bound from the host, no uid=/gid= mount options, and no
 * resources.
 */
public final class DefaultSpec {
    private static final List<String> CAPS = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    private DefaultSpec() {}

    public static String json(boolean rootless) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("ociVersion", State.OCI_VERSION);
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("terminal", true);
        process.put("user", map("uid", 0, "gid", 0));
        process.put("args", List.of("sh"));
        process.put("env", List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"));
        process.put("cwd", "/");
        process.put("capabilities", map("bounding", CAPS, "effective", CAPS, "permitted", CAPS));
        process.put("rlimits", List.of(map("type", "RLIMIT_NOFILE", "hard", 1024, "soft", 1024)));
        process.put("noNewPrivileges", true);
        spec.put("process", process);
        spec.put("root", map("path", "rootfs", "readonly", true));
        spec.put("hostname", "crema");
        List<Object> mounts = new ArrayList<>();
        mounts.add(mount("/proc", "proc", "proc"));
        mounts.add(mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"));
        mounts.add(rootless
                ? mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")
                : mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
        mounts.add(mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
        mounts.add(mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"));
        mounts.add(rootless
                ? mount("/sys", "none", "/sys", "rbind", "nosuid", "noexec", "nodev", "ro")
                : mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"));
        // runc 1.1's ToRootless keeps it too: the container sees the cgroups it is in, not the host's under /sys
        mounts.add(mount("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro"));
        spec.put("mounts", mounts);
        Map<String, Object> linux = new LinkedHashMap<>();
        if (rootless) {
            linux.put("uidMappings", List.of(map("containerID", 0, "hostID", currentId("Uid:"), "size", 1)));
            linux.put("gidMappings", List.of(map("containerID", 0, "hostID", currentId("Gid:"), "size", 1)));
        }
        if (!rootless) linux.put("resources", map("devices", List.of(map("allow", false, "access", "rwm"))));
        List<Object> namespaces = new ArrayList<>();
        for (String type : rootless ? List.of("pid", "ipc", "uts", "mount") : List.of("pid", "network", "ipc", "uts", "mount")) {
            namespaces.add(map("type", type));
        }
        // as runc spec: a cgroup namespace only where cgroup v2 is the whole hierarchy
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
            namespaces.add(map("type", "cgroup"));
        }
        if (rootless) namespaces.add(map("type", "user"));
        linux.put("namespaces", namespaces);
        linux.put("maskedPaths", List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
                "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
                "/proc/scsi"));
        linux.put("readonlyPaths", List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"));
        spec.put("linux", linux);
        return JsonWriter.write(spec, "\t") + "\n";
    }

    private static Map<String, Object> mount(String destination, String type, String source, String... options) {
        Map<String, Object> m = map("destination", destination, "type", type, "source", source);
        if (options.length > 0) m.put("options", List.of(options));
        return m;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    /** The effective uid or gid of this process, from /proc/self/status (no native call needed). */
    private static long currentId(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (!line.startsWith(field)) continue;
                // "Uid:\treal\teffective\tsaved\tfs": the effective id is the second number
                String[] ids = line.substring(field.length()).trim().split("\t");
                return Long.parseLong(ids[1].trim());
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the error below
        }
        throw new IllegalStateException("cannot read " + field + " from /proc/self/status");
    }
}
