package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CVE-2024-21626: a process of the container's pid namespace opens the fds of crema's processes through
 * /proc/PID/fd/N and walks from there (/proc/PID/fd/5/sys/kernel/core_pattern when fd 5 was the host's /proc).
 * The scanner below does that for every fd of every other process it can see: it lists each fd's target, says
 * which lead to a directory, and tries to open core_pattern below each for writing (opening only: nothing is
 * ever written). It runs with CAP_SYS_PTRACE so that it sees past the init's non-dumpable flag and checks the
 * fds themselves; a scanner without it must see nothing at all (the defence in depth).
 */
@Tag("security")
class AttackHostFdsIT extends AttackTest {
    private static final String SCAN = """
            for d in /proc/[0-9]*; do
              p=${d#/proc/}
              [ "$p" = "$$" ] && continue
              for f in $d/fd/*; do
                [ -L "$f" ] || continue
                t=$(readlink "$f" 2>/dev/null) || t='?'
                echo "FD $p ${f##*/} $t"
                if [ -d "$f" ]; then echo "DIR $p ${f##*/} $t"; fi
                if ( : >> "$f/sys/kernel/core_pattern" ) 2>/dev/null; then echo "WRITABLE $p ${f##*/} $t"; fi
              done
            done
            """;
    private static final List<String> PTRACE_CAPS = List.of("CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_PTRACE", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH");

    private void withCaps(List<String> caps) {
        Map<String, Object> c = new LinkedHashMap<>();
        for (String set : new String[] {"bounding", "effective", "permitted"}) c.put(set, new ArrayList<>(caps));
        bundle.process().put("capabilities", c);
    }

    /** The scanner's report must show no directory and nothing writable; returns its FD lines. */
    private static List<String> assertNothingLeadsOut(String report) {
        for (String line : report.lines().toList()) {
            assertFalse(line.startsWith("DIR ") || line.startsWith("WRITABLE "), "an fd leads out: " + line + "\n" + report);
        }
        return report.lines().filter(l -> l.startsWith("FD ")).toList();
    }

    private String createWaiting() {
        bundle.process().put("args", List.of("sleep", "100"));
        bundle.write();
        String id = newId();
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        return id;
    }

    @Test
    void execIntoACreatedContainerFindsOnlyTheFifoInTheWaitingInit() throws Exception {
        withCaps(PTRACE_CAPS);
        String id = createWaiting();
        String report = crema.run("exec", id, "sh", "-c", SCAN).ok().stdout();
        List<String> fds = assertNothingLeadsOut(report);
        List<String> init = fds.stream().filter(l -> l.startsWith("FD 1 ")).toList();
        // the scanner sees the waiting init's fds (else this test could not fail): stdio and the exec fifo only
        assertTrue(init.stream().anyMatch(l -> l.endsWith("/exec.fifo")), report);
        for (String line : init) {
            String fd = line.split(" ")[2];
            assertTrue(List.of("0", "1", "2").contains(fd) || line.endsWith("/exec.fifo"), "unexpected fd in the waiting init: " + line);
        }
        assertCorePatternUnchangedNow();
    }

    @Test
    void theWaitingInitIsNotDumpableToAProcessWithoutPtrace() {
        String id = createWaiting();
        // default capabilities: /proc/1/fd can be listed, but not one link read or followed
        String report = crema.run("exec", id, "sh", "-c", SCAN).ok().stdout();
        List<String> init = assertNothingLeadsOut(report).stream().filter(l -> l.startsWith("FD 1 ")).toList();
        assertFalse(init.isEmpty(), report);
        for (String line : init) assertTrue(line.endsWith(" ?"), "readable without CAP_SYS_PTRACE: " + line);
    }

    @Test
    void aRunningContainerAndAnExecdProcessHoldOnlyStdio() throws Exception {
        withCaps(PTRACE_CAPS);
        String id = createWaiting();
        crema.run("start", id).ok();
        List<String> fds = assertNothingLeadsOut(crema.run("exec", id, "sh", "-c", SCAN).ok().stdout());
        for (String line : fds) {
            if (line.startsWith("FD 1 ")) assertTrue(line.matches("FD 1 [012] .*"), "the container process holds " + line);
        }
        // the exec'd process itself: stdio, and the directory ls reads
        String own = crema.run("exec", id, "sh", "-c", "ls /proc/self/fd | tr '\\n' ' '").ok().stdout().trim();
        assertEquals("0 1 2 3", own);
        assertCorePatternUnchangedNow();
    }

    @Test
    void aNeighbourInTheSamePidNamespaceFindsNothingOfTheHost() throws Exception {
        String waiting = createWaiting();
        long pid = initPid(waiting);
        // a second container joins the waiting one's pid namespace (a pod) and scans it, with CAP_SYS_PTRACE
        try (Bundle neighbour = new Bundle()) {
            Bundle mine = bundle;
            bundle = neighbour;
            try {
                withCaps(PTRACE_CAPS);
                neighbour.script(SCAN);
                for (Object ns : neighbour.namespaces()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> n = (Map<String, Object>) ns;
                    if ("pid".equals(n.get("type"))) n.put("path", "/proc/" + pid + "/ns/pid");
                }
                String report = runContainer().ok().stdout();
                List<String> init = assertNothingLeadsOut(report).stream().filter(l -> l.startsWith("FD 1 ")).toList();
                assertTrue(init.stream().anyMatch(l -> l.endsWith("/exec.fifo")), "the neighbour sees the waiting init: " + report);
                assertEquals(4, init.size(), "stdio and the fifo: " + init);
            } finally {
                bundle = mine;
            }
        }
        assertCorePatternUnchangedNow();
    }

    @Test
    void aScannerRacingExecsFindsNothingOfTheHost() throws Exception {
        // the exec init's child is in the container's pid namespace from its fork until its execve: a scanner
        // loops over every process while execs come and go (a race: it may or may not catch one in the act)
        withCaps(PTRACE_CAPS);
        bundle.script("cat > /tmp/scan.sh <<'EOF'\n" + SCAN + "\nEOF\nwhile :; do sh /tmp/scan.sh; echo round; done > /tmp/scan.log");
        bundle.write();
        String id = newId();
        crema.run("run", "-d", "--bundle", bundle.dir.toString(), id).ok();
        for (int i = 0; i < 15; i++) crema.run("exec", id, "true").ok();
        crema.run("kill", id, "KILL").ok();
        Path log = bundle.rootfs().resolve("tmp/scan.log");
        String report = Files.readString(log);
        assertTrue(report.contains("round"), "the scanner ran: " + report);
        assertNothingLeadsOut(report);
        assertCorePatternUnchangedNow();
    }
}
