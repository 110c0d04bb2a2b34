package dev.crema.plan;

import dev.crema.spec.Process;

/** The CONSOLE step of a process with a terminal, sized by process.consoleSize when given. */
final class Terminal {
    private Terminal() {}

    static Op.Console console(Process process, boolean bindConsole) {
        long rows = process.consoleSize() == null ? 0 : process.consoleSize().height();
        long cols = process.consoleSize() == null ? 0 : process.consoleSize().width();
        return new Op.Console(rows, cols, bindConsole);
    }
}
