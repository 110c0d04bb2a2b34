package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * --debug's phase times: one line per phase, each well-formed, none negative, and together no more than the
 * command's own wall time (a phase counted twice would exceed it). No threshold on how fast anything is.
 */
class DebugPhasesIT extends ContainerTest {
    private static final List<String> ALL = List.of("parse", "plan", "state", "cgroups", "spawn", "namespaces",
            "mounts", "hooks", "exec");
    private static final List<String> START = List.of("state", "hooks", "exec");
    private static final Pattern PHASE = Pattern.compile("phase ([a-z]+): (-?\\d+)\\.(\\d{3}) ms");
    private static final Pattern LOGRUS = Pattern.compile("time=\"[^\"]+\" level=debug msg=\"((?:[^\"\\\\]|\\\\.)*+)\"");

    /** A command and how long it took from the test's side (the launcher's fork and exit included). */
    private record Timed(Crema.Result result, long wallNanos) {}

    private Timed timed(String... args) {
        long started = System.nanoTime();
        Crema.Result result = crema.run(args).ok();
        return new Timed(result, System.nanoTime() - started);
    }

    /** The phase lines among debug messages, in order, as microseconds; each line checked for its form. */
    private static Map<String, Long> phases(List<String> messages) {
        Map<String, Long> phases = new LinkedHashMap<>();
        for (String message : messages) {
            if (!message.startsWith("phase ")) continue;
            Matcher m = PHASE.matcher(message);
            assertTrue(m.matches(), "a well-formed phase line: " + message);
            long micros = Long.parseLong(m.group(2)) * 1000 + Long.parseLong(m.group(3));
            assertTrue(micros >= 0 && !m.group(2).startsWith("-"), "not negative: " + message);
            assertFalse(phases.containsKey(m.group(1)), "one line per phase: " + messages);
            phases.put(m.group(1), micros);
        }
        return phases;
    }

    private static List<String> textMessages(List<String> lines) {
        List<String> messages = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LOGRUS.matcher(line);
            if (m.matches()) messages.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return messages;
    }

    private static List<String> jsonMessages(List<String> lines) {
        List<String> messages = new ArrayList<>();
        for (String line : lines) {
            Map<?, ?> entry = (Map<?, ?>) dev.crema.spec.Json.parse(line);
            assertEquals("debug", entry.get("level"), line);
            messages.add((String) entry.get("msg"));
        }
        return messages;
    }

    /** The lines a command appended to the log. */
    private static List<String> newLines(Path log, int before) throws Exception {
        List<String> lines = Files.readAllLines(log);
        return lines.subList(before, lines.size());
    }

    private static int lineCount(Path log) throws Exception {
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    private static void assertPhases(List<String> expected, Map<String, Long> phases, Timed command) {
        assertEquals(expected, List.copyOf(phases.keySet()), "the phases, in order");
        long sumMicros = 0;
        for (long micros : phases.values()) sumMicros += micros;
        // each line is rounded to the microsecond: allow that much per line
        assertTrue(sumMicros * 1000 <= command.wallNanos() + 1000L * phases.size(),
                "phases add up to " + sumMicros + " us, the command took " + command.wallNanos() / 1000 + " us: " + phases);
    }

    @Test
    void createStartAndExecLogTheirPhasesInTextAndJson() throws Exception {
        bundle.script("sleep 1000");
        // a hook in the controller and one in the init, so the hooks phase has something to hold
        bundle.config.put("hooks", Map.of(
                "createRuntime", List.of(Map.of("path", "/bin/true")),
                "createContainer", List.of(Map.of("path", "/bin/true")),
                "poststart", List.of(Map.of("path", "/bin/true"))));
        bundle.write();
        String id = newId();
        Path log = bundle.dir.resolve("debug.log");

        Timed create = timed("--debug", "--log", log.toString(), "create", "--bundle", bundle.dir.toString(), id);
        List<String> created = textMessages(newLines(log, 0));
        assertTrue(created.stream().anyMatch(m -> m.startsWith("init plan for " + id)), created.toString());
        assertPhases(ALL, phases(created), create);

        int before = lineCount(log);
        Timed start = timed("--debug", "--log", log.toString(), "start", id);
        assertPhases(START, phases(textMessages(newLines(log, before))), start);
        assertEquals("running", state(id).get("status"));

        Path json = bundle.dir.resolve("debug.json");
        Timed exec = timed("--debug", "--log", json.toString(), "--log-format", "json", "exec", id, "true");
        assertPhases(ALL, phases(jsonMessages(Files.readAllLines(json))), exec);
    }

    @Test
    void runWithoutLogWritesThePhasesToStderr() {
        bundle.script("exit 3").write();
        String id = newId();
        long started = System.nanoTime();
        Crema.Result run = crema.run("--debug", "run", "--bundle", bundle.dir.toString(), id);
        Timed timed = new Timed(run, System.nanoTime() - started);
        assertEquals(3, run.exitCode(), run.stderr());
        assertPhases(ALL, phases(textMessages(run.stderr().lines().toList())), timed);
    }

    @Test
    void withoutDebugThereIsNoPhaseLineAndStartTimesAContainerCreatedWithout() throws Exception {
        bundle.script("sleep 1000").write();
        String id = newId();
        Crema.Result create = crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        assertEquals("", create.stderr());
        // start's phases are the controller's own: they do not depend on how the container was created
        Path log = bundle.dir.resolve("start.log");
        Timed start = timed("--debug", "--log", log.toString(), "start", id);
        assertPhases(START, phases(textMessages(Files.readAllLines(log))), start);
        assertEquals("", crema.run("exec", id, "true").ok().stderr());
    }
}
