package dev.crema.cli;

import dev.crema.invocation.CallerFds;
import dev.crema.invocation.Invocation;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * crema's entry point: global options, then one class per command, chosen by a switch so that only that
 * command's classes are loaded (startup time is the product: DESIGN.md section 4).
 */
public final class Main {
    public static final String VERSION = BuildInfo.VERSION;
    public static final String SPEC_VERSION = "1.2.0";

    private static final String[] GLOBAL_VALUES = {"root", "log", "log-format", "criu", "rootless"};
    private static final String[] GLOBAL_BOOLEANS = {"debug", "systemd-cgroup", "help|h", "version|v"};

    private Main() {}

    public static void main(String[] argv) {
        // before crema opens a file: the fds the caller passed, the only ones --preserve-fds may hand on. The
        // look costs a few syscalls, so it is made only when a word can ask for preserved fds; otherwise nothing
        // above stdio counts as passed, so a --preserve-fds this check ever missed would close the fds, not leak
        Invocation.jvm().callerPassedOnly(mayPreserveFds(argv) ? CallerFds.snapshot() : new int[0]);
        int code = run(Arrays.asList(argv));
        System.out.flush();
        System.err.flush();
        // halt, not exit: Runtime.exit logs through System.Logger, whose set-up costs ~40 classes per command
        Runtime.getRuntime().halt(code);
    }

    /** Runs one crema command line and returns the exit code; errors are logged here, once. */
    public static int run(List<String> argv) {
        int commandAt = commandIndex(argv);
        GlobalOptions global;
        try {
            Args globals = Args.parse(argv.subList(0, commandAt), GLOBAL_VALUES, GLOBAL_BOOLEANS, false);
            String format = globals.value("log-format", "text");
            Log.configure(globals.value("log"), format, globals.flag("debug"));
            if (!format.equals("text") && !format.equals("json")) {
                throw new UsageException("--log-format: unknown format \"" + format + "\" (text or json)");
            }
            if (globals.flag("version")) {
                System.out.print(VersionInfo.text());
                return 0;
            }
            if (globals.flag("help") || commandAt == argv.size()) {
                // runc too prints its help and succeeds when given no command
                System.out.print(Help.TEXT);
                return 0;
            }
            global = new GlobalOptions(root(globals.value("root")), globals.value("log"), format, globals.flag("debug"),
                    globals.flag("systemd-cgroup"), globals.value("criu", GlobalOptions.DEFAULT_CRIU), globals.value("rootless"));
        } catch (UsageException e) {
            Log.error(e.getMessage());
            return 1;
        }
        String command = argv.get(commandAt);
        List<String> rest = argv.subList(commandAt + 1, argv.size());
        // runc's debug lines come from its init (nsexec), so only the commands that start one write any
        if (command.equals("create") || command.equals("run") || command.equals("exec")) {
            Log.debug("crema " + command + " " + String.join(" ", rest));
        }
        try {
            return dispatch(command, global, rest);
        } catch (HelpRequested e) {
            System.out.print(CommandHelp.text(command));
            return 0;
        } catch (UnknownCommandException e) {
            // runc (urfave/cli) exits 3 for a command it does not know; scripts see the code, not the words
            Log.error(e.getMessage());
            return 3;
        } catch (RuntimeException e) {
            boolean usage = e instanceof UsageException;
            // as runc: a failed exec says so and exits 255, so it is not mistaken for the process's own exit code
            boolean exec = command.equals("exec") && !usage;
            Log.error(exec ? "exec failed: " + message(e) : message(e));
            if (Log.debugEnabled() && !usage) e.printStackTrace();
            return exec ? 255 : 1;
        }
    }

    private static int dispatch(String command, GlobalOptions global, List<String> rest) {
        return switch (command) {
            case "create" -> CreateCommand.run(global, rest);
            case "start" -> StartCommand.run(global, rest);
            case "state" -> StateCommand.run(global, rest);
            case "kill" -> KillCommand.run(global, rest);
            case "delete" -> DeleteCommand.run(global, rest);
            case "run" -> RunCommand.run(global, rest);
            case "pause" -> PauseCommand.pause(global, rest);
            case "resume" -> PauseCommand.resume(global, rest);
            case "ps" -> PsCommand.run(global, rest);
            case "exec" -> ExecCommand.run(global, rest);
            case "update" -> UpdateCommand.run(global, rest);
            case "events" -> EventsCommand.run(global, rest);
            case "list", "ps-list" -> ListCommand.run(global, rest);
            case "spec" -> SpecCommand.run(rest);
            case "features" -> FeaturesCommand.run(rest);
            case "checkpoint" -> CheckpointCommand.run(global, rest);
            case "restore" -> RestoreCommand.run(global, rest);
            case "help" -> {
                System.out.print(rest.isEmpty() ? Help.TEXT : CommandHelp.text(rest.getFirst()));
                yield 0;
            }
            case "server" -> ServerCommand.run(global, rest);
            case "--train-aot-cache" -> AotTraining.run(global);
            default -> throw new UnknownCommandException("crema: '" + command + "' is not a crema command (see crema --help)");
        };
    }

    /** --root, or runc's default: /run/crema, or $XDG_RUNTIME_DIR/crema for a rootless caller (made now, as runc). */
    private static Path root(String given) {
        Invocation invocation = Invocation.current();
        if (given != null) return invocation.absolute(Path.of(given));
        String xdg = invocation.env().get("XDG_RUNTIME_DIR");
        // only a set XDG_RUNTIME_DIR costs a look at /proc/self: root's engines mostly run without one
        String xdgRoot = xdg == null || xdg.isEmpty() ? null
                : RuntimeRoot.xdgRoot(xdg, invocation.env().get("USER"), dev.crema.plan.Caller.self());
        return xdgRoot == null ? Path.of(GlobalOptions.DEFAULT_ROOT) : invocation.absolute(RuntimeRoot.prepareXdg(xdgRoot));
    }

    /** A word that may be --preserve-fds in any form Args takes: --preserve-fds[=N], -preserve-fds[=N]. */
    private static boolean mayPreserveFds(String[] argv) {
        for (String word : argv) {
            if (word.startsWith("--preserve-fds") || word.startsWith("-preserve-fds")) return true;
        }
        return false;
    }

    /** The index of the command word: the first word that is not a global option or its value. */
    private static int commandIndex(List<String> argv) {
        for (int i = 0; i < argv.size(); i++) {
            String word = argv.get(i);
            if (word.equals("--train-aot-cache")) return i;
            if (!word.startsWith("-")) return i;
            String name = word.startsWith("--") ? word.substring(2) : word.substring(1);
            if (name.contains("=")) continue;
            for (String v : GLOBAL_VALUES) {
                if (v.equals(name)) {
                    i++;
                    break;
                }
            }
        }
        return argv.size();
    }

    /** What the server and its native client compare: both sides must be this very build. */
    public static String buildId() {
        return VERSION + " " + BuildInfo.COMMIT;
    }

    static String message(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isEmpty() ? e.toString() : message;
    }
}
