package dev.crema.api;

import dev.crema.spec.State;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A container as {@code crema state} and {@code crema list} show it (the runtime spec's state plus runc's rootfs,
 * created and owner fields).
 *
 * @param id          the container id
 * @param status      derived now: stored state checked against the kernel
 * @param pid         host pid of the container process; 0 once stopped, as runc shows it
 * @param bundle      the bundle directory
 * @param rootfs      the root filesystem, resolved
 * @param created     creation time, RFC 3339 with nanoseconds in UTC, as runc writes it
 * @param annotations the config's annotations
 * @param owner       the user owning the container's state directory in {@link CremaRuntime#list()}; "" from
 *                    {@link CremaRuntime#state}, as runc's state prints it
 */
public record ContainerState(String id, ContainerStatus status, int pid, Path bundle, Path rootfs, String created,
                             Map<String, String> annotations, String owner) {

    static ContainerState of(State s) {
        return new ContainerState(s.id(), ContainerStatus.of(s.status()), s.pid(), path(s.bundle()),
                path(s.rootfs()), s.created(), s.annotations(), s.owner());
    }

    private static Path path(String p) {
        return Path.of(p == null ? "" : p);
    }

    /** Exactly what {@code crema state} prints (no newline after it, as runc). */
    public String toJson() {
        return spec().toJson();
    }

    /** Exactly the JSON array {@code crema list --format json} prints for a non-empty list ("[]" for none). */
    public static String toJsonArray(List<ContainerState> states) {
        List<State> specs = new ArrayList<>(states.size());
        for (ContainerState s : states) specs.add(s.spec());
        return State.toJsonArray(specs);
    }

    private State spec() {
        return new State(State.OCI_VERSION, id, status.text(), pid, bundle.toString(), rootfs.toString(), created,
                owner, annotations);
    }
}
