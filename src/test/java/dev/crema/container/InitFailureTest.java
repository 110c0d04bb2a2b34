package dev.crema.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crema.plan.Op;
import dev.crema.plan.Plan;
import dev.crema.plan.Step;
import dev.crema.sys.Errno;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words for the init's refusals: what the init found (FOUND) or which check failed, with the field. */
class InitFailureTest {
    private static String message(Op op, String origin, int errno, FoundFile found) {
        return InitFailure.message(new Plan(List.of(new Step(op, origin))), 0, errno, found);
    }

    @Test
    void theFoundMessageDecodesTypeAndDeviceNumbers() {
        long value = 0020666L | 1L << 32 | 5L << 44;
        assertEquals(new FoundFile(0020666, 1, 5), FoundFile.decode(value));
        assertEquals("a character device 1:5", FoundFile.decode(value).describe());
        assertEquals("a character device 136:1048575", FoundFile.decode(0020600L | 136L << 32 | 0xfffffL << 44).describe());
        assertEquals("a symlink", FoundFile.decode(0120777).describe());
        assertEquals("a fifo", FoundFile.decode(0010644).describe());
    }

    @Test
    void aBadDevNullIsNamed() {
        assertEquals("linux.maskedPaths[0] (/proc/kcore): /dev/null in the rootfs is a regular file, not the null device"
                        + " (character device 1:3); refusing to mask with it",
                message(new Op.MaskPath("/proc/kcore"), "linux.maskedPaths[0] (/proc/kcore)", Errno.EPERM, new FoundFile(0100644, 0, 0)));
        assertEquals("runtime default device /dev/null: /dev/null in the rootfs is a symlink, not a character device 1:3",
                message(new Op.Mknod("dev/null", 0020666, 1, 3, 0, 0), "runtime default device /dev/null", Errno.EEXIST,
                        new FoundFile(0120777, 0, 0)));
    }

    @Test
    void aRedirectedSysctlIsNamed() {
        assertEquals("linux.sysctl[\"net.ipv4.ip_forward\"]: /proc/sys/net/ipv4/ip_forward is not the procfs file it names"
                        + " (a mount or symlink in the container redirects it, or /proc is not the container's procfs)",
                message(new Op.WriteProc("sys/net/ipv4/ip_forward", "1"), "linux.sysctl[\"net.ipv4.ip_forward\"]", Errno.EXDEV, null));
    }

    @Test
    void procOnASymlinkGetsRuncsWords() {
        assertEquals("mounts[0] (/proc): filesystem \"proc\" must be mounted on ordinary directory",
                message(new Op.Mount("proc", "proc", "proc", 0, "", Op.TargetKind.ORDINARY_DIRECTORY, 0, 0), "mounts[0] (/proc)",
                        Errno.ENOTDIR, null));
    }

    @Test
    void otherFailuresKeepTheStepAndErrno() {
        assertEquals("mounts[0] (/proc): mount proc on proc: ENOENT (no such file or directory)",
                message(new Op.Mount("proc", "proc", "proc", 0, "", Op.TargetKind.ORDINARY_DIRECTORY, 0, 0), "mounts[0] (/proc)",
                        Errno.ENOENT, null));
    }
}
