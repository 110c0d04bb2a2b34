package dev.crema.spec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON object being read into a record, with its path for error messages ("linux.namespaces[2]"). Each
 * getter checks the JSON type and range and names the field when it is wrong. Absent fields and JSON null are
 * the same (Go's encoding/json, which runc uses, treats them alike).
 */
final class Node {
    static final long UINT32_MAX = 0xffffffffL;

    final String path;
    private final Map<String, Object> map;

    Node(String path, Map<String, Object> map) {
        this.path = path;
        this.map = map;
    }

    @SuppressWarnings("unchecked")
    static Node root(Object value, String what) {
        if (!(value instanceof Map)) throw new ConfigException(what + ": expected a JSON object");
        return new Node("", (Map<String, Object>) value);
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Object raw(String key) {
        Object v = map.get(key);
        return v == Json.NULL ? null : v;
    }

    boolean has(String key) {
        return raw(key) != null;
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        JsonWriter.quote(out, s);
        return out.toString();
    }

    ConfigException wrong(String key, String expected, Object got) {
        return new ConfigException(field(key) + ": expected " + expected + ", got " + describe(got));
    }

    /** A value as an error message shows it: strings JSON-quoted, so a newline in one cannot split the message. */
    static String describe(Object v) {
        if (v instanceof String s) return quote(s);
        if (v instanceof Map) return "an object";
        if (v instanceof List) return "an array";
        return String.valueOf(v);
    }

    String string(String key) {
        Object v = raw(key);
        if (v == null) return null;
        if (!(v instanceof String s)) throw wrong(key, "a string", v);
        return s;
    }

    String requiredString(String key) {
        String s = string(key);
        if (s == null) throw new ConfigException(field(key) + ": required");
        return s;
    }

    boolean bool(String key) {
        Object v = raw(key);
        if (v == null) return false;
        if (!(v instanceof Boolean b)) throw wrong(key, "true or false", v);
        return b;
    }

    Boolean optionalBool(String key) {
        return has(key) ? bool(key) : null;
    }

    /** An integer within [min, max]; null when absent. */
    Long integer(String key, long min, long max) {
        Object v = raw(key);
        if (v == null) return null;
        if (!(v instanceof Long n) || n < min || n > max) {
            throw wrong(key, "an integer from " + min + " to " + max, v);
        }
        return n;
    }

    long requiredInteger(String key, long min, long max) {
        Long n = integer(key, min, max);
        if (n == null) throw new ConfigException(field(key) + ": required");
        return n;
    }

    Long uint32(String key) {
        return integer(key, 0, UINT32_MAX);
    }

    Integer int32(String key) {
        Long n = integer(key, Integer.MIN_VALUE, Integer.MAX_VALUE);
        return n == null ? null : n.intValue();
    }

    Long int64(String key) {
        return integer(key, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A uint64; values above Long.MAX_VALUE (the "unlimited" 2^64-1 of rlimits and limits) become -1. */
    Long uint64(String key) {
        Object v = raw(key);
        if (v == null) return null;
        if (v instanceof Long n && n >= 0) return n;
        if (v instanceof BigInteger big && big.signum() > 0 && big.bitLength() <= 64) return -1L;
        throw wrong(key, "an integer from 0 to 18446744073709551615", v);
    }

    /** A uint64 kept as its 64-bit pattern (seccomp argument values); null when absent. */
    Long uint64Bits(String key) {
        Object v = raw(key);
        if (v == null) return null;
        if (v instanceof Long n && n >= 0) return n;
        if (v instanceof BigInteger big && big.signum() > 0 && big.bitLength() <= 64) return big.longValue();
        throw wrong(key, "an integer from 0 to 18446744073709551615", v);
    }

    Double number(String key) {
        Object v = raw(key);
        if (v == null) return null;
        if (!(v instanceof Number n)) throw wrong(key, "a number", v);
        return n.doubleValue();
    }

    @SuppressWarnings("unchecked")
    Node object(String key) {
        Object v = raw(key);
        if (v == null) return null;
        if (!(v instanceof Map)) throw wrong(key, "an object", v);
        return new Node(field(key), (Map<String, Object>) v);
    }

    List<?> array(String key) {
        Object v = raw(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) throw wrong(key, "an array", v);
        return list;
    }

    List<String> strings(String key) {
        List<?> raw = array(key);
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof String s)) throw wrong(key + "[" + i + "]", "a string", raw.get(i));
            out.add(s);
        }
        return List.copyOf(out);
    }

    List<Long> uint32s(String key) {
        List<?> raw = array(key);
        List<Long> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof Long n) || n < 0 || n > UINT32_MAX) {
                throw wrong(key + "[" + i + "]", "an integer from 0 to " + UINT32_MAX, raw.get(i));
            }
            out.add(n);
        }
        return List.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    List<Node> objects(String key) {
        List<?> raw = array(key);
        List<Node> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            if (!(raw.get(i) instanceof Map)) throw wrong(key + "[" + i + "]", "an object", raw.get(i));
            out.add(new Node(field(key) + "[" + i + "]", (Map<String, Object>) raw.get(i)));
        }
        return out;
    }

    /** An object whose values are all strings (annotations, sysctl, unified). */
    Map<String, String> stringMap(String key) {
        Node node = object(key);
        if (node == null) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : node.map.keySet()) {
            String v = node.string(k);
            if (v == null) throw new ConfigException(node.field(k) + ": expected a string, got null");
            out.put(k, v);
        }
        return out;
    }

    /** The objects under each key of an object (timeOffsets, netDevices). */
    Map<String, Node> objectMap(String key) {
        Node node = object(key);
        if (node == null) return Map.of();
        Map<String, Node> out = new LinkedHashMap<>();
        for (String k : node.map.keySet()) {
            Node child = node.object(k);
            if (child == null) throw new ConfigException(node.field(k) + ": expected an object, got null");
            out.put(k, child);
        }
        return out;
    }

    /** A string that must be one of the values the spec allows. */
    String oneOf(String key, String... allowed) {
        String v = string(key);
        if (v == null) return null;
        for (String a : allowed) {
            if (a.equals(v)) return v;
        }
        throw new ConfigException(field(key) + ": unknown value " + describe(v) + " (one of " + String.join(", ", allowed) + ")");
    }
}
