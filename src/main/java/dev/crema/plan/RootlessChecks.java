package dev.crema.plan;

import dev.crema.spec.LinuxIDMapping;
import dev.crema.spec.Spec;
import dev.crema.spec.User;
import java.util.List;

/**
 * What runc refuses before it makes anything for a container the kernel would not let it build (its
 * rootlessEUIDCheck and the id checks of setupUser), with runc's words and the field named: an unprivileged
 * caller needs a user namespace, can pass uid=/gid= mount options only of mapped ids, and any container with its
 * own mappings can only become a mapped user.
 */
final class RootlessChecks {
    private RootlessChecks() {}

    /** First of all, as runc's validator: nothing else can work for an unprivileged caller without one. */
    static void requireUserNamespace(NamespaceSet namespaces, Caller caller) {
        if (caller.rootlessEuid() && !namespaces.has(Kernel.CLONE_NEWUSER)) {
            throw new PlanException("linux.namespaces: rootless container requires user namespaces");
        }
    }

    static void check(Spec spec, NamespaceSet namespaces, Caller caller, List<MountOptions> mountOptions) {
        var linux = spec.linux();
        requireUserNamespace(namespaces, caller);
        if (caller.rootlessEuid()) {
            if (namespaces.creates(Kernel.CLONE_NEWUSER)) {
                for (int i = 0; i < mountOptions.size(); i++) mountIds(mountOptions.get(i).data(), linux.uidMappings(),
                        linux.gidMappings(), "mounts[" + i + "].options");
            }
        }
        if (namespaces.creates(Kernel.CLONE_NEWUSER) && spec.process() != null && spec.process().user() != null) {
            User user = spec.process().user();
            if (!mapped(user.uid(), linux.uidMappings())) {
                throw new PlanException("process.user.uid: cannot set uid to unmapped user in user namespace");
            }
            if (!mapped(user.gid(), linux.gidMappings())) {
                throw new PlanException("process.user.gid: cannot set gid to unmapped user in user namespace");
            }
        }
    }

    /** uid=N and gid=N in a mount's data must name ids the container maps (runc's rootlessEUIDMount). */
    private static void mountIds(String data, List<LinuxIDMapping> uids, List<LinuxIDMapping> gids, String field) {
        if (data == null || data.isEmpty()) return;
        for (String option : data.split(",")) {
            String kind = option.startsWith("uid=") ? "uid" : option.startsWith("gid=") ? "gid" : null;
            if (kind == null) continue;
            long id;
            try {
                id = Long.parseLong(option.substring(4));
            } catch (NumberFormatException e) {
                continue; // not a number: not an id option runc checks either
            }
            if (!mapped(id, kind.equals("uid") ? uids : gids)) {
                throw new PlanException(field + ": cannot specify " + kind + "= mount options for unmapped " + kind
                        + " in rootless containers");
            }
        }
    }

    static boolean mapped(long id, List<LinuxIDMapping> mappings) {
        for (LinuxIDMapping m : mappings) {
            if (id >= m.containerID() && id - m.containerID() < m.size()) return true;
        }
        return false;
    }
}
