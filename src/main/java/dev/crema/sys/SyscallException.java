package dev.crema.sys;

/** A failed system call: which call, on what, and the errno by name (EPERM, not 1). */
public final class SyscallException extends RuntimeException {
    private final String call;
    private final String what;
    private final int errno;

    public SyscallException(String call, String subject, int errno) {
        this(call, errno, call + (subject == null || subject.isEmpty() ? "" : " " + subject));
    }

    private SyscallException(String call, int errno, String what) {
        super(what + ": " + Errno.name(errno));
        this.call = call;
        this.what = what;
        this.errno = errno;
    }

    public String call() { return call; }

    public int errno() { return errno; }

    /** "connect PATH: ENOENT (no such file or directory)": the errno's name and the words engines parse. */
    public String describe() { return what + ": " + Errno.describe(errno); }
}
