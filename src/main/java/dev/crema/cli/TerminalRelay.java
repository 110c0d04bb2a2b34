package dev.crema.cli;

import dev.crema.api.CremaRuntime;
import dev.crema.api.ExitStatus;
import dev.crema.sys.Fds;
import dev.crema.sys.SyscallException;
import dev.crema.sys.Terminals;
import dev.crema.invocation.Invocation;
import dev.crema.invocation.SignalListener;

/**
 * A foreground run or exec with a terminal and no --console-socket, as runc does it: crema holds the pty master
 * and copies between it and its own stdin and stdout, with the user's terminal in raw mode (the container's
 * pty does the line discipline) and its window size passed on, also on SIGWINCH.
 */
final class TerminalRelay implements AutoCloseable {
    /** The caller's stdin and stdout: fds 0 and 1, or a server client's copies of them. */
    private final int stdin, stdout;
    private final int master;
    private byte[] saved;

    private TerminalRelay(int master) {
        this.master = master;
        Invocation invocation = Invocation.current();
        stdin = invocation.stdioFd(0);
        stdout = invocation.stdioFd(1);
    }

    /**
     * Takes the master and, if our stdin is a terminal, gives the pty its size and puts ours in raw mode: done
     * before the container starts, so its first look at the terminal sees the right size.
     */
    static TerminalRelay attach(int master) {
        TerminalRelay relay = new TerminalRelay(master);
        if (Terminals.isTerminal(relay.stdin)) {
            Terminals.copyWindowSize(relay.stdin, master);
            Invocation.current().signals().handle("WINCH", new Resize(relay.stdin, master));
            relay.saved = Terminals.makeRaw(relay.stdin);
        }
        return relay;
    }

    /** Relays until the process exits (the runtime waits for it); returns how it ended. */
    ExitStatus relayUntilExit(CremaRuntime runtime, int pid) {
        try (this) {
            Thread output = copier(master, stdout, "pty-output");
            copier(stdin, master, "pty-input");
            ExitStatus status = runtime.waitForProcess(pid); // through Invocation.current().host() (ChildProcesses)
            // the master reads EIO once the last holder of the pty is gone; what is still buffered comes first
            try {
                output.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return status;
        }
    }

    /** Gives the user's terminal its settings back and closes the master. */
    @Override
    public void close() {
        if (saved != null) Terminals.restore(stdin, saved);
        saved = null;
        Fds.close(master);
    }

    /** A daemon thread copying from one fd to another until end of file or an error on either side. */
    private static Thread copier(int from, int to, String name) {
        Thread thread = new Thread(new Copy(from, to), name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private record Copy(int from, int to) implements Runnable {
        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = Fds.read(from, buf, 0, buf.length)) > 0) {
                    for (int done = 0; done < n; ) done += Fds.write(to, buf, done, n - done);
                }
            } catch (SyscallException e) {
                // EIO from the master once the container's side is closed, or our stdio went away: done
            }
        }
    }

    private record Resize(int stdin, int master) implements SignalListener {
        @Override
        public void signal(int number) {
            try {
                Terminals.copyWindowSize(stdin, master);
            } catch (SyscallException ignored) {
                // the relay is ending
            }
        }
    }
}
