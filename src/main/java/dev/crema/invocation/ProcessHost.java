package dev.crema.invocation;

import dev.crema.sys.Processes;

/**
 * Who creates and waits for the processes a command starts (crema-init, hooks) and adopts the container
 * process. In the plain CLI that is the controller itself; under `crema server` it is the client, so that the
 * container stays a descendant of the engine that called crema (conmon and containerd-shim are subreapers and
 * read its exit status), and inherits the caller's stdio, preserved fds, cgroup, rlimits and namespaces.
 */
public interface ProcessHost {
    /**
     * posix_spawn(path, argv, envp) with one file action per pair (source fdMap[2k], target fdMap[2k+1]), in
     * order: a source that is an fd of this JVM is dup2'ed onto the target; {@link Processes#SPAWN_CLOSE} (-1)
     * closes the target in the child; {@link Processes#SPAWN_CLOSE_FROM} (-2) closes the target and every fd
     * above it (closefrom), so a last pair {-2, 3} leaves the child only what the earlier pairs put at 0-2.
     * Without such closes the child has the caller's stdio, cwd and the fds 3 and up that it left open (under
     * a server: the client's, which are its caller's). Returns the pid.
     */
    int spawn(String path, String[] argv, String[] envp, int[] fdMap);

    /** waitpid(pid, flags) on a child of the caller: {pid, raw status}, pid 0 when WNOHANG and still running. */
    int[] waitpid(int pid, int flags);

    /** prctl(PR_SET_CHILD_SUBREAPER) for the caller: orphaned descendants (the container process) become its children. */
    void becomeSubreaper();
}
