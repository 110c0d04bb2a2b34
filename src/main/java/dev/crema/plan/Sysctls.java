package dev.crema.plan;

/**
 * Which sysctls a container may set: only those that belong to a namespace the container has, as runc
 * validates (libcontainer/configs/validate). Anything else would change the host.
 */
final class Sysctls {
    private Sysctls() {}

    static void check(String key, NamespaceSet namespaces) {
        String field = "linux.sysctl." + key;
        if (key.contains("..") || key.contains("/") || key.startsWith(".")) {
            throw new PlanException(field + ": not a sysctl name");
        }
        if (isIpc(key)) {
            require(namespaces.has(Kernel.CLONE_NEWIPC), field, "the host's IPC namespace");
        } else if (key.startsWith("net.")) {
            require(namespaces.has(Kernel.CLONE_NEWNET), field, "the host's network namespace");
        } else if (key.equals("kernel.hostname") || key.equals("kernel.domainname")) {
            require(namespaces.has(Kernel.CLONE_NEWUTS), field, "the host's UTS namespace");
        } else {
            throw new PlanException(field + ": sysctl is not in a separate kernel namespace");
        }
    }

    private static boolean isIpc(String key) {
        return switch (key) {
            case "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall",
                 "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced" -> true;
            default -> key.startsWith("fs.mqueue.");
        };
    }

    private static void require(boolean ok, String field, String where) {
        if (!ok) throw new PlanException(field + ": not allowed in " + where);
    }
}
