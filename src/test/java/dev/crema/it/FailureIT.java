package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every way create can fail: a clear one-line error naming the field, a non-zero exit, and the host exactly as
 * before (no state dir, no cgroup, no mount, no process).
 */
class FailureIT extends ContainerTest {

    @Test
    void malformedJson() throws Exception {
        Files.writeString(bundle.dir.resolve("config.json"), "{\"ociVersion\": \"1.2.0\",\n  \"process\": [}");
        assertCreateFailsAsWritten("line 2");
    }

    @Test
    void wrongTypeNamesTheField() {
        bundle.process().put("user", new LinkedHashMap<>(Map.of("uid", "root", "gid", 0)));
        assertCreateFails("process.user.uid");
    }

    @Test
    void missingRootfs() {
        bundle.config.put("root", new LinkedHashMap<>(Map.of("path", "no-such-rootfs")));
        assertCreateFails("root.path");
    }

    @Test
    void missingConfig() throws Exception {
        Files.deleteIfExists(bundle.dir.resolve("config.json"));
        assertCreateFailsAsWritten("config.json");
    }

    @Test
    void badNamespacePath() {
        bundle.namespaces().add(new LinkedHashMap<>(Map.of("type", "ipc", "path", "/proc/no-such/ns/ipc")));
        bundle.namespaces().removeIf(ns -> ((Map<?, ?>) ns).get("type").equals("ipc") && !((Map<?, ?>) ns).containsKey("path"));
        assertCreateFails("linux.namespaces");
    }

    @Test
    void missingBinary() {
        bundle.process().put("args", List.of("no-such-program"));
        assertCreateFails("executable file not found in $PATH");
    }

    @Test
    void invalidMountType() {
        bundle.mounts().add(new LinkedHashMap<>(Map.of("destination", "/x", "type", "nosuchfs", "source", "none")));
        assertCreateFails("mounts[6] (/x)");
    }

    @Test
    void failingInitStepNamesItsField() {
        // a mount over a path that cannot be a directory: /bin/busybox is a file
        bundle.mounts().add(new LinkedHashMap<>(Map.of("destination", "/bin/busybox/sub", "type", "tmpfs", "source", "tmpfs")));
        assertCreateFails("mounts[6] (/bin/busybox/sub)");
    }

    @Test
    void settingsCremaDoesNotApplyYetAreRefusedByName() {
        bundle.linux().put("netDevices", Map.of("eth9", Map.of("name", "eth9")));
        assertCreateFails("linux.netDevices");
    }

    @Test
    void securityLabelsTheHostCannotApplyAreRefused() {
        // this host runs neither AppArmor nor SELinux: like runc, crema refuses rather than run unconfined
        bundle.process().put("apparmorProfile", "crema-test");
        assertCreateFails("process.apparmorProfile: AppArmor is not enabled on this host");
        bundle.process().remove("apparmorProfile");
        bundle.process().put("selinuxLabel", "system_u:system_r:container_t:s0");
        assertCreateFails("process.selinuxLabel: selinux label is specified in config, but selinux is disabled");
        bundle.process().remove("selinuxLabel");
        bundle.linux().put("mountLabel", "system_u:object_r:container_file_t:s0");
        assertCreateFails("linux.mountLabel");
    }

    @Test
    void intelRdtOnAHostWithoutResctrlIsRefused() {
        bundle.linux().put("intelRdt", Map.of("closID", "crema"));
        assertCreateFails("linux.intelRdt: the host has no resctrl filesystem");
    }

    @Test
    void invalidId() {
        bundle.write();
        Crema.Result result = crema.run("create", "--bundle", bundle.dir.toString(), "bad/id").failed();
        assertTrue(result.stderr().contains("invalid container ID format"), result.stderr());
    }

    @Test
    void unknownContainerForEveryCommand() {
        for (String command : new String[] {"state", "start", "kill", "delete"}) {
            Crema.Result result = crema.run(command, "nope").failed();
            assertTrue(result.stderr().contains("container does not exist"), command + ": " + result.stderr());
        }
    }

    @Test
    void errorsGoToTheLogAsJsonLines() throws Exception {
        Path log = bundle.dir.resolve("log.json");
        crema.run("--log", log.toString(), "--log-format", "json", "state", "nope").failed();
        String line = Files.readString(log).strip();
        assertTrue(line.startsWith("{\"level\":\"error\",\"msg\":\"container does not exist\",\"time\":\""), line);
    }

    @Test
    void withoutALogFileJsonErrorsGoToStderr() {
        Crema.Result result = crema.run("--log-format=json", "state", "nope").failed();
        assertTrue(result.stderr().startsWith("{\"level\":\"error\",\"msg\":\"container does not exist\""), result.stderr());
    }

    @Test
    void unknownFlagIsAUsageError() {
        Crema.Result result = crema.run("create", "--no-such-flag", "x").failed();
        assertTrue(result.stderr().contains("flag provided but not defined: --no-such-flag"), result.stderr());
    }

    @Test
    void aControllerKilledMidCreateIsCleanedByDeleteForce() throws Exception {
        // what a create killed right after its first save leaves: a "creating" state whose controller is gone,
        // and the cgroup directory it had started to make
        String id = newId();
        Path dir = Files.createDirectories(crema.root().resolve(id));
        Path cgroup = Files.createDirectories(Path.of("/sys/fs/cgroup/pids/crema-it-killed-" + id));
        Files.writeString(dir.resolve("state.json"), """
                {"id": "%s", "bundle": "%s", "rootfs": "%s", "status": "creating",
                 "controllerPid": 999999999, "controllerStartTime": 1, "created": "2026-01-01T00:00:00Z",
                 "annotations": {}, "cgroupPaths": ["%s"], "cgroupDirs": ["%s"]}
                """.formatted(id, bundle.dir, bundle.rootfs(), cgroup, cgroup));
        assertTrue(crema.run("state", id).ok().stdout().contains("\"stopped\""));
        crema.run("delete", "--force", id).ok();
        assertTrue(!Files.exists(dir));
        assertTrue(!Files.exists(cgroup));
    }

    @Test
    void aStateDirWithoutStateIsRemovedByDeleteForce() throws Exception {
        String id = newId();
        Files.createDirectories(crema.root().resolve(id));
        crema.run("delete", "--force", id).ok();
        assertTrue(!Files.exists(crema.root().resolve(id)));
    }
}
