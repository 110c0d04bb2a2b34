package dev.crema.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layout detection and path logic against text and a fake tree; placement and removal on the real hierarchy. */
class CgroupTest {
    private static final List<String> HYBRID = List.of(
            "25 1 0:22 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "26 25 0:23 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset",
            "27 25 0:24 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
            "28 25 0:25 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd",
            "29 25 0:26 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");
    private static final List<String> OWN = List.of("3:cpuset:/", "2:memory:/user/me", "1:name=systemd:/", "0::/");

    @TempDir
    Path tmp;

    @Test
    void systemdUnitIsBelowSystemdsRootInEveryHierarchy() {
        CgroupLayout layout = CgroupLayout.parse(HYBRID, OWN);
        // pid 1 sits in init.scope, which is not part of the root; a hierarchy it does not name is at "/"
        Cgroup scope = layout.systemdUnit("/system.slice/crema-c1.scope",
                List.of("3:cpuset:/", "2:memory:/init.scope", "1:name=systemd:/init.scope", "0::/init.scope"));
        assertEquals(List.of("/sys/fs/cgroup/cpuset/system.slice/crema-c1.scope", "/sys/fs/cgroup/memory/system.slice/crema-c1.scope",
                "/sys/fs/cgroup/systemd/system.slice/crema-c1.scope", "/sys/fs/cgroup/unified/system.slice/crema-c1.scope"),
                scope.leafPaths());
        assertFalse(layout.isUnified());
    }

    @Test
    void hybridLayoutHasEveryHierarchy() {
        CgroupLayout layout = CgroupLayout.parse(HYBRID, OWN);
        assertEquals(List.of("cpuset", "memory", "name=systemd", ""),
                layout.hierarchies().stream().map(Hierarchy::controllers).toList());
        assertTrue(layout.hierarchies().getLast().isV2());
    }

    @Test
    void defaultAbsoluteAndRelativePaths() {
        CgroupLayout layout = CgroupLayout.parse(HYBRID, OWN);
        assertEquals("/sys/fs/cgroup/memory/crema/c1", layout.cgroup("", "c1").leafPaths().get(1));
        assertEquals("/sys/fs/cgroup/memory/a/b", layout.cgroup("/a/b", "c1").leafPaths().get(1));
        assertEquals("/sys/fs/cgroup/memory/user/me/a", layout.cgroup("a", "c1").leafPaths().get(1));
    }

    @Test
    void dotDotAndSystemdPathsAreRefusedByField() {
        CgroupLayout layout = CgroupLayout.parse(HYBRID, OWN);
        assertTrue(assertThrows(CgroupException.class, () -> layout.cgroup("/a/../b", "c")).getMessage()
                .startsWith("linux.cgroupsPath /a/../b: must not contain"));
        assertTrue(assertThrows(CgroupException.class, () -> layout.cgroup("system.slice:crema:c", "c")).getMessage()
                .contains("systemd"));
    }

    @Test
    void oomKillsAreReadFromTheMemoryHierarchyOfEitherVersion() throws IOException {
        Path pids = Files.createDirectories(tmp.resolve("pids/c"));
        Path memory = Files.createDirectories(tmp.resolve("memory/c"));
        Path unified = Files.createDirectories(tmp.resolve("unified/c"));
        Files.writeString(memory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        Files.writeString(unified.resolve("memory.events"), "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n");
        assertEquals(new Cgroup.OomKills(memory, 2), Cgroup.ofLeaves(List.of(pids.toString(), memory.toString())).oomKills());
        assertEquals(new Cgroup.OomKills(unified, 1), Cgroup.ofLeaves(List.of(pids.toString(), unified.toString())).oomKills());
        assertEquals(null, Cgroup.ofLeaves(List.of(pids.toString())).oomKills());
    }

    @Test
    void createRecordsOnlyWhatItMakesAndDestroyRemovesOnlyThat() throws IOException {
        Path mount = Files.createDirectories(tmp.resolve("pids"));
        Files.createDirectories(mount.resolve("existing"));
        Hierarchy h = new Hierarchy(mount, "cgroup", "pids", "/");
        Cgroup cgroup = new CgroupLayout(List.of(h)).cgroup("/existing/new/leaf", "x");
        List<String> missing = cgroup.missingDirs();
        assertEquals(List.of(mount.resolve("existing/new").toString(), mount.resolve("existing/new/leaf").toString()), missing);
        cgroup.create();
        assertTrue(Files.isDirectory(mount.resolve("existing/new/leaf")));
        cgroup.destroy(missing);
        assertFalse(Files.exists(mount.resolve("existing/new")));
        assertTrue(Files.isDirectory(mount.resolve("existing")), "a directory crema did not make stays");
    }

    @Test
    void theDefaultParentIsCremasOwnAndGoesWithTheLastContainer() throws IOException {
        Path mount = Files.createDirectories(tmp.resolve("pids"));
        CgroupLayout layout = new CgroupLayout(List.of(new Hierarchy(mount, "cgroup", "pids", "/")));
        Cgroup first = layout.cgroup("", "a");
        List<String> firstDirs = first.missingDirs();
        first.create();
        Cgroup second = layout.cgroup(null, "b");
        List<String> secondDirs = second.missingDirs();
        second.create();
        assertEquals(List.of(mount.resolve("crema").toString(), mount.resolve("crema/b").toString()), secondDirs);
        first.destroy(firstDirs);
        assertTrue(Files.isDirectory(mount.resolve("crema/b")));
        second.destroy(secondDirs);
        assertFalse(Files.exists(mount.resolve("crema")));
    }

    @Test
    void realCgroupV1AndV2PlaceAndRemoveAProcess() throws Exception {
        CgroupLayout layout = CgroupLayout.detect();
        String id = "crema-unit-" + ProcessHandle.current().pid();
        Cgroup cgroup = layout.cgroup("/" + id, id);
        List<String> made = cgroup.missingDirs();
        java.lang.Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            cgroup.create();
            cgroup.addProcess((int) sleeper.pid());
            assertEquals(List.of((int) sleeper.pid()), cgroup.pids());
            for (String leaf : cgroup.leafPaths()) {
                assertTrue(Files.readString(Path.of(leaf, "cgroup.procs")).contains(Long.toString(sleeper.pid())), leaf);
                if (leaf.contains("/cpuset/")) {
                    // a new v1 cpuset refuses tasks until it has its parent's cpus and mems
                    assertFalse(Files.readString(Path.of(leaf, "cpuset.cpus")).isBlank());
                    assertFalse(Files.readString(Path.of(leaf, "cpuset.mems")).isBlank());
                }
            }
        } finally {
            sleeper.destroyForcibly().waitFor();
            cgroup.destroy(made);
        }
        for (String dir : made) assertFalse(Files.exists(Path.of(dir)), dir);
    }
}
