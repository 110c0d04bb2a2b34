package dev.crema.it;

import dev.crema.it.Differential.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The recorded differences of the differential suite: for each scenario marked known or intended, the exact lines
 * {@link Differential} reports, so the scenario checks that crema differs in exactly that way. Format: a line
 * "### scenario name", then its difference lines, then a blank line. Regenerated with DIFFERENTIAL_RECORD=FILE.
 */
final class Golden {
    private Golden() {}

    static Map<String, List<String>> read(Path file) {
        Map<String, List<String>> golden = new LinkedHashMap<>();
        if (!Files.exists(file)) return golden;
        try {
            List<String> current = null;
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("### ")) {
                    current = new ArrayList<>();
                    golden.put(line.substring(4), current);
                } else if (!line.isBlank() && current != null) {
                    current.add(line);
                }
            }
            return golden;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Writes every scenario that differs, in table order (waits for all of them). */
    static void write(Path file, List<Scenario> scenarios, List<Future<List<String>>> results)
            throws IOException, InterruptedException, ExecutionException {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < scenarios.size(); i++) {
            List<String> lines;
            try {
                lines = results.get(i).get();
            } catch (ExecutionException e) {
                lines = List.of("harness: " + e.getCause());
            }
            if (lines.isEmpty()) continue;
            out.append("### ").append(scenarios.get(i).name()).append('\n');
            for (String line : lines) out.append(line).append('\n');
            out.append('\n');
        }
        Files.writeString(file, out.toString());
    }
}
