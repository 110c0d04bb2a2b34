package dev.crema.server;

import dev.crema.cli.Main;
import dev.crema.invocation.Invocation;
import dev.crema.sys.Fds;
import dev.crema.sys.Processes;
import dev.crema.sys.Sockets;
import dev.crema.sys.SyscallException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection to the server, on its own thread: checks who connected, then serves one crema command as an
 * ephemeral controller (Main.run, the CLI's own entry) with the client's stdio, env, cwd and umask, its
 * processes spawned by the client, and its exit code sent back. Or answers a control request (status, stop).
 * Nothing is kept once it ends: the db on disk stays the only state.
 */
final class ClientSession implements Runnable {
    private final Server server;
    private final Connection connection;

    ClientSession(Server server, int fd) {
        this.server = server;
        this.connection = new Connection(fd);
    }

    @Override
    public void run() {
        try (connection) {
            String refusal = refusePeer();
            if (refusal != null) {
                refuse(refusal);
                return;
            }
            Frame first = connection.receive();
            if (first == null) return;
            if (first.type() == Frame.CONTROL) {
                control(first);
            } else if (first.type() == Frame.HELLO) {
                command(first);
            } else {
                closeAll(first.fds());
                refuse("expected a hello, got message type " + first.type());
            }
        } catch (RuntimeException e) {
            server.log("session: " + e.getMessage());
        } finally {
            server.sessionEnded();
        }
    }

    /**
     * Only the server's own uid may connect (SO_PEERCRED; the socket's mode 0600 is the first fence), and only
     * from the server's mount and pid namespaces: paths, pids and pidfds mean the same thing on both sides.
     */
    private String refusePeer() {
        int[] peer = Sockets.peerCredentials(connection.fd());
        if (peer[1] != server.uid()) return "uid " + peer[1] + " may not use the server of uid " + server.uid();
        for (String ns : new String[] {"mnt", "pid"}) {
            try {
                Path theirs = Files.readSymbolicLink(Path.of("/proc/" + peer[0] + "/ns/" + ns));
                Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/" + ns));
                if (!theirs.equals(ours)) return "the client is in another " + ns + " namespace";
            } catch (IOException e) {
                return "cannot read the client's " + ns + " namespace: " + e.getMessage();
            }
        }
        return null;
    }

    private void refuse(String reason) {
        try {
            connection.send(Frame.of(Frame.REFUSE, new Frame.Writer().putString(reason).bytes()));
        } catch (SyscallException ignored) {
            // the client left already; it falls back either way
        }
    }

    private void control(Frame frame) {
        Frame.Reader r = new Frame.Reader(frame.payload());
        String build = r.getString();
        String what = r.getString();
        String status = "pid " + ProcessHandle.current().pid() + "\nbuild " + server.build() + "\nroot " + server.root()
                + "\nidle-timeout " + server.idleTimeoutText() + "\nsessions " + server.activeSessions()
                + "\nserved " + server.served() + "\n";
        if (what.equals("stop")) {
            if (!build.equals(server.build())) {
                // a stop from another build still stops: that is how an upgrade replaces an old server
                server.log("stop requested by build " + build);
            }
            server.stop();
        }
        connection.send(Frame.of(Frame.STATUS, new Frame.Writer().putString(status).bytes()));
    }

    private void command(Frame hello) {
        int[] fds = hello.fds();
        try {
            Frame.Reader r = new Frame.Reader(hello.payload());
            String build = r.getString();
            String[] argv = r.getStrings();
            String[] envp = r.getStrings();
            String cwd = r.getString();
            int umask = r.getInt();
            if (fds.length != 4) throw new ProtocolException("a hello with " + fds.length + " fds (stdin, stdout, stderr, cwd expected)");
            if (!build.equals(server.build())) {
                refuse("this server is build " + server.build() + ", the client build " + build);
                return;
            }
            connection.send(Frame.of(Frame.ACCEPT, new byte[0]));
            serve(argv, env(envp), cwd, umask, fds);
        } finally {
            closeAll(fds);
        }
    }

    private void serve(String[] argv, Map<String, String> env, String cwd, int umask, int[] fds) {
        RemoteProcessHost host = new RemoteProcessHost(connection);
        RelayedSignals signals = new RelayedSignals();
        Charset charset = LocaleCharset.of(env);
        Invocation invocation = new Invocation(new FdInputStream(fds[0]),
                new PrintStream(new FdOutputStream(fds[1]), false, charset),
                new PrintStream(new FdOutputStream(fds[2]), false, charset),
                new int[] {fds[0], fds[1], fds[2]}, env, Path.of(cwd), host, signals);
        Thread command = Thread.currentThread();
        Reader reader = new Reader(connection, host, signals, command);
        Thread readerThread = new Thread(reader, "crema-server-reader");
        readerThread.setDaemon(true);
        readerThread.start();
        int code;
        // the thread's own cwd and umask: the kernel resolves the command's relative paths as the client's
        Processes.unshareFs();
        Processes.fchdir(fds[3]);
        Processes.umask(umask);
        server.commandStarted();
        invocation.enter();
        try {
            code = Main.run(Arrays.asList(argv));
        } catch (RuntimeException | Error e) {
            invocation.err().println("crema: the server failed running the command: " + e);
            code = 1;
        } finally {
            invocation.out().flush();
            invocation.err().flush();
            Invocation.leave();
        }
        if (!reader.ended()) {
            try {
                connection.send(Frame.of(Frame.EXIT, new Frame.Writer().putInt(code).bytes()));
            } catch (SyscallException gone) {
                // the client was killed: nobody waits for the code
            }
        }
        server.commandServed();
        reader.commandDone();
        connection.shutdown();
        try {
            readerThread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> env(String[] envp) {
        Map<String, String> env = new HashMap<>();
        for (String entry : envp) {
            int eq = entry.indexOf('=');
            if (eq > 0) env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }

    private static void closeAll(int[] fds) {
        for (int fd : fds) {
            try {
                Fds.close(fd);
            } catch (SyscallException ignored) {
                // not ours any more
            }
        }
    }

    /**
     * Reads what the client sends while its command runs: replies to SPAWN, WAIT and SUBREAPER, and relayed
     * signals. At end of file (the client is gone) the command is told so: a pending request fails and the
     * command thread is interrupted, so a command waiting in a loop (events) ends.
     */
    private static final class Reader implements Runnable {
        private final Connection connection;
        private final RemoteProcessHost host;
        private final RelayedSignals signals;
        private final Thread command;
        private volatile boolean ended;
        private volatile boolean commandDone;

        Reader(Connection connection, RemoteProcessHost host, RelayedSignals signals, Thread command) {
            this.connection = connection;
            this.host = host;
            this.signals = signals;
            this.command = command;
        }

        boolean ended() {
            return ended;
        }

        void commandDone() {
            commandDone = true;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Frame frame = connection.receive();
                    if (frame == null) break;
                    closeAll(frame.fds());
                    if (frame.type() == Frame.REPLY) {
                        host.deliver(frame);
                    } else if (frame.type() == Frame.SIGNAL) {
                        int number = new Frame.Reader(frame.payload()).getInt();
                        if (!signals.deliver(number) && RelayedSignals.endsTheJvm(number)) {
                            // as a plain crema JVM that gets INT, TERM or HUP with no handler: it ends, 128+signal
                            ended = true;
                            connection.send(Frame.of(Frame.EXIT, new Frame.Writer().putInt(128 + number).bytes()));
                            break;
                        }
                    }
                }
            } catch (RuntimeException e) {
                // a broken connection is the same as a closed one
            }
            ended = true;
            if (commandDone) return;
            host.clientGone();
            command.interrupt();
        }
    }
}
