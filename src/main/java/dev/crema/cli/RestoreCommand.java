package dev.crema.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * crema restore [runc's flags] ID: as {@link CheckpointCommand}, the argument handling of runc's restore without
 * CRIU. Checked in runc's order: the bundle and its config.json, the id, the CRIU binary, the image (IMAGE/descriptors.json,
 * default BUNDLE/checkpoint); with all of them present it fails saying CRIU is not implemented. Nothing is made.
 */
final class RestoreCommand {
    private static final String[] VALUES = {"console-socket", "image-path", "work-path", "manage-cgroups-mode",
            "bundle|b", "pid-file", "empty-ns", "lsm-profile", "lsm-mount-context"};
    private static final String[] BOOLEANS = {"tcp-established", "ext-unix-sk", "shell-job", "file-locks", "detach|d",
            "no-subreaper", "no-pivot", "auto-dedup", "lazy-pages"};

    private RestoreCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, VALUES, BOOLEANS, false);
        String id = args.onlyId("restore");
        Path bundle = dev.crema.invocation.Invocation.current().absolute(Path.of(args.value("bundle", ".")));
        SpecCommand.requireBundleDirectory(bundle);
        if (!Files.isRegularFile(bundle.resolve("config.json"))) {
            throw new UsageException("JSON specification file config.json not found");
        }
        if (global.runtime(false).exists(id)) {
            throw new UsageException("container with given ID already exists");
        }
        // runc's Restore checks CRIU before it opens the image
        CheckpointCommand.criuVersionCheck(global.criu());
        String image = args.value("image-path");
        Path descriptors = (image == null ? bundle.resolve("checkpoint") : bundle.resolve(image)).resolve("descriptors.json");
        if (!Files.exists(descriptors)) throw new UsageException("open " + descriptors + ": no such file or directory");
        CheckpointCommand.cgroupsMode(args);
        throw new UsageException("restore: CRIU checkpoint/restore is not implemented by crema");
    }
}
