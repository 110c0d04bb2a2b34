package dev.crema.cli;

import dev.crema.cgroups.OomWatch;
import dev.crema.container.ContainerException;
import dev.crema.container.Events;
import dev.crema.db.StateStore;
import dev.crema.db.StoreException;
import dev.crema.spec.JsonWriter;
import java.util.List;
import java.util.Map;

/**
 * crema events [--stats] [--interval DURATION] ID: with --stats one stats object; without, a stats object every
 * interval (default 5s) and an oom object whenever the container's memory cgroup hits an OOM, until the
 * container stops, one JSON object per line as runc prints them.
 */
final class EventsCommand {
    private EventsCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[] {"interval"}, new String[] {"stats"}, false);
        String id = args.onlyId("events");
        long intervalMillis = duration(args.value("interval", "5s"));
        StateStore store = new StateStore(global.root());
        // watching starts before the first stats line, so a reader that has seen one misses no OOM after it
        OomWatch oom = args.flag("stats") ? null : Events.watchOom(store, id);
        for (boolean first = true; ; first = false) {
            Map<String, Object> event;
            try {
                event = Events.stats(store, id);
            } catch (StoreException e) {
                if (first) throw e;
                event = null; // deleted while we watched: the stream ends as runc's does, with 0
            }
            if (event == null) {
                // as runc: a stopped container has no events to give; one that stops while watched ends the stream
                if (first) throw new ContainerException("container " + id + " is not running");
                // an OOM that stopped the container is still reported
                if (oom != null) printOoms(id, oom.await(0));
                return 0;
            }
            print(event);
            if (args.flag("stats")) return 0;
            waitInterval(id, oom, Math.max(1, intervalMillis));
        }
    }

    /** Waits out one interval, printing OOMs the moment they come, between the stats lines as runc does. */
    private static void waitInterval(String id, OomWatch oom, long millis) {
        if (oom == null) {
            sleep(millis);
            return;
        }
        long due = System.nanoTime() + millis * 1_000_000;
        for (long left = millis; left > 0; left = Math.ceilDiv(due - System.nanoTime(), 1_000_000L)) {
            printOoms(id, oom.await(left));
        }
    }

    private static void printOoms(String id, int count) {
        for (int i = 0; i < count; i++) print(Events.oom(id));
    }

    /** Flushed per line: engines read the stream as it comes. */
    private static void print(Map<String, Object> event) {
        System.out.println(JsonWriter.write(event, null));
        System.out.flush();
    }

    /** Go durations as runc takes them: "5s", "500ms", "1m", or plain seconds. */
    static long duration(String text) {
        try {
            if (text.endsWith("ms")) return Long.parseLong(text.substring(0, text.length() - 2));
            if (text.endsWith("s")) return (long) (Double.parseDouble(text.substring(0, text.length() - 1)) * 1000);
            if (text.endsWith("m")) return Long.parseLong(text.substring(0, text.length() - 1)) * 60_000;
            return Long.parseLong(text) * 1000;
        } catch (NumberFormatException e) {
            throw new UsageException("--interval: invalid duration \"" + text + "\"");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
