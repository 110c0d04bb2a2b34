package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CVE-2025-52565 and CVE-2025-31133: the runtime mounts the pty over /dev/console and /dev/null over masked
 * paths. An image whose /dev is used as it is (no tmpfs over it, or a bind) decides what those are: a symlink
 * to a host-like target, a fifo that blocks whoever opens it, a directory, another device. Each must be
 * refused with what it was, at once (the fifo no longer hangs create), with the host unchanged.
 */
@Tag("security")
class AttackDevicesIT extends AttackTest {

    /** The image's own /dev, with the config's tmpfs over it removed. */
    private Path imageDev() {
        removeMount("/dev");
        return bundle.rootfs().resolve("dev");
    }

    /** create with a terminal must fail with this message, quickly and cleanly. */
    private void assertConsoleRefused(String found) throws Exception {
        Path socket = bundle.dir.resolve("console.sock");
        java.lang.Process receiver = startSocketPeer("console-receiver.py", socket, bundle.dir.resolve("console.out"));
        try {
            bundle.process().put("terminal", true);
            bundle.write();
            String id = newId();
            Crema.Result r = crema.run("create", "--console-socket", socket.toString(), "--bundle", bundle.dir.toString(), id).failed();
            assertTrue(r.stderr().contains("process.terminal: /dev/console in the rootfs is " + found
                    + ", not a regular file or a terminal"), r.stderr());
            assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
            before.assertClean(crema, id);
        } finally {
            receiver.destroyForcibly().waitFor();
        }
        assertCorePatternUnchangedNow();
    }

    @Test
    void aConsoleThatIsAFifoIsRefusedWithoutHanging() throws Exception {
        mknod(imageDev().resolve("console"), "p");
        assertConsoleRefused("a fifo");
    }

    @Test
    void aConsoleThatIsASymlinkIsRefused() throws Exception {
        Files.createSymbolicLink(imageDev().resolve("console"), CORE_PATTERN);
        assertConsoleRefused("a symlink");
    }

    @Test
    void aConsoleThatIsADirectoryIsRefused() throws Exception {
        Files.createDirectory(imageDev().resolve("console"));
        assertConsoleRefused("a directory");
    }

    @Test
    void aConsoleThatIsAnotherDeviceIsRefused() throws Exception {
        mknod(imageDev().resolve("console"), "c", "1", "1"); // /dev/mem's numbers
        assertConsoleRefused("a character device 1:1");
    }

    @Test
    void anImageConsoleThatIsAPlainFileStillWorks() throws Exception {
        // the checks refuse only the hostile shapes: an empty file (what runc creates) is the pty's mount point
        Files.createFile(imageDev().resolve("console"));
        Path socket = bundle.dir.resolve("console.sock");
        Path out = bundle.dir.resolve("console.out");
        java.lang.Process receiver = startSocketPeer("console-receiver.py", socket, out);
        try {
            bundle.process().put("terminal", true);
            bundle.script("ls -l /dev/console | cut -c1");
            bundle.write();
            crema.run("run", "-d", "--console-socket", socket.toString(), "--bundle", bundle.dir.toString(), newId()).ok();
            assertTrue(receiver.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(Files.readString(out).contains("c"), Files.readString(out));
        } finally {
            receiver.destroyForcibly().waitFor();
        }
    }

    // --- /dev/null in an image /dev: the runtime's own mknod refuses what is there

    @Test
    void anImageDevNullThatIsASymlinkIsRefused() throws Exception {
        Files.createSymbolicLink(imageDev().resolve("null"), CORE_PATTERN);
        assertCreateFails("runtime default device /dev/null: /dev/null in the rootfs is a symlink, not a character device 1:3");
        assertCorePatternUnchangedNow();
    }

    @Test
    void anImageDevNullThatIsARegularFileIsRefused() throws Exception {
        Files.writeString(imageDev().resolve("null"), "");
        assertCreateFails("runtime default device /dev/null: /dev/null in the rootfs is a regular file, not a character device 1:3");
    }

    @Test
    void anImageDevNullThatIsAnotherDeviceIsRefused() throws Exception {
        mknod(imageDev().resolve("null"), "c", "1", "5"); // /dev/zero's numbers
        assertCreateFails("runtime default device /dev/null: /dev/null in the rootfs is a character device 1:5, not a character device 1:3");
    }

    // --- /dev/null in a bound /dev (no device nodes made): masking checks it before binding it anywhere

    private Path boundDev() throws Exception {
        removeMount("/dev");
        Path dev = bundle.dir.resolve("hostile-dev");
        Files.createDirectory(dev);
        bundle.mounts().add(1, mount("/dev", "bind", dev.toString(), "rbind"));
        bundle.linux().put("maskedPaths", java.util.List.of("/proc/acpi", "/proc/keys"));
        return dev;
    }

    private static final String MASK_REFUSED = "linux.maskedPaths[1] (/proc/keys): /dev/null in the rootfs is ";

    @Test
    void maskingWithADevNullSymlinkIsRefused() throws Exception {
        // the CVE: masking binds the symlink's target (the host's core_pattern, seen through the container's
        // /proc) over a path the container can write
        Files.createSymbolicLink(boundDev().resolve("null"), CORE_PATTERN);
        assertCreateFails(MASK_REFUSED + "a symlink, not the null device (character device 1:3)");
        assertCorePatternUnchangedNow();
    }

    @Test
    void maskingWithADevNullRegularFileIsRefused() throws Exception {
        Files.writeString(boundDev().resolve("null"), "");
        assertCreateFails(MASK_REFUSED + "a regular file, not the null device (character device 1:3)");
    }

    @Test
    void maskingWithAnotherDeviceIsRefused() throws Exception {
        mknod(boundDev().resolve("null"), "c", "1", "5");
        assertCreateFails(MASK_REFUSED + "a character device 1:5, not the null device (character device 1:3)");
    }

}
