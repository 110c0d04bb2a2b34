package dev.crema.plan;

/**
 * One cgroup hierarchy as a container's "cgroup" mount sees it: its directory name under the mount point
 * ("memory", "unified", or "" for a pure v2 host), the filesystem and options to mount it fresh inside a new
 * cgroup namespace, and the host directory of the container's own cgroup to bind instead when there is none.
 * {@code joined}: the container process enters that directory; false for a rootless container's hierarchy that
 * was not delegated, where the directory is crema's own cgroup, which the process stays in.
 */
public record CgroupMount(String name, String fsType, String options, String containerCgroupDir, boolean joined) {
    public CgroupMount(String name, String fsType, String options, String containerCgroupDir) {
        this(name, fsType, options, containerCgroupDir, true);
    }
}
