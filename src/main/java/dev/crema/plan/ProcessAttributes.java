package dev.crema.plan;

import dev.crema.spec.Process;
import java.util.List;

/**
 * process.ioPriority, process.scheduler and process.execCPUAffinity as init steps: priority and scheduler while
 * the init still has its capabilities (a real-time policy needs CAP_SYS_NICE), the initial affinity then too,
 * and the final affinity as the last thing before exec.
 */
final class ProcessAttributes {
    private ProcessAttributes() {}

    static void beforeCredentials(Process p, List<Step> out) {
        if (p.ioPriority() != null) {
            long cls = switch (p.ioPriority().ioClass()) {
                case "IOPRIO_CLASS_RT" -> 1;
                case "IOPRIO_CLASS_BE" -> 2;
                default -> 3;
            };
            int level = p.ioPriority().priority();
            if (level < 0 || level > 7) throw new PlanException("process.ioPriority.priority: must be 0 to 7, got " + level);
            out.add(new Step(new Op.IoPriority(cls << 13 | level), "process.ioPriority"));
        }
        if (p.scheduler() != null) out.add(new Step(scheduler(p.scheduler()), "process.scheduler"));
        if (p.execCPUAffinity() != null && notEmpty(p.execCPUAffinity().initial())) {
            out.add(new Step(new Op.CpuAffinity(mask(p.execCPUAffinity().initial(), "process.execCPUAffinity.initial")),
                    "process.execCPUAffinity.initial"));
        }
    }

    static void lastBeforeExec(Process p, List<Step> out) {
        if (p.execCPUAffinity() != null && notEmpty(p.execCPUAffinity().finalAffinity())) {
            out.add(new Step(new Op.CpuAffinity(mask(p.execCPUAffinity().finalAffinity(), "process.execCPUAffinity.final")),
                    "process.execCPUAffinity.final"));
        }
    }

    private static Op.Scheduler scheduler(Process.Scheduler s) {
        long policy = switch (s.policy()) {
            case "SCHED_OTHER" -> 0;
            case "SCHED_FIFO" -> 1;
            case "SCHED_RR" -> 2;
            case "SCHED_BATCH" -> 3;
            case "SCHED_ISO" -> 4;
            case "SCHED_IDLE" -> 5;
            default -> 6; // SCHED_DEADLINE
        };
        long flags = 0;
        for (String f : s.flags()) {
            flags |= switch (f) {
                case "SCHED_FLAG_RESET_ON_FORK" -> 0x01;
                case "SCHED_FLAG_RECLAIM" -> 0x02;
                case "SCHED_FLAG_DL_OVERRUN" -> 0x04;
                case "SCHED_FLAG_KEEP_POLICY" -> 0x08;
                case "SCHED_FLAG_KEEP_PARAMS" -> 0x10;
                case "SCHED_FLAG_UTIL_CLAMP_MIN" -> 0x20;
                case "SCHED_FLAG_UTIL_CLAMP_MAX" -> 0x40;
                default -> throw new PlanException("process.scheduler.flags: unknown flag " + f);
            };
        }
        return new Op.Scheduler(policy, s.nice() == null ? 0 : s.nice(), s.priority() == null ? 0 : s.priority(), flags,
                s.runtime() == null ? 0 : s.runtime(), s.deadline() == null ? 0 : s.deadline(),
                s.period() == null ? 0 : s.period());
    }

    /** A cpu list ("0-3,7") as the cpu_set_t bitmap sched_setaffinity takes (1024 cpus). */
    static byte[] mask(String list, String field) {
        return bitmap(list, field, "cpu list");
    }

    /** A list of numbers below 1024 ("0-3,7", cpus or NUMA nodes) as a bitmap of 128 bytes. */
    static byte[] bitmap(String list, String field, String what) {
        byte[] mask = new byte[128];
        for (String part : list.split(",")) {
            String range = part.trim();
            int dash = range.indexOf('-');
            try {
                int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
                if (from < 0 || to < from || to >= 1024) throw new NumberFormatException();
                for (int cpu = from; cpu <= to; cpu++) mask[cpu / 8] |= (byte) (1 << (cpu % 8));
            } catch (NumberFormatException e) {
                throw new PlanException(field + ": not a " + what + ": \"" + list + "\"");
            }
        }
        return mask;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
