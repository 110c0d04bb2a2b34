package dev.crema.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.cgroups.CgroupException;
import org.junit.jupiter.api.Test;

class SystemdUnitTest {
    @Test
    void emptyPathIsCremaScopeInSystemSlice() {
        SystemdUnit unit = SystemdUnit.parse("", "c1");
        assertEquals("crema-c1.scope", unit.unitName());
        assertEquals("system.slice", unit.slice());
        assertEquals("/system.slice/crema-c1.scope", unit.cgroupPath());
    }

    @Test
    void slicePrefixNameGivesPrefixNameScope() {
        SystemdUnit unit = SystemdUnit.parse("machine.slice:libpod:abc", "ignored");
        assertEquals("libpod-abc.scope", unit.unitName());
        assertEquals("/machine.slice/libpod-abc.scope", unit.cgroupPath());
    }

    @Test
    void emptySliceIsSystemSlice() {
        assertEquals("/system.slice/docker-x.scope", SystemdUnit.parse(":docker:x", "id").cgroupPath());
    }

    @Test
    void nestedSlicesExpandAsSystemdNamesThem() {
        assertEquals("/a.slice/a-b.slice/a-b-c.slice", SystemdUnit.expandSlice("a-b-c.slice"));
        assertEquals("/kubepods.slice/kubepods-besteffort.slice/cri-containerd-1.scope",
                SystemdUnit.parse("kubepods-besteffort.slice:cri-containerd:1", "x").cgroupPath());
    }

    @Test
    void rootSliceIsTheRoot() {
        assertEquals("/", SystemdUnit.expandSlice("-.slice"));
        assertEquals("/p-n.scope", SystemdUnit.parse("-.slice:p:n", "x").cgroupPath());
    }

    @Test
    void emptyPrefixKeepsRuncsDash() {
        assertEquals("-n.scope", SystemdUnit.parse("system.slice::n", "x").unitName());
    }

    @Test
    void invalidSlicesAreRefusedByField() {
        for (String bad : new String[] {"a--b.slice", "-a.slice", "a-.slice", ".slice", "foo", "a/b.slice"}) {
            CgroupException e = assertThrows(CgroupException.class, () -> SystemdUnit.expandSlice(bad), bad);
            assertTrue(e.getMessage().startsWith("linux.cgroupsPath: invalid slice name"), e.getMessage());
        }
    }

    @Test
    void pathsNotOfThreePartsAreRefusedWithRuncsWords() {
        CgroupException e = assertThrows(CgroupException.class, () -> SystemdUnit.parse("/crema/x", "x"));
        assertEquals("linux.cgroupsPath: expected cgroupsPath to be of format \"slice:prefix:name\" for systemd cgroups, "
                + "got \"/crema/x\" instead", e.getMessage());
        assertThrows(CgroupException.class, () -> SystemdUnit.parse("a.slice:b:c:d", "x"));
    }

    @Test
    void aSliceAsTheContainersUnitIsRefused() {
        assertThrows(CgroupException.class, () -> SystemdUnit.parse("system.slice:p:n.slice", "x"));
    }

    @Test
    void versionsParseAsRuncsDo() {
        assertEquals(252, Systemd.parseVersion("252.39-1~deb12u2"));
        assertEquals(245, Systemd.parseVersion("v245.4-1.fc32"));
        assertEquals(-1, Systemd.parseVersion("unknown"));
    }
}
