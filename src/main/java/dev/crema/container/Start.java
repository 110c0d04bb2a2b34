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
        return start(store, id, PhaseTimes.OFF);
    }

    /** As {@link #start(StateStore, String)}, adding the time of each phase to {@code times}. */
    public static List<String> start(StateStore store, String id, PhaseTimes times) {
        long t = times.now();
        try (ContainerLock lock = store.lock(id)) {
            ContainerState state = store.load(id);
            String status = Status.of(store, state);
            times.lap(PhaseTimes.STATE, t);
            switch (status) {
                case Status.CREATED -> release(store.containerDir(id).resolve(Create.EXEC_FIFO), state, times);
                case Status.STOPPED -> throw ContainerException.wrongState("cannot start a container that has stopped");
                case Status.RUNNING -> throw ContainerException.wrongState("cannot start an already running container");
                default -> throw ContainerException.wrongState("cannot start a container in the " + status + " state");
            }
            t = times.now();
            if (state.hooks().poststart().isEmpty()) {
                times.lap(PhaseTimes.HOOKS, t);
                return List.of();
            }
            List<String> warnings = Hooks.runWarning("poststart", state.hooks().poststart(), StateView.of(store, state));
            times.lap(PhaseTimes.HOOKS, t);
            return warnings;
        }
    }

    /**
     * The open blocks until the init's open meets it; if the init died in between it would block forever, so it
     * runs on its own thread while this one watches the init. The init keeps its end open until execve closes
     * it, so the read ends when the program runs (after any startContainer hook), or when the init exits: the
     * exec phase of --debug is that span, from our open to end of file.
     */
    private static void release(Path fifo, ContainerState state, PhaseTimes times) {
        FifoReader reader = new FifoReader(fifo, times);
        Thread opener = new Thread(reader, "exec-fifo");
        opener.setDaemon(true);
        opener.start();
        try {
            while (opener.isAlive()) {
                opener.join(20);
                if (!opener.isAlive()) break;
                // an init that opened its end and then exec'd a short program (or died) has closed it: the
                // reader is about to see end of file, and that is not an init that never answered
                if (!Status.initAlive(state) && !reader.opened) {
                    opener.join(50); // the open may just have returned
                    if (!opener.isAlive() || reader.opened) continue;
                    throw new ContainerException("cannot start container " + state.id() + ": its init has exited");
                }
            }
            if (reader.failure != null) {
                throw new ContainerException("cannot start container " + state.id() + ": open exec fifo " + fifo
                        + ": " + reader.failure.getMessage(), reader.failure);
            }
            times.add(PhaseTimes.EXEC, reader.ended - reader.opening);
            long t = times.now();
            Files.deleteIfExists(fifo);
            times.lap(PhaseTimes.STATE, t);
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
        private final PhaseTimes times;
        private volatile IOException failure;
        private volatile boolean opened;
        private volatile long opening;
        private volatile long ended;

        FifoReader(Path fifo, PhaseTimes times) {
            this.fifo = fifo;
            this.times = times;
        }

        @Override
        public void run() {
            opening = times.now();
            try (InputStream in = Files.newInputStream(fifo)) {
                opened = true;
                in.readAllBytes();
                ended = times.now();
            } catch (IOException e) {
                failure = e;
            }
        }
    }
}
