package dev.crema.cli;

import dev.crema.api.CremaRuntime;
import dev.crema.api.Event;
import dev.crema.api.EventListener;
import java.time.Duration;
import java.util.List;

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
        CremaRuntime runtime = global.runtime(false);
        if (args.flag("stats")) {
            Printer.INSTANCE.onEvent(runtime.stats(id));
            return 0;
        }
        runtime.events(id, Duration.ofMillis(intervalMillis), Printer.INSTANCE);
        return 0;
    }

    /** One line per event, flushed: engines read the stream as it comes. */
    private static final class Printer implements EventListener {
        static final Printer INSTANCE = new Printer();

        @Override
        public void onEvent(Event event) {
            System.out.println(event.toJson());
            System.out.flush();
        }
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
}
