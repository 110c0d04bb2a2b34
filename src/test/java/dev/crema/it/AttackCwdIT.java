package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A missing process.cwd is made before the container starts, as runc makes it (issue 8). The image decides what
 * lies on the way to it, symlinks included: every directory must be made inside the rootfs, never through a link
 * out of it onto the host (CVE-2021-30465's class, for a mkdir rather than a mount). The host directory the links
 * aim at exists, so a mkdir that followed them there would succeed and show.
 */
@Tag("security")
class AttackCwdIT extends AttackTest {
    private Path hostTarget;

    @BeforeEach
    void makeTheHostTarget() throws IOException {
        hostTarget = Files.createTempDirectory("crema-cwd-target-");
    }

    @AfterEach
    void hostTargetIsStillEmpty() throws IOException {
        try (var entries = Files.list(hostTarget)) {
            List<Path> made = entries.toList();
            assertEquals(List.of(), made, "made on the host, through the rootfs's symlink");
        } finally {
            Crema.exec(List.of("rm", "-rf", hostTarget.toString()), null);
        }
    }

    /** The host target's path as seen inside the rootfs. */
    private Path inRootfs(Path hostPath) {
        return bundle.rootfs().resolve(hostPath.toString().substring(1));
    }

    @Test
    void anAbsoluteSymlinkIsFollowedInsideTheRootfs() throws Exception {
        // the same path exists in the image: the link leads there, as it does under runc after pivot_root
        Files.createDirectories(inRootfs(hostTarget));
        Files.createSymbolicLink(bundle.rootfs().resolve("link"), hostTarget);
        bundle.process().put("cwd", "/link/made/deeper");
        bundle.script("pwd");
        Crema.Result out = runContainer().ok();
        assertEquals(hostTarget + "/made/deeper", out.stdout().trim());
        assertTrue(Files.isDirectory(inRootfs(hostTarget).resolve("made/deeper")), "made in the rootfs");
        assertFalse(Files.exists(hostTarget.resolve("made")), "not on the host");
    }

    @Test
    void aSymlinkClimbingOutOfTheRootfsIsClampedToIt() throws Exception {
        Files.createDirectories(inRootfs(hostTarget));
        Files.createSymbolicLink(bundle.rootfs().resolve("up"), Path.of("../../../../../../../.." + hostTarget));
        bundle.process().put("cwd", "/up/made");
        bundle.script("pwd");
        runContainer().ok();
        assertTrue(Files.isDirectory(inRootfs(hostTarget).resolve("made")), "made in the rootfs");
    }

    @Test
    void dotDotInTheCwdStaysInTheRootfs() throws Exception {
        bundle.process().put("cwd", "/../../../../.." + hostTarget + "/made");
        bundle.script("pwd");
        runContainer().ok();
        assertTrue(Files.isDirectory(inRootfs(hostTarget).resolve("made")), "made in the rootfs");
    }

    @Test
    void aDanglingSymlinkOnTheWayIsRefusedAsRuncRefusesIt() throws Exception {
        // dangling inside the rootfs, whatever the host has at that path: runc's MkdirAll says "mkdir /escape:
        // file exists"; following it would make the directory where the link points
        Files.createSymbolicLink(bundle.rootfs().resolve("escape"), hostTarget);
        bundle.process().put("cwd", "/escape/made");
        String error = assertCreateFails("process.cwd");
        assertTrue(error.contains("EEXIST"), error);
        Crema.Result runc = runcCreate();
        assertTrue(runc.exitCode() != 0 && runc.stderr().contains("file exists"), "runc refuses it too: " + runc.stderr());
        assertFalse(Files.exists(inRootfs(hostTarget)), "nothing made where the link points, in the rootfs either");
    }

    @Test
    void theCwdIsMadeWithRuncsModeAndOwner() throws Exception {
        bundle.process().put("user", Map.of("uid", 42, "gid", 43));
        bundle.process().put("cwd", "/made/deeper");
        bundle.script("pwd; stat -c '%a %u %g' /made /made/deeper");
        bundle.write();
        String runcSaw = runc("run").ok().stdout();
        Crema.exec(List.of("rm", "-rf", bundle.rootfs().resolve("made").toString()), null).ok();
        assertEquals(runcSaw, runContainer().ok().stdout());
        assertTrue(runcSaw.startsWith("/made/deeper\n"), runcSaw);
    }
}
