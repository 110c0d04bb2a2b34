package dev.crema.plan;

import java.util.List;

/**
 * One operation of the init plan. The set is closed: each record is one opcode of native/PLAN.md and writes
 * its own fields in the order PLAN.md lists them. (Virtual methods rather than a pattern switch: a type switch
 * bootstraps through invokedynamic, which costs startup time on every create.)
 */
public sealed interface Op {
    /** The opcode of native/PLAN.md. */
    int code();

    /** Writes the fields after the opcode. */
    default void writeFields(PlanWriter out) {}

    /** A short description for error messages: "mount tmpfs on dev". */
    String describe();

    record SetNs(String path, long nsType) implements Op {
        public int code() { return 1; }
        public void writeFields(PlanWriter out) { out.str(path); out.i64(nsType); }
        public String describe() { return "setns " + path; }
    }

    record Unshare(long flags) implements Op {
        public int code() { return 2; }
        public void writeFields(PlanWriter out) { out.i64(flags); }
        public String describe() { return "unshare"; }
    }

    /** {@code dropGroups}: setgroups(0) as the namespace's new root; not for a rootless caller (runc's nsexec). */
    record SyncIdmap(boolean dropGroups) implements Op {
        public int code() { return 3; }
        public void writeFields(PlanWriter out) { out.i64(dropGroups ? 1 : 0); }
        public String describe() { return "write uid/gid mappings"; }
    }

    record TimeOffsets(long monoSec, long monoNsec, long bootSec, long bootNsec) implements Op {
        public int code() { return 4; }
        public void writeFields(PlanWriter out) { out.i64(monoSec); out.i64(monoNsec); out.i64(bootSec); out.i64(bootNsec); }
        public String describe() { return "write timens_offsets"; }
    }

    /**
     * {@code dumpableForController}: the child is dumpable until the controller's ack, so that an unprivileged
     * controller can write its /proc files (oom_score_adj of a rootless container; runc writes it from inside).
     */
    record Fork(boolean dumpableForController) implements Op {
        public Fork() {
            this(false);
        }

        public int code() { return 5; }
        public void writeFields(PlanWriter out) { out.i64(dumpableForController ? 1 : 0); }
        public String describe() { return "fork"; }
    }

    record Setsid() implements Op {
        public int code() { return 6; }
        public String describe() { return "setsid"; }
    }

    record SetPropagation(String path, long flags) implements Op {
        public int code() { return 7; }
        public void writeFields(PlanWriter out) { out.str(path); out.i64(flags); }
        public String describe() { return "set mount propagation of " + path; }
    }

    record BindRootfs(String rootfs) implements Op {
        public int code() { return 8; }
        public void writeFields(PlanWriter out) { out.str(rootfs); }
        public String describe() { return "bind mount rootfs " + rootfs; }
    }

    record Mount(String source, String targetInRoot, String fsType, long flags, String data, TargetKind targetKind,
                 long remountFlags, long propagationFlags) implements Op {
        public int code() { return 9; }
        public void writeFields(PlanWriter out) {
            out.str(source); out.str(targetInRoot); out.str(fsType); out.i64(flags); out.str(data);
            out.i64(targetKind.code); out.i64(remountFlags); out.i64(propagationFlags);
        }
        public String describe() { return "mount " + (fsType.isEmpty() ? "" : fsType + " ") + "on " + targetInRoot; }
    }

    /** A detached copy of a bind source, idmapped through a user namespace with these maps (runs first). */
    record IdmappedTree(String source, String uidMap, String gidMap, boolean recursiveTree, boolean recursiveIdmap)
            implements Op {
        public int code() { return 38; }
        public void writeFields(PlanWriter out) {
            out.str(source); out.str(uidMap); out.str(gidMap); out.i64(recursiveTree ? 1 : 0); out.i64(recursiveIdmap ? 1 : 0);
        }
        public String describe() { return "idmapped mount of " + source; }
    }

    /** Attaches the {@code slot}th IdmappedTree at the target, then its flags and propagation as Mount does. */
    record MountTree(int slot, String targetInRoot, TargetKind targetKind, long remountFlags, long propagationFlags)
            implements Op {
        public int code() { return 39; }
        public void writeFields(PlanWriter out) {
            out.i64(slot); out.str(targetInRoot); out.i64(targetKind.code);
            out.i64(remountFlags); out.i64(propagationFlags);
        }
        public String describe() { return "move_mount on " + targetInRoot; }
    }

    /** mount_setattr(AT_RECURSIVE) on the mount at the target: the recursive options (rro, rnosuid, ...). */
    record MountSetattr(String targetInRoot, long attrSet, long attrClear) implements Op {
        public int code() { return 40; }
        public void writeFields(PlanWriter out) { out.str(targetInRoot); out.i64(attrSet); out.i64(attrClear); }
        public String describe() { return "mount_setattr on " + targetInRoot; }
    }

    record Mknod(String pathInRoot, long mode, long major, long minor, long uid, long gid) implements Op {
        public int code() { return 10; }
        public void writeFields(PlanWriter out) {
            out.str(pathInRoot); out.i64(mode); out.i64(major); out.i64(minor); out.i64(uid); out.i64(gid);
        }
        public String describe() { return "mknod " + pathInRoot; }
    }

    record Symlink(String target, String linkInRoot) implements Op {
        public int code() { return 11; }
        public void writeFields(PlanWriter out) { out.str(target); out.str(linkInRoot); }
        public String describe() { return "symlink " + linkInRoot; }
    }

    record PivotRoot() implements Op {
        public int code() { return 12; }
        public String describe() { return "pivot_root"; }
    }

    /** --no-pivot: a host procfs or sysfs mount of the namespace's copy, detached (or covered) before MoveRoot. */
    record DetachMount(String path) implements Op {
        public int code() { return 46; }
        public void writeFields(PlanWriter out) { out.str(path); }
        public String describe() { return "detach the host's " + path; }
    }

    /** A tmpfs: opens the directory at the target before the tmpfs covers it (kept for FinishTmpfs). */
    record OpenCoveredDir(String targetInRoot) implements Op {
        public int code() { return 51; }
        public void writeFields(PlanWriter out) { out.str(targetInRoot); }
        public String describe() { return "open " + targetInRoot + " before a tmpfs covers it"; }
    }

    /**
     * A tmpfs after its mount: with {@code copyUp} the covered directory's content copied in (tmpcopyup); the
     * covered directory's mode; then, when {@code remountFlags} is not 0 (a read-only tmpfs), a bind remount.
     */
    record FinishTmpfs(String targetInRoot, boolean copyUp, long remountFlags) implements Op {
        public int code() { return 52; }
        public void writeFields(PlanWriter out) { out.str(targetInRoot); out.i64(copyUp ? 1 : 0); out.i64(remountFlags); }
        public String describe() { return (copyUp ? "tmpcopyup: copy into " : "finish tmpfs on ") + targetInRoot; }
    }

    /** A plain detached copy of a bind source, taken as host root before a new user namespace (runs first). */
    record BindTree(String source, boolean recursive) implements Op {
        public int code() { return 54; }
        public void writeFields(PlanWriter out) { out.str(source); out.i64(recursive ? 1 : 0); }
        public String describe() { return "open_tree " + source; }
    }

    /** stdio given to the process's uid, keeping its group, before the ids change (runc's fixStdioPermissions). */
    record FixStdio(long uid) implements Op {
        public int code() { return 53; }
        public void writeFields(PlanWriter out) { out.i64(uid); }
        public String describe() { return "chown stdio"; }
    }

    /** No mount namespace: chroot into the root fd (the host's namespace keeps its root). */
    record Chroot() implements Op {
        public int code() { return 50; }
        public String describe() { return "chroot"; }
    }

    record MoveRoot() implements Op {
        public int code() { return 13; }
        public String describe() { return "move root (--no-pivot)"; }
    }

    record MaskPath(String path) implements Op {
        public int code() { return 14; }
        public void writeFields(PlanWriter out) { out.str(path); }
        public String describe() { return "mask " + path; }
    }

    record ReadonlyPath(String path) implements Op {
        public int code() { return 15; }
        public void writeFields(PlanWriter out) { out.str(path); }
        public String describe() { return "make read-only " + path; }
    }

    record RemountReadonly(String path) implements Op {
        public int code() { return 16; }
        public void writeFields(PlanWriter out) { out.str(path); }
        public String describe() { return "remount read-only " + path; }
    }

    record SetHostname(String name) implements Op {
        public int code() { return 17; }
        public void writeFields(PlanWriter out) { out.str(name); }
        public String describe() { return "sethostname"; }
    }

    record SetDomainname(String name) implements Op {
        public int code() { return 18; }
        public void writeFields(PlanWriter out) { out.str(name); }
        public String describe() { return "setdomainname"; }
    }

    record WriteProc(String pathUnderProc, String value) implements Op {
        public int code() { return 19; }
        public void writeFields(PlanWriter out) { out.str(pathUnderProc); out.str(value); }
        public String describe() { return "write /proc/" + pathUnderProc; }
    }

    record BoundingSet(long keepMask) implements Op {
        public int code() { return 20; }
        public void writeFields(PlanWriter out) { out.i64(keepMask); }
        public String describe() { return "drop bounding capabilities"; }
    }

    /** {@code setGroups}: false leaves the groups as they are (a rootless container cannot set them, as runc). */
    record SetIds(long uid, long gid, List<Long> additionalGids, boolean setGroups) implements Op {
        public SetIds(long uid, long gid, List<Long> additionalGids) {
            this(uid, gid, additionalGids, true);
        }

        public int code() { return 21; }
        public void writeFields(PlanWriter out) {
            out.i64(uid); out.i64(gid);
            out.u32(additionalGids.size());
            for (Long g : additionalGids) out.str(Long.toString(g));
            out.i64(setGroups ? 1 : 0);
        }
        public String describe() { return "set uid/gid/groups"; }
    }

    record SetCaps(long effective, long permitted, long inheritable, long ambient) implements Op {
        public int code() { return 22; }
        public void writeFields(PlanWriter out) { out.i64(effective); out.i64(permitted); out.i64(inheritable); out.i64(ambient); }
        public String describe() { return "set capabilities"; }
    }

    record NoNewPrivs() implements Op {
        public int code() { return 23; }
        public String describe() { return "set no_new_privs"; }
    }

    record Umask(long mask) implements Op {
        public int code() { return 24; }
        public void writeFields(PlanWriter out) { out.i64(mask); }
        public String describe() { return "umask"; }
    }

    /** chdir; {@code when}: ALWAYS, TRY (a permission error is remembered, not fatal), or IF_REFUSED (after a TRY that was). */
    record Chdir(String path, long when) implements Op {
        static final long ALWAYS = 0;
        static final long TRY = 1;
        static final long IF_REFUSED = 2;

        public Chdir(String path) { this(path, ALWAYS); }
        public int code() { return 25; }
        public void writeFields(PlanWriter out) { out.str(path); out.i64(when); }
        public String describe() { return "chdir " + path; }
    }

    record ResolveExec(List<String> args, List<String> env) implements Op {
        public int code() { return 26; }
        public void writeFields(PlanWriter out) { out.list(args); out.list(env); }
        public String describe() { return "exec " + (args.isEmpty() ? "" : args.getFirst()); }
    }

    record OpenExecFifo(String hostPath) implements Op {
        public int code() { return 27; }
        public void writeFields(PlanWriter out) { out.str(hostPath); }
        public String describe() { return "open exec fifo"; }
    }

    record WaitStartExec() implements Op {
        public int code() { return 28; }
        public String describe() { return "wait for start"; }
    }

    /** The container's /proc checked to be a procfs, where runc checks /proc/self/fd (its finalizeNamespace). */
    record CheckProcfs() implements Op {
        public int code() { return 56; }
        public String describe() { return "check /proc is a procfs"; }
    }

    /** process.cwd made if missing, as runc's MkdirAll: each directory resolved in the root, none through a dangling symlink. */
    record MkdirAll(String pathInRoot, long mode) implements Op {
        public int code() { return 55; }
        public void writeFields(PlanWriter out) { out.str(pathInRoot); out.i64(mode); }
        public String describe() { return "mkdir " + pathInRoot; }
    }

    record LoopbackUp() implements Op {
        public int code() { return 29; }
        public String describe() { return "bring up lo"; }
    }

    /** The filter program (BPF) is binary; records compare arrays by identity, which the plan never needs. */
    record LoadSeccomp(byte[] bpf, long flags) implements Op {
        public int code() { return 31; }
        public void writeFields(PlanWriter out) { out.blob(bpf); out.i64(flags); }
        public String describe() { return "load seccomp filter"; }
    }

    record Console(long rows, long cols, boolean bindConsole) implements Op {
        public int code() { return 32; }
        public void writeFields(PlanWriter out) { out.i64(rows); out.i64(cols); out.i64(bindConsole ? 1 : 0); }
        public String describe() { return "set up the terminal"; }
    }

    record Personality(long persona) implements Op {
        public int code() { return 33; }
        public void writeFields(PlanWriter out) { out.i64(persona); }
        public String describe() { return "personality"; }
    }

    record IoPriority(long value) implements Op {
        public int code() { return 34; }
        public void writeFields(PlanWriter out) { out.i64(value); }
        public String describe() { return "ioprio_set"; }
    }

    record Scheduler(long policy, long nice, long priority, long flags, long runtime, long deadline, long period)
            implements Op {
        public int code() { return 35; }
        public void writeFields(PlanWriter out) {
            out.i64(policy); out.i64(nice); out.i64(priority); out.i64(flags); out.i64(runtime); out.i64(deadline); out.i64(period);
        }
        public String describe() { return "sched_setattr"; }
    }

    record CpuAffinity(byte[] mask) implements Op {
        public int code() { return 36; }
        public void writeFields(PlanWriter out) { out.blob(mask); }
        public String describe() { return "sched_setaffinity"; }
    }

    /**
     * The label the kernel gives the process at execve: written to /proc/PID/attr/ATTR (fallback ATTR when the
     * first is missing), PID being the init's own, through the checked procfs.
     */
    record ExecLabel(String attr, String fallbackAttr, String value) implements Op {
        public int code() { return 42; }
        public void writeFields(PlanWriter out) { out.str(attr); out.str(fallbackAttr); out.str(value); }
        public String describe() { return "write /proc/self/attr/" + attr; }
    }

    /**
     * Opens the container's cgroup for the process to join at FORK: a v1 directory's "tasks" file (written
     * "0" by the child itself) or the v2 directory (clone3's CLONE_INTO_CGROUP).
     */
    record OpenCgroup(String dir, boolean v2) implements Op {
        public int code() { return 43; }
        public void writeFields(PlanWriter out) { out.str(dir); out.i64(v2 ? 1 : 0); }
        public String describe() { return "open cgroup " + dir; }
    }

    /** Opens a namespace to join after the fork, while its /proc path is still the host's. */
    record OpenNs(String path) implements Op {
        public int code() { return 44; }
        public void writeFields(PlanWriter out) { out.str(path); }
        public String describe() { return "open " + path; }
    }

    /** setns to the {@code index}th namespace OpenNs opened. */
    record SetNsOpened(int index, long nsType) implements Op {
        public int code() { return 45; }
        public void writeFields(PlanWriter out) { out.i64(index); out.i64(nsType); }
        public String describe() { return "setns"; }
    }

    /** set_mempolicy(mode | flags, nodes): linux.memoryPolicy; an empty mask passes no nodes. */
    record MemoryPolicy(long modeAndFlags, byte[] nodes) implements Op {
        public int code() { return 41; }
        public void writeFields(PlanWriter out) { out.i64(modeAndFlags); out.blob(nodes); }
        public String describe() { return "set_mempolicy"; }
    }

    /** A hook run by the init in the container's namespaces: kind 0 createContainer, 1 startContainer. */
    record RunHook(int kind, String path, List<String> args, List<String> env, long timeoutSeconds) implements Op {
        public int code() { return 37; }
        public void writeFields(PlanWriter out) {
            out.i64(kind); out.str(path); out.list(args); out.list(env); out.i64(timeoutSeconds);
        }
        public String describe() { return "hook " + path; }
    }

    /** --debug: the init reports when it had read the plan and how long each op took (native/PLAN.md). */
    record RecordTimes() implements Op {
        public int code() { return 57; }
        public String describe() { return "record times"; }
    }

    record ExecNow() implements Op {
        public int code() { return 30; }
        public String describe() { return "execve"; }
    }

    /**
     * What the init creates when a mount target is missing; ORDINARY_DIRECTORY is a directory that must not be
     * anything else when it exists (proc and sysfs: no symlink there, CVE-2019-19921).
     */
    enum TargetKind {
        DIRECTORY(0), FILE(1), ORDINARY_DIRECTORY(2);

        final int code;

        TargetKind(int code) {
            this.code = code;
        }
    }
}
