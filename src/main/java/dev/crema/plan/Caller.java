package dev.crema.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who runs crema, in the two facts runc's rootless decisions rest on: the effective uid (runc's RootlessEUID is
 * "not 0") and whether this process already runs in a user namespace other than the host's (runc's
 * userns.RunningInUserNS, as under rootless podman). Read from /proc/self with no native call, so the commands
 * that need only files still load no library.
 */
public record Caller(long euid, long egid, boolean inUserNamespace) {
    /** The host's user namespace maps every id to itself: "0 0 4294967295". */
    private static final String HOST_UID_MAP = "0 0 4294967295";

    /** This process's, read once (create asks in the CLI and again in the lifecycle). */
    private static Caller self;

    public static Caller self() {
        if (self == null) {
            String status = readOrEmpty("/proc/self/status");
            self = new Caller(effectiveId(status, "Uid:"), effectiveId(status, "Gid:"),
                    inUserNamespace(readOrEmpty("/proc/self/uid_map")));
        }
        return self;
    }

    /** An unprivileged caller: no setgroups, no cgroup that is not delegated, maps written only as the kernel allows. */
    public boolean rootlessEuid() {
        return euid != 0;
    }

    static boolean inUserNamespace(String uidMap) {
        // as runc: an unreadable map means no user namespace (/proc not mounted)
        if (uidMap.isBlank()) return false;
        String text = uidMap.strip();
        return text.indexOf('\n') >= 0 || !String.join(" ", words(text)).equals(HOST_UID_MAP);
    }

    private static long effectiveId(String status, String field) {
        for (String line : status.split("\n")) {
            if (!line.startsWith(field)) continue;
            // "Uid:\treal\teffective\tsaved\tfs"
            return Long.parseLong(words(line.substring(field.length())).get(1));
        }
        throw new IllegalStateException("cannot read the effective " + field + " from /proc/self/status");
    }

    /** Whitespace-separated words, without a regex (startup: java.util.regex costs classes). */
    public static java.util.List<String> words(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
            int start = i;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) i++;
            if (i > start) out.add(text.substring(start, i));
        }
        return out;
    }

    private static String readOrEmpty(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
