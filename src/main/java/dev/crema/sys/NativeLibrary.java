package dev.crema.sys;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads libcrema.so once, on first use. Commands that need no kernel call beyond file I/O (state, start) never
 * touch this class, so they never pay for loading it.
 */
final class NativeLibrary {
    private NativeLibrary() {}

    static {
        Path lib = Install.libexec().resolve("libcrema.so");
        if (!Files.isRegularFile(lib)) {
            throw new IllegalStateException("crema's native library is missing at " + lib + " (run the build)");
        }
        System.load(lib.toString());
    }

    /** Touching this forces the static initialiser; every native class calls it from its own initialiser. */
    static void ensureLoaded() {}
}
