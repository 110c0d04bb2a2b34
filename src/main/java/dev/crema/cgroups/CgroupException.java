package dev.crema.cgroups;

/** A cgroup operation that failed; the message names linux.cgroupsPath and the file. */
public final class CgroupException extends RuntimeException {
    public CgroupException(String message) {
        super(dev.crema.spec.OneLine.of(message));
    }
}
