package dev.crema.cli;

import dev.crema.container.StateView;
import dev.crema.db.ContainerState;
import dev.crema.db.StateStore;
import dev.crema.spec.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** crema list [--format table|json] [--quiet]: every container under --root, as runc lists them. */
final class ListCommand {
    private ListCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[] {"format|f"}, new String[] {"quiet|q"}, false);
        args.noPositionals("list");
        StateStore store = new StateStore(global.root());
        List<State> states = new ArrayList<>();
        for (ContainerState state : store.list()) {
            State s = StateView.of(store, state);
            // as runc's list: the owner is the user owning the container's state directory
            states.add(new State(s.ociVersion(), s.id(), s.status(), s.pid(), s.bundle(), s.rootfs(), s.created(),
                    owner(store.containerDir(s.id())), s.annotations()));
        }
        String format = args.value("format", "table");
        if (args.flag("quiet")) {
            for (State s : states) System.out.println(s.id());
        } else if (format.equals("json")) {
            // runc marshals its nil slice: an empty list is "null", which engines parse as no containers
            System.out.println(states.isEmpty() ? "null" : State.toJsonArray(states));
        } else if (format.equals("table")) {
            System.out.print(table(states));
        } else {
            throw new UsageException("--format: invalid format \"" + format + "\" (table or json)");
        }
        return 0;
    }

    /** The user name of the directory's owner from /etc/passwd, else "#UID", as runc prints it. */
    static String owner(Path dir) {
        int uid;
        try {
            uid = (Integer) Files.getAttribute(dir, "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] fields = line.split(":");
                if (fields.length > 2 && fields[2].equals(Integer.toString(uid))) return fields[0];
            }
        } catch (IOException e) {
            // no passwd: the number, as runc's fallback
        }
        return "#" + uid;
    }

    /** runc's tabwriter layout: columns padded to the widest cell plus three spaces. */
    static String table(List<State> states) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"});
        for (State s : states) {
            rows.add(new String[] {s.id(), Integer.toString(s.pid()), s.status(), s.bundle(), s.created(), s.owner()});
        }
        int[] widths = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < 5; i++) widths[i] = Math.max(widths[i], row[i].length());
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < 5; i++) {
                out.append(row[i]).append(" ".repeat(Math.max(widths[i], 9) - row[i].length() + 3));
            }
            out.append(row[5]).append('\n');
        }
        return out.toString();
    }
}
