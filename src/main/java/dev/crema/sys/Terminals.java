package dev.crema.sys;

/** Terminal calls for the user's own terminal (termios and window size), each one C call in native/libcrema.c. */
public final class Terminals {
    static { NativeLibrary.ensureLoaded(); }

    private Terminals() {}

    /** isatty(fd). */
    public static native boolean isTerminal(int fd);

    /** tcgetattr, then tcsetattr with cfmakeraw's settings; returns the saved termios for {@link #restore}. */
    public static native byte[] makeRaw(int fd);

    public static native void restore(int fd, byte[] saved);

    /** TIOCGWINSZ on {@code from}, TIOCSWINSZ on {@code to}. */
    public static native void copyWindowSize(int from, int to);
}
