package dev.crema.cli;

import dev.crema.api.Diagnostics;

/** The library's warnings and debug text as the CLI's log lines (runc's "warning: ..." and --debug lines). */
final class CliDiagnostics implements Diagnostics {
    static final CliDiagnostics INSTANCE = new CliDiagnostics();

    private CliDiagnostics() {}

    @Override
    public void warning(String message) {
        Log.warn(message);
    }

    @Override
    public void debug(String message) {
        Log.debug(message);
    }

    @Override
    public boolean debugEnabled() {
        return Log.debugEnabled();
    }
}
