package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** linux.personality, process.ioPriority, process.scheduler, process.execCPUAffinity: checked from inside. */
class ProcessAttributesIT extends ContainerTest {

    @Test
    void linux32PersonalityShowsA32BitMachine() {
        bundle.linux().put("personality", Map.of("domain", "LINUX32"));
        assertEquals("i686", output("uname -m"));
    }

    @Test
    void ioPriorityIsSet() {
        bundle.process().put("ioPriority", Map.of("class", "IOPRIO_CLASS_BE", "priority", 6));
        assertEquals("best-effort: prio 6", output("ionice -p $$"));
    }

    @Test
    void schedulerPolicyIsSet() {
        bundle.process().put("scheduler", Map.of("policy", "SCHED_IDLE"));
        // field 41 of /proc/self/stat is the policy: SCHED_IDLE = 5
        assertEquals("5", output("cut -d' ' -f41 /proc/self/stat"));
    }

    @Test
    void cpuAffinityIsTheFinalList() {
        bundle.process().put("execCPUAffinity", Map.of("initial", "0-1", "final", "0"));
        assertTrue(output("grep Cpus_allowed_list /proc/self/status").endsWith("\t0"));
    }

    @Test
    void badValuesAreNamed() {
        bundle.process().put("execCPUAffinity", Map.of("final", "zero"));
        assertCreateFails("process.execCPUAffinity.final: not a cpu list");
        bundle.process().remove("execCPUAffinity");
        bundle.linux().put("personality", Map.of("domain", "LINUX", "flags", List.of("ADDR_NO_RANDOMIZE")));
        assertCreateFails("linux.personality.flags");
        bundle.linux().remove("personality");
        bundle.linux().put("memoryPolicy", Map.of("mode", "MPOL_LOCAL", "nodes", "0"));
        assertCreateFails("linux.memoryPolicy.nodes: must be empty with MPOL_LOCAL");
        bundle.linux().put("memoryPolicy", Map.of("mode", "MPOL_BIND"));
        assertCreateFails("linux.memoryPolicy.nodes: required with MPOL_BIND");
        bundle.linux().put("memoryPolicy", Map.of("mode", "MPOL_SOMETIMES", "nodes", "0"));
        assertCreateFails("linux.memoryPolicy.mode: unknown mode \"MPOL_SOMETIMES\"");
        // node 1000 exists on no machine here: the kernel refuses it in the init, and nothing is left
        bundle.linux().put("memoryPolicy", Map.of("mode", "MPOL_BIND", "nodes", "1000"));
        assertCreateFails("linux.memoryPolicy: set_mempolicy: EINVAL");
    }

    @Test
    void memoryPolicyIsInheritedByTheProcess() {
        // numa_maps shows the task's policy for mappings without one of their own
        bundle.linux().put("memoryPolicy", Map.of("mode", "MPOL_INTERLEAVE", "nodes", "0", "flags", List.of("MPOL_F_STATIC_NODES")));
        assertTrue(output("head -1 /proc/self/numa_maps").contains(" interleave=static:0 "), "interleave policy");
        bundle.linux().put("memoryPolicy", Map.of("mode", "MPOL_BIND", "nodes", "0"));
        assertTrue(output("head -1 /proc/self/numa_maps").contains(" bind:0 "), "bind policy");
    }
}
