package dev.crema.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A host program a test needs. Missing, the test skips on a developer's machine; under CI (CI=true) it fails and
 * says which Debian package ./test installs it from, so a test never passes by not running.
 */
final class Required {
    private Required() {}

    static Path program(String path, String debianPackage) {
        Path program = Path.of(path);
        if (!Files.isExecutable(program)) {
            String missing = path + " is missing: ./test installs it from the Debian package " + debianPackage;
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(missing);
            assumeTrue(false, missing);
        }
        return program;
    }
}
