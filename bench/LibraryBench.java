import dev.crema.api.CreateOptions;
import dev.crema.api.CremaRuntime;
import dev.crema.api.ExitStatus;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * create + start + wait for exit + delete of a bundle's container through the library (dev.crema.api), from one
 * JVM: WARMUP rounds first (the JIT compiles the path), then RUNS timed ones. Prints mean, median and min in ms.
 * Not a test (bench/library.sh runs it). Usage: LibraryBench ROOT BUNDLE RUNS WARMUP
 */
public class LibraryBench {
    public static void main(String[] args) {
        CremaRuntime crema = CremaRuntime.open(Path.of(args[0]));
        Path bundle = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        for (int i = 0; i < warmup; i++) once(crema, bundle, "bench-lib-warmup-" + i);
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            once(crema, bundle, "bench-lib-" + i);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        double sum = 0;
        for (double m : millis) sum += m;
        System.out.printf("library create+start+wait+delete of /bin/true: %d runs after %d warm-up: mean %.1f ms, "
                + "median %.1f ms, min %.1f ms, max %.1f ms%n", runs, warmup, sum / runs, millis[runs / 2], millis[0],
                millis[runs - 1]);
    }

    private static void once(CremaRuntime crema, Path bundle, String id) {
        crema.create(CreateOptions.of(id, bundle));
        crema.start(id);
        ExitStatus exit = crema.waitForExit(id);
        if (exit.code() != 0) throw new IllegalStateException(id + " exited " + exit);
        crema.delete(id);
    }
}
