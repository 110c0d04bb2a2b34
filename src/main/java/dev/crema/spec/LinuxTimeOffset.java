package dev.crema.spec;

/** linux.timeOffsets.{monotonic,boottime}. */
public record LinuxTimeOffset(long secs, long nanosecs) {
    static LinuxTimeOffset from(Node n) {
        Long secs = n.int64("secs");
        Long nanos = n.integer("nanosecs", 0, 999_999_999);
        return new LinuxTimeOffset(secs == null ? 0 : secs, nanos == null ? 0 : nanos);
    }
}
