package dev.crema.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs bin/crema (the real launcher) with a state root of the test's own, and collects what it printed. */
final class Crema {
    static final Path REPO = Path.of(System.getProperty("crema.repo", ".")).toAbsolutePath().normalize();
    static final Path LAUNCHER = REPO.resolve("bin/crema");

    record Result(int exitCode, String stdout, String stderr) {
        Result ok() {
            if (exitCode != 0) throw new AssertionError("exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
            return this;
        }

        Result failed() {
            if (exitCode == 0) throw new AssertionError("expected a failure\nstdout: " + stdout + "\nstderr: " + stderr);
            return this;
        }
    }

    private final Path root;

    Crema(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Result run(String... args) {
        return exec(commandLine(args), null, null);
    }

    /** crema with this text as its stdin. */
    Result runWithInput(String input, String... args) {
        try {
            Path in = Files.createTempFile("crema-it-in", ".txt");
            try {
                Files.writeString(in, input);
                return exec(commandLine(args), null, in);
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The launcher with our --root and these arguments. */
    List<String> commandLine(String... args) {
        return commandLine(LAUNCHER, args);
    }

    /**
     * The command line through the JVM launcher itself, not the native client that execs it: for tests of the JVM
     * controller's own syscalls under ptrace (FaultsIT), where the client's exec is not what is tested.
     */
    List<String> jvmCommandLine(String... args) {
        return commandLine(LAUNCHER.resolveSibling("crema-jvm"), args);
    }

    private List<String> commandLine(Path launcher, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.add("--root");
        command.add(root.toString());
        command.addAll(List.of(args));
        return command;
    }

    /** Starts a crema command in the background, for streams such as events: stdout and stderr in one pipe. */
    Process start(String... args) {
        try {
            return new ProcessBuilder(commandLine(args)).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs any program (runc, for comparisons) the same way. */
    static Result exec(List<String> command, Path dir) {
        return exec(command, dir, null);
    }

    /** ... with stdin from {@code input} (/dev/null when null). */
    static Result exec(List<String> command, Path dir, Path input) {
        return exec(command, dir, input, null);
    }

    /** ... with exactly the environment {@code env} (the test JVM's when null). */
    static Result exec(List<String> command, Path dir, Path input, java.util.Map<String, String> env) {
        try {
            Path out = Files.createTempFile("crema-it-out", ".txt");
            Path err = Files.createTempFile("crema-it-err", ".txt");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(input == null ? new java.io.File("/dev/null") : input.toFile()));
                if (dir != null) pb.directory(dir.toFile());
                if (env != null) {
                    pb.environment().clear();
                    pb.environment().putAll(env);
                }
                Process p = pb.start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out: " + command);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
