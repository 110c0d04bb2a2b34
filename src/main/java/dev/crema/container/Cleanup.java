package dev.crema.container;

import dev.crema.cgroups.Cgroup;
import dev.crema.db.ContainerState;
import dev.crema.db.StateStore;
import dev.crema.resctrl.IntelRdt;
import dev.crema.sys.Processes;
import dev.crema.sys.SyscallException;

/**
 * Removes what a container left on the host: its processes (by cgroup), its cgroup and resctrl directories (only
 * those crema created) and its state directory. Used after a failed create and by delete; tolerant of a half-made
 * container (a controller killed in the middle of create) so delete --force can always clean up.
 */
final class Cleanup {
    private Cleanup() {}

    /** rdt, when the config has linux.intelRdt, knows which groups this create really made. */
    static void afterFailedCreate(StateStore store, ContainerState state, Cgroup cgroup, IntelRdt rdt) {
        try {
            killAll(cgroup, state.cgroupDirs());
            try {
                stopSystemdUnit(state);
                cgroup.destroy(state.cgroupDirs());
            } finally {
                if (rdt != null) rdt.destroyCreated();
            }
        } finally {
            store.remove(state.id());
        }
    }

    /**
     * The container's systemd scope (--systemd-cgroup), after its processes are gone; systemd removes the cgroups it
     * made for it. Returns the failure's text (the cgroup directories are removed all the same), or null.
     */
    static String stopSystemdUnit(ContainerState state) {
        if (state.systemdUnit() == null) return null;
        try {
            dev.crema.systemd.SystemdScope.stop(state.systemdUnit());
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** The resctrl groups recorded as crema's, after the container's processes are gone. */
    static void removeResctrlDirs(ContainerState state) {
        if (!state.resctrlDirs().isEmpty()) IntelRdt.destroy(state.resctrlDirs());
    }

    /**
     * SIGKILL to every process still in the container's cgroup, then wait (bounded) until it is empty. Only in a
     * cgroup crema made for this container: a cgroupsPath the config points at an existing, shared cgroup must
     * not cost its other processes their lives.
     */
    static void killAll(Cgroup cgroup, java.util.List<String> createdDirs) {
        if (!createdDirs.containsAll(cgroup.leafPaths())) return;
        for (int round = 0; round < 200; round++) {
            var pids = cgroup.pids();
            if (pids.isEmpty()) return;
            for (int pid : pids) {
                try {
                    Processes.kill(pid, Signals.SIGKILL);
                } catch (SyscallException ignored) {
                    // exited between the read and the kill
                }
            }
            try {
                Thread.sleep(round < 20 ? 1 : 10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
