package dev.crema.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * runc 1.1.5 on the same bundle, with a state root of its own next to crema's: the reference a controller-side
 * behaviour is compared with. {@link #close()} force-deletes what it ran and removes its root.
 */
final class RuncPeer implements AutoCloseable {
    static final Path RUNC = Path.of("/usr/sbin/runc");

    private final Path root;
    private final List<String> ids = new ArrayList<>();

    RuncPeer(Crema crema) {
        if (!Files.isExecutable(RUNC)) throw new AssertionError("runc is not installed at " + RUNC + " (./test installs it)");
        root = crema.root().resolveSibling(crema.root().getFileName() + "-runc");
    }

    /** runc with our --root and these arguments; a container id given to create/run is remembered for close. */
    Crema.Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(RUNC.toString(), "--root", root.toString()));
        command.addAll(List.of(args));
        if (args.length > 0 && (args[0].equals("run") || args[0].equals("create"))) ids.add(args[args.length - 1]);
        return Crema.exec(command, null);
    }

    /** As {@link Crema#runWithInput}, for runc. */
    Crema.Result runWithInput(String input, String... args) {
        try {
            Path in = Files.createTempFile("crema-it-runc-in", ".txt");
            try {
                Files.writeString(in, input);
                List<String> command = new ArrayList<>(List.of(RUNC.toString(), "--root", root.toString()));
                command.addAll(List.of(args));
                return Crema.exec(command, null, in);
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The status field of runc's state, or "gone". */
    String status(String id) {
        Crema.Result r = run("state", id);
        if (r.exitCode() != 0) return "gone";
        return (String) ((java.util.Map<?, ?>) dev.crema.spec.Json.parse(r.stdout())).get("status");
    }

    @Override
    public void close() {
        for (String id : ids) run("delete", "--force", id);
        Crema.exec(List.of("rm", "-rf", root.toString()), null);
    }
}
