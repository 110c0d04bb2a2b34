package dev.crema.sys;

/** Reading /proc/self/mountinfo lines (proc(5)), for the cgroup and resctrl mounts. */
public final class MountInfo {
    private MountInfo() {}

    /** The mount point (field 5) of a line split on spaces, with the kernel's octal escapes undone. */
    public static String mountPoint(String[] fields) {
        return unescape(fields[4]);
    }

    /** The filesystem type (the field after the " - " separator), or null when the line has none. */
    public static String fsType(String[] fields) {
        for (int i = 6; i + 1 < fields.length; i++) {
            if (fields[i].equals("-")) return fields[i + 1];
        }
        return null;
    }

    /** mountinfo escapes space, tab, newline and backslash in paths as a backslash and three octal digits. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && i + 3 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(s.charAt(i));
            }
        }
        return out.toString();
    }
}
