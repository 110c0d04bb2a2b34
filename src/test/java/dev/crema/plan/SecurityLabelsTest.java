package dev.crema.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.crema.spec.Process;
import dev.crema.spec.SpecParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The label steps on a host with AppArmor and SELinux, which this machine does not have (the ITs check the
 * refusal path for real): what the init is told to write, and where.
 */
class SecurityLabelsTest {
    private static final Process LABELLED = SpecParser.parseProcess("""
            {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/",
             "apparmorProfile": "crema-default", "selinuxLabel": "system_u:system_r:container_t:s0:c1,c2"}
            """);

    private static List<Op> ops(boolean appArmor, boolean selinux) {
        List<Step> steps = new ArrayList<>();
        SecurityLabels.process(LABELLED, appArmor, selinux, steps);
        List<Op> ops = new ArrayList<>();
        for (Step s : steps) ops.add(s.op());
        return ops;
    }

    @Test
    void withTheModulesTheLabelsGoToTheExecAttributes() {
        assertEquals(List.of(new Op.ExecLabel("apparmor/exec", "exec", "exec crema-default"),
                new Op.ExecLabel("exec", "", "system_u:system_r:container_t:s0:c1,c2")), ops(true, true));
    }

    @Test
    void withoutAModuleTheFieldIsRefusedWithRuncsReason() {
        assertEquals("process.apparmorProfile: AppArmor is not enabled on this host",
                assertThrows(PlanException.class, () -> ops(false, true)).getMessage());
        assertEquals("process.selinuxLabel: selinux label is specified in config, but selinux is disabled or not supported",
                assertThrows(PlanException.class, () -> ops(true, false)).getMessage());
    }

    @Test
    void theMountLabelIsAContextOptionAsRuncFormatsIt() {
        assertEquals("mode=755,size=65536k,context=\"system_u:object_r:container_file_t:s0\"",
                SecurityLabels.mountData("mode=755,size=65536k", "system_u:object_r:container_file_t:s0"));
        assertEquals("context=\"x\"", SecurityLabels.mountData("", "x"));
        assertEquals("mode=755", SecurityLabels.mountData("mode=755", null));
    }
}
