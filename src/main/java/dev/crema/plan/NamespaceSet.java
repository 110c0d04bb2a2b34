package dev.crema.plan;

import dev.crema.spec.LinuxNamespace;
import java.util.ArrayList;
import java.util.List;

/**
 * The namespaces of a config split into the ones to create (clone flags) and the ones to join (paths), with
 * the joins ordered so that the user namespace is joined last (joining it first would drop the privilege
 * needed to join namespaces the host owns) and the mount namespace just before it.
 */
record NamespaceSet(long newFlags, List<Join> joins) {

    record Join(String type, String path, long flag, int index) {}

    static NamespaceSet of(List<LinuxNamespace> namespaces) {
        long flags = 0;
        List<Join> others = new ArrayList<>();
        List<Join> late = new ArrayList<>();
        for (int i = 0; i < namespaces.size(); i++) {
            LinuxNamespace ns = namespaces.get(i);
            long flag = flag(ns.type());
            if (ns.path() == null || ns.path().isEmpty()) {
                flags |= flag;
            } else {
                Join join = new Join(ns.type(), ns.path(), flag, i);
                if (flag == Kernel.CLONE_NEWNS) late.addFirst(join);
                else if (flag == Kernel.CLONE_NEWUSER) late.addLast(join);
                else others.add(join);
            }
        }
        others.addAll(late);
        return new NamespaceSet(flags, List.copyOf(others));
    }

    boolean creates(long flag) {
        return (newFlags & flag) != 0;
    }

    boolean joins(long flag) {
        for (Join join : joins) {
            if (join.flag() == flag) return true;
        }
        return false;
    }

    boolean has(long flag) {
        return creates(flag) || joins(flag);
    }

    static long flag(String type) {
        return switch (type) {
            case "pid" -> Kernel.CLONE_NEWPID;
            case "network" -> Kernel.CLONE_NEWNET;
            case "mount" -> Kernel.CLONE_NEWNS;
            case "ipc" -> Kernel.CLONE_NEWIPC;
            case "uts" -> Kernel.CLONE_NEWUTS;
            case "user" -> Kernel.CLONE_NEWUSER;
            case "cgroup" -> Kernel.CLONE_NEWCGROUP;
            case "time" -> Kernel.CLONE_NEWTIME;
            default -> throw new PlanException("linux.namespaces: unknown namespace type \"" + type + "\"");
        };
    }
}
