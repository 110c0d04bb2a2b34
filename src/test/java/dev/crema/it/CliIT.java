package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.spec.Json;
import dev.crema.testing.Requirement;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line itself: version, help, spec, features, flag forms. */
class CliIT extends ContainerTest {

    @Test
    void versionIsLaidOutAsRuncsWithTheCommitAndTheLibseccompInUse() {
        Requirement.needProgram("/usr/sbin/runc", "runc");
        List<String> runc = Crema.exec(List.of("/usr/sbin/runc", "--version"), null).ok().stdout().lines().toList();
        List<String> ours = crema.run("--version").ok().stdout().lines().toList();
        assertTrue(runc.getFirst().matches("runc version \\S+"), runc.getFirst());
        assertTrue(ours.getFirst().matches("crema version \\S+"), ours.getFirst());
        // then "key: value" lines, runc's keys in runc's order, crema's Java where runc has its Go
        Map<String, String> runcFields = fields(runc);
        Map<String, String> ourFields = fields(ours);
        assertEquals(List.of("commit", "spec", "go", "libseccomp"), List.copyOf(runcFields.keySet()));
        assertEquals(List.of("commit", "spec", "java", "libseccomp"), List.copyOf(ourFields.keySet()));
        assertTrue(ourFields.get("spec").startsWith("1.2"), ourFields.get("spec"));
        assertEquals(Runtime.version().feature(), Runtime.Version.parse(ourFields.get("java")).feature());
        // both load the host's libseccomp2
        assertEquals(runcFields.get("libseccomp"), ourFields.get("libseccomp"));
        // the commit the build saw: HEAD, marked dirty when tracked files differ; "unknown" outside git
        Crema.Result head = Crema.exec(List.of("git", "-C", Crema.REPO.toString(), "rev-parse", "HEAD"), null);
        if (head.exitCode() != 0) {
            assertEquals("unknown", ourFields.get("commit"));
        } else {
            boolean dirty = Crema.exec(List.of("git", "-C", Crema.REPO.toString(), "diff", "--quiet", "HEAD", "--"), null)
                    .exitCode() != 0;
            assertEquals(head.stdout().trim() + (dirty ? "-dirty" : ""), ourFields.get("commit"));
        }
    }

    private static Map<String, String> fields(List<String> lines) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(": ");
            assertTrue(colon > 0, "a key: value line: " + line);
            fields.put(line.substring(0, colon), line.substring(colon + 2));
        }
        return fields;
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
