package dev.crema.plan;

import java.util.List;

/**
 * One operation of the init plan. The set is closed: each record is one opcode of native/PLAN.md, and
 * {@link PlanEncoder} is the only place that knows the wire form. Paths called "in root" are relative to the
 * container's rootfs and resolved by the init without leaving it.
 */
public sealed interface Op {
    record SetNs(String path, long nsType) implements Op {}
    record Unshare(long flags) implements Op {}
    record SyncIdmap() implements Op {}
    record TimeOffsets(long monoSec, long monoNsec, long bootSec, long bootNsec) implements Op {}
    record Fork() implements Op {}
    record Setsid() implements Op {}
    record SetPropagation(String path, long flags) implements Op {}
    record BindRootfs(String rootfs) implements Op {}
    record Mount(String source, String targetInRoot, String fsType, long flags, String data, TargetKind targetKind,
                 long remountFlags, long propagationFlags) implements Op {}
    record Mknod(String pathInRoot, long mode, long major, long minor, long uid, long gid) implements Op {}
    record Symlink(String target, String linkInRoot) implements Op {}
    record PivotRoot() implements Op {}
    record MoveRoot() implements Op {}
    record MaskPath(String path) implements Op {}
    record ReadonlyPath(String path) implements Op {}
    record RemountReadonly(String path) implements Op {}
    record SetHostname(String name) implements Op {}
    record SetDomainname(String name) implements Op {}
    record WriteProc(String pathUnderProc, String value) implements Op {}
    record BoundingSet(long keepMask) implements Op {}
    record SetIds(long uid, long gid, List<Long> additionalGids) implements Op {}
    record SetCaps(long effective, long permitted, long inheritable, long ambient) implements Op {}
    record NoNewPrivs() implements Op {}
    record Umask(long mask) implements Op {}
    record Chdir(String path) implements Op {}
    record ResolveExec(List<String> args, List<String> env) implements Op {}
    record OpenExecFifo(String hostPath) implements Op {}
    record WaitStartExec() implements Op {}
    record LoopbackUp() implements Op {}

    /** What the init creates when a mount target is missing. */
    enum TargetKind { DIRECTORY, FILE }
}
