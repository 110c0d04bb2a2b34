package dev.crema.cli;

import dev.crema.container.StateView;
import dev.crema.db.StateStore;
import java.util.List;

/** crema state ID: the OCI state JSON (plus runc's rootfs, created and owner fields). Loads no native code. */
final class StateCommand {
    private StateCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[0], new String[0], false);
        StateStore store = new StateStore(global.root());
        // as runc: the JSON without a newline after it (runc writes the marshalled bytes as they are)
        System.out.print(StateView.of(store, store.load(args.onlyId("state"))).toJson());
        return 0;
    }
}
