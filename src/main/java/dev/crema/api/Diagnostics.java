package dev.crema.api;

/**
 * Where a {@link CremaRuntime} sends what is not a failure: runc's warnings (an unknown capability, a cgroup that
 * already holds processes, a poststart or poststop hook that failed, which the runtime spec says only warns) and,
 * when {@link #debugEnabled()}, the debug text (the compiled init plan of each create and exec). The CLI prints
 * them as log lines; a program may log them or ignore them ({@link #ignore()}).
 */
public interface Diagnostics {
    void warning(String message);

    default void debug(String message) {}

    /** Whether {@link #debug} wants anything: the plan dump is only made when it does. */
    default boolean debugEnabled() {
        return false;
    }

    /** Drops everything. */
    static Diagnostics ignore() {
        return Ignored.INSTANCE;
    }

    /** The one instance behind {@link #ignore()}. */
    enum Ignored implements Diagnostics {
        INSTANCE;

        @Override
        public void warning(String message) {}
    }
}
