package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import dev.crema.spec.Samples;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** linux.seccomp compiled with libseccomp and loaded by the init, felt from inside the container. */
class SeccompIT extends ContainerTest {
    private static final Map<String, Object> SMALL = Map.of(
            "defaultAction", "SCMP_ACT_ALLOW",
            "architectures", List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"),
            "syscalls", List.of(
                    Map.of("names", List.of("mkdir", "mkdirat"), "action", "SCMP_ACT_ERRNO", "errnoRet", 1),
                    Map.of("names", List.of("kill"), "action", "SCMP_ACT_ERRNO",
                            "args", List.of(Map.of("index", 1, "value", 10, "op", "SCMP_CMP_EQ")))));

    private static final String PROBE = "mkdir /tmp/x 2>/dev/null && echo made || echo refused; "
            + "kill -0 $$ && echo sig0; kill -USR1 $$ 2>/dev/null || echo usr1-refused; grep ^Seccomp: /proc/self/status";

    @Test
    void blockedCallsReturnTheirErrnoAndArgumentsAreCompared() {
        bundle.linux().put("seccomp", SMALL);
        assertEquals("refused\nsig0\nusr1-refused\nSeccomp:\t2", output(PROBE));
    }

    @Test
    void withoutNoNewPrivsTheFilterIsLoadedBeforeTheCapabilitiesGo() {
        bundle.linux().put("seccomp", SMALL);
        bundle.process().put("noNewPrivileges", false);
        bundle.process().put("user", Map.of("uid", 1000, "gid", 1000));
        assertEquals("refused\nsig0\nusr1-refused\nSeccomp:\t2", output(PROBE));
    }

    @SuppressWarnings("unchecked")
    private void useProfileOf(String sample) {
        Map<String, Object> config = (Map<String, Object>) Json.parse(Samples.read(sample));
        bundle.linux().put("seccomp", ((Map<String, Object>) config.get("linux")).get("seccomp"));
    }

    @Test
    void dockersProfileRunsBusyboxAndBlocksUnshare() {
        useProfileOf("docker-config.json");
        // docker's profile allows unshare only with CAP_SYS_ADMIN, which the base bundle does not have
        assertEquals("ok\nSeccomp:\t2\nblocked", output(
                "echo ok; grep ^Seccomp: /proc/self/status; unshare -U true 2>/dev/null && echo allowed || echo blocked"));
    }

    @Test
    void podmansProfileRunsBusybox() {
        useProfileOf("podman-config.json");
        assertEquals("ok\nSeccomp:\t2", output("echo ok; grep ^Seccomp: /proc/self/status"));
    }

    @Test
    void execGetsTheContainersFilter() {
        bundle.linux().put("seccomp", SMALL);
        bundle.script("sleep 1000").write();
        String id = newId();
        crema.run("run", "-d", "--bundle", bundle.dir.toString(), id).ok();
        assertEquals("refused\n", crema.run("exec", id, "sh", "-c", "mkdir /tmp/y 2>/dev/null && echo made || echo refused").ok().stdout());
    }

    @Test
    void badProfilesAreRefusedByField() {
        bundle.linux().put("seccomp", Map.of("defaultAction", "SCMP_ACT_ALLOW", "architectures", List.of("SCMP_ARCH_NOPE")));
        bundle.write();
        String id = newId();
        Crema.Result r = crema.run("create", "--bundle", bundle.dir.toString(), id).failed();
        assertTrue(r.stderr().contains("linux.seccomp.architectures[0]"), r.stderr());
        before.assertClean(crema, id);
        bundle.linux().put("seccomp", Map.of("defaultAction", "SCMP_ACT_ALLOW", "listenerPath", "/run/agent.sock"));
        bundle.write();
        String other = newId();
        r = crema.run("create", "--bundle", bundle.dir.toString(), other).failed();
        assertTrue(r.stderr().contains("linux.seccomp.listenerPath"), r.stderr());
        before.assertClean(crema, other);
    }
}
