package dev.crema.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads /proc/PID/stat: is this exact process (pid and start time) still alive and not a zombie? */
public final class Liveness {
    private Liveness() {}

    public static boolean isAlive(ProcessIdentity process) {
        String[] fields = statFields(process.pid());
        if (fields == null) return false;
        char state = fields[0].charAt(0);
        return state != 'Z' && state != 'X' && Long.parseLong(fields[19]) == process.startTime();
    }

    /** This process's pid, from /proc/self (ProcessHandle's set-up spins lambdas at startup). */
    public static int selfPid() {
        try {
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self", e);
        }
    }

    /** The start time of a live pid, or -1 when it is gone. */
    public static long startTimeOf(int pid) {
        String[] fields = statFields(pid);
        return fields == null ? -1 : Long.parseLong(fields[19]);
    }

    /**
     * The fields after "(comm)": index 0 is the state (field 3 of proc(5)), index 19 the start time (field 22).
     * comm may hold spaces and parentheses, so the split starts after the last ')'.
     */
    static String[] statFields(int pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (IOException e) {
            return null;
        }
        return parseStat(stat);
    }

    static String[] parseStat(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 > stat.length()) return null;
        String[] fields = stat.substring(close + 2).trim().split(" ");
        return fields.length > 19 ? fields : null;
    }
}
