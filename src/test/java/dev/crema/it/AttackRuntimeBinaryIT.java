package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CVE-2019-5736: a process in the container overwrites the runtime's host binary through /proc/PID/exe of a
 * runtime process it can see (the init while the container is created, the init of an exec, the init of a
 * neighbour joining its pid namespace, the controller's JVM in a container sharing the host's pid namespace),
 * directly or through an fd it keeps until that process has exec'd or exited. crema-init runs from a sealed
 * memfd copy of itself, and the controller never enters the container; after each attack every host binary
 * (crema-init, libcrema.so, the jar, the jlink'ed runtime) is byte-identical.
 */
@Tag("security")
class AttackRuntimeBinaryIT extends ContainerTest {
    /**
     * The attacker: round after round, every process it can see whose exe is not the container's own busybox
     * gets its exe opened for writing (append: a write reaching anything never truncates it), and an fd is
     * kept on it to write through again in later rounds, after that process has exec'd or exited (the
     * CVE's O_PATH trick, with the fds a shell can hold). Every success is logged as WROTE.
     */
    private static final String ATTACK = """
            log=$1; rounds=$2; n=0; kept=3
            try() { if (echo pwned >> "$1") 2>/dev/null; then echo "WROTE $1 ($2)" >> $log; fi; }
            while [ $n -lt $rounds ] && [ ! -e /stop ]; do
              for p in /proc/[0-9]*; do
                grep -qx "$p" $log.seen 2>/dev/null && continue
                if exe=$(readlink $p/exe 2>/dev/null); then
                  case "$exe" in /bin/busybox|"") continue;; esac
                  echo $p >> $log.seen
                  echo "saw $p $exe" >> $log
                  try $p/exe "$exe"
                  if [ $kept -le 9 ]; then command eval "exec $kept<$p/exe" 2>/dev/null && echo "kept $kept $exe" >> $log; kept=$((kept+1)); fi
                elif grep -q -e dev.crema -e crema-init $p/cmdline 2>/dev/null; then
                  echo $p >> $log.seen
                  echo "denied $p $(grep -o -e dev.crema.cli.Main -e crema-init $p/cmdline | head -n 1)" >> $log
                  try $p/exe "denied $p"
                fi
              done
              f=3; while [ $f -lt $kept ]; do [ -e /proc/$$/fd/$f ] && try /proc/$$/fd/$f "fd $f"; f=$((f+1)); done
              n=$((n+1))
            done
            echo done >> $log
            """;

    private HostBinaries binaries;

    @BeforeEach
    void hashHostBinariesAndWriteTheAttacker() throws IOException {
        binaries = HostBinaries.take();
        Path attack = bundle.rootfs().resolve("attack.sh");
        Files.writeString(attack, ATTACK);
        Files.setPosixFilePermissions(attack, PosixFilePermissions.fromString("rwxr-xr-x"));
        // a program the container swaps in for one an exec will run: the CVE's "#!/proc/self/exe"
        Path evil = bundle.rootfs().resolve("evil");
        Files.writeString(evil, "#!/proc/self/exe\n");
        Files.setPosixFilePermissions(evil, PosixFilePermissions.fromString("rwxr-xr-x"));
        // root with the capabilities docker gives by default: the attacker runs as strong as an image may
        List<String> caps = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
                "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
                "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
        Map<String, Object> sets = new LinkedHashMap<>();
        for (String set : new String[] {"bounding", "effective", "permitted"}) sets.put(set, new ArrayList<>(caps));
        bundle.process().put("capabilities", sets);
        bundle.process().put("noNewPrivileges", false);
    }

    /**
     * A waiting crema-init is not dumpable, so with docker's default set the attacker cannot even read its exe
     * ("denied"). With CAP_SYS_PTRACE (docker --cap-add SYS_PTRACE, as debuggers ask) it sees the init and
     * opens its exe: then the sealed memfd alone must stop it, which is what these tests attack.
     */
    @SuppressWarnings("unchecked")
    private void grantPtrace() {
        Map<String, Object> sets = (Map<String, Object>) bundle.process().get("capabilities");
        for (Object set : sets.values()) ((List<String>) set).add("CAP_SYS_PTRACE");
    }

    private String log(String name) throws IOException {
        Path log = bundle.rootfs().resolve(name);
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Waits up to 10 s for the attacker to log this. */
    private void waitForLog(String log, String text) throws Exception {
        for (int i = 0; i < 500 && !log(log).contains(text); i++) Thread.sleep(20);
    }

    private void stopAttackers(String log) throws Exception {
        Files.writeString(bundle.rootfs().resolve("stop"), "");
        waitForLog(log, "done\n");
        assertTrue(log(log).contains("done\n"), "the attacker did not finish: " + log(log));
    }

    private void assertNoWrite(String log) throws IOException {
        String text = log(log);
        System.out.println("attacker's log " + log + ":\n" + text);
        assertFalse(text.contains("WROTE"), "the attacker wrote through a runtime process's exe:\n" + text);
        binaries.assertUnchanged();
    }

    @Test
    void theEntrypointRunsProcSelfExeAndGetsOnlyTheSealedCopy() throws Exception {
        grantPtrace();
        // as the CVE's image does: the entrypoint is the runtime itself, reached through /proc/self/exe at exec
        bundle.process().put("args", List.of("/proc/self/exe"));
        Crema.Result result = runContainer();
        assertTrue(result.exitCode() != 0, "crema-init run as the container's program must refuse to work: " + result);
        // and pid 1 then writes every exe it sees while it is the init (the created container's init)
        bundle.process().put("args", List.of("sh", "/attack.sh", "/log", "20"));
        String id = newId();
        bundle.write();
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        String exec = crema.run("exec", id, "sh", "/attack.sh", "/exec.log", "3").ok().stdout();
        assertEquals("", exec);
        String seen = log("exec.log");
        assertTrue(seen.contains("saw /proc/1 /memfd:crema-init"),
                "the created container's init must be visible (and a memfd) to the exec'd attacker:\n" + seen);
        crema.run("start", id).ok();
        waitForLog("log", "done\n");
        assertNoWrite("exec.log");
        assertNoWrite("log");
    }

    @Test
    void anExecdProcessKeepsTheCreatedInitsExeAcrossStart() throws Exception {
        grantPtrace();
        // exec into a created container: pid 1 is the waiting crema-init. The attacker keeps an fd on its exe
        // while start makes it exec the container's program, then writes through the fd it kept.
        bundle.script("sleep 1000").write();
        String id = newId();
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        crema.run("exec", "-d", id, "sh", "/attack.sh", "/exec.log", "100000").ok();
        waitForLog("exec.log", "kept 3 /memfd:crema-init");
        assertTrue(log("exec.log").contains("kept 3 /memfd:crema-init"), "no fd kept on the init's exe:\n" + log("exec.log"));
        crema.run("start", id).ok();
        // a few rounds after the init became `sleep`: the kept fd now names a binary nobody executes
        Thread.sleep(1000);
        stopAttackers("exec.log");
        assertNoWrite("exec.log");
    }

    @Test
    void anExecOfProcSelfExeIsSeenByANeighbourAndStaysSealed() throws Exception {
        // pid 1 attacks every process an exec brings in; the exec'd program is "#!/proc/self/exe", so the
        // kernel runs whatever the exec's init was at that moment, as the CVE's exploit does
        String id = runDetached("sh /attack.sh /log 100000");
        for (int round = 0; round < 5; round++) {
            Crema.Result evil = crema.run("exec", id, "/evil");
            assertTrue(evil.exitCode() != 0, "crema-init as an exec'd program must refuse to work: " + evil);
            crema.run("exec", id, "/proc/self/exe").failed();
        }
        crema.run("exec", id, "sh", "-c", "sh /attack.sh /exec.log 2; echo pwned >> /proc/self/exe || true").ok();
        stopAttackers("log");
        assertNoWrite("log");
        assertNoWrite("exec.log");
    }

    @Test
    void aNeighbourInTheSamePidNamespaceAttacksTheJoiningInit() throws Exception {
        grantPtrace();
        // a pod: the attacker is pid 1 of the first container; the second joins its pid namespace and stays
        // created, so its crema-init waits in the attacker's view
        String attacker = runDetached("sh /attack.sh /log 100000");
        long pid = initPid(attacker);
        try (Bundle neighbour = new Bundle()) {
            neighbour.script("sleep 1000");
            neighbour.namespaces().removeIf(ns -> ((Map<?, ?>) ns).get("type").equals("pid"));
            neighbour.namespaces().add(new LinkedHashMap<>(Map.of("type", "pid", "path", "/proc/" + pid + "/ns/pid")));
            neighbour.write();
            String joined = newId();
            crema.run("create", "--bundle", neighbour.dir.toString(), joined).ok();
            waitForLog("log", "kept");
            assertTrue(log("log").contains("/memfd:crema-init"), "the joining init must be seen, as a memfd:\n" + log("log"));
            crema.run("start", joined).ok();
            Thread.sleep(500);
            crema.run("delete", "--force", joined).ok();
        }
        stopAttackers("log");
        assertNoWrite("log");
    }

    @Test
    void aContainerInTheHostPidNamespaceCannotWriteTheControllersBinaries() throws Exception {
        // no pid namespace: every crema process on the host is in view, the controller's JVM included
        bundle.namespaces().removeIf(ns -> ((Map<?, ?>) ns).get("type").equals("pid"));
        String id = runDetached("sh /attack.sh /log 100000");
        for (int round = 0; round < 3; round++) crema.run("exec", id, "sleep", "2").ok();
        stopAttackers("log");
        assertTrue(log("log").contains("dev.crema.cli.Main"), "the controller's JVM must be in view:\n" + log("log"));
        assertNoWrite("log");
    }
}
