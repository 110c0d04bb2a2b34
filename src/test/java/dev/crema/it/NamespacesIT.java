package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** linux.namespaces: new ones and joined ones, checked from inside. */
class NamespacesIT extends ContainerTest {

    @Test
    void theContainerProcessIsPidOneOfItsPidNamespace() {
        assertEquals("1", output("echo $$"));
    }

    @Test
    void hostnameAndDomainnameAreSet() {
        bundle.config.put("hostname", "box");
        bundle.config.put("domainname", "example.org");
        assertEquals("box\nexample.org", output("hostname; cat /proc/sys/kernel/domainname"));
    }

    @Test
    void userNamespaceWithSeveralRangesMapsIds() {
        bundle.addNamespace("user");
        bundle.linux().put("uidMappings", List.of(map(0, 100000, 1000), map(1000, 200000, 10)));
        bundle.linux().put("gidMappings", List.of(map(0, 100000, 1000), map(1000, 200000, 10)));
        String out = output("cat /proc/self/uid_map; cat /proc/self/gid_map; id -u");
        String[] lines = out.split("\n");
        assertEquals(List.of("0 100000 1000", "1000 200000 10"), List.of(squash(lines[0]), squash(lines[1])));
        assertEquals(List.of("0 100000 1000", "1000 200000 10"), List.of(squash(lines[2]), squash(lines[3])));
        assertEquals("0", lines[4]);
    }

    @Test
    void cgroupNamespaceShowsTheContainersCgroupAsRoot() {
        bundle.addNamespace("cgroup");
        String out = output("cat /proc/self/cgroup");
        for (String line : out.split("\n")) {
            assertTrue(line.endsWith(":/"), "every hierarchy is rooted at the container's cgroup: " + out);
        }
    }

    @Test
    void timeNamespaceOffsetsTheMonotonicClock() {
        bundle.addNamespace("time");
        Map<String, Object> offsets = new LinkedHashMap<>();
        offsets.put("monotonic", Map.of("secs", 86400, "nanosecs", 0));
        offsets.put("boottime", Map.of("secs", 172800, "nanosecs", 0));
        bundle.linux().put("timeOffsets", offsets);
        String out = output("cat /proc/self/timens_offsets");
        assertTrue(out.contains("monotonic") && out.contains("86400"), out);
        assertTrue(out.contains("boottime") && out.contains("172800"), out);
    }

    @Test
    void aNamespaceCanBeJoinedByPath() throws Exception {
        bundle.script("sleep 1000").write();
        String first = newId();
        crema.run("run", "-d", "--bundle", bundle.dir.toString(), first).ok();
        String state = crema.run("state", first).ok().stdout();
        String pid = state.replaceAll("(?s).*\"pid\":\\s*(\\d+).*", "$1");
        String firstUts = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/uts")).toString();

        try (Bundle second = new Bundle()) {
            second.config.remove("hostname");
            for (Object ns : second.namespaces()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) ns;
                if (m.get("type").equals("uts")) m.put("path", "/proc/" + pid + "/ns/uts");
            }
            second.script("hostname; readlink /proc/self/ns/uts").write();
            Crema.Result out = crema.run("run", "--bundle", second.dir.toString(), newId()).ok();
            assertEquals("crema-it\n" + firstUts + "\n", out.stdout());
        }
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/uts")).toString(), firstUts);
    }

    @Test
    void newNetworkNamespaceHasOnlyLoopbackAndItIsUp() {
        String out = output("cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '; cat /sys/class/net/lo/operstate /sys/class/net/lo/flags");
        String[] lines = out.split("\n");
        assertEquals("lo", lines[0]);
        assertTrue((Integer.decode(lines[lines.length - 1]) & 1) == 1, "lo is up: " + out);
    }

    private static Map<String, Object> map(long container, long host, long size) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("containerID", container);
        m.put("hostID", host);
        m.put("size", size);
        return m;
    }

    private static String squash(String line) {
        return line.trim().replaceAll("\\s+", " ");
    }
}
