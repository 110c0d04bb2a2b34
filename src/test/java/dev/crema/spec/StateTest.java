package dev.crema.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateTest {
    static final String CREATED = "2026-11-28T15:09:06.011448661Z";

    @Test
    void printsWhatRuncStatePrints() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("b.key", "v\"x");
        annotations.put("a.key", "2");
        State state = new State("1.0.2-dev", "crema-spec-probe", "created", 6332, "/tmp/rs", "/tmp/rs/rootfs", CREATED,
                "", annotations);
        // Captured from runc 1.1.5 `runc state` on this machine (annotations sorted by key, as Go sorts maps).
        String runc = """
                {
                  "ociVersion": "1.0.2-dev",
                  "id": "crema-spec-probe",
                  "pid": 6332,
                  "status": "created",
                  "bundle": "/tmp/rs",
                  "rootfs": "/tmp/rs/rootfs",
                  "created": "2026-11-28T15:09:06.011448661Z",
                  "annotations": {
                    "a.key": "2",
                    "b.key": "v\\"x"
                  },
                  "owner": ""
                }""";
        assertEquals(runc, state.toJson());
    }

    @Test
    void hooksAndAgentsGetTheCompactRuntimeSpecState() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("b", "2");
        annotations.put("a", "1");
        State state = new State("1.2.0", "c1", "creating", 42, "/b", "/b/rootfs", CREATED, "", annotations);
        // Go's json.Marshal of specs.State: its fields only, in its order, pid and annotations omitted when empty
        assertEquals("{\"ociVersion\":\"1.2.0\",\"id\":\"c1\",\"status\":\"creating\",\"pid\":42,\"bundle\":\"/b\","
                + "\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}", state.toSpecJson());
        assertEquals("{\"ociVersion\":\"1.2.0\",\"id\":\"c1\",\"status\":\"stopped\",\"bundle\":\"/b\"}",
                new State("1.2.0", "c1", "stopped", 0, "/b", "/b/rootfs", CREATED, "", Map.of()).toSpecJson());
    }

    @Test
    void leavesOutAnnotationsWhenThereAreNone() {
        State state = new State("1.2.0", "c1", "stopped", 0, "/b", "/b/rootfs", "2023-11-14T22:13:20Z", "", Map.of());
        assertEquals("""
                {
                  "ociVersion": "1.2.0",
                  "id": "c1",
                  "pid": 0,
                  "status": "stopped",
                  "bundle": "/b",
                  "rootfs": "/b/rootfs",
                  "created": "2023-11-14T22:13:20Z",
                  "owner": ""
                }""", state.toJson());
    }
}
