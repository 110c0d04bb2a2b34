package dev.crema.spec;

import java.util.ArrayList;
import java.util.List;

/** process: what runs in the container and with which attributes. */
public record Process(boolean terminal, Box consoleSize, User user, List<String> args, String commandLine,
                      List<String> env, String cwd, LinuxCapabilities capabilities, List<POSIXRlimit> rlimits,
                      boolean noNewPrivileges, String apparmorProfile, Integer oomScoreAdj, String selinuxLabel,
                      LinuxIOPriority ioPriority, Scheduler scheduler, CPUAffinity execCPUAffinity) {

    static Process from(Node n) {
        Node user = n.object("user");
        if (user == null) throw new ConfigException(n.field("user") + ": required");
        Node box = n.object("consoleSize");
        Node caps = n.object("capabilities");
        Node io = n.object("ioPriority");
        Node sched = n.object("scheduler");
        Node affinity = n.object("execCPUAffinity");
        List<String> args = n.strings("args");
        if (args.isEmpty() && !n.has("commandLine")) throw new ConfigException(n.field("args") + ": required (non-empty)");
        String cwd = n.requiredString("cwd");
        List<POSIXRlimit> rlimits = new ArrayList<>();
        for (Node r : n.objects("rlimits")) {
            POSIXRlimit rlimit = POSIXRlimit.from(r);
            for (POSIXRlimit earlier : rlimits) {
                // runtime-spec: duplicated entries with the same type MUST be an error (runc 1.1 keeps the last)
                if (earlier.type().equals(rlimit.type())) {
                    throw new ConfigException(r.field("type") + ": duplicate rlimit type \"" + rlimit.type() + "\"");
                }
            }
            rlimits.add(rlimit);
        }
        return new Process(n.bool("terminal"), box == null ? null : Box.from(box), User.from(user), args,
                n.string("commandLine"), n.strings("env"), cwd, caps == null ? null : LinuxCapabilities.from(caps),
                List.copyOf(rlimits), n.bool("noNewPrivileges"), n.string("apparmorProfile"),
                n.int32("oomScoreAdj"), n.string("selinuxLabel"), io == null ? null : LinuxIOPriority.from(io),
                sched == null ? null : Scheduler.from(sched), affinity == null ? null : CPUAffinity.from(affinity));
    }

    /** consoleSize. */
    public record Box(long height, long width) {
        static Box from(Node n) {
            return new Box(n.requiredInteger("height", 0, Node.UINT32_MAX), n.requiredInteger("width", 0, Node.UINT32_MAX));
        }
    }

    /** process.ioPriority. */
    public record LinuxIOPriority(String ioClass, int priority) {
        static LinuxIOPriority from(Node n) {
            String cls = n.oneOf("class", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE");
            if (cls == null) throw new ConfigException(n.field("class") + ": required");
            Integer prio = n.int32("priority");
            return new LinuxIOPriority(cls, prio == null ? 0 : prio);
        }
    }

    /** process.scheduler. */
    public record Scheduler(String policy, Integer nice, Integer priority, List<String> flags, Long runtime,
                            Long deadline, Long period) {
        static Scheduler from(Node n) {
            String policy = n.oneOf("policy", "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH", "SCHED_ISO",
                    "SCHED_IDLE", "SCHED_DEADLINE");
            if (policy == null) throw new ConfigException(n.field("policy") + ": required");
            return new Scheduler(policy, n.int32("nice"), n.int32("priority"), n.strings("flags"),
                    n.uint64("runtime"), n.uint64("deadline"), n.uint64("period"));
        }
    }

    /** process.execCPUAffinity. */
    public record CPUAffinity(String initial, String finalAffinity) {
        static CPUAffinity from(Node n) {
            return new CPUAffinity(n.string("initial"), n.string("final"));
        }
    }
}
