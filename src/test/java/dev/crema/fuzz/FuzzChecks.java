package dev.crema.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The one property every fuzz target checks: bad input ends in one of crema's own errors with a one-line
 * message (what the CLI prints and logs), never in another exception type, an Error or a hang.
 */
public final class FuzzChecks {
    /** Work that either succeeds or throws. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private FuzzChecks() {}

    /**
     * Runs {@code work}; an exception of a dev.crema type with a non-blank one-line message is a clear refusal and
     * passes. Anything else (NullPointerException, ClassCastException, InvalidPathException, StackOverflowError,
     * ...) escapes as it is, so Jazzer reports it with its stack and keeps the input.
     */
    public static void acceptsOrRefusesClearly(Work work) throws Exception {
        try {
            work.run();
        } catch (RuntimeException e) {
            if (!e.getClass().getName().startsWith("dev.crema.")) throw e;
            String message = e.getMessage();
            if (message == null || message.isBlank()) throw new AssertionError("an error without a message", e);
            assertFalse(message.contains("\n") || message.contains("\r"), () -> "a message of more than one line: " + message);
        }
    }
}
