package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.JsonWriter;
import dev.crema.testing.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * --systemd-cgroup against a real systemd. This machine does not boot with systemd, so one runs as pid 1 of a
 * container that crema itself runs: a Debian 12 root from debootstrap with systemd, dbus and runc
 * (scripts/systemd-root, cached under /var/tmp), under an overlay so the cache stays as made, in its own
 * cgroup namespace with a writable cgroup mount. The built crema (bin/ and target/) is bound into it read-only.
 * Inside, crema and Debian's runc 1.1.5 each run a busybox container with --systemd-cgroup and the same limits,
 * and what systemd says about the two scopes (systemctl show, systemctl status) and the cgroup files must
 * agree; update goes through systemd, delete stops the scope. A second machine sees only the cgroup2 hierarchy,
 * as on a pure cgroup v2 host, where both runtimes use systemd's v2 properties. Afterwards the systemd
 * containers are gone, and with them their cgroups.
 */
class SystemdCgroupIT {
    private static final String MACHINE = "systemd-it";
    /** The unit properties both runtimes set, compared value for value. */
    private static final List<String> PROPERTIES = List.of("ActiveState", "Slice", "Delegate", "DefaultDependencies",
            "MemoryAccounting", "CPUAccounting", "BlockIOAccounting", "TasksAccounting", "MemoryLimit", "CPUShares",
            "CPUQuotaPerSecUSec", "CPUQuotaPeriodUSec", "TasksMax", "DevicePolicy");
    /** The cgroup files of those limits, hierarchy and file. */
    private static final String[][] FILES = {{"memory", "memory.limit_in_bytes"}, {"cpu", "cpu.shares"},
            {"cpu", "cpu.cfs_quota_us"}, {"cpu", "cpu.cfs_period_us"}, {"pids", "pids.max"}};

    private static Path cache;
    private static Bundle cremaBundle;
    private static Bundle runcBundle;
    private static Machine machine;

    @BeforeAll
    static void bootSystemd() {
        Requirement.machineKindLacks(Requirement.pureCgroupV2(), "the test boots systemd on this hybrid host's v1 hierarchies");
        Requirement.needProgram("/usr/sbin/debootstrap", "debootstrap");
        Requirement.needProgram("/usr/sbin/runc", "runc");
        Crema.Result made = Crema.exec(List.of(Crema.REPO.resolve("scripts/systemd-root").toString()), null);
        Requirement.need(made.exitCode() == 0, "a Debian 12 root with systemd (scripts/systemd-root: " + made.stderr().strip() + ")");
        cache = Path.of(made.stdout().strip());
        cremaBundle = nested(new Bundle(), "system.slice:crema-it:c1");
        runcBundle = nested(new Bundle(), "system.slice:runc-it:r1");
        machine = Machine.boot(MACHINE, false);
    }

    @AfterAll
    static void stopSystemd() {
        try {
            if (machine != null) machine.stop();
        } finally {
            if (cremaBundle != null) cremaBundle.close();
            if (runcBundle != null) runcBundle.close();
        }
    }

    /**
     * A machine booted by systemd: a crema container of the cached root under an overlay of its own. On a
     * {@code unified} one /sys/fs/cgroup is the cgroup2 hierarchy alone, so systemd (and runc, and crema) run
     * as on a pure cgroup v2 host.
     */
    private record Machine(String id, Path work, Crema host) {
        static Machine boot(String id, boolean unified) {
            Path work;
            try {
                work = Files.createTempDirectory("crema-systemd-it-");
                for (String d : new String[] {"rootfs", "upper", "overlay-work", "state"}) Files.createDirectories(work.resolve(d));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            Machine m = new Machine(id, work, new Crema(work.resolve("state")));
            Path rootfs = work.resolve("rootfs");
            Crema.exec(List.of("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + cache + ",upperdir=" + work.resolve("upper")
                    + ",workdir=" + work.resolve("overlay-work"), rootfs.toString()), null).ok();
            boolean running = false;
            try {
                Files.writeString(work.resolve("config.json"), JsonWriter.write(machineConfig(id, rootfs, unified), "  "));
                m.host().run("run", "--detach", "--bundle", work.toString(), id).ok();
                running = true;
            } catch (IOException e) {
                throw new AssertionError(e);
            } finally {
                if (!running) m.stop();
            }
            // systemd comes up in a second or two; bounded, and the state it reached is what the assertion shows
            String state = "";
            for (int i = 0; i < 100 && !state.equals("running") && !state.equals("degraded"); i++) {
                state = m.inside("systemctl", "is-system-running").stdout().strip();
                sleep(100);
            }
            if (!state.equals("running")) {
                String failed = m.inside("systemctl", "--failed", "--no-pager").stdout();
                m.stop();
                assertEquals("running", state, "systemd in the container: " + failed);
            }
            return m;
        }

        /** A command in the machine (its namespaces, as engines' execs run). */
        Crema.Result inside(String... command) {
            return inside(List.of(command), null);
        }

        Crema.Result inside(List<String> command, Path input) {
            List<String> args = new ArrayList<>(host.commandLine("exec", "--env", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", id));
            args.addAll(command);
            return Crema.exec(args, null, input);
        }

        /** Deletes the machine (its pid 1 killed, all in it with it); its cgroups, overlay and files go. */
        void stop() {
            try {
                host.run("delete", "--force", id);
                // the machine's cgroup (crema's /crema/ID) went with it, systemd's slices and scopes under it too
                HostSnapshot.assertNoCgroups(id);
            } finally {
                Crema.exec(List.of("umount", work.resolve("rootfs").toString()), null);
                Crema.exec(List.of("rm", "-rf", work.toString()), null);
            }
        }
    }

    @Test
    void scopeUpdateAndDeleteAgreeWithRunc() {
        inside("sh", "-c", "cd /bundles/crema && /opt/crema/bin/crema --systemd-cgroup run --detach c1").ok();
        inside("sh", "-c", "cd /bundles/runc && runc --systemd-cgroup run --detach r1").ok();
        String crema = "crema-it-c1.scope";
        String runc = "runc-it-r1.scope";

        // the scope systemd made for each, with runc's properties and the config's limits
        Map<String, String> cremaProps = show(crema);
        assertEquals(show(runc), cremaProps);
        assertEquals("yes", cremaProps.get("Delegate"));
        assertEquals("no", cremaProps.get("DefaultDependencies"));
        assertEquals("67108864", cremaProps.get("MemoryLimit"));
        assertEquals("42", cremaProps.get("TasksMax"));
        assertEquals("512", cremaProps.get("CPUShares"));
        assertEquals("500ms", cremaProps.get("CPUQuotaPerSecUSec"));
        assertEquals("strict", cremaProps.get("DevicePolicy"));
        assertEquals("crema container c1", show(crema, "Description").get("Description"));
        // the default devices in systemd's spelling: /dev/null by number, the ptys by major (runc: "char-pts")
        String devices = inside("systemctl", "show", crema, "-p", "DeviceAllow").ok().stdout();
        assertTrue(devices.contains("DeviceAllow=/dev/char/1:3 rwm") && devices.contains("DeviceAllow=char-136 rwm"), devices);
        String status = inside("systemctl", "status", "--no-pager", crema).ok().stdout();
        assertTrue(status.contains("Active: active (running)"), status);
        assertTrue(status.contains("Tasks: 1 (limit: 42)"), status);
        assertTrue(status.contains("(limit: 64.0M)"), status);

        // the container's process is in the scope in every hierarchy, v1 and v2 (unified) alike
        String cremaPid = inside("/opt/crema/bin/crema", "state", "c1").ok().stdout().replaceAll("(?s).*\"pid\": *(\\d+).*", "$1");
        for (String line : inside("cat", "/proc/" + cremaPid + "/cgroup").ok().stdout().strip().split("\n")) {
            assertTrue(line.endsWith(":/system.slice/" + crema), line);
        }
        assertEquals(files(runc), files(crema));

        // exec joins the scope's cgroups; pause freezes them (the v1 freezer hierarchy, crema's directory there)
        String execCgroups = inside("/opt/crema/bin/crema", "exec", "c1", "cat", "/proc/self/cgroup").ok().stdout();
        assertTrue(execCgroups.contains(":memory:/system.slice/" + crema + "\n") && execCgroups.contains("0::/system.slice/" + crema + "\n"),
                execCgroups);
        inside("/opt/crema/bin/crema", "pause", "c1").ok();
        assertEquals("FROZEN", inside("cat", "/sys/fs/cgroup/freezer/system.slice/" + crema + "/freezer.state").ok().stdout().strip());
        inside("/opt/crema/bin/crema", "resume", "c1").ok();

        // update: through systemd (the properties change), and the files
        inside("/opt/crema/bin/crema", "--systemd-cgroup", "update", "--memory", "128m", "--pids-limit", "50",
                "--cpu-quota", "30000", "--cpu-share", "256", "c1").ok();
        inside("runc", "--systemd-cgroup", "update", "--memory", "128m", "--pids-limit", "50", "--cpu-quota", "30000",
                "--cpu-share", "256", "r1").ok();
        cremaProps = show(crema);
        assertEquals(show(runc), cremaProps);
        assertEquals("134217728", cremaProps.get("MemoryLimit"));
        assertEquals("50", cremaProps.get("TasksMax"));
        assertEquals("300ms", cremaProps.get("CPUQuotaPerSecUSec"));
        assertEquals(files(runc), files(crema));
        assertEquals("134217728\n", inside("cat", "/sys/fs/cgroup/memory/system.slice/" + crema + "/memory.limit_in_bytes").stdout());

        // delete: the unit is stopped and gone, and so are its cgroups
        inside("/opt/crema/bin/crema", "--systemd-cgroup", "delete", "--force", "c1").ok();
        inside("runc", "--systemd-cgroup", "delete", "--force", "r1").ok();
        for (String unit : new String[] {crema, runc}) {
            Crema.Result gone = inside("systemctl", "status", "--no-pager", unit);
            assertEquals(4, gone.exitCode(), unit + " still known to systemd: " + gone.stdout()); // "no such unit"
            assertEquals("", inside("sh", "-c", "ls -d /sys/fs/cgroup/*/system.slice/" + unit + " 2>/dev/null").stdout());
        }
    }

    @Test
    void defaultPathIsCremaIdScopeInSystemSlice() {
        feed(machine, "/tmp/d", variant(cremaBundle, "/bundles/crema/rootfs", ""));
        inside("/opt/crema/bin/crema", "--systemd-cgroup", "create", "--bundle", "/tmp/d", "d1").ok();
        assertEquals("system.slice", show("crema-d1.scope").get("Slice"));
        assertEquals("active", show("crema-d1.scope").get("ActiveState"));
        inside("/opt/crema/bin/crema", "delete", "--force", "d1").ok();
        assertEquals(4, inside("systemctl", "status", "--no-pager", "crema-d1.scope").exitCode());
    }

    @Test
    void aPathNotInSliceFormIsRefusedByFieldAndNothingIsLeft() throws IOException {
        Crema.Result bad = inside("sh", "-c", "mkdir -p /tmp/bad && sed -e 's|system.slice:crema-it:c1|/not/a/slice|' "
                + "-e 's|\"rootfs\"|\"/bundles/crema/rootfs\"|' /bundles/crema/config.json > /tmp/bad/config.json && "
                + "/opt/crema/bin/crema --systemd-cgroup create --bundle /tmp/bad b1");
        assertFalse(bad.exitCode() == 0, bad.stdout());
        assertEquals("linux.cgroupsPath: expected cgroupsPath to be of format \"slice:prefix:name\" for systemd cgroups, "
                + "got \"/not/a/slice\" instead", bad.stderr().strip());
        assertEquals(1, inside("/opt/crema/bin/crema", "state", "b1").exitCode());
        assertEquals("", inside("sh", "-c", "systemctl list-units --all --no-legend '*b1*'").stdout().strip());
    }

    private static Crema.Result inside(String... command) {
        return machine.inside(command);
    }

    /** systemctl show of a unit, the named properties (PROPERTIES when none are named). */
    private static Map<String, String> show(String unit, String... names) {
        return show(machine, unit, names.length == 0 ? PROPERTIES : List.of(names));
    }

    private static Map<String, String> show(Machine m, String unit, List<String> wanted) {
        Map<String, String> out = new TreeMap<>();
        for (String line : m.inside("systemctl", "show", unit, "-p", String.join(",", wanted)).ok().stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }

    /** The limit files of a scope, as the container sees them inside the machine. */
    private static Map<String, String> files(String unit) {
        Map<String, String> out = new TreeMap<>();
        for (String[] f : FILES) {
            out.put(f[1], inside("cat", "/sys/fs/cgroup/" + f[0] + "/system.slice/" + unit + "/" + f[1]).ok().stdout().strip());
        }
        return out;
    }

    /**
     * On a pure cgroup v2 machine both runtimes take systemd's v2 property set: the scope is made the same
     * (delegated, the same accounting), the process is in it in the one hierarchy,
     * and update asks systemd for MemoryMax (not v1's MemoryLimit) and TasksMax, ending as runc's does. This
     * host's cgroup v2 has no memory or pids controller (they are on its v1 hierarchies), so its files are
     * missing there; the containers have no limits at create for that reason.
     */
    @Test
    void pureCgroupV2MachineGetsV2Properties() {
        Machine v2 = Machine.boot("systemd-v2-it", true);
        try {
            feed(v2, "/tmp/c", variant(cremaBundle, "/bundles/crema/rootfs", "system.slice:crema-it:v2"));
            feed(v2, "/tmp/r", variant(runcBundle, "/bundles/runc/rootfs", "system.slice:runc-it:v2"));
            v2.inside("/opt/crema/bin/crema", "--systemd-cgroup", "run", "--detach", "--bundle", "/tmp/c", "c2").ok();
            v2.inside("runc", "--systemd-cgroup", "run", "--detach", "--bundle", "/tmp/r", "r2").ok();
            List<String> props = List.of("ActiveState", "Slice", "Delegate", "DefaultDependencies", "MemoryAccounting",
                    "CPUAccounting", "IOAccounting", "TasksAccounting", "MemoryMax", "MemoryLimit", "TasksMax");
            Map<String, String> crema = show(v2, "crema-it-v2.scope", props);
            assertEquals(show(v2, "runc-it-v2.scope", props), crema);
            assertEquals("yes", crema.get("Delegate"));
            String pid = v2.inside("/opt/crema/bin/crema", "state", "c2").ok().stdout().replaceAll("(?s).*\"pid\": *(\\d+).*", "$1");
            String cgroups = v2.inside("cat", "/proc/" + pid + "/cgroup").ok().stdout();
            assertTrue(cgroups.contains("\n0::/system.slice/crema-it-v2.scope\n"), cgroups);

            Crema.Result cremaUpdate = v2.inside("/opt/crema/bin/crema", "--systemd-cgroup", "update", "--memory", "128m", "--pids-limit", "50", "c2");
            Crema.Result runcUpdate = v2.inside("runc", "--systemd-cgroup", "update", "--memory", "128m", "--pids-limit", "50", "r2");
            assertEquals(runcUpdate.exitCode() == 0, cremaUpdate.exitCode() == 0, "crema: " + cremaUpdate.stderr() + "runc: " + runcUpdate.stderr());
            crema = show(v2, "crema-it-v2.scope", props);
            assertEquals(show(v2, "runc-it-v2.scope", props), crema);
            assertEquals("134217728", crema.get("MemoryMax"));
            assertEquals("infinity", crema.get("MemoryLimit"));
            assertEquals("50", crema.get("TasksMax"));

            v2.inside("/opt/crema/bin/crema", "delete", "--force", "c2").ok();
            v2.inside("runc", "delete", "--force", "r2").ok();
            for (String unit : new String[] {"crema-it-v2.scope", "runc-it-v2.scope"}) {
                assertEquals(4, v2.inside("systemctl", "status", "--no-pager", unit).exitCode(), unit);
                assertFalse(v2.inside("test", "-e", "/sys/fs/cgroup/system.slice/" + unit).exitCode() == 0, unit);
            }
        } finally {
            v2.stop();
        }
    }

    /** A busybox container with the same limits for both runtimes, each in a scope named after its runtime. */
    private static Bundle nested(Bundle bundle, String cgroupsPath) {
        bundle.linux().put("cgroupsPath", cgroupsPath);
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("memory", Map.of("limit", 67108864L));
        resources.put("cpu", Map.of("shares", 512L, "quota", 50000L, "period", 100000L));
        resources.put("pids", Map.of("limit", 42L));
        bundle.linux().put("resources", resources);
        bundle.script("sleep 1000");
        return bundle.write();
    }

    /** The machine: systemd as pid 1 with what it needs (capabilities, a writable cgroup mount, tmpfs /run). */
    private static Map<String, Object> machineConfig(String id, Path rootfs, boolean unified) {
        Bundle template = new Bundle();
        try {
            Map<String, Object> config = template.config;
            Map<String, Object> process = template.process();
            process.put("args", List.of("/lib/systemd/systemd"));
            process.put("env", List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin", "container=crema"));
            process.put("noNewPrivileges", false);
            process.remove("rlimits");
            List<String> caps = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
                    "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
                    "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
                    "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
                    "CAP_SYS_NICE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
                    "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
                    "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");
            process.put("capabilities", Map.of("bounding", caps, "effective", caps, "permitted", caps));
            config.put("root", Map.of("path", rootfs.toString(), "readonly", false));
            config.put("hostname", id);
            List<Object> mounts = template.mounts();
            // a "cgroup" mount is every hierarchy (crema's and runc's rule); a pure v2 view is the machine's own
            // cgroup2 directory bound there (crema made it, at /crema/ID, before the machine's init mounts)
            mounts.add(unified
                    ? Map.of("destination", "/sys/fs/cgroup", "type", "bind", "source", "/sys/fs/cgroup/unified/crema/" + id,
                            "options", List.of("rbind", "nosuid", "noexec", "nodev", "rw"))
                    : Map.of("destination", "/sys/fs/cgroup", "type", "cgroup", "source", "cgroup",
                            "options", List.of("nosuid", "noexec", "nodev", "relatime", "rw")));
            mounts.add(Map.of("destination", "/run", "type", "tmpfs", "source", "tmpfs", "options", List.of("nosuid", "nodev", "mode=755")));
            mounts.add(Map.of("destination", "/tmp", "type", "tmpfs", "source", "tmpfs", "options", List.of("nosuid", "nodev")));
            mounts.add(bind(Crema.REPO.resolve("bin"), "/opt/crema/bin"));
            mounts.add(bind(Crema.REPO.resolve("target"), "/opt/crema/target"));
            mounts.add(bind(cremaBundle.dir, "/bundles/crema"));
            mounts.add(bind(runcBundle.dir, "/bundles/runc"));
            // the nested containers make device nodes and use the ptys: the machine's own device cgroup allows all
            template.linux().put("resources", Map.of("devices", List.of(Map.of("allow", true, "access", "rwm"))));
            template.addNamespace("cgroup");
            return new LinkedHashMap<>(config);
        } finally {
            template.close();
        }
    }

    /** Writes a config.json into the machine at DIR/config.json (through the exec's stdin). */
    private static void feed(Machine m, String dir, Map<String, Object> config) {
        try {
            Path file = Files.createTempFile("crema-systemd-it-config", ".json");
            try {
                Files.writeString(file, JsonWriter.write(config, "  "));
                m.inside(List.of("sh", "-c", "mkdir -p " + dir + " && cat > " + dir + "/config.json"), file).ok();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A bundle's config with another cgroupsPath, no limits, and root.path absolute (the machine's view). */
    private static Map<String, Object> variant(Bundle bundle, String rootfs, String cgroupsPath) {
        Map<String, Object> config = new LinkedHashMap<>(bundle.config);
        Map<String, Object> linux = new LinkedHashMap<>(cast(config.get("linux")));
        linux.put("cgroupsPath", cgroupsPath);
        linux.remove("resources");
        config.put("linux", linux);
        config.put("root", Map.of("path", rootfs, "readonly", false));
        return config;
    }

    private static Map<String, Object> bind(Path source, String destination) {
        return Map.of("destination", destination, "type", "bind", "source", source.toString(), "options", List.of("rbind", "ro"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
