package dev.crema.plan;

/** Frames a plan in the wire form of native/PLAN.md: u32 length, magic, op count, then each op. */
public final class PlanEncoder {
    static final int MAGIC = 0x31505243; // "CRP1"

    private PlanEncoder() {}

    public static byte[] encode(Plan plan) {
        PlanWriter body = new PlanWriter();
        body.u32(MAGIC);
        body.u32(plan.steps().size());
        for (Step step : plan.steps()) {
            try {
                body.u32(step.op().code());
                step.op().writeFields(body);
            } catch (IllegalArgumentException nul) {
                throw new PlanException(step.origin() + ": " + nul.getMessage());
            }
        }
        byte[] bytes = body.toByteArray();
        PlanWriter framed = new PlanWriter();
        framed.u32(bytes.length);
        framed.bytes(bytes);
        return framed.toByteArray();
    }
}
