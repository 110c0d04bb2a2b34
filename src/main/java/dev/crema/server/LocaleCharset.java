package dev.crema.server;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The charset a JVM started with the client's environment would print with (its stdout.encoding comes from
 * the locale: LC_ALL, else LC_CTYPE, else LANG; C, POSIX or none is ASCII), so a message with a non-ASCII
 * container id or path reads the same with and without the server.
 */
final class LocaleCharset {
    private LocaleCharset() {}

    static Charset of(Map<String, String> env) {
        String locale = first(env, "LC_ALL", "LC_CTYPE", "LANG");
        if (locale == null || locale.equals("C") || locale.equals("POSIX")) return StandardCharsets.US_ASCII;
        int dot = locale.indexOf('.');
        if (dot < 0) return StandardCharsets.US_ASCII;
        String codeset = locale.substring(dot + 1);
        int at = codeset.indexOf('@');
        if (at >= 0) codeset = codeset.substring(0, at);
        if (codeset.equalsIgnoreCase("utf8") || codeset.equalsIgnoreCase("utf-8")) return StandardCharsets.UTF_8;
        try {
            return Charset.forName(codeset);
        } catch (RuntimeException unknown) {
            return StandardCharsets.US_ASCII;
        }
    }

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) return value;
        }
        return null;
    }
}
