package dev.crema.cli;

import dev.crema.spec.DefaultSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** crema spec [--bundle DIR] [--rootless]: writes a default config.json, refusing to overwrite one, as runc. */
final class SpecCommand {
    private SpecCommand() {}

    static int run(List<String> argv) {
        Args args = Args.parse(argv, new String[] {"bundle|b"}, new String[] {"rootless"}, false);
        args.noPositionals("spec");
        Path bundle = Path.of(args.value("bundle", "."));
        requireBundleDirectory(bundle);
        Path config = bundle.resolve("config.json");
        if (Files.exists(config)) throw new UsageException("File " + config + " exists. Remove it first");
        try {
            Files.writeString(config, DefaultSpec.json(args.flag("rootless")));
        } catch (IOException e) {
            throw new UsageException("spec: cannot write " + config + ": " + e.getMessage());
        }
        return 0;
    }

    /** runc changes into the bundle first: a missing one is refused in chdir's words, which callers match on. */
    static void requireBundleDirectory(Path bundle) {
        if (!Files.isDirectory(bundle)) {
            throw new UsageException("chdir " + bundle + ": " + (Files.exists(bundle) ? "not a directory" : "no such file or directory"));
        }
    }
}
