package dev.crema.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.testing.Requirement;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultSpecTest {
    private static final List<String> CAPS = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE");

    private static List<String> destinations(Spec spec) {
        List<String> out = new ArrayList<>();
        for (Mount m : spec.mounts()) out.add(m.destination());
        return out;
    }

    private static List<String> namespaceTypes(Spec spec) {
        List<String> out = new ArrayList<>();
        for (LinuxNamespace ns : spec.linux().namespaces()) out.add(ns.type());
        return out;
    }

    @Test
    void defaultSpecParsesBackWithRuncsContent() {
        Spec spec = SpecParser.parse(DefaultSpec.json(false));
        assertEquals(State.OCI_VERSION, spec.ociVersion());
        Process p = spec.process();
        assertTrue(p.terminal());
        assertEquals(List.of("sh"), p.args());
        assertEquals(new User(0, 0, null, List.of(), null), p.user());
        assertEquals("/", p.cwd());
        assertEquals(new LinuxCapabilities(CAPS, CAPS, List.of(), CAPS, List.of()), p.capabilities());
        assertEquals(List.of(new POSIXRlimit("RLIMIT_NOFILE", 1024, 1024)), p.rlimits());
        assertTrue(p.noNewPrivileges());
        assertEquals(new Root("rootfs", true), spec.root());
        assertEquals("crema", spec.hostname());
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup"),
                destinations(spec));
        assertEquals(List.of(), spec.mounts().get(0).options());
        assertEquals(PURE_V2 ? List.of("pid", "network", "ipc", "uts", "mount", "cgroup")
                : List.of("pid", "network", "ipc", "uts", "mount"), namespaceTypes(spec));
        assertEquals(List.of(new LinuxResources.DeviceRule(false, null, null, null, "rwm")),
                spec.linux().resources().devices());
        assertEquals(10, spec.linux().maskedPaths().size());
        assertEquals(5, spec.linux().readonlyPaths().size());
    }

    @Test
    void rootlessSpecMapsTheUserAndDropsTheNetworkNamespace() {
        Spec spec = SpecParser.parse(DefaultSpec.json(true));
        assertEquals(1, spec.linux().uidMappings().size());
        assertEquals(1, spec.linux().gidMappings().size());
        assertEquals(0, spec.linux().uidMappings().get(0).containerID());
        assertEquals(PURE_V2 ? List.of("pid", "ipc", "uts", "mount", "cgroup", "user")
                : List.of("pid", "ipc", "uts", "mount", "user"), namespaceTypes(spec));
        assertEquals(new Mount("/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro"), List.of(), List.of()),
                spec.mounts().get(5));
        assertFalse(spec.mounts().get(2).options().contains("gid=5"));
        assertTrue(destinations(spec).contains("/sys/fs/cgroup"));
    }

    /** runc's layout (Go's MarshalIndent with a tab); crema ends the file with a newline, runc does not. */
    @Test
    void usesTabIndentationLikeRunc() {
        String json = DefaultSpec.json(false);
        assertTrue(json.startsWith("{\n\t\"ociVersion\": \"" + State.OCI_VERSION + "\",\n\t\"process\": {\n\t\t\"terminal\": true,"), json);
        assertTrue(json.endsWith("\n\t\t]\n\t}\n}\n"), json);
    }

    /**
     * Where runc 1.1 is installed, crema's default spec is runc's but for the differences listed in
     * {@link #withoutDocumentedDifferences}, and JsonWriter lays out runc's own document byte for byte as Go's
     * MarshalIndent did.
     */
    @Test
    void matchesTheInstalledRuncSpec(@TempDir Path dir) throws Exception {
        String runc = findRunc();
        Requirement.need(runc != null, "runc on PATH or at /usr/sbin/runc (Debian package runc, which ./test installs)");
        String version = run(List.of(runc, "--version"), dir);
        Requirement.need(version.startsWith("runc version 1.1."), "runc 1.1, whose spec the differences below describe; found " + version);
        for (boolean rootless : new boolean[] {false, true}) {
            Path bundle = Files.createDirectory(dir.resolve(rootless ? "rootless" : "root"));
            List<String> command = new ArrayList<>(List.of(runc, "spec"));
            if (rootless) command.add("--rootless");
            run(command, bundle);
            String runcText = Files.readString(bundle.resolve("config.json"));
            Object runcTree = Json.parse(runcText);
            assertEquals(runcText, JsonWriter.write(runcTree, "\t"), "Go MarshalIndent layout");
            withoutDocumentedDifferences(runcTree, rootless);
            assertEquals(runcTree, Json.parse(DefaultSpec.json(rootless)), rootless ? "rootless" : "root");
        }
    }

    /** As runc spec: a cgroup namespace only where cgroup v2 is the whole hierarchy. */
    private static final boolean PURE_V2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));

    /**
     * crema writes its own version and hostname, and follows runc 1.2's example spec where it changed 1.1's (no
     * ambient capabilities). The rootless spec is otherwise runc 1.1's, its cgroup mount included.
     */
    @SuppressWarnings("unchecked")
    private static void withoutDocumentedDifferences(Object tree, boolean rootless) {
        Map<String, Object> spec = (Map<String, Object>) tree;
        spec.put("ociVersion", State.OCI_VERSION);
        spec.put("hostname", "crema");
        ((Map<String, Object>) ((Map<String, Object>) spec.get("process")).get("capabilities")).remove("ambient");
    }

    private static String run(List<String> command, Path dir) throws Exception {
        java.lang.Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    private static String findRunc() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "runc"))) return Path.of(dir, "runc").toString();
        }
        return Files.isExecutable(Path.of("/usr/sbin/runc")) ? "/usr/sbin/runc" : null;
    }
}
