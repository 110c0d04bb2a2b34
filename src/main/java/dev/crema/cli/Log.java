package dev.crema.cli;

import dev.crema.invocation.Invocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Error and debug lines as runc writes them: to stderr, and to --log when given, in --log-format text
 * (logrus text: time="..." level=error msg="...") or json ({"level":"error","msg":"...","time":"..."}), which
 * containerd's shim reads back and shows the user when a command fails.
 */
public final class Log {
    private Log() {}

    /** Per invocation: a server runs many commands at once, each with its own --log, --log-format and --debug. */
    static void configure(String logFile, String format, boolean debugEnabled) {
        Invocation.current().configureLog(logFile, "json".equals(format), debugEnabled);
    }

    public static boolean debugEnabled() {
        return Invocation.current().debug();
    }

    public static void error(String message) {
        write("error", message);
    }

    public static void warn(String message) {
        write("warning", message);
    }

    /**
     * As runc: with --log the line goes to that file in the chosen format and the plain message to stderr; without
     * --log, stderr gets the line itself (JSON with --log-format json, for a caller that parses it).
     */
    private static void write(String level, String message) {
        Invocation invocation = Invocation.current();
        if (invocation.logFile() == null && invocation.logJson()) {
            System.err.println(line(level, message, true).stripTrailing());
            return;
        }
        System.err.println(level.equals("error") ? message : level + ": " + message);
        toFile(invocation, level, message);
    }

    /** As runc's --debug: logrus lines (level=debug, or JSON) to --log, or to stderr without it. */
    public static void debug(String message) {
        Invocation invocation = Invocation.current();
        if (!invocation.debug()) return;
        if (invocation.logFile() == null) System.err.print(line("debug", message, invocation.logJson()));
        else toFile(invocation, "debug", message);
    }

    /** --debug's phase times of the command, one debug line each ("phase mounts: 1.234 ms"), in one write. */
    static void phases(dev.crema.container.PhaseTimes times) {
        Invocation invocation = Invocation.current();
        if (!invocation.debug()) return;
        StringBuilder lines = new StringBuilder();
        for (String message : times.lines()) lines.append(line("debug", message, invocation.logJson()));
        if (invocation.logFile() == null) System.err.print(lines);
        else append(invocation.logFile(), lines.toString());
    }

    private static String line(String level, String message, boolean json) {
        String time = dev.crema.db.Timestamps.now();
        return json
                ? "{\"level\":\"" + level + "\",\"msg\":" + quote(message) + ",\"time\":\"" + time + "\"}\n"
                : "time=\"" + time + "\" level=" + level + " msg=" + quote(message) + "\n";
    }

    private static void toFile(Invocation invocation, String level, String message) {
        String file = invocation.logFile();
        if (file == null) return;
        append(file, line(level, message, invocation.logJson()));
    }

    private static void append(String file, String line) {
        try {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            System.err.println("crema: cannot write log file " + file + ": " + e.getMessage());
        }
    }

    /** JSON string quoting; also valid for logrus' quoted text values. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2);
        dev.crema.spec.JsonWriter.quote(out, s);
        return out.toString();
    }
}
