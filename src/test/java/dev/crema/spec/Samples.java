package dev.crema.spec;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the engine configs of ../shared/samples are: beside the checkout, as on the dev machines and in CI. */
public final class Samples {
    private Samples() {}

    public static Path dir() {
        String configured = System.getProperty("crema.samples");
        if (configured != null) return Path.of(configured);
        Path repo = Path.of(System.getProperty("crema.repo", ".")).toAbsolutePath();
        for (Path candidate : new Path[] {repo.resolve("../shared/samples/engine-configs"),
                Path.of("/work/shared/samples/engine-configs")}) {
            if (Files.isDirectory(candidate)) return candidate.normalize();
        }
        throw new AssertionError("engine config samples not found beside " + repo);
    }

    public static String read(String name) {
        try {
            return Files.readString(dir().resolve(name));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
