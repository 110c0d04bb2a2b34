package dev.crema.it;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which files in one directory any process opened (or executed), through inotify's IN_OPEN: the kernel's word
 * on which files were used, whoever used them. The test JVM calls libc through the FFM API (tests only; the
 * controller uses JNI, see docs/architecture.md).
 */
final class FileOpens implements AutoCloseable {
    private static final int IN_OPEN = 0x20;
    private static final int IN_NONBLOCK = 0x800;
    private static final int IN_CLOEXEC = 0x80000;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle INIT = libc("inotify_init1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle ADD_WATCH = libc("inotify_add_watch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle READ = libc("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final Path dir;
    private final int fd;

    FileOpens(Path dir) throws Throwable {
        this.dir = dir;
        fd = (int) INIT.invokeExact(IN_NONBLOCK | IN_CLOEXEC);
        if (fd < 0) throw new AssertionError("inotify_init1 failed");
        try (Arena arena = Arena.ofConfined()) {
            int wd = (int) ADD_WATCH.invokeExact(fd, arena.allocateFrom(dir.toString()), IN_OPEN);
            if (wd < 0) throw new AssertionError("inotify_add_watch " + dir + " failed");
        }
    }

    /** The names of the files in the directory opened since the last call, in order, repeats kept. */
    List<String> take() throws Throwable {
        List<String> names = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(64 * 1024, 8);
            long n;
            // -1 (EAGAIN) once the queue is empty: the descriptor does not block
            while ((n = (long) READ.invokeExact(fd, buffer, buffer.byteSize())) > 0) {
                // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[len]; }
                for (long at = 0; at < n; ) {
                    int mask = buffer.get(JAVA_INT, at + 4);
                    int len = buffer.get(JAVA_INT, at + 12);
                    if ((mask & IN_OPEN) != 0 && len > 0) names.add(buffer.getString(at + 16));
                    at += 16 + len;
                }
            }
        }
        return names;
    }

    @Override
    public void close() {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        return "opens in " + dir;
    }

    private static MethodHandle libc(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
    }
}
