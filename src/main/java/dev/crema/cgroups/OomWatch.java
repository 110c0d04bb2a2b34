package dev.crema.cgroups;

import dev.crema.sys.Fds;
import dev.crema.sys.SyscallException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Counts the OOMs of a container's memory cgroup from the moment it starts watching, for `events`' oom events.
 * cgroup v1: the kernel's eventfd notification on memory.oom_control; cgroup v2: the counters in memory.events.
 */
public abstract sealed class OomWatch permits OomWatch.V1, OomWatch.V2 {
    private OomWatch() {}

    /**
     * Starts watching the memory cgroup among a container's cgroup directories (v1 first, as Stats reads
     * them); null when it has none, and then there are no OOM events to report.
     */
    public static OomWatch start(List<String> leafPaths) {
        for (String leaf : leafPaths) {
            if (Files.exists(Path.of(leaf, "memory.oom_control"))) return V1.register(Path.of(leaf));
        }
        for (String leaf : leafPaths) {
            if (Files.exists(Path.of(leaf, "memory.events"))) return new V2(Path.of(leaf, "memory.events"));
        }
        return null;
    }

    /**
     * Waits up to {@code millis} for an OOM and returns how many happened since the last call (0 if none did
     * in time). {@code await(0)} takes what is known now without waiting.
     */
    public abstract int await(long millis);

    /** Rounded up, so that a wait never ends before its deadline. */
    private static long millisUntil(long deadlineNanos) {
        return Math.ceilDiv(deadlineNanos - System.nanoTime(), 1_000_000L);
    }

    /**
     * cgroup v1: an eventfd registered through cgroup.event_control, which the kernel signals on every OOM of
     * the cgroup. The read blocks, so a daemon thread does it: it never holds the JVM up when the stream ends,
     * and closing the eventfd under it would not wake it anyway.
     */
    static final class V1 extends OomWatch implements Runnable {
        private final int eventfd;
        private final Path eventControl;
        private long pending; // guarded by this

        private V1(int eventfd, Path eventControl) {
            this.eventfd = eventfd;
            this.eventControl = eventControl;
        }

        static V1 register(Path dir) {
            int eventfd = Fds.eventfd();
            int oomControl = -1;
            try {
                oomControl = Fds.openReadOnly(dir.resolve("memory.oom_control").toString());
                Files.writeString(dir.resolve("cgroup.event_control"), eventfd + " " + oomControl);
            } catch (IOException | RuntimeException e) {
                Fds.close(eventfd);
                throw new CgroupException("cannot watch " + dir + " for OOM: " + e.getMessage());
            } finally {
                // the kernel takes what it needs from the control file while the write runs; only the eventfd stays
                if (oomControl >= 0) Fds.close(oomControl);
            }
            V1 watch = new V1(eventfd, dir.resolve("cgroup.event_control"));
            Thread reader = new Thread(watch, "crema-oom-eventfd");
            reader.setDaemon(true);
            reader.start();
            return watch;
        }

        @Override
        public void run() {
            byte[] counter = new byte[8];
            try {
                while (Fds.readFully(eventfd, counter, 8) == 8) {
                    // the kernel also signals once when it removes the cgroup; runc tells the two apart the same way
                    if (!Files.exists(eventControl)) return;
                    // the counter sums the signals since the last read: OOMs that came close together all count
                    long ooms = ByteBuffer.wrap(counter).order(ByteOrder.nativeOrder()).getLong();
                    synchronized (this) {
                        pending += ooms;
                        notifyAll();
                    }
                }
            } catch (SyscallException e) {
                // the stream goes on with stats only, as it would for a container without a memory cgroup
            } finally {
                // only here, once no read can use it: closed under a blocked read, its number could be reused
                // by another open and read from. The kernel signals the removal of the cgroup, so a library
                // process (dev.crema.api) gets the fd back when the container is deleted.
                try {
                    Fds.close(eventfd);
                } catch (SyscallException ignored) {
                    // nothing to give back
                }
            }
        }

        @Override
        public synchronized int await(long millis) {
            long deadline = System.nanoTime() + millis * 1_000_000;
            try {
                for (long left = millis; pending == 0 && left > 0; left = millisUntil(deadline)) {
                    wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int ooms = (int) Math.min(pending, Integer.MAX_VALUE);
            pending -= ooms;
            return ooms;
        }
    }

    /**
     * cgroup v2: memory.events' cumulative counters, read by polling in the caller's thread. Polling rather than
     * inotify: counters lose nothing between reads, one small read every POLL_MILLIS is nothing next to a
     * stats interval, and it needs neither the JDK's WatchService machinery nor a thread; inotify on cgroupfs
     * (kernfs' modify notifications) also cannot be exercised on a fake tree in tests.
     */
    static final class V2 extends OomWatch {
        static final long POLL_MILLIS = 100;

        private final Path memoryEvents;
        private long oom;
        private long oomKill;

        V2(Path memoryEvents) {
            this.memoryEvents = memoryEvents;
            poll(); // OOMs from before the watch started are not events
        }

        @Override
        public int await(long millis) {
            long deadline = System.nanoTime() + millis * 1_000_000;
            int ooms = poll();
            for (long left = millis; ooms == 0 && left > 0; left = millisUntil(deadline)) {
                try {
                    Thread.sleep(Math.min(POLL_MILLIS, left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                ooms = poll();
            }
            return ooms;
        }

        /**
         * OOMs since the last read. "oom" counts the times the cgroup hit its limit and "oom_kill" the processes
         * killed here; either can move without the other (an OOM that found nothing to kill, a kill ordered by
         * the host's or a parent cgroup's OOM), so the larger increment counts and one OOM with one kill is one
         * event.
         */
        private int poll() {
            String text;
            try {
                text = Files.readString(memoryEvents);
            } catch (IOException e) {
                return 0; // the cgroup is gone with its container; the stats side ends the stream
            }
            long newOom = oom;
            long newOomKill = oomKill;
            for (String line : text.split("\n")) {
                int space = line.indexOf(' ');
                if (space < 0) continue;
                String key = line.substring(0, space);
                if (key.equals("oom")) newOom = Long.parseLong(line.substring(space + 1).trim());
                if (key.equals("oom_kill")) newOomKill = Long.parseLong(line.substring(space + 1).trim());
            }
            long ooms = Math.max(0, Math.max(newOom - oom, newOomKill - oomKill));
            oom = newOom;
            oomKill = newOomKill;
            return (int) Math.min(ooms, Integer.MAX_VALUE);
        }
    }
}
