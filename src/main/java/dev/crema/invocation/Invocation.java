package dev.crema.invocation;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one crema command gets from whoever called it: stdio (as streams and as fd numbers), environment,
 * working directory, where its processes are spawned ({@link ProcessHost}), its caller's signals, and its log
 * settings (--log, --log-format, --debug). In the plain CLI it is the JVM's own; under `crema server` each
 * command thread has the one its client sent, so the same command code serves both (DESIGN.md section 7).
 * Relative paths given to syscalls resolve against the command thread's own cwd (the server gives each
 * command thread the client's with unshare(CLONE_FS) and fchdir); only {@link Path#toAbsolutePath()}, which
 * reads the JVM-wide user.dir, must go through {@link #absolute(Path)}.
 */
public final class Invocation {
    private static final InheritableThreadLocal<Invocation> CURRENT = new InheritableThreadLocal<>();
    private static Invocation jvm;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final int[] stdioFds;
    private final Map<String, String> env;
    private final Path cwd;
    private final ProcessHost host;
    private final SignalRegistry signals;
    private volatile String logFile;
    private volatile boolean logJson;
    private volatile boolean debug;
    /** See {@link #callerPassed(int)}; null: every fd of this process counts as passed. */
    private volatile int[] callerFds;

    public Invocation(InputStream in, PrintStream out, PrintStream err, int[] stdioFds, Map<String, String> env,
                      Path cwd, ProcessHost host, SignalRegistry signals) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.stdioFds = stdioFds;
        this.env = env;
        this.cwd = cwd;
        this.host = host;
        this.signals = signals;
    }

    /** The command thread's invocation, or the JVM's own when none was set (the plain CLI). */
    public static Invocation current() {
        Invocation own = CURRENT.get();
        return own != null ? own : jvm();
    }

    /** This JVM's own stdio, environment, cwd and process calls; captured once, before a server reroutes System.out. */
    public static synchronized Invocation jvm() {
        if (jvm == null) {
            jvm = new Invocation(System.in, System.out, System.err, new int[] {0, 1, 2}, null, null,
                    LocalProcessHost.INSTANCE, JvmSignals.INSTANCE);
        }
        return jvm;
    }

    /** Makes this the calling thread's invocation (and that of threads it starts), until {@link #leave()}. */
    public void enter() {
        CURRENT.set(this);
    }

    public static void leave() {
        CURRENT.remove();
    }

    public InputStream in() { return in; }

    public PrintStream out() { return out; }

    public PrintStream err() { return err; }

    /** The fd number of stdin (0), stdout (1) or stderr (2) as seen by this JVM: the client's copies under a server. */
    public int stdioFd(int which) { return stdioFds[which]; }

    /** The caller's environment (read lazily in the plain CLI: System.getenv costs classes at startup). */
    public Map<String, String> env() { return env != null ? env : System.getenv(); }

    public ProcessHost host() { return host; }

    public SignalRegistry signals() { return signals; }

    /** path made absolute against the caller's working directory (the JVM's user.dir in the plain CLI). */
    public Path absolute(Path path) {
        if (path.isAbsolute()) return path;
        return cwd == null ? path.toAbsolutePath() : cwd.resolve(path);
    }

    /**
     * Whether fd (3 and up) is one the caller passed, so --preserve-fds may hand it into a container. The CLI
     * records what its caller passed ({@link CallerFds}), as the JVM and crema open files of their own at those
     * numbers; under a server the spawns happen in the client, whose fds are the caller's; for a library user
     * it is every fd of the process (docs/library.md).
     */
    public boolean callerPassed(int fd) {
        int[] fds = callerFds;
        if (fds == null) return true;
        for (int passed : fds) {
            if (passed == fd) return true;
        }
        return false;
    }

    /** Whether every fd of this process counts as the caller's (no record: a library user, a server's command). */
    public boolean callerPassedAll() {
        return callerFds == null;
    }

    /** The caller passed exactly these fds above stdio, and no other. */
    public void callerPassedOnly(int[] fds) {
        callerFds = fds.clone();
    }

    public void configureLog(String file, boolean json, boolean debugEnabled) {
        logFile = file;
        logJson = json;
        debug = debugEnabled;
    }

    public String logFile() { return logFile; }

    public boolean logJson() { return logJson; }

    public boolean debug() { return debug; }
}
