package dev.crema.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the pty master goes when the process has a terminal (process.terminal, or {@link ExecOptions#tty()}).
 * Without a console a process with a terminal is refused, as runc refuses it without --console-socket.
 */
public sealed interface Console {

    /** An engine's console socket: the master is sent there (SCM_RIGHTS, as runc sends it) and closed here. */
    static Console socket(Path path) {
        return new Socket(path);
    }

    /** The master is kept for the caller: after create or exec, {@link Pty#masterFd()} is its fd number. */
    static Pty pty() {
        return new Pty();
    }

    record Socket(Path path) implements Console {
        public Socket {
            path = dev.crema.invocation.Invocation.current().absolute(Objects.requireNonNull(path, "path"));
        }
    }

    /**
     * Receives the pty master of one create or exec (so one Pty per call). The caller owns the fd from then on
     * and closes it; -1 when the process got no terminal.
     */
    final class Pty implements Console {
        private volatile int masterFd = -1;

        Pty() {}

        public int masterFd() {
            return masterFd;
        }

        void set(int fd) {
            masterFd = fd;
        }
    }
}
