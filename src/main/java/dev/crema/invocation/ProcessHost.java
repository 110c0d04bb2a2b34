package dev.crema.invocation;

/**
 * Who creates and waits for the processes a command starts (crema-init, hooks) and adopts the container
 * process. In the plain CLI that is the controller itself; under `crema server` it is the client, so that the
 * container stays a descendant of the engine that called crema (conmon and containerd-shim are subreapers and
 * read its exit status), and inherits the caller's stdio, preserved fds, cgroup, rlimits and namespaces.
 */
public interface ProcessHost {
    /**
     * posix_spawn(path, argv, envp) with dup2(fdMap[2k], fdMap[2k+1]) for each pair, in order; the sources are
     * fds of this JVM, or -1 to close fdMap[2k+1] in the child instead. The child has the caller's stdio, cwd
     * and fds 3 and up that it left open. Returns the pid.
     */
    int spawn(String path, String[] argv, String[] envp, int[] fdMap);

    /** waitpid(pid, flags) on a child of the caller: {pid, raw status}, pid 0 when WNOHANG and still running. */
    int[] waitpid(int pid, int flags);

    /** prctl(PR_SET_CHILD_SUBREAPER) for the caller: orphaned descendants (the container process) become its children. */
    void becomeSubreaper();
}
