package dev.crema.container;

import dev.crema.db.ContainerState;
import dev.crema.db.StateStore;
import dev.crema.spec.State;

/** The state a user sees: the stored state with its status derived now; pid 0 once stopped, as runc shows. */
public final class StateView {
    private StateView() {}

    public static State of(StateStore store, ContainerState stored) {
        String status = Status.of(store, stored);
        int pid = status.equals(Status.STOPPED) || stored.init() == null ? 0 : stored.init().pid();
        return of(stored, status, pid);
    }

    /** The state with a status and pid the caller knows (hooks and agents during create and exec). */
    public static State of(ContainerState stored, String status, int pid) {
        return new State(State.OCI_VERSION, stored.id(), status, pid, stored.bundle(),
                stored.rootfs(), stored.created(), "", stored.annotations());
    }
}
