package dev.crema.cli;

import dev.crema.api.CremaRuntime;
import java.util.List;

/** crema kill [--all] ID [SIGNAL] (SIGNAL: a name with or without SIG, or a number; TERM by default) */
final class KillCommand {
    private KillCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[0], new String[] {"all|a"}, false);
        List<String> words = args.positionals();
        if (words.isEmpty()) throw new UsageException("kill: container id cannot be empty");
        if (words.size() > 2) throw new UsageException("kill: expected at most 2 arguments (container id, signal)");
        int signal = CremaRuntime.signal(words.size() == 2 ? words.get(1) : "TERM");
        CremaRuntime runtime = global.runtime(false);
        if (args.flag("all")) runtime.killAll(words.getFirst(), signal);
        else runtime.kill(words.getFirst(), signal);
        return 0;
    }
}
