package dev.crema.container;

/**
 * How a process ended, in the words runc's Go runtime uses (os.ProcessState.String): "exit status 3",
 * "signal: bad system call", "signal: segmentation fault (core dumped)". Hook failures read the same as under
 * runc, and tools that match on them keep working.
 */
final class WaitStatusText {
    /** Go's names of the Linux signals 1..31 (syscall's signal table). */
    private static final String[] SIGNALS = {null, "hangup", "interrupt", "quit", "illegal instruction",
            "trace/breakpoint trap", "aborted", "bus error", "floating point exception", "killed",
            "user defined signal 1", "segmentation fault", "user defined signal 2", "broken pipe", "alarm clock",
            "terminated", "stack fault", "child exited", "continued", "stopped (signal)", "stopped",
            "stopped (tty input)", "stopped (tty output)", "urgent I/O condition", "CPU time limit exceeded",
            "file size limit exceeded", "virtual timer expired", "profiling timer expired", "window changed",
            "I/O possible", "power failure", "bad system call"};

    private WaitStatusText() {}

    /** A raw wait status as waitpid returns it. */
    static String of(int status) {
        int signal = status & 0x7f;
        if (signal == 0) return "exit status " + ((status >> 8) & 0xff);
        String text = signalName(signal);
        return (status & 0x80) != 0 ? text + " (core dumped)" : text;
    }

    /** "signal: killed"; a real-time or unknown signal as Go prints it, "signal N". */
    static String signalName(int signal) {
        return signal > 0 && signal < SIGNALS.length ? "signal: " + SIGNALS[signal] : "signal " + signal;
    }
}
