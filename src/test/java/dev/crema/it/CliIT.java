package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line itself: version, help, spec, features, flag forms. */
class CliIT extends ContainerTest {

    @Test
    void versionNamesTheSpec() {
        String out = crema.run("--version").ok().stdout();
        assertTrue(out.startsWith("crema version ") && out.contains("spec: 1.2"), out);
    }

    @Test
    void specWritesAConfigThatRuns() throws Exception {
        Files.deleteIfExists(bundle.dir.resolve("config.json"));
        crema.run("spec", "--bundle", bundle.dir.toString()).ok();
        String config = Files.readString(bundle.dir.resolve("config.json"));
        Files.writeString(bundle.dir.resolve("config.json"),
                config.replace("\"terminal\": true", "\"terminal\": false").replaceFirst("\"sh\"", "\"true\""));
        assertEquals(0, crema.run("run", "--bundle", bundle.dir.toString(), newId()).exitCode());
        assertTrue(crema.run("spec", "--bundle", bundle.dir.toString()).failed().stderr().contains("exists"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void specRootlessHasAUserNamespace() throws Exception {
        Files.deleteIfExists(bundle.dir.resolve("config.json"));
        crema.run("spec", "--rootless", "--bundle", bundle.dir.toString()).ok();
        Map<String, Object> config = (Map<String, Object>) Json.parse(Files.readString(bundle.dir.resolve("config.json")));
        String namespaces = ((Map<String, Object>) config.get("linux")).get("namespaces").toString();
        assertTrue(namespaces.contains("user"), namespaces);
    }

    @Test
    @SuppressWarnings("unchecked")
    void featuresTellWhatCremaSupports() {
        Map<String, Object> features = (Map<String, Object>) Json.parse(crema.run("features").ok().stdout());
        assertEquals("1.2.0", features.get("ociVersionMax"));
        Map<String, Object> linux = (Map<String, Object>) features.get("linux");
        assertTrue(((List<Object>) linux.get("namespaces")).contains("time"));
        assertEquals(List.of("prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"),
                features.get("hooks"));
        assertEquals(Boolean.TRUE, ((Map<String, Object>) linux.get("seccomp")).get("enabled"));
    }

    @Test
    void flagsTakeBothForms() {
        bundle.script("echo both").write();
        assertEquals("both\n", crema.run("run", "--bundle=" + bundle.dir, newId()).ok().stdout());
        assertEquals("both\n", crema.run("run", "-b", bundle.dir.toString(), newId()).ok().stdout());
        assertEquals("both\n", Crema.exec(List.of(Crema.LAUNCHER.toString(), "--root=" + crema.root(), "run",
                "--bundle", bundle.dir.toString(), newId()), null).ok().stdout());
    }

    @Test
    void helpListsTheCommands() {
        String out = crema.run("--help").ok().stdout();
        for (String command : new String[] {"create", "start", "state", "kill", "delete", "run", "list", "spec", "features"}) {
            assertTrue(out.contains(command), command);
        }
    }
}
