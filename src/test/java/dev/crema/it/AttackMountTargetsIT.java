package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CVE-2019-19921 and CVE-2023-27561: an image whose /proc (or /sys) is a symlink gets procfs mounted wherever
 * the symlink points, and the runtime's later writes to "/proc/..." land on whatever is at /proc instead: the
 * way around LSM labels. runc refuses: "must be mounted on ordinary directory". So must crema, with runc's
 * words, and runc is run on the same bundle to compare.
 * --no-pivot: the container is chrooted, not pivoted; the host's procfs and sysfs stay in its mount namespace
 * unless detached, and a full host procfs there lets a user-namespaced container mount a fresh one.
 */
@Tag("security")
class AttackMountTargetsIT extends AttackTest {

    private void replaceWithSymlink(String dir, String target) throws Exception {
        Path p = bundle.rootfs().resolve(dir);
        Files.delete(p);
        Files.createSymbolicLink(p, Path.of(target));
    }

    @Test
    void procThroughASymlinkedDestinationIsRefusedAsRuncDoes() throws Exception {
        replaceWithSymlink("proc", "tmp");
        String error = assertCreateFails("mounts[0] (/proc): filesystem \"proc\" must be mounted on ordinary directory");
        Crema.Result runc = runcCreate();
        assertTrue(runc.exitCode() != 0 && runc.stderr().contains("must be mounted on ordinary directory"),
                "runc refuses it too: " + runc.stderr() + "\ncrema: " + error);
        assertTrue(Files.isSymbolicLink(bundle.rootfs().resolve("proc")), "the image is unchanged");
        assertEquals(0, Files.list(bundle.rootfs().resolve("tmp")).count(), "nothing mounted or made through the link");
    }

    @Test
    void sysfsThroughASymlinkedDestinationIsRefusedAsRuncDoes() throws Exception {
        replaceWithSymlink("sys", "/tmp");
        String error = assertCreateFails("mounts[5] (/sys): filesystem \"sysfs\" must be mounted on ordinary directory");
        Crema.Result runc = runcCreate();
        assertTrue(runc.exitCode() != 0 && runc.stderr().contains("must be mounted on ordinary directory"),
                "runc refuses it too: " + runc.stderr() + "\ncrema: " + error);
    }

    private void withCaps(String... caps) {
        Map<String, Object> c = new LinkedHashMap<>();
        for (String set : new String[] {"bounding", "effective", "permitted"}) c.put(set, List.of(caps));
        bundle.process().put("capabilities", c);
    }

    @Test
    void aChrootEscapeFromANoPivotContainerReachesNothingOfTheHost() throws Exception {
        // chrooted rather than pivoted: with CAP_SYS_CHROOT the classic escape (chroot into a subdirectory, walk
        // up, chroot there) reaches the root of the mount namespace; the host's /proc must not be there
        Path program = bundle.rootfs().resolve("bin/chroot-escape");
        Crema.exec(List.of("gcc", "-static", "-O2", "-o", program.toString(),
                Crema.REPO.resolve("src/test/resources/chroot-escape.c").toString()), null).ok();
        withCaps("CAP_SYS_CHROOT", "CAP_KILL");
        bundle.process().put("args", List.of("/bin/chroot-escape"));
        bundle.write();
        Crema.Result out = crema.run("run", "--no-pivot", "--bundle", bundle.dir.toString(), newId()).ok();
        assertTrue(out.stdout().contains("core_pattern unreachable"), out.stdout());
        assertTrue(out.stdout().contains("host etc/hostname unreachable"), out.stdout());
        assertEquals(runc("run", "--no-pivot").ok().stdout(), out.stdout(), "the same as under runc");
        assertCorePatternUnchangedNow();
    }

    @Test
    void aUserNamespacedNoPivotContainerMountsProcfsOnlyAsUnderRunc() {
        // root of its own user namespace with CAP_SYS_ADMIN there: the kernel lets it mount procfs only if a
        // whole procfs is visible in its mount namespace (mount_too_revealing). The host's ones are detached;
        // the container's own /proc, its masks made inside the user namespace (so not locked), still counts,
        // under runc as under crema: the answers must be the same
        bundle.addNamespace("user");
        Map<String, Object> ids = Map.of("containerID", 0, "hostID", 100000, "size", 65536);
        bundle.linux().put("uidMappings", List.of(ids));
        bundle.linux().put("gidMappings", List.of(ids));
        withCaps("CAP_SYS_ADMIN", "CAP_KILL");
        bundle.script("if mount -t proc proc /tmp 2>/dev/null; then echo MOUNTED; else echo REFUSED; fi");
        bundle.write();
        Crema.Result out = crema.run("run", "--no-pivot", "--bundle", bundle.dir.toString(), newId()).ok();
        assertEquals(runc("run", "--no-pivot").ok().stdout(), out.stdout());
    }

    @Test
    void noPivotStillGivesTheContainerItsOwnProc() {
        bundle.script("cat /proc/1/comm; true");
        bundle.write();
        Crema.Result out = crema.run("run", "--no-pivot", "--bundle", bundle.dir.toString(), newId()).ok();
        assertEquals("sh", out.stdout().trim());
    }
}
