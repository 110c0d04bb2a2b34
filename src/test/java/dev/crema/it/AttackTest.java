package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the attack tests (the security group): the host file the attacks aim at is read before each test and
 * compared after. Should an attack ever get through, the file is put back at once and the test fails: the
 * tests try to open the target for writing rather than write to it, so nothing should ever need restoring.
 */
abstract class AttackTest extends ContainerTest {
    /** Not namespaced: whoever writes it runs a program as root on the host at the next crash. */
    static final Path CORE_PATTERN = Path.of("/proc/sys/kernel/core_pattern");

    private String corePatternBefore;

    @BeforeEach
    void readTheHostTarget() throws IOException {
        corePatternBefore = Files.readString(CORE_PATTERN);
    }

    @AfterEach
    void hostTargetIsUnchanged() throws IOException {
        String now = Files.readString(CORE_PATTERN);
        if (!now.equals(corePatternBefore)) {
            Files.writeString(CORE_PATTERN, corePatternBefore.strip());
            throw new AssertionError("the attack changed the host's " + CORE_PATTERN + " to \"" + now.strip()
                    + "\" (restored to \"" + corePatternBefore.strip() + "\")");
        }
    }

    static Map<String, Object> mount(String destination, String type, String source, String... options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        m.put("options", new ArrayList<>(List.of(options)));
        return m;
    }

    /** Removes the config mount at this destination (to let the image's own /dev show through, say). */
    void removeMount(String destination) {
        bundle.mounts().removeIf(m -> destination.equals(((Map<?, ?>) m).get("destination")));
    }

    /** Makes a device node or fifo in the rootfs with mknod(1), as an image could ship it. */
    static void mknod(Path path, String... typeAndNumbers) {
        List<String> command = new ArrayList<>(List.of("mknod", path.toString()));
        command.addAll(List.of(typeAndNumbers));
        Crema.exec(command, null).ok();
    }

    /** runc create of the bundle as written; deletes whatever it made; returns its result. */
    Crema.Result runcCreate() {
        return runc("create");
    }

    /** runc COMMAND [FLAGS] --bundle B ID (create, run) on the bundle as written; deletes what it made. */
    Crema.Result runc(String command, String... flags) {
        assertTrue(Files.isExecutable(Path.of("/usr/sbin/runc")), "runc is needed to compare (installed by ./test)");
        Path runcRoot = crema.root().resolveSibling(crema.root().getFileName() + "-runc");
        String id = "crema-it-runc-" + ProcessHandle.current().pid();
        List<String> line = new ArrayList<>(List.of("runc", "--root", runcRoot.toString(), command));
        line.addAll(List.of(flags));
        line.addAll(List.of("--bundle", bundle.dir.toString(), id));
        try {
            return Crema.exec(line, null);
        } finally {
            Crema.exec(List.of("runc", "--root", runcRoot.toString(), "delete", "--force", id), null);
            Crema.exec(List.of("rm", "-rf", runcRoot.toString()), null);
        }
    }

    void assertCorePatternUnchangedNow() throws IOException {
        assertEquals(corePatternBefore, Files.readString(CORE_PATTERN), "host core_pattern");
    }
}
