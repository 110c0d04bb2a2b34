package dev.crema.container;

/**
 * Signal names and numbers (x86_64) as kill accepts them, the way runc 1.1.5 parses them: a number is taken as
 * it is (0 checks that the init is alive; one the kernel does not know fails at kill(2) with EINVAL), a name with
 * or without SIG is one of the 31 standard signals (runc's table has no realtime names, IOT or POLL), and an
 * empty signal is TERM.
 */
public final class Signals {
    private static final String[] NAMES = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
            "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
    public static final int SIGKILL = 9, SIGTERM = 15;

    private Signals() {}

    public static int parse(String text) {
        if (text.isEmpty()) return SIGTERM;
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException notANumber) {
            // a name, below
        }
        String s = text.toUpperCase();
        if (s.startsWith("SIG")) s = s.substring(3);
        for (int i = 1; i < NAMES.length; i++) {
            if (NAMES[i].equals(s)) return i;
        }
        throw ContainerException.invalid("unknown signal \"" + text + "\"");
    }

    /**
     * Whether the signal ends an init that still waits for start. runc's waiting init is a Go program: the Go
     * runtime dies of HUP, INT and TERM and of the signals it treats as crashes, and ignores the others. crema's
     * waiting init is pid 1 of its namespace with every signal at its default, which the kernel does not deliver
     * from outside, so kill sends SIGKILL instead for these.
     */
    static boolean endsWaitingInit(int signal) {
        return switch (signal) {
            case 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 15, 16, 31 -> true;
            default -> false;
        };
    }
}
