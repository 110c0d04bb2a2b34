package dev.crema.plan;

import dev.crema.spec.Capability;
import dev.crema.spec.LinuxCapabilities;
import dev.crema.spec.Process;
import dev.crema.spec.User;
import java.util.List;

/**
 * The steps that turn the init into the user's process, shared by create and exec, in runc's order.
 */
final class ProcessSteps {
    private ProcessSteps() {}

    /**
     * In runc's order (its finalizeNamespace and what follows): no_new_privs; a filter without it (loading one
     * then needs CAP_SYS_ADMIN); process.cwd tried while still root, as the user's ids may not enter it; the
     * bounding set, ids and umask; process.cwd again only if root was refused it; the capability sets; finding
     * the program; and a filter with no_new_privs last, so a profile that refuses the runtime's own syscalls
     * (chdir, setresuid, capset, stat) with defaultErrnoRet cannot break them.
     *
     * @param seccomp the filter to load, or null
     * @param waitsForStart create's process, which reopens the exec fifo through /proc/self/fd: its /proc is
     *                      checked where runc's finalizeNamespace checks /proc/self/fd (before a filter loaded
     *                      with no_new_privs, which may refuse fstatfs), so a container without one fails create
     * @param setGroups false for a rootless container, whose groups stay as they are (runc's allowSupGroups)
     */
    static void credentialsAndProgram(Process process, Op.LoadSeccomp seccomp, boolean waitsForStart, boolean setGroups,
                                      List<Step> out) {
        if (!setGroups && !process.user().additionalGids().isEmpty()) {
            // as runc's setupUser, but before anything is made
            throw new PlanException("process.user.additionalGids: cannot set any additional groups in a rootless container");
        }
        SecurityLabels.process(process, HostFeatures.appArmorEnabled(), HostFeatures.selinuxEnabled(), out);
        ProcessAttributes.beforeCredentials(process, out);
        if (process.noNewPrivileges()) out.add(new Step(new Op.NoNewPrivs(), "process.noNewPrivileges"));
        if (seccomp != null && !process.noNewPrivileges()) out.add(new Step(seccomp, "linux.seccomp"));
        if (waitsForStart) out.add(new Step(new Op.CheckProcfs(), PlanCompiler.WAIT_START_ORIGIN));
        out.add(new Step(new Op.Chdir(process.cwd(), Op.Chdir.TRY), "process.cwd"));
        LinuxCapabilities caps = process.capabilities();
        if (caps != null) {
            out.add(new Step(new Op.BoundingSet(mask(caps.bounding(), "bounding")), "process.capabilities.bounding"));
        }
        User user = process.user();
        out.add(new Step(new Op.FixStdio(user.uid()), "process.user.uid (stdio owner)"));
        out.add(new Step(new Op.SetIds(user.uid(), user.gid(), user.additionalGids(), setGroups), "process.user"));
        out.add(new Step(new Op.Umask(user.umask() == null ? 022 : user.umask()), "process.user.umask"));
        out.add(new Step(new Op.Chdir(process.cwd(), Op.Chdir.IF_REFUSED), "process.cwd"));
        if (caps != null) out.add(new Step(capabilitySets(caps), "process.capabilities"));
        out.add(new Step(new Op.ResolveExec(process.args(), process.env()), "process.args"));
        ProcessAttributes.lastBeforeExec(process, out);
        if (seccomp != null && process.noNewPrivileges()) out.add(new Step(seccomp, "linux.seccomp"));
    }

    /**
     * The kernel raises an ambient capability only if it is both permitted and inheritable; runc skips the ones
     * it cannot raise (a config from `runc spec` lists ambient caps it does not make inheritable), so the
     * ambient set is what the other two allow.
     */
    static Op.SetCaps capabilitySets(LinuxCapabilities caps) {
        long permitted = mask(caps.permitted(), "permitted");
        long inheritable = mask(caps.inheritable(), "inheritable");
        return new Op.SetCaps(mask(caps.effective(), "effective"), permitted, inheritable,
                mask(caps.ambient(), "ambient") & permitted & inheritable);
    }

    private static long mask(List<String> names, String set) {
        long mask = 0;
        for (String name : names) {
            int number = Capability.find(name);
            if (number >= 0) mask |= 1L << number; // an unknown name is ignored, as runc (Create warns of it)
        }
        return mask;
    }
}
