package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** events: runc's stats JSON from the container's real cgroup v1 files. */
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
    }
}
