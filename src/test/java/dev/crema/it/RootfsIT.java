package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** root, mounts, devices, masked and read-only paths, sysctls: checked from inside. */
class RootfsIT extends ContainerTest {

    private static Map<String, Object> mount(String dest, String type, String source, String... options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("destination", dest);
        m.put("type", type);
        m.put("source", source);
        m.put("options", List.of(options));
        return m;
    }

    /** The options field (6th) of the mountinfo line for a mount point, e.g. "ro,nosuid,nodev". */
    private static String mountOptions(String mountinfo, String point) {
        String found = null;
        for (String line : mountinfo.split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 5 && f[4].equals(point)) found = f[5];
        }
        if (found == null) throw new AssertionError(point + " not mounted:\n" + mountinfo);
        return found;
    }

    @Test
    void readonlyRootCannotBeWritten() {
        bundle.config.put("root", new LinkedHashMap<>(Map.of("path", "rootfs", "readonly", true)));
        String out = output("touch /x 2>/dev/null && echo wrote || echo refused; awk '$5 == \"/\" {print $6}' /proc/self/mountinfo");
        assertTrue(out.startsWith("refused\nro"), out);
    }

    @Test
    void absoluteRootPathWorksToo() {
        bundle.config.put("root", new LinkedHashMap<>(Map.of("path", bundle.rootfs().toString())));
        assertEquals("ok", output("echo ok"));
    }

    @Test
    void mountsGetTheirFlagsAndTargetsAreCreated() throws Exception {
        Path shared = Files.createDirectories(bundle.dir.resolve("shared"));
        Files.writeString(shared.resolve("file"), "from the host");
        bundle.mounts().add(mount("/data/ro", "bind", shared.toString(), "rbind", "ro", "nosuid", "nodev"));
        bundle.mounts().add(mount("/data/rel", "none", "shared", "bind", "noexec"));
        bundle.mounts().add(mount("/scratch", "tmpfs", "tmpfs", "nosuid", "noexec", "size=1m", "mode=700"));
        bundle.mounts().add(mount("/etc/hostfile", "bind", shared.resolve("file").toString(), "bind", "ro"));
        String info = output("cat /data/ro/file; echo; cat /etc/hostfile; echo; cat /proc/self/mountinfo; "
                + "touch /data/ro/x 2>/dev/null && echo wrote || echo refused; stat -c %a /scratch");
        assertTrue(info.startsWith("from the host\nfrom the host\n"), info);
        assertTrue(mountOptions(info, "/data/ro").startsWith("ro,nosuid,nodev"), info);
        assertTrue(mountOptions(info, "/data/rel").contains("noexec"), info);
        assertTrue(mountOptions(info, "/scratch").contains("nosuid") && mountOptions(info, "/scratch").contains("noexec"), info);
        assertTrue(mountOptions(info, "/etc/hostfile").startsWith("ro"), info);
        assertTrue(info.endsWith("refused\n700"), info);
        assertFalse(Files.exists(shared.resolve("x")));
    }

    @Test
    void defaultDevicesAndSymlinksExist() {
        String out = output("stat -c '%A %t,%T %n' /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty; "
                + "for l in fd stdin stdout stderr ptmx; do echo $l $(readlink /dev/$l); done");
        assertEquals("""
                crw-rw-rw- 1,3 /dev/null
                crw-rw-rw- 1,5 /dev/zero
                crw-rw-rw- 1,7 /dev/full
                crw-rw-rw- 1,8 /dev/random
                crw-rw-rw- 1,9 /dev/urandom
                crw-rw-rw- 5,0 /dev/tty
                fd /proc/self/fd
                stdin /proc/self/fd/0
                stdout /proc/self/fd/1
                stderr /proc/self/fd/2
                ptmx pts/ptmx""", out);
    }

    @Test
    void configuredDevicesAreCreated() {
        Map<String, Object> dev = new LinkedHashMap<>();
        dev.put("path", "/dev/mynull");
        dev.put("type", "c");
        dev.put("major", 1);
        dev.put("minor", 3);
        dev.put("fileMode", 0640);
        dev.put("uid", 7);
        dev.put("gid", 8);
        bundle.linux().put("devices", List.of(dev));
        assertEquals("crw-r----- 7 8 1,3", output("stat -c '%A %u %g %t,%T' /dev/mynull"));
    }

    @Test
    void maskedPathsAreEmptyAndReadonlyPathsCannotBeWritten() {
        String out = output("wc -c < /proc/timer_list; ls /sys/firmware | wc -l; "
                + "echo 1 > /proc/sys/kernel/ns_last_pid 2>/dev/null && echo wrote || echo refused");
        assertEquals("0\n0\nrefused", out);
    }

    @Test
    void sysctlsAreWrittenInTheContainersNamespace() throws Exception {
        String hostValue = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).trim();
        String wanted = hostValue.equals("1") ? "0" : "1";
        bundle.linux().put("sysctl", Map.of("net.ipv4.ip_forward", wanted));
        assertEquals(wanted, output("cat /proc/sys/net/ipv4/ip_forward"));
        assertEquals(hostValue, Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).trim());
    }

    @Test
    void noPivotStillConfinesTheContainerToItsRoot() {
        bundle.script("ls /").write();
        Crema.Result out = crema.run("run", "--no-pivot", "--bundle", bundle.dir.toString(), newId()).ok();
        assertEquals("bin\ndev\netc\nproc\nroot\nsys\ntmp\n", out.stdout());
    }

    @Test
    void aSymlinkInTheRootfsCannotLeadAMountOutsideIt() throws Exception {
        Path escape = Files.createTempDirectory("crema-it-escape-target");
        try {
            Files.createSymbolicLink(bundle.rootfs().resolve("escape"), escape);
            bundle.mounts().add(mount("/escape/inner", "tmpfs", "tmpfs", "size=1m"));
            String out = output("touch /escape/inner/made-inside; ls /escape/inner");
            assertEquals("made-inside", out);
            assertFalse(Files.exists(escape.resolve("inner")), "the mount target was created outside the rootfs");
        } finally {
            Files.deleteIfExists(escape);
        }
    }

    @Test
    void rootfsPropagationIsApplied() {
        bundle.linux().put("rootfsPropagation", "rprivate");
        String info = output("cat /proc/self/mountinfo");
        for (String line : info.split("\n")) {
            assertFalse(line.contains("shared:"), "no mount is shared: " + line);
        }
    }

    @Test
    void cgroupMountShowsTheContainersOwnCgroup() {
        bundle.addNamespace("cgroup");
        bundle.mounts().add(mount("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", "ro"));
        String out = output("ls /sys/fs/cgroup; cat /sys/fs/cgroup/pids/cgroup.procs | wc -l");
        assertTrue(out.contains("memory") && out.contains("pids"), out);
        List<String> lines = new ArrayList<>(List.of(out.split("\n")));
        assertTrue(Integer.parseInt(lines.getLast().trim()) >= 1, out);
    }
}
