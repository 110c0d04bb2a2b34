package dev.crema.sys;

/** Linux x86_64 errno numbers and their names, for messages that say EPERM rather than 1. */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, E2BIG = 7, ENOEXEC = 8,
            EBADF = 9, ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17,
            EXDEV = 18, ENODEV = 19, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENFILE = 23, EMFILE = 24,
            ENOTTY = 25, ETXTBSY = 26, EFBIG = 27, ENOSPC = 28, ESPIPE = 29, EROFS = 30, EMLINK = 31, EPIPE = 32,
            ERANGE = 34, ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40, EOVERFLOW = 75,
            EUSERS = 87, ENOTSOCK = 88, EOPNOTSUPP = 95, ECONNREFUSED = 111, ETIMEDOUT = 110;

    private static final String[] NAMES = new String[134];

    static {
        String[] pairs = ("1 EPERM 2 ENOENT 3 ESRCH 4 EINTR 5 EIO 6 ENXIO 7 E2BIG 8 ENOEXEC 9 EBADF 10 ECHILD "
                + "11 EAGAIN 12 ENOMEM 13 EACCES 14 EFAULT 15 ENOTBLK 16 EBUSY 17 EEXIST 18 EXDEV 19 ENODEV "
                + "20 ENOTDIR 21 EISDIR 22 EINVAL 23 ENFILE 24 EMFILE 25 ENOTTY 26 ETXTBSY 27 EFBIG 28 ENOSPC "
                + "29 ESPIPE 30 EROFS 31 EMLINK 32 EPIPE 33 EDOM 34 ERANGE 35 EDEADLK 36 ENAMETOOLONG 37 ENOLCK "
                + "38 ENOSYS 39 ENOTEMPTY 40 ELOOP 61 ENODATA 75 EOVERFLOW 87 EUSERS 88 ENOTSOCK 95 EOPNOTSUPP "
                + "98 EADDRINUSE 104 ECONNRESET 110 ETIMEDOUT 111 ECONNREFUSED 125 ECANCELED").split(" ");
        for (int i = 0; i < pairs.length; i += 2) {
            NAMES[Integer.parseInt(pairs[i])] = pairs[i + 1];
        }
    }

    /** The C library's texts (lower case, as Go's syscall.Errno prints them), in NAMES' order. */
    private static final String[] TEXTS = new String[134];

    static {
        String[] pairs = ("1|operation not permitted|2|no such file or directory|3|no such process|4|interrupted system call|"
                + "5|input/output error|6|no such device or address|7|argument list too long|8|exec format error|"
                + "9|bad file descriptor|10|no child processes|11|resource temporarily unavailable|12|cannot allocate memory|"
                + "13|permission denied|14|bad address|15|block device required|16|device or resource busy|17|file exists|"
                + "18|invalid cross-device link|19|no such device|20|not a directory|21|is a directory|22|invalid argument|"
                + "23|too many open files in system|24|too many open files|25|inappropriate ioctl for device|"
                + "26|text file busy|27|file too large|28|no space left on device|29|illegal seek|30|read-only file system|"
                + "31|too many links|32|broken pipe|33|numerical argument out of domain|34|numerical result out of range|"
                + "35|resource deadlock avoided|36|file name too long|37|no locks available|38|function not implemented|"
                + "39|directory not empty|40|too many levels of symbolic links|61|no data available|"
                + "75|value too large for defined data type|87|too many users|88|socket operation on non-socket|"
                + "95|operation not supported|98|address already in use|104|connection reset by peer|"
                + "110|connection timed out|111|connection refused|125|operation canceled").split("\\|");
        for (int i = 0; i < pairs.length; i += 2) {
            TEXTS[Integer.parseInt(pairs[i])] = pairs[i + 1];
        }
    }

    private Errno() {}

    /**
     * What the error says, as runc and Go print it ("permission denied", "no such file or directory"): engines
     * look for these words (docker maps them to exit codes 126 and 127).
     */
    public static String text(int errno) {
        String text = errno > 0 && errno < TEXTS.length ? TEXTS[errno] : null;
        return text != null ? text : "errno " + errno;
    }

    /** "ENOENT (no such file or directory)": the name for people who read errno names, the words for engines. */
    public static String describe(int errno) {
        String text = errno > 0 && errno < TEXTS.length ? TEXTS[errno] : null;
        return text != null ? name(errno) + " (" + text + ")" : name(errno);
    }

    /** The symbolic name, or "errno N" for one this table does not know. */
    public static String name(int errno) {
        String name = errno > 0 && errno < NAMES.length ? NAMES[errno] : null;
        return name != null ? name : "errno " + errno;
    }
}
