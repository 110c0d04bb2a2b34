package dev.crema.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The state a runtime reports (runtime-spec "state"), with runc's extra fields, printed in runc's field order
 * and indentation (Go's json.MarshalIndent with two spaces).
 */
public record State(String ociVersion, String id, String status, int pid, String bundle, String rootfs,
                    String created, String owner, Map<String, String> annotations) {
    public static final String OCI_VERSION = "1.2.0";

    public String toJson() {
        StringBuilder out = new StringBuilder(256);
        appendTo(out, "");
        return out.toString();
    }

    public static String toJsonArray(List<State> states) {
        if (states.isEmpty()) return "[]";
        StringBuilder out = new StringBuilder("[\n");
        for (int i = 0; i < states.size(); i++) {
            out.append("  ");
            states.get(i).appendTo(out, "  ");
            out.append(i + 1 < states.size() ? ",\n" : "\n");
        }
        return out.append(']').toString();
    }

    /**
     * The runtime-spec state as runc gives it to hooks and seccomp agents (Go's json.Marshal of specs.State):
     * compact, the spec's fields only, pid and annotations left out when zero or empty.
     */
    public String toSpecJson() {
        StringBuilder out = new StringBuilder(160).append("{\"ociVersion\":");
        JsonWriter.quote(out, ociVersion);
        out.append(",\"id\":");
        JsonWriter.quote(out, id);
        out.append(",\"status\":");
        JsonWriter.quote(out, status);
        if (pid != 0) out.append(",\"pid\":").append(pid);
        out.append(",\"bundle\":");
        JsonWriter.quote(out, bundle == null ? "" : bundle);
        if (!annotations.isEmpty()) {
            out.append(",\"annotations\":{");
            String[] keys = sortedKeys();
            for (int i = 0; i < keys.length; i++) {
                if (i > 0) out.append(',');
                JsonWriter.quote(out, keys[i]);
                out.append(':');
                JsonWriter.quote(out, annotations.get(keys[i]));
            }
            out.append('}');
        }
        return out.append('}').toString();
    }

    /** Sorted by key: Go's encoding/json writes every map that way, so runc does. */
    private String[] sortedKeys() {
        String[] keys = annotations.keySet().toArray(new String[0]);
        Arrays.sort(keys);
        return keys;
    }

    private void appendTo(StringBuilder out, String margin) {
        String in = margin + "  ";
        out.append("{\n");
        field(out, in, "ociVersion", ociVersion);
        field(out, in, "id", id);
        out.append(in).append("\"pid\": ").append(pid).append(",\n");
        field(out, in, "status", status);
        field(out, in, "bundle", bundle);
        field(out, in, "rootfs", rootfs);
        field(out, in, "created", created);
        if (!annotations.isEmpty()) {
            out.append(in).append("\"annotations\": {\n");
            String[] keys = sortedKeys();
            for (int i = 0; i < keys.length; i++) {
                out.append(in).append("  ");
                JsonWriter.quote(out, keys[i]);
                out.append(": ");
                JsonWriter.quote(out, annotations.get(keys[i]));
                out.append(i + 1 < keys.length ? ",\n" : "\n");
            }
            out.append(in).append("},\n");
        }
        out.append(in).append("\"owner\": ");
        JsonWriter.quote(out, owner);
        out.append('\n').append(margin).append('}');
    }

    private static void field(StringBuilder out, String indent, String name, String value) {
        out.append(indent).append('"').append(name).append("\": ");
        JsonWriter.quote(out, value == null ? "" : value);
        out.append(",\n");
    }
}
