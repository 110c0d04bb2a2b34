package dev.crema.sys;

import java.nio.file.Path;

/** Where crema's own files are: the launcher passes -Dcrema.libexec=DIR (holding crema-init and libcrema.so). */
public final class Install {
    private Install() {}

    public static Path libexec() {
        String dir = System.getProperty("crema.libexec");
        if (dir == null || dir.isEmpty()) {
            throw new IllegalStateException("crema.libexec is not set: start crema through bin/crema");
        }
        return Path.of(dir);
    }

    public static Path initBinary() {
        return libexec().resolve("crema-init");
    }
}
