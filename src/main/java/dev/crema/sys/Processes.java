package dev.crema.sys;

/**
 * Process calls, each one native method mapped 1:1 to a C function in native/libcrema.c that makes one call.
 * Every failure throws {@link SyscallException} with the call name and errno name.
 */
public final class Processes {
    static { NativeLibrary.ensureLoaded(); }

    private Processes() {}

    /** A source in a spawn's fd map: close the pair's target in the child. */
    public static final int SPAWN_CLOSE = -1;
    /** A source in a spawn's fd map: close the pair's target and every fd above it in the child (closefrom). */
    public static final int SPAWN_CLOSE_FROM = -2;

    /**
     * posix_spawn(path, argv, envp) with file actions dup2(fdMap[2k], fdMap[2k+1]) for each pair, in order, or
     * close(fdMap[2k+1]) where fdMap[2k] is {@link #SPAWN_CLOSE}, or closefrom(fdMap[2k+1]) where it is
     * {@link #SPAWN_CLOSE_FROM}. Returns the child's pid.
     */
    public static native int spawn(String path, String[] argv, String[] envp, int[] fdMap);

    /** waitpid(pid, &status, flags); returns {pid, raw status}; pid 0 when WNOHANG and not exited. */
    public static native int[] waitpid(int pid, int flags);

    public static native void kill(int pid, int signal);

    /** pidfd_open(pid, 0): an fd (close-on-exec) that refers to exactly this process, immune to pid reuse. */
    public static native int pidfdOpen(int pid);

    public static native void pidfdSendSignal(int pidfd, int signal);

    /** pidfd_getfd(pidfd, targetFd, 0): a copy (close-on-exec) of fd {@code targetFd} of that process. */
    public static native int pidfdGetFd(int pidfd, int targetFd);

    /** poll(pidfd, POLLIN, timeoutMillis): true when the process has exited. */
    public static native boolean pidfdWaitExit(int pidfd, int timeoutMillis);

    /** prlimit(pid, resource, {soft, hard}, NULL); -1 means RLIM_INFINITY. */
    public static native void prlimit(int pid, int resource, long soft, long hard);

    /** prctl(PR_SET_CHILD_SUBREAPER, 1): orphaned descendants (the container init) become our children. */
    public static native void becomeSubreaper();

    /**
     * unshare(CLONE_FS): the calling thread gets its own cwd and umask, so a server command thread can take its
     * client's without touching the other commands'.
     */
    public static native void unshareFs();

    /** fchdir(fd): for the calling thread only once it has {@link #unshareFs() its own}. */
    public static native void fchdir(int fd);

    /** umask(mask); returns the previous one. */
    public static native int umask(int mask);

    /** setsid(): a server started in the background leaves its starter's session and terminal. */
    public static native void setsid();

    public static final int WNOHANG = 1;

    public static boolean exited(int status) { return (status & 0x7f) == 0; }

    public static int exitCode(int status) { return (status >> 8) & 0xff; }

    public static boolean signaled(int status) { return ((status & 0x7f) + 1) >> 1 > 0 && (status & 0x7f) != 0x7f; }

    public static int termSignal(int status) { return status & 0x7f; }
}
