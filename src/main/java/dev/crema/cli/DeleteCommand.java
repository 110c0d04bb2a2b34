package dev.crema.cli;

import java.util.List;

/** crema delete [--force] ID */
final class DeleteCommand {
    private DeleteCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[0], new String[] {"force|f"}, false);
        global.runtime(false).delete(args.onlyId("delete"), args.flag("force"));
        return 0;
    }
}
