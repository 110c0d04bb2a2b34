package dev.crema.api;

import dev.crema.cgroups.OomWatch;
import dev.crema.container.ConsoleTarget;
import dev.crema.container.Create;
import dev.crema.container.Delete;
import dev.crema.container.Events;
import dev.crema.container.Exec;
import dev.crema.container.Kill;
import dev.crema.container.Pause;
import dev.crema.container.Ps;
import dev.crema.container.Signals;
import dev.crema.container.Start;
import dev.crema.container.StateView;
import dev.crema.container.Update;
import dev.crema.db.ProcessIdentity;
import dev.crema.db.StateStore;
import dev.crema.db.StoreException;
import dev.crema.spec.Capability;
import dev.crema.spec.ConfigException;
import dev.crema.spec.LinuxResources;
import dev.crema.spec.SpecParser;
import dev.crema.sys.Errno;
import dev.crema.sys.Fds;
import dev.crema.sys.Processes;
import dev.crema.sys.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
    /** Host pids of the container and exec'd processes this runtime started as their subreaper, not yet reaped. */
    private final Set<Integer> children = new HashSet<>();
    /** Those of {@link #children} a thread is waiting for (in waitpid): delete then leaves the reaping to it. */
    private final Set<Integer> waiting = new HashSet<>();

    private CremaRuntime(StateStore store, RuntimeOptions options) {
        this.store = store;
        this.options = options;
    }

    /** The runtime at {@code root} (crema's default is /run/crema), with {@link RuntimeOptions#defaults()}. */
    public static CremaRuntime open(Path root) {
        return open(root, RuntimeOptions.defaults());
    }

    /** The runtime at {@code root}; the directory is made by the first create if it does not exist. */
    public static CremaRuntime open(Path root, RuntimeOptions options) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(options, "options");
        return new CremaRuntime(new StateStore(root.toAbsolutePath()), options);
    }

    public Path root() {
        return store.root();
    }

    /** Whether a container of that id is under the root (its state directory exists). */
    public boolean exists(String id) {
        return store.exists(id);
    }

    /**
     * create: validates the bundle's config.json, makes the cgroup and the container's init, and returns once the
     * init waits for {@link #start} (status "created"). Returns the host pid of the container process. On failure
     * nothing is left behind (no state, cgroup, process).
     */
    public int create(CreateOptions create) {
        Objects.requireNonNull(create, "create");
        ConsoleTarget console = target(create.console());
        try {
            if (options.subreaper()) Processes.becomeSubreaper();
            int pid = Create.create(store, new dev.crema.container.CreateOptions(create.id(), create.bundle(),
                    create.pidFile(), create.noPivot(), create.preserveFds(), debugSink(), console,
                    new DiagnosticsSink(options.diagnostics(), false)));
            handOver(create.console(), console);
            remember(pid);
            return pid;
        } catch (RuntimeException e) {
            closeKeptMaster(console);
            throw Errors.of(create.id(), e);
        }
    }

    /** start: the init execs the user's program (status "running"). Failed poststart hooks are warnings. */
    public void start(String id) {
        try {
            warn(Start.start(store, id));
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
        if (pid > 0) reapIfExited(pid);
    }

    /**
     * exec: a new process in the container (created, running, or paused with ignorePaused), which joins its
     * namespaces, cgroup and seccomp filter. Returns its host pid at once; {@link #waitForProcess} waits for it.
     */
    public int exec(String id, ExecOptions exec) {
        Objects.requireNonNull(exec, "exec");
        ConsoleTarget console = target(exec.console());
        try {
            String capsWarning = capabilitiesWarning(exec);
            if (capsWarning != null) options.diagnostics().warning(capsWarning);
            if (options.subreaper()) Processes.becomeSubreaper();
            int pid = Exec.exec(store, id, new dev.crema.container.ExecOptions(exec.processFile(), exec.args(),
                    exec.cwd(), exec.env(), exec.user(), exec.additionalGids(), exec.caps(), exec.noNewPrivileges(),
                    exec.pidFile(), exec.preserveFds(), exec.tty(), console, exec.apparmorProfile(),
                    exec.processLabel(), exec.ignorePaused(), exec.cgroups(), debugSink()));
            handOver(exec.console(), console);
            remember(pid);
            return pid;
        } catch (RuntimeException e) {
            closeKeptMaster(console);
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
        } catch (ConfigException e) {
            throw Errors.invalid(id, "--resources: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw Errors.of(id, e);
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
            Map<String, Object> event = Events.stats(store, id);
            if (event == null) throw Errors.wrongState(id, notRunning(id));
            return stats(id, event);
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
            OomWatch oom = Events.watchOom(store, id);
            for (boolean first = true; ; first = false) {
                Map<String, Object> event;
                try {
                    event = Events.stats(store, id);
                } catch (StoreException e) {
                    if (first) throw e;
                    event = null; // deleted while watched: the stream ends, as runc's
                }
                if (event == null) {
                    if (first) throw Errors.wrongState(id, notRunning(id));
                    if (oom != null) reportOoms(id, oom.await(0), listener);
                    return;
                }
                listener.onEvent(stats(id, event));
                if (!waitInterval(id, oom, millis, listener)) return;
            }
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
        return waitFor(init.pid(), init);
    }

    /** Waits for a process {@link #exec} started (or a container's, by host pid); see {@link #waitForExit}. */
    public ExitStatus waitForProcess(int pid) {
        return waitFor(pid, null);
    }

    private ExitStatus waitFor(int pid, ProcessIdentity identity) {
        boolean ours;
        synchronized (children) {
            ours = children.contains(pid);
            if (ours) waiting.add(pid);
        }
        if (ours) {
            // our unreaped child: its pid cannot have been reused, and waitpid gives its status
            try {
                return ExitStatus.ofWaitStatus(Processes.waitpid(pid, 0)[1]);
            } catch (SyscallException e) {
                if (e.errno() == Errno.ECHILD) return ExitStatus.UNKNOWN;
                throw Errors.of(null, e);
            } finally {
                synchronized (children) {
                    waiting.remove(pid);
                    children.remove(pid);
                }
            }
        }
        int pidfd;
        try {
            pidfd = Processes.pidfdOpen(pid);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ESRCH) return ExitStatus.UNKNOWN; // already gone
            throw Errors.of(null, e);
        }
        try {
            // the pidfd pins the process: if its start time still matches, it is the container's
            if (identity != null && !dev.crema.db.Liveness.isAlive(identity)) return ExitStatus.UNKNOWN;
            while (!Processes.pidfdWaitExit(pidfd, 1000)) {
                // poll again: each wait is bounded so that a stuck call stays visible in a thread dump
            }
            return ExitStatus.UNKNOWN;
        } finally {
            Fds.close(pidfd);
        }
    }

    private void remember(int pid) {
        if (!options.subreaper()) return;
        synchronized (children) {
            children.add(pid);
        }
    }

    /** The pid of the container's init if it is an unreaped child of ours, else 0. */
    private int ownChildOf(String id) {
        synchronized (children) {
            if (children.isEmpty()) return 0;
        }
        try {
            dev.crema.db.ContainerState state = store.loadOrNull(id);
            if (state == null || state.init() == null) return 0;
            synchronized (children) {
                return children.contains(state.init().pid()) ? state.init().pid() : 0;
            }
        } catch (RuntimeException e) {
            return 0; // delete says what is wrong with it
        }
    }

    /** After delete: the container process is gone, and its zombie is ours to reap unless a waiter does it. */
    private void reapIfExited(int pid) {
        synchronized (children) {
            if (waiting.contains(pid) || !children.contains(pid)) return;
        }
        try {
            if (Processes.waitpid(pid, Processes.WNOHANG)[0] == 0) return; // still running: a later wait reaps it
        } catch (SyscallException e) {
            // not ours any more
        }
        synchronized (children) {
            children.remove(pid);
        }
    }

    private static Event.Stats stats(String id, Map<String, Object> event) {
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) event.get("data");
        return new Event.Stats(id, data);
    }

    private static String notRunning(String id) {
        return "container " + id + " is not running";
    }

    /** Waits out one interval, reporting OOMs the moment they come; false when the thread was interrupted. */
    private static boolean waitInterval(String id, OomWatch oom, long millis, EventListener listener) {
        if (oom == null) {
            try {
                Thread.sleep(millis);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        long due = System.nanoTime() + millis * 1_000_000;
        for (long left = millis; left > 0; left = Math.ceilDiv(due - System.nanoTime(), 1_000_000L)) {
            reportOoms(id, oom.await(left), listener);
            if (Thread.currentThread().isInterrupted()) return false;
        }
        return true;
    }

    private static void reportOoms(String id, int count, EventListener listener) {
        for (int i = 0; i < count; i++) listener.onEvent(new Event.Oom(id));
    }

    private void warn(List<String> warnings) {
        for (String warning : warnings) options.diagnostics().warning(warning);
    }

    private DiagnosticsSink debugSink() {
        return options.diagnostics().debugEnabled() ? new DiagnosticsSink(options.diagnostics(), true) : null;
    }

    private static ConsoleTarget target(Console console) {
        if (console == null) return null;
        if (console instanceof Console.Socket socket) return new ConsoleTarget.Socket(socket.path());
        return new ConsoleTarget.Relay();
    }

    /** The pty master the init made, to the caller's {@link Console.Pty}. */
    private static void handOver(Console console, ConsoleTarget target) {
        if (console instanceof Console.Pty pty) pty.set(((ConsoleTarget.Relay) target).master());
    }

    private static void closeKeptMaster(ConsoleTarget target) {
        if (target instanceof ConsoleTarget.Relay relay && relay.master() >= 0) {
            try {
                Fds.close(relay.master());
            } catch (RuntimeException ignored) {
                // nothing more to give back
            }
        }
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
