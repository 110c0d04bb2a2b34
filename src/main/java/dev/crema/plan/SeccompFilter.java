package dev.crema.plan;

import dev.crema.spec.LinuxSeccomp;
import dev.crema.sys.Seccomp;
import dev.crema.sys.SyscallException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * linux.seccomp compiled with libseccomp into the BPF program the init loads, as runc builds it: unknown
 * syscall names are skipped (they do not exist on this architecture), rules whose action is the default are
 * left out, and a rule with several conditions on the same argument becomes one rule per condition.
 */
final class SeccompFilter {
    private static final int SCMP_FLTATR_CTL_NNP = 3;
    private static final long FLAG_LOG = 2, FLAG_SPEC_ALLOW = 4, FLAG_NEW_LISTENER = 8, FLAG_WAIT_KILLABLE_RECV = 32;
    static final int ACT_NOTIFY = 0x7fc00000;

    private SeccompFilter() {}

    static Op.LoadSeccomp compile(LinuxSeccomp s) {
        long flags = flags(s.flags());
        int defaultAction = action(s.defaultAction(), s.defaultErrnoRet(), "linux.seccomp.defaultAction");
        if (defaultAction == ACT_NOTIFY) {
            throw new PlanException("linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action");
        }
        if (usesNotify(s)) flags |= FLAG_NEW_LISTENER;
        long ctx;
        try {
            ctx = Seccomp.init(defaultAction);
        } catch (SyscallException e) {
            throw new PlanException("linux.seccomp.defaultAction: " + e.getMessage());
        }
        try {
            // the filter is loaded by the init with no_new_privs or CAP_SYS_ADMIN: libseccomp must not set it
            Seccomp.attrSet(ctx, SCMP_FLTATR_CTL_NNP, 0);
            boolean nativeArch = s.architectures().isEmpty();
            for (int i = 0; i < s.architectures().size(); i++) {
                String arch = s.architectures().get(i);
                nativeArch |= arch.equals("SCMP_ARCH_X86_64") || arch.equals("SCMP_ARCH_NATIVE");
                int token = Seccomp.archResolveName(archName(arch));
                if (token == 0) throw new PlanException("linux.seccomp.architectures[" + i + "]: unknown architecture \"" + arch + "\"");
                Seccomp.archAdd(ctx, token);
            }
            int last = -1;
            for (int i = 0; i < s.syscalls().size(); i++) {
                last = Math.max(last, addRules(ctx, s.syscalls().get(i), defaultAction, "linux.seccomp.syscalls[" + i + "]"));
            }
            return new Op.LoadSeccomp(EnosysStub.prepend(Seccomp.exportBpf(ctx), defaultAction, last, nativeArch), flags);
        } catch (SyscallException e) {
            throw new PlanException("linux.seccomp: " + e.getMessage());
        } finally {
            Seccomp.release(ctx);
        }
    }

    /**
     * Whether the filter needs a listener for seccomp notify, checked as runc checks it: notify needs an agent
     * at listenerPath, and never on write, which the init uses to report the listener before anyone can answer.
     */
    private static boolean usesNotify(LinuxSeccomp s) {
        boolean notify = false;
        for (int i = 0; i < s.syscalls().size(); i++) {
            LinuxSeccomp.Syscall rule = s.syscalls().get(i);
            if (!rule.action().equals("SCMP_ACT_NOTIFY")) continue;
            notify = true;
            if (rule.names().contains("write")) {
                throw new PlanException("linux.seccomp.syscalls[" + i + "]: SCMP_ACT_NOTIFY cannot be used for the write syscall");
            }
        }
        if (notify && (s.listenerPath() == null || s.listenerPath().isEmpty())) {
            // runc's words: "listenerPath is not set"
            throw new PlanException("linux.seccomp.listenerPath: listenerPath is not set, and a rule uses SCMP_ACT_NOTIFY");
        }
        return notify;
    }

    /** @return the highest syscall number the rule names (whatever its action), or -1 */
    private static int addRules(long ctx, LinuxSeccomp.Syscall rule, int defaultAction, String field) {
        int action = action(rule.action(), rule.errnoRet(), field + ".action");
        int last = -1;
        for (String name : rule.names()) last = Math.max(last, Seccomp.syscallResolveName(name));
        if (action == defaultAction) return last;
        List<LinuxSeccomp.Arg> args = rule.args();
        Set<Long> indexes = new HashSet<>();
        boolean repeated = false;
        for (LinuxSeccomp.Arg a : args) repeated |= !indexes.add(a.index());
        for (String name : rule.names()) {
            int nr = Seccomp.syscallResolveName(name);
            if (nr < 0) continue; // not a syscall of this architecture
            if (repeated) {
                for (LinuxSeccomp.Arg a : args) add(ctx, action, nr, conditions(List.of(a)), field, name);
            } else {
                add(ctx, action, nr, conditions(args), field, name);
            }
        }
        return last;
    }

    /** EEXIST: an earlier rule already decides this call (docker's profile allows socket, then refines it). */
    private static void add(long ctx, int action, int nr, long[] conditions, String field, String name) {
        try {
            Seccomp.ruleAdd(ctx, action, nr, conditions);
        } catch (SyscallException e) {
            if (e.errno() != dev.crema.sys.Errno.EEXIST) throw new PlanException(field + " (" + name + "): " + e.getMessage());
        }
    }

    private static long[] conditions(List<LinuxSeccomp.Arg> args) {
        long[] out = new long[args.size() * 4];
        for (int i = 0; i < args.size(); i++) {
            LinuxSeccomp.Arg a = args.get(i);
            out[4 * i] = a.index();
            out[4 * i + 1] = operator(a.op());
            out[4 * i + 2] = a.value();
            out[4 * i + 3] = a.valueTwo();
        }
        return out;
    }

    /** SCMP_ACT_* as libseccomp's values (seccomp.h). */
    static int action(String name, Long errnoRet, String field) {
        return switch (name) {
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> 0x00000000;
            case "SCMP_ACT_KILL_PROCESS" -> 0x80000000;
            case "SCMP_ACT_TRAP" -> 0x00030000;
            case "SCMP_ACT_ERRNO" -> 0x00050000 | (int) ((errnoRet == null ? 1 : errnoRet) & 0xffff);
            case "SCMP_ACT_TRACE" -> 0x7ff00000 | (int) ((errnoRet == null ? 1 : errnoRet) & 0xffff);
            case "SCMP_ACT_ALLOW" -> 0x7fff0000;
            case "SCMP_ACT_LOG" -> 0x7ffc0000;
            case "SCMP_ACT_NOTIFY" -> ACT_NOTIFY;
            default -> throw new PlanException(field + ": action " + name + " not supported by crema yet");
        };
    }

    private static int operator(String op) {
        return switch (op) {
            case "SCMP_CMP_NE" -> 1;
            case "SCMP_CMP_LT" -> 2;
            case "SCMP_CMP_LE" -> 3;
            case "SCMP_CMP_EQ" -> 4;
            case "SCMP_CMP_GE" -> 5;
            case "SCMP_CMP_GT" -> 6;
            case "SCMP_CMP_MASKED_EQ" -> 7;
            default -> throw new PlanException("linux.seccomp: unknown operator " + op);
        };
    }

    private static long flags(List<String> names) {
        long flags = 0;
        for (int i = 0; i < names.size(); i++) {
            flags |= switch (names.get(i)) {
                case "SECCOMP_FILTER_FLAG_LOG" -> FLAG_LOG;
                case "SECCOMP_FILTER_FLAG_SPEC_ALLOW" -> FLAG_SPEC_ALLOW;
                case "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" -> FLAG_WAIT_KILLABLE_RECV;
                case "SECCOMP_FILTER_FLAG_TSYNC" -> 0; // the init has one thread
                default -> throw new PlanException("linux.seccomp.flags[" + i + "]: unknown flag " + names.get(i));
            };
        }
        return flags;
    }

    /** "SCMP_ARCH_X86_64" to libseccomp's "x86_64". */
    private static String archName(String arch) {
        String name = arch.startsWith("SCMP_ARCH_") ? arch.substring("SCMP_ARCH_".length()) : arch;
        return name.toLowerCase(java.util.Locale.ROOT);
    }
}
