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
    void unsupportedExtensionsAreRefusedByName() {
        PlanException e = assertThrows(PlanException.class, () -> MountOptions.parse(List.of("rro"), "mounts[2].options"));
        assertEquals("mounts[2].options: mount option \"rro\" is not supported by crema yet", e.getMessage());
    }

    @Test
    void rootfsPropagationValues() {
        assertEquals(Kernel.MS_PRIVATE | Kernel.MS_REC, MountOptions.rootfsPropagation("rprivate"));
        assertEquals(0, MountOptions.rootfsPropagation(null));
    }
}
