package dev.crema.cli;

import java.util.List;

/** crema state ID: the OCI state JSON (plus runc's rootfs, created and owner fields). Loads no native code. */
final class StateCommand {
    private StateCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[0], new String[0], false);
        // as runc: the JSON without a newline after it (runc writes the marshalled bytes as they are)
        System.out.print(global.runtime(false).state(args.onlyId("state")).toJson());
        return 0;
    }
}
