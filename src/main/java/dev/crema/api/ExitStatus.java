package dev.crema.api;

/**
 * How a container process or exec'd process ended: its exit code, or the signal that killed it. When it was not
 * this process's child (another process made it, or {@link RuntimeOptions#subreaper()} is off) the kernel gives
 * the status to someone else: it is then {@link #known()} false.
 */
public record ExitStatus(boolean known, int code, int signal) {
    static final ExitStatus UNKNOWN = new ExitStatus(false, -1, 0);

    /** From a raw wait status (waitpid's). */
    static ExitStatus ofWaitStatus(int status) {
        int signal = status & 0x7f;
        return signal == 0 ? new ExitStatus(true, (status >> 8) & 0xff, 0) : new ExitStatus(true, -1, signal);
    }

    public boolean exited() {
        return known && signal == 0;
    }

    public boolean killed() {
        return known && signal != 0;
    }

    /** The exit code a shell gives it: the code, or 128 + the signal; as {@code crema run} and {@code exec} exit. */
    public int shellCode() {
        return signal != 0 ? 128 + signal : code;
    }
}
