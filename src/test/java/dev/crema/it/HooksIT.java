package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hooks in the runtime's namespaces: real hook programs record what they were given. */
class HooksIT extends ContainerTest {

    /** A hook script that saves its stdin, argv and env under the bundle as NAME.stdin, NAME.args, NAME.env. */
    private Map<String, Object> recorder(String name, int exit) throws Exception {
        Path script = bundle.dir.resolve(name + ".sh");
        Files.writeString(script, "#!/bin/sh\n/bin/cat > " + bundle.dir.resolve(name + ".stdin") + "\necho \"$@\" > "
                + bundle.dir.resolve(name + ".args") + "\n/usr/bin/env > " + bundle.dir.resolve(name + ".env") + "\nexit " + exit + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, Object> hook = new LinkedHashMap<>();
        hook.put("path", script.toString());
        hook.put("args", List.of("argv0-" + name, "one", "two"));
        hook.put("env", List.of("HOOK=" + name));
        return hook;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> stdinOf(String name) throws Exception {
        return (Map<String, Object>) Json.parse(Files.readString(bundle.dir.resolve(name + ".stdin")));
    }

    @Test
    void eachHookRunsAtItsMomentWithTheStateOnStdin() throws Exception {
        Map<String, Object> hooks = new LinkedHashMap<>();
        hooks.put("prestart", List.of(recorder("prestart", 0)));
        hooks.put("createRuntime", List.of(recorder("createRuntime", 0)));
        hooks.put("poststart", List.of(recorder("poststart", 0)));
        hooks.put("poststop", List.of(recorder("poststop", 0)));
        bundle.config.put("hooks", hooks);
        bundle.script("sleep 1000").write();
        String id = newId();
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        assertEquals("creating", stdinOf("createRuntime").get("status"));
        // the runtime-spec state as runc passes it: no runc-state extras such as rootfs or owner
        assertEquals(java.util.Set.of("ociVersion", "id", "status", "pid", "bundle"), stdinOf("prestart").keySet());
        assertEquals(id, stdinOf("prestart").get("id"));
        assertTrue(((Number) stdinOf("prestart").get("pid")).longValue() > 0);
        assertEquals("one two\n", Files.readString(bundle.dir.resolve("prestart.args")));
        // only the hook's env (the shell adds PWD itself)
        assertEquals(List.of("HOOK=prestart"), Files.readAllLines(bundle.dir.resolve("prestart.env")).stream()
                .filter(l -> !l.startsWith("PWD=")).toList());
        assertTrue(!Files.exists(bundle.dir.resolve("poststart.stdin")), "poststart waits for start");
        crema.run("start", id).ok();
        assertEquals("running", stdinOf("poststart").get("status"));
        crema.run("delete", "--force", id).ok();
        assertEquals("stopped", stdinOf("poststop").get("status"));
    }

    @Test
    void aFailingCreateRuntimeHookFailsCreateAndLeavesNothing() throws Exception {
        bundle.config.put("hooks", Map.of("createRuntime", List.of(recorder("bad", 3))));
        bundle.write();
        String id = newId();
        Crema.Result result = crema.run("create", "--bundle", bundle.dir.toString(), id).failed();
        assertTrue(result.stderr().contains("hooks.createRuntime[0]") && result.stderr().contains("exit status 3"), result.stderr());
        before.assertClean(crema, id);
    }

    @Test
    void aHookPastItsTimeoutIsKilled() throws Exception {
        Path script = bundle.dir.resolve("slow.sh");
        Files.writeString(script, "#!/bin/sh\nexec /bin/sleep 30\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        bundle.config.put("hooks", Map.of("prestart", List.of(Map.of("path", script.toString(), "timeout", 1))));
        bundle.write();
        String id = newId();
        Crema.Result result = crema.run("create", "--bundle", bundle.dir.toString(), id).failed();
        assertTrue(result.stderr().contains("hooks.prestart[0] (" + script + "): hook ran past specified timeout of 1.0s"),
                result.stderr());
        before.assertClean(crema, id);
    }

    @Test
    void aFailingPoststartHookOnlyWarns() throws Exception {
        bundle.config.put("hooks", Map.of("poststart", List.of(recorder("warn", 1))));
        bundle.script("echo still-ran").write();
        Crema.Result result = crema.run("run", "--bundle", bundle.dir.toString(), newId());
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains("warning: hooks.poststart[0]"), result.stderr());
        assertEquals("still-ran\n", result.stdout());
    }

    @Test
    void containerNamespaceHooksRunInsideWithTheirState() throws Exception {
        // createContainer: the path is the runtime's (the bundle's script), the namespaces the container's
        Path script = bundle.dir.resolve("inside.sh");
        Files.writeString(script, "#!/bin/sh\n/bin/cat > " + bundle.dir.resolve("cc.stdin") + "\n/bin/readlink /proc/self/ns/uts > "
                + bundle.dir.resolve("cc.uts") + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, Object> hooks = new LinkedHashMap<>();
        hooks.put("createContainer", List.of(Map.of("path", script.toString())));
        // startContainer: after start, resolved in the container (busybox sh of the rootfs)
        hooks.put("startContainer", List.of(Map.of("path", "/bin/sh", "args", List.of("sh", "-c", "cat > /tmp/started"))));
        bundle.config.put("hooks", hooks);
        bundle.script("sleep 1000").write();
        String id = newId();
        crema.run("create", "--bundle", bundle.dir.toString(), id).ok();
        String containerUts = Files.readSymbolicLink(Path.of("/proc/" + initPid(id) + "/ns/uts")).toString();
        assertEquals(containerUts + "\n", Files.readString(bundle.dir.resolve("cc.uts")), "ran in the container's UTS namespace");
        assertEquals("creating", stdinOf("cc").get("status"));
        assertTrue(!Files.exists(bundle.rootfs().resolve("tmp/started")), "startContainer waits for start");
        crema.run("start", id).ok();
        // the shell makes the file before cat has written the state into it: wait for the whole object
        Path startedFile = bundle.rootfs().resolve("tmp/started");
        for (int i = 0; i < 250 && !(Files.exists(startedFile) && Files.readString(startedFile).endsWith("}")); i++) {
            Thread.sleep(20);
        }
        Map<?, ?> started = (Map<?, ?>) Json.parse(Files.readString(startedFile));
        assertEquals(id, started.get("id"));
        assertEquals("created", started.get("status"));
    }

    @Test
    void aFailingCreateContainerHookFailsCreate() {
        bundle.config.put("hooks", Map.of("createContainer", List.of(Map.of("path", "/bin/false"))));
        bundle.write();
        String id = newId();
        Crema.Result r = crema.run("create", "--bundle", bundle.dir.toString(), id).failed();
        assertTrue(r.stderr().contains("hooks.createContainer[0] (/bin/false)"), r.stderr());
        before.assertClean(crema, id);
    }

    private Path script(String name, String body) throws Exception {
        Path script = bundle.dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void aSignalledHookIsReportedByHowItEndedAsRuncReportsIt() throws Exception {
        Path suicide = script("sigsys.sh", "kill -SYS $$");
        bundle.config.put("hooks", Map.of("createRuntime", List.of(Map.of("path", suicide.toString()))));
        bundle.write();
        try (RuncPeer runc = new RuncPeer(crema)) {
            Crema.Result fromRunc = runc.run("create", "--bundle", bundle.dir.toString(), newId() + "-runc").failed();
            assertTrue(fromRunc.stderr().contains("signal: bad system call"), fromRunc.stderr());
            String id = newId();
            Crema.Result result = crema.run("create", "--bundle", bundle.dir.toString(), id).failed();
            assertTrue(result.stderr().contains("hooks.createRuntime[0] (" + suicide + "): signal: bad system call"), result.stderr());
            before.assertClean(crema, id);
        }
    }

    @Test
    void aCreateContainerHookReportsHowItEndedThroughTheInit() throws Exception {
        for (String[] ending : new String[][] {{"exit 3", "exit status 3"}, {"kill -SYS $$", "signal: bad system call"}}) {
            Path hook = script("cc.sh", ending[0]);
            bundle.config.put("hooks", Map.of("createContainer", List.of(Map.of("path", hook.toString()))));
            bundle.write();
            String id = newId();
            Crema.Result r = crema.run("create", "--bundle", bundle.dir.toString(), id).failed();
            assertTrue(r.stderr().contains("hooks.createContainer[0] (" + hook + "): " + ending[1]), r.stderr());
            assertTrue(!r.stderr().contains("ECHILD"), r.stderr());
            before.assertClean(crema, id);
        }
    }
}
