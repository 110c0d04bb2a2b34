package dev.crema.db;

/** A process as the kernel names it for good: pid plus start time (clock ticks since boot), immune to pid reuse. */
public record ProcessIdentity(int pid, long startTime) {}
