package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.it.Differential.Expectation;
import dev.crema.it.Differential.Output;
import dev.crema.it.Differential.Scenario;
import dev.crema.it.Differential.Step;
import dev.crema.spec.Json;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The differential suite (issue 8): every runc 1.1.5 command and flag, and every error path we can reach, run
 * with runc and with crema on copies of the same bundle, compared by {@link Differential}. Scenarios are rows
 * of tables; each says whether crema is the same as runc, differs on purpose ({@code intendedDifference}, see
 * docs/compat.md) or differs by a bug not fixed yet ({@code knownDifference}, issue 8). docs/differential.md
 * explains how to add one.
 */
@Tag("differential")
class DifferentialIT {
    /** Scenarios run two at a time: each has its own ids, roots and bundles, and checks only what is its own. */
    private static final int PARALLEL = 4;

    private final List<Scenario> scenarios = new ArrayList<>();

    /** The differences recorded for the scenarios marked known or intended: scenario name, then its lines. */
    static final String GOLDEN_FILE = "src/test/resources/differential/differences.txt";
    private static final Map<String, List<String>> GOLDEN = Golden.read(Crema.REPO.resolve(GOLDEN_FILE));

    /** A marker: the scenarios whose names match may differ from runc, for this reason. */
    record Marker(java.util.regex.Pattern names, Expectation expectation) {}

    private final List<Marker> markers = new ArrayList<>();

    /** How crema's commands reach it: without a server here, through one in {@link DifferentialServerIT}. */
    protected Mode mode() {
        return Mode.PLAIN;
    }

    @TestFactory
    Stream<DynamicTest> cremaBehavesAsRunc() throws Exception {
        assertTrue(Files.isExecutable(Differential.RUNC), "runc 1.1.5 is needed at " + Differential.RUNC + " (./test installs it)");
        assertTrue(Files.isExecutable(Crema.LAUNCHER), "bin/crema is built by ./build");
        differences();
        tables();
        long known = scenarios.stream().filter(s -> s.expectation() instanceof Expectation.Known).count();
        long intended = scenarios.stream().filter(s -> s.expectation() instanceof Expectation.Intended).count();
        System.out.println("differential (" + mode().effective() + "): " + scenarios.size() + " scenarios, "
                + (scenarios.size() - known - intended) + " the same as runc, " + intended + " intended differences, " + known + " known differences");
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        List<Future<List<String>>> results = new ArrayList<>();
        for (Scenario s : scenarios) results.add(pool.submit(() -> Differential.differences(s, mode())));
        pool.shutdown();
        String record = System.getenv("DIFFERENTIAL_RECORD");
        if (record != null) Golden.write(java.nio.file.Path.of(record), scenarios, results);
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("every difference marker names a scenario", this::everyMarkerIsUsed));
        tests.add(DynamicTest.dynamicTest("every recorded difference belongs to a marked scenario", this::everyRecordIsMarked));
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            Future<List<String>> result = results.get(i);
            tests.add(DynamicTest.dynamicTest(s.name(), () -> check(s, result.get())));
        }
        return tests.stream();
    }

    private void everyMarkerIsUsed() {
        List<String> unused = new ArrayList<>();
        for (Marker m : markers) {
            if (scenarios.stream().noneMatch(s -> m.names().matcher(s.name()).matches())) unused.add(m.names().pattern());
        }
        assertEquals(List.of(), unused, "markers that match no scenario");
    }

    private void everyRecordIsMarked() {
        List<String> unmarked = new ArrayList<>();
        for (String name : GOLDEN.keySet()) {
            Scenario s = scenarios.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            if (s == null || s.expectation() instanceof Expectation.Same) unmarked.add(name);
        }
        assertEquals(List.of(), unmarked, "recorded in " + GOLDEN_FILE + " but not marked known or intended");
    }

    /** The marker of a scenario's name: known, intended, or none (the same as runc). At most one may match. */
    private Expectation expectationOf(String name) {
        Expectation found = new Expectation.Same();
        int matches = 0;
        for (Marker m : markers) {
            if (m.names().matcher(name).matches()) {
                found = m.expectation();
                matches++;
            }
        }
        if (matches > 1) throw new AssertionError("scenario \"" + name + "\" matches " + matches + " difference markers");
        return found;
    }

    /** crema differs from runc on purpose for these scenarios (regexes over names): {@code why} points into docs/compat.md. */
    private void intendedDifference(String why, String... names) {
        for (String n : names) markers.add(new Marker(java.util.regex.Pattern.compile(n), new Expectation.Intended(why)));
    }

    /** crema differs from runc by a bug not fixed yet (issue 8) for these scenarios (regexes over names). */
    private void knownDifference(String what, String... names) {
        for (String n : names) markers.add(new Marker(java.util.regex.Pattern.compile(n), new Expectation.Known(what)));
    }

    /** Every scenario where crema may differ from runc, by name, with the reason. The lines are in GOLDEN_FILE. */
    private void differences() {
        // --- on purpose (docs/compat.md, "Differences on purpose")
        intendedDifference("crema's features document lists what crema applies, see docs/compat.md#differences-on-purpose",
                "features");
        intendedDifference("runc (urfave/cli) refuses a flag given in both its forms; crema takes both, see docs/compat.md#differences-on-purpose",
                "exec mixing -e and --env");
        intendedDifference("a negative --preserve-fds is refused (runc takes it), see docs/compat.md#differences-on-purpose",
                "create --preserve-fds -1", "run -d --preserve-fds -1");
        intendedDifference("only fds the caller passed reach the container: runc 1.1.5 fills a number the caller left closed"
                + " within --preserve-fds with its own O_PATH fd of /sys/fs/cgroup (the fd CVE-2024-21626 went through),"
                + " see docs/compat.md#differences-on-purpose", "run --preserve-fds 1 \\(fd 3 is not open\\)");
        intendedDifference("runc 1.1.5 panics on a config.json of null (exit 2); crema refuses it, see docs/compat.md#differences-on-purpose",
                "config.json is null");
        intendedDifference("a failing poststart or poststop hook is a warning and the lifecycle goes on, as the runtime-spec says"
                + " (runc 1.1.5 kills the container and fails run, or logs an error), see docs/compat.md#differences-on-purpose",
                "runs: poststart hook fails \\(a warning\\)", "runs: poststop hook fails \\(a warning\\)");
        intendedDifference("a config without ociVersion or process.user is refused (the runtime-spec requires both; runc 1.1.5 runs it),"
                + " see docs/compat.md#differences-on-purpose", "config: (ociVersion missing|process.user missing)");

        // --- configs runc 1.1.5 runs and crema refuses, where running them would break a MUST of the runtime-spec
        intendedDifference("duplicated rlimits are refused: the runtime-spec says the runtime MUST generate an error"
                + " (runc 1.1.5 applies each in turn, the last one wins), see docs/compat.md#differences-on-purpose",
                "config: process.rlimits duplicated");
        intendedDifference("a value outside the runtime-spec's valid values is refused (\"Runtimes MUST generate an error when"
                + " invalid or unsupported values are encountered\"): runc 1.1.5 predates ioPriority, scheduler and"
                + " personality and ignores them (runc 1.2 refuses these values), and takes any device access on cgroup v1"
                + " (on cgroup v2 runc refuses it), see docs/compat.md#differences-on-purpose",
                "config: (process.ioPriority bad class|process.scheduler bad policy|personality bad domain"
                        + "|device rule with a bad access)");
        intendedDifference("a field that needs a namespace the config does not create is refused, as runc 1.2 refuses it"
                + " (runc 1.1.5 ignores domainname, uid mappings and timeOffsets: the container would run as the host's root"
                + " without the mapping asked for), see docs/compat.md#differences-on-purpose",
                "config: (domainname without a UTS namespace|uid mappings without a user namespace"
                        + "|timeOffsets without a time namespace)");
        intendedDifference("intelRdt on a host without resctrl is refused: the runtime-spec says the runtime MUST generate an"
                + " error (runc ignores it when only closID is set), see docs/compat.md#differences-on-purpose",
                "config: intelRdt on a host without resctrl");
        // --- both refuse, differently on purpose
        intendedDifference("a mount without destination is refused naming the field, which the runtime-spec requires (runc 1.1.5"
                + " mounts it over the rootfs itself and fails later, /proc gone), see docs/compat.md#differences-on-purpose",
                "config: mount without destination");
        intendedDifference("runc 1.1.5 also logs its C init's failure at level fatal, and warnings while it removes cgroups it"
                + " never made; crema logs the one error, naming the field, see docs/compat.md#differences-on-purpose",
                "config: (namespace path missing|namespace path of another type|cpuset cpus out of range"
                        + "|process.oomScoreAdj out of range)");
    }

    private static void check(Scenario s, List<String> found) throws java.io.IOException {
        String report = "\n" + String.join("\n", found);
        String dump = System.getenv("DIFFERENTIAL_DUMP");
        if (dump != null) {
            synchronized (DifferentialIT.class) {
                Files.writeString(java.nio.file.Path.of(dump), "### " + s.name() + " [" + s.expectation().getClass().getSimpleName()
                        + "]" + report + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        }
        switch (s.expectation()) {
            case Expectation.Same same -> assertEquals(List.of(), found, "crema differs from runc:" + report);
            case Expectation.Intended i when GOLDEN.get(s.name()) == null -> throw new AssertionError(
                    "intended difference (" + i.why() + ") has no recorded lines in " + GOLDEN_FILE + ":" + report);
            case Expectation.Known k when GOLDEN.get(s.name()) == null -> throw new AssertionError(
                    "known difference (" + k.what() + ") has no recorded lines in " + GOLDEN_FILE + ":" + report);
            case Expectation.Intended i -> assertEquals(GOLDEN.get(s.name()), found,
                    "intended difference (" + i.why() + ") is not as recorded in " + GOLDEN_FILE + ":" + report);
            case Expectation.Known k -> assertEquals(GOLDEN.get(s.name()), found,
                    "known difference (" + k.what() + ") changed: if it is fixed, take the scenario out of differences() and its lines"
                            + " out of " + GOLDEN_FILE + "; else record the new lines:" + report);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The tables

    private static final String[] CONTAINER_COMMANDS = {"start", "state", "kill", "delete", "pause", "resume", "ps",
            "exec", "update", "events", "checkpoint"};
    private static final String[] ALL_COMMANDS = {"checkpoint", "create", "delete", "events", "exec", "kill", "list",
            "pause", "ps", "restore", "resume", "run", "spec", "start", "state", "update", "features"};

    private void tables() {
        globalFlags();
        perCommandArgumentHandling();
        lifecycle();
        wrongStates();
        createAndRunFlags();
        badConfigs();
        configsThatRun();
        killSignals();
        execFlags();
        updateFlags();
        psListEvents();
        specAndFeatures();
        checkpointRestore();
    }

    private void globalFlags() {
        scenario("no arguments").steps(Step.of().output(Output.PRESENT).noState()).add();
        scenario("--version").steps(Step.of("--version").output(Output.NONE).noState()).add();
        scenario("-v").steps(Step.of("-v").output(Output.NONE).noState()).add();
        scenario("--help").steps(Step.of("--help").output(Output.PRESENT).noState()).add();
        scenario("-h").steps(Step.of("-h").output(Output.PRESENT).noState()).add();
        scenario("help command").steps(Step.of("help").output(Output.PRESENT).noState()).add();
        scenario("unknown command").step("no-such-command").add();
        scenario("unknown global flag").step("--no-such-flag", "list").add();
        scenario("--log-format text writes logrus lines").steps(Step.of("state", "{id}")
                .under("--log", "{log}", "--log-format", "text")).add();
        scenario("--log-format json on stderr without --log").steps(Step.of("state", "{id}")
                .under("--log-format", "json")).add();
        scenario("--log-format bogus").steps(Step.of("list").under("--log-format", "bogus")).add();
        scenario("--log without a value").steps(Step.of("--log").under()).add();
        scenario("--log-format=json (with =)").steps(Step.of("state", "{id}").under("--log={log}", "--log-format=json")).add();
        scenario("--debug on an error").steps(Step.of("state", "{id}").under("--debug", "--log", "{log}", "--log-format", "json")).add();
        scenario("--debug run").steps(Step.of("run", "--bundle", "{bundle}", "{id}")
                .under("--debug", "--log", "{log}", "--log-format", "json")).config(script("echo hi")).add();
        scenario("--systemd-cgroup create").steps(Step.of("create", "--bundle", "{bundle}", "{id}")
                .under("--systemd-cgroup", "--log", "{log}", "--log-format", "json")).add();
        for (String v : new String[] {"true", "false", "auto"}) {
            scenario("--rootless " + v + " run").config(script("echo rootless")).steps(Step.of("run", "--bundle", "{bundle}", "{id}")
                    .under("--rootless", v, "--log", "{log}", "--log-format", "json")).add();
        }
        scenario("--rootless bogus").steps(Step.of("list").under("--rootless", "bogus")).add();
        scenario("--criu path with list").steps(Step.of("list").under("--criu", "/no/such/criu")).add();
        scenario("--root relative path").steps(Step.of("list").under("--root", "relative-root-that-is-not-there")).add();
    }

    private void perCommandArgumentHandling() {
        for (String command : ALL_COMMANDS) {
            scenario(command + " --help").steps(Step.of(command, "--help").output(Output.PRESENT).noState()).add();
            scenario(command + " -h").steps(Step.of(command, "-h").output(Output.PRESENT).noState()).add();
            scenario(command + " with an unknown flag").steps(Step.of(command, "--no-such-flag", "{id}").noState()).add();
        }
        for (String command : new String[] {"create", "run", "start", "state", "kill", "delete", "pause", "resume", "ps",
                "exec", "update", "events", "checkpoint", "restore"}) {
            scenario(command + " without a container id").steps(Step.of(command).noState()).add();
        }
        for (String command : CONTAINER_COMMANDS) {
            List<String> args = new ArrayList<>(List.of(command, "{id}"));
            if (command.equals("exec")) args.add("true");
            scenario(command + " of an unknown container").steps(Step.of(args.toArray(String[]::new))).add();
        }
        for (String command : new String[] {"start", "state", "delete", "pause", "resume", "events", "create"}) {
            scenario(command + " with two container ids").steps(Step.of(command, "{id}", "other")).add();
        }
        scenario("delete --force of an unknown container").step("delete", "--force", "{id}").add();
        scenario("delete -f of an unknown container").step("delete", "-f", "{id}").add();
        for (String id : new String[] {"bad/id", "..", "a b", "-dash", ".hidden", "x".repeat(1025), "ok:colon", "ok_under.dot-dash+plus"}) {
            scenario("create with id \"" + (id.length() > 100 ? id.length() + " x" : id) + "\"")
                    .steps(Step.of("create", "--bundle", "{bundle}", id).noState()).add();
        }
    }

    private void lifecycle() {
        scenario("create, start, kill, delete").create().step("start", "{id}")
                .steps(Step.of("kill", "{id}", "KILL").noState(), Step.await("stopped")).step("delete", "{id}").add();
        scenario("run --detach then delete --force").step("run", "--detach", "--bundle", "{bundle}", "{id}")
                .step("delete", "--force", "{id}").add();
        scenario("run -d then kill and delete").step("run", "-d", "--bundle", "{bundle}", "{id}")
                .steps(Step.of("kill", "{id}", "9").noState(), Step.await("stopped")).step("delete", "{id}").add();
        scenario("run in the foreground: output and exit 0").config(script("echo hello; echo to-stderr >&2"))
                .step("run", "--bundle", "{bundle}", "{id}").add();
        scenario("run in the foreground: exit code 3").config(script("exit 3")).step("run", "--bundle", "{bundle}", "{id}").add();
        scenario("run in the foreground: killed by a signal").config(script("kill -9 $$"))
                .step("run", "--bundle", "{bundle}", "{id}").add();
        scenario("run --keep leaves a stopped container").config(script("true"))
                .step("run", "--keep", "--bundle", "{bundle}", "{id}").step("delete", "{id}").add();
        scenario("a process that exits by itself is stopped").config(script("true")).create()
                .steps(Step.of("start", "{id}").noState(), Step.await("stopped")).step("delete", "{id}").add();
        scenario("create twice with one id").create().step("create", "--bundle", "{bundle}", "{id}").add();
        scenario("run with the id of a created container").create().step("run", "--bundle", "{bundle}", "{id}").add();
        scenario("create --pid-file").step("create", "--pid-file", "{bundle}/pid", "--bundle", "{bundle}", "{id}")
                .steps(Step.host("cat {bundle}/pid")).add();
        scenario("create --pid-file relative to the bundle").steps(Step.of("create", "--pid-file", "pid.txt", "-b", "{bundle}", "{id}"),
                Step.host("test -e {bundle}/pid.txt && echo in-bundle || echo elsewhere")).add();
        scenario("create --pid-file in a missing directory").step("create", "--pid-file", "/no/such/dir/pid", "--bundle", "{bundle}", "{id}").add();
        scenario("run -d --pid-file").step("run", "-d", "--pid-file", "{bundle}/pid", "--bundle", "{bundle}", "{id}")
                .steps(Step.host("cat {bundle}/pid")).add();
        scenario("bundle given as -b").step("create", "-b", "{bundle}", "{id}").add();
        scenario("bundle given as --bundle=").step("create", "--bundle={bundle}", "{id}").add();
        scenario("bundle given as -bundle").step("create", "-bundle", "{bundle}", "{id}").add();
        scenario("missing bundle directory").step("create", "--bundle", "/no/such/bundle", "{id}").add();
        scenario("bundle is a file").file("afile", "x").step("create", "--bundle", "{bundle}/afile", "{id}").add();
        scenario("container id after the flags end (--)").step("create", "--bundle", "{bundle}", "--", "{id}").add();
        scenario("state of a created container").create().step("state", "{id}").add();
        scenario("state of a running container").create().step("start", "{id}").steps(Step.of("state", "{id}").output(Output.JSON_SHAPE)).add();
        scenario("delete of a created container").create().step("delete", "{id}").add();
        scenario("kill of a created container then delete").create()
                .steps(Step.of("kill", "{id}", "KILL").noState(), Step.await("stopped")).step("delete", "{id}").add();
        scenario("pause and resume").create().step("start", "{id}").step("pause", "{id}").step("resume", "{id}").add();
        scenario("paused container: delete --force").create().step("start", "{id}").step("pause", "{id}")
                .step("delete", "--force", "{id}").add();
        scenario("paused container: kill KILL").create().step("start", "{id}").step("pause", "{id}")
                .steps(Step.of("kill", "{id}", "KILL").noState(), Step.await("stopped")).add();
        scenario("created container: delete --force").create().step("delete", "--force", "{id}").add();
        scenario("annotations are in the state").config(set("annotations", "{\"org.example.key\": \"value\"}"))
                .create().steps(Step.of("state", "{id}").output(Output.TEXT)).add();
    }

    /** Every command in every state it is not meant for (and the ones it is). */
    private void wrongStates() {
        String[][] commands = {
                {"start", "{id}"}, {"pause", "{id}"}, {"resume", "{id}"}, {"kill", "{id}"}, {"kill", "{id}", "0"},
                {"delete", "{id}"}, {"ps", "{id}"}, {"exec", "{id}", "true"}, {"exec", "-d", "{id}", "true"},
                {"update", "--pids-limit", "50", "{id}"}, {"events", "--stats", "{id}"}, {"list", "-q"},
                {"checkpoint", "{id}"},
        };
        for (String state : new String[] {"created", "running", "paused", "stopped"}) {
            for (String[] command : commands) {
                Builder b = scenario(String.join(" ", command).replace(" {id}", "") + " of a " + state + " container");
                into(b, state);
                Step step = Step.of(command);
                if (command[0].equals("events") || command[0].equals("ps")) step = step.output(Output.HEADER_AND_LINES);
                if (command[0].equals("events")) step = step.output(Output.JSON_SHAPE);
                if (command.length == 2 && command[0].equals("kill") && state.equals("created")) {
                    // TERM ends a created container's init, but not before kill returns: the state right after it
                    // raced (runc's was once still "created" on a loaded host), so wait for it to settle
                    b.steps(step.noState(), Step.await("stopped")).add();
                    continue;
                }
                b.steps(step).add();
            }
        }
    }

    /** Brings a scenario's container into a state: created, running, paused or stopped. */
    private static void into(Builder b, String state) {
        switch (state) {
            case "created" -> b.create();
            case "running" -> b.create().step("start", "{id}");
            case "paused" -> b.create().step("start", "{id}").step("pause", "{id}");
            default -> b.config(script("true")).create().steps(Step.of("start", "{id}").noState(), Step.await("stopped"));
        }
    }

    private void createAndRunFlags() {
        for (String command : new String[] {"create", "run -d"}) {
            String[] words = command.split(" ");
            scenario(command + " --no-pivot").steps(Step.of(concat(words, "--no-pivot", "--bundle", "{bundle}", "{id}"))).add();
            scenario(command + " --no-new-keyring").steps(Step.of(concat(words, "--no-new-keyring", "--bundle", "{bundle}", "{id}"))).add();
            scenario(command + " --preserve-fds 0").steps(Step.of(concat(words, "--preserve-fds", "0", "--bundle", "{bundle}", "{id}"))).add();
            scenario(command + " --preserve-fds bogus").steps(Step.of(concat(words, "--preserve-fds", "bogus", "--bundle", "{bundle}", "{id}"))).add();
            scenario(command + " --preserve-fds -1").steps(Step.of(concat(words, "--preserve-fds", "-1", "--bundle", "{bundle}", "{id}"))).add();
            scenario(command + " --console-socket without a terminal")
                    .steps(Step.of(concat(words, "--console-socket", "{bundle}/no-socket", "--bundle", "{bundle}", "{id}"))).add();
            scenario(command + " with a terminal and a missing console socket").config(set("process.terminal", "true"))
                    .steps(Step.of(concat(words, "--console-socket", "{bundle}/no-socket", "--bundle", "{bundle}", "{id}"))).add();
            scenario(command + " with a terminal and no console socket").config(set("process.terminal", "true"))
                    .steps(Step.of(concat(words, "--bundle", "{bundle}", "{id}"))).add();
            scenario(command + " --bundle without a value").steps(Step.of(concat(words, "--bundle")).noState()).add();
        }
        scenario("run --no-subreaper").config(script("echo sub")).step("run", "--no-subreaper", "--bundle", "{bundle}", "{id}").add();
        scenario("run --detach --keep").step("run", "--detach", "--keep", "--bundle", "{bundle}", "{id}").add();
        scenario("run --preserve-fds 1 (fd 3 is not open)").config(script("ls /proc/self/fd | wc -l"))
                .step("run", "--preserve-fds", "1", "--bundle", "{bundle}", "{id}").add();
        scenario("create with a relative bundle path").step("create", "--bundle", "relative/no/such", "{id}").add();
    }

    /** A bundle runc refuses must be refused by crema too, with nothing left behind. */
    private void badConfigs() {
        scenario("config.json missing").file("config.json", "").config(b -> { }).steps(
                Step.host("rm {bundle}/config.json"), Step.of("create", "--bundle", "{bundle}", "{id}")).add();
        String[][] raw = {
                {"config.json empty", ""},
                {"config.json malformed", "{\"ociVersion\": \"1.0.2\", \"process\": [}"},
                {"config.json is a JSON array", "[]"},
                {"config.json is null", "null"},
                {"config.json without root", "{\"ociVersion\": \"1.0.2\", \"process\": {\"args\": [\"true\"], \"cwd\": \"/\"}}"},
        };
        for (String[] r : raw) {
            scenario(r[0]).file("config.json", r[1]).config(b -> { })
                    .steps(Step.of("create", "--bundle", "{bundle}", "{id}")).add();
        }
        String[][] fields = {
                // name, dotted path, JSON value (null: remove the field)
                {"ociVersion missing", "ociVersion", null},
                {"ociVersion not a string", "ociVersion", "1"},
                {"ociVersion unsupported", "ociVersion", "\"0.1.0\""},
                {"process missing", "process", null},
                {"process.args missing", "process.args", null},
                {"process.args empty", "process.args", "[]"},
                {"process.args not an array", "process.args", "\"sh\""},
                {"process.args binary missing", "process.args", "[\"/no/such/binary\"]"},
                {"process.args name not in PATH", "process.args", "[\"no-such-program\"]"},
                {"process.args not executable", "process.args", "[\"/etc/passwd\"]"},
                {"process.args a directory", "process.args", "[\"/etc\"]"},
                {"process.cwd relative", "process.cwd", "\"relative\""},
                {"process.cwd missing", "process.cwd", null},
                {"process.cwd a file", "process.cwd", "\"/etc/passwd\""},
                {"process.user.uid a string", "process.user.uid", "\"root\""},
                {"process.user.uid negative", "process.user.uid", "-1"},
                {"process.user missing", "process.user", null},
                {"process.env not an array", "process.env", "\"PATH=/bin\""},
                {"process.env entry without =", "process.env", "[\"PATH=/bin:/usr/bin\", \"NOVALUE\"]"},
                {"process.rlimits unknown type", "process.rlimits", "[{\"type\": \"RLIMIT_BOGUS\", \"hard\": 1, \"soft\": 1}]"},
                {"process.rlimits soft above hard", "process.rlimits", "[{\"type\": \"RLIMIT_NOFILE\", \"hard\": 10, \"soft\": 20}]"},
                {"process.rlimits hard above the host's", "process.rlimits", "[{\"type\": \"RLIMIT_NOFILE\", \"hard\": 1073741816, \"soft\": 1024}]"},
                {"process.rlimits duplicated", "process.rlimits", "[{\"type\": \"RLIMIT_NOFILE\", \"hard\": 10, \"soft\": 10}, {\"type\": \"RLIMIT_NOFILE\", \"hard\": 10, \"soft\": 10}]"},
                {"process.capabilities unknown name", "process.capabilities.bounding", "[\"CAP_BOGUS\"]"},
                {"process.capabilities lower case name", "process.capabilities.bounding", "[\"cap_kill\"]"},
                {"process.oomScoreAdj out of range", "process.oomScoreAdj", "2000"},
                {"process.apparmorProfile on a host without AppArmor", "process.apparmorProfile", "\"crema-test\""},
                {"process.selinuxLabel on a host without SELinux", "process.selinuxLabel", "\"system_u:system_r:container_t:s0\""},
                {"process.terminal not a boolean", "process.terminal", "\"yes\""},
                {"process.ioPriority bad class", "process.ioPriority", "{\"class\": \"IOPRIO_CLASS_BOGUS\", \"priority\": 1}"},
                {"process.scheduler bad policy", "process.scheduler", "{\"policy\": \"SCHED_BOGUS\"}"},
                {"root.path missing", "root.path", "\"no-such-rootfs\""},
                {"root missing", "root", null},
                {"root.path a file", "root.path", "\"rootfs/etc/passwd\""},
                {"hostname without a UTS namespace", "linux.namespaces", "[{\"type\": \"pid\"}, {\"type\": \"mount\"}]"},
                {"domainname without a UTS namespace", "linux.namespaces", "[{\"type\": \"pid\"}, {\"type\": \"mount\"}]", "domainname"},
                {"namespace of unknown type", "linux.namespaces", "[{\"type\": \"bogus\"}, {\"type\": \"mount\"}]"},
                {"namespace given twice", "linux.namespaces", "[{\"type\": \"pid\"}, {\"type\": \"pid\"}, {\"type\": \"mount\"}, {\"type\": \"uts\"}]"},
                {"namespace path missing", "linux.namespaces", "[{\"type\": \"ipc\", \"path\": \"/proc/no-such/ns/ipc\"}, {\"type\": \"mount\"}, {\"type\": \"uts\"}]"},
                {"namespace path of another type", "linux.namespaces", "[{\"type\": \"ipc\", \"path\": \"/proc/self/ns/net\"}, {\"type\": \"mount\"}, {\"type\": \"uts\"}]"},
                {"user namespace without mappings", "linux.namespaces", "[{\"type\": \"user\"}, {\"type\": \"mount\"}, {\"type\": \"uts\"}]"},
                {"uid mappings without a user namespace", "linux.uidMappings", "[{\"containerID\": 0, \"hostID\": 100000, \"size\": 1000}]"},
                {"mount of unknown type", "mounts", "[{\"destination\": \"/x\", \"type\": \"nosuchfs\", \"source\": \"none\"}]"},
                {"mount destination relative", "mounts", "[{\"destination\": \"relative\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]"},
                {"bind mount of a missing source", "mounts", "[{\"destination\": \"/x\", \"type\": \"bind\", \"source\": \"/no/such/source\", \"options\": [\"bind\"]}]"},
                {"mount over a file's child", "mounts", "[{\"destination\": \"/bin/busybox/sub\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}]"},
                {"mount with an unknown option", "mounts", "[{\"destination\": \"/x\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [\"bogus-option\"]}]"},
                {"mount without destination", "mounts", "[{\"type\": \"tmpfs\", \"source\": \"tmpfs\"}]"},
                {"device of unknown type", "linux.devices", "[{\"path\": \"/dev/x\", \"type\": \"q\", \"major\": 1, \"minor\": 3}]"},
                {"device with a relative path", "linux.devices", "[{\"path\": \"dev/x\", \"type\": \"c\", \"major\": 1, \"minor\": 3}]"},
                {"sysctl unknown", "linux.sysctl", "{\"kernel.bogus\": \"1\"}"},
                {"sysctl of the host (not namespaced)", "linux.sysctl", "{\"vm.swappiness\": \"10\"}"},
                {"sysctl net without a network namespace", "linux.namespaces", "[{\"type\": \"pid\"}, {\"type\": \"mount\"}, {\"type\": \"uts\"}]", "net-sysctl"},
                {"seccomp bad default action", "linux.seccomp", "{\"defaultAction\": \"SCMP_ACT_BOGUS\"}"},
                {"seccomp unknown architecture", "linux.seccomp", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_BOGUS\"]}"},
                {"seccomp unknown syscall is skipped", "linux.seccomp", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"no_such_syscall\"], \"action\": \"SCMP_ACT_ERRNO\"}]}"},
                {"seccomp notify without listenerPath", "linux.seccomp", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}"},
                {"seccomp bad operator", "linux.seccomp", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_BOGUS\"}]}]}"},
                {"cgroupsPath relative", "linux.cgroupsPath", "\"" + Differential.PARENT_CGROUP_PREFIX + "{id}/{id}\""},
                {"memory limit too small", "linux.resources", "{\"memory\": {\"limit\": 4096}}"},
                {"memory swap below limit", "linux.resources", "{\"memory\": {\"limit\": 104857600, \"swap\": 52428800}}"},
                {"cpu shares out of range", "linux.resources", "{\"cpu\": {\"shares\": 1}}"},
                {"cpuset cpus out of range", "linux.resources", "{\"cpu\": {\"cpus\": \"64-127\"}}"},
                {"blkio weight out of range", "linux.resources", "{\"blockIO\": {\"weight\": 5000}}"},
                {"hugepage size unknown", "linux.resources", "{\"hugepageLimits\": [{\"pageSize\": \"3MB\", \"limit\": 0}]}"},
                {"device rule with a bad access", "linux.resources", "{\"devices\": [{\"allow\": false, \"access\": \"xyz\"}]}"},
                {"prestart hook path missing", "hooks", "{\"prestart\": [{\"path\": \"/no/such/hook\"}]}"},
                {"prestart hook fails", "hooks", "{\"prestart\": [{\"path\": \"/bin/false\"}]}"},
                {"createRuntime hook fails", "hooks", "{\"createRuntime\": [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"exit 3\"]}]}"},
                {"hook path relative", "hooks", "{\"prestart\": [{\"path\": \"bin/true\"}]}"},
                {"personality bad domain", "linux.personality", "{\"domain\": \"LINUX_BOGUS\"}"},
                {"timeOffsets without a time namespace", "linux.timeOffsets", "{\"monotonic\": {\"secs\": 1, \"nanosecs\": 0}}"},
                {"intelRdt on a host without resctrl", "linux.intelRdt", "{\"closID\": \"crema\"}"},
                {"mountLabel on a host without SELinux", "linux.mountLabel", "\"system_u:object_r:container_file_t:s0\""},
                {"rootfsPropagation unknown", "linux.rootfsPropagation", "\"bogus\""},
                {"maskedPaths relative", "linux.maskedPaths", "[\"proc/kcore\"]"},
        };
        for (String[] f : fields) {
            Consumer<Bundle> change = f[2] == null ? remove(f[1]) : set(f[1], f[2]);
            if (f.length > 3 && f[3].equals("domainname")) change = change.andThen(set("domainname", "\"example.org\"")).andThen(remove("hostname"));
            if (f.length > 3 && f[3].equals("net-sysctl")) change = change.andThen(set("linux.sysctl", "{\"net.ipv4.ip_forward\": \"1\"}"));
            scenario("config: " + f[0]).config(change).step("create", "--bundle", "{bundle}", "{id}").add();
        }
    }

    /** Bundles both run: what the container sees from inside must be the same. */
    private void configsThatRun() {
        String probe = "id; hostname; umask; ulimit -n; grep -E '^(Cap|NoNewPrivs|Seccomp:)' /proc/self/status; "
                + "cat /proc/self/oom_score_adj; ls /dev | tr '\\n' ' '; echo; ls /proc/self/fd | tr '\\n' ' '; echo; "
                + "grep -E ' / | /proc | /sys | /dev | /dev/pts | /dev/shm | /dev/mqueue ' /proc/self/mountinfo | cut -d' ' -f5,6 | sort";
        String[][] configs = {
                {"base bundle", null, null},
                {"non-root user", "process.user", "{\"uid\": 1000, \"gid\": 1000, \"additionalGids\": [5], \"umask\": 63}"},
                {"runc spec's capabilities with ambient", "process.capabilities",
                        "{\"bounding\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"], \"effective\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"], \"permitted\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"], \"ambient\": [\"CAP_AUDIT_WRITE\", \"CAP_KILL\", \"CAP_NET_BIND_SERVICE\"]}"},
                {"no capabilities", "process.capabilities", "{}"},
                {"read-only rootfs", "root.readonly", "true"},
                {"noNewPrivileges false", "process.noNewPrivileges", "false"},
                {"oomScoreAdj 500", "process.oomScoreAdj", "500"},
                {"rootfsPropagation private", "linux.rootfsPropagation", "\"private\""},
                {"rootfsPropagation slave", "linux.rootfsPropagation", "\"slave\""},
                {"rootfsPropagation shared", "linux.rootfsPropagation", "\"shared\""},
                {"rootfsPropagation rshared", "linux.rootfsPropagation", "\"rshared\""},
                {"no mount namespace", "linux.namespaces", "[{\"type\": \"pid\"}, {\"type\": \"uts\"}, {\"type\": \"ipc\"}]"},
                {"no pid namespace", "linux.namespaces", "[{\"type\": \"mount\"}, {\"type\": \"uts\"}, {\"type\": \"ipc\"}, {\"type\": \"network\"}]"},
                // Namespaces joined by path are compared in DropInIT, each runtime joining a namespace a sleeping process
                // of its own holds: a scenario here could only name a fixed path such as /proc/1/ns/mnt, and where
                // that is the test's own namespace (pid 1 of the fresh-machine check) pivot_root moved every
                // process's root into the busybox rootfs, and a joined /proc/1/ns/uts would take the host's hostname.
                {"cwd /root as uid 42", "process", "{\"user\": {\"uid\": 42, \"gid\": 42}, \"args\": [\"pwd\"], \"cwd\": \"/root\", \"env\": [\"PATH=/bin\"]}"},
                {"cwd that does not exist yet", "process.cwd", "\"/no/such/dir\""},
                {"seccomp defaultErrnoRet", "linux.seccomp", "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 1, \"syscalls\": [{\"names\": [\"read\", \"write\", \"close\", \"exit\", \"exit_group\", \"execve\", \"brk\", \"mmap\", \"munmap\", \"rt_sigaction\", \"rt_sigprocmask\", \"arch_prctl\", \"set_tid_address\", \"getpid\", \"getuid\", \"getgid\", \"geteuid\", \"getegid\", \"getppid\", \"fstat\", \"newfstatat\", \"uname\", \"ioctl\", \"fcntl\", \"wait4\", \"clone\", \"fork\", \"vfork\", \"dup2\", \"openat\", \"open\", \"stat\", \"lstat\", \"getcwd\", \"prlimit64\", \"getrlimit\", \"umask\", \"getgroups\", \"execveat\", \"set_robust_list\", \"rseq\", \"prctl\", \"capget\", \"getdents64\", \"lseek\", \"readlink\", \"sysinfo\", \"pipe\", \"pipe2\", \"dup\", \"dup3\", \"getpgrp\", \"setpgid\", \"getpgid\", \"rt_sigreturn\", \"statx\", \"futex\", \"sendfile\", \"chdir\", \"fchdir\"], \"action\": \"SCMP_ACT_ALLOW\"}]}"},
                {"read-only /dev tmpfs", "mounts", "[{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"}, {\"destination\": \"/dev\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [\"nosuid\", \"ro\", \"mode=755\"]}, {\"destination\": \"/dev/pts\", \"type\": \"devpts\", \"source\": \"devpts\", \"options\": [\"nosuid\", \"noexec\", \"newinstance\", \"ptmxmode=0666\", \"mode=0620\"]}]"},
                {"tmpcopyup tmpfs", "mounts", "[{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"}, {\"destination\": \"/etc\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", \"options\": [\"tmpcopyup\", \"mode=755\"]}]"},
                {"device fileMode with type bits", "linux.devices", "[{\"path\": \"/dev/xnull\", \"type\": \"c\", \"major\": 1, \"minor\": 3, \"fileMode\": 8630, \"uid\": 0, \"gid\": 0}]"},
                {"sysctl kernel.domainname", "linux.sysctl", "{\"kernel.domainname\": \"example.org\"}"},
                {"masked and read-only paths", "linux.maskedPaths", "[\"/proc/kcore\", \"/no/such/path\", \"/etc/passwd\"]"},
                {"rlimit NPROC", "process.rlimits", "[{\"type\": \"RLIMIT_NPROC\", \"hard\": 100, \"soft\": 50}]"},
                {"env without PATH", "process.env", "[\"HOME=/root\"]"},
                {"args by absolute path", "process.args", "[\"/bin/sh\", \"-c\", \"echo absolute\"]"},
                {"cgroup namespace", "linux.namespaces", "[{\"type\": \"pid\"}, {\"type\": \"mount\"}, {\"type\": \"uts\"}, {\"type\": \"cgroup\"}]"},
                {"pids limit", "linux.resources", "{\"pids\": {\"limit\": 50}}"},
                {"memory limit", "linux.resources", "{\"memory\": {\"limit\": 104857600}}"},
                {"bind mount read-only", "mounts", "[{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"}, {\"destination\": \"/mnt\", \"type\": \"bind\", \"source\": \"/etc\", \"options\": [\"rbind\", \"ro\"]}]"},
                {"hooks run with the state on stdin", "hooks", "{\"prestart\": [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"cat > /dev/null\"]}], \"poststop\": [{\"path\": \"/bin/true\"}]}"},
                {"createContainer hook's working directory", "hooks", "{\"createContainer\": [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\", \"test -x bin/busybox || exit 9\"]}]}"},
                {"poststart hook fails (a warning)", "hooks", "{\"poststart\": [{\"path\": \"/bin/false\"}]}"},
                {"poststop hook fails (a warning)", "hooks", "{\"poststop\": [{\"path\": \"/bin/false\"}]}"},
        };
        for (String[] c : configs) {
            Consumer<Bundle> change = script(probe);
            if (c[1] != null) change = change.andThen(set(c[1], c[2]));
            if (c[0].startsWith("cwd /root")) change = set(c[1], c[2]).andThen(b -> b.process().put("capabilities", new LinkedHashMap<>()));
            scenario("runs: " + c[0]).config(change).step("run", "--bundle", "{bundle}", "{id}").add();
        }
        // a missing cwd is made by root before the user's ids are taken, with runc's mode; through a symlink to a
        // directory of the image, but not through a dangling one (runc: "mkdir /dangling: file exists")
        scenario("runs: cwd made for uid 42").config(set("process", "{\"user\": {\"uid\": 42, \"gid\": 42}, \"args\": [\"sh\", \"-c\","
                + " \"pwd; stat -c '%a %u %g' /made /made/deeper\"], \"cwd\": \"/made/deeper\", \"env\": [\"PATH=/bin\"]}"))
                .step("run", "--bundle", "{bundle}", "{id}").add();
        scenario("runs: cwd made through a symlink").config(script("pwd; ls -d /tmp/made")
                .andThen(set("process.cwd", "\"/link/made\"")).andThen(symlink("link", "/tmp")))
                .step("run", "--bundle", "{bundle}", "{id}").add();
        scenario("config: cwd through a dangling symlink").config(set("process.cwd", "\"/dangling/made\"")
                .andThen(symlink("dangling", "/no/such/target"))).create().add();
    }

    /** A symlink in the bundle's rootfs, as an image can ship it. */
    private static Consumer<Bundle> symlink(String name, String target) {
        return b -> {
            try {
                Files.createSymbolicLink(b.rootfs().resolve(name), java.nio.file.Path.of(target));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    private void killSignals() {
        String[] signals = {"KILL", "SIGKILL", "9", "kill", "sigkill", "TERM", "SIGTERM", "15", "USR1", "SIGUSR1", "HUP",
                "SIGRTMIN", "SIGRTMIN+1", "34", "64", "0", "65", "-9", "BOGUS", "SIGBOGUS", "", "9x"};
        for (String signal : signals) {
            Builder b = scenario("kill with signal \"" + signal + "\"").create().step("start", "{id}");
            b.steps(Step.of("kill", "{id}", signal).noState(), Step.await(signal.matches("(?i)(sig)?kill|9") ? "stopped" : "running")).add();
        }
        scenario("kill --all").create().step("start", "{id}")
                .steps(Step.of("kill", "--all", "{id}", "KILL").noState(), Step.await("stopped")).add();
        scenario("kill -a").create().step("start", "{id}")
                .steps(Step.of("kill", "-a", "{id}", "KILL").noState(), Step.await("stopped")).add();
        scenario("kill --all of a stopped container").config(script("true")).create()
                .steps(Step.of("start", "{id}").noState(), Step.await("stopped"), Step.of("kill", "--all", "{id}", "KILL")).add();
        scenario("kill with three arguments").create().step("kill", "{id}", "KILL", "extra").add();
    }

    private void execFlags() {
        scenario("exec: output and exit code").create().step("start", "{id}").step("exec", "{id}", "sh", "-c", "echo out; exit 5").add();
        scenario("exec: missing binary").create().step("start", "{id}").step("exec", "{id}", "no-such-binary").add();
        scenario("exec: not executable").create().step("start", "{id}").step("exec", "{id}", "/etc/passwd").add();
        scenario("exec: no command").create().step("start", "{id}").step("exec", "{id}").add();
        scenario("exec --env").create().step("start", "{id}").step("exec", "--env", "A=1", "--env", "B=2", "{id}", "sh", "-c", "echo $A$B").add();
        scenario("exec -e").create().step("start", "{id}").step("exec", "-e", "A=1", "{id}", "sh", "-c", "echo $A").add();
        scenario("exec mixing -e and --env").create().step("start", "{id}").step("exec", "--env", "A=1", "-e", "B=2", "{id}", "sh", "-c", "echo $A$B").add();
        scenario("exec --cwd").create().step("start", "{id}").step("exec", "--cwd", "/etc", "{id}", "pwd").add();
        scenario("exec --cwd relative").create().step("start", "{id}").step("exec", "--cwd", "etc", "{id}", "pwd").add();
        scenario("exec --user uid:gid").create().step("start", "{id}").step("exec", "--user", "42:43", "{id}", "id").add();
        scenario("exec -u uid").create().step("start", "{id}").step("exec", "-u", "42", "{id}", "id").add();
        scenario("exec --user name").create().step("start", "{id}").step("exec", "--user", "nobody", "{id}", "id").add();
        scenario("exec --user bad").create().step("start", "{id}").step("exec", "--user", "x:y:z", "{id}", "id").add();
        scenario("exec --user with an empty gid").create().step("start", "{id}").step("exec", "--user", "42:", "{id}", "id").add();
        scenario("exec --user empty").create().step("start", "{id}").step("exec", "--user", "", "{id}", "id").add();
        scenario("exec --user -1").create().step("start", "{id}").step("exec", "--user", "-1", "{id}", "id").add();
        scenario("exec --user above 2^32").create().step("start", "{id}").step("exec", "--user", "4294967338", "{id}", "id").add();
        scenario("exec --user out of int64").create().step("start", "{id}").step("exec", "--user", "99999999999999999999", "{id}", "id").add();
        scenario("exec --additional-gids").create().step("start", "{id}").step("exec", "-u", "42", "--additional-gids", "7", "--additional-gids", "8", "{id}", "id").add();
        scenario("exec --additional-gids bad").create().step("start", "{id}").step("exec", "-g", "x", "{id}", "id").add();
        scenario("exec --cap").create().step("start", "{id}")
                .step("exec", "--cap", "CAP_SYS_ADMIN", "{id}", "sh", "-c", "grep CapBnd /proc/self/status").add();
        scenario("exec --cap unknown").create().step("start", "{id}").step("exec", "--cap", "CAP_BOGUS", "{id}", "true").add();
        scenario("exec --no-new-privs").config(set("process.noNewPrivileges", "false")).create().step("start", "{id}")
                .step("exec", "--no-new-privs", "{id}", "sh", "-c", "grep NoNewPrivs /proc/self/status").add();
        scenario("exec --process").file("process.json", "{\"args\": [\"sh\", \"-c\", \"echo from-file\"], \"cwd\": \"/\", \"env\": [\"PATH=/bin\"], \"user\": {\"uid\": 0, \"gid\": 0}}")
                .create().step("start", "{id}").step("exec", "--process", "{bundle}/process.json", "{id}").add();
        scenario("exec -p missing file").create().step("start", "{id}").step("exec", "-p", "{bundle}/no-such.json", "{id}").add();
        scenario("exec -p malformed").file("process.json", "{\"args\": [").create().step("start", "{id}")
                .step("exec", "-p", "{bundle}/process.json", "{id}").add();
        scenario("exec -p without args").file("process.json", "{\"cwd\": \"/\"}").create().step("start", "{id}")
                .step("exec", "-p", "{bundle}/process.json", "{id}").add();
        scenario("exec -p with a relative cwd").file("process.json", "{\"args\": [\"pwd\"], \"cwd\": \"etc\"}").create().step("start", "{id}")
                .step("exec", "-p", "{bundle}/process.json", "{id}").add();
        scenario("exec --detach --pid-file").create().step("start", "{id}")
                .step("exec", "--detach", "--pid-file", "{bundle}/exec.pid", "{id}", "sleep", "5")
                .steps(Step.host("test -s {bundle}/exec.pid && echo written")).add();
        scenario("exec -d -t without a console socket").create().step("start", "{id}").step("exec", "-d", "-t", "{id}", "true").add();
        scenario("exec --console-socket missing").create().step("start", "{id}")
                .step("exec", "-t", "--console-socket", "{bundle}/no-socket", "{id}", "true").add();
        scenario("exec --apparmor on a host without AppArmor").create().step("start", "{id}").step("exec", "--apparmor", "x", "{id}", "true").add();
        scenario("exec --process-label on a host without SELinux").create().step("start", "{id}")
                .step("exec", "--process-label", "system_u:system_r:container_t:s0", "{id}", "true").add();
        scenario("exec --preserve-fds 0").create().step("start", "{id}").step("exec", "--preserve-fds", "0", "{id}", "true").add();
        scenario("exec --preserve-fds bogus").create().step("start", "{id}").step("exec", "--preserve-fds", "x", "{id}", "true").add();
        // runc's exec --ignore-paused into a paused container waits for a thaw that never comes: only the flag is compared
        scenario("exec --ignore-paused").create().step("start", "{id}").step("exec", "--ignore-paused", "{id}", "true").add();
        scenario("exec --cgroup").create().step("start", "{id}").step("exec", "--cgroup", "/", "{id}", "true").add();
        scenario("exec with flags after the id are the command's").create().step("start", "{id}").step("exec", "{id}", "echo", "--env", "x").add();
        scenario("exec stdin is passed").create().step("start", "{id}").steps(Step.of("exec", "{id}", "cat").stdin("from stdin\n")).add();
    }

    private void updateFlags() {
        String[][] updates = {
                {"--pids-limit", "100", "pids", "pids.max"},
                {"--pids-limit", "-1", "pids", "pids.max"},
                {"--pids-limit", "x", "pids", "pids.max"},
                {"--memory", "104857600", "memory", "memory.limit_in_bytes"},
                {"--memory", "abc", "memory", "memory.limit_in_bytes"},
                {"--memory", "100m", "memory", "memory.limit_in_bytes"},
                {"--memory-reservation", "52428800", "memory", "memory.soft_limit_in_bytes"},
                {"--memory-swap", "-1", "memory", "memory.memsw.limit_in_bytes"},
                {"--cpu-period", "100000", "cpu", "cpu.cfs_period_us"},
                {"--cpu-quota", "50000", "cpu", "cpu.cfs_quota_us"},
                {"--cpu-share", "512", "cpu", "cpu.shares"},
                {"--cpu-rt-period", "1000000", "cpu", "cpu.rt_period_us"},
                {"--cpu-rt-runtime", "0", "cpu", "cpu.rt_runtime_us"},
                {"--cpuset-cpus", "0", "cpuset", "cpuset.cpus"},
                {"--cpuset-mems", "0", "cpuset", "cpuset.mems"},
                {"--blkio-weight", "500", "blkio", "blkio.weight"},
                {"--blkio-weight", "5", "blkio", "blkio.weight"},
                {"--l3-cache-schema", "L3:0=f", "pids", "pids.max"},
                {"--mem-bw-schema", "MB:0=50", "pids", "pids.max"},
        };
        for (String[] u : updates) {
            scenario("update " + u[0] + " " + u[1]).config(set("linux.cgroupsPath", "\"/{id}\"")).create()
                    .step("update", u[0], u[1], "{id}")
                    .steps(Step.host("cat /sys/fs/cgroup/" + u[2] + "/{id}/" + u[3] + " 2>&1")).add();
        }
        String resources = "{\"pids\": {\"limit\": 77}, \"memory\": {\"limit\": 209715200}}";
        scenario("update --resources FILE").config(set("linux.cgroupsPath", "\"/{id}\"")).file("resources.json", resources)
                .create().step("update", "--resources", "{bundle}/resources.json", "{id}")
                .steps(Step.host("cat /sys/fs/cgroup/pids/{id}/pids.max /sys/fs/cgroup/memory/{id}/memory.limit_in_bytes")).add();
        scenario("update -r - (stdin)").config(set("linux.cgroupsPath", "\"/{id}\"")).create()
                .steps(Step.of("update", "-r", "-", "{id}").stdin(resources),
                        Step.host("cat /sys/fs/cgroup/pids/{id}/pids.max /sys/fs/cgroup/memory/{id}/memory.limit_in_bytes")).add();
        scenario("update --resources missing file").create().step("update", "--resources", "{bundle}/no-such.json", "{id}").add();
        scenario("update --resources malformed").file("resources.json", "{\"pids\": ").create()
                .step("update", "--resources", "{bundle}/resources.json", "{id}").add();
        scenario("update --resources with docker's zero memory").config(set("linux.cgroupsPath", "\"/{id}\""))
                .file("resources.json", "{\"memory\": {\"limit\": 0, \"reservation\": 0, \"kernel\": 0}, \"pids\": {\"limit\": 33}}")
                .create().step("update", "--resources", "{bundle}/resources.json", "{id}")
                .steps(Step.host("cat /sys/fs/cgroup/pids/{id}/pids.max /sys/fs/cgroup/memory/{id}/memory.soft_limit_in_bytes")).add();
        scenario("update without any flag").create().step("update", "{id}").add();
    }

    private void psListEvents() {
        scenario("ps -f json").create().step("start", "{id}").steps(Step.of("ps", "-f", "json", "{id}")).add();
        scenario("ps --format table").create().step("start", "{id}").steps(Step.of("ps", "--format", "table", "{id}").output(Output.HEADER_AND_LINES)).add();
        scenario("ps with ps options").create().step("start", "{id}").steps(Step.of("ps", "{id}", "-o", "pid,comm").output(Output.HEADER_AND_LINES)).add();
        scenario("ps with ps options lacking PID").create().step("start", "{id}").steps(Step.of("ps", "{id}", "-o", "comm")).add();
        scenario("ps --format bogus").create().step("start", "{id}").step("ps", "--format", "bogus", "{id}").add();
        scenario("list with one container").create().step("list").add();
        scenario("list -f json with one container").create().steps(Step.of("list", "-f", "json").output(Output.JSON_SHAPE)).add();
        scenario("list --format json with none").step("list", "--format", "json").add();
        scenario("list -q").create().step("list", "-q").add();
        scenario("list --quiet --format json").create().step("list", "--quiet", "--format", "json").add();
        scenario("list -f bogus").step("list", "-f", "bogus").add();
        scenario("list with an argument").step("list", "extra").add();
        scenario("list of a missing root").steps(Step.of("list").under("--root", "/run/crema-it/no-such-root-dir")).add();
        scenario("events --stats of a running container").create().step("start", "{id}")
                .steps(Step.of("events", "--stats", "{id}").output(Output.JSON_SHAPE)).add();
        scenario("events --interval bogus").create().step("start", "{id}").step("events", "--interval", "x", "{id}").add();
        scenario("events --interval 1s --stats").create().step("start", "{id}")
                .steps(Step.of("events", "--interval", "1s", "--stats", "{id}").output(Output.JSON_SHAPE)).add();
    }

    private void specAndFeatures() {
        scenario("spec over an existing config.json").step("spec", "--bundle", "{bundle}").add();
        scenario("spec in a new bundle").file("new/.keep", "").steps(Step.of("spec", "--bundle", "{bundle}/new"),
                Step.host("cat {bundle}/new/config.json").output(Output.JSON_SHAPE)).add();
        scenario("spec --rootless").file("new/.keep", "").steps(Step.of("spec", "--rootless", "-b", "{bundle}/new"),
                Step.host("cat {bundle}/new/config.json").output(Output.JSON_SHAPE)).add();
        scenario("spec in a missing directory").step("spec", "--bundle", "/no/such/dir").add();
        scenario("spec with an argument").step("spec", "extra").add();
        scenario("features").steps(Step.of("features").output(Output.JSON_SHAPE).noState()).add();
        scenario("features with an argument").step("features", "extra").add();
    }

    private void checkpointRestore() {
        scenario("checkpoint of a running container (CRIU cannot dump here)").create().step("start", "{id}")
                .step("checkpoint", "--image-path", "{bundle}/image", "{id}").add();
        scenario("checkpoint --leave-running of a running container").create().step("start", "{id}")
                .step("checkpoint", "--leave-running", "--image-path", "{bundle}/image", "{id}").add();
        scenario("checkpoint --manage-cgroups-mode bogus").create().step("start", "{id}")
                .step("checkpoint", "--manage-cgroups-mode", "bogus", "{id}").add();
        scenario("checkpoint --pre-dump --page-server").create().step("start", "{id}")
                .step("checkpoint", "--pre-dump", "--page-server", "127.0.0.1:1", "{id}").add();
        scenario("checkpoint --status-fd bogus").create().step("start", "{id}").step("checkpoint", "--status-fd", "x", "{id}").add();
        scenario("restore without an image").step("restore", "--bundle", "{bundle}", "--image-path", "{bundle}/no-image", "{id}").add();
        scenario("restore of an existing container").create().step("restore", "--bundle", "{bundle}", "{id}").add();
        scenario("restore from a missing bundle").step("restore", "--bundle", "/no/such/bundle", "{id}").add();
        scenario("restore --detach --pid-file without an image").step("restore", "-d", "--pid-file", "{bundle}/pid",
                "--bundle", "{bundle}", "--image-path", "{bundle}/no-image", "{id}").add();
        scenario("restore --manage-cgroups-mode bogus").step("restore", "--manage-cgroups-mode", "bogus",
                "--bundle", "{bundle}", "{id}").add();
        scenario("checkpoint with --criu pointing nowhere").create().step("start", "{id}")
                .steps(Step.of("checkpoint", "--image-path", "{bundle}/image", "{id}").under("--criu", "/no/such/criu")).add();
    }

    // ---------------------------------------------------------------------------------------------------------
    // The scenario builder

    private Builder scenario(String name) {
        return new Builder(name);
    }

    final class Builder {
        private final String name;
        private Consumer<Bundle> config;
        private final Map<String, String> files = new LinkedHashMap<>();
        private final List<Step> steps = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        Builder config(Consumer<Bundle> change) {
            config = config == null ? change : config.andThen(change);
            return this;
        }

        Builder file(String path, String text) {
            files.put(path, text);
            return this;
        }

        Builder create() {
            return step("create", "--bundle", "{bundle}", "{id}");
        }

        Builder step(String... args) {
            steps.add(Step.of(args));
            return this;
        }

        Builder steps(Step... more) {
            steps.addAll(List.of(more));
            return this;
        }

        /** Adds the scenario; whether crema may differ is said by name in {@link #differences()}. */
        void add() {
            scenarios.add(new Scenario(name, config, Map.copyOf(files), List.copyOf(steps), expectationOf(name)));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Config changes

    static Consumer<Bundle> script(String script) {
        return b -> b.script(script);
    }

    /** Sets a field by dotted path ("process.user.uid") to a JSON value, making the maps on the way. */
    @SuppressWarnings("unchecked")
    static Consumer<Bundle> set(String path, String json) {
        return b -> {
            String[] keys = path.split("\\.");
            Map<String, Object> at = b.config;
            for (int i = 0; i < keys.length - 1; i++) {
                at = (Map<String, Object>) at.computeIfAbsent(keys[i], k -> new LinkedHashMap<String, Object>());
            }
            at.put(keys[keys.length - 1], Json.parse(json));
        };
    }

    @SuppressWarnings("unchecked")
    static Consumer<Bundle> remove(String path) {
        return b -> {
            String[] keys = path.split("\\.");
            Map<String, Object> at = b.config;
            for (int i = 0; i < keys.length - 1; i++) at = (Map<String, Object>) at.get(keys[i]);
            at.remove(keys[keys.length - 1]);
        };
    }

    private static String[] concat(String[] head, String... tail) {
        return Stream.concat(Stream.of(head), Stream.of(tail)).toArray(String[]::new);
    }
}
