package dev.crema.spec;

import java.util.ArrayList;
import java.util.List;

/** linux.seccomp: every field, for the filter compiler (applied in a later issue). */
public record LinuxSeccomp(String defaultAction, Long defaultErrnoRet, List<String> architectures,
                           List<String> flags, String listenerPath, String listenerMetadata, List<Syscall> syscalls) {
    private static final String[] ACTIONS = {"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
            "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY"};
    private static final String[] OPS = {"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE",
            "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"};

    static LinuxSeccomp from(Node n) {
        String action = n.oneOf("defaultAction", ACTIONS);
        if (action == null) throw new ConfigException(n.field("defaultAction") + ": required");
        List<Syscall> syscalls = new ArrayList<>();
        for (Node s : n.objects("syscalls")) {
            String sAction = s.oneOf("action", ACTIONS);
            if (sAction == null) throw new ConfigException(s.field("action") + ": required");
            List<String> names = s.strings("names");
            if (names.isEmpty()) throw new ConfigException(s.field("names") + ": required (non-empty)");
            List<Arg> args = new ArrayList<>();
            for (Node a : s.objects("args")) {
                String op = a.oneOf("op", OPS);
                if (op == null) throw new ConfigException(a.field("op") + ": required");
                Long valueTwo = a.uint64Bits("valueTwo");
                args.add(new Arg(a.requiredInteger("index", 0, 5), requiredUint64(a, "value"),
                        valueTwo == null ? 0 : valueTwo, op));
            }
            syscalls.add(new Syscall(names, sAction, s.uint32("errnoRet"), List.copyOf(args)));
        }
        return new LinuxSeccomp(action, n.uint32("defaultErrnoRet"), n.strings("architectures"), n.strings("flags"),
                n.string("listenerPath"), n.string("listenerMetadata"), List.copyOf(syscalls));
    }

    private static long requiredUint64(Node n, String key) {
        Long v = n.uint64Bits(key);
        if (v == null) throw new ConfigException(n.field(key) + ": required");
        return v;
    }

    public record Syscall(List<String> names, String action, Long errnoRet, List<Arg> args) {}

    /** value and valueTwo are uint64 bit patterns (-1 stands for 2^64-1). */
    public record Arg(long index, long value, long valueTwo, String op) {}
}
