package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import dev.crema.spec.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertCreateFails("linux.seccomp.architectures[0]");
        Map<String, Object> notifyOnWrite = Map.of("defaultAction", "SCMP_ACT_ALLOW", "listenerPath", "/run/agent.sock",
                "syscalls", List.of(Map.of("names", List.of("write"), "action", "SCMP_ACT_NOTIFY")));
        bundle.linux().put("seccomp", notifyOnWrite);
        assertCreateFails("linux.seccomp.syscalls[0]: SCMP_ACT_NOTIFY cannot be used for the write syscall");
        bundle.linux().put("seccomp", Map.of("defaultAction", "SCMP_ACT_ALLOW", "syscalls", NOTIFY_MKDIR));
        assertCreateFails("linux.seccomp.listenerPath: listenerPath is not set, and a rule uses SCMP_ACT_NOTIFY");
        bundle.linux().put("seccomp", Map.of("defaultAction", "SCMP_ACT_NOTIFY", "listenerPath", "/run/agent.sock"));
        assertCreateFails("linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action");
    }

    private static final List<Object> NOTIFY_MKDIR =
            List.of(Map.of("names", List.of("mkdir", "mkdirat"), "action", "SCMP_ACT_NOTIFY"));

    private Map<String, Object> notifyProfile(Path socket) {
        return Map.of("defaultAction", "SCMP_ACT_ALLOW", "listenerPath", socket.toString(),
                "listenerMetadata", "meta-" + socket.getFileName(), "syscalls", NOTIFY_MKDIR);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> connection(Path record, int index) throws Exception {
        List<String> lines = Files.readAllLines(record).stream().filter(l -> l.startsWith("{")).toList();
        return (Map<String, Object>) Json.parse(lines.get(index));
    }

    @Test
    void seccompNotifySendsTheListenerAndStateToTheAgent() throws Exception {
        Path socket = bundle.dir.resolve("agent.sock");
        Path record = bundle.dir.resolve("agent.record");
        java.lang.Process agent = startSocketPeer("seccomp-agent.py", socket, record);
        try {
            bundle.linux().put("seccomp", notifyProfile(socket));
            String id = runDetached("mkdir /tmp/x; echo done; sleep 1000");
            long pid = initPid(id);
            // the agent answered the intercepted mkdir with ENOMSG; the container saw it
            String log = "";
            for (int i = 0; i < 500 && !log.contains("notified"); i++) {
                Thread.sleep(10);
                log = Files.readString(record);
            }
            assertTrue(log.contains("notified"), log);
            Map<String, Object> sent = connection(record, 0);
            assertEquals(List.of("seccompFd"), sent.get("fds"));
            assertEquals("meta-agent.sock", sent.get("metadata"));
            assertEquals(pid, ((Number) sent.get("pid")).longValue());
            Map<String, Object> state = (Map<String, Object>) sent.get("state");
            assertEquals(id, state.get("id"));
            assertEquals("creating", state.get("status"));
            assertEquals(pid, ((Number) state.get("pid")).longValue());
            // the container does not hold the listener: it could answer its own calls
            String fds = crema.run("exec", id, "ls", "-l", "/proc/1/fd").ok().stdout();
            assertTrue(!fds.contains("seccomp"), fds);
            // an exec'd process gets the filter too, and the agent its own listener with the container's state
            Crema.Result made = crema.run("exec", id, "mkdir", "/tmp/y");
            assertTrue(made.stderr().contains("No message of desired type"), made.stderr());
            Map<String, Object> second = connection(record, 2);
            assertEquals("running", ((Map<String, Object>) second.get("state")).get("status"));
            assertEquals(pid, ((Number) ((Map<String, Object>) second.get("state")).get("pid")).longValue());
            assertTrue(((Number) second.get("pid")).longValue() != pid, "the exec'd process's pid");
        } finally {
            agent.destroy();
        }
    }

    @Test
    void aMissingAgentFailsCreateAndLeavesNothing() {
        Path nobody = bundle.dir.resolve("nobody.sock");
        bundle.linux().put("seccomp", notifyProfile(nobody));
        assertCreateFails("linux.seccomp.listenerPath: connect " + nobody + ": ENOENT");
    }
}
