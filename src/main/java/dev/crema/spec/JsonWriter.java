package dev.crema.spec;

import java.util.List;
import java.util.Map;

/** Writes the values {@link Json} reads (and Integer, records excluded) as JSON, compact or indented. */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder(1024);
    private final String indent;

    private JsonWriter(String indent) {
        this.indent = indent;
    }

    /** @param indent null or "" for compact output, else the indentation unit ("\t", "  ") */
    public static String write(Object value, String indent) {
        JsonWriter writer = new JsonWriter(indent == null || indent.isEmpty() ? null : indent);
        writer.value(value, 0);
        return writer.out.toString();
    }

    private void value(Object value, int depth) {
        // instanceof rather than a pattern switch: a type switch bootstraps through invokedynamic at startup
        if (value == null || value == Json.NULL) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Boolean || value instanceof Number) {
            if ((value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f))) {
                throw new IllegalArgumentException("not a JSON value: " + value); // "NaN" would not parse back
            }
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            object(map, depth);
        } else if (value instanceof List<?> list) {
            array(list, depth);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private void object(Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) out.append(',');
            first = false;
            newline(depth + 1);
            quote(out, e.getKey().toString());
            out.append(indent == null ? ":" : ": ");
            value(e.getValue(), depth + 1);
        }
        newline(depth);
        out.append('}');
    }

    private void array(List<?> list, int depth) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) out.append(',');
            newline(depth + 1);
            value(list.get(i), depth + 1);
        }
        newline(depth);
        out.append(']');
    }

    private void newline(int depth) {
        if (indent == null) return;
        out.append('\n');
        for (int i = 0; i < depth; i++) out.append(indent);
    }

    public static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
