package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What engines read from a failing runtime, compared with runc 1.1.5 on the same bundle: the words of the error
 * (docker maps "executable file not found" and "no such file or directory" to exit code 127, "permission denied"
 * to 126), the exit code of every command's failure, usage on -h/--help, and --debug's log lines.
 */
class RuncWordsIT extends ContainerTest {
    private static final Pattern LOGRUS_MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The message of runc's logrus line, unquoted, from what follows "unable to start container process: ". */
    private static String runcReason(String stderr) {
        Matcher m = LOGRUS_MSG.matcher(stderr);
        assertTrue(m.find(), "a logrus error line: " + stderr);
        String msg = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
        String marker = "unable to start container process: ";
        int at = msg.indexOf(marker);
        return at < 0 ? msg : msg.substring(at + marker.length());
    }

    private void notExecutable() throws Exception {
        Path file = bundle.rootfs().resolve("noexec");
        Files.writeString(file, "not a program\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Each bad process: args, cwd. */
    private static final String[][] BAD_PROCESSES = {{"/nonexistent", "/"}, {"nonexistent", "/"}, {"/noexec", "/"},
            {"/root", "/"}, {"true", "/nodir"}};

    @Test
    void createFailsWithRuncsWordsAndExitCode() throws Exception {
        notExecutable();
        try (RuncPeer runc = new RuncPeer(crema)) {
            for (String[] bad : BAD_PROCESSES) {
                bundle.process().put("args", new ArrayList<>(List.of(bad[0])));
                bundle.process().put("cwd", bad[1]);
                bundle.write();
                String id = newId();
                Crema.Result fromRunc = runc.run("create", "--bundle", bundle.dir.toString(), id + "-runc");
                Crema.Result fromCrema = crema.run("create", "--bundle", bundle.dir.toString(), id);
                assertEquals(fromRunc.exitCode(), fromCrema.exitCode(), String.join(" ", bad) + ": " + fromCrema.stderr());
                if (fromRunc.exitCode() == 0) continue; // a missing cwd is made at create, by both
                String reason = runcReason(fromRunc.stderr());
                assertTrue(fromCrema.stderr().contains(reason), "runc: " + reason + "\ncrema: " + fromCrema.stderr());
                before.assertClean(crema, id);
            }
        }
    }

    @Test
    void execFailsWithRuncsWordsAndExitCode255() throws Exception {
        notExecutable();
        try (RuncPeer runc = new RuncPeer(crema)) {
            String id = runDetached("sleep 1000");
            runc.run("run", "-d", "--bundle", bundle.dir.toString(), id + "-runc").ok();
            for (String[] bad : BAD_PROCESSES) {
                Crema.Result fromRunc = runc.run("exec", "--cwd", bad[1], id + "-runc", bad[0]);
                Crema.Result fromCrema = crema.run("exec", "--cwd", bad[1], id, bad[0]);
                assertEquals(255, fromRunc.exitCode(), fromRunc.stderr());
                assertEquals(fromRunc.exitCode(), fromCrema.exitCode(), String.join(" ", bad) + ": " + fromCrema.stderr());
                String reason = runcReason(fromRunc.stderr());
                assertTrue(fromCrema.stderr().contains(reason), "runc: " + reason + "\ncrema: " + fromCrema.stderr());
                assertTrue(fromCrema.stderr().startsWith("exec failed: "), fromCrema.stderr());
            }
            // a process that runs and fails is its own exit code, not a failed exec
            assertEquals(runc.run("exec", id + "-runc", "false").exitCode(), crema.run("exec", id, "false").exitCode());
            // paused: refused with runc's hint, and --ignore-paused lets it through (it runs once resumed)
            runc.run("pause", id + "-runc").ok();
            crema.run("pause", id).ok();
            Crema.Result pausedRunc = runc.run("exec", id + "-runc", "true");
            Crema.Result paused = crema.run("exec", id, "true");
            assertEquals(pausedRunc.exitCode(), paused.exitCode());
            assertTrue(paused.stderr().contains(runcReason(pausedRunc.stderr()).replace("exec failed: ", "")), paused.stderr());
            java.lang.Process waiting = new ProcessBuilder(crema.commandLine("exec", "--ignore-paused", id, "sh", "-c", "echo through"))
                    .redirectErrorStream(true).start();
            crema.run("resume", id).ok();
            assertEquals(0, waiting.waitFor());
            assertEquals("through\n", new String(waiting.getInputStream().readAllBytes()));
        }
    }

    @Test
    void everyCommandFailsWithRuncsExitCode() {
        try (RuncPeer runc = new RuncPeer(crema)) {
            String[][] failing = {{"state", "nosuch"}, {"kill", "nosuch"}, {"delete", "nosuch"}, {"start", "nosuch"},
                    {"pause", "nosuch"}, {"resume", "nosuch"}, {"ps", "nosuch"}, {"events", "--stats", "nosuch"},
                    {"update", "--pids-limit", "5", "nosuch"}, {"exec", "nosuch", "true"}, {"exec", "nosuch"},
                    {"create"}, {"kill"}, {"state", "--bogus", "x"}, {"exec"}, {"no-such-command"}};
            for (String[] args : failing) {
                Crema.Result fromRunc = runc.run(args);
                assertTrue(fromRunc.exitCode() != 0, "runc fails too: " + String.join(" ", args));
                assertEquals(fromRunc.exitCode(), crema.run(args).exitCode(), String.join(" ", args));
            }
        }
    }

    @Test
    void aStoppedContainerAnswersAsUnderRunc() throws Exception {
        try (RuncPeer runc = new RuncPeer(crema)) {
            String id = runDetached("sleep 1000");
            runc.run("run", "-d", "--bundle", bundle.dir.toString(), id + "-runc").ok();
            crema.run("kill", id, "KILL").ok();
            runc.run("kill", id + "-runc", "KILL").ok();
            for (int i = 0; i < 500 && !(runc.status(id + "-runc").equals("stopped") && state(id).get("status").equals("stopped")); i++) {
                Thread.sleep(10);
            }
            String[][] commands = {{"kill"}, {"ps", "--format", "json"}, {"pause"},
                    {"resume"}, {"start"}, {"update", "--pids-limit", "3"}, {"exec", "true"}, {"delete"}};
            for (String[] command : commands) {
                List<String> cremaArgs = new ArrayList<>(List.of(command));
                cremaArgs.add(command[0].equals("exec") ? 1 : cremaArgs.size(), id);
                List<String> runcArgs = new ArrayList<>(List.of(command));
                runcArgs.add(command[0].equals("exec") ? 1 : runcArgs.size(), id + "-runc");
                Crema.Result fromRunc = runc.run(runcArgs.toArray(String[]::new));
                Crema.Result fromCrema = crema.run(cremaArgs.toArray(String[]::new));
                String what = String.join(" ", command);
                assertEquals(fromRunc.exitCode(), fromCrema.exitCode(), what + ": " + fromCrema.stderr());
                assertEquals(fromRunc.stdout(), fromCrema.stdout(), what);
                if (fromRunc.exitCode() != 0) {
                    assertTrue(fromCrema.stderr().contains(runcReason(fromRunc.stderr()).replace("exec failed: ", "")),
                            what + ": runc " + fromRunc.stderr() + " crema " + fromCrema.stderr());
                }
            }
        }
    }

    @Test
    void everyCommandPrintsItsUsageOnHelp() {
        try (RuncPeer runc = new RuncPeer(crema)) {
            for (String command : List.of("create", "start", "state", "kill", "delete", "run", "exec", "update", "events",
                    "pause", "resume", "ps", "list", "spec", "features")) {
                for (String flag : List.of("--help", "-h")) {
                    assertEquals(0, runc.run(command, flag).exitCode(), "runc " + command + " " + flag);
                    Crema.Result help = crema.run(command, flag).ok();
                    assertTrue(help.stdout().startsWith("NAME:\n   crema " + command + " - "), help.stdout());
                    assertTrue(help.stdout().contains("\nUSAGE:\n   crema " + command), help.stdout());
                }
            }
            // the options runc lists for exec and update are there
            String exec = crema.run("exec", "--help").ok().stdout();
            assertTrue(exec.contains("--ignore-paused") && exec.contains("--cgroup value"), exec);
            assertTrue(crema.run("update", "-h").ok().stdout().contains("--cpu-share value"));
        }
    }

    @Test
    void debugLogsLogrusLinesAsRuncExecIncluded() throws Exception {
        String id = runDetached("sleep 1000");
        Path log = bundle.dir.resolve("debug.log");
        crema.run("--debug", "--log", log.toString(), "state", id).ok();
        // as runc, whose debug lines come from its init: none for state (DifferentialIT "--debug on an error")
        assertTrue(!Files.exists(log) || Files.readAllLines(log).isEmpty(), "state writes no debug line");
        crema.run("--debug", "--log", log.toString(), "exec", id, "true").ok();
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.size() >= 2, lines.toString());
        for (String line : lines) {
            assertTrue(line.matches("time=\"[^\"]+\" level=debug msg=\".*\""), line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("init plan for exec")), lines.toString());
        Path json = bundle.dir.resolve("debug.json");
        crema.run("--debug", "--log", json.toString(), "--log-format", "json", "exec", id, "true").ok();
        for (String line : Files.readAllLines(json)) {
            Map<?, ?> entry = (Map<?, ?>) dev.crema.spec.Json.parse(line);
            assertEquals("debug", entry.get("level"), line);
        }
        // without --log, stderr gets them
        Crema.Result toStderr = crema.run("--debug", "exec", id, "true").ok();
        assertTrue(toStderr.stderr().lines().allMatch(l -> l.contains(" level=debug msg=")), toStderr.stderr());
        assertTrue(!toStderr.stderr().isEmpty());
        assertEquals("", crema.run("--debug", "kill", id, "CONT").ok().stderr(), "kill writes no debug line, as runc");
    }

    @Test
    void execCgroupPutsTheProcessInAnExistingSubCgroup() throws Exception {
        String id = runDetached("sleep 1000");
        Path sub = Files.createDirectories(Path.of("/sys/fs/cgroup/pids/crema", id, "sub"));
        Crema.Result ran = crema.run("exec", "--cgroup", "pids:sub", id, "cat", "/proc/self/cgroup").ok();
        assertTrue(ran.stdout().contains(":pids:/crema/" + id + "/sub\n"), ran.stdout());
        assertTrue(ran.stdout().contains(":memory:/crema/" + id + "\n"), "other controllers keep the container's: " + ran.stdout());
        Crema.Result missing = crema.run("exec", "--cgroup", "nosuch", id, "true");
        assertEquals(255, missing.exitCode());
        assertTrue(missing.stderr().contains("--cgroup nosuch"), missing.stderr());
        assertEquals(255, crema.run("exec", "--cgroup", "a:b:c", id, "true").exitCode());
        assertTrue(Files.isDirectory(sub));
    }
}
