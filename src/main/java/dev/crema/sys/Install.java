package dev.crema.sys;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where crema's own native files are (crema-init and libcrema.so): the directory the system property
 * crema.libexec names. The launcher passes -Dcrema.libexec=DIR; a JVM program using the library (dev.crema.api)
 * sets it too, or, without it, gets the Debian package's directory when the package is installed.
 */
public final class Install {
    /** Where the crema package (scripts/deb.sh) installs the natives. */
    public static final String PACKAGE_LIBEXEC = "/usr/lib/crema/libexec";

    private Install() {}

    public static Path libexec() {
        String dir = System.getProperty("crema.libexec");
        if (dir != null && !dir.isEmpty()) return Path.of(dir);
        Path installed = Path.of(PACKAGE_LIBEXEC);
        if (Files.isExecutable(installed.resolve("crema-init"))) return installed;
        throw new IllegalStateException("crema.libexec is not set: start crema through bin/crema, or give a program"
                + " that uses the library -Dcrema.libexec=DIR (the directory holding crema-init and libcrema.so;"
                + " the crema package installs them in " + PACKAGE_LIBEXEC + ")");
    }

    public static Path initBinary() {
        return libexec().resolve("crema-init");
    }
}
