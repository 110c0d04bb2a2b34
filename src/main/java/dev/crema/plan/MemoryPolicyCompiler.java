package dev.crema.plan;

import dev.crema.spec.Linux;

/**
 * linux.memoryPolicy as the set_mempolicy(2) call the init makes before exec, checked as runc checks it: the
 * default and local modes take no nodes; bind, interleave and preferred-many need some.
 */
final class MemoryPolicyCompiler {
    private static final long MPOL_F_NUMA_BALANCING = 1 << 13, MPOL_F_RELATIVE_NODES = 1 << 14,
            MPOL_F_STATIC_NODES = 1 << 15;

    private MemoryPolicyCompiler() {}

    static Op.MemoryPolicy compile(Linux.LinuxMemoryPolicy policy) {
        long mode = switch (policy.mode()) {
            case "MPOL_DEFAULT" -> 0;
            case "MPOL_PREFERRED" -> 1;
            case "MPOL_BIND" -> 2;
            case "MPOL_INTERLEAVE" -> 3;
            case "MPOL_LOCAL" -> 4;
            case "MPOL_PREFERRED_MANY" -> 5;
            case "MPOL_WEIGHTED_INTERLEAVE" -> 6;
            default -> throw new PlanException("linux.memoryPolicy.mode: unknown mode \"" + policy.mode() + "\"");
        };
        boolean hasNodes = policy.nodes() != null && !policy.nodes().isBlank();
        if ((mode == 0 || mode == 4) && hasNodes) {
            throw new PlanException("linux.memoryPolicy.nodes: must be empty with " + policy.mode());
        }
        if (mode != 0 && mode != 1 && mode != 4 && !hasNodes) {
            throw new PlanException("linux.memoryPolicy.nodes: required with " + policy.mode());
        }
        long flags = 0;
        for (int i = 0; i < policy.flags().size(); i++) {
            flags |= switch (policy.flags().get(i)) {
                case "MPOL_F_NUMA_BALANCING" -> MPOL_F_NUMA_BALANCING;
                case "MPOL_F_RELATIVE_NODES" -> MPOL_F_RELATIVE_NODES;
                case "MPOL_F_STATIC_NODES" -> MPOL_F_STATIC_NODES;
                default -> throw new PlanException("linux.memoryPolicy.flags[" + i + "]: unknown flag \""
                        + policy.flags().get(i) + "\"");
            };
        }
        byte[] nodes = hasNodes ? ProcessAttributes.bitmap(policy.nodes(), "linux.memoryPolicy.nodes", "node list")
                : new byte[0];
        return new Op.MemoryPolicy(mode | flags, nodes);
    }
}
