package dev.crema.plan;

import dev.crema.spec.Capability;
import dev.crema.spec.LinuxCapabilities;
import dev.crema.spec.Process;
import dev.crema.spec.User;
import java.util.List;

/**
 * The steps that turn the init into the user's process, shared by create and exec, in runc's order: bounding
 * set, ids, capability sets, no_new_privs, umask, cwd, and finding the program.
 */
final class ProcessSteps {
    private ProcessSteps() {}

    /**
     * @param seccomp the filter to load, or null. Loading needs no_new_privs or CAP_SYS_ADMIN: with no_new_privs
     *                it goes as late as possible, after it; without, before the capabilities are dropped (runc).
     */
    static void credentialsAndProgram(Process process, Op.LoadSeccomp seccomp, List<Step> out) {
        SecurityLabels.process(process, HostFeatures.appArmorEnabled(), HostFeatures.selinuxEnabled(), out);
        ProcessAttributes.beforeCredentials(process, out);
        if (seccomp != null && !process.noNewPrivileges()) out.add(new Step(seccomp, "linux.seccomp"));
        LinuxCapabilities caps = process.capabilities();
        if (caps != null) {
            out.add(new Step(new Op.BoundingSet(mask(caps.bounding(), "bounding")), "process.capabilities.bounding"));
        }
        User user = process.user();
        out.add(new Step(new Op.SetIds(user.uid(), user.gid(), user.additionalGids()), "process.user"));
        if (caps != null) {
            long permitted = mask(caps.permitted(), "permitted");
            long inheritable = mask(caps.inheritable(), "inheritable");
            // The kernel raises an ambient capability only if it is permitted and inheritable; runc 1.1.5
            // ignores the refused raises, so the ambient set is what the other two allow, never more.
            long ambient = mask(caps.ambient(), "ambient") & permitted & inheritable;
            out.add(new Step(new Op.SetCaps(mask(caps.effective(), "effective"), permitted, inheritable, ambient),
                    "process.capabilities"));
        }
        if (process.noNewPrivileges()) out.add(new Step(new Op.NoNewPrivs(), "process.noNewPrivileges"));
        if (seccomp != null && process.noNewPrivileges()) out.add(new Step(seccomp, "linux.seccomp"));
        out.add(new Step(new Op.Umask(user.umask() == null ? 022 : user.umask()), "process.user.umask"));
        out.add(new Step(new Op.Chdir(process.cwd()), "process.cwd"));
        out.add(new Step(new Op.ResolveExec(process.args(), process.env()), "process.args"));
        ProcessAttributes.lastBeforeExec(process, out);
    }

    private static long mask(List<String> names, String set) {
        long mask = 0;
        for (String name : names) {
            mask |= 1L << Capability.number(name, "process.capabilities." + set);
        }
        return mask;
    }
}
