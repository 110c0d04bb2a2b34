package dev.crema.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mount that holds the rootfs, and whether it will be shared in the container's mount namespace once
 * rootfsPropagation is applied to "/". pivot_root refuses a new root whose parent mount is shared (EINVAL), and
 * the rootfs bind would propagate to the host through it, so runc makes that one mount private first.
 */
record RootfsParentMount(String mountPoint, boolean sharedOnHost) {

    /** Reads the host's mountinfo (the new mount namespace starts as its copy); null if no mount holds it. */
    static RootfsParentMount of(Path rootfs) {
        try {
            return find(Files.readString(Path.of("/proc/self/mountinfo")), rootfs.toString());
        } catch (IOException e) {
            throw new PlanException("linux.rootfsPropagation: cannot read /proc/self/mountinfo: " + e.getMessage());
        }
    }

    /** The mountinfo line whose mount point is the longest prefix of {@code path} (the last such, if stacked). */
    static RootfsParentMount find(String mountinfo, String path) {
        RootfsParentMount best = null;
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length < 7) continue;
            String point = unescape(fields[4]);
            if (!contains(point, path) || (best != null && point.length() < best.mountPoint().length())) continue;
            boolean shared = false;
            for (int i = 6; i < fields.length && !fields[i].equals("-"); i++) {
                if (fields[i].startsWith("shared:")) shared = true;
            }
            best = new RootfsParentMount(point, shared);
        }
        return best;
    }

    /**
     * Whether this mount is shared after {@code propagation} was applied to "/" in the new namespace: a
     * recursive flag sets every mount, a plain one only "/" itself; the rest keep the host's state.
     */
    boolean sharedAfter(long propagation) {
        boolean changed = (propagation & Kernel.MS_REC) != 0 || mountPoint.equals("/");
        return changed ? (propagation & Kernel.MS_SHARED) != 0 : sharedOnHost;
    }

    private static boolean contains(String mountPoint, String path) {
        return mountPoint.equals("/") || path.equals(mountPoint) || path.startsWith(mountPoint + "/");
    }

    /** mountinfo escapes space, tab, newline and backslash as \\ooo. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) return field;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
