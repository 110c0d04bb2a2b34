package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Many crema commands on different containers at once: none blocks another, all succeed. */
class ParallelIT extends ContainerTest {

    @Test
    void containersAreCreatedStartedAndDeletedInParallel() throws Exception {
        bundle.script("echo $$").write();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) ids.add(newId());
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<Crema.Result>> results = new ArrayList<>();
            for (String id : ids) {
                results.add(pool.submit(() -> crema.run("run", "--bundle", bundle.dir.toString(), id)));
            }
            for (Future<Crema.Result> result : results) {
                assertEquals("1\n", result.get().ok().stdout());
            }
        }
        assertEquals("", crema.run("list", "-q").ok().stdout());
    }
}
