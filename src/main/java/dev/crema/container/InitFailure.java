package dev.crema.container;

import dev.crema.plan.Op;
import dev.crema.plan.Plan;
import dev.crema.plan.Step;
import dev.crema.sys.Errno;

/**
 * The message for an init failure (op index, errno, and what the init found when it checked a file): the
 * config field the step came from, and, for the checks that guard against a hostile rootfs or config, what
 * was wrong in words rather than only an errno.
 */
final class InitFailure {
    private InitFailure() {}

    /** A RUN_HOOK op's report of a hook that did not exit 0: this bit, then its raw wait status (native/PLAN.md). */
    static final int HOOK_ENDED = 0x10000;

    /**
     * @param value the errno the init reported, or for RUN_HOOK {@link #HOOK_ENDED} and the hook's wait status
     * @param found what the init reported about the file it refused, or null
     */
    static String message(Plan plan, int opIndex, long value, FoundFile found) {
        String step = plan.describe(opIndex);
        if (opIndex < 0 || opIndex >= plan.steps().size()) return step + ": " + Errno.describe((int) value);
        Step failed = plan.steps().get(opIndex);
        String origin = failed.origin();
        Op op = failed.op();
        if (op instanceof Op.RunHook hook) {
            if (value == Errno.ETIMEDOUT) return origin + ": hook ran past specified timeout of " + hook.timeoutSeconds() + ".0s";
            if ((value & HOOK_ENDED) != 0) return origin + ": " + WaitStatusText.of((int) (value & 0xffff));
        }
        int errno = (int) value;
        String why = explain(op, errno, found);
        if (why != null) return origin + ": " + why;
        String words = inRuncsWords(op, errno);
        if (words != null) return origin + ": " + words;
        return step + ": " + Errno.describe(errno);
    }

    /**
     * The failures engines parse, in runc's words: docker turns "executable file not found" and "no such file or
     * directory" into exit code 127, "permission denied" into 126. Null for the others.
     */
    private static String inRuncsWords(Op op, int errno) {
        if (op instanceof Op.ResolveExec exec && !exec.args().isEmpty()) {
            String name = exec.args().getFirst();
            String quoted = "exec: " + quoted(name);
            if (name.indexOf('/') < 0) {
                return quoted + ": " + (errno == Errno.ENOENT ? "executable file not found in $PATH" : Errno.text(errno));
            }
            // as Go's LookPath: the path cannot be stat'ed, or it is there but no executable file (a directory,
            // no x bit): "permission denied", whatever errno the init's last check left
            boolean statFailed = errno == Errno.ENOENT || errno == Errno.ENOTDIR || errno == Errno.ELOOP
                    || errno == Errno.ENAMETOOLONG;
            return quoted + ": " + (statFailed ? "stat " + name + ": " + Errno.text(errno) : Errno.text(Errno.EACCES));
        }
        if (op instanceof Op.Chdir chdir) {
            return "chdir to cwd (" + quoted(chdir.path()) + ") set in config.json failed: " + Errno.text(errno);
        }
        return null;
    }

    /** A string in double quotes, as Go's %q prints it. */
    private static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        dev.crema.spec.JsonWriter.quote(out, s);
        return out.toString();
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
        if ((op instanceof Op.CheckProcfs || op instanceof Op.WaitStartExec) && (errno == Errno.ENOENT || errno == Errno.EXDEV || errno == Errno.ENOTDIR)) {
            // runc fails here opening /proc/self/fd, in these words; a /proc that is no procfs (EXDEV) has no such
            // file as far as the exec fifo is concerned
            return "no procfs is mounted at /proc in the container, and crema, as runc, reopens the exec fifo through it: open"
                    + " /proc/self/fd: " + Errno.text(errno == Errno.ENOTDIR ? Errno.ENOTDIR : Errno.ENOENT);
        }
        return null;
    }
}
