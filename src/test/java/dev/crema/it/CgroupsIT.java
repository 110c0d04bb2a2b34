package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
            bundle.script("sleep 1000").write();
            Crema.Result created = crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
            // runc 1.1.5's words (it warns, and will refuse in 1.2)
            assertTrue(created.stderr().contains("container's cgroup is not empty: 1 process(es) found"), created.stderr());
            crema.run("delete", "--force", id).ok();
            assertTrue(Files.isDirectory(shared), "a cgroup crema did not make is left alone");
            assertTrue(bystander.isAlive(), "and so are the other processes in it");
            assertEquals(Long.toString(bystander.pid()), Files.readString(shared.resolve("cgroup.procs")).trim());
        } finally {
            bystander.destroyForcibly().waitFor();
            removeEverywhere(shared.getFileName().toString());
        }
    }

    /** Removes a cgroup the test made (or runc left) in every hierarchy, waiting while it is still busy. */
    private static void removeEverywhere(String name) throws Exception {
        List<Path> hierarchies;
        try (var all = Files.list(Path.of("/sys/fs/cgroup"))) {
            hierarchies = all.filter(Files::isDirectory).toList(); // runc makes parents in every one, blkio included
        }
        for (Path h : hierarchies) {
            Path dir = h.resolve(name);
            for (int i = 0; i < 50 && Files.exists(dir); i++) {
                try {
                    Files.delete(dir);
                } catch (java.io.IOException busy) {
                    Thread.sleep(20);
                }
            }
        }
    }

    @Test
    void aFrozenCgroupIsRefusedAsByRunc() throws Exception {
        String name = "crema-it-frozen-" + ProcessHandle.current().pid();
        Path frozen = Files.createDirectories(Path.of("/sys/fs/cgroup/freezer", name));
        try (RuncPeer runc = new RuncPeer(crema)) {
            Files.writeString(frozen.resolve("freezer.state"), "FROZEN");
            bundle.linux().put("cgroupsPath", "/" + name);
            String refused = assertCreateFails("container's cgroup unexpectedly frozen");
            assertTrue(refused.contains("linux.cgroupsPath /" + name), refused);
            Crema.Result fromRunc = runc.run("create", "--bundle", bundle.dir.toString(), newId() + "-runc");
            assertTrue(fromRunc.exitCode() != 0 && fromRunc.stderr().contains("container's cgroup unexpectedly frozen"),
                    fromRunc.stderr());
        } finally {
            Files.writeString(frozen.resolve("freezer.state"), "THAWED");
            removeEverywhere(name);
        }
    }

    @Test
    void aCgroupUnderAParentWithNoCpusGetsTheParentsAsUnderRunc() throws Exception {
        String[] parents = {"crema-it-nocpus-" + ProcessHandle.current().pid(), "crema-it-nocpus-runc-" + ProcessHandle.current().pid()};
        try (RuncPeer runc = new RuncPeer(crema)) {
            for (String parent : parents) {
                Path dir = Files.createDirectories(Path.of("/sys/fs/cgroup/cpuset", parent));
                assertEquals("", Files.readString(dir.resolve("cpuset.cpus")).trim(), "a new v1 cpuset starts empty");
            }
            String id = newId();
            bundle.script("echo ran");
            bundle.linux().put("cgroupsPath", "/" + parents[0] + "/" + id);
            assertEquals("ran\n", crema.run("run", "--bundle", bundle.write().dir.toString(), id).ok().stdout());
            bundle.linux().put("cgroupsPath", "/" + parents[1] + "/" + id + "-runc");
            assertEquals("ran\n", runc.run("run", "--bundle", bundle.write().dir.toString(), id + "-runc").ok().stdout());
            String hostCpus = Files.readString(Path.of("/sys/fs/cgroup/cpuset/cpuset.cpus")).trim();
            for (String parent : parents) {
                assertEquals(hostCpus, Files.readString(Path.of("/sys/fs/cgroup/cpuset", parent, "cpuset.cpus")).trim(), parent);
            }
        } finally {
            for (String parent : parents) removeEverywhere(parent);
        }
    }

    @Test
    void deleteForceRemovesTheSubCgroupsTheContainerMadeAsRuncDoes() throws Exception {
        try (RuncPeer runc = new RuncPeer(crema)) {
            String id = newId();
            long pid = createSleeping(id);
            bundle.linux().put("cgroupsPath", "/" + id + "-runc");
            runc.run("create", "--bundle", bundle.write().dir.toString(), id + "-runc").ok();
            long runcPid = ((Number) ((Map<?, ?>) Json.parse(runc.run("state", id + "-runc").ok().stdout())).get("pid")).longValue();
            // what a container with a writable cgroupfs does: a sub-cgroup, with its process moved in
            Path[][] subs = {{Path.of("/sys/fs/cgroup/pids/crema", id, "sub")}, {Path.of("/sys/fs/cgroup/pids", id + "-runc", "sub")}};
            long[] pids = {pid, runcPid};
            for (int i = 0; i < 2; i++) {
                Files.createDirectories(subs[i][0].resolve("deeper"));
                Files.writeString(subs[i][0].resolve("deeper/cgroup.procs"), Long.toString(pids[i]));
            }
            runc.run("delete", "--force", id + "-runc").ok();
            crema.run("delete", "--force", id).ok();
            assertFalse(Files.exists(subs[1][0].getParent()), "runc removes the container's cgroup with its sub-cgroups");
            assertFalse(Files.exists(subs[0][0].getParent()), "and so does crema");
        }
    }
}
