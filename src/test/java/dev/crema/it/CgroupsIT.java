package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** linux.cgroupsPath on this hybrid host: the container is in every hierarchy, and only what crema made goes. */
class CgroupsIT extends ContainerTest {
    private static final String[] HIERARCHIES = {"pids", "memory", "cpu", "cpuset", "freezer", "systemd", "unified"};

    @SuppressWarnings("unchecked")
    private long createSleeping(String id) {
        bundle.script("sleep 1000").write();
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        return ((Number) ((Map<String, Object>) Json.parse(crema.run("state", id).ok().stdout())).get("pid")).longValue();
    }

    @Test
    void theDefaultCgroupIsCremaSlashIdInEveryHierarchy() throws Exception {
        String id = newId();
        long pid = createSleeping(id);
        for (String h : HIERARCHIES) {
            Path procs = Path.of("/sys/fs/cgroup", h, "crema", id, "cgroup.procs");
            assertTrue(Files.readString(procs).contains(Long.toString(pid)), procs.toString());
        }
        crema.run("delete", "--force", id).ok();
        for (String h : HIERARCHIES) assertFalse(Files.exists(Path.of("/sys/fs/cgroup", h, "crema", id)), h);
    }

    @Test
    void fromANewUserNamespaceTheProcessIsInEveryHierarchyToo() throws Exception {
        // the init joins v1 through tasks files it opened as host root; v2 is the controller's part then
        bundle.addNamespace("user");
        bundle.linux().put("uidMappings", java.util.List.of(Map.of("containerID", 0, "hostID", 100000, "size", 65536)));
        bundle.linux().put("gidMappings", java.util.List.of(Map.of("containerID", 0, "hostID", 100000, "size", 65536)));
        String id = newId();
        long pid = createSleeping(id);
        String cgroups = Files.readString(Path.of("/proc/" + pid + "/cgroup"));
        for (String line : cgroups.strip().split("\n")) {
            assertTrue(line.endsWith(":/crema/" + id), "every hierarchy, v2 (0::) included: " + cgroups);
        }
        assertTrue(cgroups.contains("\n0::/crema/" + id + "\n"), "v2, by the controller: " + cgroups);
    }

    @Test
    void anAbsoluteCgroupsPathIsCreatedAndRemovedWhole() throws Exception {
        String id = newId();
        String path = "/crema-it-explicit-" + ProcessHandle.current().pid() + "/" + id;
        bundle.linux().put("cgroupsPath", path);
        long pid = createSleeping(id);
        assertTrue(Files.readString(Path.of("/sys/fs/cgroup/memory" + path, "cgroup.procs")).contains(Long.toString(pid)));
        crema.run("delete", "--force", id).ok();
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory" + path).getParent()), "the parent crema made goes too");
    }

    @Test
    void aCgroupCremaDidNotMakeStaysWithItsOtherProcesses() throws Exception {
        Path shared = Files.createDirectories(Path.of("/sys/fs/cgroup/pids/crema-it-shared-" + ProcessHandle.current().pid()));
        java.lang.Process bystander = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(shared.resolve("cgroup.procs"), Long.toString(bystander.pid()));
            String id = newId();
            bundle.linux().put("cgroupsPath", "/" + shared.getFileName());
            createSleeping(id);
            crema.run("delete", "--force", id).ok();
            assertTrue(Files.isDirectory(shared), "a cgroup crema did not make is left alone");
            assertTrue(bystander.isAlive(), "and so are the other processes in it");
            assertEquals(Long.toString(bystander.pid()), Files.readString(shared.resolve("cgroup.procs")).trim());
        } finally {
            bystander.destroyForcibly().waitFor();
            for (String h : HIERARCHIES) {
                Path dir = Path.of("/sys/fs/cgroup", h, shared.getFileName().toString());
                for (int i = 0; i < 50 && Files.exists(dir); i++) {
                    try {
                        Files.delete(dir);
                    } catch (java.io.IOException busy) {
                        Thread.sleep(20);
                    }
                }
            }
        }
    }
}
