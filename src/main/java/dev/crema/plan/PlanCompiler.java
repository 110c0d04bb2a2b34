package dev.crema.plan;

import dev.crema.spec.Linux;
import dev.crema.spec.LinuxTimeOffset;
import dev.crema.spec.Mount;
import dev.crema.spec.Process;
import dev.crema.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles a validated config into the init plan, in the order runc's init does the same work: namespaces,
 * fork into the new pid namespace, rootfs (mounts, devices, pivot_root), paths and sysctls, then credentials,
 * and last the wait for start. Everything decided here; the init only executes.
 */
public final class PlanCompiler {
    private static final String DEFAULT_ORIGIN = "runtime default";
    /** The origin of WAIT_START, which the controller names in its own words when it fails. */
    public static final String WAIT_START_ORIGIN = "mounts (/proc)";

    private final Spec spec;
    private final CreateRequest request;
    private final Linux linux;
    private final Process process;
    private final NamespaceSet namespaces;
    private final List<Step> steps = new ArrayList<>();
    private final List<MountOptions> mountOptions = new ArrayList<>();
    /** Per mount: the index of its idmapped tree, or -1. */
    private int[] treeSlots;

    private PlanCompiler(Spec spec, CreateRequest request) {
        this.spec = spec;
        this.request = request;
        this.linux = spec.linux();
        this.process = spec.process();
        this.namespaces = NamespaceSet.of(linux.namespaces());
    }

    /** Checks what crema cannot apply (naming the field) and returns the plan. */
    public static Plan compile(Spec spec, CreateRequest request) {
        Unsupported.check(spec);
        if (spec.process() == null) throw new PlanException("process: required to create a container");
        if (spec.linux() == null) throw new PlanException("linux: required on Linux");
        PlanCompiler compiler = new PlanCompiler(spec, request);
        compiler.validate();
        compiler.build();
        return new Plan(List.copyOf(compiler.steps));
    }

    private void add(Op op, String origin) {
        steps.add(new Step(op, origin));
    }

    private void validate() {
        rootfsIsNoSymlink();
        // as runc: without a mount namespace of its own the container cannot hide or protect paths
        if (!namespaces.has(Kernel.CLONE_NEWNS) && (!linux.maskedPaths().isEmpty() || !linux.readonlyPaths().isEmpty())) {
            throw new PlanException("linux.maskedPaths: unable to restrict sys entries without a private MNT namespace");
        }
        RootlessChecks.requireUserNamespace(namespaces, request.caller());
        boolean userns = namespaces.creates(Kernel.CLONE_NEWUSER);
        if (userns && (linux.uidMappings().isEmpty() || linux.gidMappings().isEmpty())) {
            throw new PlanException("linux.uidMappings: a new user namespace needs uidMappings and gidMappings");
        }
        if (!userns && (!linux.uidMappings().isEmpty() || !linux.gidMappings().isEmpty())) {
            throw new PlanException("linux.uidMappings: mappings are only valid with a new user namespace");
        }
        if (!linux.timeOffsets().isEmpty() && !namespaces.creates(Kernel.CLONE_NEWTIME)) {
            throw new PlanException("linux.timeOffsets: needs a new time namespace");
        }
        // a UTS namespace joined by path is the container's own as well (runc sets the hostname there)
        if (notEmpty(spec.hostname()) && !namespaces.has(Kernel.CLONE_NEWUTS)) {
            throw new PlanException("hostname: unable to set hostname without a private UTS namespace");
        }
        if (notEmpty(spec.domainname()) && !namespaces.has(Kernel.CLONE_NEWUTS)) {
            throw new PlanException("domainname: unable to set domainname without a private UTS namespace");
        }
        if (process.args().isEmpty()) throw new PlanException("process.args: must not be empty");
        if (process.terminal() && !request.hasConsoleTarget()) {
            throw new PlanException("process.terminal: cannot allocate a tty for a detached container without --console-socket");
        }
        if (process.cwd() == null || !process.cwd().startsWith("/")) {
            throw new PlanException("process.cwd: must be an absolute path, got \"" + process.cwd() + "\"");
        }
        for (Map.Entry<String, String> sysctl : linux.sysctl().entrySet()) {
            Sysctls.check(sysctl.getKey(), namespaces);
        }
        for (int i = 0; i < spec.mounts().size(); i++) {
            mountOptions.add(MountOptions.parse(spec.mounts().get(i).options(), "mounts[" + i + "].options"));
        }
        RootlessChecks.check(spec, namespaces, request.caller(), mountOptions);
    }

    private void build() {
        // Opened before any setns: a joined mount namespace could hide the host's state directory.
        add(new Op.OpenExecFifo(request.execFifo().toString()), DEFAULT_ORIGIN + " (exec fifo)");
        cgroupsJoinedAtFork();
        idmappedTrees();
        for (NamespaceSet.Join join : namespaces.joins()) {
            add(new Op.SetNs(join.path(), join.flag()), "linux.namespaces[" + join.index() + "] (" + join.type() + ")");
        }
        if (namespaces.creates(Kernel.CLONE_NEWUSER)) {
            add(new Op.Unshare(Kernel.CLONE_NEWUSER), "linux.namespaces (user)");
            add(new Op.SyncIdmap(!request.caller().rootlessEuid()), "linux.uidMappings");
        }
        long others = namespaces.newFlags() & ~(Kernel.CLONE_NEWUSER | Kernel.CLONE_NEWCGROUP);
        if (others != 0) add(new Op.Unshare(others), "linux.namespaces");
        timeOffsets();
        // A new pid namespace applies to children only: the container process is the init's child, pid 1 there.
        add(new Op.Fork(request.caller().rootlessEuid() && process.oomScoreAdj() != null),
                DEFAULT_ORIGIN + " (container process)");
        // The controller puts the child in its cgroup before acking the fork; only then is a cgroup namespace
        // rooted at the container's cgroup.
        if (namespaces.creates(Kernel.CLONE_NEWCGROUP)) add(new Op.Unshare(Kernel.CLONE_NEWCGROUP), "linux.namespaces (cgroup)");
        add(new Op.Setsid(), DEFAULT_ORIGIN + " (new session)");
        rootfs();
        if (notEmpty(spec.hostname())) add(new Op.SetHostname(spec.hostname()), "hostname");
        if (notEmpty(spec.domainname())) add(new Op.SetDomainname(spec.domainname()), "domainname");
        for (Map.Entry<String, String> sysctl : linux.sysctl().entrySet()) {
            add(new Op.WriteProc("sys/" + sysctl.getKey().replace('.', '/'), sysctl.getValue()),
                    "linux.sysctl[\"" + sysctl.getKey() + "\"]");
        }
        for (int i = 0; i < linux.readonlyPaths().size(); i++) {
            add(new Op.ReadonlyPath(linux.readonlyPaths().get(i)), "linux.readonlyPaths[" + i + "]");
        }
        for (int i = 0; i < linux.maskedPaths().size(); i++) {
            add(new Op.MaskPath(linux.maskedPaths().get(i)), "linux.maskedPaths[" + i + "] (" + linux.maskedPaths().get(i) + ")");
        }
        // as runc (finalizeRootfs): only in a mount namespace of the container's; the host's root stays as it is
        if (spec.root() != null && spec.root().readonly() && namespaces.has(Kernel.CLONE_NEWNS)) add(new Op.RemountReadonly("/"), "root.readonly");
        if (namespaces.creates(Kernel.CLONE_NEWNET)) add(new Op.LoopbackUp(), "linux.namespaces (network)");
        // inherited by the process and its children; like the scheduler, set before exec from the init
        if (linux.memoryPolicy() != null) add(MemoryPolicyCompiler.compile(linux.memoryPolicy()), "linux.memoryPolicy");
        if (linux.personality() != null) {
            add(new Op.Personality(linux.personality().domain().equals("LINUX32") ? 0x0008 : 0x0000), "linux.personality");
        }
        ProcessSteps.credentialsAndProgram(process, linux.seccomp() == null ? null : SeccompFilter.compile(linux.seccomp()),
                true, !request.caller().rootlessEuid(), steps);
        // the exec fifo is reopened through the container's /proc, as runc does: a container needs one
        add(new Op.WaitStartExec(), WAIT_START_ORIGIN);
        containerHooks(1, "startContainer");
        add(new Op.ExecNow(), "process.args");
    }

    /**
     * The container process enters its cgroups as it is born, without the controller writing cgroup.procs
     * (whose first write waits out an RCU grace period, the largest part of create): v1 by a "tasks" file
     * opened now, as host root; v2 by CLONE_INTO_CGROUP, which checks the forking process's own credentials
     * and cgroup namespace at the fork, so only when the init is still host root in the host's cgroup
     * namespace then. What the init does not do, the controller does after the fork.
     */
    private void cgroupsJoinedAtFork() {
        if (!request.cgroupsExistAtFork()) return;
        List<CgroupLeaf> leaves = new ArrayList<>();
        for (CgroupMount hierarchy : request.cgroupMounts()) {
            if (hierarchy.joined()) leaves.add(new CgroupLeaf(hierarchy.containerCgroupDir(), hierarchy.fsType().equals("cgroup2")));
        }
        openCgroups(leaves, !namespaces.has(Kernel.CLONE_NEWUSER) && !namespaces.joins(Kernel.CLONE_NEWCGROUP), steps);
    }

    /**
     * OPEN_CGROUP steps for the leaves the init can put the process in at FORK: every v1 one, and the v2 one
     * when the forking init is still host root in the host's cgroup namespace (CLONE_INTO_CGROUP checks both).
     */
    static void openCgroups(List<CgroupLeaf> leaves, boolean hostCredentialsAtFork, List<Step> out) {
        for (CgroupLeaf leaf : leaves) {
            if (!leaf.v2() || hostCredentialsAtFork) {
                out.add(new Step(new Op.OpenCgroup(leaf.dir(), leaf.v2()), "linux.cgroupsPath (" + leaf.dir() + ")"));
            }
        }
    }

    /**
     * Idmapped mounts need the host's user namespace (the kernel checks CAP_SYS_ADMIN over the source's
     * superblock), and with a user namespace any bind source may be out of the container root's reach, so
     * their detached copies are made before any namespace is entered; each mount remembers its slot.
     */
    private void idmappedTrees() {
        List<Mount> mounts = spec.mounts();
        treeSlots = new int[mounts.size()];
        int slots = 0;
        for (int i = 0; i < mounts.size(); i++) {
            String field = "mounts[" + i + "]";
            Op tree = new MountCompiler(request, namespaces, steps, linux.mountLabel())
                    .tree(mounts.get(i), mountOptions.get(i), linux, field);
            treeSlots[i] = tree == null ? -1 : slots++;
            if (tree != null) add(tree, field + " (" + mounts.get(i).destination() + ")");
        }
    }

    /**
     * runc refuses a root.path that is or passes through a symlink (its rootfs must be its real path); the
     * bundle directory itself may be reached through one (runc works from its real path). A missing rootfs is
     * reported where it is used.
     */
    private void rootfsIsNoSymlink() {
        if (spec.root() == null || !Files.exists(request.rootfs())) return;
        try {
            Path given = Path.of(spec.root().path());
            Path expected = given.isAbsolute() ? given.normalize() : request.bundle().toRealPath().resolve(given).normalize();
            if (!expected.equals(request.rootfs().toRealPath())) {
                throw new PlanException("root.path: invalid rootfs: not an absolute path, or a symlink");
            }
        } catch (java.io.IOException e) {
            throw new PlanException("root.path: " + e.getMessage());
        }
    }

    private void containerHooks(int kind, String name) {
        if (spec.hooks() == null) return;
        List<dev.crema.spec.Hooks.Hook> hooks = kind == 0 ? spec.hooks().createContainer() : spec.hooks().startContainer();
        for (int i = 0; i < hooks.size(); i++) {
            dev.crema.spec.Hooks.Hook h = hooks.get(i);
            List<String> args = h.args().isEmpty() ? List.of(h.path()) : h.args();
            add(new Op.RunHook(kind, h.path(), args, h.env(), h.timeout() == null ? 0 : h.timeout()),
                    "hooks." + name + "[" + i + "] (" + h.path() + ")");
        }
    }

    private void timeOffsets() {
        if (linux.timeOffsets().isEmpty()) return;
        LinuxTimeOffset mono = linux.timeOffsets().get("monotonic");
        LinuxTimeOffset boot = linux.timeOffsets().get("boottime");
        for (String clock : linux.timeOffsets().keySet()) {
            if (!clock.equals("monotonic") && !clock.equals("boottime")) {
                throw new PlanException("linux.timeOffsets." + clock + ": only monotonic and boottime can be offset");
            }
        }
        add(new Op.TimeOffsets(mono == null ? 0 : mono.secs(), mono == null ? 0 : mono.nanosecs(),
                boot == null ? 0 : boot.secs(), boot == null ? 0 : boot.nanosecs()), "linux.timeOffsets");
    }

    private void rootfs() {
        boolean ownMountNamespace = namespaces.has(Kernel.CLONE_NEWNS);
        long rootPropagation = MountOptions.rootfsPropagation(linux.rootfsPropagation());
        if (ownMountNamespace) {
            // The host must not see the container's mounts: slave (or what the config asks) before anything else.
            long propagation = rootPropagation != 0 ? rootPropagation : Kernel.MS_SLAVE | Kernel.MS_REC;
            add(new Op.SetPropagation("/", propagation), "linux.rootfsPropagation");
            privateRootfsParent(propagation);
        }
        add(new Op.BindRootfs(request.rootfs().toString()), "root.path");
        boolean devIsBound = false;
        int readonlyDev = -1;
        List<Mount> mounts = spec.mounts();
        for (int i = 0; i < mounts.size(); i++) {
            Mount mount = mounts.get(i);
            String origin = "mounts[" + i + "] (" + mount.destination() + ")";
            MountOptions options = mountOptions.get(i);
            if (inRoot(mount.destination()).equals("dev")) {
                devIsBound |= options.isBind();
                // runc makes /dev read-only at the end (finalizeRootfs), once its submounts and nodes exist
                if ((options.flags() & Kernel.MS_RDONLY) != 0 && ownMountNamespace) {
                    readonlyDev = i;
                    options = options.withoutReadonly();
                }
            }
            new MountCompiler(request, namespaces, steps, linux.mountLabel()).compile(mount, options, origin, treeSlots[i]);
        }
        if (!devIsBound) {
            // as runc: in a user namespace, new or the one crema runs in (rootless podman), mknod is refused
            boolean bindDevices = namespaces.creates(Kernel.CLONE_NEWUSER) || request.caller().inUserNamespace();
            new DeviceCompiler(bindDevices, steps).compile(linux.devices());
        }
        // createContainer: in the container's namespaces, its mounts made, the path still the runtime's, and (as
        // runc) the rootfs as the working directory
        if (spec.hooks() != null && !spec.hooks().createContainer().isEmpty()) {
            add(new Op.Chdir(request.rootfs().toString()), "hooks.createContainer (working directory)");
        }
        containerHooks(0, "createContainer");
        // as runc (prepareRootfs): a missing cwd is made, by root, mode 0755 less the caller's umask (runc's init
        // inherits it; crema-init runs with umask 0), after the mounts and createContainer hooks; here before the
        // root changes, each directory resolved inside the rootfs
        if (!inRoot(process.cwd()).isEmpty()) {
            add(new Op.MkdirAll(inRoot(process.cwd()), 0755 & ~CallerUmask.read()), "process.cwd");
        }
        if (!ownMountNamespace) {
            add(new Op.Chroot(), "linux.namespaces (no mount namespace)");
        } else {
            if (request.noPivot()) {
                for (String hostMount : HostPseudoMounts.outside(request.rootfs())) add(new Op.DetachMount(hostMount), "--no-pivot");
            }
            add(request.noPivot() ? new Op.MoveRoot() : new Op.PivotRoot(), request.noPivot() ? "--no-pivot" : "root.path");
        }
        // runc 1.1 applies rootfsPropagation to "/" only before the rootfs bind, not again after pivot_root (a
        // container asking for rshared still gets a private root there, measured in DropInIT)
        if (process.terminal()) add(Terminal.console(process, true), "process.terminal");
        if (readonlyDev >= 0) add(new Op.RemountReadonly("/dev"), "mounts[" + readonlyDev + "] (/dev)");
    }

    /**
     * As runc: the mount holding the rootfs is made private if it would be shared, so pivot_root accepts the
     * rootfs (it refuses a shared parent) and the rootfs bind does not propagate back to the host. Only a
     * rootfsPropagation that can leave it shared needs the host's mountinfo read.
     */
    private void privateRootfsParent(long propagation) {
        boolean recursiveNotShared = (propagation & Kernel.MS_REC) != 0 && (propagation & Kernel.MS_SHARED) == 0;
        if (recursiveNotShared) return;
        RootfsParentMount parent = RootfsParentMount.of(request.rootfs());
        if (parent != null && parent.sharedAfter(propagation)) {
            add(new Op.SetPropagation(parent.mountPoint(), Kernel.MS_PRIVATE), "linux.rootfsPropagation (parent of root.path)");
        }
    }

    /** A config destination as a path relative to the rootfs ("/proc" and "proc" both become "proc"). */
    static String inRoot(String destination) {
        int start = 0;
        while (start < destination.length() && destination.charAt(start) == '/') start++;
        return destination.substring(start);
    }

    static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    /** False for a path with a NUL too (no such file), which the plan encoder then refuses naming its field. */
    static boolean isDirectory(String hostPath) {
        return hostPath.indexOf('\0') < 0 && Files.isDirectory(Path.of(hostPath));
    }
}
