package dev.crema.spec;

/**
 * process.rlimits[]: hard and soft as the uint64 bit patterns prlimit(2) takes, so -1 is RLIM_INFINITY (2^64-1 in
 * the JSON); print them with Long.toUnsignedString.
 */
public record POSIXRlimit(String type, long hard, long soft) {
    private static final String[] TYPES = {"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE",
            "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
            "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME"};

    static POSIXRlimit from(Node n) {
        String type = n.oneOf("type", TYPES);
        if (type == null) throw new ConfigException(n.field("type") + ": required");
        Long hard = n.uint64Bits("hard");
        Long soft = n.uint64Bits("soft");
        if (hard == null) throw new ConfigException(n.field("hard") + ": required");
        if (soft == null) throw new ConfigException(n.field("soft") + ": required");
        return new POSIXRlimit(type, hard, soft);
    }

    /** The resource number for prlimit(2). */
    public int resource() {
        for (int i = 0; i < TYPES.length; i++) {
            if (TYPES[i].equals(type)) return i;
        }
        throw new IllegalStateException(type);
    }
}
