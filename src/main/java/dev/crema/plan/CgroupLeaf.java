package dev.crema.plan;

/** One directory of a container's cgroup (a leaf per hierarchy) and whether it is on cgroup v2. */
public record CgroupLeaf(String dir, boolean v2) {}
