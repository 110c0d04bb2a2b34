package dev.crema.api;

import java.util.Objects;

/**
 * How a {@link CremaRuntime} behaves in this process.
 *
 * @param diagnostics where warnings and debug text go
 * @param subreaper   whether create and exec make this process a child subreaper (prctl PR_SET_CHILD_SUBREAPER),
 *                    so the container processes they start become its children once crema-init's first stage
 *                    exits: only then can {@link CremaRuntime#waitForExit} and {@link CremaRuntime#waitForProcess}
 *                    return an exit code, and this process must reap them (waiting, or deleting the container).
 *                    Off, they go to the nearest other subreaper (an engine's shim, or pid 1) as with
 *                    {@code crema create}.
 */
public record RuntimeOptions(Diagnostics diagnostics, boolean subreaper) {
    public RuntimeOptions {
        Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /** Warnings ignored; a subreaper, so exit codes can be waited for. */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions(Diagnostics.ignore(), true);
    }

    public RuntimeOptions withDiagnostics(Diagnostics diagnostics) {
        return new RuntimeOptions(diagnostics, subreaper);
    }

    public RuntimeOptions withSubreaper(boolean subreaper) {
        return new RuntimeOptions(diagnostics, subreaper);
    }
}
