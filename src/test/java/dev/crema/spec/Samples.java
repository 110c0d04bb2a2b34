package dev.crema.spec;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The config.json and process.json files podman, containerd and docker handed crema when the project captured
 * them (src/test/resources/engine-configs; its README.md says how: scripts/capture-engine-configs).
 */
public final class Samples {
    private Samples() {}

    public static Path dir() {
        Path repo = Path.of(System.getProperty("crema.repo", ".")).toAbsolutePath();
        Path dir = repo.resolve("src/test/resources/engine-configs").normalize();
        if (!Files.isDirectory(dir)) throw new AssertionError("engine config samples not found: " + dir);
        return dir;
    }

    public static String read(String name) {
        try {
            return Files.readString(dir().resolve(name));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
