package dev.crema.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * crema's client, JVM launcher and built parts copied into a directory every user can read, for tests that run
 * crema as another user: the checkout may sit where only root can look (the fresh-machine check's /root/crema).
 * The AOT cache is left out: it names the jar's path.
 */
final class ReadableCopy {
    private ReadableCopy() {}

    /** Copies into {@code dir}/crema and returns the copy's bin/crema. */
    static Path of(Path dir) throws IOException {
        Path copy = Files.createDirectories(dir.resolve("crema/target"));
        Files.createDirectories(dir.resolve("crema/bin"));
        // bin/crema is the native client (a link into target/libexec); it runs bin/crema-jvm beside it
        for (String bin : new String[] {"crema", "crema-jvm"}) {
            Crema.exec(List.of("cp", "-a", Crema.LAUNCHER.resolveSibling(bin).toString(),
                    dir.resolve("crema/bin/" + bin).toString()), null).ok();
        }
        Path target = Crema.REPO.resolve("target");
        for (String part : new String[] {"crema.jar", "libexec", "runtime"}) {
            if (Files.exists(target.resolve(part))) {
                Crema.exec(List.of("cp", "-a", target.resolve(part).toString(), copy.toString()), null).ok();
            }
        }
        Crema.exec(List.of("chmod", "-R", "a+rX", dir.toString()), null).ok();
        return dir.resolve("crema/bin/crema");
    }
}
