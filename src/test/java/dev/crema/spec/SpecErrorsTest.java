package dev.crema.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad config, and the one-line message that names where it is. */
class SpecErrorsTest {
    static final String MINIMAL = """
            {
              "ociVersion": "1.2.0",
              "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
              "root": {"path": "rootfs"},
              "mounts": [
                {"destination": "/proc", "type": "proc", "source": "proc"},
                {"destination": "/dev", "type": "tmpfs", "source": "tmpfs"},
                {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs"}
              ],
              "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}]}
            }""";

    static final Object REMOVE = new Object();

    /** The minimal config with the value at {@code path} (like "process.user.uid" or "mounts[2].type") replaced. */
    static String with(String path, Object value) {
        Object tree = Json.parse(MINIMAL);
        set(tree, path, value);
        return JsonWriter.write(tree, null);
    }

    @SuppressWarnings("unchecked")
    static void set(Object tree, String path, Object value) {
        String[] parts = path.split("\\.");
        Object node = tree;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            boolean last = i == parts.length - 1;
            Map<String, Object> map = (Map<String, Object>) node;
            if (bracket < 0) {
                if (last) {
                    if (value == REMOVE) {
                        map.remove(name);
                    } else {
                        map.put(name, value);
                    }
                    return;
                }
                node = map.computeIfAbsent(name, k -> new LinkedHashMap<String, Object>());
            } else {
                int index = Integer.parseInt(part.substring(bracket + 1, part.length() - 1));
                List<Object> list = (List<Object>) map.computeIfAbsent(name, k -> new ArrayList<>());
                while (list.size() <= index) list.add(new LinkedHashMap<String, Object>());
                if (last) {
                    list.set(index, value);
                    return;
                }
                node = list.get(index);
            }
        }
    }

    static String reject(String json) {
        return assertThrows(ConfigException.class, () -> SpecParser.parse(json)).getMessage();
    }

    static Map<String, Object> seccomp(Object... syscallKeysAndValues) {
        Map<String, Object> syscall = new LinkedHashMap<>();
        for (int i = 0; i < syscallKeysAndValues.length; i += 2) {
            syscall.put((String) syscallKeysAndValues[i], syscallKeysAndValues[i + 1]);
        }
        return Map.of("defaultAction", "SCMP_ACT_ALLOW", "syscalls", List.of(syscall));
    }

    @Test
    void theMinimalConfigIsAccepted() {
        assertEquals(3, SpecParser.parse(MINIMAL).mounts().size());
    }

    @Test
    void rejectsUidOutsideUint32() {
        assertEquals("process.user.uid: expected an integer from 0 to 4294967295, got -1",
                reject(with("process.user.uid", -1L)));
        assertEquals("process.user.uid: expected an integer from 0 to 4294967295, got 4294967296",
                reject(with("process.user.uid", 4294967296L)));
    }

    @Test
    void rejectsUidGivenAsString() {
        assertEquals("process.user.uid: expected an integer from 0 to 4294967295, got \"0\"",
                reject(with("process.user.uid", "0")));
    }

    @Test
    void rejectsFractionalGid() {
        assertEquals("process.user.gid: expected an integer from 0 to 4294967295, got 1.5",
                reject(with("process.user.gid", 1.5)));
    }

    @Test
    void rejectsBadAdditionalGid() {
        assertEquals("process.user.additionalGids[1]: expected an integer from 0 to 4294967295, got true",
                reject(with("process.user.additionalGids", List.of(5L, true))));
    }

    @Test
    void requiresOciVersion() {
        assertEquals("ociVersion: required", reject(with("ociVersion", REMOVE)));
        assertEquals("ociVersion: expected a string, got 1", reject(with("ociVersion", 1L)));
    }

    @Test
    void requiresMountDestination() {
        assertEquals("mounts[2].destination: required", reject(with("mounts[2].destination", REMOVE)));
    }

    @Test
    void acceptsRelativeMountDestination() {
        assertEquals("tmp", SpecParser.parse(with("mounts[2].destination", "tmp")).mounts().get(2).destination());
    }

    @Test
    void rejectsMountsOfTheWrongShape() {
        assertEquals("mounts: expected an array, got an object", reject(with("mounts", Map.of())));
        assertEquals("mounts[1]: expected an object, got \"/dev\"", reject(with("mounts[1]", "/dev")));
        assertEquals("mounts[0].options[0]: expected a string, got null",
                reject(with("mounts[0].options", Arrays.asList((Object) null))));
    }

    @Test
    void rejectsUnknownNamespaceType() {
        assertEquals("linux.namespaces[1].type: namespace type \"foo\" does not exist",
                reject(with("linux.namespaces[1].type", "foo")));
    }

    @Test
    void rejectsDuplicateNamespaceType() {
        assertEquals("linux.namespaces[2].type: duplicate namespace type \"pid\"",
                reject(with("linux.namespaces[2]", Map.of("type", "pid"))));
    }

    @Test
    void requiresNamespaceType() {
        assertEquals("linux.namespaces[0].type: required", reject(with("linux.namespaces[0]", Map.of("path", "/x"))));
    }

    @Test
    void rejectsUnknownRlimitType() {
        String message = reject(with("process.rlimits[0]", Map.of("type", "RLIMIT_FOO", "hard", 1L, "soft", 1L)));
        assertTrue(message.startsWith("process.rlimits[0].type: unknown value \"RLIMIT_FOO\" (one of RLIMIT_CPU,"), message);
    }

    /** runtime-spec 1.2: "If rlimits contains duplicated entries with same type, the runtime MUST generate an error." */
    @Test
    void rejectsDuplicateRlimitType() {
        Map<String, Object> nofile = Map.of("type", "RLIMIT_NOFILE", "hard", 1L, "soft", 1L);
        Map<String, Object> core = Map.of("type", "RLIMIT_CORE", "hard", 0L, "soft", 0L);
        assertEquals("process.rlimits[2].type: duplicate rlimit type \"RLIMIT_NOFILE\"",
                reject(with("process.rlimits", List.of(nofile, core, nofile))));
        ConfigException e = assertThrows(ConfigException.class, () -> SpecParser.parseProcess(
                "{\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\", \"rlimits\": ["
                        + JsonWriter.write(nofile, null) + ", " + JsonWriter.write(nofile, null) + "]}"));
        assertEquals("rlimits[1].type: duplicate rlimit type \"RLIMIT_NOFILE\"", e.getMessage());
    }

    @Test
    void requiresRlimitValues() {
        assertEquals("process.rlimits[0].soft: required",
                reject(with("process.rlimits[0]", Map.of("type", "RLIMIT_CORE", "hard", 1L))));
        assertEquals("process.rlimits[0].hard: expected an integer from 0 to 18446744073709551615, got -1",
                reject(with("process.rlimits[0]", Map.of("type", "RLIMIT_CORE", "hard", -1L, "soft", 0L))));
    }

    /** 2^64-1 is RLIM_INFINITY (-1); every other value reaches prlimit(2) exactly, as runc passes its uint64. */
    @Test
    void readsRlimitsAsTheirUint64BitPattern() {
        Spec spec = SpecParser.parse(with("process.rlimits[0]", Map.of("type", "RLIMIT_CORE",
                "hard", new BigInteger("18446744073709551615"), "soft", new BigInteger("9223372036854775808"))));
        assertEquals(new POSIXRlimit("RLIMIT_CORE", -1, Long.MIN_VALUE), spec.process().rlimits().get(0));
        POSIXRlimit almost = SpecParser.parse(with("process.rlimits[0]", Map.of("type", "RLIMIT_CORE",
                "hard", new BigInteger("18446744073709551614"), "soft", 1024L))).process().rlimits().get(0);
        assertEquals("18446744073709551614", Long.toUnsignedString(almost.hard()));
        assertEquals(1024L, almost.soft());
    }

    @Test
    void rejectsRlimitAboveUint64() {
        assertEquals("process.rlimits[0].hard: expected an integer from 0 to 18446744073709551615, got 18446744073709551616",
                reject(with("process.rlimits[0]", Map.of("type", "RLIMIT_CORE",
                        "hard", new BigInteger("18446744073709551616"), "soft", 0L))));
    }

    @Test
    void rejectsEmptyOrMissingArgs() {
        assertEquals("process.args: required (non-empty)", reject(with("process.args", List.of())));
        assertEquals("process.args: required (non-empty)", reject(with("process.args", REMOVE)));
    }

    @Test
    void requiresCwd() {
        assertEquals("process.cwd: required", reject(with("process.cwd", REMOVE)));
    }

    @Test
    void requiresUser() {
        assertEquals("process.user: required", reject(with("process.user", REMOVE)));
        assertEquals("process.user.gid: required", reject(with("process.user", Map.of("uid", 0L))));
    }

    @Test
    void rejectsOomScoreAdjOutsideInt() {
        assertEquals("process.oomScoreAdj: expected an integer from -2147483648 to 2147483647, got 2147483648",
                reject(with("process.oomScoreAdj", 2147483648L)));
    }

    @Test
    void rejectsUnknownRootfsPropagation() {
        String message = reject(with("linux.rootfsPropagation", "rslaves"));
        assertTrue(message.startsWith("linux.rootfsPropagation: unknown value \"rslaves\" (one of private, rprivate,"), message);
    }

    @Test
    void rejectsUnknownDeviceType() {
        String message = reject(with("linux.devices[0]", Map.of("path", "/dev/x", "type", "x", "major", 1L, "minor", 1L)));
        assertTrue(message.startsWith("linux.devices[0].type: invalid device type \"x\" (one of c, b, u, p)"), message);
    }

    @Test
    void requiresDeviceNumbersExceptForFifos() {
        assertEquals("linux.devices[0].minor: required for device type c",
                reject(with("linux.devices[0]", Map.of("path", "/dev/x", "type", "c", "major", 1L))));
        LinuxDevice fifo = SpecParser.parse(with("linux.devices[0]", Map.of("path", "/dev/f", "type", "p")))
                .linux().devices().get(0);
        assertEquals(new LinuxDevice("/dev/f", "p", 0, 0, null, null, null), fifo);
    }

    @Test
    void requiresIdMappingFields() {
        assertEquals("linux.uidMappings[0].size: required",
                reject(with("linux.uidMappings[0]", Map.of("containerID", 0L, "hostID", 1000L))));
        assertEquals("mounts[1].gidMappings[0].hostID: expected an integer from 0 to 4294967295, got -5",
                reject(with("mounts[1].gidMappings[0]", Map.of("containerID", 0L, "hostID", -5L, "size", 1L))));
    }

    /** Main names a map entry by its key after a dot, as the plan names "linux.sysctl.KEY" too. */
    @Test
    void namesSysctlEntriesByTheirKey() {
        assertEquals("linux.sysctl.net.ipv4.ip_forward: expected a string, got 1",
                reject(with("linux.sysctl", Map.of("net.ipv4.ip_forward", 1L))));
    }

    @Test
    void rejectsBadSeccomp() {
        assertEquals("linux.seccomp.defaultAction: required", reject(with("linux.seccomp", Map.of())));
        String action = reject(with("linux.seccomp", Map.of("defaultAction", "SCMP_ACT_NOPE")));
        assertTrue(action.startsWith("linux.seccomp.defaultAction: unknown value \"SCMP_ACT_NOPE\""), action);
        String op = reject(with("linux.seccomp", seccomp("names", List.of("read"), "action", "SCMP_ACT_ERRNO",
                "args", List.of(Map.of("index", 0L, "value", 1L, "op", "==")))));
        assertTrue(op.startsWith("linux.seccomp.syscalls[0].args[0].op: unknown value \"==\""), op);
        assertEquals("linux.seccomp.syscalls[0].names: required (non-empty)",
                reject(with("linux.seccomp", seccomp("names", List.of(), "action", "SCMP_ACT_ERRNO"))));
    }

    @Test
    void keepsFullWidthSeccompArgumentValues() {
        Spec spec = SpecParser.parse(with("linux.seccomp", seccomp("names", List.of("personality"),
                "action", "SCMP_ACT_ERRNO", "args", List.of(Map.of("index", 0L,
                        "value", new BigInteger("18446744073709551615"),
                        "valueTwo", new BigInteger("9223372036854775808"), "op", "SCMP_CMP_MASKED_EQ")))));
        LinuxSeccomp.Arg arg = spec.linux().seccomp().syscalls().get(0).args().get(0);
        assertEquals(-1L, arg.value());
        assertEquals("9223372036854775808", Long.toUnsignedString(arg.valueTwo()));
    }

    @Test
    void rejectsBadHooks() {
        assertEquals("hooks.createRuntime[0].timeout: expected an integer from 1 to 2147483647, got 0",
                reject(with("hooks.createRuntime[0]", Map.of("path", "/bin/true", "timeout", 0L))));
        assertEquals("hooks.prestart[0].path: required", reject(with("hooks.prestart[0]", Map.of())));
    }

    @Test
    void rejectsWrongTypesInResources() {
        assertEquals("linux.resources.memory.limit: expected an integer from -9223372036854775808 to 9223372036854775807, got \"1G\"",
                reject(with("linux.resources.memory.limit", "1G")));
        assertEquals("linux.resources.memory.disableOOMKiller: expected true or false, got \"false\"",
                reject(with("linux.resources.memory.disableOOMKiller", "false")));
        assertEquals("linux.resources.blockIO.weight: expected an integer from 0 to 65535, got 70000",
                reject(with("linux.resources.blockIO.weight", 70000L)));
    }

    @Test
    void rejectsDeviceAccessOtherThanReadWriteMknod() {
        assertEquals("linux.resources.devices[0].access: invalid device access \"rwx\" (letters r, w, m, each once)",
                reject(with("linux.resources.devices[0]", Map.of("allow", true, "access", "rwx"))));
        assertEquals("linux.resources.devices[0].access: invalid device access \"rr\" (letters r, w, m, each once)",
                reject(with("linux.resources.devices[0]", Map.of("allow", true, "access", "rr"))));
        assertEquals("mr", SpecParser.parse(with("linux.resources.devices[0]", Map.of("allow", true, "access", "mr")))
                .linux().resources().devices().getFirst().access());
    }

    @Test
    void rejectsNonObjectDocuments() {
        assertEquals("config.json: expected a JSON object", reject("[]"));
        assertEquals("process: expected an object, got \"sh\"", reject(with("process", "sh")));
    }

    @Test
    void reportsSyntaxErrorsWithLineAndColumn() {
        JsonException e = assertThrows(JsonException.class,
                () -> SpecParser.parse("{\n  \"ociVersion\": \"1.2.0\"\n  \"root\": {}\n}"));
        assertEquals("line 3, column 3: expected ',' or '}'", e.getMessage());
    }

    @Test
    void prefixesSyntaxErrorsInFilesWithTheFileName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\n  \"ociVersion\": \"1.2.0\",\n  \"root\" {}\n}");
        ConfigException e = assertThrows(ConfigException.class, () -> SpecParser.parseFile(file));
        assertEquals("config.json: line 3, column 10: expected ':'", e.getMessage());
    }

    /** Go's decoder (runc's) reads bytes that are not UTF-8 as U+FFFD; a Latin-1 annotation must not fail create. */
    @Test
    void readsInvalidUtf8InAFileAsReplacementCharacters(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        byte[] text = with("annotations", Map.of("org.example.owner", "Ren\u00e9")).getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = new String(text, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, latin1);
        assertEquals("Ren\uFFFD", SpecParser.parseFile(file).annotations().get("org.example.owner"));
    }

    @Test
    void fieldErrorsInFilesNameTheField(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, with("process.user.uid", -1L));
        ConfigException e = assertThrows(ConfigException.class, () -> SpecParser.parseFile(file));
        assertEquals("process.user.uid: expected an integer from 0 to 4294967295, got -1", e.getMessage());
    }

    @Test
    void processFilePathsStartAtTheProcess() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SpecParser.parseProcess("{\"user\": {\"uid\": 0, \"gid\": -1}, \"args\": [\"sh\"], \"cwd\": \"/\"}"));
        assertEquals("user.gid: expected an integer from 0 to 4294967295, got -1", e.getMessage());
    }

    @Test
    void ignoresUnknownMembersAndOtherPlatforms() {
        String json = with("windows", Map.of("layerFolders", List.of("C:\\x"))).replace("{\"ociVersion\"",
                "{\"vm\": {\"hypervisor\": {\"path\": \"/x\"}}, \"solaris\": 1, \"futureField\": [1, 2], \"ociVersion\"");
        assertEquals("1.2.0", SpecParser.parse(json).ociVersion());
    }

    @Test
    void treatsNullAsAbsent() {
        Spec spec = SpecParser.parse(with("hostname", null).replace("\"linux\":{", "\"linux\":{\"seccomp\":null,\"maskedPaths\":null,"));
        assertNull(spec.hostname());
        assertNull(spec.linux().seccomp());
        assertEquals(List.of(), spec.linux().maskedPaths());
        assertEquals("ociVersion: required", reject(with("ociVersion", null)));
    }
}
