package dev.crema.systemd;

import dev.crema.spec.LinuxResources;
import java.util.ArrayList;
import java.util.List;

/**
 * linux.resources.devices as systemd's DevicePolicy and DeviceAllow, as runc's driver makes them. Without them
 * systemd, which owns the devices cgroup of the scope, would write its own rules back (allow everything) the
 * next time it touches the unit (an update, a daemon-reload), undoing the container's device rules.
 *
 * <p>The rules are evaluated as the kernel's devices cgroup would, after the config's come the defaults every
 * container gets (runc's AllowedDevices): a deny-all followed by allows is a list systemd can take
 * (DevicePolicy=strict plus one DeviceAllow entry per allowed rule: /dev/char/M:m for one device, char-M for a
 * major, char-* for all); a list that ends allowing everything is DevicePolicy=auto with no entries. A list
 * systemd cannot express (an allow-all with denials in it) gets strict with no entries, as in runc, and the
 * exact rules follow in the devices cgroup files.
 */
final class SystemdDevices {
    /** type, major (-1 any), minor (-1 any), access: the defaults, as in ResourceWriter. */
    private static final Object[][] DEFAULTS = {{'c', -1L, -1L, "m"}, {'b', -1L, -1L, "m"}, {'c', 1L, 3L, "rwm"},
            {'c', 1L, 8L, "rwm"}, {'c', 1L, 7L, "rwm"}, {'c', 5L, 0L, "rwm"}, {'c', 1L, 5L, "rwm"}, {'c', 1L, 9L, "rwm"},
            {'c', 5L, 1L, "rwm"}, {'c', 136L, -1L, "rwm"}, {'c', 5L, 2L, "rwm"}};

    private record Rule(char type, long major, long minor, String access) {}

    private SystemdDevices() {}

    static List<UnitProperty> properties(List<LinuxResources.DeviceRule> config, int systemdVersion) {
        // the emulated state: allowAll with its denials, or denyAll with its allows (the kernel's two modes)
        boolean allowAll = false;
        boolean denials = false;
        List<Rule> allowed = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        for (LinuxResources.DeviceRule d : config) {
            rules.add(new Rule(d.type() == null ? 'a' : d.type().charAt(0), d.major() == null ? -1 : d.major(),
                    d.minor() == null ? -1 : d.minor(), d.access() == null ? "rwm" : d.access()));
        }
        List<Boolean> allow = new ArrayList<>();
        for (LinuxResources.DeviceRule d : config) allow.add(d.allow());
        for (Object[] def : DEFAULTS) {
            rules.add(new Rule((Character) def[0], (Long) def[1], (Long) def[2], (String) def[3]));
            allow.add(true);
        }
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            boolean all = r.type() == 'a' && r.major() < 0 && r.minor() < 0 && r.access().contains("r")
                    && r.access().contains("w") && r.access().contains("m");
            if (all) {
                allowAll = allow.get(i);
                denials = false;
                allowed.clear();
            } else if (allowAll) {
                if (!allow.get(i)) denials = true;
            } else if (allow.get(i)) {
                allowed.add(r);
            } else {
                allowed.remove(r);
            }
        }
        List<UnitProperty> out = new ArrayList<>();
        if (allowAll && !denials) {
            out.add(new UnitProperty("DevicePolicy", "s", "auto"));
            out.add(new UnitProperty("DeviceAllow", "a(ss)", List.of()));
            return out;
        }
        out.add(new UnitProperty("DevicePolicy", "s", "strict"));
        // an empty list first, as runc: SetUnitProperties appends to DeviceAllow, and this clears it
        out.add(new UnitProperty("DeviceAllow", "a(ss)", List.of()));
        List<Object> entries = new ArrayList<>();
        if (!allowAll) {
            for (Rule r : allowed) {
                String path = entryPath(r, systemdVersion);
                if (path != null) entries.add(new Object[] {path, r.access()});
            }
        }
        out.add(new UnitProperty("DeviceAllow", "a(ss)", entries));
        return out;
    }

    /** systemd's spelling of a rule, or null for what it cannot say ("*:n", a major before systemd 240). */
    private static String entryPath(Rule r, int systemdVersion) {
        if (r.type() != 'c' && r.type() != 'b') return null;
        String group = r.type() == 'c' ? "char-" : "block-";
        if (r.major() < 0) return r.minor() < 0 ? group + "*" : null;
        if (r.minor() < 0) return systemdVersion >= 240 ? group + r.major() : null;
        return (r.type() == 'c' ? "/dev/char/" : "/dev/block/") + r.major() + ":" + r.minor();
    }
}
