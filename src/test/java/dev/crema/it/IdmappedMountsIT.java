package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idmapped bind mounts (mounts[].uidMappings, idmap/ridmap) and the recursive mount options (rro, ...). */
class IdmappedMountsIT extends ContainerTest {
    private Path shared;

    /** A host directory with a file owned by 1000:1000, to be bound into the container. */
    @BeforeEach
    void sharedDirectory() throws Exception {
        shared = bundle.dir.resolve("shared");
        Files.createDirectories(shared);
        Path file = Files.writeString(shared.resolve("f"), "data");
        Files.setAttribute(file, "unix:uid", 1000);
        Files.setAttribute(file, "unix:gid", 1000);
    }

    private static Map<String, Object> range(long inside, long outside, long size) {
        return Map.of("containerID", inside, "hostID", outside, "size", size);
    }

    private Map<String, Object> bindOfShared(String destination, List<String> options) {
        Map<String, Object> mount = new LinkedHashMap<>();
        mount.put("destination", destination);
        mount.put("type", "bind");
        mount.put("source", shared.toString());
        mount.put("options", new ArrayList<>(options));
        bundle.mounts().add(mount);
        return mount;
    }

    @Test
    void theMountsOwnMappingShiftsTheOwnersSeenThroughIt() {
        Map<String, Object> mount = bindOfShared("/mnt", List.of("bind"));
        mount.put("uidMappings", List.of(range(0, 100000, 65536)));
        mount.put("gidMappings", List.of(range(0, 200000, 65536)));
        String out = output("stat -c '%u:%g' /mnt/f; grep ' /mnt ' /proc/self/mountinfo");
        assertTrue(out.startsWith("101000:201000\n"), out);
        assertTrue(out.contains("idmapped"), out);
    }

    @Test
    void idmapWithoutMappingsTakesTheContainersUserNamespace() throws Exception {
        bundle.addNamespace("user");
        bundle.linux().put("uidMappings", List.of(range(0, 100000, 65536)));
        bundle.linux().put("gidMappings", List.of(range(0, 100000, 65536)));
        bindOfShared("/mnt", List.of("bind", "idmap"));
        Files.createDirectories(bundle.rootfs().resolve("mnt")); // container root cannot create it in a host-owned rootfs
        // the file keeps its on-disk owner for the container, and what container root writes is root's on disk
        String out = output("stat -c '%u:%g' /mnt/f; touch /mnt/new && stat -c '%u:%g' /mnt/new");
        assertEquals("1000:1000\n0:0", out);
        assertEquals(0, Files.getAttribute(shared.resolve("new"), "unix:uid"));
    }

    @Test
    void recursiveOptionsReachSubmounts() throws Exception {
        Path sub = Files.createDirectories(shared.resolve("sub"));
        // a submount under the source, so rro must reach below the top mount
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "tmpfs", sub.toString()).inheritIO().start();
        assertEquals(0, mount.waitFor());
        try {
            bindOfShared("/mnt", List.of("rbind", "rro", "rnosuid"));
            String out = output("touch /mnt/x 2>/dev/null && echo top-writable; touch /mnt/sub/x 2>/dev/null && echo sub-writable; "
                    + "grep -E ' /mnt(/sub)? ' /proc/self/mountinfo | cut -d' ' -f5,6");
            assertEquals("/mnt ro,nosuid,relatime\n/mnt/sub ro,nosuid,relatime", out);
        } finally {
            new ProcessBuilder("umount", sub.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void badIdmappedMountsAreRefusedByFieldAndLeaveNothing() {
        Map<String, Object> half = bindOfShared("/mnt", List.of("bind"));
        half.put("uidMappings", List.of(range(0, 100000, 65536)));
        assertCreateFails("mounts[6].gidMappings: an idmapped mount needs both uidMappings and gidMappings");
        bundle.mounts().removeLast();

        Map<String, Object> tmpfs = new LinkedHashMap<>(Map.of("destination", "/mnt", "type", "tmpfs", "source", "tmpfs",
                "options", List.of("idmap")));
        bundle.mounts().add(tmpfs);
        assertCreateFails("mounts[6]: idmapped mounts are only supported for bind mounts");
        bundle.mounts().removeLast();

        bindOfShared("/mnt", List.of("bind", "idmap"));
        assertCreateFails("mounts[6].options: idmap without uidMappings takes the container's, which needs a new user namespace");
        bundle.mounts().removeLast();

        // fails in the init (open_tree: ENOENT), after it made the mapping namespace: nothing may be left
        Map<String, Object> missing = bindOfShared("/mnt", List.of("bind"));
        missing.put("source", bundle.dir.resolve("missing").toString());
        missing.put("uidMappings", List.of(range(0, 100000, 65536)));
        missing.put("gidMappings", List.of(range(0, 100000, 65536)));
        assertCreateFails("mounts[6] (/mnt): idmapped mount of " + bundle.dir.resolve("missing") + ": ENOENT");
    }
}
