package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** process.terminal with --console-socket: the pty master reaches a receiver like conmon's, the pty is the container's. */
class TerminalIT extends ContainerTest {

    private String terminalOutput(java.lang.Process receiver, Path out) throws Exception {
        assertTrue(receiver.waitFor(20, TimeUnit.SECONDS), "the receiver saw the terminal close");
        return Files.readString(out);
    }

    @Test
    void theContainerRunsOnAPtyWhoseMasterReachesTheConsoleSocket() throws Exception {
        Path socket = bundle.dir.resolve("console.sock");
        Path out = bundle.dir.resolve("console.out");
        java.lang.Process receiver = startSocketPeer("console-receiver.py", socket, out);
        bundle.process().put("terminal", true);
        bundle.process().put("consoleSize", Map.of("height", 30, "width", 100));
        bundle.script("tty; stty size; ls -l /dev/console | cut -c1; echo done");
        bundle.write();
        crema.run("run", "-d", "--console-socket", socket.toString(), "--bundle", bundle.dir.toString(), newId()).ok();
        String text = terminalOutput(receiver, out);
        assertTrue(text.contains("/dev/pts/0"), text);
        assertTrue(text.contains("30 100"), text);
        assertTrue(text.contains("\nc\r\n") || text.contains("c\r\n"), "/dev/console is the pty: " + text);
        assertTrue(text.contains("done"), text);
    }

    @Test
    void aDetachedTerminalWithoutAConsoleSocketIsRefused() {
        bundle.process().put("terminal", true);
        assertCreateFails("process.terminal: cannot allocate a tty for a detached container without --console-socket");
        String id = newId();
        Crema.Result r = crema.run("run", "-d", "--bundle", bundle.dir.toString(), id).failed();
        assertTrue(r.stderr().contains("without --console-socket"), r.stderr());
        before.assertClean(crema, id);
    }

    @Test
    void aForegroundRunRelaysTheTerminalItself() {
        // an interactive shell on the container's pty, fed from crema's stdin: what it echoes and prints comes back
        bundle.process().put("terminal", true);
        bundle.process().put("args", List.of("sh"));
        bundle.write();
        String id = newId();
        Crema.Result r = crema.runWithInput("tty; echo from-$((6*7)); exit 3\n", "run", "--bundle", bundle.dir.toString(), id);
        assertEquals(3, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("/dev/pts/0\r\n"), r.stdout());
        assertTrue(r.stdout().contains("from-42\r\n"), r.stdout());
    }

    @Test
    void theUsersTerminalSizeReachesTheContainerBeforeItStarts() {
        // script gives crema a terminal of its own, sized 100x30 before crema runs
        bundle.process().put("terminal", true);
        bundle.script("stty size; exit 4");
        bundle.write();
        String id = newId();
        String command = "stty cols 100 rows 30; " + String.join(" ", crema.commandLine("run", "--bundle",
                bundle.dir.toString(), id)) + "; echo rc=$?";
        Crema.Result r = Crema.exec(List.of("script", "-qec", command, "/dev/null"), null).ok();
        assertTrue(r.stdout().contains("30 100\r\n"), r.stdout());
        assertTrue(r.stdout().contains("rc=4"), r.stdout());
    }

    @Test
    void aForegroundExecWithTtyIsRelayedToo() {
        String id = runDetached("sleep 1000");
        Crema.Result r = crema.run("exec", "-t", id, "sh", "-c", "tty; exit 6");
        assertEquals(6, r.exitCode(), r.stderr());
        assertTrue(r.stdout().startsWith("/dev/pts/"), r.stdout());
        r = crema.run("exec", "-t", "-d", id, "true").failed();
        assertTrue(r.stderr().contains("cannot allocate a tty for a detached process without --console-socket"), r.stderr());
    }

    @Test
    void execWithTtyGetsItsOwnPty() throws Exception {
        String id = runDetached("sleep 1000");
        Path socket = bundle.dir.resolve("exec.sock");
        Path out = bundle.dir.resolve("exec.out");
        java.lang.Process receiver = startSocketPeer("console-receiver.py", socket, out);
        // detached, as runc: a foreground exec refuses a console socket (it would have no terminal to relay)
        crema.run("exec", "-d", "-t", "--console-socket", socket.toString(), id, "sh", "-c", "tty; echo exec-done").ok();
        String text = terminalOutput(receiver, out);
        assertTrue(text.contains("/dev/pts/") && text.contains("exec-done"), text);
        assertTrue(List.of(text.split("\n")).getFirst().equals("/dev/ptmx"), "the name runc sends: " + text);
    }

    @Test
    void aConsoleSocketIsRefusedWhereRuncRefusesIt() {
        String id = runDetached("sleep 1000");
        Path socket = bundle.dir.resolve("unused.sock");
        // a foreground exec, and a process without a terminal: runc's "cannot use console socket"
        Crema.Result fg = crema.run("exec", "-t", "--console-socket", socket.toString(), id, "true").failed();
        assertTrue(fg.stderr().contains("cannot use console socket if crema will not detach or allocate tty"), fg.stderr());
        Crema.Result noTty = crema.run("exec", "-d", "--console-socket", socket.toString(), id, "true").failed();
        assertTrue(noTty.stderr().contains("cannot use console socket if crema will not detach or allocate tty"), noTty.stderr());
    }
}
