package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the fuzz targets (ConfigFuzzTest, ProcessFuzzTest) found, and inputs of the same kinds made by hand, through
 * the real command line: one line on stderr naming the field, a non-zero exit, one JSON error line with
 * --log-format json, and nothing left on the host.
 */
@Tag("security")
class BadInputIT extends ContainerTest {

    @Test
    void aNewlineInAValueDoesNotSplitTheError() {
        rlimits().set(0, new LinkedHashMap<>(Map.of("type", "RLIMIT_\nNOFILE", "hard", 1024, "soft", 1024)));
        assertRefusedEverywhere("process.rlimits[0].type: unknown value \"RLIMIT_\\nNOFILE\"");
    }

    @Test
    void aNewlineInACapabilityDoesNotSplitTheWarning() throws Exception {
        // as runc: a name that is no capability is ignored with a warning; the warning stays one line
        capabilities().put("bounding", List.of("CAP_\nKILL"));
        bundle.write();
        String id = newId();
        Crema.Result result = crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        crema.run("delete", "--force", id).ok();
        assertOneLine(result, "warning: ignoring unknown or unavailable capabilities: [CAP_\\nKILL]");
    }

    @Test
    void aBackslashBeforeANewlineIsNamedNotPrinted() throws Exception {
        writeRaw("{\"ociVersion\": \"1.2.0\", \"hostname\": \"a\\\nb\"}");
        assertRefusedEverywhereAsWritten("bad escape: '\\' then U+000A");
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() throws Exception {
        writeRaw("{\"annotations\": " + "[".repeat(100_000) + "}");
        assertRefusedEverywhereAsWritten("nesting deeper than");
    }

    @Test
    void aConfigThatIsNotAnObject() throws Exception {
        writeRaw("42");
        assertRefusedEverywhereAsWritten("config.json: expected a JSON object");
    }

    @Test
    void aNulInTheRootPath() {
        bundle.config.put("root", new LinkedHashMap<>(Map.of("path", "rootfs\0x")));
        assertRefusedEverywhere("root.path: contains a NUL character");
    }

    @Test
    void aNulInTheCgroupsPath() {
        bundle.linux().put("cgroupsPath", "/crema-it/a\0b");
        assertRefusedEverywhere("linux.cgroupsPath: contains a NUL character");
    }

    @Test
    void aNulInABindSource() {
        bundle.mounts().add(new LinkedHashMap<>(Map.of("destination", "/x", "type", "bind", "source", "rel\0x",
                "options", List.of("bind"))));
        assertRefusedEverywhere("mounts[6] (/x): contains a NUL character");
    }

    @Test
    void aNulInAMountDestination() {
        bundle.mounts().add(new LinkedHashMap<>(Map.of("destination", "/x\0y", "type", "tmpfs", "source", "tmpfs")));
        assertRefusedEverywhere("contains a NUL character");
    }

    @Test
    void badProcessFilesForExecAreRefusedAndTheContainerRunsOn() throws Exception {
        String id = runDetached("sleep 100");
        List<String[]> cases = List.of(
                new String[] {"{\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0},"
                        + " \"rlimits\": [{\"type\": \"RLIMIT_N\\nOFILE\", \"hard\": 1, \"soft\": 1}]}", "rlimits[0].type"},
                new String[] {"{\"args\": [\"sh\"], \"env\": [\"PATH=/bin\"], \"cwd\": \"/\\u0000\", \"user\": {\"uid\": 0, \"gid\": 0}}",
                        "contains a NUL character"},
                new String[] {"{\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"uid\": \"root\", \"gid\": 0}}", "user.uid"},
                new String[] {"[", "unexpected end of input"});
        Path process = bundle.dir.resolve("process.json");
        Path log = bundle.dir.resolve("exec-log.json");
        for (String[] c : cases) {
            Files.writeString(process, c[0]);
            Crema.Result result = crema.run("--log", log.toString(), "--log-format", "json", "exec", "--process",
                    process.toString(), id).failed();
            assertOneLine(result, c[1]);
            assertJsonLogLine(log, result.stderr().strip());
        }
        assertEquals("running", state(id).get("status"));
        assertEquals(1, crema.run("ps", "--format", "json", id).ok().stdout().split(",").length, "only the container's process");
    }

    @Test
    void aDamagedStateFileIsReportedNotForgotten() throws Exception {
        String id = runDetached("sleep 100");
        long pid = initPid(id);
        Path stateFile = crema.root().resolve(id).resolve("state.json");
        String saved = Files.readString(stateFile);
        Files.writeString(stateFile, "{\"id\": ");
        for (String command : new String[] {"state", "start", "kill", "delete"}) {
            Crema.Result result = command.equals("delete") ? crema.run("delete", "--force", id) : crema.run(command, id);
            assertOneLine(result.failed(), "cannot read the state of container " + id);
        }
        crema.run("list").ok();
        // delete --force did not forget it: the container still runs, and with its state back it goes cleanly
        assertTrue(Files.exists(Path.of("/proc/" + pid)), "the container was left running unseen");
        Files.writeString(stateFile, saved);
        crema.run("delete", "--force", id).ok();
        before.assertClean(crema, id);
    }

    // ---- helpers ----

    /** create fails as {@link #assertCreateFails} checks, and again the same with --log-format json and a log file. */
    private void assertRefusedEverywhere(String error) {
        String line = assertCreateFails(error);
        assertJsonToo(line);
    }

    private void assertRefusedEverywhereAsWritten(String error) {
        String line = assertCreateFailsAsWritten(error);
        assertJsonToo(line);
    }

    private void assertJsonToo(String line) {
        Path log = bundle.dir.resolve("log.json");
        String id = newId();
        Crema.Result result = crema.run("--log", log.toString(), "--log-format", "json", "create", "--bundle",
                bundle.dir.toString(), id).failed();
        assertEquals(line.strip(), result.stderr().strip(), "the same error with --log");
        assertJsonLogLine(log, line.strip());
        before.assertClean(crema, id);
        // without --log, the JSON line itself goes to stderr
        Crema.Result json = crema.run("--log-format", "json", "create", "--bundle", bundle.dir.toString(), newId()).failed();
        assertEquals(1, json.stderr().strip().lines().count(), json.stderr());
        assertEquals(line.strip(), ((Map<?, ?>) Json.parse(json.stderr())).get("msg"));
    }

    /** The log holds one JSON error line whose msg is the message, and is emptied for the next check. */
    private static void assertJsonLogLine(Path log, String message) {
        try {
            List<String> lines = Files.readAllLines(log);
            assertEquals(1, lines.size(), "one log line: " + lines);
            Map<?, ?> entry = (Map<?, ?>) Json.parse(lines.getFirst());
            assertEquals("error", entry.get("level"));
            assertEquals(message, entry.get("msg"));
            assertTrue(entry.get("time") instanceof String);
            Files.delete(log);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertOneLine(Crema.Result result, String error) {
        assertEquals(1, result.stderr().strip().lines().count(), "one line: " + result.stderr());
        assertTrue(result.stderr().contains(error), "expected \"" + error + "\" in: " + result.stderr());
    }

    private void writeRaw(String config) throws Exception {
        Files.writeString(bundle.dir.resolve("config.json"), config);
    }

    @SuppressWarnings("unchecked")
    private List<Object> rlimits() {
        return (List<Object>) bundle.process().get("rlimits");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> capabilities() {
        return (Map<String, Object>) bundle.process().get("capabilities");
    }
}
