package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** events: runc's stats JSON from the container's real cgroup v1 files, and its oom events. */
class EventsIT extends ContainerTest {

    @Test
    @SuppressWarnings("unchecked")
    void statsReportTheContainersUsage() {
        bundle.linux().put("resources", Map.of("memory", Map.of("limit", 67108864), "pids", Map.of("limit", 50)));
        bundle.script("sleep 1000").write();
        String id = newId();
        crema.run("run", "-d", "--bundle", bundle.dir.toString(), id).ok();
        Map<String, Object> event = (Map<String, Object>) Json.parse(crema.run("events", "--stats", id).ok().stdout());
        assertEquals("stats", event.get("type"));
        assertEquals(id, event.get("id"));
        Map<String, Object> data = (Map<String, Object>) event.get("data");
        Map<String, Object> pids = (Map<String, Object>) data.get("pids");
        assertEquals(1L, pids.get("current"));
        assertEquals(50L, pids.get("limit"));
        Map<String, Object> usage = (Map<String, Object>) ((Map<String, Object>) data.get("memory")).get("usage");
        assertEquals(67108864L, usage.get("limit"));
        assertTrue((Long) usage.get("usage") > 0, usage.toString());
        Map<String, Object> cpu = (Map<String, Object>) ((Map<String, Object>) data.get("cpu")).get("usage");
        assertTrue((Long) cpu.get("total") > 0, cpu.toString());
    }

    @Test
    void withoutStatsItStreamsUntilTheContainerStops() {
        bundle.script("sleep 0.6").write();
        String id = newId();
        crema.run("run", "-d", "--bundle", bundle.dir.toString(), id).ok();
        String out = crema.run("events", "--interval", "100ms", id).ok().stdout();
        assertTrue(out.lines().count() >= 2, out);
        assertTrue(out.lines().allMatch(l -> l.startsWith("{\"type\":\"stats\",\"id\":\"" + id + "\"")), out);
        // stopped now: like runc, nothing to stream from it
        Crema.Result stopped = crema.run("events", id).failed();
        assertTrue(stopped.stderr().contains("container " + id + " is not running"), stopped.stderr());
        assertTrue(crema.run("events", "--stats", id).failed().stderr().contains("is not running"));
    }

    @Test
    void deletingTheContainerEndsTheStream() throws Exception {
        String id = runDetached("sleep 1000");
        Process events = crema.start("events", "--interval", "100ms", id);
        try (java.io.BufferedReader lines = events.inputReader()) {
            assertTrue(lines.readLine().startsWith("{\"type\":\"stats\""), "a first stats line");
            crema.run("delete", "-f", id).ok();
            assertTrue(events.waitFor(10, TimeUnit.SECONDS), "events ended");
            assertEquals(0, events.exitValue());
        } finally {
            events.destroyForcibly();
        }
    }

    @Test
    void anOomInTheContainerIsAnOomEventBetweenStats() throws Exception {
        long limit = 8L << 20;
        // memory+swap equal to the limit, so the container cannot swap its way out of the OOM
        bundle.linux().put("resources", Map.of("memory", Map.of("limit", limit, "swap", limit)));
        // waits for the test's go-ahead (events is watching by then), overruns the limit with dd's 32 MiB buffer
        // (the OOM killer takes dd), then lives on for a few stats lines
        String id = runDetached("until test -e /tmp/go; do sleep 0.1; done; "
                + "dd if=/dev/zero of=/dev/null bs=32M count=1; sleep 1");
        Process events = crema.start("events", "--interval", "200ms", id);
        Thread watchdog = new Thread(() -> {
            try {
                if (!events.waitFor(60, TimeUnit.SECONDS)) events.destroyForcibly();
            } catch (InterruptedException e) {
                events.destroyForcibly();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = events.inputReader()) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                // the first line is flushed as it is printed, and the OOM watch is armed before it
                if (lines.size() == 1) Files.createFile(bundle.rootfs().resolve("tmp/go"));
            }
        }
        String all = String.join("\n", lines) + "\nmemory.oom_control: " + oomControl(id);
        assertEquals(0, events.waitFor(), all);
        String oom = "{\"type\":\"oom\",\"id\":\"" + id + "\"}";
        // at least one: the kernel may notify more than once while the OOM killer's victim exits
        assertTrue(lines.contains(oom), all);
        String stats = "{\"type\":\"stats\",\"id\":\"" + id + "\"";
        assertTrue(lines.stream().allMatch(l -> l.equals(oom) || l.startsWith(stats)), all);
        int at = lines.indexOf(oom);
        assertTrue(at > 0 && at < lines.size() - 1, "stats go on around the oom event\n" + all);
    }

    /** The kernel's own OOM counters, to tell a missing event from a missing OOM when the test fails. */
    private static String oomControl(String id) {
        try {
            return cgroupFile("memory", id, "memory.oom_control").replace('\n', ' ');
        } catch (java.io.IOException e) {
            return "unreadable: " + e;
        }
    }
}
