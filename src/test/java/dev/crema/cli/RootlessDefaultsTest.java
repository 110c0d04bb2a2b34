package dev.crema.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.plan.Caller;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** runc's rules for the default root (shouldHonorXDGRuntimeDir) and --rootless (shouldUseRootlessCgroupManager). */
class RootlessDefaultsTest {
    private static final Caller USER = new Caller(1001, 1001, false);
    private static final Caller HOST_ROOT = new Caller(0, 0, false);
    private static final Caller ROOT_IN_USERNS = new Caller(0, 0, true);

    @Test
    void anUnprivilegedUserKeepsItsStateUnderXdgRuntimeDir() {
        assertEquals("/run/user/1001/crema", RuntimeRoot.xdgRoot("/run/user/1001", "alice", USER));
        assertNull(RuntimeRoot.xdgRoot(null, "alice", USER));
        assertNull(RuntimeRoot.xdgRoot("", "alice", USER));
    }

    @Test
    void hostRootKeepsRunCremaEvenWithXdgRuntimeDir() {
        assertNull(RuntimeRoot.xdgRoot("/run/user/0", "root", HOST_ROOT));
        assertNull(RuntimeRoot.xdgRoot("/run/user/0", null, HOST_ROOT));
    }

    @Test
    void rootOfAUserNamespaceIsRootlessUnlessUserIsRoot() {
        assertEquals("/run/user/1001/crema", RuntimeRoot.xdgRoot("/run/user/1001", "alice", ROOT_IN_USERNS));
        assertEquals("/run/user/1001/crema", RuntimeRoot.xdgRoot("/run/user/1001", null, ROOT_IN_USERNS));
        assertNull(RuntimeRoot.xdgRoot("/run/user/0", "root", ROOT_IN_USERNS));
    }

    @Test
    void rootlessFlagTakesGoBooleansAndAuto() {
        assertNull(GlobalOptions.parseRootless(null));
        assertNull(GlobalOptions.parseRootless("auto"));
        assertNull(GlobalOptions.parseRootless("AUTO"));
        assertEquals(Boolean.TRUE, GlobalOptions.parseRootless("true"));
        assertEquals(Boolean.TRUE, GlobalOptions.parseRootless("1"));
        assertEquals(Boolean.FALSE, GlobalOptions.parseRootless("False"));
        UsageException e = assertThrows(UsageException.class, () -> GlobalOptions.parseRootless("maybe"));
        assertTrue(e.getMessage().startsWith("--rootless: "), e.getMessage());
    }

    @Test
    void rootlessCgroupsByDefaultForUsersAndInsideUserNamespaces() {
        assertTrue(options(null).rootlessCgroups(USER));
        assertTrue(options(null).rootlessCgroups(ROOT_IN_USERNS));
        assertFalse(options(null).rootlessCgroups(HOST_ROOT));
        assertTrue(options(true).rootlessCgroups(HOST_ROOT));
        assertFalse(options(false).rootlessCgroups(USER));
    }

    private static GlobalOptions options(Boolean rootless) {
        return new GlobalOptions(Path.of("/run/crema"), null, "text", false, false, GlobalOptions.DEFAULT_CRIU,
                rootless == null ? null : rootless.toString());
    }
}
