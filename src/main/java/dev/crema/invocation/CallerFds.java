package dev.crema.invocation;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fds above stdio that the caller of the crema command passed to it, told apart from the JVM's own, so
 * that --preserve-fds N hands the container only the caller's (DESIGN.md section 2, CVE-2024-21626): at fds
 * 3, 4... a JVM also holds its runtime image and class-path jar, and later crema's lock and state files, none
 * of them close-on-exec. Taken first thing in main, before crema opens anything.
 *
 * <p>Why this is exact enough: everything open at main is either inherited from the caller or opened by the
 * JVM before main, and before main the JVM keeps open only its runtime image ({@code java.home/lib/modules})
 * and, when it loads classes from it, the class-path jar (checked with a hello world and with crema itself,
 * with and without the AOT cache, whose file is mapped and closed). Those are recognised by identity (device
 * and inode, through the /proc/self/fd link), not by number. A caller's fd to the very same file would be left
 * out too: a container has no use for crema's jar or its JVM, and the error is on the side of closing.
 */
public final class CallerFds {
    private CallerFds() {}

    /** The numbers (3 and up, in no particular order) of the fds this process got from its caller; none if /proc is unreadable. */
    public static int[] snapshot() {
        String[] names = new File("/proc/self/fd").list();
        if (names == null) return new int[0]; // then no fd is passed: closed is the safe side
        List<Object> jvmFiles = jvmFiles();
        int[] fds = new int[names.length];
        int count = 0;
        for (String name : names) {
            int fd = Integer.parseInt(name);
            if (fd < 3) continue;
            Object file = fileKey(Path.of("/proc/self/fd", name));
            // no key: the fd is gone, so it was the listing's own directory fd (closed when list() returned)
            if (file != null && !jvmFiles.contains(file)) fds[count++] = fd;
        }
        return Arrays.copyOf(fds, count);
    }

    /**
     * This process's RLIMIT_NOFILE soft limit (from /proc/self/limits: Java has no getrlimit), which no fd number
     * of it reaches; Long.MAX_VALUE when unlimited or unreadable.
     */
    public static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (!line.startsWith("Max open files")) continue;
                String values = line.substring("Max open files".length()).trim();
                int space = values.indexOf(' ');
                String soft = space < 0 ? values : values.substring(0, space);
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        } catch (IOException | NumberFormatException e) {
            // unknown: every number of the range gets its close
        }
        return Long.MAX_VALUE;
    }

    /** The identities of the files the JVM opens before main: its runtime image and the class path's jars. */
    private static List<Object> jvmFiles() {
        List<Object> keys = new ArrayList<>();
        add(keys, Path.of(System.getProperty("java.home"), "lib", "modules"));
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) add(keys, Path.of(entry));
        }
        return keys;
    }

    private static void add(List<Object> keys, Path file) {
        Object key = fileKey(file);
        if (key != null) keys.add(key);
    }

    /** Device and inode of what path leads to (following the fd's magic link), or null when it is gone. */
    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
