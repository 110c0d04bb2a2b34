package dev.crema.container;

import dev.crema.invocation.CallerFds;
import dev.crema.invocation.Invocation;
import dev.crema.invocation.ProcessHost;
import dev.crema.plan.Op;
import dev.crema.plan.Plan;
import dev.crema.plan.PlanEncoder;
import dev.crema.sys.Fds;
import dev.crema.sys.Install;
import dev.crema.sys.Processes;
import dev.crema.sys.SyscallException;

/**
 * Starts crema-init, sends it the plan and answers its requests until it reports READY (blocked on the exec
 * fifo) or fails. The init's first process (stage 0) is our child; it forks the container process and exits.
 */
final class InitProcess {
    /** What the controller must do for the init at the two points where the init waits for it. */
    interface Host {
        void writeIdMappings(int pid);

        /**
         * The container process exists (forked, still waiting): place it in its cgroup and set what is set from
         * outside. Only it goes into the cgroup, not the first stage, so a pids.max of 1 still lets it start.
         */
        void prepareContainerProcess(int pid);

        /** The pty master of a container with a terminal: the host owns it from here (passes it on or keeps it). */
        void consoleMaster(int fd);

        /** The seccomp notify listener of process {@code pid}: pass it on to the agent, then it is closed. */
        void seccompListener(int pid, int fd);

        /** The state JSON for createContainer and startContainer hooks ("" when there are none). */
        default String[] hookStates(int pid) {
            return new String[] {"", ""};
        }

        /**
         * Why the init may have ended before the container was ready, found on the host (the OOM killer of the
         * container's memory cgroup), naming the config field; null when nothing explains it.
         */
        default String earlyExitCause() {
            return null;
        }
    }

    private final Plan plan;
    private final int preserveFds;
    /** Spawns and reaps stage 0: this JVM, or under a server the client, so the init descends from the caller. */
    private final ProcessHost processes;
    private final PhaseTimes times;
    private int stage0 = -1;
    private int containerPid = -1;
    /** What the init last reported about a file it refused (FOUND), for the ERROR that follows. */
    private FoundFile found;

    /** With recording {@code times}, the plan starts with RecordTimes (Plan.recordingTimes). */
    InitProcess(Plan plan, int preserveFds, PhaseTimes times) {
        this.plan = plan;
        this.preserveFds = preserveFds;
        this.processes = Invocation.current().host();
        this.times = times;
    }

    int stage0() {
        return stage0;
    }

    int containerPid() {
        return containerPid;
    }

    /** Spawns the init and drives it to READY. */
    void run(Host host) {
        byte[] encoded = PlanEncoder.encode(plan);
        InitTimings timings = new InitTimings(plan, times, times.now());
        int[] pair = Fds.socketPair();
        int syncFd = 3 + preserveFds;
        try (InitChannel channel = new InitChannel(pair[0])) {
            try {
                String init = Install.initBinary().toString();
                stage0 = processes.spawn(init, new String[] {"crema-init", Integer.toString(syncFd)}, new String[0],
                        fdMap(pair[1], preserveFds, Invocation.current()));
            } finally {
                Fds.close(pair[1]);
            }
            channel.send(encoded);
            converse(channel, host, timings);
        } catch (dev.crema.sys.SyscallException e) {
            // a write to an init the OOM killer took (EPIPE) says less than the cgroup's count of its kills
            killQuietly(containerPid);
            killQuietly(stage0);
            String cause = host.earlyExitCause();
            if (cause == null) throw e;
            throw new ContainerException(cause, e);
        } catch (RuntimeException e) {
            killQuietly(containerPid);
            killQuietly(stage0);
            throw e;
        } finally {
            reapStage0();
        }
    }

    /**
     * The sync socket dup2'ed to 3 + preserveFds, then a close (source -1) of each number in 3 .. 2 + preserveFds
     * that the caller did not pass: at those numbers the JVM and crema hold files of their own (its runtime
     * image, the container's lock), which must not reach the container (CVE-2024-21626). The closes come after
     * the dup2, whose source may be one of those numbers; crema-init closes everything above the sync fd.
     */
    static int[] fdMap(int syncSource, int preserveFds, Invocation invocation) {
        if (preserveFds > Integer.MAX_VALUE - 3) {
            throw new ContainerException("--preserve-fds " + preserveFds + ": fd 3 + " + preserveFds + " is not a number an fd can have");
        }
        int syncFd = 3 + preserveFds;
        // no fd of this process is at or above its open file limit: no close needed there (nor an array of N)
        int end = invocation.callerPassedAll() ? 3 : (int) Math.min(syncFd, CallerFds.openFilesLimit());
        int[] map = new int[2 + 2 * Math.max(0, end - 3)];
        map[0] = syncSource;
        map[1] = syncFd;
        int n = 2;
        for (int fd = 3; fd < end; fd++) {
            if (invocation.callerPassed(fd)) continue;
            map[n++] = -1;
            map[n++] = fd;
        }
        return java.util.Arrays.copyOf(map, n);
    }

    private void converse(InitChannel channel, Host host, InitTimings timings) {
        while (true) {
            InitChannel.Message message = channel.receive();
            switch (message.type()) {
                case InitChannel.IDMAP_REQUEST -> {
                    host.writeIdMappings((int) message.value());
                    channel.ack();
                }
                case InitChannel.CHILD_PID -> {
                    containerPid = (int) message.value();
                    host.prepareContainerProcess(containerPid);
                    channel.ack();
                    for (String state : host.hookStates(containerPid)) channel.sendString(state);
                }
                case InitChannel.CONSOLE -> {
                    if (message.fd() < 0) throw new ContainerException("crema-init sent no pty master with its console message");
                    host.consoleMaster(message.fd());
                }
                case InitChannel.SECCOMP_LISTENER -> {
                    int listener = copyFd(containerPid, (int) message.value());
                    try {
                        host.seccompListener(containerPid, listener);
                    } finally {
                        Fds.close(listener);
                    }
                    channel.ack();
                }
                case InitChannel.FOUND -> found = FoundFile.decode(message.value());
                case InitChannel.PLAN_READ -> timings.planRead(message.value());
                case InitChannel.OP_TIMES -> timings.opsTook(channel.receiveLongs(message.opIndex()));
                case InitChannel.READY -> {
                    if (times.on() && plan.steps().getLast().op() instanceof Op.ExecNow) awaitExecve(channel);
                    return;
                }
                case InitChannel.ERROR -> throw new ContainerException(
                        InitFailure.message(plan, message.opIndex(), message.value(), found));
                default -> {
                    String cause = host.earlyExitCause();
                    throw new ContainerException(cause != null ? cause
                            : "crema-init exited before the container was ready" + exitDescription());
                }
            }
        }
    }

    /**
     * exec's READY comes just before execve, and the init's end of the socket stays open until execve closes it
     * (O_CLOEXEC), or the init exits: end of file is that moment.
     */
    private void awaitExecve(InitChannel channel) {
        long ready = times.now();
        while (channel.receive().type() != 0) {
            // nothing follows READY but end of file
        }
        times.add(PhaseTimes.EXEC, times.now() - ready);
    }

    /**
     * The init's fd, copied out of it with pidfd_getfd as runc does: the init only writes the number, so a notify
     * rule on sendmsg cannot block it before the agent has the listener.
     */
    private static int copyFd(int pid, int fd) {
        if (pid <= 0) throw new ContainerException("crema-init reported a seccomp listener before the container process existed");
        int pidfd = Processes.pidfdOpen(pid);
        try {
            return Processes.pidfdGetFd(pidfd, fd);
        } catch (SyscallException e) {
            throw new ContainerException("linux.seccomp.listenerPath: cannot take the listener from the container process: "
                    + e.getMessage(), e);
        } finally {
            Fds.close(pidfd);
        }
    }

    private String exitDescription() {
        if (stage0 < 0) return "";
        try {
            int[] result = processes.waitpid(stage0, 0);
            int status = result[1];
            stage0 = -1;
            if (Processes.exited(status)) return " (exit status " + Processes.exitCode(status) + ")";
            return " (killed by signal " + Processes.termSignal(status) + ")";
        } catch (SyscallException e) {
            return "";
        }
    }

    private static void killQuietly(int pid) {
        if (pid <= 0) return;
        try {
            Processes.kill(pid, Signals.SIGKILL);
        } catch (SyscallException ignored) {
            // already gone
        }
    }

    /** Stage 0 exits right after the fork (or was killed on error); wait for it so no zombie is left. */
    private void reapStage0() {
        if (stage0 < 0) return;
        try {
            processes.waitpid(stage0, 0);
        } catch (SyscallException ignored) {
            // already reaped or gone
        }
        stage0 = -1;
    }
}
