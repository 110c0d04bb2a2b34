package dev.crema.server;

import dev.crema.sys.Sockets;
import dev.crema.sys.SyscallException;
import java.nio.file.Path;

/** `crema server status` and `stop` from any crema (JVM) process: a CONTROL message, answered with STATUS. */
public final class ServerControl {
    private ServerControl() {}

    /** The server's status lines (pid, build, root, ...), or null when no server answers at ROOT/server.sock. */
    public static String status(Path root, String build) {
        return request(root, build, "status");
    }

    /** Asks the server to stop (it finishes the commands it runs); its status, or null when none answered. */
    public static String stop(Path root, String build) {
        return request(root, build, "stop");
    }

    static boolean answers(Path root) {
        return request(root, "", "status") != null;
    }

    private static String request(Path root, String build, String what) {
        int fd = Sockets.unixStream();
        try (Connection connection = new Connection(fd)) {
            try {
                Sockets.connect(fd, Server.socketPath(root).toString());
            } catch (SyscallException e) {
                return null; // ENOENT: none; ECONNREFUSED: a stale socket of a server that died
            }
            connection.send(Frame.of(Frame.CONTROL, new Frame.Writer().putString(build).putString(what).bytes()));
            Frame reply = connection.receive();
            if (reply == null) return null;
            if (reply.type() == Frame.REFUSE) {
                throw new ServerException("the server at " + Server.socketPath(root) + " refused: "
                        + new Frame.Reader(reply.payload()).getString());
            }
            if (reply.type() != Frame.STATUS) return null;
            return new Frame.Reader(reply.payload()).getString();
        } catch (ProtocolException | SyscallException e) {
            // a server that closed on us (it is stopping, or died with our connection in its backlog): none answers
            return null;
        }
    }

    /** Waits up to timeoutMillis for a server to answer; false if none did. */
    public static boolean awaitAnswer(Path root, long timeoutMillis, ProcessHandle starting) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (answers(root)) return true;
            if (starting != null && !starting.isAlive()) return false;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

}
