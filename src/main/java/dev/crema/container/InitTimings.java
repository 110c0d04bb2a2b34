package dev.crema.container;

import dev.crema.plan.Kernel;
import dev.crema.plan.Op;
import dev.crema.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What crema-init reports under --debug (PLAN_READ, OP_TIMES; native/PLAN.md), put into phases. The init
 * reports an op during which it waited for the controller (uid maps, the container process's cgroups, rlimits
 * and hooks) without that wait, which the controller counts in its own phases.
 */
final class InitTimings {
    private final Plan plan;
    private final PhaseTimes times;
    private final long spawnStarted;

    InitTimings(Plan plan, PhaseTimes times, long spawnStarted) {
        this.plan = plan;
        this.times = times;
        this.spawnStarted = spawnStarted;
    }

    /** The spawn: from before posix_spawn until the init had read the plan (both CLOCK_MONOTONIC). */
    void planRead(long monotonicNanos) {
        times.add(PhaseTimes.SPAWN, monotonicNanos - spawnStarted);
    }

    /** The times of ops 0, 1, ... as the init sent them (OP_TIMES, just before READY). */
    void opsTook(long[] nanoseconds) {
        if (nanoseconds.length > plan.steps().size()) {
            throw new ContainerException("crema-init reported the times of " + nanoseconds.length
                    + " steps of a plan of " + plan.steps().size());
        }
        for (int i = 0; i < nanoseconds.length; i++) {
            int phase = PhaseTimes.ofOp(plan.steps().get(i).op().code());
            if (phase >= 0) times.add(phase, nanoseconds[i] - clockShift(i));
        }
    }

    /**
     * CLOCK_MONOTONIC is per time namespace: an op that takes the init into one with an offset ends on a clock
     * that much ahead. That is the container process's fork after TIME_OFFSETS, and exec's setns into the
     * container's time namespace (its offset is in the container's /proc/PID/timens_offsets).
     */
    private long clockShift(int index) {
        Op op = plan.steps().get(index).op();
        if (op instanceof Op.Fork) {
            for (int i = index - 1; i >= 0; i--) {
                if (plan.steps().get(i).op() instanceof Op.TimeOffsets offsets) {
                    return offsets.monoSec() * 1_000_000_000L + offsets.monoNsec();
                }
            }
        } else if (op instanceof Op.SetNs join && join.nsType() == Kernel.CLONE_NEWTIME && join.path().endsWith("/ns/time")) {
            return monotonicOffset(Path.of(join.path().substring(0, join.path().length() - "ns/time".length()), "timens_offsets"));
        }
        return 0;
    }

    /** The "monotonic SECONDS NANOSECONDS" line of a timens_offsets file, in nanoseconds (0 when unreadable). */
    private static long monotonicOffset(Path file) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length == 3 && (fields[0].equals("monotonic") || fields[0].equals("1"))) {
                    return Long.parseLong(fields[1]) * 1_000_000_000L + Long.parseLong(fields[2]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no offset known: the op's time then includes it, which the debug line shows plainly
        }
        return 0;
    }
}
