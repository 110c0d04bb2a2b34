package dev.crema.plan;

import dev.crema.spec.Linux;
import dev.crema.spec.Process;
import dev.crema.spec.Spec;

/**
 * Settings crema parses but does not apply yet, or not on this host. Each is refused by name rather than silently
 * dropped: a container that asked for a seccomp filter must never run without one.
 */
final class Unsupported {
    private Unsupported() {}

    static void check(Spec spec) {
        if (spec.process() != null) checkProcess(spec.process());
        Linux l = spec.linux();
        if (l == null) return;
        if (notEmpty(l.mountLabel())) SecurityLabels.checkSelinux(HostFeatures.selinuxEnabled(), "linux.mountLabel");
        if (l.personality() != null && !l.personality().flags().isEmpty()) {
            refuse("linux.personality.flags", "personality flags (runc applies none either)");
        }
        // applied by the controller (dev.crema.resctrl) where the host has resctrl, as runc does
        if (l.intelRdt() != null && !HostFeatures.resctrlMounted()) {
            throw new PlanException("linux.intelRdt: the host has no resctrl filesystem (Intel RDT)");
        }
        if (!l.netDevices().isEmpty()) refuse("linux.netDevices", "moving network devices");
    }

    /** The process fields, for create and for exec's process.json. */
    static void checkProcess(Process p) {
        if (p.commandLine() != null) refuse("process.commandLine", "commandLine (a Windows field)");
    }

    private static void refuse(String field, String what) {
        throw new PlanException(field + ": " + what + " not supported by crema yet");
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
