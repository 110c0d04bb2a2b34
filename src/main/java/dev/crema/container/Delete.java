package dev.crema.container;

import dev.crema.cgroups.Freezer;
import dev.crema.db.ContainerLock;
import dev.crema.db.ContainerState;
import dev.crema.db.StateStore;
import dev.crema.sys.Fds;
import java.util.List;
import dev.crema.sys.Processes;
import dev.crema.sys.SyscallException;

/**
 * delete: a stopped or created container is removed; a running one only with --force (SIGKILL first). A
 * container that does not exist is an error, except with --force (the containerd shim always deletes twice).
 * A state directory without a readable state (a create killed half-way) is removed too, as runc does.
 */
public final class Delete {
    private Delete() {}

    /** Deletes the container; returns the warnings of failed poststop hooks (which, per the spec, only warn). */
    public static List<String> delete(StateStore store, String id, boolean force) {
        if (!store.exists(id)) {
            if (force) return List.of();
            throw new ContainerException(ContainerException.Kind.NOT_FOUND, "container does not exist");
        }
        try (ContainerLock lock = store.lock(id)) {
            ContainerState state = store.loadOrNull(id);
            if (state == null) {
                store.remove(id);
                if (force) return List.of();
                throw new ContainerException(ContainerException.Kind.NOT_FOUND, "container does not exist");
            }
            String status = Status.of(store, state);
            switch (status) {
                case Status.STOPPED, Status.CREATED -> { }
                default -> {
                    if (!force) {
                        throw ContainerException.wrongState("cannot delete container " + id + " that is not stopped: " + status);
                    }
                }
            }
            if (!status.equals(Status.STOPPED)) {
                // frozen tasks die only once thawed: a paused container is thawed after the kill, as runc does
                killAndWait(state, status.equals(Status.PAUSED) ? Freezer.of(state.cgroupPaths()) : null);
            }
            var cgroup = Cgroups.of(state);
            Cleanup.killAll(cgroup, state.cgroupDirs());
            String unitFailure = Cleanup.stopSystemdUnit(state);
            cgroup.destroy(state.cgroupDirs());
            Cleanup.removeResctrlDirs(state);
            List<String> warnings = state.hooks().poststop().isEmpty() ? new java.util.ArrayList<>()
                    : new java.util.ArrayList<>(Hooks.runWarning("poststop", state.hooks().poststop(), StateView.of(store, state)));
            // as runc's Destroy: the state goes even when systemd could not stop the scope, and the failure is said
            if (unitFailure != null) warnings.add(unitFailure);
            store.remove(id);
            return warnings;
        }
    }

    /** SIGKILL to the init and wait (up to 10 s) for it to go, through a pidfd so the wait cannot be fooled by pid reuse. */
    private static void killAndWait(ContainerState state, Freezer thawAfterKill) {
        if (state.init() == null) return;
        int pidfd;
        try {
            pidfd = Processes.pidfdOpen(state.init().pid());
        } catch (SyscallException e) {
            return; // already gone
        }
        try {
            if (!Status.initAlive(state)) return;
            Processes.pidfdSendSignal(pidfd, Signals.SIGKILL);
            if (thawAfterKill != null) thawAfterKill.thaw();
            Processes.pidfdWaitExit(pidfd, 10_000);
        } finally {
            Fds.close(pidfd);
        }
    }
}
