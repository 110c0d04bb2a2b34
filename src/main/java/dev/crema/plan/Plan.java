package dev.crema.plan;

import java.util.List;

/** The compiled form of a container: what the init will do, in order. Printable for --debug. */
public record Plan(List<Step> steps) {

    /** The origin and name of the step the init reported as failing, for error messages. */
    public String describe(int index) {
        if (index < 0 || index >= steps.size()) {
            return "init step " + index;
        }
        Step step = steps.get(index);
        return step.origin() + ": " + step.op().describe();
    }

    /** The cgroup directories the init puts the container process in itself (the controller does the rest). */
    public java.util.Set<String> cgroupsJoinedByInit() {
        java.util.Set<String> dirs = new java.util.HashSet<>();
        for (Step step : steps) {
            if (step.op() instanceof Op.OpenCgroup open) dirs.add(open.dir());
        }
        return dirs;
    }

    /** This plan with RecordTimes first: the init then reports the time each step took (--debug). */
    public Plan recordingTimes() {
        java.util.List<Step> timed = new java.util.ArrayList<>(steps.size() + 1);
        timed.add(new Step(new Op.RecordTimes(), "--debug (phase times)"));
        timed.addAll(steps);
        return new Plan(List.copyOf(timed));
    }

    /** One line per step: index, origin and the operation with its arguments. */
    public String dump() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            out.append(i).append('\t').append(step.origin()).append('\t').append(step.op()).append('\n');
        }
        return out.toString();
    }
}
