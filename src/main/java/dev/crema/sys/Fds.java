package dev.crema.sys;

/** File descriptor calls the JDK cannot make on a raw fd. One native method per call, no logic in C. */
public final class Fds {
    static { NativeLibrary.ensureLoaded(); }

    private Fds() {}

    /** socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0). */
    public static native int[] socketPair();

    /** read(2) into buf[off, off+len); returns bytes read, 0 at end of file. Retries on EINTR. */
    public static native int read(int fd, byte[] buf, int off, int len);

    /** write(2) of buf[off, off+len); returns bytes written. Retries on EINTR. */
    public static native int write(int fd, byte[] buf, int off, int len);

    public static native void close(int fd);

    /**
     * recvmsg(fd) into buf[off, off+len), taking an SCM_RIGHTS fd if one comes with the bytes: returns
     * {bytes read, received fd or -1}. Retries on EINTR.
     */
    public static native int[] receiveWithFd(int fd, byte[] buf, int off, int len);

    /**
     * Connects to the AF_UNIX socket at path and sendmsg's {@code name} with fd attached (SCM_RIGHTS), as
     * engines' console sockets expect the pty master; closes the connection.
     */
    public static native void sendFdTo(String socketPath, String name, int fd);

    /** mkfifo(path, mode). */
    public static native void mkfifo(String path, int mode);

    /** eventfd(0, EFD_CLOEXEC): a counter the kernel can signal, e.g. cgroup v1's OOM notification. */
    public static native int eventfd();

    /**
     * open(path, O_RDONLY|O_CLOEXEC): a real kernel fd number, for interfaces that take fd numbers in text
     * (cgroup v1's cgroup.event_control), which a JDK stream does not expose.
     */
    public static native int openReadOnly(String path);

    /** Reads exactly len bytes, or fewer only at end of file. */
    public static int readFully(int fd, byte[] buf, int len) {
        int done = 0;
        while (done < len) {
            int n = read(fd, buf, done, len - done);
            if (n == 0) break;
            done += n;
        }
        return done;
    }

    public static void writeFully(int fd, byte[] buf) {
        int done = 0;
        while (done < buf.length) {
            done += write(fd, buf, done, buf.length - done);
        }
    }
}
