package dev.crema.container;

/** Signal names and numbers (x86_64) as kill accepts them: "KILL", "SIGKILL" or "9". */
public final class Signals {
    private static final String[] NAMES = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
            "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
    public static final int SIGKILL = 9, SIGTERM = 15;

    private Signals() {}

    public static int parse(String text) {
        String s = text.toUpperCase();
        if (s.startsWith("SIG")) s = s.substring(3);
        if (!s.isEmpty() && Character.isDigit(s.charAt(0))) {
            try {
                int n = Integer.parseInt(s);
                if (n >= 0 && n <= 64) return n; // 0, as runc takes it: a check that the init is alive
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
            throw new ContainerException("invalid signal: " + text);
        }
        for (int i = 1; i < NAMES.length; i++) {
            if (NAMES[i].equals(s)) return i;
        }
        if (s.equals("IOT")) return 6;
        if (s.equals("POLL")) return 29;
        if (s.startsWith("RTMIN") || s.startsWith("RTMAX")) return realtime(s, text);
        throw new ContainerException("unknown signal \"" + text + "\"");
    }

    private static int realtime(String s, String text) {
        boolean min = s.startsWith("RTMIN");
        String rest = s.substring(5);
        int offset = 0;
        if (!rest.isEmpty()) {
            if (rest.charAt(0) != (min ? '+' : '-')) throw new ContainerException("unknown signal \"" + text + "\"");
            offset = Integer.parseInt(rest.substring(1));
        }
        int n = min ? 34 + offset : 64 - offset;
        if (n < 34 || n > 64) throw new ContainerException("unknown signal \"" + text + "\"");
        return n;
    }
}
