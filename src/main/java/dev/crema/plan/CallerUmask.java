package dev.crema.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The umask crema was called with. runc's init inherits it and makes a missing process.cwd with it; crema-init
 * runs with umask 0 (its device nodes and directories get exactly the plan's modes), so the plan carries the
 * mode runc would get. Java has no umask call; the kernel shows it in /proc/self/status (Linux 4.7 and later).
 */
final class CallerUmask {
    private static final int DEFAULT = 022;

    private CallerUmask() {}

    static int read() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) return Integer.parseInt(line.substring(6).trim(), 8);
            }
        } catch (IOException | NumberFormatException e) {
            // no procfs to read it from: runc's usual umask
        }
        return DEFAULT;
    }
}
