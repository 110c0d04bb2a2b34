package dev.crema.container;

import dev.crema.cgroups.Cgroup;
import dev.crema.cgroups.CgroupLayout;
import dev.crema.cgroups.ResourceWriter;
import dev.crema.db.ContainerLock;
import dev.crema.db.ContainerState;
import dev.crema.db.Liveness;
import dev.crema.db.ProcessIdentity;
import dev.crema.db.StateStore;
import dev.crema.db.Timestamps;
import dev.crema.plan.Caller;
import dev.crema.invocation.Invocation;
import dev.crema.plan.CreateRequest;
import dev.crema.plan.Plan;
import dev.crema.plan.PlanCompiler;
import dev.crema.resctrl.IntelRdt;
import dev.crema.spec.POSIXRlimit;
import dev.crema.spec.Spec;
import dev.crema.spec.SpecParser;
import dev.crema.sys.Errno;
import dev.crema.sys.Processes;
import dev.crema.sys.SyscallException;
import dev.crema.systemd.Systemd;
import dev.crema.systemd.SystemdScope;
import dev.crema.systemd.SystemdUnit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * create: everything is validated and compiled before anything is made on the host; then the state dir, the
 * cgroup, the resctrl group, the exec fifo and the init, in that order; any failure undoes all of it (no state
 * dir, no cgroup or resctrl group, no process left behind).
 */
public final class Create {
    public static final String EXEC_FIFO = "exec.fifo";

    private Create() {}

    /** Creates the container and returns the host pid of its process (blocked until start). */
    public static int create(StateStore store, CreateOptions options) {
        return create(store, options, PhaseTimes.OFF);
    }

    /** As {@link #create(StateStore, CreateOptions)}, adding the time of each phase to {@code times}. */
    public static int create(StateStore store, CreateOptions options, PhaseTimes times) {
        long t = times.now();
        store.validateId(options.id());
        Path bundle = bundleDirectory(options.bundle());
        Spec spec = SpecParser.parseFile(bundle.resolve("config.json"));
        Path rootfs = rootfs(spec, bundle);
        t = times.lap(PhaseTimes.PARSE, t);
        String cgroupsPath = spec.linux() == null ? "" : spec.linux().cgroupsPath();
        CgroupLayout layout = CgroupLayout.detect();
        SystemdUnit unit = options.systemdCgroup() ? SystemdUnit.parse(cgroupsPath, options.id()) : null;
        // every hierarchy the container would have; a rootless container uses only those its caller may write
        Cgroup allHierarchies = unit != null ? layout.systemdUnit(unit.cgroupPath())
                : layout.cgroup(cgroupsPath, options.id(), options.rootlessCgroups());
        Cgroup cgroup = unit != null ? allHierarchies
                : RootlessCgroup.select(allHierarchies, cgroupsPath, options.rootlessCgroups());
        t = times.lap(PhaseTimes.CGROUPS, t);
        Path dir = store.containerDir(options.id());
        Caller caller = Caller.self();
        Plan plan = PlanCompiler.compile(spec, new CreateRequest(rootfs, bundle, dir.resolve(EXEC_FIFO),
                options.noPivot(), CgroupMounts.of(cgroup, allHierarchies), options.console() != null, unit == null, caller));
        if (times.on()) plan = plan.recordingTimes();
        if (spec.process() != null && !spec.process().args().isEmpty()) {
            dev.crema.plan.ProcessEnv.check(spec.process().env(), spec.process().args().getFirst(), "process");
        }
        String capsWarning = spec.process() == null || spec.process().capabilities() == null ? null
                : spec.process().capabilities().unknownWarning();
        if (capsWarning != null && options.warn() != null) options.warn().accept(capsWarning);
        if (options.warn() != null) {
            for (String warning : dev.crema.spec.Mount.relativeDestinationWarnings(spec.mounts())) options.warn().accept(warning);
        }
        // as runc: a console socket is for the pty master of a process with a terminal, nothing else
        if (options.console() instanceof ConsoleTarget.Socket && (spec.process() == null || !spec.process().terminal())) {
            throw ContainerException.invalid(Exec.CONSOLE_SOCKET_UNUSED + " (process.terminal is false)");
        }
        t = times.lap(PhaseTimes.PLAN, t);
        if (options.debug() != null) options.debug().accept("init plan for " + options.id() + ":\n" + plan.dump());
        t = times.now(); // the debug output is no phase
        IntelRdt rdt = intelRdt(spec, options.id());
        // an existing cgroup: frozen is refused (the container could never start), holding processes only warned of,
        // once the id is known to be free (as runc, which says only "already exists" for a taken id)
        List<String> cgroupWarnings = cgroup.checkExisting();
        t = times.lap(PhaseTimes.CGROUPS, t);
        // as runc: no systemd, no --systemd-cgroup, said before anything is made
        try (Systemd bus = unit == null ? null : SystemdScope.connect(); ContainerLock lock = store.createExclusive(options.id())) {
            for (String warning : cgroupWarnings) {
                if (options.warn() != null) options.warn().accept(warning);
            }
            ContainerState state = ContainerState.creating(options.id(), bundle.toString(), rootfs.toString(),
                    spec.annotations(), cgroup.leafPaths(), unit == null ? cgroup.missingDirs() : List.of(),
                    rdt == null ? List.of() : rdt.taskDirs(), rdt == null ? List.of() : rdt.missingDirs(),
                    self(), Timestamps.now());
            store.save(state);
            times.lap(PhaseTimes.STATE, t);
            try {
                return createInit(store, state, spec, plan, cgroup, rdt, options, caller, allHierarchies,
                        bus == null ? null : new Scope(bus, unit, layout.isUnified()), times);
            } catch (RuntimeException e) {
                // with --systemd-cgroup the saved state names the scope once this create started it, not before:
                // a scope of that name that another container holds is not this create's to stop
                ContainerState latest = unit == null ? null : store.loadOrNull(options.id());
                Cleanup.afterFailedCreate(store, latest != null ? latest : state, cgroup, rdt);
                throw e;
            }
        }
    }

    /**
     * A memory limit below what the container's process needs before exec: runc refuses it when it writes the limit
     * after the process joined ("unable to set memory limit"); crema writes limits first, so the process is killed
     * by the OOM killer while the init sets it up. Null when the cgroup's OOM kill count did not change.
     */
    private static String oomKilled(Spec spec, Cgroup.OomKills before, Cgroup.OomKills after) {
        if (after == null || after.count() <= (before == null ? 0 : before.count())) return null;
        dev.crema.spec.LinuxResources resources = spec.linux() == null ? null : spec.linux().resources();
        Long limit = resources == null || resources.memory() == null ? null : resources.memory().limit();
        return (limit == null ? "linux.resources.memory" : "linux.resources.memory.limit") + ": the container's process"
                + " was killed by the OOM killer of cgroup " + after.dir() + " before the container was ready"
                + (limit == null ? "" : " (limit " + limit + " bytes)");
    }

    /** linux.intelRdt checked against the host's resctrl, before anything is made; null without it. */
    private static IntelRdt intelRdt(Spec spec, String id) {
        if (spec.linux() == null || spec.linux().intelRdt() == null) return null;
        IntelRdt rdt = IntelRdt.onHost(id, spec.linux().intelRdt());
        rdt.validate();
        return rdt;
    }

    /** The systemd scope a --systemd-cgroup container's cgroups are: made once its process exists. */
    private record Scope(Systemd systemd, SystemdUnit unit, boolean unified) {}

    private static int createInit(StateStore store, ContainerState state, Spec spec, Plan plan, Cgroup cgroup,
                                  IntelRdt rdt, CreateOptions options, Caller caller, Cgroup allHierarchies, Scope scope,
                                  PhaseTimes times) {
        long t = times.now();
        List<String> cgroupDirs = new java.util.ArrayList<>();
        if (scope == null) {
            cgroupDirs.addAll(cgroup.create());
            if (spec.linux().resources() != null) {
                RootlessCgroup.applyResources(cgroup, allHierarchies, spec.linux().resources(), options.rootlessCgroups());
            }
        }
        if (rdt != null) {
            rdt.create();
            rdt.applySchemata();
        }
        t = times.lap(PhaseTimes.CGROUPS, t);
        Path fifo = store.containerDir(options.id()).resolve(EXEC_FIFO);
        dev.crema.sys.Fds.mkfifo(fifo.toString(), 0622);
        times.lap(PhaseTimes.STATE, t);
        InitProcess init = new InitProcess(plan, options.preserveFds(), times);
        Cgroup.OomKills oomKillsBefore = cgroup.oomKills();
        init.run(new InitProcess.Host() {

            @Override
            public String earlyExitCause() {
                return oomKilled(spec, oomKillsBefore, cgroup.oomKills());
            }

            @Override
            public void writeIdMappings(int pid) {
                long t = times.now();
                IdMappings.write(pid, spec.linux(), caller);
                times.lap(PhaseTimes.NAMESPACES, t);
            }

            @Override
            public void prepareContainerProcess(int pid) {
                long t = times.now();
                if (scope == null) {
                    cgroup.addProcess(pid, plan.cgroupsJoinedByInit());
                } else {
                    SystemdScope.start(scope.systemd(), scope.unit(), cgroup, scope.unified(), pid, spec.linux().resources(),
                            new SystemdScope.Started() {
                                @Override
                                public void started(List<String> dirs) {
                                    // saved at once: from here on delete (or the cleanup of a failed create) stops it
                                    cgroupDirs.addAll(dirs);
                                    store.save(state.withSystemdUnit(scope.unit().unitName()).withCgroupDirs(dirs));
                                }
                            });
                }
                if (rdt != null) rdt.addProcess(pid);
                t = times.lap(PhaseTimes.CGROUPS, t);
                ContainerProcess.applyRlimits(pid, spec.process().rlimits());
                if (spec.process().oomScoreAdj() != null) {
                    writeProc(pid, "oom_score_adj", Integer.toString(spec.process().oomScoreAdj()),
                            "process.oomScoreAdj");
                }
                t = times.lap(PhaseTimes.EXEC, t);
                runCreateHooks(spec, state, pid);
                times.lap(PhaseTimes.HOOKS, t);
            }

            @Override
            public void consoleMaster(int fd) {
                ContainerProcess.handOverConsole(options.console(), fd);
            }

            @Override
            public void seccompListener(int pid, int fd) {
                long t = times.now();
                ContainerProcess.sendSeccompListener(spec.linux().seccomp(), StateView.of(state, Status.CREATING, pid), pid, fd);
                times.lap(PhaseTimes.EXEC, t);
            }

            @Override
            public String[] hookStates(int pid) {
                if (spec.hooks() == null) return new String[] {"", ""};
                long t = times.now();
                String[] states = {
                        spec.hooks().createContainer().isEmpty() ? "" : hookState(state, Status.CREATING, pid),
                        spec.hooks().startContainer().isEmpty() ? "" : hookState(state, Status.CREATED, pid)};
                times.lap(PhaseTimes.HOOKS, t);
                return states;
            }
        });
        t = times.now();
        int pid = init.containerPid();
        dev.crema.spec.Hooks hooks = spec.hooks() == null ? dev.crema.spec.Hooks.NONE : spec.hooks();
        dev.crema.spec.Hooks later = new dev.crema.spec.Hooks(List.of(), List.of(), List.of(), List.of(),
                hooks.poststart(), hooks.poststop());
        ContainerState made = (rdt == null ? state : state.withResctrlDirs(rdt.createdDirs())).withCgroupDirs(cgroupDirs);
        if (scope != null) made = made.withSystemdUnit(scope.unit().unitName());
        store.save(made.created(new ProcessIdentity(pid, Liveness.startTimeOf(pid)), later));
        if (options.pidFile() != null) ContainerProcess.writePidFile(options.pidFile(), pid);
        times.lap(PhaseTimes.STATE, t);
        return pid;
    }

    private static ProcessIdentity self() {
        int pid = Liveness.selfPid();
        return new ProcessIdentity(pid, Liveness.startTimeOf(pid));
    }

    /**
     * prestart and createRuntime: the container's namespaces exist and it waits, not yet pivoted into its root
     * (runtime-spec "createRuntime"); they run in crema's namespaces with status "creating".
     */
    private static void runCreateHooks(Spec spec, ContainerState state, int pid) {
        if (spec.hooks() == null) return;
        dev.crema.spec.State now = StateView.of(state, Status.CREATING, pid);
        Hooks.run("prestart", spec.hooks().prestart(), now);
        Hooks.run("createRuntime", spec.hooks().createRuntime(), now);
    }

    private static String hookState(ContainerState state, String status, int pid) {
        return StateView.of(state, status, pid).toSpecJson();
    }

    /**
     * --bundle as an absolute path, refused in runc's words when it is no directory (runc chdirs into it first:
     * "chdir DIR: no such file or directory", words engines parse).
     */
    static Path bundleDirectory(Path given) {
        Path bundle = Invocation.current().absolute(given).normalize();
        if (!Files.isDirectory(bundle)) {
            String words = Files.exists(bundle) ? Errno.text(Errno.ENOTDIR) : Errno.text(Errno.ENOENT);
            throw ContainerException.invalid("--bundle " + given + ": chdir " + given + ": " + words);
        }
        return bundle;
    }

    /** root.path resolved against the bundle: an existing directory, or a ConfigException-style error naming it. */
    public static Path rootfs(Spec spec, Path bundle) {
        if (spec.root() == null || spec.root().path() == null || spec.root().path().isEmpty()) {
            throw ContainerException.invalid("root.path: required");
        }
        if (spec.root().path().indexOf('\0') >= 0) {
            throw ContainerException.invalid("root.path: contains a NUL character, which no system call can take");
        }
        Path rootfs = bundle.resolve(spec.root().path()).normalize();
        // in runc's words: "stat ROOTFS: no such file or directory" (engines parse them), or "not a directory"
        if (!Files.exists(rootfs)) throw ContainerException.invalid("root.path: stat " + rootfs + ": " + Errno.text(Errno.ENOENT));
        if (!Files.isDirectory(rootfs)) throw ContainerException.invalid("root.path: " + rootfs + ": " + Errno.text(Errno.ENOTDIR));
        try {
            return rootfs.toRealPath();
        } catch (IOException e) {
            throw new ContainerException("root.path: " + rootfs + ": " + e.getMessage(), e);
        }
    }

    static void writeProc(int pid, String file, String value, String field) {
        try {
            Files.writeString(Path.of("/proc/" + pid + "/" + file), value, StandardCharsets.US_ASCII);
        } catch (java.nio.file.AccessDeniedException e) {
            // a rootless caller: the waiting container process is not dumpable, so its /proc files are root's
            throw new ContainerException(field + ": write /proc/" + pid + "/" + file + ": permission denied"
                    + (Caller.self().rootlessEuid() ? " (crema writes it from outside the container, which a rootless "
                    + "caller cannot)" : ""), e);
        } catch (IOException e) {
            throw new ContainerException(field + ": write /proc/" + pid + "/" + file + ": " + e.getMessage(), e);
        }
    }
}
