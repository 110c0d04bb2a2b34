package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The invariants of DESIGN.md section 2, checked on real containers. */
class SecurityIT extends ContainerTest {

    @Test
    void theInitRunsFromASealedMemfdNotTheHostBinary() throws Exception {
        bundle.script("true").write();
        String id = newId();
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        String exe = Files.readSymbolicLink(Path.of("/proc/" + initPid(id) + "/exe")).toString();
        assertTrue(exe.startsWith("/memfd:crema-init"), exe);
        // and through /proc/PID/exe the binary cannot be opened for writing
        assertTrue(Crema.exec(java.util.List.of("sh", "-c", "echo x >> /proc/" + initPid(id) + "/exe"), null).exitCode() != 0);
    }

    @Test
    void onlyTheStdioFdsAreOpenInTheContainer() {
        // every open fd with its target: above stdio, only the directory ls itself opened may be there
        String out = output("ls -l /proc/self/fd | sed -n 's/.* \\([0-9][0-9]*\\) -> \\(.*\\)/\\1 \\2/p'");
        for (String line : out.lines().toList()) {
            if (line.matches("[012] .*")) continue;
            assertTrue(line.matches("\\d+ /proc/\\d+/fd"), "unexpected fd in the container: " + line + "\n" + out);
        }
        assertTrue(out.lines().count() >= 3, out);
    }

    @Test
    void preservedFdsAreThereAndNothingElse() {
        bundle.script("ls /proc/self/fd | sort -n | tr '\\n' ' '").write();
        // fd 3 of the crema process: the shell opens it on a file for crema to pass on
        Crema.Result result = Crema.exec(java.util.List.of("sh", "-c", "exec 3</etc/hostname; exec "
                + Crema.LAUNCHER + " --root " + crema.root() + " run --preserve-fds 1 --bundle " + bundle.dir + " "
                + newId()), null).ok();
        assertEquals("0 1 2 3 4", result.stdout().trim());
    }

    @Test
    void theContainerStartsWithNoSignalIgnoredOrBlocked() {
        bundle.process().put("args", java.util.List.of("grep", "-E", "^Sig(Ign|Blk)", "/proc/self/status"));
        assertEquals("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000", runContainer().ok().stdout().trim());
    }

    @Test
    void aCwdThroughTheInitsOwnFdsCannotLeaveTheRoot() {
        // whatever fds the init holds until exec (only the exec fifo now; AttackHostFdsIT looks at them from a
        // neighbour's side), none may serve as a way out (CVE-2024-21626)
        for (int fd = 3; fd < 10; fd++) {
            bundle.process().put("cwd", "/proc/self/fd/" + fd);
            bundle.script("readlink /proc/self/cwd; ls");
            Crema.Result result = runContainer();
            if (result.exitCode() == 0) {
                // it may only land inside the container: its root (the rootfs fd) lists the rootfs
                assertTrue(result.stdout().startsWith("/\n") && result.stdout().contains("bin\n"),
                        "fd " + fd + " led elsewhere: " + result.stdout());
            }
        }
    }
}
