package dev.crema.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's flags and positional arguments, parsed the way runc's CLI accepts them: "--flag value",
 * "--flag=value", "-f value", single-dash long names ("-bundle"), booleans with or without "=true|false", and
 * "--" to end flags. Each command declares its flags as "name|alias" words: value flags and boolean flags.
 * Hand-written because a CLI library would cost startup time for what fits in a page.
 */
public final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, List<String>> repeated = new HashMap<>();
    private final List<String> positionals = new ArrayList<>();

    private Args() {}

    /**
     * @param valueFlags   e.g. {"bundle|b", "pid-file"}: flags that take a value; the first name is canonical
     * @param booleanFlags e.g. {"force|f"}
     * @param stopAtFirstPositional true for commands whose trailing words belong to the container (exec, run's args)
     */
    public static Args parse(List<String> argv, String[] valueFlags, String[] booleanFlags, boolean stopAtFirstPositional,
                             String... repeatable) {
        Args args = new Args();
        for (String name : repeatable) args.repeated.put(name, new ArrayList<>());
        boolean flagsDone = false;
        for (int i = 0; i < argv.size(); i++) {
            String word = argv.get(i);
            // a negative number after the first positional is a positional, as in runc's CLI, which leaves a word
            // that is no flag of the command where it is ("kill ID -9")
            if (flagsDone || word.length() < 2 || word.charAt(0) != '-' || (!args.positionals.isEmpty() && isNumber(word))) {
                args.positionals.add(word);
                if (stopAtFirstPositional) flagsDone = true;
                continue;
            }
            if (word.equals("--")) {
                flagsDone = true;
                continue;
            }
            String body = word.startsWith("--") ? word.substring(2) : word.substring(1);
            String inline = null;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                inline = body.substring(eq + 1);
                body = body.substring(0, eq);
            }
            String valueName = canonical(valueFlags, body);
            if (valueName != null) {
                if (inline == null) {
                    if (i + 1 >= argv.size()) throw new UsageException("flag needs an argument: " + word);
                    inline = argv.get(++i);
                }
                args.values.put(valueName, inline);
                List<String> all = args.repeated.get(valueName);
                if (all != null) all.add(inline);
                continue;
            }
            String boolName = canonical(booleanFlags, body);
            if (boolName == null && (body.equals("h") || body.equals("help"))) throw new HelpRequested();
            if (boolName == null) throw new UsageException("flag provided but not defined: " + word.split("=", 2)[0]);
            if (inline == null || inline.equals("true") || inline.equals("1")) {
                args.values.put(boolName, "true");
            } else if (inline.equals("false") || inline.equals("0")) {
                args.values.remove(boolName);
            } else {
                throw new UsageException("invalid boolean value \"" + inline + "\" for " + word);
            }
        }
        return args;
    }

    /** The first name of the declaration that lists {@code name} among its "|"-separated names, or null. */
    private static String canonical(String[] declared, String name) {
        for (String spec : declared) {
            int bar = spec.indexOf('|');
            String first = bar < 0 ? spec : spec.substring(0, bar);
            if (first.equals(name)) return first;
            while (bar >= 0) {
                int next = spec.indexOf('|', bar + 1);
                String alias = next < 0 ? spec.substring(bar + 1) : spec.substring(bar + 1, next);
                if (alias.equals(name)) return first;
                bar = next;
            }
        }
        return null;
    }

    public String value(String name) {
        return values.get(name);
    }

    public String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** Every value of a flag declared repeatable ("--env A=1 --env B=2"), in order. */
    public List<String> values(String name) {
        List<String> all = repeated.get(name);
        return all == null ? List.of() : all;
    }

    private static boolean isNumber(String word) {
        for (int i = 1; i < word.length(); i++) {
            if (!Character.isDigit(word.charAt(i))) return false;
        }
        return true;
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    public int intValue(String name, int fallback) {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            int n = Integer.parseInt(v);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + ": invalid value \"" + v + "\" (expected a non-negative integer)");
        }
    }

    /** Refuses any positional argument, for the commands that take none (list, spec, features), as runc does. */
    public void noPositionals(String command) {
        if (!positionals.isEmpty()) {
            throw new UsageException("crema: \"" + command + "\" requires exactly 0 argument(s), got " + positionals.size()
                    + ": " + String.join(" ", positionals));
        }
    }

    public List<String> positionals() {
        return positionals;
    }

    /** The container id: exactly one positional argument where the command takes only that. */
    public String onlyId(String command) {
        if (positionals.isEmpty()) throw new UsageException(command + ": container id cannot be empty");
        if (positionals.size() > 1) {
            throw new UsageException(command + ": expected 1 argument (container id), got " + positionals.size()
                    + ": " + String.join(" ", positionals));
        }
        return positionals.getFirst();
    }
}
