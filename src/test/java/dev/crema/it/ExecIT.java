package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** exec into a running container: its namespaces, cgroup, user, env, cwd, exit code. */
class ExecIT extends ContainerTest {

    @Test
    void execJoinsEveryNamespaceOfTheContainer() throws Exception {
        String id = runDetached("sleep 1000");
        long init = initPid(id);
        String out = crema.run("exec", id, "sh", "-c",
                "for n in ipc mnt net pid uts; do readlink /proc/self/ns/$n; done; hostname; cat /proc/1/cmdline").ok().stdout();
        StringBuilder expected = new StringBuilder();
        for (String ns : new String[] {"ipc", "mnt", "net", "pid", "uts"}) {
            expected.append(Files.readSymbolicLink(Path.of("/proc/" + init + "/ns/" + ns))).append('\n');
        }
        assertEquals(expected + "crema-it\nsleep1000", out.replace("\0", ""));
    }

    @Test
    void exitCodeUserEnvAndCwdComeThrough() {
        String id = runDetached("sleep 1000");
        Crema.Result result = crema.run("exec", "--user", "1000:1001", "-g", "7", "--env", "A=1", "-e", "B=2",
                "--cwd", "/tmp", id, "sh", "-c", "id -u; id -g; id -G; echo $A$B; pwd; exit 5");
        assertEquals(5, result.exitCode(), result.stderr());
        assertEquals("1000\n1001\n1001 7\n12\n/tmp\n", result.stdout());
    }

    @Test
    void processJsonIsTakenAsIs() throws Exception {
        String id = runDetached("sleep 1000");
        Path process = bundle.dir.resolve("process.json");
        Files.writeString(process, """
                {"user": {"uid": 2, "gid": 3}, "args": ["sh", "-c", "id -u; id -g; echo $X"], "env": ["X=from-json", "PATH=/bin"],
                 "cwd": "/", "noNewPrivileges": true}
                """);
        assertEquals("2\n3\nfrom-json\n", crema.run("exec", "--process", process.toString(), id).ok().stdout());
        // as runc: without PATH in its env a bare command is not found (the init starts from an empty environment)
        Files.writeString(process, "{\"user\": {\"uid\": 2, \"gid\": 3}, \"args\": [\"sh\"], \"env\": [\"X=1\"], \"cwd\": \"/\"}");
        Crema.Result noPath = crema.run("exec", "--process", process.toString(), id).failed();
        assertTrue(noPath.stderr().contains("process.args[0]: exec: \"sh\": executable file not found in $PATH"), noPath.stderr());
        Files.writeString(process, "{\"user\": {\"uid\": 2,");
        Crema.Result broken = crema.run("exec", "--process", process.toString(), id).failed();
        assertTrue(broken.stderr().contains("--process " + process + ": process.json: line 1"), broken.stderr());
    }

    @Test
    void theExecedProcessIsInTheContainersCgroup() throws Exception {
        String id = runDetached("sleep 1000");
        crema.run("exec", "-d", "--pid-file", bundle.dir.resolve("exec.pid").toString(), id, "sleep", "999").ok();
        String pid = Files.readString(bundle.dir.resolve("exec.pid")).trim();
        assertTrue(Files.readString(Path.of("/sys/fs/cgroup/pids/crema", id, "cgroup.procs")).contains(pid));
        assertTrue(Files.readString(Path.of("/proc", pid, "cmdline")).startsWith("sleep"));
    }

    @Test
    void intoAContainerWithACgroupNamespaceTheProcessIsInItsCgroupAndNamespace() throws Exception {
        bundle.addNamespace("cgroup");
        String id = runDetached("sleep 1000");
        long init = initPid(id);
        String out = crema.run("exec", id, "sh", "-c", "readlink /proc/self/ns/cgroup; cat /proc/self/cgroup").ok().stdout();
        assertTrue(out.startsWith(Files.readSymbolicLink(Path.of("/proc/" + init + "/ns/cgroup")) + "\n"), out);
        // seen from its own cgroup namespace, every hierarchy is at its root: it is where the container is
        for (String line : out.strip().split("\n")) {
            if (!line.startsWith("cgroup:")) assertTrue(line.endsWith(":/"), out);
        }
        crema.run("exec", "-d", "--pid-file", bundle.dir.resolve("exec.pid").toString(), id, "sleep", "999").ok();
        String pid = Files.readString(bundle.dir.resolve("exec.pid")).trim();
        String host = Files.readString(Path.of("/proc", pid, "cgroup"));
        for (String line : host.strip().split("\n")) assertTrue(line.endsWith(":/crema/" + id), host);
    }

    @Test
    void theContainersOomScoreAdjIsTheExecdProcesssToo() throws Exception {
        // as runc 1.1.5 does (CriIT compares it through containerd): the config's value, with --process too
        bundle.process().put("oomScoreAdj", 500);
        String id = runDetached("sleep 1000");
        assertEquals("500\n", crema.run("exec", id, "cat", "/proc/self/oom_score_adj").ok().stdout());
        Path process = bundle.dir.resolve("process.json");
        Files.writeString(process, "{\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"cat\", \"/proc/self/oom_score_adj\"],"
                + " \"env\": [\"PATH=/bin\"], \"cwd\": \"/\"}");
        assertEquals("500\n", crema.run("exec", "--process", process.toString(), id).ok().stdout());
    }

    @Test
    void capAddsToTheContainersSets() {
        String id = runDetached("sleep 1000");
        String caps = crema.run("exec", "--cap", "CAP_CHOWN", id, "grep", "CapEff", "/proc/self/status").ok().stdout();
        // CAP_CHOWN (bit 0) joins the base bundle's CAP_KILL, CAP_NET_BIND_SERVICE and CAP_AUDIT_WRITE
        assertEquals("CapEff:\t0000000020000421\n", caps);
    }

    @Test
    void preservedFdsReachTheExecdProcess() throws Exception {
        String id = runDetached("sleep 1000");
        Files.writeString(bundle.dir.resolve("passed"), "through fd 3");
        // fd 3 of the crema process: the shell opens it on a file for crema to pass on
        Crema.Result result = Crema.exec(java.util.List.of("sh", "-c", "exec 3<" + bundle.dir.resolve("passed") + "; exec "
                + String.join(" ", crema.commandLine("exec", "--preserve-fds", "1", id, "sh", "-c", "'cat <&3; ls /proc/self/fd | sort -n | tr \"\\n\" \" \"'"))),
                null).ok();
        assertEquals("through fd 3" + "0 1 2 3 4 ", result.stdout());
    }

    @Test
    void securityLabelsAreCheckedAsRuncChecksThemOnAHostWithoutTheLsm() {
        String id = runDetached("sleep 1000");
        assertTrue(crema.run("exec", "--apparmor", "crema-test", id, "true").failed().stderr()
                .contains("process.apparmorProfile: AppArmor is not enabled on this host"));
        assertTrue(crema.run("exec", "--process-label", "system_u:system_r:container_t:s0", id, "true").failed().stderr()
                .contains("process.selinuxLabel: selinux label is specified in config, but selinux is disabled or not supported"));
        // nothing of the failed execs is left in the container: the header and its one process
        assertEquals(2, crema.run("ps", id).ok().stdout().lines().count());
    }

    @Test
    void execOfAMissingProgramAndIntoAStoppedContainerFail() {
        String id = runDetached("sleep 1000");
        assertTrue(crema.run("exec", id, "no-such").failed().stderr().contains("executable file not found in $PATH"));
        crema.run("kill", id, "KILL").ok();
        // the init, pid 1 of its namespace, ends only once every process there is reaped, the failed exec's too,
        // which the machine's pid 1 reaps in its own time: a deadline, not a count (a count of fast commands
        // through a crema server ran out first)
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!crema.run("state", id).stdout().contains("stopped") && System.nanoTime() < deadline) {
            crema.run("state", id);
        }
        assertTrue(crema.run("exec", id, "true").failed().stderr().contains("cannot exec in a stopped container"));
    }
}
