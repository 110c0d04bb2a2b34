package dev.crema.it;

/**
 * How crema's commands reach it in a test (docs/server.md): {@link #PLAIN}, the native client with no server for
 * the root, so it falls back to the JVM controller; or {@link #SERVER}, through a `crema server` of the root that
 * the test starts and stops. A test class chooses its mode; CREMA_IT_SERVER=1 in the environment puts every test
 * in server mode.
 */
enum Mode {
    PLAIN, SERVER;

    private static final boolean FORCED = "1".equals(System.getenv("CREMA_IT_SERVER"));

    /** This mode, or SERVER when CREMA_IT_SERVER=1 forces it on every test. */
    Mode effective() {
        return FORCED ? SERVER : this;
    }

    /** Whether the test's commands go through a server: this mode, as CREMA_IT_SERVER=1 may force it. */
    boolean server() {
        return effective() == SERVER;
    }

    /** Whether CREMA_IT_SERVER=1 puts every test in server mode. */
    static boolean forced() {
        return FORCED;
    }
}
