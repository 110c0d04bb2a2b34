package dev.crema.container;

import dev.crema.plan.Op;
import dev.crema.plan.Plan;
import dev.crema.sys.Errno;

/**
 * The message for an init failure (op index, errno, and what the init found when it checked a file): the
 * config field the step came from, and, for the checks that guard against a hostile rootfs or config, what
 * was wrong in words rather than only an errno.
 */
final class InitFailure {
    private InitFailure() {}

    /** @param found what the init reported about the file it refused, or null */
    static String message(Plan plan, int opIndex, int errno, FoundFile found) {
        String step = plan.describe(opIndex);
        if (opIndex < 0 || opIndex >= plan.steps().size()) return step + ": " + Errno.name(errno);
        String origin = plan.steps().get(opIndex).origin();
        Op op = plan.steps().get(opIndex).op();
        String why = explain(op, errno, found);
        if (why != null) return origin + ": " + why;
        if (step.startsWith("process.args: exec ") && errno == Errno.ENOENT) {
            return "process.args: exec: \"" + step.substring("process.args: exec ".length())
                    + "\": executable file not found in $PATH";
        }
        return step + ": " + Errno.name(errno);
    }

    /** The reason in words for the failures a check of ours makes, or null for a plain errno. */
    private static String explain(Op op, int errno, FoundFile found) {
        if (found != null) {
            if (op instanceof Op.MaskPath) {
                return "/dev/null in the rootfs is " + found.describe() + ", not the null device (character device 1:3);"
                        + " refusing to mask with it";
            }
            if (op instanceof Op.Mknod mknod) {
                return "/" + mknod.pathInRoot() + " in the rootfs is " + found.describe() + ", not "
                        + new FoundFile((int) mknod.mode(), (int) mknod.major(), (int) mknod.minor()).describe();
            }
            if (op instanceof Op.Console) {
                return "/dev/console in the rootfs is " + found.describe()
                        + ", not a regular file or a terminal; refusing to mount the pty on it";
            }
        }
        if (errno == Errno.EXDEV && op instanceof Op.WriteProc write) {
            return "/proc/" + write.pathUnderProc() + " is not the procfs file it names"
                    + " (a mount or symlink in the container redirects it, or /proc is not the container's procfs)";
        }
        if (errno == Errno.EXDEV && op instanceof Op.ExecLabel label) {
            return "/proc/self/attr/" + label.attr() + " is not the procfs file it names"
                    + " (a mount or symlink in the container redirects it, or /proc is not the container's procfs)";
        }
        if (errno == Errno.ENOTDIR && op instanceof Op.Mount mount && mount.targetKind() == Op.TargetKind.ORDINARY_DIRECTORY) {
            return "filesystem \"" + (mount.fsType().isEmpty() ? "sysfs" : mount.fsType())
                    + "\" must be mounted on ordinary directory";
        }
        if (op instanceof Op.WaitStartExec && (errno == Errno.ENOENT || errno == Errno.EXDEV || errno == Errno.ENOTDIR)) {
            return "no procfs is mounted at /proc in the container: crema, as runc, reopens the exec fifo through"
                    + " /proc/self/fd (" + Errno.name(errno) + ")";
        }
        return null;
    }
}
