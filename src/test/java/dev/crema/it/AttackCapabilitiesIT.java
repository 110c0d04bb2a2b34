package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.testing.Requirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CVE-2022-29162: a process that starts with a non-empty inheritable set gains, from a binary with file
 * inheritable capabilities, capabilities the config never gave it, even as a non-root user. The image carries
 * such a binary (busybox with cap_dac_override,cap_net_raw+ei); the config says nothing about inheritable or
 * ambient. After exec, in run and in `crema exec` (with and without --cap), the process must hold an empty
 * inheritable and ambient set, and the file-capability binary must gain nothing; and every capability line of
 * /proc/self/status must be what runc 1.1.5 gives on the same bundle.
 */
@Tag("security")
class AttackCapabilitiesIT extends ContainerTest {
    /** The capability lines of the shell, then of the file-capability binary it runs. */
    private static final String PROBE = "grep ^Cap /proc/self/status; echo --; /capbin/busybox grep ^Cap /proc/self/status";
    private static final List<String> CONFIG_CAPS = List.of("CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_AUDIT_WRITE",
            "CAP_DAC_OVERRIDE", "CAP_NET_RAW", "CAP_SETPCAP");

    private Path runcRoot;
    private final List<String> runcIds = new ArrayList<>();

    @BeforeEach
    void imageWithAFileCapabilityBinaryAndANonRootUser() throws Exception {
        Path setcap = Requirement.needProgram("/usr/sbin/setcap", "libcap2-bin");
        Requirement.needProgram("/usr/sbin/runc", "runc");
        Path capbin = Files.createDirectories(bundle.rootfs().resolve("capbin")).resolve("busybox");
        Files.copy(bundle.rootfs().resolve("bin/busybox"), capbin);
        Crema.exec(List.of(setcap.toString(), "cap_dac_override,cap_net_raw+ei", capbin.toString()), null).ok();
        String getcap = Crema.exec(List.of("/usr/sbin/getcap", capbin.toString()), null).ok().stdout();
        assertTrue(getcap.contains("cap_dac_override,cap_net_raw=ei"), "file capabilities not set: " + getcap);

        bundle.process().put("user", new LinkedHashMap<>(Map.of("uid", 1000, "gid", 1000)));
        Map<String, Object> caps = new LinkedHashMap<>();
        for (String set : new String[] {"bounding", "effective", "permitted"}) caps.put(set, new ArrayList<>(CONFIG_CAPS));
        bundle.process().put("capabilities", caps);  // no inheritable, no ambient
        // no_new_privs would hide the attack: with it the kernel grants no file capability at all
        bundle.process().put("noNewPrivileges", false);
        runcRoot = crema.root().resolveSibling(crema.root().getFileName() + "-runc");
    }

    @AfterEach
    void removeRuncContainers() {
        for (String id : runcIds) runc("delete", "--force", id);
        Crema.exec(List.of("rm", "-rf", runcRoot.toString()), null);
    }

    private Crema.Result runc(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/sbin/runc", "--root", runcRoot.toString()));
        command.addAll(List.of(args));
        return Crema.exec(command, null);
    }

    private String runcId() {
        String id = "crema-it-runc-" + ProcessHandle.current().pid() + "-" + runcIds.size();
        runcIds.add(id);
        return id;
    }

    /** The process must have no inheritable or ambient capability, and the binary must gain nothing. */
    private static void assertNoCapabilityGained(String out) {
        String[] processes = out.split("--\n");
        assertEquals(2, processes.length, out);
        for (String status : processes) {
            assertTrue(status.contains("CapInh:\t0000000000000000"), "inheritable capabilities:\n" + out);
            assertTrue(status.contains("CapAmb:\t0000000000000000"), "ambient capabilities:\n" + out);
        }
        // a non-root user's exec of a binary with inheritable file capabilities only keeps what the process
        // had in its inheritable set: nothing
        assertTrue(processes[1].contains("CapPrm:\t0000000000000000") && processes[1].contains("CapEff:\t0000000000000000"),
                "the file-capability binary gained capabilities:\n" + out);
    }

    @Test
    void runGivesNoInheritableOrAmbientCapabilities() {
        bundle.script(PROBE).write();
        String fromCrema = runContainer().ok().stdout();
        assertNoCapabilityGained(fromCrema);
        String fromRunc = runc("run", "--bundle", bundle.dir.toString(), runcId()).ok().stdout();
        assertEquals(fromRunc, fromCrema);
    }

    @Test
    void execGivesNoInheritableOrAmbientCapabilities() {
        bundle.script("sleep 1000").write();
        String id = newId();
        crema.run("run", "-d", "--bundle", bundle.dir.toString(), id).ok();
        String runcId = runcId();
        runc("run", "-d", "--bundle", bundle.dir.toString(), runcId).ok();
        for (List<String> flags : List.of(List.<String>of(), List.of("--cap", "CAP_CHOWN"),
                List.of("--user", "1000:1000", "--cap", "CAP_SYS_ADMIN"), List.of("--user", "0:0"))) {
            List<String> cremaArgs = new ArrayList<>(List.of("exec"));
            cremaArgs.addAll(flags);
            cremaArgs.addAll(List.of(id, "sh", "-c", PROBE));
            String fromCrema = crema.run(cremaArgs.toArray(String[]::new)).ok().stdout();
            List<String> runcArgs = new ArrayList<>(List.of("exec"));
            runcArgs.addAll(flags);
            runcArgs.addAll(List.of(runcId, "sh", "-c", PROBE));
            String fromRunc = runc(runcArgs.toArray(String[]::new)).ok().stdout();
            assertEquals(fromRunc, fromCrema, "exec " + flags);
            if (!flags.contains("0:0")) assertNoCapabilityGained(fromCrema);
            else assertTrue(fromCrema.contains("CapInh:\t0000000000000000") && fromCrema.contains("CapAmb:\t0000000000000000"),
                    "exec as root got inheritable or ambient capabilities:\n" + fromCrema);
        }
    }

    @Test
    void ambientWithoutInheritableIsDroppedAsRuncDoes() {
        // the config asks for an ambient capability its inheritable set does not hold: the kernel cannot raise
        // it, runc goes on without it, and so does crema
        @SuppressWarnings("unchecked")
        Map<String, Object> caps = (Map<String, Object>) bundle.process().get("capabilities");
        caps.put("ambient", List.of("CAP_NET_RAW"));
        bundle.script(PROBE).write();
        String fromCrema = runContainer().ok().stdout();
        assertNoCapabilityGained(fromCrema);
        assertEquals(runc("run", "--bundle", bundle.dir.toString(), runcId()).ok().stdout(), fromCrema);
    }
}
