package dev.crema.plan;

/**
 * An operation with the place in config.json (or the runtime's own default) it came from, so an init failure
 * reported as (op index, errno) becomes "mounts[3] (/proc): mount: ENOENT".
 */
public record Step(Op op, String origin) {}
