package dev.crema.api;

import dev.crema.container.ConsoleTarget;
import dev.crema.sys.Fds;

/** The library's {@link Console} to the container layer's ConsoleTarget and back. */
final class Consoles {
    private Consoles() {}

    static ConsoleTarget target(Console console) {
        if (console == null) return null;
        if (console instanceof Console.Socket socket) return new ConsoleTarget.Socket(socket.path());
        return new ConsoleTarget.Relay();
    }

    /** The pty master the init made, to the caller's {@link Console.Pty}. */
    static void handOver(Console console, ConsoleTarget target) {
        if (console instanceof Console.Pty pty) pty.set(((ConsoleTarget.Relay) target).master());
    }

    /** After a failure: a master the init had already sent is closed, not leaked. */
    static void closeKeptMaster(ConsoleTarget target) {
        if (target instanceof ConsoleTarget.Relay relay && relay.master() >= 0) {
            try {
                Fds.close(relay.master());
            } catch (RuntimeException ignored) {
                // nothing more to give back
            }
        }
    }
}
