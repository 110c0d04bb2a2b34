package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a cold command costs beyond its work is mostly the classes it loads (docs/performance.md): the AOT cache
 * preloads what the build's training touched, but a class the JVM has to spin at run time (a lambda, a record's
 * equals or hashCode, an invokedynamic call site's method handles) is made anew by every command, several
 * milliseconds each time. A record's equals on the create path once added 18 ms to each `create` and `run`
 * (bench/against.sh). This test runs the engine's commands through the JVM controller with class loading logged
 * and fails on any class defined at run time, naming it. No timing is checked.
 */
class StartupClassesIT extends ContainerTest {
    /** How the JVM names the source of a class it defined at run time (hidden classes, spun method handles). */
    private static final String SPUN = "source: __";

    @Test
    void theLifecycleCommandsDefineNoClassAtRunTime() throws IOException {
        bundle.script("sleep 1000").write();
        String id = newId();
        String bundleDir = bundle.dir.toString();
        assertNoneSpun("create", "create", "--bundle", bundleDir, id);
        assertNoneSpun("state", "state", id);
        assertNoneSpun("start", "start", id);
        assertNoneSpun("exec", "exec", id, "true");
        assertNoneSpun("kill", "kill", id, "KILL");
        awaitStopped(id);
        assertNoneSpun("delete", "delete", id);
        bundle.script("true").write();
        assertNoneSpun("run", "run", "--bundle", bundleDir, newId());
    }

    private void assertNoneSpun(String name, String... args) throws IOException {
        Path log = Files.createTempFile("crema-class-load", ".log");
        try {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + log);
            Crema.Result result = Crema.exec(crema.jvmCommandLine(args), null, null, env);
            assertEquals(0, result.exitCode(), name + ": " + result.stderr());
            List<String> loaded = Files.readAllLines(log);
            assertTrue(loaded.stream().anyMatch(l -> l.contains("source: shared objects file")),
                    name + " ran without crema's AOT cache (./build trains it as root): " + loaded.size() + " classes");
            List<String> spun = loaded.stream().filter(l -> l.contains(SPUN)).toList();
            assertEquals(List.of(), spun, name + " defined classes at run time, which every command pays for again: "
                    + "find the call (-Djava.lang.invoke.MethodHandle.TRACE_METHOD_LINKAGE=true names it) and keep it off "
                    + "the command's path, or let the AOT training reach it");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private void awaitStopped(String id) {
        for (int i = 0; i < 500 && !"stopped".equals(state(id).get("status")); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertEquals("stopped", state(id).get("status"));
    }
}
