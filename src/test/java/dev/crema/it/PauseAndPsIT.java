package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** pause, resume and ps on real containers (v1 freezer on this host). */
class PauseAndPsIT extends ContainerTest {

    @Test
    void pauseFreezesAndResumeThaws() throws Exception {
        String id = runDetached("while true; do echo tick >> /tmp/ticks; sleep 0.02; done");
        crema.run("pause", id).ok();
        assertEquals("paused", state(id).get("status"));
        assertEquals("FROZEN", Files.readString(Path.of("/sys/fs/cgroup/freezer/crema", id, "freezer.state")).trim());
        assertTrue(crema.run("pause", id).failed().stderr().contains("container not running"));
        crema.run("resume", id).ok();
        assertEquals("running", state(id).get("status"));
        assertTrue(crema.run("resume", id).failed().stderr().contains("container not paused"));
    }

    @Test
    void aPausedContainerCanBeForceDeleted() {
        String id = runDetached("sleep 1000");
        crema.run("pause", id).ok();
        crema.run("delete", "--force", id).ok();
        assertTrue(crema.run("state", id).failed().stderr().contains("does not exist"));
        assertTrue(!Files.exists(Path.of("/sys/fs/cgroup/freezer/crema", id)), "its frozen cgroup is gone too");
    }

    /** The status once the container settled (a killed container stops a moment after kill returns), or "gone". */
    private static String settledStatus(java.util.function.Supplier<String> status, String from) throws InterruptedException {
        String now = status.get();
        for (int i = 0; i < 500 && now.equals(from); i++) {
            Thread.sleep(10);
            now = status.get();
        }
        return now;
    }

    private String cremaStatus(String id) {
        Crema.Result r = crema.run("state", id);
        return r.exitCode() != 0 ? "gone" : (String) ((Map<?, ?>) Json.parse(r.stdout())).get("status");
    }

    @Test
    void killOfAPausedContainerStopsItAsUnderRunc() throws Exception {
        try (RuncPeer runc = new RuncPeer(crema)) {
            String id = runDetached("sleep 1000");
            crema.run("pause", id).ok();
            crema.run("kill", id, "KILL").ok();
            String runcId = id + "-runc";
            runc.run("run", "-d", "--bundle", bundle.dir.toString(), runcId).ok();
            runc.run("pause", runcId).ok();
            runc.run("kill", runcId, "KILL").ok();
            String expected = settledStatus(() -> runc.status(runcId), "paused");
            assertEquals("stopped", expected, "runc thaws the cgroup after SIGKILL");
            assertEquals(expected, settledStatus(() -> cremaStatus(id), "paused"));
            assertEquals("THAWED", Files.readString(Path.of("/sys/fs/cgroup/freezer/crema", id, "freezer.state")).trim());
            crema.run("delete", id).ok();
        }
    }

    @Test
    void killAllOfAPausedContainerThawsItAsUnderRunc() throws Exception {
        try (RuncPeer runc = new RuncPeer(crema)) {
            // TERM is ignored by a shell that traps it: the processes get it and run on, thawed
            String id = runDetached("trap '' TERM; sleep 1000");
            crema.run("pause", id).ok();
            crema.run("kill", "--all", id, "TERM").ok();
            String runcId = id + "-runc";
            runc.run("run", "-d", "--bundle", bundle.dir.toString(), runcId).ok();
            runc.run("pause", runcId).ok();
            runc.run("kill", "--all", runcId, "TERM").ok();
            assertEquals(runc.status(runcId), cremaStatus(id));
            assertEquals("running", cremaStatus(id));
            // a plain TERM to the init of a paused container leaves it paused, for both
            crema.run("pause", id).ok();
            runc.run("pause", runcId).ok();
            crema.run("kill", id, "TERM").ok();
            runc.run("kill", runcId, "TERM").ok();
            assertEquals(runc.status(runcId), cremaStatus(id));
            assertEquals("paused", cremaStatus(id));
        }
    }

    @Test
    void aCreatedContainerCanBePausedAsByRunc() {
        bundle.script("sleep 1000").write();
        String id = newId();
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        crema.run("pause", id).ok();
        assertEquals("paused", state(id).get("status"));
        assertTrue(crema.run("start", id).failed().stderr().contains("paused"), "a paused container is not started");
        crema.run("resume", id).ok();
        assertEquals("created", state(id).get("status"), "resume makes it created again");
        crema.run("start", id).ok();
        assertEquals("running", state(id).get("status"));
    }

    @Test
    void psListsTheContainersProcesses() {
        String id = runDetached("sleep 1000 & sleep 1001");
        long pid = ((Number) state(id).get("pid")).longValue();
        List<?> pids = (List<?>) Json.parse(crema.run("ps", "--format", "json", id).ok().stdout());
        assertTrue(pids.contains(pid), pids.toString());
        assertEquals(2, pids.size(), pids.toString());
        String table = crema.run("ps", id).ok().stdout();
        assertTrue(table.startsWith("UID") && table.contains("sleep 1000") && table.contains("sleep 1001"), table);
        assertEquals(3, table.lines().count(), table);
        String custom = crema.run("ps", id, "-o", "pid,comm").ok().stdout();
        assertTrue(custom.lines().skip(1).allMatch(l -> l.trim().endsWith("sleep")), custom);
    }
}
