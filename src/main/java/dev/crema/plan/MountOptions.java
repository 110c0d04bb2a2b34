package dev.crema.plan;

import java.util.List;

/**
 * Splits an OCI mount's options into mount(2) flags, propagation flags, the recursive mount_setattr(2)
 * attributes (rro, rnosuid, ...), the idmap request, runc's tmpcopyup extension and the filesystem data string, with the same tables runc
 * uses (libcontainer/specconv). An option that is none of these goes to the data string, as runc does.
 */
public record MountOptions(long flags, long clearedFlags, long propagation, long attrSet, long attrClear,
                           Idmap idmap, String data, boolean copyUp) {
    /** "idmap" or "ridmap" (recursive): an idmapped bind mount. */
    public enum Idmap { NONE, IDMAP, RIDMAP }

    public static MountOptions parse(List<String> options, String field) {
        long flags = 0;
        long cleared = 0;
        long propagation = 0;
        long attrSet = 0;
        long attrClear = 0;
        Idmap idmap = Idmap.NONE;
        boolean copyUp = false;
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
            } else if (option.equals("idmap") || option.equals("ridmap")) {
                idmap = option.equals("idmap") ? Idmap.IDMAP : Idmap.RIDMAP;
            } else if (recursiveSet(option) >= 0) {
                long attr = recursiveSet(option);
                attrSet |= attr;
                attrClear &= ~attr;
                // an atime mode replaces the current one: the kernel wants the whole field cleared with it
                if ((attr & Kernel.MOUNT_ATTR__ATIME) == attr) attrClear |= Kernel.MOUNT_ATTR__ATIME;
            } else if (recursiveClear(option) >= 0) {
                attrClear |= recursiveClear(option);
                attrSet &= ~recursiveClear(option);
            } else if (option.equals("tmpcopyup")) {
                copyUp = true;
            } else if (!option.equals("defaults")) {
                if (!data.isEmpty()) data.append(',');
                data.append(option);
            }
        }
        return new MountOptions(flags, cleared, propagation, attrSet, attrClear, idmap, data.toString(), copyUp);
    }

    /** The same options without "ro": the read-only remount is then a separate, later step. */
    MountOptions withoutReadonly() {
        return new MountOptions(flags & ~Kernel.MS_RDONLY, clearedFlags, propagation, attrSet, attrClear, idmap, data, copyUp);
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

    /** The recursive options that set an attribute on the mount and every mount below it; -1 if not one. */
    private static long recursiveSet(String option) {
        return switch (option) {
            case "rro" -> Kernel.MOUNT_ATTR_RDONLY;
            case "rnosuid" -> Kernel.MOUNT_ATTR_NOSUID;
            case "rnodev" -> Kernel.MOUNT_ATTR_NODEV;
            case "rnoexec" -> Kernel.MOUNT_ATTR_NOEXEC;
            case "rnodiratime" -> Kernel.MOUNT_ATTR_NODIRATIME;
            case "rrelatime" -> Kernel.MOUNT_ATTR_RELATIME;
            case "rnoatime" -> Kernel.MOUNT_ATTR_NOATIME;
            case "rstrictatime" -> Kernel.MOUNT_ATTR_STRICTATIME;
            case "rnosymfollow" -> Kernel.MOUNT_ATTR_NOSYMFOLLOW;
            default -> -1;
        };
    }

    /** The recursive options that clear an attribute; -1 if not one ("rnorelatime" clears nothing, as in runc). */
    private static long recursiveClear(String option) {
        return switch (option) {
            case "rrw" -> Kernel.MOUNT_ATTR_RDONLY;
            case "rsuid" -> Kernel.MOUNT_ATTR_NOSUID;
            case "rdev" -> Kernel.MOUNT_ATTR_NODEV;
            case "rexec" -> Kernel.MOUNT_ATTR_NOEXEC;
            case "rdiratime" -> Kernel.MOUNT_ATTR_NODIRATIME;
            case "ratime" -> Kernel.MOUNT_ATTR_NOATIME;
            case "rnostrictatime" -> Kernel.MOUNT_ATTR_STRICTATIME;
            case "rsymfollow" -> Kernel.MOUNT_ATTR_NOSYMFOLLOW;
            case "rnorelatime" -> Kernel.MOUNT_ATTR_RELATIME;
            default -> -1;
        };
    }

    public boolean hasRecursiveAttributes() {
        return attrSet != 0 || attrClear != 0;
    }

    /** The rootfsPropagation value as flags, or 0 when not set. */
    public static long rootfsPropagation(String value) {
        return value == null || value.isEmpty() ? 0 : propagationFlag(value);
    }
}
