package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import dev.crema.spec.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Configs that real engines and `runc spec` write, run under runc 1.1.5 and under crema on the same bundle in the
 * same test: the exit code and what the container printed must be the same.
 */
class DropInIT extends ContainerTest {
    private static final Path RUNC = Path.of("/usr/sbin/runc");

    /** What one runtime gave for the bundle: its exit code and the container's stdout. */
    record Outcome(int exitCode, String stdout) {}

    /** Runs the bundle as it is now under runc, then under crema, and checks both gave the same. */
    private Outcome assertSameAsRunc() {
        Outcome runc = underRunc();
        Outcome ours = underCrema();
        assertEquals(runc, ours, "runc gave " + runc + ", crema " + ours + " (crema's stderr: " + cremaStderr + ")");
        return ours;
    }

    private String cremaStderr = "";

    private Outcome underCrema() {
        Crema.Result result = runContainer();
        cremaStderr = result.stderr();
        return new Outcome(result.exitCode(), result.stdout());
    }

    private Outcome underRunc() {
        assertTrue(Files.isExecutable(RUNC), "runc 1.1.5 at " + RUNC + " (installed by ./test)");
        bundle.write();
        Path runcRoot = crema.root().resolveSibling(crema.root().getFileName() + "-runc");
        String id = "crema-it-runc-" + ProcessHandle.current().pid();
        try {
            Crema.Result result = Crema.exec(List.of(RUNC.toString(), "--root", runcRoot.toString(), "run", "--bundle",
                    bundle.dir.toString(), id), null);
            return new Outcome(result.exitCode(), result.stdout());
        } finally {
            Crema.exec(List.of(RUNC.toString(), "--root", runcRoot.toString(), "delete", "--force", id), null);
            Crema.exec(List.of("rm", "-rf", runcRoot.toString()), null);
        }
    }

    // bundles runc refuses

    @Test
    void aRootfsThatIsASymlinkIsRefusedByBoth() throws IOException {
        Files.createSymbolicLink(bundle.dir.resolve("linked"), Path.of("rootfs"));
        bundle.config.put("root", new LinkedHashMap<>(Map.of("path", "linked")));
        assertEquals(1, underRunc().exitCode());
        assertCreateFails("root.path: invalid rootfs: not an absolute path, or a symlink");
    }

    // 1. capabilities

    @Test
    void ambientCapsOfRuncSpecThatAreNotInheritableAreSkipped() {
        Map<String, Object> caps = new LinkedHashMap<>();
        List<String> three = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
        for (String set : new String[] {"bounding", "effective", "permitted", "ambient"}) caps.put(set, three);
        bundle.process().put("capabilities", caps);
        bundle.script("grep ^Cap /proc/self/status");
        assertEquals(0, assertSameAsRunc().exitCode());
    }

    @Test
    void ambientCapsThatAreInheritableAreRaised() {
        Map<String, Object> caps = new LinkedHashMap<>();
        List<String> three = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");
        for (String set : new String[] {"bounding", "effective", "permitted", "ambient"}) caps.put(set, three);
        caps.put("inheritable", List.of("CAP_KILL"));
        bundle.process().put("capabilities", caps);
        bundle.process().put("user", Map.of("uid", 1000, "gid", 1000));
        bundle.script("grep ^Cap /proc/self/status");
        assertTrue(assertSameAsRunc().stdout().contains("CapAmb:\t0000000000000020"));
    }

    // 2. rootfsPropagation

    @Test
    void everyRootfsPropagationRunsAsUnderRunc() {
        // every mount's point, options and propagation (peer group numbers differ from run to run)
        bundle.script("cut -d' ' -f5- /proc/self/mountinfo | sed -E 's/ - .*//; s/:[0-9]+//g'");
        for (String propagation : new String[] {"shared", "rshared", "slave", "rslave", "private", "rprivate"}) {
            bundle.linux().put("rootfsPropagation", propagation);
            assertEquals(0, assertSameAsRunc().exitCode(), propagation);
        }
    }

    // 3. namespaces

    @Test
    void withoutAMountNamespaceTheMountsAreMadeInTheHostsAndTheProcessChroots() throws Exception {
        bundle.namespaces().removeIf(ns -> ((Map<?, ?>) ns).get("type").equals("mount"));
        bundle.linux().remove("maskedPaths");
        bundle.linux().remove("readonlyPaths");
        bundle.mounts().removeIf(m -> !((Map<?, ?>) m).get("destination").equals("/proc"));
        bundle.script("ls /; ls /proc/self/fd | wc -l");
        try {
            Outcome runc = underRunc();
            unmountUnder(bundle.rootfs()); // runc leaves them in the host's namespace, and so does crema
            Outcome ours = underCrema();
            assertEquals(runc, ours);
            assertEquals(0, ours.exitCode());
        } finally {
            unmountUnder(bundle.rootfs());
        }
    }

    @Test
    void withoutAMountNamespaceMaskedPathsAreRefusedByBoth() {
        bundle.namespaces().removeIf(ns -> ((Map<?, ?>) ns).get("type").equals("mount"));
        assertTrue(underRunc().exitCode() != 0);
        assertCreateFails("linux.maskedPaths: unable to restrict sys entries without a private MNT namespace");
    }

    @Test
    void aMountNamespaceJoinedByPathIsSetUpAsANewOne() throws Exception {
        bundle.script("ls /; grep -c ' /proc ' /proc/self/mountinfo");
        assertEquals(0, inJoinedNamespaces("mount", pid -> {}).exitCode());
    }

    @Test
    void aHostnameIsSetInAUtsNamespaceJoinedByPath() throws Exception {
        bundle.config.put("hostname", "joined-uts");
        bundle.script("hostname");
        Outcome ours = inJoinedNamespaces("uts", pid -> assertEquals("joined-uts", hostnameOf(pid)));
        assertEquals("joined-uts\n", ours.stdout());
    }

    /**
     * The bundle under runc and under crema, each joining by path a namespace of this type that a sleeping
     * process of its own holds (pivot_root changes the root of the namespace it runs in, so they cannot share
     * one); {@code afterCrema} checks crema's holder. Returns crema's outcome, equal to runc's.
     */
    private Outcome inJoinedNamespaces(String type, java.util.function.LongConsumer afterCrema) throws Exception {
        String flag = type.equals("mount") ? "-m" : "-u";
        Process forRunc = holder(flag);
        Process forCrema = holder(flag);
        try {
            joinNamespace(type, forRunc.pid());
            Outcome runc = underRunc();
            joinNamespace(type, forCrema.pid());
            Outcome ours = underCrema();
            assertEquals(runc, ours);
            afterCrema.accept(forCrema.pid());
            return ours;
        } finally {
            forRunc.destroyForcibly().waitFor();
            forCrema.destroyForcibly().waitFor();
        }
    }

    // 4. the last steps before exec

    @Test
    void aCwdOnlyRootCanEnterWorksForAnotherUser() throws IOException {
        Files.setPosixFilePermissions(bundle.rootfs().resolve("root"), PosixFilePermissions.fromString("rwx------"));
        bundle.process().put("user", Map.of("uid", 42, "gid", 42));
        bundle.process().put("cwd", "/root");
        bundle.script("pwd; id");
        assertEquals("/root\nuid=42 gid=42\n", assertSameAsRunc().stdout());
    }

    @Test
    void aCwdOnlyTheUserCanEnterWorksToo() throws IOException {
        Path home = Files.createDirectories(bundle.rootfs().resolve("home/u"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Files.setAttribute(home, "unix:uid", 42);
        bundle.process().put("user", Map.of("uid", 42, "gid", 42));
        bundle.process().put("cwd", "/home/u");
        bundle.script("pwd");
        assertEquals("/home/u\n", assertSameAsRunc().stdout());
    }

    @Test
    void aProfileRefusingTheRuntimesOwnSyscallsDoesNotBreakIt() {
        Map<String, Object> profile = dockerProfileWithout(List.of("chdir", "fchdir", "capset", "setresuid", "setresgid",
                "setgroups", "umask", "newfstatat", "faccessat", "faccessat2"));
        bundle.linux().put("seccomp", profile);
        bundle.process().put("cwd", "/tmp");
        bundle.script("echo ok");
        assertEquals(new Outcome(0, "ok\n"), assertSameAsRunc());
    }

    @Test
    void aSyscallNewerThanTheProfileGetsEnosysNotTheDefaultErrno() throws Exception {
        Path probe = bundle.rootfs().resolve("bin/syscall-probe");
        Crema.exec(List.of("gcc", "-static", "-O2", "-o", probe.toString(),
                Crema.REPO.resolve("src/test/resources/syscall-probe.c").toString()), null).ok();
        bundle.linux().put("seccomp", dockerProfileWithout(List.of()));
        // 999 is above every syscall docker's profile names (and every syscall there is): ENOSYS, not EPERM
        bundle.process().put("args", List.of("/bin/syscall-probe", "999"));
        assertEquals(new Outcome(0, "-1 38\n"), assertSameAsRunc());
    }

    // 5. mounts

    @Test
    void aReadOnlyDevIsMadeReadOnlyAfterItsSubmounts() {
        addMountOption("/dev", "ro");
        bundle.script("grep ' /dev' /proc/self/mountinfo | cut -d' ' -f5,6; touch /dev/x 2>/dev/null || echo refused");
        assertTrue(assertSameAsRunc().stdout().contains("/dev ro,nosuid\n"));
    }

    @Test
    void aBindSourceTheContainersRootCannotReachIsOpenedBeforeTheUserNamespace() throws IOException {
        Path hidden = Files.createDirectories(bundle.dir.resolve("private/data"));
        Files.setPosixFilePermissions(hidden.getParent(), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(hidden.resolve("f"), "reached\n");
        // the container's root may not create it in a rootfs the host's root owns (runc cannot either)
        Files.createDirectories(bundle.rootfs().resolve("data"));
        bundle.addNamespace("user");
        bundle.linux().put("uidMappings", List.of(Map.of("containerID", 0, "hostID", 100000, "size", 65536)));
        bundle.linux().put("gidMappings", List.of(Map.of("containerID", 0, "hostID", 100000, "size", 65536)));
        bundle.mounts().removeIf(m -> ((Map<?, ?>) m).get("destination").equals("/sys"));
        bundle.mounts().add(Map.of("destination", "/data", "type", "bind", "source", hidden.toString(),
                "options", List.of("rbind", "ro")));
        bundle.script("cat /data/f; grep ' /data ' /proc/self/mountinfo | cut -d' ' -f5,6");
        assertEquals(new Outcome(0, "reached\n/data ro,relatime\n"), assertSameAsRunc());
    }

    // 6. what podman sends

    @Test
    void aDeviceFileModeWithTheFileTypeBitsUsesThePermissionBits() {
        bundle.linux().put("devices", List.of(Map.of("path", "/dev/mynull", "type", "c", "major", 1, "minor", 3,
                "fileMode", 020640, "uid", 0, "gid", 0)));
        bundle.script("stat -c '%A %t:%T %u:%g' /dev/mynull");
        assertEquals("crw-r----- 1:3 0:0\n", assertSameAsRunc().stdout());
    }

    @Test
    void aTmpcopyupTmpfsStartsWithTheImagesContent() throws IOException {
        Path etc = bundle.rootfs().resolve("etc");
        Files.createDirectories(etc.resolve("sub"));
        Files.writeString(etc.resolve("sub/file"), "content\n");
        Files.setPosixFilePermissions(etc.resolve("sub/file"), PosixFilePermissions.fromString("rw-r-----"));
        Files.setAttribute(etc.resolve("sub/file"), "unix:uid", 42);
        Files.createSymbolicLink(etc.resolve("link"), Path.of("/sub/file"));
        Map<String, Object> tmpfs = new LinkedHashMap<>();
        tmpfs.put("destination", "/etc");
        tmpfs.put("type", "tmpfs");
        tmpfs.put("source", "tmpfs");
        tmpfs.put("options", List.of("rw", "rprivate", "nosuid", "nodev", "tmpcopyup"));
        bundle.mounts().add(tmpfs);
        bundle.script("cd /etc && for f in passwd group sub sub/file link; do stat -c '%n %A %u %N' $f; done; "
                + "cat sub/file; grep ' /etc ' /proc/self/mountinfo | cut -d' ' -f5,6,9; touch /etc/new && echo writable");
        Outcome ours = assertSameAsRunc();
        assertTrue(ours.stdout().contains("content\n") && ours.stdout().contains("/etc rw,nosuid,nodev,relatime tmpfs"),
                ours.stdout());
        assertTrue(Files.notExists(etc.resolve("new")), "the image is not written");
    }

    // 7. terminal and stdio

    @Test
    void stdioIsGivenToTheProcesssUid() {
        bundle.process().put("user", Map.of("uid", 1000, "gid", 1000));
        bundle.script("stat -L -c '%u' /proc/self/fd/1");
        assertEquals(new Outcome(0, "1000\n"), assertSameAsRunc());
    }

    @Test
    void thePtyIsOwnedByTheProcesssUidAndKeepsTheTtyGroup() throws Exception {
        bundle.process().put("terminal", true);
        bundle.process().put("user", Map.of("uid", 1000, "gid", 1000));
        addMountOption("/dev/pts", "gid=5"); // as `runc spec` writes it
        bundle.script("stat -c '%u %g %a' $(tty)");
        String runcRoot = crema.root() + "-runc";
        String runc;
        try {
            runc = terminalOutput(RUNC.toString(), "--root", runcRoot);
        } finally {
            Crema.exec(List.of("rm", "-rf", runcRoot), null);
        }
        String ours = terminalOutput(Crema.LAUNCHER.toString(), "--root", crema.root().toString());
        assertEquals(runc, ours);
        assertTrue(ours.contains("\n1000 5 620\n"), ours);
    }

    /** run -d with a console socket under one runtime; what the container wrote on its terminal. */
    private String terminalOutput(String... runtime) throws Exception {
        bundle.write();
        Path socket = bundle.dir.resolve("console.sock");
        Path out = bundle.dir.resolve("console.out");
        Files.deleteIfExists(socket);
        Files.deleteIfExists(Path.of(socket + ".ready"));
        Files.deleteIfExists(out);
        Process receiver = startSocketPeer("console-receiver.py", socket, out);
        String id = newId();
        List<String> command = new ArrayList<>(List.of(runtime));
        command.addAll(List.of("run", "-d", "--console-socket", socket.toString(), "--bundle", bundle.dir.toString(), id));
        try {
            Crema.exec(command, null).ok();
            assertTrue(receiver.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the terminal closed");
            return Files.readString(out).replace("\r", "");
        } finally {
            receiver.destroyForcibly();
            List<String> delete = new ArrayList<>(List.of(runtime));
            delete.addAll(List.of("delete", "--force", id));
            Crema.exec(delete, null);
        }
    }

    @Test
    void aTmpfsRootTakesTheModeOfTheDirectoryItCovers() throws IOException {
        Files.setPosixFilePermissions(bundle.rootfs().resolve("root"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(bundle.rootfs().resolve("etc"), PosixFilePermissions.fromString("rwxr-xr-x"));
        // made here: the first runtime would make a missing one, and the second then find it
        Files.setPosixFilePermissions(Files.createDirectories(bundle.rootfs().resolve("mnt")),
                PosixFilePermissions.fromString("rwxr-x---"));
        for (String[] m : new String[][] {{"/etc", "nosuid"}, {"/root", "tmpcopyup"}, {"/tmp", "mode=700"}, {"/mnt", "ro"}}) {
            bundle.mounts().add(Map.of("destination", m[0], "type", "tmpfs", "source", "tmpfs", "options", List.of(m[1])));
        }
        bundle.script("stat -c '%n %a' /etc /root /tmp /mnt; grep ' /mnt ' /proc/self/mountinfo | cut -d' ' -f6");
        assertEquals("/etc 755\n/root 700\n/tmp 755\n/mnt 750\nro,relatime\n", assertSameAsRunc().stdout());
    }

    // 8. hooks

    @Test
    void createContainerHooksRunInTheRootfs() throws IOException {
        Path out = bundle.dir.resolve("hook-cwd");
        bundle.config.put("hooks", Map.of("createContainer", List.of(Map.of("path", "/bin/sh",
                "args", List.of("sh", "-c", "pwd > " + out)))));
        bundle.script("true");
        underRunc();
        String runc = Files.readString(out);
        Files.delete(out);
        underCrema();
        assertEquals(runc, Files.readString(out));
        assertEquals(bundle.rootfs() + "\n", runc);
    }

    // helpers

    private void addMountOption(String destination, String option) {
        for (Object m : bundle.mounts()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> mount = (Map<String, Object>) m;
            if (mount.get("destination").equals(destination)) {
                List<Object> options = new ArrayList<>((List<?>) mount.get("options"));
                options.add(option);
                mount.put("options", options);
            }
        }
    }

    /** A process sleeping in new namespaces (unshare flags), whose namespace a config then joins by path. */
    private static Process holder(String flag) throws IOException {
        Process p = new ProcessBuilder("unshare", flag, "sleep", "600").redirectErrorStream(true).start();
        Path ns = Path.of("/proc", "" + p.pid(), "ns", flag.equals("-m") ? "mnt" : "uts");
        for (int i = 0; i < 200 && !isChild(p); i++) sleep();
        assertTrue(Files.exists(ns), "unshare started");
        return p;
    }

    /** unshare execs sleep once it is in its namespaces. */
    private static boolean isChild(Process p) {
        try {
            return Files.readString(Path.of("/proc", "" + p.pid(), "comm")).trim().equals("sleep");
        } catch (IOException e) {
            return false;
        }
    }

    private void joinNamespace(String type, long pid) {
        for (Object o : bundle.namespaces()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> ns = (Map<String, Object>) o;
            if (ns.get("type").equals(type)) ns.put("path", "/proc/" + pid + "/ns/" + (type.equals("mount") ? "mnt" : type));
        }
    }

    private static String hostnameOf(long pid) {
        return Crema.exec(List.of("nsenter", "-u", "-t", "" + pid, "hostname"), null).ok().stdout().trim();
    }

    /** Detaches every mount at or under {@code dir} (what a config without a mount namespace left on the host). */
    private static void unmountUnder(Path dir) {
        while (Crema.exec(List.of("umount", "-R", "-l", dir.toString()), null).exitCode() == 0) {
            // stacked binds (one per run) come off one at a time
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dockerProfileWithout(List<String> refused) {
        Map<String, Object> config = (Map<String, Object>) Json.parse(Samples.read("docker-config.json"));
        Map<String, Object> profile = new LinkedHashMap<>((Map<String, Object>) ((Map<String, Object>) config.get("linux")).get("seccomp"));
        List<Object> rules = new ArrayList<>();
        for (Object r : (List<Object>) profile.get("syscalls")) {
            Map<String, Object> rule = new LinkedHashMap<>((Map<String, Object>) r);
            List<Object> names = new ArrayList<>((List<Object>) rule.get("names"));
            names.removeAll(refused);
            if (names.isEmpty()) continue;
            rule.put("names", names);
            rules.add(rule);
        }
        profile.put("syscalls", rules);
        return profile;
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
