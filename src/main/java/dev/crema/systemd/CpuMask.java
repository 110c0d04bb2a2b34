package dev.crema.systemd;

import dev.crema.cgroups.CgroupException;
import java.util.BitSet;

/** A cpuset list ("0-3,6") as the byte mask AllowedCPUs and AllowedMemoryNodes take (byte 0 holds cpus 0-7). */
final class CpuMask {
    private CpuMask() {}

    static byte[] bits(String list, String field) {
        BitSet set = new BitSet();
        try {
            for (String part : list.trim().split(",")) {
                String p = part.trim();
                if (p.isEmpty()) continue;
                int dash = p.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
                if (from < 0 || to < from || to > 65535) throw new NumberFormatException(p);
                set.set(from, to + 1);
            }
        } catch (NumberFormatException e) {
            throw new CgroupException(field + ": \"" + list + "\" is not a list of numbers and ranges");
        }
        return set.toByteArray();
    }
}
