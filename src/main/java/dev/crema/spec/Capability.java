package dev.crema.spec;

/** Linux capability names and numbers (linux/capability.h, up to CAP_CHECKPOINT_RESTORE = 40). */
public final class Capability {
    private static final String[] NAMES = {"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
            "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
            "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"};

    private Capability() {}

    /** The number of a CAP_* name, or -1 for a name that is none (runc ignores it, with a warning). */
    public static int find(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) return i;
        }
        return -1;
    }

    /**
     * runc's warning for the names of these sets that are no capability (exact CAP_* names only, as runc's
     * table): they are ignored, which grants less, never more. Null when every name is known.
     */
    public static String unknownWarning(java.util.List<java.util.List<String>> sets) {
        java.util.TreeSet<String> unknown = new java.util.TreeSet<>();
        for (java.util.List<String> set : sets) {
            for (String name : set) {
                if (find(name) < 0) unknown.add(name);
            }
        }
        return unknown.isEmpty() ? null : OneLine.of("ignoring unknown or unavailable capabilities: " + unknown);
    }

    public static String name(int number) {
        return NAMES[number];
    }

    public static int count() {
        return NAMES.length;
    }
}
