package dev.crema.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The runtime root: one directory per container holding state.json (replaced atomically: temp file, fsync,
 * rename, fsync of the directory), a lock file and the exec fifo. Messages follow runc's.
 */
public final class StateStore {
    static final String STATE = "state.json";
    static final String LOCK = "lock";
    /** The prefix of a container directory being removed (see {@link #remove}); never a container. */
    static final String REMOVING = ".removing-";

    private static final Comparator<ContainerState> BY_ID = new Comparator<>() {
        @Override
        public int compare(ContainerState a, ContainerState b) {
            return a.id().compareTo(b.id());
        }
    };

    private final Path root;

    public StateStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path containerDir(String id) {
        return root.resolve(id);
    }

    /** runc's rule, ^[\w+-\.]+$ (Go reads "+-\." as the range + , - .), and not "." or "..". */
    public void validateId(String id) {
        boolean ok = !id.isEmpty() && !id.equals(".") && !id.equals("..");
        for (int i = 0; ok && i < id.length(); i++) {
            char c = id.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '+'
                    || c == '-' || c == '.' || c == ',';
        }
        if (!ok) throw new StoreException(StoreException.Kind.INVALID_ID, "invalid container ID format: " + id);
    }

    public boolean exists(String id) {
        return Files.isDirectory(containerDir(id));
    }

    /** Makes the container's directory (failing if the id is taken) and locks it. */
    public ContainerLock createExclusive(String id) {
        validateId(id);
        Path dir = containerDir(id);
        try {
            Files.createDirectories(root);
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new StoreException(StoreException.Kind.EXISTS, "container with given ID already exists: " + id);
        } catch (IOException e) {
            throw new StoreException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return lockDir(id, dir);
    }

    /** Locks an existing container; a container deleted while we waited counts as not existing. */
    public ContainerLock lock(String id) {
        validateId(id);
        Path dir = containerDir(id);
        if (!Files.isDirectory(dir)) throw StoreException.notFound();
        ContainerLock lock = lockDir(id, dir);
        if (!Files.isDirectory(dir)) {
            lock.close();
            throw StoreException.notFound();
        }
        return lock;
    }

    private ContainerLock lockDir(String id, Path dir) {
        Path file = dir.resolve(LOCK);
        ContainerLock held = ContainerLock.enter(file.toAbsolutePath().toString());
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                held.hold(channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return held;
        } catch (NoSuchFileException e) {
            held.close();
            throw StoreException.notFound();
        } catch (IOException e) {
            held.close();
            throw new StoreException("cannot lock container " + id + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    public ContainerState load(String id) {
        validateId(id);
        ContainerState state = loadOrNull(id);
        if (state == null) throw StoreException.notFound();
        return state;
    }

    /**
     * The stored state, or null when there is none (unknown id, or a create that died before its first save). A
     * state file that is there but cannot be read is an error, as in runc: taking it for "no container" would let
     * delete remove the directory and forget a container that still runs.
     */
    public ContainerState loadOrNull(String id) {
        Path file = containerDir(id).resolve(STATE);
        try {
            return StateCodec.decode(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot read the state of container " + id + " (" + file + "): " + e.getMessage(), e);
        }
    }

    public void save(ContainerState state) {
        Path dir = containerDir(state.id());
        Path temp = dir.resolve(STATE + ".tmp");
        byte[] bytes = StateCodec.encode(state).getBytes(StandardCharsets.UTF_8);
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) out.write(buffer);
                out.force(true);
            }
            Files.move(temp, dir.resolve(STATE), StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw new StoreException("cannot save state of " + state.id() + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the container's directory and the files in it (crema keeps no subdirectories there). The
     * directory is first renamed out of the way, atomically: a command waiting for the lock (a start racing this
     * delete) would otherwise create the lock file again after it was removed, leave the directory behind, and
     * find a container with no state.
     */
    public void remove(String id) {
        Path dir = containerDir(id);
        Path removing = root.resolve(REMOVING + id + "-" + System.nanoTime());
        try {
            Files.move(dir, removing, StandardCopyOption.ATOMIC_MOVE);
            dir = removing;
        } catch (NoSuchFileException e) {
            return; // already gone
        } catch (IOException e) {
            // a name too long for the suffix, say: remove in place
        }
        try {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path file : files) Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new StoreException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Every container with a readable state, in directory order. */
    public List<ContainerState> list() {
        List<ContainerState> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                if (dir.getFileName().toString().startsWith(REMOVING)) continue;
                try {
                    ContainerState state = loadOrNull(dir.getFileName().toString());
                    if (state != null) out.add(state);
                } catch (StoreException unreadable) {
                    // runc's list skips it too; state and delete of that id say what is wrong
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot list " + root + ": " + e.getMessage(), e);
        }
        out.sort(BY_ID);
        return out;
    }
}
