package dev.crema.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.HashSet;
import java.util.Set;

/**
 * An exclusive lock on one container (a POSIX record lock on its lock file), held by the crema process that
 * changes it. Other containers' locks are separate files, so commands on different containers never wait for each
 * other.
 *
 * <p>A record lock belongs to the process, not the thread: a second thread of the same JVM would get it at once
 * (the JDK refuses with OverlappingFileLockException), and closing any channel on the file drops it. So inside
 * one JVM (the library, the server) the lock file's path is first taken here, in memory, and only then the file
 * lock; between processes the file lock alone serialises, as it always did for the CLI.
 */
public final class ContainerLock implements AutoCloseable {
    /** The lock files some thread of this JVM holds or is locking; guarded by itself. */
    private static final Set<String> HELD = new HashSet<>();

    private final String key;
    private FileChannel channel;
    private FileLock lock;

    private ContainerLock(String key) {
        this.key = key;
    }

    /** Waits until no other thread of this JVM holds {@code key} and takes it (uninterruptibly, as flock). */
    static ContainerLock enter(String key) {
        boolean interrupted = false;
        synchronized (HELD) {
            while (!HELD.add(key)) {
                try {
                    HELD.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        return new ContainerLock(key);
    }

    /** The file lock, once this thread is the only one of the JVM on the file. */
    void hold(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    @Override
    public void close() {
        try {
            if (lock != null) lock.release();
        } catch (IOException ignored) {
            // the channel close below releases it too
        }
        try {
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
        synchronized (HELD) {
            HELD.remove(key);
            HELD.notifyAll();
        }
    }
}
