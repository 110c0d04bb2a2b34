package dev.crema.cli;

import dev.crema.api.Resources;
import dev.crema.spec.Json;
import dev.crema.spec.JsonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * crema update [--resources FILE|-] [--memory N] [--memory-reservation N] [--memory-swap N] [--kernel-memory N]
 * [--cpu-share N] [--cpu-quota N] [--cpu-period N] [--cpu-rt-runtime N] [--cpu-rt-period N] [--cpuset-cpus S]
 * [--cpuset-mems S] [--pids-limit N] [--blkio-weight N] [--l3-cache-schema S] [--mem-bw-schema S] ID. As runc's:
 * with --resources the resource flags are ignored; sizes take k, m, g suffixes; 0 leaves a value as it is.
 * --cpu-share is runc's spelling, --cpu-shares an alias. The two schemas go to the container's Intel RDT group.
 */
final class UpdateCommand {
    /** flag, resources group, field, whether it is a size */
    private static final String[][] FLAGS = {
            {"memory", "memory", "limit", "size"}, {"memory-reservation", "memory", "reservation", "size"},
            {"memory-swap", "memory", "swap", "size"}, {"kernel-memory", "memory", "kernel", "size"},
            {"kernel-memory-tcp", "memory", "kernelTCP", "size"},
            {"cpu-share|cpu-shares", "cpu", "shares", ""}, {"cpu-quota", "cpu", "quota", ""}, {"cpu-period", "cpu", "period", ""},
            {"cpu-rt-runtime", "cpu", "realtimeRuntime", ""}, {"cpu-rt-period", "cpu", "realtimePeriod", ""},
            {"cpuset-cpus", "cpu", "cpus", "string"}, {"cpuset-mems", "cpu", "mems", "string"},
            {"pids-limit", "pids", "limit", ""}, {"blkio-weight", "blockIO", "weight", ""}};

    private UpdateCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        String[] values = new String[FLAGS.length + 3];
        values[0] = "resources|r";
        values[1] = "l3-cache-schema";
        values[2] = "mem-bw-schema";
        for (int i = 0; i < FLAGS.length; i++) values[i + 3] = FLAGS[i][0];
        Args args = Args.parse(argv, values, new String[0], false);
        String id = args.onlyId("update");
        String resources = args.value("resources");
        Map<String, Object> tree = base(resources);
        for (String[] flag : FLAGS) {
            String value = resources == null ? args.value(canonical(flag[0])) : null;
            if (value == null) continue;
            @SuppressWarnings("unchecked")
            Map<String, Object> group = (Map<String, Object>) tree.get(flag[1]);
            if (group == null) {
                group = new LinkedHashMap<>();
                tree.put(flag[1], group);
            }
            group.put(flag[2], flag[3].equals("string") ? value : number(canonical(flag[0]), value, flag[3].equals("size")));
        }
        global.runtime(false).update(id, Resources.of(tree).withL3CacheSchema(args.value("l3-cache-schema"))
                .withMemBwSchema(args.value("mem-bw-schema")));
        return 0;
    }

    /** The first of a flag's "name|alias" names. */
    private static String canonical(String names) {
        int bar = names.indexOf('|');
        return bar < 0 ? names : names.substring(0, bar);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> base(String source) {
        if (source == null) return new LinkedHashMap<>();
        try {
            String text = source.equals("-") ? new String(dev.crema.invocation.Invocation.current().in().readAllBytes()) : Files.readString(dev.crema.invocation.Invocation.current().absolute(Path.of(source)));
            Object tree = Json.parse(text);
            if (!(tree instanceof Map)) throw new UsageException("--resources: expected a JSON object");
            return (Map<String, Object>) tree;
        } catch (java.nio.file.NoSuchFileException e) {
            // the words engines and users match on, as runc's "open FILE: no such file or directory"
            throw new UsageException("--resources: open " + source + ": no such file or directory");
        } catch (IOException e) {
            throw new UsageException("--resources " + source + ": " + e.getMessage());
        } catch (JsonException e) {
            throw new UsageException("--resources " + source + ": " + e.getMessage());
        }
    }

    /** A number, or a size with a k/m/g suffix (binary, as runc's units.RAMInBytes); -1 means unlimited. */
    static long number(String flag, String value, boolean size) {
        String v = value.trim().toLowerCase();
        long unit = 1;
        if (size && !v.isEmpty()) {
            if (v.endsWith("b")) v = v.substring(0, v.length() - 1);
            char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
            unit = switch (last) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                case 't' -> 1L << 40;
                default -> 1;
            };
            if (unit != 1) v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            return n < 0 ? n : Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("--" + flag + ": invalid value \"" + value + "\"");
        }
    }
}
