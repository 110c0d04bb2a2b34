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
import dev.crema.plan.CreateRequest;
import dev.crema.plan.Plan;
import dev.crema.plan.PlanCompiler;
import dev.crema.resctrl.IntelRdt;
import dev.crema.spec.POSIXRlimit;
import dev.crema.spec.Spec;
import dev.crema.spec.SpecParser;
import dev.crema.sys.Processes;
import dev.crema.sys.SyscallException;
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
        store.validateId(options.id());
        Path bundle = options.bundle().toAbsolutePath().normalize();
        Spec spec = SpecParser.parseFile(bundle.resolve("config.json"));
        Path rootfs = rootfs(spec, bundle);
        Cgroup cgroup = CgroupLayout.detect().cgroup(spec.linux() == null ? "" : spec.linux().cgroupsPath(), options.id());
        Path dir = store.containerDir(options.id());
        Plan plan = PlanCompiler.compile(spec, new CreateRequest(rootfs, bundle, dir.resolve(EXEC_FIFO),
                options.noPivot(), CgroupMounts.of(cgroup), options.console() != null));
        if (spec.process() != null && !spec.process().args().isEmpty()) {
            dev.crema.plan.ProcessEnv.check(spec.process().env(), spec.process().args().getFirst(), "process");
        }
        String capsWarning = spec.process() == null || spec.process().capabilities() == null ? null
                : spec.process().capabilities().unknownWarning();
        if (capsWarning != null && options.warn() != null) options.warn().accept(capsWarning);
        // as runc: a console socket is for the pty master of a process with a terminal, nothing else
        if (options.console() instanceof ConsoleTarget.Socket && (spec.process() == null || !spec.process().terminal())) {
            throw ContainerException.invalid(Exec.CONSOLE_SOCKET_UNUSED + " (process.terminal is false)");
        }
        if (options.debug() != null) options.debug().accept("init plan for " + options.id() + ":\n" + plan.dump());
        IntelRdt rdt = intelRdt(spec, options.id());
        // an existing cgroup: frozen is refused (the container could never start), holding processes only warned of,
        // once the id is known to be free (as runc, which says only "already exists" for a taken id)
        List<String> cgroupWarnings = cgroup.checkExisting();

        try (ContainerLock lock = store.createExclusive(options.id())) {
            for (String warning : cgroupWarnings) {
                if (options.warn() != null) options.warn().accept(warning);
            }
            ContainerState state = ContainerState.creating(options.id(), bundle.toString(), rootfs.toString(),
                    spec.annotations(), cgroup.leafPaths(), cgroup.missingDirs(),
                    rdt == null ? List.of() : rdt.taskDirs(), rdt == null ? List.of() : rdt.missingDirs(),
                    self(), Timestamps.now());
            store.save(state);
            try {
                return createInit(store, state, spec, plan, cgroup, rdt, options);
            } catch (RuntimeException e) {
                Cleanup.afterFailedCreate(store, state, cgroup, rdt);
                throw e;
            }
        }
    }

    /** linux.intelRdt checked against the host's resctrl, before anything is made; null without it. */
    private static IntelRdt intelRdt(Spec spec, String id) {
        if (spec.linux() == null || spec.linux().intelRdt() == null) return null;
        IntelRdt rdt = IntelRdt.onHost(id, spec.linux().intelRdt());
        rdt.validate();
        return rdt;
    }

    private static int createInit(StateStore store, ContainerState state, Spec spec, Plan plan, Cgroup cgroup,
                                  IntelRdt rdt, CreateOptions options) {
        List<String> cgroupDirs = cgroup.create();
        if (spec.linux().resources() != null) new ResourceWriter(cgroup.leafPaths()).apply(spec.linux().resources());
        if (rdt != null) {
            rdt.create();
            rdt.applySchemata();
        }
        Path fifo = store.containerDir(options.id()).resolve(EXEC_FIFO);
        dev.crema.sys.Fds.mkfifo(fifo.toString(), 0622);
        InitProcess init = new InitProcess(plan, options.preserveFds());
        init.run(new InitProcess.Host() {

            @Override
            public void writeIdMappings(int pid) {
                IdMappings.write(pid, spec.linux());
            }

            @Override
            public void prepareContainerProcess(int pid) {
                cgroup.addProcess(pid, plan.cgroupsJoinedByInit());
                if (rdt != null) rdt.addProcess(pid);
                ContainerProcess.applyRlimits(pid, spec.process().rlimits());
                if (spec.process().oomScoreAdj() != null) {
                    writeProc(pid, "oom_score_adj", Integer.toString(spec.process().oomScoreAdj()),
                            "process.oomScoreAdj");
                }
                runCreateHooks(spec, state, pid);
            }

            @Override
            public void consoleMaster(int fd) {
                ContainerProcess.handOverConsole(options.console(), fd);
            }

            @Override
            public void seccompListener(int pid, int fd) {
                ContainerProcess.sendSeccompListener(spec.linux().seccomp(), StateView.of(state, Status.CREATING, pid), pid, fd);
            }

            @Override
            public String[] hookStates(int pid) {
                if (spec.hooks() == null) return new String[] {"", ""};
                return new String[] {
                        spec.hooks().createContainer().isEmpty() ? "" : hookState(state, Status.CREATING, pid),
                        spec.hooks().startContainer().isEmpty() ? "" : hookState(state, Status.CREATED, pid)};
            }
        });
        int pid = init.containerPid();
        dev.crema.spec.Hooks hooks = spec.hooks() == null ? dev.crema.spec.Hooks.NONE : spec.hooks();
        dev.crema.spec.Hooks later = new dev.crema.spec.Hooks(List.of(), List.of(), List.of(), List.of(),
                hooks.poststart(), hooks.poststop());
        ContainerState made = (rdt == null ? state : state.withResctrlDirs(rdt.createdDirs())).withCgroupDirs(cgroupDirs);
        store.save(made.created(new ProcessIdentity(pid, Liveness.startTimeOf(pid)), later));
        if (options.pidFile() != null) ContainerProcess.writePidFile(options.pidFile(), pid);
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

    /** root.path resolved against the bundle: an existing directory, or a ConfigException-style error naming it. */
    public static Path rootfs(Spec spec, Path bundle) {
        if (spec.root() == null || spec.root().path() == null || spec.root().path().isEmpty()) {
            throw ContainerException.invalid("root.path: required");
        }
        if (spec.root().path().indexOf('\0') >= 0) {
            throw ContainerException.invalid("root.path: contains a NUL character, which no system call can take");
        }
        Path rootfs = bundle.resolve(spec.root().path()).normalize();
        if (!Files.isDirectory(rootfs)) {
            throw ContainerException.invalid("root.path: rootfs " + rootfs + " does not exist or is not a directory");
        }
        try {
            return rootfs.toRealPath();
        } catch (IOException e) {
            throw new ContainerException("root.path: " + rootfs + ": " + e.getMessage(), e);
        }
    }

    static void writeProc(int pid, String file, String value, String field) {
        try {
            Files.writeString(Path.of("/proc/" + pid + "/" + file), value, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ContainerException(field + ": write /proc/" + pid + "/" + file + ": " + e.getMessage(), e);
        }
    }
}
