package dev.crema.container;

import dev.crema.cgroups.Cgroup;
import dev.crema.cgroups.Freezer;
import dev.crema.db.ContainerState;
import dev.crema.db.Liveness;
import dev.crema.db.StateStore;
import dev.crema.sys.Errno;
import dev.crema.sys.Fds;
import dev.crema.sys.Processes;
import dev.crema.sys.SyscallException;

/**
 * kill: the signal goes through a pidfd opened on the init and checked against the stored start time, so a
 * pid the kernel has since given to another process is never signalled. --all signals every process of the
 * container's cgroup.
 *
 * <p>As runc: SIGKILL to the init of a paused container thaws its cgroup (a frozen task dies only once thawed, so
 * the container would otherwise stay "paused"); a signal that ends runc's init while it waits for start ends
 * crema's too (TERM, the default, stops a created container); --all freezes the cgroup while it signals (no process forks
 * away meanwhile) and thaws it after, so a paused container's processes get their signal too.
 */
public final class Kill {
    private Kill() {}

    public static void kill(StateStore store, String id, int signal, boolean all) {
        ContainerState state = store.load(id);
        String status = Status.of(store, state);
        // as runc: --all goes to whatever is left in the cgroup of a stopped container (nothing, usually)
        boolean leftovers = all && status.equals(Status.STOPPED) && !state.isCreating();
        if (!leftovers && (status.equals(Status.STOPPED) || status.equals(Status.CREATING))) {
            throw ContainerException.wrongState("container not running");
        }
        Freezer freezer = Freezer.of(state.cgroupPaths());
        if (all && state.cgroupPaths().isEmpty()) {
            // a rootless container without a delegated cgroup: its processes cannot be found by cgroup, so the
            // signal goes to the init, which in a pid namespace takes the others with it on SIGKILL (runc fails)
            if (!leftovers) signalInit(state, signal);
        } else if (all) {
            signalCgroup(state, signal, freezer);
        } else if (status.equals(Status.CREATED) && signal != Signals.SIGKILL && Signals.endsWaitingInit(signal)) {
            signalInit(state, Signals.SIGKILL); // as runc's waiting init, which dies of it (see endsWaitingInit)
        } else {
            signalInit(state, signal);
            if (signal == Signals.SIGKILL && status.equals(Status.PAUSED) && freezer != null) thawQuietly(freezer);
        }
    }

    /** runc ignores a failed thaw here: the signal was sent, which is what kill reports. */
    private static void thawQuietly(Freezer freezer) {
        try {
            freezer.thaw();
        } catch (RuntimeException ignored) {
            // the cgroup went away with its last task
        }
    }

    static void signalInit(ContainerState state, int signal) {
        int pidfd;
        try {
            pidfd = Processes.pidfdOpen(state.init().pid());
        } catch (SyscallException e) {
            if (e.errno() == Errno.ESRCH) throw ContainerException.wrongState("container not running");
            throw e;
        }
        try {
            // The pidfd pins the process; if the start time still matches now, it is the container's init.
            if (!Liveness.isAlive(state.init())) throw ContainerException.wrongState("container not running");
            Processes.pidfdSendSignal(pidfd, signal);
        } finally {
            Fds.close(pidfd);
        }
    }

    private static void signalCgroup(ContainerState state, int signal, Freezer freezer) {
        Cgroup cgroup = Cgroups.of(state);
        if (freezer != null) {
            try {
                freezer.freeze();
            } catch (RuntimeException ignored) {
                // runc only warns: the signals still go out
            }
        }
        try {
            for (int pid : cgroup.pids()) {
                try {
                    Processes.kill(pid, signal);
                } catch (SyscallException e) {
                    if (e.errno() != Errno.ESRCH) throw e;
                }
            }
        } finally {
            if (freezer != null) thawQuietly(freezer);
        }
    }
}
