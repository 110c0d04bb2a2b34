package dev.crema.cli;

import dev.crema.container.ContainerException;
import dev.crema.container.Events;
import dev.crema.db.StateStore;
import dev.crema.spec.JsonWriter;
import java.util.List;
import java.util.Map;

/**
 * crema events [--stats] [--interval DURATION] ID: with --stats one stats object; without, a stats object every
 * interval (default 5s) until the container stops, one JSON object per line as runc prints them.
 */
final class EventsCommand {
    private EventsCommand() {}

    static int run(GlobalOptions global, List<String> argv) {
        Args args = Args.parse(argv, new String[] {"interval"}, new String[] {"stats"}, false);
        String id = args.onlyId("events");
        long intervalMillis = duration(args.value("interval", "5s"));
        StateStore store = new StateStore(global.root());
        do {
            Map<String, Object> event = Events.stats(store, id);
            if (event == null) {
                if (args.flag("stats")) throw new ContainerException("container not running");
                return 0;
            }
            System.out.println(JsonWriter.write(event, null));
            System.out.flush();
            if (args.flag("stats")) return 0;
            sleep(intervalMillis);
        } while (true);
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
