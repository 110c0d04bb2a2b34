package dev.crema.plan;

import java.util.List;

/**
 * What runc's init checks of a process's environment before it execs, refused the same way here, before
 * anything is made: an entry without "=" ("invalid environment variable"), and a command without "/" when the
 * environment has no PATH to search (runc's init starts from an empty environment, so it finds nothing).
 */
public final class ProcessEnv {
    private ProcessEnv() {}

    /** @param field "process" for config.json, or where an exec's process came from */
    public static void check(List<String> env, String command, String field) {
        boolean path = false;
        for (int i = 0; i < env.size(); i++) {
            String entry = env.get(i);
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new PlanException(field + ".env[" + i + "]: invalid environment variable: \"" + entry + "\"");
            }
            if (eq == 4 && entry.startsWith("PATH")) path = true;
        }
        if (!path && command.indexOf('/') < 0) {
            throw new PlanException(field + ".args[0]: exec: \"" + command + "\": executable file not found in $PATH"
                    + " (" + field + ".env has no PATH)");
        }
    }
}
