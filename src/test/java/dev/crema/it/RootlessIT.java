package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import dev.crema.testing.Requirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * crema run by an unprivileged user made for the test, side by side with runc run by the same user on the same
 * bundle: runc's rootless spec, a single-id user namespace, several ranges through newuidmap and newgidmap,
 * exec, kill and delete with nothing left behind, runc's cgroup rules (none where nothing is delegated, limits
 * refused there, a delegated cgroup used), and rootless podman with crema as its runtime.
 */
class RootlessIT {
    /** What the container reports about itself: every line of it must read the same under both runtimes. */
    private static final String SELF_REPORT = "id; cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; "
            + "grep -E '^(Cap|NoNewPrivs|Seccomp:)' /proc/self/status; cat /proc/self/cgroup; ls /dev; hostname";

    private static RootlessUser user;

    @BeforeAll
    static void makeUser() throws Exception {
        Requirement.needProgram(RuncPeer.RUNC.toString(), "runc");
        user = new RootlessUser();
    }

    @AfterAll
    static void removeUser() throws Exception {
        if (user != null) user.close();
    }

    private static void assertNothingLeft(String id, List<String> mountsBefore) throws Exception {
        assertEquals(List.of(), user.processesLeft(), "processes of " + user.name + " left behind");
        assertFalse(Files.exists(user.xdg.resolve("crema").resolve(id)), "state dir of " + id + " left behind");
        assertEquals(List.of(), HostSnapshot.cgroupsNamed(id), "cgroups of " + id + " left behind");
        assertEquals(mountsBefore, HostSnapshot.mountPoints(), "host mounts changed");
    }

    /** runc 1.1's `spec --rootless` but for the documented differences (DefaultSpecTest lists them). */
    @Test
    @SuppressWarnings("unchecked")
    void specRootlessIsRuncsForTheSameUser() throws Exception {
        Files.deleteIfExists(user.bundle.resolve("config.json"));
        user.runc("spec", "--rootless").ok();
        Map<String, Object> runc = (Map<String, Object>) Json.parse(Files.readString(user.bundle.resolve("config.json")));
        Files.delete(user.bundle.resolve("config.json"));
        user.crema("spec", "--rootless").ok();
        String cremaText = Files.readString(user.bundle.resolve("config.json"));
        Map<String, Object> crema = (Map<String, Object>) Json.parse(cremaText);
        runc.put("ociVersion", crema.get("ociVersion"));
        runc.put("hostname", "crema");
        ((Map<String, Object>) ((Map<String, Object>) runc.get("process")).get("capabilities")).remove("ambient");
        assertEquals(runc, crema);
        Map<String, Object> linux = (Map<String, Object>) crema.get("linux");
        assertEquals(List.of(Map.of("containerID", 0L, "hostID", user.uid, "size", 1L)), normalize(linux.get("uidMappings")));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> normalize(Object mappings) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object m : (List<Object>) mappings) {
            Map<String, Object> copy = new java.util.HashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                copy.put(e.getKey(), ((Number) e.getValue()).longValue());
            }
            out.add(copy);
        }
        return out;
    }

    @Test
    void singleIdContainerReadsAsUnderRunc() throws Exception {
        List<String> mounts = HostSnapshot.mountPoints();
        user.writeConfig(user.rootlessSpec("sh", "-c", SELF_REPORT));
        String crema = user.crema("run", "rl-single").ok().stdout();
        String runc = user.runc("run", "rl-single-runc").ok().stdout();
        assertEquals(runc, crema);
        // the user's own id as root, setgroups denied, devices bound from the host, no cgroup of its own
        assertTrue(crema.startsWith("uid=0(root) gid=0 groups=0"), crema);
        assertTrue(crema.contains("\ndeny\n"), crema);
        assertTrue(crema.contains("         0       " + user.uid + "          1\n"), crema);
        assertNothingLeft("rl-single", mounts);
        assertTrue(Files.isDirectory(user.xdg.resolve("crema")), "the default root is $XDG_RUNTIME_DIR/crema");
    }

    @Test
    @SuppressWarnings("unchecked")
    void detachedExecKillDeleteLeaveNothing() throws Exception {
        List<String> mounts = HostSnapshot.mountPoints();
        user.writeConfig(user.rootlessSpec("sleep", "1000"));
        String id = "rl-life";
        user.crema("run", "-d", id).ok();
        Map<String, Object> state = (Map<String, Object>) Json.parse(user.crema("state", id).ok().stdout());
        assertEquals("running", state.get("status"));
        assertTrue(user.crema("list").ok().stdout().contains(id));
        assertEquals("uid=0(root) gid=0 groups=0\ndeny\n",
                user.crema("exec", id, "sh", "-c", "id; cat /proc/self/setgroups").ok().stdout());
        // as runc: a user the namespace does not map is refused with runc's words, before anything starts
        assertTrue(user.crema("exec", "--user", "1000", id, "true").failed().stderr()
                .contains("cannot set uid to unmapped user in user namespace"));
        user.crema("kill", id, "KILL").ok();
        String status = "";
        for (int i = 0; i < 250 && !status.equals("stopped"); i++) {
            status = (String) ((Map<String, Object>) Json.parse(user.crema("state", id).ok().stdout())).get("status");
            if (!status.equals("stopped")) Thread.sleep(20);
        }
        assertEquals("stopped", status);
        user.crema("delete", id).ok();
        assertNothingLeft(id, mounts);
        // delete --force of a running one, and kill --all, which without a cgroup goes to the init
        user.crema("run", "-d", id).ok();
        user.crema("kill", "--all", id, "KILL").ok();
        user.crema("delete", "--force", id).ok();
        user.crema("run", "-d", id).ok();
        user.crema("delete", "--force", id).ok();
        assertNothingLeft(id, mounts);
    }

    /** More than the user's own id: the rest from its /etc/subuid range, through newuidmap and newgidmap. */
    @Test
    @SuppressWarnings("unchecked")
    void severalRangesGoThroughNewuidmapAsUnderRunc() throws Exception {
        List<String> mounts = HostSnapshot.mountPoints();
        Map<String, Object> config = user.rootlessSpec("sh", "-c", SELF_REPORT);
        Map<String, Object> linux = (Map<String, Object>) config.get("linux");
        long size = Math.min(user.subCount, 65536);
        linux.put("uidMappings", List.of(Map.of("containerID", 0, "hostID", user.uid, "size", 1),
                Map.of("containerID", 1, "hostID", user.subuid, "size", size)));
        linux.put("gidMappings", List.of(Map.of("containerID", 0, "hostID", user.gid, "size", 1),
                Map.of("containerID", 1, "hostID", user.subgid, "size", size)));
        ((Map<String, Object>) config.get("process")).put("user", Map.of("uid", 1000, "gid", 1000));
        user.writeConfig(config);
        String crema = user.crema("run", "rl-ranges").ok().stdout();
        String runc = user.runc("run", "rl-ranges-runc").ok().stdout();
        assertEquals(runc, crema);
        assertTrue(crema.startsWith("uid=1000 gid=1000"), crema);
        // newgidmap leaves setgroups allowed; the groups are kept, as runc keeps them
        assertTrue(crema.contains("\nallow\n"), crema);
        assertTrue(crema.contains("         1     " + user.subuid + "      " + size), crema);
        assertNothingLeft("rl-ranges", mounts);
        // a range that is not the user's: newuidmap refuses it, crema says which file to look at
        linux.put("uidMappings", List.of(Map.of("containerID", 0, "hostID", user.uid, "size", 1),
                Map.of("containerID", 1, "hostID", user.subuid + user.subCount, "size", 2000)));
        user.writeConfig(config);
        String error = user.crema("run", "rl-ranges").failed().stderr();
        assertTrue(error.contains("linux.uidMappings") && error.contains("/etc/subuid"), error);
        user.runc("run", "rl-ranges-runc").failed();
        assertNothingLeft("rl-ranges", mounts);
    }

    /**
     * newuidmap and newgidmap (setuid root) get only stdio: not the JVM's runtime image nor the container's lock
     * file. Wrappers first on PATH list their fds, then exec the real tools; under runc 1.1.5 they get more.
     */
    @Test
    @SuppressWarnings("unchecked")
    void newuidmapAndNewgidmapGetOnlyStdio() throws Exception {
        Path wrappers = Files.createDirectories(user.dir.resolve("wrappers"));
        for (String tool : List.of("newuidmap", "newgidmap")) {
            // exec'ed by a fresh sh -c: the shell running a script file holds it open at fd 10
            String list = "( exec >>" + wrappers.resolve(tool + ".fds") + "; echo RUN; for fd in $(seq 0 255); do"
                    + " [ -L /proc/self/fd/$fd ] && echo \"$fd $(readlink /proc/self/fd/$fd)\"; done ); exec /usr/bin/" + tool + " \"$@\"";
            Path wrapper = Files.writeString(wrappers.resolve(tool), "#!/bin/sh\nexec /bin/sh -c '" + list + "' " + tool + " \"$@\"\n");
            wrapper.toFile().setExecutable(true, false);
        }
        user.chown(wrappers);
        Map<String, Object> config = user.rootlessSpec("true");
        Map<String, Object> linux = (Map<String, Object>) config.get("linux");
        linux.put("uidMappings", List.of(Map.of("containerID", 0, "hostID", user.uid, "size", 1),
                Map.of("containerID", 1, "hostID", user.subuid, "size", 1)));
        linux.put("gidMappings", List.of(Map.of("containerID", 0, "hostID", user.gid, "size", 1),
                Map.of("containerID", 1, "hostID", user.subgid, "size", 1)));
        user.writeConfig(config);
        String path = "PATH=" + wrappers + ":/usr/bin:/bin";
        user.run(user.bundle, List.of("env", path, user.crema.toString(), "run", "rl-idmap-fds")).ok();
        user.run(user.bundle, List.of("env", path, RuncPeer.RUNC.toString(), "run", "rl-idmap-fds-runc")).ok();
        for (String tool : List.of("newuidmap", "newgidmap")) {
            String listings = Files.readString(wrappers.resolve(tool + ".fds"));
            // crema's run, then runc's
            String[] runs = listings.split("RUN\n");
            assertEquals(3, runs.length, tool + " ran once under each runtime: " + listings);
            assertEquals(List.of("0", "1", "2"), runs[1].lines().map(l -> l.split(" ")[0]).toList(), tool + ": " + listings);
            // runc 1.1.5's nsexec runs it with the init's fds (init pipe, exec fifo, sockets): crema is stricter
            assertTrue(runs[2].lines().count() > 3, "runc's " + tool + ": " + listings);
        }
    }

    /** oom_score_adj: raised as asked under both runtimes; below the caller's own refused by the kernel under both. */
    @Test
    @SuppressWarnings("unchecked")
    void oomScoreAdjAsUnderRunc() throws Exception {
        List<String> mounts = HostSnapshot.mountPoints();
        Map<String, Object> config = user.rootlessSpec("cat", "/proc/self/oom_score_adj");
        ((Map<String, Object>) config.get("process")).put("oomScoreAdj", 500);
        user.writeConfig(config);
        assertEquals("500\n", user.crema("run", "rl-oom").ok().stdout());
        assertEquals("500\n", user.runc("run", "rl-oom-runc").ok().stdout());
        ((Map<String, Object>) config.get("process")).put("oomScoreAdj", -1000);
        user.writeConfig(config);
        assertTrue(user.crema("run", "rl-oom").failed().stderr().contains("process.oomScoreAdj"));
        user.runc("run", "rl-oom-runc").failed();
        assertNothingLeft("rl-oom", mounts);
    }

    /**
     * Nothing is delegated to the user here: without limits and without a cgroupsPath the container runs in the
     * user's own cgroups (as above); a limit, or a cgroupsPath, fails create under both runtimes.
     */
    @Test
    @SuppressWarnings("unchecked")
    void undelegatedCgroupsFollowRuncsRules() throws Exception {
        List<String> mounts = HostSnapshot.mountPoints();
        Map<String, Object> config = user.rootlessSpec("true");
        Map<String, Object> linux = (Map<String, Object>) config.get("linux");
        linux.put("resources", Map.of("pids", Map.of("limit", 10)));
        user.writeConfig(config);
        String error = user.crema("run", "rl-cg").failed().stderr();
        assertTrue(error.contains("linux.resources.pids.limit: cannot set limit: container could not join or create cgroup"), error);
        assertTrue(user.runc("run", "rl-cg-runc").failed().stderr().contains("container could not join or create cgroup"));
        assertNothingLeft("rl-cg", mounts);
        // device rules alone need no cgroup: runc ignores them for a rootless container
        linux.put("resources", Map.of("devices", List.of(Map.of("allow", false, "access", "rwm"))));
        user.writeConfig(config);
        user.crema("run", "rl-cg").ok();
        user.runc("run", "rl-cg-runc").ok();
        linux.remove("resources");
        linux.put("cgroupsPath", "/crema-rl-path");
        user.writeConfig(config);
        assertTrue(user.crema("run", "rl-cg").failed().stderr().contains("permission denied"));
        assertTrue(user.runc("run", "rl-cg-runc").failed().stderr().contains("permission denied"));
        assertNothingLeft("rl-cg", mounts);
        assertEquals(List.of(), HostSnapshot.cgroupsNamed("crema-rl-path"));
    }

    /**
     * A pids cgroup delegated to the user (owned by it, as systemd's Delegate= does on v2): the user moves itself
     * there and the container's cgroup is made under it with its limit, in that hierarchy only; the same for runc.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aDelegatedCgroupIsUsed() throws Exception {
        Path pids = Path.of("/sys/fs/cgroup/pids");
        Requirement.machineKindLacks(!Files.exists(pids.resolve("cgroup.procs")), "no cgroup v1 pids hierarchy (pure v2)");
        List<String> mounts = HostSnapshot.mountPoints();
        Path delegated = pids.resolve(user.name);
        Files.createDirectory(delegated);
        try {
            Crema.exec(List.of("chown", user.name, delegated.toString(), delegated.resolve("cgroup.procs").toString(),
                    delegated.resolve("tasks").toString()), null).ok();
            Map<String, Object> config = user.rootlessSpec("sh", "-c", "grep pids /proc/self/cgroup");
            ((Map<String, Object>) config.get("linux")).put("resources", Map.of("pids", Map.of("limit", 10)));
            user.writeConfig(config);
            String enter = "echo $$ > " + delegated.resolve("cgroup.procs") + " && exec \"$@\"";
            List<String> crema = List.of("sh", "-c", enter, "sh", user.crema.toString(), "run", "rl-deleg");
            List<String> runc = List.of("sh", "-c", enter, "sh", RuncPeer.RUNC.toString(), "run", "rl-deleg-runc");
            assertEquals(user.run(user.bundle, runc).ok().stdout().replace("rl-deleg-runc", "rl-deleg"),
                    user.run(user.bundle, crema).ok().stdout());
            assertNothingLeft("rl-deleg", mounts);
            assertEquals(List.of(), HostSnapshot.cgroupsNamed("rl-deleg-runc"));
        } finally {
            Files.deleteIfExists(delegated);
        }
    }

    /** Rootless podman (its own user namespace, vfs storage, no network) with crema, then runc, as its runtime. */
    /**
     * A rootless user's `crema server start` serves $XDG_RUNTIME_DIR/crema, the CLI's default root for it; the
     * native client must look for the server there too, or every command of that user falls back to the JVM.
     */
    @Test
    void theClientFindsARootlessServerAtTheDefaultRoot() throws Exception {
        List<String> mounts = HostSnapshot.mountPoints();
        user.crema("server", "start").ok();
        try {
            String status = serverStatus();
            assertTrue(status.contains("root " + user.xdg.resolve("crema") + "\n"), status);
            long before = served(status);
            user.writeConfig(user.rootlessSpec("echo", "served"));
            assertEquals("served\n", user.crema("run", "rl-served").ok().stdout());
            assertTrue(served(serverStatus()) > before, "the run went to the server: " + serverStatus());
        } finally {
            user.crema("server", "stop").ok();
        }
        assertNothingLeft("rl-served", mounts);
    }

    /** `server status` answered by the JVM controller itself, so that asking is not counted as served. */
    private static String serverStatus() {
        return user.run(user.bundle, List.of("env", "CREMA_NO_SERVER=1", user.crema.toString(), "server", "status"))
                .ok().stdout();
    }

    private static long served(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("served ")) return Long.parseLong(line.substring(7).trim());
        }
        throw new AssertionError("no served line: " + status);
    }

    @Test
    void rootlessPodmanRunsExecsAndStops() throws Exception {
        Requirement.needProgram("/usr/bin/podman", "podman");
        Requirement.needProgram("/usr/bin/slirp4netns", "slirp4netns");
        List<String> mounts = HostSnapshot.mountPoints();
        Path config = Files.createDirectories(user.home.resolve(".config/containers"));
        Files.writeString(config.resolve("storage.conf"), """
                [storage]
                driver = "vfs"
                runroot = "%s"
                graphroot = "%s"
                """.formatted(user.xdg.resolve("containers"), user.home.resolve("storage")));
        Files.writeString(config.resolve("containers.conf"), """
                [engine]
                cgroup_manager = "cgroupfs"
                events_logger = "file"
                runtime = "crema"
                runtime_supports_json = ["crema", "crun", "runc"]
                [engine.runtimes]
                crema = ["%s"]
                """.formatted(user.crema));
        Path image = Files.createDirectory(user.dir.resolve("image"));
        EngineFixture.busyboxRootfs(image, RootlessUser.APPLETS);
        Crema.exec(List.of("tar", "-C", image.resolve("rootfs").toString(), "-cf", image.resolve("busybox.tar").toString(), "."), null).ok();
        user.chown(user.home, image);
        String tag = "localhost/crema-rootless-busybox";
        podman("crema", "import", image.resolve("busybox.tar").toString(), tag).ok();
        List<String> seen = new ArrayList<>();
        for (String runtime : new String[] {user.crema.toString(), RuncPeer.RUNC.toString()}) {
            assertEquals("hello\n", podman(runtime, "run", "--rm", "--network", "none", tag, "echo", "hello").ok().stdout());
            String id = podman(runtime, "run", "-d", "--network", "none", tag, "sleep", "1000").ok().stdout().trim();
            if (runtime.equals(user.crema.toString())) {
                // podman passes no --root: crema, root in podman's user namespace, keeps its state as the user's
                assertTrue(Files.isDirectory(user.xdg.resolve("crema").resolve(id)), "state under $XDG_RUNTIME_DIR/crema");
            }
            seen.add(podman(runtime, "exec", id, "sh", "-c", SELF_REPORT.replace("; hostname", "")).ok().stdout());
            podman(runtime, "stop", "-t", "1", id).ok();
            assertEquals("exited\n", podman(runtime, "inspect", "-f", "{{.State.Status}}", id).ok().stdout());
            podman(runtime, "rm", id).ok();
        }
        // podman's user namespace, its root, the same capabilities and devices: what runc gives, crema gives
        assertEquals(seen.get(1), seen.get(0));
        podman("crema", "rmi", tag).ok();
        user.endPodmanPause();
        assertEquals(List.of(), user.processesLeft());
        assertEquals(mounts, HostSnapshot.mountPoints(), "host mounts changed");
        try (var left = Files.list(user.xdg.resolve("crema"))) {
            assertEquals(0, left.count(), "crema state left under $XDG_RUNTIME_DIR/crema");
        }
    }

    private static Crema.Result podman(String runtime, String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        if (!runtime.equals("crema")) command.addAll(List.of("--runtime", runtime));
        command.addAll(List.of(args));
        return user.run(user.home, command);
    }
}
