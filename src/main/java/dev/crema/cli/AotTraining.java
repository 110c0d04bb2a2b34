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
import java.util.List;

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
            // a plain directory: createTempDirectory would pull SecureRandom into every command's startup
            scratch = Files.createDirectories(Path.of("/tmp/crema-aot-training-" + dev.crema.db.Liveness.selfPid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            System.setOut(new PrintStream(PrintStream.nullOutputStream()));
            System.setErr(new PrintStream(PrintStream.nullOutputStream()));
            Path root = scratch.resolve("root");
            Path bundle = Files.createDirectories(scratch.resolve("bundle/rootfs"));
            String r = "--root=" + root;
            // what main runs first for a command with --preserve-fds (it reads the training's own fds only)
            dev.crema.invocation.CallerFds.snapshot();
            Main.run(List.of(r, "spec", "--bundle", bundle.getParent().toString()));
            Main.run(List.of(r, "features"));
            Main.run(List.of(r, "--version"));
            Main.run(List.of(r, "list"));
            Main.run(List.of(r, "list", "--format", "json"));
            Main.run(List.of(r, "--log", scratch.resolve("log").toString(), "--log-format", "json", "state", "none"));
            Main.run(List.of(r, "kill", "none", "KILL"));
            Main.run(List.of(r, "delete", "--force", "none"));
            Main.run(List.of(r, "start", "none"));
            realContainer(r, bundle.getParent());
            for (boolean rootless : new boolean[] {false, true}) {
                // The default spec asks for a terminal, which the compiler refuses until terminals are supported.
                Spec spec = SpecParser.parse(DefaultSpec.json(rootless).replace("\"terminal\": true", "\"terminal\": false"));
                Plan plan = PlanCompiler.compile(spec, new CreateRequest(bundle, bundle.getParent(),
                        root.resolve("x/exec.fifo"), false,
                        List.of(new CgroupMount("memory", "cgroup", "memory", "/sys/fs/cgroup/memory/crema/x")), false));
                PlanEncoder.encode(plan);
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

    /**
     * The commands engines call most, on a real container, when the build can run one (root, busybox-static):
     * create, state, start, kill, delete and run. Without them the cache would miss the create path's classes.
     */
    private static void realContainer(String root, Path bundle) throws IOException {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox) || !Files.readString(Path.of("/proc/self/status")).contains("\nUid:\t0\t")) {
            return;
        }
        Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.copy(busybox, bin.resolve("busybox"));
        Files.createSymbolicLink(bin.resolve("true"), Path.of("busybox"));
        Files.createSymbolicLink(bin.resolve("sleep"), Path.of("busybox"));
        String config = DefaultSpec.json(false).replace("\"terminal\": true", "\"terminal\": false");
        Files.writeString(bundle.resolve("config.json"), config.replace("\"sh\"", "\"sleep\", \"10\""));
        String b = "--bundle=" + bundle;
        Main.run(List.of(root, "create", b, "--pid-file", bundle.resolve("pid").toString(), "train"));
        Main.run(List.of(root, "state", "train"));
        Main.run(List.of(root, "start", "train"));
        Main.run(List.of(root, "state", "train"));
        Main.run(List.of(root, "exec", "train", "true"));
        Main.run(List.of(root, "list"));
        Main.run(List.of(root, "kill", "train", "KILL"));
        Main.run(List.of(root, "delete", "--force", "train"));
        Files.writeString(bundle.resolve("config.json"), config.replace("\"sh\"", "\"true\""));
        Main.run(List.of(root, "run", b, "train-run"));
        Main.run(List.of(root, "delete", "--force", "train-run"));
    }

    private static void delete(Path dir) {
        java.io.File[] children = dir.toFile().listFiles();
        if (children != null) {
            for (java.io.File child : children) {
                if (child.isDirectory()) delete(child.toPath());
                else child.delete();
            }
        }
        dir.toFile().delete();
    }
}
