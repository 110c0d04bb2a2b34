package dev.crema.container;

import dev.crema.cgroups.Cgroup;
import dev.crema.db.ContainerState;
import dev.crema.db.StateStore;
import dev.crema.plan.ExecPlanCompiler;
import dev.crema.plan.Plan;
import dev.crema.resctrl.IntelRdt;
import dev.crema.spec.ConfigException;
import dev.crema.spec.LinuxCapabilities;
import dev.crema.spec.Process;
import dev.crema.spec.Spec;
import dev.crema.spec.SpecParser;
import dev.crema.spec.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * exec: a new process in a running container, through crema-init with a plan that joins the container's
 * namespaces and cgroup and becomes the process (process.json, or the container's own process with the
 * command line's overrides). The controller also puts it in the container's Intel RDT groups, as runc does.
 */
public final class Exec {
    private static final String[] NAMESPACES = {"user", "ipc", "uts", "net", "pid", "cgroup", "time", "mnt"};

    /** runc's words when a console socket would not be used: a foreground process, or one without a terminal. */
    public static final String CONSOLE_SOCKET_UNUSED =
            "--console-socket: cannot use console socket if crema will not detach or allocate tty";

    private Exec() {}

    /** Starts the process and returns its host pid. */
    public static int exec(StateStore store, String id, ExecOptions options) {
        return exec(store, id, options, PhaseTimes.OFF);
    }

    /** As {@link #exec(StateStore, String, ExecOptions)}, adding the time of each phase to {@code times}. */
    public static int exec(StateStore store, String id, ExecOptions options, PhaseTimes times) {
        long t = times.now();
        ContainerState state = store.load(id);
        String status = Status.of(store, state);
        t = times.lap(PhaseTimes.STATE, t);
        if (status.equals(Status.PAUSED) && !options.ignorePaused()) {
            throw ContainerException.wrongState("cannot exec in a paused container (use --ignore-paused to override)");
        }
        if (!status.equals(Status.RUNNING) && !status.equals(Status.CREATED) && !status.equals(Status.PAUSED)) {
            throw ContainerException.wrongState("cannot exec in a " + status + " container");
        }
        List<String> leafPaths = SubCgroups.leaves(state.cgroupPaths(), options.subCgroups());
        List<dev.crema.plan.CgroupLeaf> leaves = cgroupLeaves(leafPaths);
        Cgroup cgroup = Cgroup.ofLeaves(leafPaths);
        t = times.lap(PhaseTimes.CGROUPS, t);
        Spec config = SpecParser.parseFile(Path.of(state.bundle(), "config.json"));
        Process process = withLabels(options.processFile() != null ? fromFile(options.processFile()) : fromConfig(config, options),
                options);
        if (!process.terminal() && options.console() instanceof ConsoleTarget.Socket) {
            throw ContainerException.invalid(CONSOLE_SOCKET_UNUSED);
        }
        if (process.terminal() && options.console() == null) {
            throw ContainerException.invalid("process.terminal: cannot allocate a tty for a detached process without --console-socket");
        }
        t = times.lap(PhaseTimes.PARSE, t);
        List<ExecPlanCompiler.Join> joins = joins(state.init().pid());
        for (ExecPlanCompiler.Join join : joins) {
            if (join.type().equals("user")) MappedUser.check(state.init().pid(), process.user());
        }
        t = times.lap(PhaseTimes.NAMESPACES, t);
        // the container's seccomp filter applies to what is exec'd into it, as with runc
        Plan plan = ExecPlanCompiler.compile(joins, leaves, process,
                config.linux() == null ? null : config.linux().seccomp(), mayEnterGroups(state.init().pid()));
        dev.crema.plan.ProcessEnv.check(process.env(), process.args().getFirst(), "process"); // after the plan's own checks
        if (times.on()) plan = plan.recordingTimes();
        Plan timed = plan;
        times.lap(PhaseTimes.PLAN, t);
        if (options.debug() != null) options.debug().accept("init plan for exec in " + id + ":\n" + plan.dump());
        InitProcess init = new InitProcess(plan, options.preserveFds(), times);
        init.run(new InitProcess.Host() {

            @Override
            public void writeIdMappings(int pid) {
                throw new ContainerException("exec: the plan asked for new id mappings; it joins the container's");
            }

            @Override
            public void prepareContainerProcess(int pid) {
                long t = times.now();
                cgroup.addProcess(pid, timed.cgroupsJoinedByInit());
                if (!state.resctrlGroups().isEmpty()) IntelRdt.addProcess(state.resctrlGroups(), pid);
                t = times.lap(PhaseTimes.CGROUPS, t);
                ContainerProcess.applyRlimits(pid, process.rlimits());
                // the container's, whatever process.json says: runc exec applies its config's oom_score_adj too, and
                // without it an exec'd process keeps its caller's (under containerd, the shim's: the CRI's
                // ExecSync would run outside the score the kubelet gave the pod)
                if (config.process().oomScoreAdj() != null) {
                    Create.writeProc(pid, "oom_score_adj", Integer.toString(config.process().oomScoreAdj()),
                            "process.oomScoreAdj");
                }
                times.lap(PhaseTimes.EXEC, t);
            }

            @Override
            public void consoleMaster(int fd) {
                ContainerProcess.handOverConsole(options.console(), fd);
            }

            @Override
            public void seccompListener(int pid, int fd) {
                long t = times.now();
                ContainerProcess.sendSeccompListener(config.linux().seccomp(),
                        StateView.of(state, Status.RUNNING, state.init().pid()), pid, fd);
                times.lap(PhaseTimes.EXEC, t);
            }
        });
        int pid = init.containerPid();
        if (options.pidFile() != null) {
            t = times.now();
            ContainerProcess.writePidFile(options.pidFile(), pid);
            times.lap(PhaseTimes.STATE, t);
        }
        // exec mounts nothing and runs no hook: those phases show as zero, so exec lists the nine phases create does
        times.add(PhaseTimes.MOUNTS, 0);
        times.add(PhaseTimes.HOOKS, 0);
        return pid;
    }

    /**
     * As runc's setupUser: a rootless caller sets no groups, nor does anyone where the container's user namespace
     * denies setgroups (a rootless container's single-id mapping).
     */
    private static boolean mayEnterGroups(int initPid) {
        if (dev.crema.plan.Caller.self().rootlessEuid()) return false;
        try {
            return !Files.readString(Path.of("/proc/" + initPid + "/setgroups")).trim().equals("deny");
        } catch (java.io.IOException e) {
            return true; // no such file: no user namespace of its own to deny it
        }
    }

    /** The process's cgroup directories (existing ones); v2 ones are those with cgroup.controllers. */
    private static List<dev.crema.plan.CgroupLeaf> cgroupLeaves(List<String> paths) {
        List<dev.crema.plan.CgroupLeaf> leaves = new ArrayList<>();
        for (String dir : paths) {
            if (Files.isDirectory(Path.of(dir))) {
                leaves.add(new dev.crema.plan.CgroupLeaf(dir, Files.exists(Path.of(dir, "cgroup.controllers"))));
            }
        }
        return leaves;
    }

    /** Every namespace the container's init is in that differs from ours (those it created or joined). */
    static List<ExecPlanCompiler.Join> joins(int initPid) {
        List<ExecPlanCompiler.Join> joins = new ArrayList<>();
        for (String ns : NAMESPACES) {
            Path theirs = Path.of("/proc/" + initPid + "/ns/" + ns);
            try {
                if (!Files.readSymbolicLink(theirs).equals(Files.readSymbolicLink(Path.of("/proc/self/ns/" + ns)))) {
                    joins.add(new ExecPlanCompiler.Join(ns, theirs.toString()));
                }
            } catch (IOException e) {
                throw new ContainerException("exec: cannot read " + theirs + ": " + e.getMessage(), e);
            }
        }
        return joins;
    }

    /** --apparmor and --process-label replace the process's own, as in runc; the plan then checks them. */
    private static Process withLabels(Process p, ExecOptions o) {
        if (o.apparmorProfile() == null && o.processLabel() == null) return p;
        return new Process(p.terminal(), p.consoleSize(), p.user(), p.args(), p.commandLine(), p.env(), p.cwd(),
                p.capabilities(), p.rlimits(), p.noNewPrivileges(),
                o.apparmorProfile() != null ? o.apparmorProfile() : p.apparmorProfile(), p.oomScoreAdj(),
                o.processLabel() != null ? o.processLabel() : p.selinuxLabel(), p.ioPriority(), p.scheduler(),
                p.execCPUAffinity());
    }

    private static Process fromFile(Path file) {
        try {
            return SpecParser.parseProcessFile(file);
        } catch (ConfigException e) {
            throw new ContainerException(ContainerException.Kind.INVALID, "--process " + file + ": " + e.getMessage(), e);
        }
    }

    /** The container's process from its config.json, with the command line's overrides, as runc builds it. */
    static Process fromConfig(Spec config, ExecOptions o) {
        if (o.args().isEmpty()) throw ContainerException.invalid("exec: command cannot be empty (give args or --process)");
        Process base = config.process();
        User user = user(base.user(), o.user(), o.additionalGids());
        LinuxCapabilities caps = base.capabilities();
        if (!o.caps().isEmpty()) {
            LinuxCapabilities b = caps != null ? caps : new LinuxCapabilities(List.of(), List.of(), List.of(), List.of(), List.of());
            caps = new LinuxCapabilities(plus(b.bounding(), o.caps()), plus(b.effective(), o.caps()), b.inheritable(),
                    plus(b.permitted(), o.caps()), b.ambient());
        }
        return new Process(o.tty(), o.tty() ? base.consoleSize() : null, user, o.args(), null, env(base.env(), o.env()),
                o.cwd() != null ? o.cwd() : base.cwd(), caps, base.rlimits(), base.noNewPrivileges() || o.noNewPrivs(),
                base.apparmorProfile(), null, base.selinuxLabel(), null, null, null);
    }

    /**
     * "uid" or "uid:gid", numeric, as runc takes it: an empty --user changes nothing; the gid is parsed first;
     * numbers are Go's ints cut to 32 bits (runc's uint32), and then must be at most 2^31-1.
     */
    private static User user(User base, String spec, List<Long> extraGids) {
        long uid = base.uid();
        long gid = base.gid();
        if (spec != null && !spec.isEmpty()) {
            String[] parts = spec.split(":", 2);
            if (parts.length == 2) gid = GoInts.atoi(parts[1], "--user " + spec + ": parsing " + parts[1] + " as int for gid failed") & 0xffffffffL;
            uid = GoInts.atoi(parts[0], "--user " + spec + ": parsing " + parts[0] + " as int for uid failed") & 0xffffffffL;
            // runc's init: "unable to setup user: uids and gids must be in range 0-2147483647"
            if (uid > Integer.MAX_VALUE || gid > Integer.MAX_VALUE) {
                throw ContainerException.invalid("--user " + spec + ": uids and gids must be in range 0-" + Integer.MAX_VALUE);
            }
        }
        List<Long> groups = new ArrayList<>(base.additionalGids());
        groups.addAll(extraGids);
        return new User(uid, gid, base.umask(), groups, null);
    }

    /** The container's env with --env entries added, a later KEY= replacing an earlier one. */
    private static List<String> env(List<String> base, List<String> extra) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (List<String> list : List.of(base, extra)) {
            for (String entry : list) {
                int eq = entry.indexOf('=');
                byKey.put(eq < 0 ? entry : entry.substring(0, eq), entry);
            }
        }
        return List.copyOf(byKey.values());
    }

    private static List<String> plus(List<String> set, List<String> extra) {
        List<String> out = new ArrayList<>(set);
        for (String cap : extra) {
            String name = cap.startsWith("CAP_") ? cap : "CAP_" + cap;
            if (!out.contains(name)) out.add(name);
        }
        return out;
    }
}
