package dev.crema.sys;

/**
 * The AF_UNIX stream socket calls of server mode ({@code crema server} and its clients), each one native method
 * mapped 1:1 to a C function in native/libcrema.c. Every failure throws {@link SyscallException}.
 */
public final class Sockets {
    static { NativeLibrary.ensureLoaded(); }

    private Sockets() {}

    /** socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0). */
    public static native int unixStream();

    public static native void bind(int fd, String path);

    public static native void connect(int fd, String path);

    public static native void listen(int fd, int backlog);

    /** accept4(fd, NULL, NULL, SOCK_CLOEXEC); retries on EINTR. */
    public static native int accept(int fd);

    /** shutdown(fd, SHUT_RDWR): also wakes a thread blocked in accept or recvmsg on it. */
    public static native void shutdown(int fd);

    /** getsockopt(SO_PEERCRED): {pid, uid, gid} of the process that connected. */
    public static native int[] peerCredentials(int fd);

    /** sendmsg of buf[off, off+len) with fds attached (SCM_RIGHTS, at most 64), the rest by send. */
    public static native void sendWithFds(int fd, byte[] buf, int off, int len, int[] fds);

    /**
     * recvmsg(MSG_CMSG_CLOEXEC) into buf[off, off+len): returns {bytes read, fd count, the fds...}; 0 bytes at
     * end of file.
     */
    public static native int[] receiveWithFds(int fd, byte[] buf, int off, int len);

    /** poll(fd, POLLIN, timeoutMillis): true when readable or hung up. */
    public static native boolean pollIn(int fd, int timeoutMillis);
}
