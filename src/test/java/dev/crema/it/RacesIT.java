package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Commands racing on one container id, as an engine and a user (or two engine threads) may send them: two
 * starts, delete during start, kill during delete, two creates of the same id. The lock on the container's
 * state decides: exactly one wins, every other gets a clean one-line error, and after the loser nothing of
 * either is left but what the winner made (which then deletes cleanly). Each race runs a number of rounds.
 */
@Tag("security")
class RacesIT extends ContainerTest {
    private static final int ROUNDS = Integer.getInteger("crema.races.rounds", 8);

    private ExecutorService pool;

    @BeforeEach
    void twoThreads() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    /** Runs both commands at once and returns their results in order. */
    private List<Crema.Result> atOnce(String[] first, String[] second) throws Exception {
        Future<Crema.Result> a = pool.submit(() -> crema.run(first));
        Future<Crema.Result> b = pool.submit(() -> crema.run(second));
        return List.of(a.get(), b.get());
    }

    private static void assertCleanError(Crema.Result loser) {
        assertTrue(loser.exitCode() != 0, "expected a failure: " + loser);
        assertEquals(1, loser.stderr().strip().lines().count(), "one line of error: " + loser.stderr());
        assertTrue(!loser.stderr().contains("Exception") && !loser.stderr().contains("\tat "), loser.stderr());
    }

    /** Exactly one of the two succeeded; the other failed cleanly. */
    private static void assertExactlyOneWins(List<Crema.Result> results) {
        long won = results.stream().filter(r -> r.exitCode() == 0).count();
        assertEquals(1, won, "exactly one must win: " + results);
        for (Crema.Result r : results) if (r.exitCode() != 0) assertCleanError(r);
    }

    private String created(String script) {
        bundle.script(script).write();
        String id = newId();
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        return id;
    }

    @Test
    void twoStartsAtOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = created("sleep 1000");
            assertExactlyOneWins(atOnce(new String[] {"start", id}, new String[] {"start", id}));
            assertEquals("running", state(id).get("status"));
            crema.run("delete", "--force", id).ok();
            before.assertClean(crema, id);
        }
    }

    @Test
    void deleteDuringStart() throws Exception {
        int startWon = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String id = created("sleep 1000");
            List<Crema.Result> results = atOnce(new String[] {"start", id}, new String[] {"delete", id});
            assertExactlyOneWins(results);
            if (results.get(0).exitCode() == 0) {
                startWon++;
                assertEquals("running", state(id).get("status"));
                crema.run("delete", "--force", id).ok();
            } else {
                // delete won: the container is gone, a later start finds nothing
                assertCleanError(crema.run("start", id));
            }
            before.assertClean(crema, id);
        }
        System.out.println("delete during start: start won " + startWon + " of " + ROUNDS);
    }

    @Test
    void killDuringDelete() throws Exception {
        int killWon = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String id = created("sleep 1000");
            crema.run("start", id).ok();
            List<Crema.Result> results = atOnce(new String[] {"delete", "--force", id}, new String[] {"kill", id, "KILL"});
            // delete --force always wins; the kill either came first (and signalled the container) or finds
            // the container gone and says so in one line
            results.get(0).ok();
            if (results.get(1).exitCode() == 0) killWon++;
            else assertCleanError(results.get(1));
            before.assertClean(crema, id);
        }
        System.out.println("kill during delete: kill came first " + killWon + " of " + ROUNDS);
    }

    @Test
    void twoCreatesOfTheSameId() throws Exception {
        bundle.script("sleep 1000").write();
        for (int round = 0; round < ROUNDS; round++) {
            String id = newId();
            String[] create = {"create", "--bundle", bundle.dir.toString(), id};
            assertExactlyOneWins(atOnce(create, create));
            // the loser took nothing of the winner's with it: the container is whole and starts
            assertEquals("created", state(id).get("status"));
            assertTrue(ProcessHandle.of(initPid(id)).isPresent(), "the winner's init is gone");
            assertTrue(!HostSnapshot.cgroupsNamed(id).isEmpty(), "the winner's cgroups are gone");
            crema.run("start", id).ok();
            assertEquals("running", state(id).get("status"));
            crema.run("delete", "--force", id).ok();
            before.assertClean(crema, id);
        }
    }

    @Test
    void twoRunsOfTheSameId() throws Exception {
        bundle.script("sleep 1000").write();
        List<String> outcomes = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String id = newId();
            String[] run = {"run", "-d", "--bundle", bundle.dir.toString(), id};
            List<Crema.Result> results = atOnce(run, run);
            assertExactlyOneWins(results);
            assertEquals("running", state(id).get("status"));
            outcomes.add(results.get(0).exitCode() == 0 ? "first" : "second");
            crema.run("delete", "--force", id).ok();
            before.assertClean(crema, id);
        }
        System.out.println("two runs of one id, winners: " + outcomes);
    }

    @Test
    void aRunOfAnIdInUseLeavesThatContainerAlone() {
        // not even a race: the losing run of twoRunsOfTheSameId, in slow motion
        String id = runDetached("sleep 1000");
        long pid = initPid(id);
        assertCleanError(crema.run("run", "-d", "--bundle", bundle.dir.toString(), id));
        assertCleanError(crema.run("create", "--bundle", bundle.dir.toString(), id));
        assertEquals("running", state(id).get("status"));
        assertEquals(pid, initPid(id));
    }
}
