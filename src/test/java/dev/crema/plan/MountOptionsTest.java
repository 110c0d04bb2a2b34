package dev.crema.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {

    @Test
    void flagsPropagationAndDataAreSeparated() {
        MountOptions o = MountOptions.parse(List.of("rbind", "ro", "nosuid", "rslave", "mode=755", "size=1m"), "mounts[0].options");
        assertEquals(Kernel.MS_BIND | Kernel.MS_REC | Kernel.MS_RDONLY | Kernel.MS_NOSUID, o.flags());
        assertEquals(Kernel.MS_SLAVE | Kernel.MS_REC, o.propagation());
        assertEquals("mode=755,size=1m", o.data());
        assertTrue(o.isBind());
    }

    @Test
    void laterOptionsWin() {
        assertEquals(0, MountOptions.parse(List.of("ro", "rw"), "f").flags());
        assertEquals(Kernel.MS_RDONLY, MountOptions.parse(List.of("rw", "ro"), "f").flags());
    }

    @Test
    void defaultsIsNotData() {
        assertEquals("", MountOptions.parse(List.of("defaults"), "f").data());
    }

    @Test
    void tmpcopyupIsAnExtensionNotData() {
        MountOptions o = MountOptions.parse(List.of("nosuid", "tmpcopyup", "size=1m"), "mounts[2].options");
        assertTrue(o.copyUp());
        assertEquals("size=1m", o.data());
    }

    @Test
    void recursiveOptionsBecomeMountSetattrAttributesAsInRunc() {
        MountOptions o = MountOptions.parse(List.of("rro", "rnosuid", "rnoatime", "rexec", "ro"), "f");
        assertEquals(Kernel.MOUNT_ATTR_RDONLY | Kernel.MOUNT_ATTR_NOSUID | Kernel.MOUNT_ATTR_NOATIME, o.attrSet());
        // an atime mode clears the whole atime field; rexec clears noexec
        assertEquals(Kernel.MOUNT_ATTR__ATIME | Kernel.MOUNT_ATTR_NOEXEC, o.attrClear());
        assertEquals(Kernel.MS_RDONLY, o.flags());
        assertEquals("", o.data());
        MountOptions later = MountOptions.parse(List.of("rro", "rrw", "rnorelatime"), "f");
        assertEquals(0, later.attrSet());
        assertEquals(Kernel.MOUNT_ATTR_RDONLY, later.attrClear());
        assertEquals("", later.data());
    }

    @Test
    void idmapOptions() {
        assertEquals(MountOptions.Idmap.IDMAP, MountOptions.parse(List.of("bind", "idmap"), "f").idmap());
        assertEquals(MountOptions.Idmap.RIDMAP, MountOptions.parse(List.of("rbind", "ridmap"), "f").idmap());
        assertEquals(MountOptions.Idmap.NONE, MountOptions.parse(List.of("rbind"), "f").idmap());
    }

    @Test
    void rootfsPropagationValues() {
        assertEquals(Kernel.MS_PRIVATE | Kernel.MS_REC, MountOptions.rootfsPropagation("rprivate"));
        assertEquals(0, MountOptions.rootfsPropagation(null));
    }
}
