package dev.crema.it;

import dev.crema.spec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The differential harness: runs one scenario (a list of command lines on one container) with runc and with
 * crema, each on its own copy of the same bundle and under its own temporary --root, and lists every way the
 * two runs differ: exit code, normalised stdout, kind of error, log levels, state after each step, and what is
 * left on the host afterwards. A scenario passes when that list is exactly what it declares: empty for "same",
 * the documented lines for an intended difference, the current lines for a known one (so a fix makes it fail
 * and the marker must be flipped).
 */
final class Differential {
    static final Path RUNC = Path.of("/usr/sbin/runc");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** The two runtimes compared; the names are how difference lines and the normaliser refer to them. */
    enum Runtime {
        RUNC, CREMA;

        String binary() {
            return this == RUNC ? Differential.RUNC.toString() : Crema.LAUNCHER.toString();
        }
    }

    /** How a step's stdout is compared. */
    enum Output {
        /** normalised text, line for line */
        TEXT,
        /** parsed as JSON: keys and value types, not values (stats, features, spec) */
        JSON_SHAPE,
        /** only whether there is any (help text is each runtime's own prose) */
        PRESENT,
        /** the first line and the number of lines (ps tables) */
        HEADER_AND_LINES,
        /** not compared (a value that is each runtime's own: the version) */
        NONE
    }

    /**
     * One command line. {@code args} may use {id}, {bundle} (this runtime's copy), {root} and {runtime}; the
     * harness puts {@code --root ROOT} and then {@code globals} (default: a JSON log file) before them.
     */
    record Step(List<String> globals, List<String> args, String stdin, Output output, boolean observe, String awaitStatus) {
        static final List<String> JSON_LOG = List.of("--log", "{log}", "--log-format", "json");
        static final String HOST = "(host)";

        /** A command on the host (sh -c), to look at what a step made: a pid file, a cgroup file. */
        static Step host(String script) {
            return new Step(List.of(), List.of(HOST, script), null, Output.TEXT, false, null);
        }

        static Step of(String... args) {
            return new Step(JSON_LOG, List.of(args), null, Output.TEXT, true, null);
        }

        /** Polls state until the status is reached (kill is asynchronous): compared is the status reached. */
        static Step await(String status) {
            return new Step(JSON_LOG, List.of("state", "{id}"), null, Output.NONE, true, status);
        }

        Step under(String... g) {
            return new Step(List.of(g), args, stdin, output, observe, awaitStatus);
        }

        Step stdin(String text) {
            return new Step(globals, args, text, output, observe, awaitStatus);
        }

        Step output(Output o) {
            return new Step(globals, args, stdin, o, observe, awaitStatus);
        }

        Step noState() {
            return new Step(globals, args, stdin, output, false, awaitStatus);
        }

        String label(int index) {
            return "step " + (index + 1) + " (" + String.join(" ", args) + ")";
        }
    }

    /** What a scenario expects of the comparison. */
    sealed interface Expectation {
        /** crema behaves as runc: no difference at all. */
        record Same() implements Expectation {}

        /** crema differs on purpose, as docs/compat.md says; the recorded lines pin crema's documented behaviour. */
        record Intended(String why) implements Expectation {}

        /** crema differs by a bug not fixed yet (issue 8); the recorded lines pin crema's current behaviour. */
        record Known(String what) implements Expectation {}
    }

    /** Files a scenario puts into the bundle before it runs ({bundle} and {id} are substituted in the text). */
    record Scenario(String name, Consumer<Bundle> config, Map<String, String> files, List<Step> steps,
                    Expectation expectation) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What one step printed and left, after normalisation. */
    record Outcome(int exit, String stdout, String errorKind, String message, Set<String> engineWords, Set<String> logLevels, String state) {}

    /** One runtime's whole run of a scenario. */
    record Run(List<Outcome> outcomes, List<String> leftovers, List<String> afterCleanup) {}

    private Differential() {}

    /**
     * Runs the scenario on both runtimes and returns the differences, one line each. In {@link Mode#SERVER} crema's
     * commands go through a `crema server` of its root, started before the first step and stopped before the root
     * is removed, so the comparison is runc against crema's server mode.
     */
    static List<String> differences(Scenario scenario, Mode mode) {
        String id = "diff-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        Run runc = run(Runtime.RUNC, scenario, id, false);
        Run crema = run(Runtime.CREMA, scenario, id, mode.server());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < scenario.steps().size(); i++) {
            Outcome r = runc.outcomes().get(i);
            Outcome c = crema.outcomes().get(i);
            String label = scenario.steps().get(i).label(i);
            if (r.exit() != c.exit()) lines.add(label + ": exit runc=" + r.exit() + " crema=" + c.exit());
            if (!r.stdout().equals(c.stdout())) {
                lines.add(label + ": stdout runc=" + quoted(r.stdout()) + " crema=" + quoted(c.stdout()));
            }
            if (!r.errorKind().equals(c.errorKind())) {
                lines.add(label + ": error runc=" + r.errorKind() + " " + quoted(r.message()) + " crema=" + c.errorKind()
                        + " " + quoted(c.message()));
            }
            if (!r.engineWords().equals(c.engineWords())) {
                lines.add(label + ": error words runc=" + r.engineWords() + " crema=" + c.engineWords());
            }
            if (!r.logLevels().equals(c.logLevels())) {
                lines.add(label + ": log levels runc=" + r.logLevels() + " crema=" + c.logLevels());
            }
            if (!r.state().equals(c.state())) lines.add(label + ": state runc=" + r.state() + " crema=" + c.state());
        }
        if (!runc.leftovers().equals(crema.leftovers())) {
            lines.add("left on the host: runc=" + runc.leftovers() + " crema=" + crema.leftovers());
        }
        // whatever the scenario did, the harness's own delete --force must leave nothing of either
        if (!runc.afterCleanup().isEmpty()) lines.add("runc: left after delete --force: " + runc.afterCleanup());
        if (!crema.afterCleanup().isEmpty()) lines.add("crema: left after delete --force: " + crema.afterCleanup());
        return lines;
    }

    private static Run run(Runtime runtime, Scenario scenario, String id, boolean server) {
        try (Bundle bundle = new Bundle()) {
            bundle.script("sleep 1000");
            if (scenario.config() != null) scenario.config().accept(bundle);
            bundle.write();
            Path root = Files.createDirectories(Path.of("/run/crema-it")).resolve(id + "-" + runtime.name().toLowerCase());
            Path log = bundle.dir.resolve("runtime.log");
            Map<String, String> vars = new LinkedHashMap<>();
            vars.put("{id}", id);
            vars.put("{bundle}", bundle.dir.toString());
            vars.put("{root}", root.toString());
            vars.put("{log}", log.toString());
            vars.put("{runtime}", runtime.binary());
            Path config = bundle.dir.resolve("config.json");
            Files.writeString(config, substitute(Files.readString(config), vars));
            for (Map.Entry<String, String> file : scenario.files().entrySet()) {
                Path target = bundle.dir.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, substitute(file.getValue(), vars));
            }
            Normaliser normaliser = new Normaliser(runtime, bundle.dir, root, id);
            List<Outcome> outcomes = new ArrayList<>();
            Set<Long> pids = new TreeSet<>();
            CremaServer cremaServer = server ? CremaServer.start(Crema.LAUNCHER, root) : null;
            try {
                for (Step step : scenario.steps()) {
                    outcomes.add(step(runtime, step, vars, root, log, id, normaliser, pids));
                }
                List<String> leftovers = leftovers(root, id, bundle.dir, pids);
                return new Run(outcomes, leftovers, cleanup(runtime, root, id, bundle.dir, pids));
            } finally {
                cleanup(runtime, root, id, bundle.dir, pids);
                try {
                    if (cremaServer != null) cremaServer.closeAndForget();
                } finally {
                    deleteTree(root);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Outcome step(Runtime runtime, Step step, Map<String, String> vars, Path root, Path log, String id,
                                Normaliser normaliser, Set<Long> pids) throws IOException {
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        Crema.Result result = step.awaitStatus() == null ? invoke(runtime, step, vars, root)
                : awaitStatus(runtime, step, vars, root, step.awaitStatus());
        String logText = Files.exists(log) ? Files.readString(log).substring((int) logStart) : "";
        String state = "-";
        if (step.observe()) {
            Crema.Result s = Crema.exec(List.of(runtime.binary(), "--root", root.toString(), "state", id), null);
            state = stateSummary(s, pids);
        }
        normaliser.pids(pids);
        String stdout = step.awaitStatus() == null ? normaliser.stdout(result.stdout(), step.output()) : "";
        // the kind of error and the words engines parse come from the error lines when there are any: warnings
        // (runc's while it cleans up cgroups it never made, say) are compared as log levels, not taken for the error
        String errors = LogLines.errorMessages(result.stderr()) + "\n" + LogLines.errorMessages(logText);
        String messages = errors.isBlank() ? result.stderr() + "\n" + LogLines.messages(logText) : errors;
        return new Outcome(result.exitCode(), stdout, ErrorKind.of(result.exitCode(), messages),
                normaliser.message(ErrorKind.lastMessage(result.stderr(), logText)),
                ErrorKind.engineWords(messages), LogLines.levels(logText), state);
    }

    private static Crema.Result invoke(Runtime runtime, Step step, Map<String, String> vars, Path root) throws IOException {
        List<String> command = new ArrayList<>();
        // every command runs in this runtime's bundle copy: relative paths (--pid-file, checkpoint's default image
        // directory, spec's config.json) land there, not in the repository
        Path cwd = Path.of(vars.get("{bundle}"));
        if (!step.args().isEmpty() && step.args().getFirst().equals(Step.HOST)) {
            return Crema.exec(List.of("sh", "-c", substitute(step.args().get(1), vars)), cwd);
        }
        command.add(runtime.binary());
        command.add("--root");
        command.add(root.toString());
        for (String g : step.globals()) command.add(substitute(g, vars));
        for (String a : step.args()) command.add(substitute(a, vars));
        if (step.stdin() == null) return Crema.exec(command, cwd);
        Path in = Files.createTempFile("crema-diff-in", ".txt");
        try {
            Files.writeString(in, substitute(step.stdin(), vars));
            return Crema.exec(command, cwd, in);
        } finally {
            Files.deleteIfExists(in);
        }
    }

    private static Crema.Result awaitStatus(Runtime runtime, Step step, Map<String, String> vars, Path root, String status)
            throws IOException {
        Crema.Result last = null;
        for (int i = 0; i < 500; i++) {
            last = invoke(runtime, step, vars, root);
            if (last.exitCode() != 0 || last.stdout().contains("\"status\": \"" + status + "\"")
                    || last.stdout().contains("\"status\":\"" + status + "\"")) {
                return last;
            }
            sleep(10);
        }
        return last;
    }

    /** The state after a step: its status and which fields it has, or that there is none. */
    @SuppressWarnings("unchecked")
    static String stateSummary(Crema.Result state, Set<Long> pids) {
        if (state.exitCode() != 0) return "absent";
        Map<String, Object> json = (Map<String, Object>) Json.parse(state.stdout());
        if (json.get("pid") instanceof Number n && n.longValue() > 0) pids.add(n.longValue());
        return json.get("status") + " " + new TreeSet<>(json.keySet());
    }

    /**
     * What the container left on the host: its state dir, cgroups named after it, mounts under its bundle, and
     * processes still alive among those that were its pids, or in a cgroup named after it.
     */
    static List<String> leftovers(Path root, String id, Path bundle, Set<Long> pids) {
        List<String> left = new ArrayList<>();
        if (Files.exists(root.resolve(id))) left.add("state dir");
        if (cgroupNamed(Path.of("/sys/fs/cgroup"), id, 5)) left.add("cgroup");
        for (String mount : HostSnapshot.mountPoints()) {
            if (mount.startsWith(bundle.toString())) left.add("mount " + mount.substring(bundle.toString().length()));
        }
        int alive = 0;
        for (long pid : pids) {
            if (alive(pid)) alive++;
        }
        if (alive > 0) left.add(alive + " process(es)");
        return left;
    }

    /** Whether a cgroup directory of this name exists down to {@code depth}; directories may vanish as we walk. */
    private static boolean cgroupNamed(Path dir, String name, int depth) {
        if (depth == 0) return false;
        try (var entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : entries) {
                if (child.getFileName().toString().equals(name) || cgroupNamed(child, name, depth - 1)) return true;
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // gone while we looked: not there
        }
        return false;
    }

    /** The name a scenario gives the parent of its cgroupsPath, followed by the container id. */
    static final String PARENT_CGROUP_PREFIX = "parent-of-";

    /** rmdir every (empty) cgroup directory of this name down to {@code depth}, in every hierarchy. */
    private static void removeCgroupsNamed(Path dir, String name, int depth) {
        if (depth == 0) return;
        try (var entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : entries) {
                if (!child.getFileName().toString().equals(name)) removeCgroupsNamed(child, name, depth - 1);
                else deleteQuietly(child);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // gone while we looked
        }
    }

    private static void deleteQuietly(Path cgroup) {
        try {
            Files.deleteIfExists(cgroup);
        } catch (IOException e) {
            // not empty (a process is still in it): the leftovers check reports what stays
        }
    }

    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** delete --force, then what is still left (empty when clean); kills any process that survived. */
    private static List<String> cleanup(Runtime runtime, Path root, String id, Path bundle, Set<Long> pids) {
        Crema.exec(List.of(runtime.binary(), "--root", root.toString(), "delete", "--force", id), null);
        // a scenario may name its own ids (id syntax): every container under the root goes
        try (var others = Files.newDirectoryStream(root)) {
            for (Path other : others) {
                if (other.getFileName().toString().equals("server.sock")) continue;
                Crema.exec(List.of(runtime.binary(), "--root", root.toString(), "delete", "--force",
                        other.getFileName().toString()), null);
            }
        } catch (IOException e) {
            // no root: nothing was created
        }
        // both runtimes leave the parents of a cgroupsPath (runc removes only the leaf); a scenario's parents are
        // named parent-of-<id>, and the harness removes them so that no run leaves a cgroup on the host
        removeCgroupsNamed(Path.of("/sys/fs/cgroup"), PARENT_CGROUP_PREFIX + id, 5);
        List<String> left = leftovers(root, id, bundle, pids);
        for (int i = 0; i < 100 && !left.isEmpty(); i++) {
            sleep(20);
            left = leftovers(root, id, bundle, pids);
        }
        for (long pid : pids) {
            if (alive(pid)) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        return left;
    }

    static String substitute(String text, Map<String, String> vars) {
        String out = text;
        for (Map.Entry<String, String> v : vars.entrySet()) out = out.replace(v.getKey(), v.getValue());
        return out;
    }

    private static String quoted(String s) {
        String one = s.replace("\n", "\\n");
        return "\"" + (one.length() > 300 ? one.substring(0, 300) + "..." : one) + "\"";
    }

    private static void deleteTree(Path dir) {
        Crema.exec(List.of("rm", "-rf", dir.toString()), null);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The normaliser: the only values allowed to differ, each legitimately each runtime's own. Kept small and
     * explicit (docs/differential.md lists these rules):
     * <ol>
     *   <li>paths of this runtime's bundle copy and --root become {bundle}, {root};</li>
     *   <li>the runtime's own name and path become {runtime} (runc, crema, /usr/sbin/runc, .../bin/crema);</li>
     *   <li>container pids (those seen in state) become {pid}; RFC 3339 timestamps become {time};</li>
     *   <li>runs of spaces become one (table columns are as wide as the paths, which differ in length);</li>
     *   <li>runc's "Incorrect Usage" help text on stdout after a usage error is dropped: crema writes only the
     *       one-line error (docs/compat.md, "Differences on purpose").</li>
     * </ol>
     */
    static final class Normaliser {
        private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)");
        private static final Pattern OCI_VERSION = Pattern.compile("\"ociVersion\": ?\"[^\"]*\"");
        private static final Pattern RUNTIME_WORD = Pattern.compile("\\b(runc|crema)\\b");
        private final Runtime runtime;
        private final Path bundle;
        private final Path root;
        private final Set<Long> pids = new TreeSet<>();

        private final String id;

        Normaliser(Runtime runtime, Path bundle, Path root, String id) {
            this.runtime = runtime;
            this.id = id;
            this.bundle = bundle;
            this.root = root;
        }

        void pids(Set<Long> seen) {
            pids.addAll(seen);
        }

        String stdout(String raw, Output output) {
            String text = raw;
            if (runtime == Runtime.RUNC && text.startsWith("Incorrect Usage")) text = "";
            switch (output) {
                case NONE:
                    return "";
                case PRESENT:
                    return text.isBlank() ? "(none)" : "(some)";
                case JSON_SHAPE:
                    try {
                        return shape(Json.parse(text), 0);
                    } catch (RuntimeException e) {
                        return "not JSON: " + text(text);
                    }
                case HEADER_AND_LINES:
                    List<String> lines = text.lines().toList();
                    return lines.isEmpty() ? "" : text(lines.getFirst()) + " + " + (lines.size() - 1) + " line(s)";
                default:
                    return text(text);
            }
        }

        String text(String raw) {
            String text = raw.replace(bundle.toString(), "{bundle}").replace(root.toString(), "{root}")
                    .replace(runtime.binary(), "{runtime}");
            text = text.replace(id, "{id}");
            text = RUNTIME_WORD.matcher(text).replaceAll("{runtime}");
            text = OCI_VERSION.matcher(text).replaceAll("\"ociVersion\": \"{ociVersion}\"");
            text = TIME.matcher(text).replaceAll("{time}");
            for (long pid : pids) text = text.replaceAll("\\b" + pid + "\\b", "{pid}");
            return text.replaceAll(" {2,}", " ").replaceAll(" +\n", "\n");
        }

        /**
         * An error message as shown beside its kind: numbers become N, since usages, sizes and exit statuses in
         * messages vary from run to run (the kind and the engine words are compared exactly).
         */
        String message(String raw) {
            return text(raw).replaceAll("\\d+", "N");
        }

        /** Keys and value types of a JSON value, two levels deep: what a consumer depends on, not the values. */
        @SuppressWarnings("unchecked")
        static String shape(Object value, int depth) {
            if (value instanceof Map<?, ?> map) {
                if (depth >= 2) return "{...}";
                StringBuilder out = new StringBuilder("{");
                for (String key : new TreeSet<>((Set<String>) map.keySet())) {
                    out.append(out.length() > 1 ? ", " : "").append(key).append(": ").append(shape(map.get(key), depth + 1));
                }
                return out.append('}').toString();
            }
            if (value instanceof List<?> list) return list.isEmpty() ? "[]" : "[" + shape(list.getFirst(), depth + 1) + "]";
            if (value instanceof String) return "string";
            if (value instanceof Number) return "number";
            if (value instanceof Boolean) return "boolean";
            return "null";
        }
    }

    /** Log lines of either format: logrus text (level=error msg="...") or JSON ({"level":..., "msg":...}). */
    static final class LogLines {
        private static final Pattern TEXT_LEVEL = Pattern.compile("level=(\\w+)");
        private static final Pattern TEXT_MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

        @SuppressWarnings("unchecked")
        static Set<String> levels(String log) {
            Set<String> levels = new TreeSet<>();
            for (String line : log.lines().toList()) {
                if (line.startsWith("{")) {
                    try {
                        levels.add(String.valueOf(((Map<String, Object>) Json.parse(line)).get("level")));
                    } catch (RuntimeException e) {
                        levels.add("not JSON");
                    }
                } else {
                    Matcher m = TEXT_LEVEL.matcher(line);
                    if (m.find()) levels.add(m.group(1));
                    else if (!line.isBlank()) levels.add("unformatted");
                }
            }
            return levels;
        }

        /** The messages of the lines at level error, fatal or panic, and of the lines that have no level. */
        @SuppressWarnings("unchecked")
        static String errorMessages(String text) {
            StringBuilder out = new StringBuilder();
            for (String line : text.lines().toList()) {
                String level = null;
                String message = line;
                if (line.startsWith("{")) {
                    try {
                        Map<String, Object> json = (Map<String, Object>) Json.parse(line);
                        level = String.valueOf(json.get("level"));
                        message = String.valueOf(json.get("msg"));
                    } catch (RuntimeException e) {
                        // not JSON: kept as it is
                    }
                } else if (line.startsWith("warning: ")) {
                    level = "warning"; // crema's stderr line for a warning it also logs
                } else {
                    Matcher l = TEXT_LEVEL.matcher(line);
                    Matcher m = TEXT_MSG.matcher(line);
                    if (l.find() && m.find()) {
                        level = l.group(1);
                        message = m.group(1);
                    }
                }
                if (level == null || level.equals("error") || level.equals("fatal") || level.equals("panic")) {
                    out.append(message).append('\n');
                }
            }
            return out.toString();
        }

        /**
         * The messages of the log's lines, but its debug lines': what --debug says (runc's init steps, crema's
         * plan and phase times) is no error, and its words must not decide the kind of one.
         */
        @SuppressWarnings("unchecked")
        static String messages(String log) {
            StringBuilder out = new StringBuilder();
            for (String line : log.lines().toList()) {
                if (line.startsWith("{")) {
                    try {
                        Map<String, Object> entry = (Map<String, Object>) Json.parse(line);
                        if (!"debug".equals(entry.get("level"))) out.append(entry.get("msg")).append('\n');
                    } catch (RuntimeException e) {
                        out.append(line).append('\n');
                    }
                } else {
                    Matcher level = TEXT_LEVEL.matcher(line);
                    if (level.find() && level.group(1).equals("debug")) continue;
                    Matcher m = TEXT_MSG.matcher(line);
                    out.append(m.find() ? m.group(1) : line).append('\n');
                }
            }
            return out.toString();
        }
    }

    /**
     * The kind of an error, from the words of the messages (stderr and log), so that two runtimes' different
     * sentences for the same failure compare equal. First match wins; "none" when the command succeeded.
     */
    static final class ErrorKind {
        private static final String[][] KINDS = {
                {"usage", "(?i)incorrect usage|requires (exactly|a minimum of|a maximum of) \\d+ argument|flag provided but not defined"
                        + "|flag needs an argument|cannot be empty|expected (1|at most 2) argument|no help topic|is not a \\S+ command"
                        + "|invalid boolean value|cannot use two forms of the same flag"},
                {"bad flag value", "(?i)invalid value \".*\" for flag|^--[a-z-]+( \\S+)?: (invalid|expected|not a number)|parsing .* as int"
                        + "|invalid value for [a-z-]+: "
                        + "|invalid format|invalid manage cgroups mode"},
                {"bad signal", "(?i)unknown signal|invalid signal"},
                {"invalid id", "(?i)invalid container id"},
                {"container not found", "(?i)container does not exist"},
                {"already exists", "(?i)already exists|exists\\. remove it first"},
                {"wrong state", "(?i)not running|cannot start a|cannot delete|already running|is paused|not paused"
                        + "|cannot be checkpointed in|container not (created|running|paused)|is stopped"},
                {"security label", "(?i)apparmor|selinux|\\bcontext=\""},
                {"hook", "(?i)\\bhook"},
                {"bad config", "(?i)cannot unmarshal|malformed spec|must be specified|: required|: expected (an?|true)|unknown value"
                        + "|unknown architecture|duplicate|not a valid|invalid environment variable|wrong rlimit value"
                        + "|unexpected end of input|unexpected eof|failed: eof$|must not be empty|must be an absolute path"
                        + "|is not supported|needs a new|only valid with|without a private|invalid device access"},
                {"cgroup", "(?i)cgroup"},
                {"executable not found", "(?i)executable file not found"},
                {"permission denied", "(?i)permission denied|EACCES|EPERM|operation not permitted"},
                {"not a directory", "(?i)not a directory|ENOTDIR"},
                {"no such file", "(?i)no such file|ENOENT|does not exist|not found"},
                {"invalid argument", "(?i)invalid argument|EINVAL"},
        };
        static final String[] ENGINE_WORDS = {"permission denied", "no such file or directory", "executable file not found",
                "does not exist", "already exists"};

        static String of(int exit, String messages) {
            if (exit == 0 && messages.isBlank()) return "none";
            for (String[] kind : KINDS) {
                if (Pattern.compile(kind[1], Pattern.MULTILINE).matcher(messages).find()) return kind[0];
            }
            return messages.isBlank() ? "silent" : "other";
        }

        /** The error as the user sees it: the last error line of the log, else the last line of stderr. */
        static String lastMessage(String stderr, String log) {
            List<String> lines = LogLines.messages(log).lines().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) lines = stderr.lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.getLast();
        }

        static Set<String> engineWords(String messages) {
            Set<String> found = new TreeSet<>();
            String lower = messages.toLowerCase();
            for (String word : ENGINE_WORDS) {
                if (lower.contains(word)) found.add(word);
            }
            return found;
        }
    }
}
