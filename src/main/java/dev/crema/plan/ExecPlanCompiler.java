package dev.crema.plan;

import dev.crema.spec.Process;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan of `crema exec`: join every namespace of the running container (the user namespace last), fork so
 * that pid and time namespaces apply, become the process, and exec at once (no fifo: there is no start).
 */
public final class ExecPlanCompiler {
    /** A namespace of the container to join: its /proc/PID/ns name ("mnt", "net", ...) and path. */
    public record Join(String type, String path) {}

    private ExecPlanCompiler() {}

    /**
     * @param cgroup  the container's cgroup directories, for the process to enter as it is born
     * @param seccomp the container's linux.seccomp, or null
     */
    public static Plan compile(List<Join> joins, List<CgroupLeaf> cgroup, Process process,
                               dev.crema.spec.LinuxSeccomp seccomp) {
        return compile(joins, cgroup, process, seccomp, true);
    }

    /** @param setGroups false where the groups cannot be set: a rootless caller, or setgroups denied (runc). */
    public static Plan compile(List<Join> joins, List<CgroupLeaf> cgroup, Process process,
                               dev.crema.spec.LinuxSeccomp seccomp, boolean setGroups) {
        if (process.args().isEmpty()) throw new PlanException("process.args: must not be empty");
        if (process.cwd() == null || !process.cwd().startsWith("/")) {
            throw new PlanException("process.cwd: must be an absolute path, got \"" + process.cwd() + "\"");
        }
        Unsupported.checkProcess(process);
        // As runc's nsexec: the user namespace first (it grants the capabilities to join the others, which it
        // owns), the mount namespace last (the /proc/PID/ns paths are the host's until then).
        List<Step> steps = new ArrayList<>();
        // opened as host root before any join; the cgroup namespace is joined after the fork, so that
        // CLONE_INTO_CGROUP still sees ours (it checks the forking process's)
        PlanCompiler.openCgroups(cgroup, !joins(joins, "user"), steps);
        for (Join join : joins) {
            if (join.type().equals("cgroup")) steps.add(new Step(new Op.OpenNs(join.path()), "container namespace cgroup"));
        }
        for (String type : new String[] {"user", "ipc", "uts", "net", "pid", "time", "mnt"}) {
            for (Join join : joins) {
                if (join.type().equals(type)) {
                    steps.add(new Step(new Op.SetNs(join.path(), NamespaceSet.flag(specName(type))),
                            "container namespace " + type));
                }
            }
        }
        steps.add(new Step(new Op.Fork(), "runtime default (exec process)"));
        if (joins(joins, "cgroup")) {
            steps.add(new Step(new Op.SetNsOpened(0, Kernel.CLONE_NEWCGROUP), "container namespace cgroup"));
        }
        if (process.terminal()) {
            steps.add(new Step(new Op.Setsid(), "process.terminal (new session)"));
            steps.add(new Step(Terminal.console(process, false), "process.terminal"));
        }
        ProcessSteps.credentialsAndProgram(process, seccomp == null ? null : SeccompFilter.compile(seccomp), false, setGroups, steps);
        steps.add(new Step(new Op.ExecNow(), "process.args"));  // READY, then execve: exec has no start
        return new Plan(List.copyOf(steps));
    }

    private static boolean joins(List<Join> joins, String type) {
        for (Join join : joins) {
            if (join.type().equals(type)) return true;
        }
        return false;
    }

    /** /proc/PID/ns names to the spec's namespace type names. */
    private static String specName(String procName) {
        return switch (procName) {
            case "mnt" -> "mount";
            case "net" -> "network";
            default -> procName;
        };
    }
}
