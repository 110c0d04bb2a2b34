package dev.crema.plan;

import dev.crema.spec.Process;
import java.util.List;

/**
 * AppArmor profiles and SELinux labels, as runc applies them: the process's label is written to the init's
 * exec attribute in procfs, so the kernel switches to it at execve; the mount label goes into the data of the
 * filesystems mounted fresh. A host without the security module fails the container with runc's reason.
 */
final class SecurityLabels {
    private SecurityLabels() {}

    /** The steps for process.apparmorProfile and process.selinuxLabel, checked against the host's modules. */
    static void process(Process p, boolean appArmorEnabled, boolean selinuxEnabled, List<Step> out) {
        if (notEmpty(p.apparmorProfile())) {
            // as runc fails on such a host (its write to /proc/self/attr/exec gets EINVAL), but saying why
            if (!appArmorEnabled) throw new PlanException("process.apparmorProfile: AppArmor is not enabled on this host");
            // the AppArmor-specific attribute when the kernel has it (stacked modules), else the shared one
            out.add(new Step(new Op.ExecLabel("apparmor/exec", "exec", "exec " + p.apparmorProfile()), "process.apparmorProfile"));
        }
        if (notEmpty(p.selinuxLabel())) {
            checkSelinux(selinuxEnabled, "process.selinuxLabel");
            out.add(new Step(new Op.ExecLabel("exec", "", p.selinuxLabel()), "process.selinuxLabel"));
        }
    }

    static void checkSelinux(boolean selinuxEnabled, String field) {
        if (!selinuxEnabled) {
            throw new PlanException(field + ": selinux label is specified in config, but selinux is disabled or not supported");
        }
    }

    /** Mount data with the SELinux context option appended, as runc's label.FormatMountLabel does. */
    static String mountData(String data, String mountLabel) {
        if (!notEmpty(mountLabel)) return data;
        String context = "context=\"" + mountLabel + "\"";
        return data == null || data.isEmpty() ? context : data + "," + context;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
