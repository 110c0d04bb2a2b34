package dev.crema.server;

import dev.crema.invocation.Invocation;
import dev.crema.sys.Fds;
import dev.crema.sys.Processes;
import dev.crema.sys.Sockets;
import dev.crema.sys.SyscallException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;

/**
 * `crema server`: one warm JVM per runtime root, listening on ROOT/server.sock (mode 0600, in a directory owned by
 * the server's uid and writable by no one else), each connection served on its own thread by a
 * {@link ClientSession}. It keeps nothing between commands; it exits when stopped, or after the idle timeout
 * with no command running. The listening socket is made here, or inherited from systemd (LISTEN_FDS).
 */
public final class Server {
    public static final String SOCKET_NAME = "server.sock";
    /** Environment override of the build a server answers as: lets a test run a server of "another build". */
    public static final String BUILD_ENV = "CREMA_SERVER_BUILD";

    private final Path root;
    private final String build;
    private final Duration idleTimeout;
    private final int uid;
    private final PrintStream log;
    private int listenFd = -1;
    private Object socketKey;
    private volatile boolean stopping;
    private int active;
    /** Commands in flight; the idle timeout counts from the last one served. */
    private int commandsRunning;
    private long served;
    private long lastActivity = System.nanoTime();

    public Server(Path root, String build, Duration idleTimeout) {
        this.root = root;
        String override = System.getenv(BUILD_ENV);
        this.build = override != null && !override.isEmpty() ? override : build;
        this.idleTimeout = idleTimeout;
        this.uid = ownUid();
        this.log = Invocation.jvm().err();
    }

    public static Path socketPath(Path root) {
        return root.resolve(SOCKET_NAME);
    }

    /** Binds (or takes systemd's socket) and reroutes System.out/err to each command's own; then {@link #serve()}. */
    public void open() {
        Invocation.jvm(); // the server's own streams, captured before System.out is rerouted
        int inherited = SocketActivation.listenFd();
        if (inherited >= 0) {
            listenFd = inherited;
        } else {
            prepareRoot();
            listenFd = bindSocket();
        }
        System.setOut(new RoutedPrintStream(false));
        System.setErr(new RoutedPrintStream(true));
    }

    /** Accepts until stopped or idle; returns when every session has ended. */
    public void serve() {
        long idleNanos = idleTimeout.toNanos();
        while (!stopping) {
            // checked on every turn, not only when no one connects: `server status` polls are no activity, and
            // only commands count, or a poll's session, just accepted and still running at each turn, kept it up
            synchronized (this) {
                if (idleNanos > 0 && commandsRunning == 0 && System.nanoTime() - lastActivity >= idleNanos) break;
            }
            boolean ready = Sockets.pollIn(listenFd, 500);
            if (stopping) break;
            if (!ready) continue;
            int fd;
            try {
                fd = Sockets.accept(listenFd);
            } catch (SyscallException e) {
                log("accept: " + e.getMessage());
                continue;
            }
            synchronized (this) {
                active++;
            }
            Thread thread = new Thread(new ClientSession(this, fd), "crema-session");
            thread.start();
        }
        closeSocket();
        synchronized (this) {
            while (active > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Whoever comes next gets no answer: the socket goes first, so a client falls back at once. */
    private void closeSocket() {
        if (socketKey != null) {
            Path socket = socketPath(root);
            try {
                Object now = Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).fileKey();
                if (socketKey.equals(now)) Files.delete(socket);
            } catch (IOException ignored) {
                // gone already, or another server's now
            }
        }
        Fds.close(listenFd);
    }

    void stop() {
        stopping = true;
    }

    synchronized void sessionEnded() {
        active--;
        notifyAll();
    }

    /** A command began: until it is served the server does not idle out. */
    synchronized void commandStarted() {
        commandsRunning++;
    }

    /** Only commands keep the server from idling out: `server status` polls do not. */
    synchronized void commandServed() {
        commandsRunning--;
        served++;
        lastActivity = System.nanoTime();
    }

    synchronized int activeSessions() {
        return active;
    }

    synchronized long served() {
        return served;
    }

    int uid() {
        return uid;
    }

    String build() {
        return build;
    }

    Path root() {
        return root;
    }

    String idleTimeoutText() {
        return idleTimeout.isZero() ? "none" : idleTimeout.toSeconds() + "s";
    }

    void log(String message) {
        log.println("crema server: " + message);
    }

    /**
     * The root exists, is a directory of our uid and writable by no one else: the socket's mode 0600 is only worth
     * something in a directory nobody else can swap it in.
     */
    private void prepareRoot() {
        try {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) throw new ServerException(root + " is not a directory");
            int owner = (Integer) Files.getAttribute(root, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != uid) throw new ServerException(root + " is owned by uid " + owner + ", not by the server's uid " + uid);
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS);
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new ServerException(root + " is writable by group or others (" + PosixFilePermissions.toString(mode) + ")");
            }
        } catch (IOException e) {
            throw new ServerException("cannot prepare " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Binds at a private name, makes it 0600, then renames it into place: no moment where the socket is there
     * with a looser mode. A stale socket (no server answers it) is replaced; a live one means a server runs.
     */
    private int bindSocket() {
        Path socket = socketPath(root);
        if (ServerControl.answers(root)) throw new ServerException("a server already runs for " + root);
        Path temp = root.resolve(".server.sock." + ProcessHandle.current().pid());
        int fd = Sockets.unixStream();
        try {
            Files.deleteIfExists(temp);
            Sockets.bind(fd, temp.toString());
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            Sockets.listen(fd, 128);
            Files.move(temp, socket, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            socketKey = Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey();
            return fd;
        } catch (IOException | SyscallException e) {
            Fds.close(fd);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing more to do
            }
            throw new ServerException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
    }

    private static int ownUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new ServerException("cannot read the server's own uid: " + e.getMessage(), e);
        }
    }

    /** A server started in the background leaves its starter's session, so the starter's terminal cannot signal it. */
    public static void detachSession() {
        Processes.setsid();
    }
}
