package dev.crema.systemd;

import dev.crema.cgroups.Cgroup;
import dev.crema.cgroups.CgroupException;
import dev.crema.cgroups.CgroupLayout;
import dev.crema.cgroups.Freezer;
import dev.crema.cgroups.ResourceWriter;
import dev.crema.spec.LinuxResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The systemd cgroup driver (--systemd-cgroup): the container's cgroups are a transient scope systemd makes
 * for it, as runc's systemd drivers do. create starts the scope with the container process in it and the
 * limits as unit properties; the process then joins the hierarchies systemd does not manage (cpuset, freezer,
 * ... on cgroup v1), and the limits are written to the cgroup files too (what systemd has no property for, and
 * the exact values where systemd rounds). update sets the properties again, then the files; delete stops the
 * scope, and systemd removes its cgroups.
 */
public final class SystemdScope {
    private SystemdScope() {}

    /** Told the container's cgroup directories as soon as the scope exists, so they are recorded before anything else. */
    public interface Started {
        void started(List<String> dirs);
    }

    /**
     * Starts the scope holding {@code pid} and places it in every hierarchy. {@code started} gets the cgroup
     * directories that are the container's from then on (removed at delete): the scope's own, and those crema
     * is about to make beside systemd's (parents before children).
     */
    public static void start(Systemd systemd, SystemdUnit unit, Cgroup cgroup, boolean unified, int pid,
                             LinuxResources resources, Started started) {
        List<UnitProperty> properties = UnitProperties.forScope(unit, "crema container " + unit.name(), pid, unified);
        if (resources != null) {
            properties.addAll(UnitProperties.resources(resources, unified, systemd.version(), true));
        } else {
            // as runc: the default devices, and only they, even when the config has no linux.resources
            properties.addAll(SystemdDevices.properties(List.of(), systemd.version()));
        }
        try {
            systemd.startTransientUnit(unit.unitName(), properties);
        } catch (DBusException e) {
            throw new CgroupException("linux.cgroupsPath: systemd unit " + unit.unitName() + ": " + e.getMessage());
        }
        List<String> owned = new ArrayList<>(cgroup.missingDirs());
        for (String leaf : cgroup.leafPaths()) {
            if (!owned.contains(leaf)) owned.add(leaf);
        }
        started.started(owned);
        // as runc's joinCgroups: where systemd made no cgroup for the scope (hierarchies it does not manage),
        // crema makes it and puts the process there
        cgroup.create();
        cgroup.addProcess(pid, joined(cgroup, pid));
        if (resources != null) new ResourceWriter(cgroup.leafPaths()).apply(resources);
    }

    /**
     * The systemd version only when a property of an update depends on it (a period, cpus or mems): one round
     * trip fewer. create always asks: the device rules' wildcard-minor entries (the ptys) are spelled by it.
     */
    private static int versionIfNeeded(Systemd systemd, LinuxResources r) {
        LinuxResources.Cpu c = r.cpu();
        boolean needs = c != null && ((c.period() != null && c.period() != 0) || (c.cpus() != null && !c.cpus().isEmpty())
                || (c.mems() != null && !c.mems().isEmpty()));
        return needs ? systemd.version() : 0;
    }

    /** The leaves that already list the process (systemd's own hierarchies): their cgroup.procs is not written again. */
    private static Set<String> joined(Cgroup cgroup, int pid) {
        Set<String> in = new HashSet<>();
        String self = Integer.toString(pid);
        for (String leaf : cgroup.leafPaths()) {
            try {
                for (String line : Files.readAllLines(Path.of(leaf, "cgroup.procs"))) {
                    if (line.trim().equals(self)) in.add(leaf);
                }
            } catch (IOException e) {
                // not made yet: create() made it just now, and the process goes in
            }
        }
        return in;
    }

    /**
     * update: the unit's properties through systemd, then the cgroup files, as runc. The container is frozen
     * meanwhile (unless it is paused already): systemd rewrites the device rules of a scope whose properties
     * change, deny-all first, and a device opened at that moment would fail.
     */
    public static void update(String unitName, List<String> leaves, LinuxResources resources) {
        boolean unified = CgroupLayout.detect().isUnified();
        Freezer freezer = Freezer.of(leaves);
        boolean thaw = false;
        try (Systemd systemd = connect(unitName)) {
            List<UnitProperty> properties = UnitProperties.resources(resources, unified, versionIfNeeded(systemd, resources), false);
            if (!properties.isEmpty() && freezer != null && !freezer.isFrozen()) {
                freezer.freeze();
                thaw = true;
            }
            try {
                systemd.setUnitProperties(unitName, properties);
            } catch (DBusException e) {
                throw new CgroupException("systemd unit " + unitName + ": unable to set unit properties: " + e.getMessage());
            } finally {
                if (thaw) freezer.thaw();
            }
        }
        new ResourceWriter(leaves).apply(resources);
    }

    /** delete: stops the scope (systemd removes the cgroups it made); a scope already gone is no error. */
    public static void stop(String unitName) {
        try (Systemd systemd = connect(unitName)) {
            systemd.stopUnit(unitName);
        } catch (DBusException e) {
            throw new CgroupException("systemd unit " + unitName + ": stop: " + e.getMessage());
        }
    }

    private static Systemd connect(String unitName) {
        try {
            return Systemd.connect();
        } catch (DBusException e) {
            throw new CgroupException("systemd unit " + unitName + ": " + e.getMessage());
        }
    }

    /** create's connection, made before anything else: without systemd it fails with runc's words. */
    public static Systemd connect() {
        try {
            return Systemd.connect();
        } catch (DBusException e) {
            throw new CgroupException(e.getMessage());
        }
    }
}
