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
        bundle.write();
        String id = newId();
        Crema.Result r = crema.run("create", "--bundle", bundle.dir.toString(), id).failed();
        assertTrue(r.stderr().contains("process.execCPUAffinity.final: not a cpu list"), r.stderr());
        before.assertClean(crema, id);
        bundle.process().remove("execCPUAffinity");
        bundle.linux().put("personality", Map.of("domain", "LINUX", "flags", List.of("ADDR_NO_RANDOMIZE")));
        bundle.write();
        String other = newId();
        r = crema.run("create", "--bundle", bundle.dir.toString(), other).failed();
        assertTrue(r.stderr().contains("linux.personality.flags"), r.stderr());
        before.assertClean(crema, other);
    }
}
