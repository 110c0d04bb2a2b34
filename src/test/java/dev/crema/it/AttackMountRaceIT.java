package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.testing.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CVE-2021-30465: the owner of the image (the rootfs is on the host, or a volume shared with another
 * container) swaps a directory on the path of mount targets with a symlink that points out of the rootfs, in a
 * tight loop (renameat2 RENAME_EXCHANGE, so the path is always one or the other), while crema creates
 * containers with bind and tmpfs mounts under it. A runtime that resolves the path and then mounts on the
 * path it resolved mounts outside the rootfs. crema resolves every target with openat2(RESOLVE_IN_ROOT) and
 * mounts on the fd. A createContainer hook (in the container's mount namespace, before pivot_root, where host
 * paths are still there) dumps that namespace's mountinfo at every create: no mount may be outside the rootfs;
 * the host's mountinfo, watched during the loop, gains nothing; the directory outside holds only its marker.
 */
@Tag("security")
class AttackMountRaceIT extends ContainerTest {
    /** How long each attack loop runs: bounded, a few seconds. */
    private static final long ATTACK_MILLIS = Long.getLong("crema.attack.millis", 4000);
    private static final String SWAPPER = """
            import ctypes, os, sys
            libc = ctypes.CDLL(None, use_errno=True)
            a, b, stop = (s.encode() for s in sys.argv[1:4])
            n = 0
            while not os.path.exists(stop):
                for _ in range(1000):
                    if libc.renameat2(-100, a, -100, b, 2) != 0:  # AT_FDCWD, RENAME_EXCHANGE
                        raise OSError(ctypes.get_errno(), "renameat2")
                    n += 1
            print(n)
            """;

    private Path outside;
    private Path dump;

    @BeforeEach
    void hostileImage() throws IOException {
        Requirement.needProgram("/usr/bin/python3", "python3");
        outside = Files.createTempDirectory("crema-it-outside-");
        Files.writeString(outside.resolve("marker"), "untouched\n");
        dump = Files.createDirectories(bundle.dir.resolve("dump"));
        Path source = Files.createDirectories(bundle.dir.resolve("source"));
        Files.writeString(source.resolve("from-source"), "a bind source\n");
        Files.createDirectories(bundle.rootfs().resolve("vol/x"));
        for (int i = 0; i < 4; i++) {
            bundle.mounts().add(new LinkedHashMap<>(Map.of("destination", "/vol/x/bind" + i, "type", "bind",
                    "source", source.toString(), "options", List.of("rbind", i % 2 == 0 ? "ro" : "rw"))));
            bundle.mounts().add(new LinkedHashMap<>(Map.of("destination", "/vol/x/tmp" + i, "type", "tmpfs",
                    "source", "tmpfs", "options", List.of("size=64k"))));
        }
        bundle.mounts().add(new LinkedHashMap<>(Map.of("destination", "/vol/x/deep/er/file", "type", "bind",
                "source", source.resolve("from-source").toString(), "options", List.of("bind"))));
        Map<String, Object> hook = new LinkedHashMap<>();
        hook.put("path", "/bin/sh");
        hook.put("args", List.of("sh", "-c", "cat /proc/self/mountinfo > " + dump.resolve("mountinfo")));
        bundle.config.put("hooks", new LinkedHashMap<>(Map.of("createContainer", List.of(hook))));
        bundle.script("true");
    }

    @AfterEach
    void removeOutside() throws IOException {
        try (var files = Files.list(outside)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(outside);
    }

    @Test
    void anAbsoluteSymlinkSwappedInDuringCreateCannotTakeAMountOut() throws Exception {
        attack(outside);
    }

    @Test
    void aDotDotSymlinkSwappedInDuringCreateCannotTakeAMountOut() throws Exception {
        attack(Path.of("../../../../../../../../../../..").resolve(outside.toString().substring(1)));
    }

    private void attack(Path linkTarget) throws Exception {
        Path x = bundle.rootfs().resolve("vol/x");
        Path link = bundle.rootfs().resolve("vol/link");
        Files.createSymbolicLink(link, linkTarget);
        Path stop = bundle.dir.resolve("stop");
        Path swapperScript = bundle.dir.resolve("swap.py");
        Files.writeString(swapperScript, SWAPPER);
        bundle.write();
        Set<String> hostMounts = new HashSet<>(HostSnapshot.mountPoints());
        String rootfs = bundle.rootfs().toString();

        List<String> seenOnHost = new ArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread hostWatch = new Thread(() -> {
            while (watching.get()) {
                for (String point : HostSnapshot.mountPoints()) {
                    if ((point.startsWith(outside.toString()) || point.startsWith(bundle.dir.toString()))
                            && !seenOnHost.contains(point)) {
                        seenOnHost.add(point);
                    }
                }
            }
        });
        hostWatch.start();
        Process swapper = new ProcessBuilder("python3", swapperScript.toString(), x.toString(), link.toString(),
                stop.toString()).redirectErrorStream(true).start();
        int created = 0;
        int refused = 0;
        List<String> errors = new ArrayList<>();
        try {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ATTACK_MILLIS);
            while (System.nanoTime() < end) {
                String id = newId();
                Crema.Result result = crema.run("create", "--bundle", bundle.dir.toString(), id);
                Path mountinfo = dump.resolve("mountinfo");
                if (Files.exists(mountinfo)) {
                    for (String line : Files.readAllLines(mountinfo)) {
                        String point = line.split(" ")[4];
                        assertTrue(hostMounts.contains(point) || point.equals(rootfs) || point.startsWith(rootfs + "/"),
                                "a mount landed outside the rootfs: " + point + "\n" + String.join("\n", Files.readAllLines(mountinfo)));
                    }
                    Files.delete(mountinfo);
                }
                if (result.exitCode() == 0) {
                    created++;
                } else {
                    // a create the race broke must still fail cleanly: one line
                    refused++;
                    assertEquals(1, result.stderr().strip().lines().count(), result.stderr());
                    if (errors.size() < 5 && !errors.contains(result.stderr().strip())) errors.add(result.stderr().strip());
                }
                crema.run("delete", "--force", id).ok();
                assertEquals(List.of("marker"), names(outside), "something was made outside the rootfs");
            }
        } finally {
            Files.writeString(stop, "");
            assertTrue(swapper.waitFor(10, TimeUnit.SECONDS), "the swapper did not stop");
            watching.set(false);
            hostWatch.join();
        }
        String swaps = new String(swapper.getInputStream().readAllBytes()).trim();
        assertEquals(0, swapper.exitValue(), "the swapper failed: " + swaps);
        System.out.println("mount race (" + linkTarget + "): " + swaps + " swaps, " + created + " creates, "
                + refused + " refused " + errors);
        assertTrue(created + refused > 0, "no create ran");
        assertEquals(List.of(), seenOnHost, "mounts appeared on the host during the attack");
        assertEquals("untouched\n", Files.readString(outside.resolve("marker")));
        assertEquals(List.of("marker"), names(outside));
    }

    @Test
    void aReadonlyBindCannotBeLeftWritableByRedirectingItsRemount() throws Exception {
        // A bind's flags (ro) are applied by a remount after the bind. If the remount found its target by the
        // path again, a swap in between would point it at another mount (the rw /vol/a/data), and the ro
        // bind of a host directory would stay writable in the container.
        Path secret = Files.createDirectories(bundle.dir.resolve("secret"));
        bundle.mounts().removeIf(m -> ((Map<?, ?>) m).get("destination").toString().startsWith("/vol/"));
        bundle.mounts().add(new LinkedHashMap<>(Map.of("destination", "/vol/a/data", "type", "tmpfs", "source", "tmpfs",
                "options", List.of("size=64k"))));
        bundle.mounts().add(new LinkedHashMap<>(Map.of("destination", "/vol/b/data", "type", "bind",
                "source", secret.toString(), "options", List.of("rbind", "ro"))));
        Files.createDirectories(bundle.rootfs().resolve("vol/a/data"));
        Files.createDirectories(bundle.rootfs().resolve("vol/b/data"));
        Files.createSymbolicLink(bundle.rootfs().resolve("vol/link"), Path.of("a"));
        bundle.script("for i in 1 2 3 4 5 6 7 8 9 10 11 12; do touch /vol/b/data/written-$i 2>/dev/null; done; true");
        Path stop = bundle.dir.resolve("stop");
        Path swapperScript = bundle.dir.resolve("swap.py");
        Files.writeString(swapperScript, SWAPPER);
        bundle.write();
        Process swapper = new ProcessBuilder("python3", swapperScript.toString(), bundle.rootfs().resolve("vol/b").toString(),
                bundle.rootfs().resolve("vol/link").toString(), stop.toString()).redirectErrorStream(true).start();
        int ran = 0;
        List<String> errors = new ArrayList<>();
        try {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ATTACK_MILLIS);
            while (System.nanoTime() < end) {
                Crema.Result result = crema.run("run", "--bundle", bundle.dir.toString(), newId());
                if (result.exitCode() == 0) ran++;
                else if (errors.size() < 5 && !errors.contains(result.stderr().strip())) errors.add(result.stderr().strip());
                assertEquals(List.of(), names(secret), "the read-only bind was writable in the container");
            }
        } finally {
            Files.writeString(stop, "");
            assertTrue(swapper.waitFor(10, TimeUnit.SECONDS), "the swapper did not stop");
        }
        System.out.println("readonly remount race: " + new String(swapper.getInputStream().readAllBytes()).trim()
                + " swaps, " + ran + " runs, refused: " + errors);
        assertTrue(ran > 0, "no container ran: " + errors);
    }

    private static List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
