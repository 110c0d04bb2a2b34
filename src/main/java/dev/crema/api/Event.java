package dev.crema.api;

import dev.crema.spec.JsonWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@link CremaRuntime#events} reports, each printable as the line {@code crema events} prints. */
public sealed interface Event {
    String id();

    /** The JSON object runc's events prints, on one line. */
    String toJson();

    /**
     * The container's cgroup statistics, as runc's events --stats gives them: data holds "cpu", "memory", "pids",
     * "blkio", "hugetlb"... as JSON trees (maps, lists, numbers).
     */
    record Stats(String id, Map<String, Object> data) implements Event {
        @Override
        public String toJson() {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", "stats");
            event.put("id", id);
            event.put("data", data);
            return JsonWriter.write(event, null);
        }
    }

    /** The kernel's OOM killer acted in the container's memory cgroup. */
    record Oom(String id) implements Event {
        @Override
        public String toJson() {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", "oom");
            event.put("id", id);
            return JsonWriter.write(event, null);
        }
    }
}
