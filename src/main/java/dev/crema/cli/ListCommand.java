package dev.crema.cli;

import dev.crema.api.ContainerState;
import java.util.ArrayList;
import java.util.List;

/** crema list [--format table|json] [--quiet]: every container under --root, as runc lists them. */
final class ListCommand {
    private ListCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[] {"format|f"}, new String[] {"quiet|q"}, false);
        args.noPositionals("list");
        List<ContainerState> states = global.runtime(false).list();
        String format = args.value("format", "table");
        if (args.flag("quiet")) {
            for (ContainerState s : states) System.out.println(s.id());
        } else if (format.equals("json")) {
            // runc marshals its nil slice: an empty list is "null", which engines parse as no containers
            System.out.println(states.isEmpty() ? "null" : ContainerState.toJsonArray(states));
        } else if (format.equals("table")) {
            System.out.print(table(states));
        } else {
            throw new UsageException("--format: invalid format \"" + format + "\" (table or json)");
        }
        return 0;
    }

    /** runc's tabwriter layout: columns padded to the widest cell plus three spaces. */
    static String table(List<ContainerState> states) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"});
        for (ContainerState s : states) {
            rows.add(new String[] {s.id(), Integer.toString(s.pid()), s.status().text(), s.bundle().toString(),
                    s.created(), s.owner()});
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
