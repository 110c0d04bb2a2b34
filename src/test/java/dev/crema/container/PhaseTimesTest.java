package dev.crema.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.plan.Op;
import dev.crema.plan.Plan;
import dev.crema.plan.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseTimesTest {
    @Test
    void millisecondsHaveThreeDecimalsRoundedToTheMicrosecond() {
        assertEquals("0.000", PhaseTimes.millis(0));
        assertEquals("0.001", PhaseTimes.millis(500));
        assertEquals("1.234", PhaseTimes.millis(1_234_400));
        assertEquals("12.050", PhaseTimes.millis(12_049_999));
        assertEquals("-0.002", PhaseTimes.millis(-2_000));
    }

    @Test
    void offRecordsNothingAndReadsNoClock() {
        PhaseTimes off = PhaseTimes.OFF;
        assertEquals(0, off.now());
        off.add(PhaseTimes.MOUNTS, 5);
        assertEquals(0, off.lap(PhaseTimes.PARSE, 0));
        assertEquals(List.of(), off.lines());
    }

    @Test
    void linesListTheMeasuredPhasesInOrder() {
        PhaseTimes times = PhaseTimes.recording();
        times.add(PhaseTimes.EXEC, 2_000_000);
        times.add(PhaseTimes.PARSE, 1_000_000);
        times.add(PhaseTimes.PARSE, 500_000);
        times.add(PhaseTimes.HOOKS, 0);
        assertEquals(List.of("phase parse: 1.500 ms", "phase hooks: 0.000 ms", "phase exec: 2.000 ms"), times.lines());
    }

    @Test
    void opsBelongToThePhaseOfWhatTheyDo() {
        assertEquals(PhaseTimes.NAMESPACES, PhaseTimes.ofOp(new Op.Unshare(0).code()));
        assertEquals(PhaseTimes.NAMESPACES, PhaseTimes.ofOp(new Op.Fork().code()));
        assertEquals(PhaseTimes.MOUNTS, PhaseTimes.ofOp(new Op.PivotRoot().code()));
        assertEquals(PhaseTimes.MOUNTS, PhaseTimes.ofOp(new Op.MaskPath("/proc/kcore").code()));
        assertEquals(PhaseTimes.HOOKS, PhaseTimes.ofOp(new Op.RunHook(0, "/bin/true", List.of(), List.of(), 0).code()));
        assertEquals(PhaseTimes.CGROUPS, PhaseTimes.ofOp(new Op.OpenCgroup("/sys/fs/cgroup/pids/x", false).code()));
        assertEquals(PhaseTimes.EXEC, PhaseTimes.ofOp(new Op.SetIds(0, 0, List.of()).code()));
        assertEquals(PhaseTimes.EXEC, PhaseTimes.ofOp(new Op.ExecNow().code()));
        assertEquals(-1, PhaseTimes.ofOp(new Op.RecordTimes().code()));
    }

    @Test
    void opsGoToTheirPhasesOnTheHostsClock() {
        Plan plan = new Plan(List.of(new Step(new Op.Unshare(0x80), "t"), new Step(new Op.TimeOffsets(5, 7, 0, 0), "t"),
                new Step(new Op.Fork(), "t"), new Step(new Op.PivotRoot(), "t"))).recordingTimes();
        PhaseTimes times = PhaseTimes.recording();
        InitTimings timings = new InitTimings(plan, times, 1_000);
        timings.planRead(4_000);
        // RecordTimes itself (no phase), unshare, time offsets, fork (the child's clock runs 5 s 7 ns ahead), pivot_root
        timings.opsTook(new long[] {100, 10_000, 20_000, 5_000_000_007L + 100_000, 50_000});
        assertEquals(3_000, times.nanos(PhaseTimes.SPAWN));
        assertEquals(10_000 + 20_000 + 100_000, times.nanos(PhaseTimes.NAMESPACES));
        assertEquals(50_000, times.nanos(PhaseTimes.MOUNTS));
        assertTrue(times.lines().contains("phase namespaces: 0.130 ms"), times.lines().toString());
    }
}
