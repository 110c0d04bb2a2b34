package dev.crema.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecParserTest {
    private static final String MINIMAL = """
            {"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
             "root": {"path": "rootfs"}, "linux": {"namespaces": [{"type": "mount"}]}%s}
            """;

    private static Spec parse(String extra) {
        return SpecParser.parse(MINIMAL.formatted(extra));
    }

    private static String error(String json) {
        return assertThrows(ConfigException.class, () -> SpecParser.parse(json)).getMessage();
    }

    @Test
    void parsesEveryPodmanConfig() {
        for (String name : new String[] {"podman-config.json", "podman-extra-config.json"}) {
            Spec spec = SpecParser.parse(Samples.read(name));
            assertFalse(spec.process().args().isEmpty(), name);
            assertTrue(spec.process().rlimits().stream().anyMatch(r -> r.type().equals("RLIMIT_NOFILE")), name);
            assertTrue(spec.process().capabilities().bounding().contains("CAP_CHOWN"));
            assertFalse(spec.mounts().isEmpty());
            assertNotNull(spec.linux());
        }
    }

    @Test
    void podmanValuesArriveTyped() {
        Spec spec = SpecParser.parse(Samples.read("podman-config.json"));
        assertEquals(List.of("echo", "hello"), spec.process().args());
        assertEquals(new POSIXRlimit("RLIMIT_NOFILE", 20000, 20000), spec.process().rlimits().getFirst());
        assertEquals(18L, spec.process().user().umask());
    }

    @Test
    void parsesDockerConfigWithItsSeccompProfile() {
        Spec spec = SpecParser.parse(Samples.read("docker-config.json"));
        assertNotNull(spec.linux().seccomp());
        assertTrue(spec.linux().seccomp().syscalls().size() > 0);
        assertFalse(spec.linux().maskedPaths().isEmpty());
    }

    @Test
    void parsesContainerdConfig() {
        Spec spec = SpecParser.parse(Samples.read("containerd-config.json"));
        List<String> types = spec.linux().namespaces().stream().map(LinuxNamespace::type).toList();
        assertTrue(types.contains("pid") && types.contains("mount"), types.toString());
    }

    @Test
    void parsesEveryEngineProcessJson() {
        for (String name : new String[] {"podman-process.json", "docker-process.json", "containerd-process.json"}) {
            Process process = SpecParser.parseProcess(Samples.read(name));
            assertFalse(process.args().isEmpty(), name);
            assertTrue(process.cwd().startsWith("/"), name);
        }
    }

    @Test
    void optionalFieldsAreNullOrEmpty() {
        Spec spec = parse("");
        assertNull(spec.hostname());
        assertNull(spec.process().oomScoreAdj());
        assertNull(spec.process().user().umask());
        assertEquals(List.of(), spec.mounts());
        assertNull(spec.linux().resources());
        assertFalse(spec.process().noNewPrivileges());
    }

    @Test
    void rejectsNegativeUid() {
        String json = MINIMAL.formatted("").replace("\"uid\": 0", "\"uid\": -1");
        assertEquals("process.user.uid: expected an integer from 0 to 4294967295, got -1", error(json));
    }

    @Test
    void rejectsAStringWhereANumberBelongs() {
        String json = MINIMAL.formatted("").replace("\"gid\": 0", "\"gid\": \"root\"");
        assertEquals("process.user.gid: expected an integer from 0 to 4294967295, got \"root\"", error(json));
    }

    @Test
    void requiredFieldsAreNamed() {
        assertEquals("ociVersion: required", error("{}"));
        assertEquals("mounts[1].destination: required",
                error(MINIMAL.formatted(", \"mounts\": [{\"destination\": \"/a\"}, {\"type\": \"tmpfs\"}]")));
    }

    @Test
    void unknownNamespaceTypeIsNamed() {
        String json = MINIMAL.formatted("").replace("{\"type\": \"mount\"}", "{\"type\": \"mount\"}, {\"type\": \"foo\"}");
        assertTrue(error(json).startsWith("linux.namespaces[1].type: unknown value \"foo\""));
    }

    @Test
    void duplicateNamespaceIsRefused() {
        String json = MINIMAL.formatted("").replace("{\"type\": \"mount\"}", "{\"type\": \"mount\"}, {\"type\": \"mount\"}");
        assertEquals("linux.namespaces[1].type: duplicate namespace type \"mount\"", error(json));
    }

    @Test
    void unknownCapabilityIsNamed() {
        String json = MINIMAL.formatted("").replace("\"cwd\": \"/\"",
                "\"cwd\": \"/\", \"capabilities\": {\"bounding\": [\"CAP_KILL\", \"CAP_FLY\"]}");
        assertEquals("process.capabilities.bounding[1]: unknown capability \"CAP_FLY\"", error(json));
    }

    @Test
    void unlimitedRlimitReadsAsMinusOne() {
        String json = MINIMAL.formatted("").replace("\"cwd\": \"/\"",
                "\"cwd\": \"/\", \"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"hard\": 18446744073709551615, \"soft\": 0}]");
        assertEquals(-1, SpecParser.parse(json).process().rlimits().getFirst().hard());
    }

    @Test
    void unknownPropertiesAreIgnored() {
        assertEquals("h", parse(", \"hostname\": \"h\", \"somethingNew\": {\"x\": 1}").hostname());
    }

    @Test
    void resourcesAreTypedAndEmptinessIsKnown() {
        Spec spec = parse(", \"linux\": {\"resources\": {\"memory\": {\"limit\": 1048576}, \"pids\": {\"limit\": 10}}}");
        assertEquals(1048576L, spec.linux().resources().memory().limit());
        assertEquals(10L, spec.linux().resources().pidsLimit());
        assertFalse(spec.linux().resources().isEmpty());
        assertTrue(parse(", \"linux\": {\"resources\": {}}").linux().resources().isEmpty());
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\n  \"a\": [1, 2\n}"));
        assertEquals("line 3, column 1: expected ',' or ']'", e.getMessage());
    }

    @Test
    void defaultSpecParsesBack() {
        for (boolean rootless : new boolean[] {false, true}) {
            Spec spec = SpecParser.parse(DefaultSpec.json(rootless));
            assertEquals(List.of("sh"), spec.process().args());
            assertTrue(spec.root().readonly());
            assertEquals(rootless, spec.linux().namespaces().stream().anyMatch(n -> n.type().equals("user")));
            assertEquals(rootless, !spec.linux().uidMappings().isEmpty());
            assertEquals(rootless, spec.linux().resources() == null, "runc's deny-all device rule, except rootless");
        }
    }
}
