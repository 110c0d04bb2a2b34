package dev.crema.cli;

import dev.crema.server.Server;
import dev.crema.server.ServerControl;
import dev.crema.server.ServerException;
import dev.crema.sys.Fds;
import dev.crema.sys.Processes;
import dev.crema.sys.Sockets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * crema server start [--idle-timeout D] [--foreground] | stop | status: the warm controller of one runtime root
 * (docs/server.md). start without --foreground starts the server in the background, in its own session, and
 * returns once it answers; stop asks it to finish its commands and exit; status prints what it reports.
 */
final class ServerCommand {
    static final String DEFAULT_IDLE = "10m";
    /** Set by start for the server it spawns: the launcher then uses the server's JVM flags (JIT, no AOT cache). */
    static final String SERVER_JVM_ENV = "CREMA_SERVER_JVM";
    private static final String DETACH_ENV = "CREMA_SERVER_DETACH";
    private static final long START_TIMEOUT_MILLIS = 30_000;

    private ServerCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[] {"idle-timeout"}, new String[] {"foreground"}, false);
        List<String> words = args.positionals();
        if (words.size() != 1) throw new UsageException("server: one of start, stop or status expected");
        Path root = global.root();
        return switch (words.getFirst()) {
            case "start" -> start(global, args);
            case "stop" -> {
                String status = ServerControl.stop(root, Main.buildId());
                if (status == null) {
                    System.out.println("crema server: no server is running for " + root);
                } else {
                    awaitExit(field(status, "pid"));
                    System.out.println("crema server: stopped (" + field(status, "pid") + ")");
                }
                yield 0;
            }
            case "status" -> {
                String status = ServerControl.status(root, Main.buildId());
                if (status == null) {
                    System.out.println("crema server: not running for " + root);
                    yield 3; // as systemctl status and LSB: program is not running
                }
                System.out.print(status);
                yield 0;
            }
            default -> throw new UsageException("server: unknown subcommand \"" + words.getFirst() + "\" (start, stop or status)");
        };
    }

    private static int start(GlobalOptions global, Args args) {
        Duration idle = duration(args.value("idle-timeout", DEFAULT_IDLE));
        Path root = global.root();
        if (args.flag("foreground")) {
            if ("1".equals(System.getenv(DETACH_ENV))) Server.detachSession();
            Server server = new Server(root, Main.buildId(), idle);
            server.open();
            try {
                server.serve();
            } catch (RuntimeException | Error e) {
                // the server's own stderr (a journal, or the starter until it answers), not a client's
                dev.crema.invocation.Invocation.jvm().err().println("crema server: " + e);
                throw e;
            }
            return 0;
        }
        String running = ServerControl.status(root, Main.buildId());
        if (running != null) {
            System.out.println("crema server: already running for " + root + " (" + field(running, "pid") + ")");
            return 0;
        }
        return spawnServer(global, args.value("idle-timeout", DEFAULT_IDLE), root);
    }

    /** The server in the background: this launcher with start --foreground, stdio on /dev/null but stderr to us until it answers. */
    private static int spawnServer(GlobalOptions global, String idle, Path root) {
        String home = System.getProperty("crema.home");
        if (home == null) throw new ServerException("crema.home is not set: start crema through its launcher");
        String launcher = Path.of(home, "bin", "crema-jvm").toString();
        List<String> command = new ArrayList<>(List.of("crema", "--root", root.toString()));
        if (global.log() != null) command.addAll(List.of("--log", global.log(), "--log-format", global.logFormat()));
        command.addAll(List.of("server", "start", "--foreground", "--idle-timeout", idle));
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) env.add(e.getKey() + "=" + e.getValue());
        env.add(SERVER_JVM_ENV + "=1");
        env.add(DETACH_ENV + "=1");
        int devNull = Fds.openReadOnly("/dev/null");
        int[] errPipe = Fds.socketPair();
        int pid;
        try {
            pid = Processes.spawn(launcher, command.toArray(new String[0]), env.toArray(new String[0]),
                    // nothing of the caller's above stdio: a daemon holding, say, an engine's pipe open would
                    // keep that engine waiting for its end of file as long as the server lives
                    new int[] {devNull, 0, devNull, 1, errPipe[1], 2, Processes.SPAWN_CLOSE_FROM, 3});
        } finally {
            Fds.close(devNull);
            Fds.close(errPipe[1]);
        }
        StringBuilder errors = new StringBuilder();
        try {
            long deadline = System.nanoTime() + START_TIMEOUT_MILLIS * 1_000_000L;
            byte[] buf = new byte[4096];
            while (System.nanoTime() < deadline) {
                if (ServerControl.status(root, Main.buildId()) != null) {
                    System.out.println("crema server: started for " + root + " (pid " + pid + ")");
                    return 0;
                }
                if (Sockets.pollIn(errPipe[0], 20)) {
                    int n = Fds.read(errPipe[0], buf, 0, buf.length);
                    if (n > 0) errors.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
                int[] exited = Processes.waitpid(pid, Processes.WNOHANG);
                if (exited[0] == pid) {
                    throw new ServerException("the server for " + root + " did not start"
                            + (errors.isEmpty() ? "" : ": " + errors.toString().strip()));
                }
            }
            throw new ServerException("the server for " + root + " did not answer within " + START_TIMEOUT_MILLIS / 1000 + " s");
        } finally {
            Fds.close(errPipe[0]);
        }
    }

    /**
     * Waits (up to 30 s) for the stopped server to exit: it finishes the commands in flight first. Not when this
     * very command runs in that server (a `server stop` given through the client): it would wait for itself.
     */
    private static void awaitExit(String pidLine) {
        long pid;
        try {
            pid = Long.parseLong(pidLine.substring(pidLine.indexOf(' ') + 1));
        } catch (NumberFormatException e) {
            return;
        }
        if (pid == ProcessHandle.current().pid()) return;
        long deadline = System.nanoTime() + START_TIMEOUT_MILLIS * 1_000_000L;
        while (System.nanoTime() < deadline && !exited(pid)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Gone, or a zombie: the server detached itself at start, so its parent is pid 1, which may take seconds to
     * reap it (this machine's did: about 2 s); a zombie has finished everything it had to do.
     */
    private static boolean exited(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
            int afterName = stat.lastIndexOf(')') + 2;
            char state = afterName < stat.length() ? stat.charAt(afterName) : 'X';
            return state == 'Z' || state == 'X';
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static String field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + " ")) return line;
        }
        return name + " unknown";
    }

    /** 30s, 10m, 2h, 0 (never idle out), or a plain number of seconds. */
    static Duration duration(String text) {
        try {
            if (text.equals("0")) return Duration.ZERO;
            char unit = text.charAt(text.length() - 1);
            if (Character.isDigit(unit)) return Duration.ofSeconds(Long.parseLong(text));
            long n = Long.parseLong(text.substring(0, text.length() - 1));
            Duration d = switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> null;
            };
            if (d != null && !d.isNegative()) return d;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // the message below
        }
        throw new UsageException("--idle-timeout: not a duration: \"" + text + "\" (30s, 10m, 2h, or 0 for none)");
    }
}
