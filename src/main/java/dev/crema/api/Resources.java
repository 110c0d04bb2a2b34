package dev.crema.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * New resource limits for {@link CremaRuntime#update}: a runtime-spec linux.resources object (the JSON
 * {@code crema update --resources} reads, as maps, lists, strings and numbers) plus runc's two Intel RDT schemata.
 * Fields not given are left as they are. Build one with the {@code with...} methods, or from a parsed JSON tree
 * with {@link #of(Map)}.
 *
 * @param tree          linux.resources as a JSON tree, e.g. {"memory": {"limit": 67108864}, "pids": {"limit": 64}}
 * @param l3CacheSchema runc's --l3-cache-schema line, or null
 * @param memBwSchema   runc's --mem-bw-schema line, or null
 */
public record Resources(Map<String, Object> tree, String l3CacheSchema, String memBwSchema) {
    public Resources {
        tree = Collections.unmodifiableMap(new LinkedHashMap<>(tree));
    }

    public static Resources none() {
        return new Resources(Map.of(), null, null);
    }

    public static Resources of(Map<String, Object> tree) {
        return new Resources(tree, null, null);
    }

    /** One field of one group: {@code with("memory", "limit", 64L << 20)}; a number, string or JSON tree. */
    public Resources with(String group, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(tree);
        Object old = copy.get(group);
        @SuppressWarnings("unchecked")
        Map<String, Object> section = old instanceof Map ? new LinkedHashMap<>((Map<String, Object>) old)
                : new LinkedHashMap<>();
        section.put(field, value);
        copy.put(group, section);
        return new Resources(copy, l3CacheSchema, memBwSchema);
    }

    /** memory.limit in bytes (-1: unlimited). */
    public Resources withMemoryLimit(long bytes) {
        return with("memory", "limit", bytes);
    }

    /** memory.swap: memory plus swap, in bytes (-1: unlimited). */
    public Resources withMemorySwap(long bytes) {
        return with("memory", "swap", bytes);
    }

    public Resources withMemoryReservation(long bytes) {
        return with("memory", "reservation", bytes);
    }

    public Resources withCpuShares(long shares) {
        return with("cpu", "shares", shares);
    }

    public Resources withCpuQuota(long micros) {
        return with("cpu", "quota", micros);
    }

    public Resources withCpuPeriod(long micros) {
        return with("cpu", "period", micros);
    }

    /** cpu.cpus, e.g. "0-1". */
    public Resources withCpusetCpus(String cpus) {
        return with("cpu", "cpus", cpus);
    }

    public Resources withCpusetMems(String mems) {
        return with("cpu", "mems", mems);
    }

    public Resources withPidsLimit(long limit) {
        return with("pids", "limit", limit);
    }

    public Resources withBlkioWeight(long weight) {
        return with("blockIO", "weight", weight);
    }

    public Resources withL3CacheSchema(String schema) {
        return new Resources(tree, schema, memBwSchema);
    }

    public Resources withMemBwSchema(String schema) {
        return new Resources(tree, l3CacheSchema, schema);
    }
}
