package dev.crema.cli;

import dev.crema.sys.Seccomp;

/**
 * The text of crema --version, in runc's layout (tools parse it: `runc version X`, then `key: value` lines):
 * crema's version, the commit it was built from, the OCI spec, the Java runtime and the libseccomp in use.
 *
 * <p>libseccomp's version is asked of the loaded library (seccomp_version through libcrema), as runc does,
 * not taken from the headers at build time: the library is a separate package that can be upgraded under an
 * installed crema, and the version that matters is the one that compiles the filters. It costs loading
 * libcrema (and so libseccomp), which only --version pays, and that cost was not measurable: hyperfine, 200
 * runs each of --version with the call and with it replaced by a constant, both with the AOT cache, medians
 * 37.6 and 38.0 ms (2026-11-30, a busy machine). No engine calls --version per container either.
 */
final class VersionInfo {
    private VersionInfo() {}

    static String text() {
        return "crema version " + BuildInfo.VERSION + "\ncommit: " + BuildInfo.COMMIT + "\nspec: " + Main.SPEC_VERSION
                + "\njava: " + System.getProperty("java.version") + "\nlibseccomp: " + libseccomp() + "\n";
    }

    private static String libseccomp() {
        try {
            int[] v = Seccomp.version();
            return v[0] + "." + v[1] + "." + v[2];
        } catch (LinkageError e) {
            // --version must still answer when libcrema cannot load: it is how one finds out what is installed
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "unavailable (" + cause.getMessage() + ")";
        } catch (RuntimeException e) {
            return "unavailable (" + Main.message(e) + ")";
        }
    }
}
