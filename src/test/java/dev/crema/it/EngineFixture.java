package dev.crema.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the engine tests share: a busybox rootfs to make an image of (no registry is reachable), and an engine
 * daemon of the test's own, in a private directory, stopped and cleaned up after.
 */
final class EngineFixture {
    private EngineFixture() {}

    /** dir/rootfs with busybox and these applets, ready to be imported as an image. */
    static Path busyboxRootfs(Path dir, String... applets) throws IOException {
        Path rootfs = dir.resolve("rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        for (String d : new String[] {"proc", "dev", "sys", "tmp", "etc"}) Files.createDirectories(rootfs.resolve(d));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : applets) Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        return rootfs;
    }

    /** Starts a daemon with its output in dir/NAME.log; {@code ready} is polled (10 ms apart, 20 s at most). */
    static Process startDaemon(Path dir, String name, List<String> command, List<String> ready) throws Exception {
        Process daemon = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        for (int i = 0; i < 2000; i++) {
            if (!daemon.isAlive()) throw new AssertionError(name + " exited: " + Files.readString(dir.resolve(name + ".log")));
            if (Crema.exec(ready, null).exitCode() == 0) return daemon;
            Thread.sleep(10);
        }
        daemon.destroyForcibly();
        throw new AssertionError(name + " not ready in 20 s: " + Files.readString(dir.resolve(name + ".log")));
    }

    /**
     * Removes these directories, in order, where they are empty: what an engine makes outside its private
     * directory (the shim's runtime root, /run/docker/plugins). A host's own engine keeps what is in use.
     */
    static void removeIfEmpty(String... dirs) {
        for (String empty : dirs) {
            try {
                Files.deleteIfExists(Path.of(empty));
            } catch (IOException notEmptyOrNotOurs) {
                // kept
            }
        }
    }

    /** SIGTERM, then SIGKILL; then every mount left under dir is detached and dir removed. */
    static void stopAndClean(Process daemon, Path dir) throws Exception {
        if (daemon != null) {
            daemon.destroy();
            if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
                daemon.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (dir == null) return;
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String target = line.split(" ")[4];
            if (target.startsWith(dir.toString())) mounts.add(target);
        }
        for (String target : mounts.reversed()) Crema.exec(List.of("umount", "-l", target), null);
        Crema.exec(List.of("rm", "-rf", dir.toString()), null);
    }
}
