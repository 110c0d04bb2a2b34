package dev.crema.container;

import java.util.ArrayList;
import java.util.List;

/**
 * --debug's phase times of one command: parse, plan, state, cgroups, spawn, namespaces, mounts, hooks, exec.
 * Each phase is a sum of disjoint intervals of the command: the controller's own, read with System.nanoTime,
 * and the init's, which crema-init measures with CLOCK_MONOTONIC (the same clock on Linux) and reports only
 * when the plan asks it to. So the phases together never exceed the command's wall time; what none of them
 * holds is the JVM's start, argument parsing, the messages between controller and init, and the debug output.
 * {@link #OFF} records nothing and reads no clock: without --debug the timing costs nothing.
 */
public final class PhaseTimes {
    public static final int PARSE = 0, PLAN = 1, STATE = 2, CGROUPS = 3, SPAWN = 4, NAMESPACES = 5, MOUNTS = 6,
            HOOKS = 7, EXEC = 8;
    private static final String[] NAMES = {"parse", "plan", "state", "cgroups", "spawn", "namespaces", "mounts",
            "hooks", "exec"};

    public static final PhaseTimes OFF = new PhaseTimes(false);

    private final boolean on;
    private final long[] nanos = new long[NAMES.length];
    private final boolean[] measured = new boolean[NAMES.length];

    private PhaseTimes(boolean on) {
        this.on = on;
    }

    public static PhaseTimes recording() {
        return new PhaseTimes(true);
    }

    public boolean on() {
        return on;
    }

    /** The clock (System.nanoTime), or 0 when off. */
    public long now() {
        return on ? System.nanoTime() : 0;
    }

    /** Adds the time since {@code since} (a {@link #now()}) to the phase and returns now: where the next one starts. */
    public long lap(int phase, long since) {
        if (!on) return 0;
        long now = System.nanoTime();
        add(phase, now - since);
        return now;
    }

    public void add(int phase, long nanoseconds) {
        if (!on) return;
        nanos[phase] += nanoseconds;
        measured[phase] = true;
    }

    long nanos(int phase) {
        return nanos[phase];
    }

    /** One line per phase the command went through, in order: "phase mounts: 1.234 ms". */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if (measured[i]) lines.add("phase " + NAMES[i] + ": " + millis(nanos[i]) + " ms");
        }
        return lines;
    }

    /** Milliseconds with three decimals, without java.util.Formatter (a startup cost of its own). */
    static String millis(long nanoseconds) {
        long micros = Math.abs(nanoseconds) / 1000 + (Math.abs(nanoseconds) % 1000 >= 500 ? 1 : 0);
        String fraction = Long.toString(1000 + micros % 1000).substring(1);
        return (nanoseconds < 0 ? "-" : "") + micros / 1000 + "." + fraction;
    }

    /**
     * The phase an op of the init's plan belongs to (opcodes of native/PLAN.md), or -1 for none. Whatever makes
     * the process itself (credentials, capabilities, seccomp, cwd, terminal, finding the program, the wait for
     * start, execve) is exec.
     */
    static int ofOp(int opcode) {
        switch (opcode) {
            case 1: case 2: case 3: case 4: case 5: case 17: case 18: case 19: case 29: case 44: case 45:
                return NAMESPACES;
            case 7: case 8: case 9: case 10: case 11: case 12: case 13: case 14: case 15: case 16: case 38: case 39:
            case 40: case 46: case 50: case 51: case 52: case 54:
                return MOUNTS;
            case 37:
                return HOOKS;
            case 43:
                return CGROUPS;
            case 57:
                return -1;
            default:
                return EXEC;
        }
    }
}
