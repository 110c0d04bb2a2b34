package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The five operations on a real container, and the state JSON at each step. */
class LifecycleIT extends ContainerTest {

    @Test
    void createStartKillDeleteWalksThroughEveryStatus() throws Exception {
        bundle.script("sleep 1000").write();
        String id = newId();
        Path pidFile = bundle.dir.resolve("pid");
        crema.run("create", "--bundle", bundle.dir.toString(), "--pid-file", pidFile.toString(), id).ok();

        Map<String, Object> created = state(id);
        assertEquals("created", created.get("status"));
        assertEquals(id, created.get("id"));
        assertEquals(bundle.dir.toString(), created.get("bundle"));
        long pid = ((Number) created.get("pid")).longValue();
        assertTrue(pid > 0);
        assertEquals(Long.toString(pid), Files.readString(pidFile).trim());
        assertTrue(created.containsKey("ociVersion"));
        // the init waits for start: it has not exec'd the user's program yet
        assertTrue(Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString().contains("crema-init"),
                "before start the container process is the sealed init copy");

        crema.run("start", id).ok();
        assertEquals("running", state(id).get("status"));
        assertTrue(Files.readString(Path.of("/proc/" + pid + "/cmdline")).startsWith("sleep"));

        crema.run("start", id).failed();
        assertTrue(crema.run("delete", id).failed().stderr().contains("that is not stopped: running"));

        crema.run("kill", id, "KILL").ok();
        waitForStatus(id, "stopped");
        assertEquals(0L, ((Number) state(id).get("pid")).longValue());
        assertTrue(crema.run("start", id).failed().stderr().contains("cannot start a container that has stopped"));
        assertTrue(crema.run("kill", id).failed().stderr().contains("container not running"));

        crema.run("delete", id).ok();
        assertTrue(crema.run("state", id).failed().stderr().contains("does not exist"));
    }

    @Test
    void runPrintsTheContainersOutputAndExitsWithItsCode() {
        bundle.script("echo hello from inside; exit 7").write();
        Crema.Result result = crema.run("run", "--bundle", bundle.dir.toString(), newId());
        assertEquals(7, result.exitCode(), result.stderr());
        assertEquals("hello from inside\n", result.stdout());
    }

    @Test
    void runDetachedLeavesItRunning() {
        bundle.script("sleep 1000").write();
        String id = newId();
        crema.run("run", "-d", "--bundle", bundle.dir.toString(), id).ok();
        assertEquals("running", state(id).get("status"));
        crema.run("delete", "--force", id).ok();
        assertTrue(crema.run("state", id).failed().stderr().contains("does not exist"));
    }

    @Test
    void deleteForceOfAContainerThatIsGoneSucceedsQuietly() {
        Crema.Result result = crema.run("delete", "--force", "never-existed");
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("", result.stderr());
    }

    @Test
    void killTakesSignalNamesAndNumbers() {
        bundle.script("trap 'echo got-usr1 > /tmp/sig' USR1; while true; do sleep 0.05; done").write();
        String id = newId();
        crema.run("run", "-d", "--bundle", bundle.dir.toString(), id).ok();
        crema.run("kill", id, "SIGUSR1").ok();
        crema.run("kill", id, "usr1").ok();
        crema.run("kill", id, "10").ok();
        crema.run("kill", id, "NOPE").failed();
        crema.run("kill", id, "9").ok();
        waitForStatus(id, "stopped");
    }

    @Test
    void killAllSignalsEveryProcessInTheCgroup() {
        bundle.script("sleep 1000 & sleep 1001 & wait").write();
        String id = newId();
        crema.run("run", "-d", "--bundle", bundle.dir.toString(), id).ok();
        crema.run("kill", "--all", id, "KILL").ok();
        waitForStatus(id, "stopped");
    }

    @Test
    void createOfAnExistingIdIsRefused() {
        bundle.script("sleep 1000").write();
        String id = newId();
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        Crema.Result again = crema.run("create", "--bundle", bundle.dir.toString(), id).failed();
        assertTrue(again.stderr().contains("container with given ID already exists: " + id), again.stderr());
        assertEquals("created", state(id).get("status"));
    }

    @Test
    void listShowsContainersAsTableAndJson() {
        bundle.script("sleep 1000").write();
        String id = newId();
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        String table = crema.run("list").ok().stdout();
        assertTrue(table.startsWith("ID"), table);
        assertTrue(table.contains(id) && table.contains("created"), table);
        String json = crema.run("list", "--format", "json").ok().stdout();
        assertTrue(json.contains("\"id\":") && json.contains(id), json);
        assertEquals(id + "\n", crema.run("list", "-q").ok().stdout());
    }

    void waitForStatus(String id, String status) {
        for (int i = 0; i < 200; i++) {
            if (status.equals(state(id).get("status"))) return;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertEquals(status, state(id).get("status"));
    }
}
