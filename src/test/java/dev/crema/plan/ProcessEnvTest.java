package dev.crema.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessEnvTest {
    @Test
    void anEntryWithoutEqualsIsRefusedAsByRunc() {
        assertEquals("process.env[1]: invalid environment variable: \"NOVALUE\"", assertThrows(PlanException.class,
                () -> ProcessEnv.check(List.of("PATH=/bin", "NOVALUE"), "sh", "process")).getMessage());
    }

    @Test
    void aBareCommandNeedsAPathToSearch() {
        assertEquals("process.args[0]: exec: \"sh\": executable file not found in $PATH (process.env has no PATH)",
                assertThrows(PlanException.class, () -> ProcessEnv.check(List.of("HOME=/"), "sh", "process")).getMessage());
        ProcessEnv.check(List.of("HOME=/"), "/bin/sh", "process"); // a path is not searched
        ProcessEnv.check(List.of("PATH="), "sh", "process"); // an empty PATH is there: the init's search decides
        ProcessEnv.check(List.of("PATHX=1", "PATH=/bin"), "sh", "process");
    }
}
