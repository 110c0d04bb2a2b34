package dev.crema.resctrl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the host mounted the resctrl filesystem (usually /sys/fs/resctrl), read from /proc/self/mountinfo. */
public final class ResctrlMount {
    private ResctrlMount() {}

    /** The mount point, or null when resctrl is not mounted (or mountinfo cannot be read). */
    public static Path detect() {
        try {
            return find(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            return null;
        }
    }

    /** The first mount whose filesystem type (the field after " - ") is resctrl, as runc takes it. */
    static Path find(List<String> mountinfo) {
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            for (int i = 6; i + 1 < f.length; i++) {
                if (!f[i].equals("-")) continue;
                if (f[i + 1].equals("resctrl")) return Path.of(unescape(f[4]));
                break;
            }
        }
        return null;
    }

    /** mountinfo escapes space, tab, newline and backslash in paths as three octal digits. */
    private static String unescape(String s) {
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
