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
    }

    @Test
    void aCreatedContainerCannotBePaused() {
        bundle.script("sleep 1000").write();
        String id = newId();
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        assertTrue(crema.run("pause", id).failed().stderr().contains("container not running"));
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
