package dev.crema.cli;

import dev.crema.plan.CgroupMount;
import dev.crema.plan.CreateRequest;
import dev.crema.plan.Plan;
import dev.crema.plan.PlanCompiler;
import dev.crema.plan.PlanEncoder;
import dev.crema.spec.DefaultSpec;
import dev.crema.spec.Spec;
import dev.crema.spec.SpecParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run the build makes to produce the AOT cache (JEP 483/514): it walks the code paths of the
 * commands engines call (argument parsing, config parsing, plan compiling, the state store, JSON output)
 * in-process, without creating a container, so the cache holds those classes already linked.
 */
final class AotTraining {
    private AotTraining() {}

    static int run(GlobalOptions ignored) {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        Path scratch;
        try {
            scratch = Files.createTempDirectory("crema-aot-training");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            System.setOut(new PrintStream(PrintStream.nullOutputStream()));
            System.setErr(new PrintStream(PrintStream.nullOutputStream()));
            Path root = scratch.resolve("root");
            Path bundle = Files.createDirectories(scratch.resolve("bundle/rootfs"));
            String r = "--root=" + root;
            Main.run(List.of(r, "spec", "--bundle", bundle.getParent().toString()));
            Main.run(List.of(r, "features"));
            Main.run(List.of(r, "list"));
            Main.run(List.of(r, "list", "--format", "json"));
            Main.run(List.of(r, "--log", scratch.resolve("log").toString(), "--log-format", "json", "state", "none"));
            Main.run(List.of(r, "kill", "none", "KILL"));
            Main.run(List.of(r, "delete", "--force", "none"));
            Main.run(List.of(r, "start", "none"));
            for (boolean rootless : new boolean[] {false, true}) {
                // The default spec asks for a terminal, which the compiler refuses until terminals are supported.
                Spec spec = SpecParser.parse(DefaultSpec.json(rootless).replace("\"terminal\": true", "\"terminal\": false"));
                Plan plan = PlanCompiler.compile(spec, new CreateRequest(bundle, bundle.getParent(),
                        root.resolve("x/exec.fifo"), false,
                        List.of(new CgroupMount("memory", "cgroup", "memory", "/sys/fs/cgroup/memory/crema/x"))));
                PlanEncoder.encode(plan);
                plan.dump();
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
            delete(scratch);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir
        }
    }
}
