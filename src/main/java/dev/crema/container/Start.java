package dev.crema.container;

import dev.crema.db.ContainerLock;
import dev.crema.db.ContainerState;
import dev.crema.db.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * start: opening the exec fifo for reading releases the init, which is blocked opening it for writing; it then
 * writes one byte and execs the user's program. Plain file I/O: start loads no native code.
 */
public final class Start {
    private Start() {}

    /** Starts the container; returns the warnings of failed poststart hooks (which, per the spec, only warn). */
    public static List<String> start(StateStore store, String id) {
        try (ContainerLock lock = store.lock(id)) {
            ContainerState state = store.load(id);
            String status = Status.of(store, state);
            switch (status) {
                case Status.CREATED -> release(store.containerDir(id).resolve(Create.EXEC_FIFO), state);
                case Status.STOPPED -> throw ContainerException.wrongState("cannot start a container that has stopped");
                case Status.RUNNING -> throw ContainerException.wrongState("cannot start an already running container");
                default -> throw ContainerException.wrongState("cannot start a container in the " + status + " state");
            }
            if (state.hooks().poststart().isEmpty()) return List.of();
            return Hooks.runWarning("poststart", state.hooks().poststart(), StateView.of(store, state));
        }
    }

    /**
     * The open blocks until the init's open meets it; if the init died in between it would block forever, so it
     * runs on its own thread while this one watches the init.
     */
    private static void release(Path fifo, ContainerState state) {
        FifoReader reader = new FifoReader(fifo);
        Thread opener = new Thread(reader, "exec-fifo");
        opener.setDaemon(true);
        opener.start();
        try {
            while (opener.isAlive()) {
                opener.join(20);
                if (!opener.isAlive()) break;
                if (!Status.initAlive(state)) {
                    throw new ContainerException("cannot start container " + state.id() + ": its init has exited");
                }
            }
            if (reader.failure != null) {
                throw new ContainerException("cannot start container " + state.id() + ": open exec fifo " + fifo
                        + ": " + reader.failure.getMessage(), reader.failure);
            }
            Files.deleteIfExists(fifo);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException("start of " + state.id() + " interrupted");
        } catch (IOException e) {
            throw new ContainerException("cannot remove exec fifo " + fifo + ": " + e.getMessage(), e);
        }
    }

    /** Opens the fifo (blocking until the init's side is open) and reads the init's byte. */
    private static final class FifoReader implements Runnable {
        private final Path fifo;
        private volatile IOException failure;

        FifoReader(Path fifo) {
            this.fifo = fifo;
        }

        @Override
        public void run() {
            try (InputStream in = Files.newInputStream(fifo)) {
                in.readAllBytes();
            } catch (IOException e) {
                failure = e;
            }
        }
    }
}
