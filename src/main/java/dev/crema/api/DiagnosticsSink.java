package dev.crema.api;

import java.util.function.Consumer;

/** The container layer's warning and debug consumers, onto the caller's {@link Diagnostics}; a class, not a lambda (startup). */
final class DiagnosticsSink implements Consumer<String> {
    private final Diagnostics diagnostics;
    private final boolean debug;

    DiagnosticsSink(Diagnostics diagnostics, boolean debug) {
        this.diagnostics = diagnostics;
        this.debug = debug;
    }

    @Override
    public void accept(String message) {
        if (debug) diagnostics.debug(message);
        else diagnostics.warning(message);
    }
}
