package dev.crema.plan;

import java.util.List;

/**
 * Splits an OCI mount's options into mount(2) flags, propagation flags and the filesystem data string, with
 * the same table runc uses (libcontainer/specconv). An option that is neither a flag nor a propagation
 * keyword goes to the data string, as runc does.
 */
public record MountOptions(long flags, long clearedFlags, long propagation, String data) {

    public static MountOptions parse(List<String> options, String field) {
        long flags = 0;
        long cleared = 0;
        long propagation = 0;
        StringBuilder data = new StringBuilder();
        for (String option : options) {
            long set = setFlag(option);
            long clear = clearFlag(option);
            long prop = propagationFlag(option);
            if (set != 0) {
                flags |= set;
                cleared &= ~set;
            } else if (clear != 0) {
                flags &= ~clear;
                cleared |= clear;
            } else if (prop != 0) {
                propagation |= prop;
            } else if (isUnsupported(option)) {
                throw new PlanException(field + ": mount option \"" + option + "\" is not supported by crema yet");
            } else if (!option.equals("defaults")) {
                if (!data.isEmpty()) data.append(',');
                data.append(option);
            }
        }
        return new MountOptions(flags, cleared, propagation, data.toString());
    }

    public boolean isBind() {
        return (flags & Kernel.MS_BIND) != 0;
    }

    private static long setFlag(String option) {
        return switch (option) {
            case "ro" -> Kernel.MS_RDONLY;
            case "nosuid" -> Kernel.MS_NOSUID;
            case "nodev" -> Kernel.MS_NODEV;
            case "noexec" -> Kernel.MS_NOEXEC;
            case "sync" -> Kernel.MS_SYNCHRONOUS;
            case "remount" -> Kernel.MS_REMOUNT;
            case "mand" -> Kernel.MS_MANDLOCK;
            case "dirsync" -> Kernel.MS_DIRSYNC;
            case "nosymfollow" -> Kernel.MS_NOSYMFOLLOW;
            case "noatime" -> Kernel.MS_NOATIME;
            case "nodiratime" -> Kernel.MS_NODIRATIME;
            case "bind" -> Kernel.MS_BIND;
            case "rbind" -> Kernel.MS_BIND | Kernel.MS_REC;
            case "silent" -> Kernel.MS_SILENT;
            case "relatime" -> Kernel.MS_RELATIME;
            case "iversion" -> Kernel.MS_I_VERSION;
            case "strictatime" -> Kernel.MS_STRICTATIME;
            case "lazytime" -> Kernel.MS_LAZYTIME;
            default -> 0;
        };
    }

    private static long clearFlag(String option) {
        return switch (option) {
            case "rw" -> Kernel.MS_RDONLY;
            case "suid" -> Kernel.MS_NOSUID;
            case "dev" -> Kernel.MS_NODEV;
            case "exec" -> Kernel.MS_NOEXEC;
            case "async" -> Kernel.MS_SYNCHRONOUS;
            case "nomand" -> Kernel.MS_MANDLOCK;
            case "symfollow" -> Kernel.MS_NOSYMFOLLOW;
            case "atime" -> Kernel.MS_NOATIME;
            case "diratime" -> Kernel.MS_NODIRATIME;
            case "loud" -> Kernel.MS_SILENT;
            case "norelatime" -> Kernel.MS_RELATIME;
            case "noiversion" -> Kernel.MS_I_VERSION;
            case "nostrictatime" -> Kernel.MS_STRICTATIME;
            case "nolazytime" -> Kernel.MS_LAZYTIME;
            default -> 0;
        };
    }

    private static long propagationFlag(String option) {
        return switch (option) {
            case "private" -> Kernel.MS_PRIVATE;
            case "rprivate" -> Kernel.MS_PRIVATE | Kernel.MS_REC;
            case "shared" -> Kernel.MS_SHARED;
            case "rshared" -> Kernel.MS_SHARED | Kernel.MS_REC;
            case "slave" -> Kernel.MS_SLAVE;
            case "rslave" -> Kernel.MS_SLAVE | Kernel.MS_REC;
            case "unbindable" -> Kernel.MS_UNBINDABLE;
            case "runbindable" -> Kernel.MS_UNBINDABLE | Kernel.MS_REC;
            default -> 0;
        };
    }

    /** runc extensions that need mount_setattr or idmapped mounts: refused by name until crema applies them. */
    private static boolean isUnsupported(String option) {
        return switch (option) {
            case "tmpcopyup", "idmap", "ridmap", "rro", "rrw", "rnosuid", "rsuid", "rnodev", "rdev", "rnoexec",
                 "rexec", "rnodiratime", "rdiratime", "rrelatime", "rnorelatime", "rnoatime", "ratime",
                 "rstrictatime", "rnostrictatime", "rnosymfollow", "rsymfollow" -> true;
            default -> false;
        };
    }

    /** The rootfsPropagation value as flags, or 0 when not set. */
    public static long rootfsPropagation(String value) {
        return value == null || value.isEmpty() ? 0 : propagationFlag(value);
    }
}
