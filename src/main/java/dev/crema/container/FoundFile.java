package dev.crema.container;

/**
 * What the init found where it expected a particular file (its FOUND message: st_mode, and the device number
 * of a device node), so an error can say what was wrong with the file rather than only an errno.
 */
record FoundFile(int mode, int major, int minor) {
    private static final int S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000,
            S_IFBLK = 0060000, S_IFDIR = 0040000, S_IFCHR = 0020000, S_IFIFO = 0010000;

    /** The FOUND message's value: mode in the low 32 bits, major in the next 12, minor in the top 20. */
    static FoundFile decode(long value) {
        return new FoundFile((int) value, (int) ((value >>> 32) & 0xfff), (int) ((value >>> 44) & 0xfffff));
    }

    /** "a symlink", "a regular file", "a character device 1:5", ... */
    String describe() {
        return switch (mode & S_IFMT) {
            case S_IFLNK -> "a symlink";
            case S_IFREG -> "a regular file";
            case S_IFDIR -> "a directory";
            case S_IFIFO -> "a fifo";
            case S_IFSOCK -> "a socket";
            case S_IFCHR -> "a character device " + major + ":" + minor;
            case S_IFBLK -> "a block device " + major + ":" + minor;
            default -> "a file of unknown type (mode " + Integer.toOctalString(mode) + ")";
        };
    }
}
