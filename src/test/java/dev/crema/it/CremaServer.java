package dev.crema.it;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * A `crema server` a test starts for one runtime root (docs/server.md), so that the commands given that root go
 * through it. {@link #close} reads its status, stops it and fails when it served no command: the commands
 * under test must have gone through the server, not fallen back to the JVM.
 */
final class CremaServer implements AutoCloseable {
    private final Path runtime;
    private final Path root;

    private CremaServer(Path runtime, Path root) {
        this.runtime = runtime;
        this.root = root;
    }

    /** Starts a server of {@code runtime} (bin/crema, /usr/bin/crema) for {@code root}. */
    static CremaServer start(Path runtime, Path root) {
        Crema.Result started = Crema.exec(List.of(runtime.toString(), "--root", root.toString(), "server", "start",
                "--idle-timeout", "30m"), null);
        if (started.exitCode() != 0) throw new AssertionError("crema server start for " + root + ": " + started.stderr());
        return new CremaServer(runtime, root);
    }

    /**
     * Stops the server and waits until its socket is gone (unlinked when its accept loop next wakes, within half
     * a second), so that a server started next for the same root cannot meet this one; fails if it served no
     * command.
     */
    @Override
    public void close() {
        long served = stop();
        Path socket = root.resolve("server.sock");
        for (int i = 0; i < 1000 && Files.exists(socket, LinkOption.NOFOLLOW_LINKS); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        if (served == 0) throw new AssertionError("the crema server of " + root + " served no command");
    }

    /**
     * As {@link #close}, without waiting for the server to go: for a root used once and removed next (the
     * differential suite's), where that half second a scenario is most of what server mode adds to the suite.
     */
    void closeAndForget() {
        if (stop() == 0) throw new AssertionError("the crema server of " + root + " served no command");
    }

    /**
     * Reads how many commands the server served and stops it, both through the client, as a user would: the
     * server serves them (its count leaves out the status command in flight; its own stop does not wait for it
     * to exit). Not `server stop` in a JVM of its own: that waits for the pid to leave /proc, and the detached
     * server stays a zombie until pid 1 reaps it, up to two seconds on this machine.
     */
    private long stop() {
        String status = Crema.exec(List.of(runtime.toString(), "--root", root.toString(), "server", "status"), null).stdout();
        Crema.exec(List.of(runtime.toString(), "--root", root.toString(), "server", "stop"), null);
        return status.lines().filter(l -> l.startsWith("served ")).mapToLong(l -> Long.parseLong(l.substring(7)))
                .findFirst().orElse(0);
    }
}
