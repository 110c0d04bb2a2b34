package dev.crema.container;

import dev.crema.plan.Kernel;
import dev.crema.plan.Op;
import dev.crema.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What crema-init reports under --debug (PLAN_READ, OP_TIME; native/PLAN.md), put into phases. An op during
 * which the init waited for the controller (uid maps, the container process's cgroups, rlimits and hooks) is
 * counted without that wait, which the controller counts in its own phases.
 */
final class InitTimings {
    private final Plan plan;
    private final PhaseTimes times;
    private final long spawnStarted;
    private long waited;

    InitTimings(Plan plan, PhaseTimes times, long spawnStarted) {
        this.plan = plan;
        this.times = times;
        this.spawnStarted = spawnStarted;
    }

    /** The spawn: from before posix_spawn until the init had read the plan (both CLOCK_MONOTONIC). */
    void planRead(long monotonicNanos) {
        times.add(PhaseTimes.SPAWN, monotonicNanos - spawnStarted);
    }

    /** Controller time the init spent waiting for an answer. */
    void waited(long nanoseconds) {
        waited += nanoseconds;
    }

    void opTook(int index, long nanoseconds) {
        if (index < 0 || index >= plan.steps().size()) {
            throw new ContainerException("crema-init reported a time for step " + index + " of a plan of "
                    + plan.steps().size());
        }
        int phase = PhaseTimes.ofOp(plan.steps().get(index).op().code());
        long own = nanoseconds - waited - clockShift(index);
        waited = 0;
        if (phase >= 0) times.add(phase, own);
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
