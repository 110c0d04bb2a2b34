package dev.crema.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * crema ps [--format|-f table|json] ID [ps options]: json prints the pids; table runs ps(1) with the options
 * given (default -ef) and keeps the header and the lines of the container's processes, as runc does.
 */
final class PsCommand {
    private PsCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[] {"format|f"}, new String[0], true);
        if (args.positionals().isEmpty()) throw new UsageException("ps: container id cannot be empty");
        String id = args.positionals().getFirst();
        List<Integer> pids = global.runtime(false).pids(id);
        String format = args.value("format", "table");
        if (format.equals("json")) {
            if (pids.isEmpty()) {
                System.out.println("null"); // runc's: Go marshals its empty (nil) pid list so
                return 0;
            }
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < pids.size(); i++) out.append(i == 0 ? "" : ",").append(pids.get(i));
            System.out.println(out.append(']'));
            return 0;
        }
        if (!format.equals("table")) throw new UsageException("--format: invalid format \"" + format + "\" (table or json)");
        List<String> psArgs = new ArrayList<>(args.positionals().subList(1, args.positionals().size()));
        if (psArgs.isEmpty()) psArgs.add("-ef");
        psArgs.addFirst("ps");
        System.out.print(filter(runPs(psArgs), pids));
        return 0;
    }

    private static List<String> runPs(List<String> command) {
        try {
            java.lang.Process ps = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(ps.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) lines.add(line);
            }
            if (ps.waitFor() != 0) throw new UsageException("ps " + String.join(" ", command) + ": " + String.join("\n", lines));
            return lines;
        } catch (IOException e) {
            throw new UsageException("ps: cannot run ps: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("ps: interrupted");
        }
    }

    /** The header, then each line whose PID column is one of the container's. */
    static String filter(List<String> lines, List<Integer> pids) {
        if (lines.isEmpty()) return "";
        String[] header = lines.getFirst().trim().split("\\s+");
        int column = -1;
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals("PID")) column = i;
        }
        if (column < 0) throw new UsageException("ps: the ps options must include the PID column");
        StringBuilder out = new StringBuilder(lines.getFirst()).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > column && pids.contains(parse(fields[column]))) out.append(line).append('\n');
        }
        return out.toString();
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
