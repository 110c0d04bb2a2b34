package dev.crema.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/**
 * An exclusive lock on one container (flock-style, on its lock file), held by the crema process that changes
 * it. Other containers' locks are separate files, so commands on different containers never wait for each other.
 */
public final class ContainerLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    ContainerLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel close below releases it too
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
