package dev.crema.systemd;

import java.util.ArrayList;
import java.util.List;

/**
 * The systemd manager calls the cgroup driver makes, on the system bus: a transient unit started and waited
 * for, its properties changed, stopped, a failed one reset; and the manager's version. As runc's driver, a job
 * is waited for through its JobRemoved signal (30 s at most).
 */
public final class Systemd implements AutoCloseable {
    private static final String DEST = "org.freedesktop.systemd1", PATH = "/org/freedesktop/systemd1",
            MANAGER = "org.freedesktop.systemd1.Manager";
    private static final long JOB_TIMEOUT_MILLIS = 30_000;

    private final DBusConnection bus;
    private int version = -2;

    private Systemd(DBusConnection bus) {
        this.bus = bus;
    }

    /**
     * systemd on the system bus. As runc, a machine not booted with systemd (no /run/systemd/system) is refused
     * before any connection is tried.
     */
    public static Systemd connect() {
        if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of("/run/systemd/system"))) {
            throw new DBusException(null, "systemd not running on this host, cannot use systemd cgroups manager");
        }
        DBusConnection bus = DBusConnection.systemBus();
        try {
            // the job signals: systemd sends JobRemoved to the client that queued the job
            bus.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "AddMatch", "s",
                    "type='signal',sender='org.freedesktop.systemd1',interface='org.freedesktop.systemd1.Manager',member='JobRemoved'");
        } catch (RuntimeException e) {
            bus.close();
            throw e;
        }
        return new Systemd(bus);
    }

    /**
     * StartTransientUnit in "replace" mode, then waits for its job. A unit of that name left over (failed) is
     * reset and the start tried once more, as runc does.
     */
    public void startTransientUnit(String unit, List<UnitProperty> properties) {
        List<Object> props = new ArrayList<>();
        for (UnitProperty p : properties) props.add(p.toStruct());
        String job;
        try {
            job = startCall(unit, props);
        } catch (DBusException e) {
            if (!"org.freedesktop.systemd1.UnitExists".equals(e.name())) throw e;
            resetFailedQuietly(unit);
            job = startCall(unit, props);
        }
        String result = awaitJob(job, unit, "start");
        if (!result.equals("done")) {
            resetFailedQuietly(unit);
            throw new DBusException(null, "error creating systemd unit `" + unit + "`: got `" + result + "`");
        }
    }

    private String startCall(String unit, List<Object> props) {
        return (String) bus.call(DEST, PATH, MANAGER, "StartTransientUnit", "ssa(sv)a(sa(sv))", unit, "replace", props, List.of())
                .getFirst();
    }

    /** StopUnit and wait for its job; a unit already gone is no error. A failed unit is reset, so systemd forgets it. */
    public void stopUnit(String unit) {
        try {
            String job = (String) bus.call(DEST, PATH, MANAGER, "StopUnit", "ss", unit, "replace").getFirst();
            awaitJob(job, unit, "stop");
        } catch (DBusException e) {
            if (!"org.freedesktop.systemd1.NoSuchUnit".equals(e.name())) throw e;
        }
        resetFailedQuietly(unit);
    }

    /** SetUnitProperties with runtime=true (under /run, gone at reboot), as runc's update. */
    public void setUnitProperties(String unit, List<UnitProperty> properties) {
        if (properties.isEmpty()) return;
        List<Object> props = new ArrayList<>();
        for (UnitProperty p : properties) props.add(p.toStruct());
        bus.call(DEST, PATH, MANAGER, "SetUnitProperties", "sba(sv)", unit, true, props);
    }

    private void resetFailedQuietly(String unit) {
        try {
            bus.call(DEST, PATH, MANAGER, "ResetFailedUnit", "s", unit);
        } catch (DBusException e) {
            // not failed, or gone: nothing to reset
        }
    }

    /** The manager's version number (252 for "252.39-1~deb12u2"), -1 when it cannot be read. */
    public int version() {
        if (version != -2) return version;
        version = -1;
        try {
            Object v = bus.call(DEST, PATH, "org.freedesktop.DBus.Properties", "Get", "ss", MANAGER, "Version").getFirst();
            version = parseVersion(String.valueOf(((DBusWire.Variant) v).value()));
        } catch (DBusException e) {
            // as runc: an unknown version leaves out what needs a known one
        }
        return version;
    }

    static int parseVersion(String text) {
        String s = text.startsWith("v") ? text.substring(1) : text;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) end++;
        return end == 0 ? -1 : Integer.parseInt(s.substring(0, end));
    }

    private String awaitJob(String job, String unit, String what) {
        DBusConnection.Message removed = bus.awaitSignal("JobRemoved", job == null ? null : jobId(job), JOB_TIMEOUT_MILLIS);
        if (removed == null) throw new DBusException(null, "Timeout waiting for systemd to " + what + " " + unit);
        return (String) removed.body().get(3);
    }

    /** JobRemoved(u id, o job, s unit, s result): matched by id, which is the job path's last element. */
    private static Integer jobId(String jobPath) {
        return Integer.valueOf(jobPath.substring(jobPath.lastIndexOf('/') + 1));
    }

    @Override
    public void close() {
        bus.close();
    }
}
