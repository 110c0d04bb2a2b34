package dev.crema.api;

import dev.crema.container.ConsoleTarget;
import dev.crema.container.Create;
import dev.crema.container.Delete;
import dev.crema.container.Exec;
import dev.crema.container.Kill;
import dev.crema.container.PhaseTimes;
import dev.crema.container.Pause;
import dev.crema.container.Ps;
import dev.crema.container.Signals;
import dev.crema.container.Start;
import dev.crema.container.StateView;
import dev.crema.container.Update;
import dev.crema.db.ProcessIdentity;
import dev.crema.db.StateStore;
import dev.crema.spec.Capability;
import dev.crema.spec.LinuxResources;
import dev.crema.spec.SpecParser;
import dev.crema.invocation.Invocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * crema as a library: the OCI lifecycle of the containers under one runtime root, for a JVM program. It is the
 * layer the crema command itself is built on, with the same db and the same per-container locks, so
 * {@code crema list} and {@code crema state} see the containers made here and this sees theirs.
 *
 * <pre>{@code
 * CremaRuntime crema = CremaRuntime.open(Path.of("/run/crema"));
 * crema.create(CreateOptions.of("web", Path.of("/srv/bundles/web")));
 * crema.start("web");
 * ExitStatus exit = crema.waitForExit("web");
 * crema.delete("web");
 * }</pre>
 *
 * <p>Nothing about the containers is kept in this object: every call reads the db and the kernel, so another
 * process (the crema command, another JVM) may change a container between two calls. It is thread-safe: threads
 * may work on different containers at once, and operations that change one container (create, start, delete,
 * pause, resume, update) take its lock, which serialises them with each other and with crema commands in other
 * processes. kill, exec, state and events take no lock, as with runc.
 *
 * <p>Failures are {@link CremaException}s, whose message is the crema command's for the same failure. The
 * container's init is crema-init, a small C program, and the kernel calls go through libcrema.so: both are found
 * in the directory named by the system property {@code crema.libexec} (docs/library.md says where they are).
 * The calls that read only files (state, list, start) do not load the native library.
 */
public final class CremaRuntime {
    private final StateStore store;
    private final RuntimeOptions options;
    /** The processes started here as their subreaper, until reaped; null when not a subreaper (the CLI's commands). */
    private final ChildProcesses children;

    private CremaRuntime(StateStore store, RuntimeOptions options) {
        this.store = store;
        this.options = options;
        this.children = options.subreaper() ? new ChildProcesses() : null;
    }

    /** The runtime at {@code root} (crema's default is /run/crema), with {@link RuntimeOptions#defaults()}. */
    public static CremaRuntime open(Path root) {
        return open(root, RuntimeOptions.defaults());
    }

    /** The runtime at {@code root}; the directory is made by the first create if it does not exist. */
    public static CremaRuntime open(Path root, RuntimeOptions options) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(options, "options");
        return new CremaRuntime(new StateStore(Invocation.current().absolute(root)), options);
    }

    public Path root() {
        return store.root();
    }

    /** Whether a container of that id is under the root (its state directory exists); false for an invalid id. */
    public boolean exists(String id) {
        try {
            store.validateId(id);
        } catch (RuntimeException invalid) {
            return false; // ".." names a directory, but never a container
        }
        return store.exists(id);
    }

    /**
     * create: validates the bundle's config.json, makes the cgroup and the container's init, and returns once the
     * init waits for {@link #start} (status "created"). Returns the host pid of the container process. On failure
     * nothing is left behind (no state, cgroup, process).
     */
    public int create(CreateOptions create) {
        return create(create, PhaseTimes.OFF);
    }

    /**
     * {@link #create(CreateOptions)}, recording its phases in {@code times}: for the crema command's --debug phase
     * lines ({@code PhaseTimes.recording()}, then printed by the command). A library program has no need of it;
     * PhaseTimes is crema's internal type and may change between versions.
     */
    public int create(CreateOptions create, PhaseTimes times) {
        Objects.requireNonNull(create, "create");
        Objects.requireNonNull(times, "times");
        ConsoleTarget console = Consoles.target(create.console());
        try {
            if (options.subreaper()) Invocation.current().host().becomeSubreaper();
            int pid = Create.create(store, new dev.crema.container.CreateOptions(create.id(), create.bundle(),
                    create.pidFile(), create.noPivot(), create.preserveFds(), debugSink(), console,
                    new DiagnosticsSink(options.diagnostics(), false), create.systemdCgroup(),
                    create.rootlessCgroups()), times);
            Consoles.handOver(create.console(), console);
            remember(pid);
            return pid;
        } catch (RuntimeException e) {
            Consoles.closeKeptMaster(console);
            throw Errors.of(create.id(), e);
        }
    }

    /** start: the init execs the user's program (status "running"). Failed poststart hooks are warnings. */
    public void start(String id) {
        start(id, PhaseTimes.OFF);
    }

    /** {@link #start(String)}, recording its exec phase in {@code times} (see {@link #create(CreateOptions, PhaseTimes)}). */
    public void start(String id, PhaseTimes times) {
        Objects.requireNonNull(times, "times");
        try {
            warn(Start.start(store, id, times));
        } catch (RuntimeException e) {
            throw Errors.of(id, e);
        }
    }

    /** The container's state now (owner "", as {@code crema state} shows it). */
    public ContainerState state(String id) {
        try {
            return ContainerState.of(StateView.of(store, store.load(id)));
        } catch (RuntimeException e) {
            throw Errors.of(id, e);
        }
    }

    /** Every container under the root, by id, with the owner of its state directory (as {@code crema list}). */
    public List<ContainerState> list() {
        try {
            List<ContainerState> states = new ArrayList<>();
            for (dev.crema.db.ContainerState stored : store.list()) {
                dev.crema.spec.State s = StateView.of(store, stored);
                states.add(ContainerState.of(new dev.crema.spec.State(s.ociVersion(), s.id(), s.status(), s.pid(),
                        s.bundle(), s.rootfs(), s.created(), owner(store.containerDir(s.id())), s.annotations())));
            }
            return states;
        } catch (RuntimeException e) {
            throw Errors.of(null, e);
        }
    }

    /**
     * kill: sends {@code signal} to the container's init, through a pidfd checked against the init's start time
     * (so a reused pid is never signalled). As runc, a signal that would end an init still waiting for start is
     * sent as SIGKILL, and SIGKILL thaws a paused container.
     */
    public void kill(String id, int signal) {
        kill(id, signal, false);
    }

    /** kill --all: {@code signal} to every process in the container's cgroup (frozen meanwhile). */
    public void killAll(String id, int signal) {
        kill(id, signal, true);
    }

    private void kill(String id, int signal, boolean all) {
        try {
            Kill.kill(store, id, signal, all);
        } catch (RuntimeException e) {
            throw Errors.of(id, e);
        }
    }

    /** A signal's number from its name (with or without SIG) or number, as {@code crema kill} reads it. */
    public static int signal(String name) {
        try {
            return Signals.parse(name);
        } catch (RuntimeException e) {
            throw Errors.of(null, e);
        }
    }

    /** delete of a stopped or created container: its cgroup and state are removed, poststop hooks run. */
    public void delete(String id) {
        delete(id, false);
    }

    /**
     * delete; with {@code force} a running or paused container is killed first, and a container that does not
     * exist is no error (engines delete twice).
     */
    public void delete(String id, boolean force) {
        int pid = ownChildOf(id);
        try {
            warn(Delete.delete(store, id, force));
        } catch (RuntimeException e) {
            throw Errors.of(id, e);
        }
        if (pid > 0) children.reapIfExited(pid);
    }

    /**
     * exec: a new process in the container (created, running, or paused with ignorePaused), which joins its
     * namespaces, cgroup and seccomp filter. Returns its host pid at once; {@link #waitForProcess} waits for it.
     */
    public int exec(String id, ExecOptions exec) {
        return exec(id, exec, PhaseTimes.OFF);
    }

    /** {@link #exec(String, ExecOptions)}, recording its phases in {@code times} (see {@link #create(CreateOptions, PhaseTimes)}). */
    public int exec(String id, ExecOptions exec, PhaseTimes times) {
        Objects.requireNonNull(exec, "exec");
        Objects.requireNonNull(times, "times");
        ConsoleTarget console = Consoles.target(exec.console());
        try {
            String capsWarning = capabilitiesWarning(exec);
            if (capsWarning != null) options.diagnostics().warning(capsWarning);
            if (options.subreaper()) Invocation.current().host().becomeSubreaper();
            int pid = Exec.exec(store, id, new dev.crema.container.ExecOptions(exec.processFile(), exec.args(),
                    exec.cwd(), exec.env(), exec.user(), exec.additionalGids(), exec.caps(), exec.noNewPrivileges(),
                    exec.pidFile(), exec.preserveFds(), exec.tty(), console, exec.apparmorProfile(),
                    exec.processLabel(), exec.ignorePaused(), exec.cgroups(), debugSink()), times);
            Consoles.handOver(exec.console(), console);
            remember(pid);
            return pid;
        } catch (RuntimeException e) {
            Consoles.closeKeptMaster(console);
            throw Errors.of(id, e);
        }
    }

    /** runc's warning for exec capabilities that are no capability (they are ignored), or null. */
    public static String capabilitiesWarning(ExecOptions exec) {
        return Capability.unknownWarning(List.of(exec.caps()));
    }

    /** pause: freezes every process of a running or created container (its cgroup's freezer). */
    public void pause(String id) {
        try {
            Pause.pause(store, id);
        } catch (RuntimeException e) {
            throw Errors.of(id, e);
        }
    }

    /** resume: thaws a paused container. */
    public void resume(String id) {
        try {
            Pause.resume(store, id);
        } catch (RuntimeException e) {
            throw Errors.of(id, e);
        }
    }

    /** update: writes new resource limits to the cgroup of a container that is not stopped. */
    public void update(String id, Resources resources) {
        Objects.requireNonNull(resources, "resources");
        try {
            LinuxResources parsed = SpecParser.parseResources(resources.tree());
            Update.update(store, id, parsed, resources.l3CacheSchema(), resources.memBwSchema());
        } catch (RuntimeException e) {
            throw Errors.ofUpdate(id, e);
        }
    }

    /** ps: the host pids of every process in the container's cgroup (none once stopped). */
    public List<Integer> pids(String id) {
        try {
            return Ps.pids(store, id);
        } catch (RuntimeException e) {
            throw Errors.of(id, e);
        }
    }

    /** events --stats: the container's cgroup statistics now; a stopped container has none. */
    public Event.Stats stats(String id) {
        try {
            return EventStream.stats(store, id);
        } catch (RuntimeException e) {
            throw Errors.of(id, e);
        }
    }

    /**
     * events: a {@link Event.Stats} every {@code interval}, and an {@link Event.Oom} whenever the kernel's OOM
     * killer acts in the container's memory cgroup, as they come, until the container stops (or is deleted, or
     * the calling thread is interrupted); then it returns. OOMs are watched from before the first stats event, so
     * none after it is missed; an OOM that stopped the container is still reported.
     */
    public void events(String id, Duration interval, EventListener listener) {
        Objects.requireNonNull(listener, "listener");
        long millis = Math.max(1, interval.toMillis());
        try {
            EventStream.run(store, id, millis, listener);
        } catch (RuntimeException e) {
            throw Errors.of(id, e);
        }
    }

    /**
     * Waits for the container process to exit and returns how it ended. The status is known when this runtime
     * made the container as the process's subreaper ({@link RuntimeOptions#subreaper()}); then this also reaps
     * it. For a container another process made, it waits all the same and returns a status that is not
     * {@link ExitStatus#known()}. A container that is already stopped returns at once.
     */
    public ExitStatus waitForExit(String id) {
        ProcessIdentity init;
        try {
            dev.crema.db.ContainerState state = store.load(id);
            init = state.init();
        } catch (RuntimeException e) {
            throw Errors.of(id, e);
        }
        if (init == null) throw Errors.wrongState(id, "container " + id + " is still being created");
        return children().waitFor(init.pid(), init);
    }

    /** Waits for a process {@link #exec} started (or a container's, by host pid); see {@link #waitForExit}. */
    public ExitStatus waitForProcess(int pid) {
        return children().waitFor(pid, null);
    }

    /** Without a subreaper nothing is our child: waits go through a pidfd. */
    private ChildProcesses children() {
        return children != null ? children : new ChildProcesses();
    }

    private void remember(int pid) {
        if (children != null) children.add(pid);
    }

    /** The pid of the container's init if it is an unreaped child of ours, else 0. */
    private int ownChildOf(String id) {
        if (children == null || children.isEmpty()) return 0;
        try {
            dev.crema.db.ContainerState state = store.loadOrNull(id);
            if (state == null || state.init() == null) return 0;
            return children.contains(state.init().pid()) ? state.init().pid() : 0;
        } catch (RuntimeException e) {
            return 0; // delete says what is wrong with it
        }
    }

    private void warn(List<String> warnings) {
        for (String warning : warnings) options.diagnostics().warning(warning);
    }

    private DiagnosticsSink debugSink() {
        return options.diagnostics().debugEnabled() ? new DiagnosticsSink(options.diagnostics(), true) : null;
    }

    /** The user name of the directory's owner from /etc/passwd, else "#UID", as runc's list prints it. */
    private static String owner(Path dir) {
        int uid;
        try {
            uid = (Integer) Files.getAttribute(dir, "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] fields = line.split(":");
                if (fields.length > 2 && fields[2].equals(Integer.toString(uid))) return fields[0];
            }
        } catch (IOException e) {
            // no passwd: the number, as runc's fallback
        }
        return "#" + uid;
    }
}
