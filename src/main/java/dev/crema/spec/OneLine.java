package dev.crema.spec;

/**
 * Error messages quote what the config said (paths, names, values), and a config can hold any character: control
 * characters in a message are written as escapes, so an error stays one line on stderr and in the log (found by
 * fuzzing: a newline in an rlimit type or a capability name split the message).
 */
public final class OneLine {
    private OneLine() {}

    public static String of(String message) {
        if (message == null) return null;
        int i = 0;
        while (i < message.length() && (message.charAt(i) >= 0x20 || message.charAt(i) == '\t')) i++;
        if (i == message.length()) return message;
        StringBuilder out = new StringBuilder(message.length() + 8).append(message, 0, i);
        for (; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\n') out.append("\\n");
            else if (c == '\r') out.append("\\r");
            else if (c < 0x20 && c != '\t') {
                out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else out.append(c);
        }
        return out.toString();
    }
}
