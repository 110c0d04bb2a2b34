package dev.crema.db;

import dev.crema.spec.Hooks;
import dev.crema.spec.Json;
import dev.crema.spec.SpecParser;
import dev.crema.spec.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ContainerState to and from state.json. */
final class StateCodec {
    private StateCodec() {}

    static String encode(ContainerState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("bundle", s.bundle());
        m.put("rootfs", s.rootfs());
        m.put("status", s.status());
        if (s.init() != null) {
            m.put("pid", s.init().pid());
            m.put("pidStartTime", s.init().startTime());
        }
        if (s.controller() != null) {
            m.put("controllerPid", s.controller().pid());
            m.put("controllerStartTime", s.controller().startTime());
        }
        m.put("created", s.created());
        m.put("annotations", s.annotations());
        m.put("cgroupPaths", s.cgroupPaths());
        m.put("cgroupDirs", s.cgroupDirs());
        if (!s.hooks().isEmpty()) m.put("hooks", s.hooks().toTree());
        if (!s.resctrlGroups().isEmpty()) m.put("resctrlGroups", s.resctrlGroups());
        if (!s.resctrlDirs().isEmpty()) m.put("resctrlDirs", s.resctrlDirs());
        if (s.systemdUnit() != null) m.put("systemdUnit", s.systemdUnit());
        return JsonWriter.write(m, " ");
    }

    @SuppressWarnings("unchecked")
    static ContainerState decode(String json) {
        // a damaged file refused with crema's own error, never a ClassCastException (StateStore treats both as gone)
        if (!(Json.parse(json) instanceof Map<?, ?> tree)) throw new StoreException("state.json: expected a JSON object");
        Map<String, Object> m = (Map<String, Object>) tree;
        Map<String, String> annotations = new LinkedHashMap<>();
        Object a = m.get("annotations");
        if (a instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) annotations.put(e.getKey().toString(), e.getValue().toString());
        }
        return new ContainerState(str(m, "id"), str(m, "bundle"), str(m, "rootfs"), str(m, "status"),
                identity(m, "pid", "pidStartTime"), identity(m, "controllerPid", "controllerStartTime"),
                str(m, "created"), annotations, strings(m.get("cgroupPaths")), strings(m.get("cgroupDirs")),
                m.get("hooks") instanceof Map<?, ?> hooks ? SpecParser.parseHooks(hooks) : Hooks.NONE,
                strings(m.get("resctrlGroups")), strings(m.get("resctrlDirs")),
                m.get("systemdUnit") instanceof String unit ? unit : null);
    }

    private static ProcessIdentity identity(Map<String, Object> m, String pid, String start) {
        if (!(m.get(pid) instanceof Long p) || !(m.get(start) instanceof Long t)) return null;
        return new ProcessIdentity(p.intValue(), t);
    }

    private static String str(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? s : "";
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) out.add(o.toString());
        }
        return List.copyOf(out);
    }
}
