package dev.crema.plan;

/**
 * One cgroup hierarchy as a container's "cgroup" mount sees it: its directory name under the mount point
 * ("memory", "unified", or "" for a pure v2 host), the filesystem and options to mount it fresh inside a new
 * cgroup namespace, and the host directory of the container's own cgroup to bind instead when there is none.
 */
public record CgroupMount(String name, String fsType, String options, String containerCgroupDir) {}
