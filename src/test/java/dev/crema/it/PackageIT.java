package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.testing.Requirement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Debian package the build made (target/crema_VERSION_ARCH.deb, scripts/deb.sh), installed for real with
 * dpkg into a throwaway root (dpkg --root: its own dpkg database, nothing on the host changes) and run from
 * there with no JDK in reach: what it holds, that its launcher runs on its own runtime with its AOT cache
 * mapped at the installed paths, that a container runs from it, and that dpkg removes it again.
 */
class PackageIT extends ContainerTest {
    /** What an environment without a JDK looks like: no JAVA_HOME, no JDK on PATH. */
    private static final Map<String, String> NO_JDK_ENV = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8");

    private static Path deb;
    private static Path root;
    private static Path lib;

    @BeforeAll
    static void installIntoThrowawayRoot() throws IOException {
        Requirement.needProgram("/usr/bin/dpkg", "dpkg");
        Requirement.needProgram("/usr/bin/dpkg-deb", "dpkg");
        deb = builtPackage();
        root = install(deb);
        lib = root.resolve("usr/lib/crema");
    }

    @AfterAll
    static void removeRoot() {
        if (root != null) Crema.exec(List.of("rm", "-rf", root.toString()), null);
    }

    /** The one package in target/, which mvn package makes. */
    static Path builtPackage() throws IOException {
        try (Stream<Path> debs = Files.list(Crema.REPO.resolve("target"))) {
            List<Path> found = debs.filter(p -> p.getFileName().toString().matches("crema_.*\\.deb")).toList();
            assertEquals(1, found.size(), "one package in target/ (mvn package makes it): " + found);
            return found.getFirst();
        }
    }

    /** dpkg --install into a new root of its own, with an empty dpkg database. */
    private static Path install(Path deb) throws IOException {
        Path root = Files.createTempDirectory("crema-package-root");
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), "");
        // --force-depends: the throwaway root's dpkg database has no libc6 or libseccomp2; the host's libraries
        // are what the installed files load (checked against Depends below)
        run(List.of("dpkg", "--root=" + root, "--force-depends", "--install", deb.toString())).ok();
        return root;
    }

    @Test
    void holdsTheRuntimeTheControllerTheNativePartsTheLauncherManPagesAndCompletion() throws IOException {
        for (String file : List.of("usr/lib/crema/bin/crema-jvm", "usr/lib/crema/crema.jar",
                "usr/lib/crema/crema.aot", "usr/lib/crema/runtime/bin/java", "usr/lib/crema/runtime/lib/modules",
                "usr/lib/crema/libexec/crema-init", "usr/lib/crema/libexec/libcrema.so", "usr/lib/crema/libexec/crema",
                "usr/lib/systemd/system/crema.service", "usr/lib/systemd/system/crema.socket",
                "usr/share/bash-completion/completions/crema", "usr/share/man/man8/crema.8.gz")) {
            assertTrue(Files.isRegularFile(root.resolve(file)), file + " is in the package");
        }
        // the JVM launcher is the checkout's own, not a fork; /usr/bin/crema is the native client, which finds it
        // at libexec/../bin/crema-jvm
        assertEquals(Files.readString(Crema.REPO.resolve("bin/crema-jvm")), Files.readString(lib.resolve("bin/crema-jvm")));
        assertEquals(Path.of("/usr/lib/crema/bin/crema"), Files.readSymbolicLink(root.resolve("usr/bin/crema")));
        assertEquals(Path.of("../libexec/crema"), Files.readSymbolicLink(lib.resolve("bin/crema")));
        assertArrayEquals(Files.readAllBytes(Crema.LAUNCHER), Files.readAllBytes(lib.resolve("libexec/crema")));
        for (String command : commands()) {
            assertTrue(Files.isRegularFile(root.resolve("usr/share/man/man8/crema-" + command + ".8.gz")),
                    "crema-" + command + "(8), for a command crema --help lists");
        }
    }

    @Test
    void manPagesRenderWithoutWarnings() throws IOException {
        Requirement.needProgram("/usr/bin/man", "man-db");
        try (Stream<Path> pages = Files.list(root.resolve("usr/share/man/man8"))) {
            for (Path page : pages.toList()) {
                Crema.Result shown = run(List.of("man", "--warnings", "-l", page.toString()));
                assertEquals("", shown.ok().stderr(), page.getFileName().toString());
                assertTrue(shown.stdout().contains("NAME"), page.getFileName().toString());
            }
        }
        String crema = run(List.of("man", "-l", root.resolve("usr/share/man/man8/crema.8.gz").toString())).ok().stdout();
        for (String command : commands()) assertTrue(crema.contains("crema-" + command + "(8)"), command);
    }

    @Test
    void noTextFileNamesTheBuildDirectory() throws IOException {
        // The AOT cache (binary) records the paths it was trained at; the JVM relocates them (see the next test).
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("usr"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = file.toString().endsWith(".gz") ? gunzip(file) : Files.readAllBytes(file);
                if (isBinary(bytes)) continue;
                String text = new String(bytes, StandardCharsets.UTF_8);
                if (text.contains(Crema.REPO.toString()) || text.contains("/target/")) leaks.add(root.relativize(file).toString());
            }
        }
        assertEquals(List.of(), leaks, "text files that name the build directory " + Crema.REPO);
    }

    @Test
    void launcherRunsOnItsOwnRuntimeWithTheAotCacheMapped() {
        // JDK_JAVA_OPTIONS reaches the JVM behind the launcher; with no JDK on PATH or in JAVA_HOME, the runtime in
        // the log is the package's own
        Map<String, String> env = new java.util.HashMap<>(NO_JDK_ENV);
        env.put("JDK_JAVA_OPTIONS", "-Xlog:class+path=info -Xlog:aot=info");
        Crema.Result version = run(List.of(lib.resolve("bin/crema").toString(), "--version"), env).ok();
        String log = version.stdout() + version.stderr();
        assertTrue(log.contains("crema version "), log);
        assertTrue(log.contains("Modules image " + lib.resolve("runtime/lib/modules") + " validation: passed"), log);
        assertTrue(log.contains("Archived boot classpath validation: passed"), log);
        assertTrue(log.contains("Using AOT-linked classes: true"), log);
        assertFalse(log.contains("[error]") || log.contains("[warning]"), log);
    }

    @Test
    void aContainerRunsFromTheInstalledPackage() {
        bundle.script("echo from the package").write();
        Crema.Result out = run(List.of(lib.resolve("bin/crema").toString(), "--root", crema.root().toString(), "run",
                "--bundle", bundle.dir.toString(), newId()), NO_JDK_ENV);
        assertEquals("from the package\n", out.ok().stdout());
    }

    @Test
    void dependsOnWhatItsProgramsLoadAndNothingElse() throws IOException {
        Requirement.needProgram("/usr/bin/ldd", "libc-bin");
        String depends = run(List.of("dpkg-deb", "--field", deb.toString(), "Depends")).ok().stdout().trim();
        Set<String> declared = new TreeSet<>();
        for (String dep : depends.split(",\\s*")) declared.add(dep.split("[ (]")[0]);
        Set<String> needed = new TreeSet<>();
        try (Stream<Path> files = Files.walk(lib)) {
            for (Path file : files.filter(Files::isRegularFile).filter(PackageIT::isElf).toList()) {
                for (String line : run(List.of("ldd", file.toString())).stdout().split("\n")) {
                    // "libseccomp.so.2 => /lib/x86_64-linux-gnu/libseccomp.so.2 (0x...)"
                    String[] words = line.trim().split("\\s+");
                    if (words.length < 3 || !words[1].equals("=>")) continue;
                    if (words[2].equals("not")) {
                        // libjvm.so: the java launcher loads it by path before the libraries that need it
                        assertTrue(inPackage(words[0]), file + " needs a library nothing provides: " + line);
                        continue;
                    }
                    if (words[2].startsWith(lib.toString())) continue;
                    needed.add(owningPackage(Path.of(words[2])));
                }
            }
        }
        assertEquals(needed, declared, "Depends: " + depends);
    }

    @Test
    void completionOffersCommandsFlagsAndContainerIds() {
        Requirement.need(Files.isRegularFile(Path.of("/usr/share/bash-completion/bash_completion")),
                "bash completion (/usr/share/bash-completion/bash_completion, Debian package bash-completion)");
        String id = runDetached("sleep 30");
        String script = ". /usr/share/bash-completion/bash_completion\n"
                + ". " + root.resolve("usr/share/bash-completion/completions/crema") + "\n"
                + "t() { COMP_WORDS=(\"$@\"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE};"
                + " COMPREPLY=(); _crema; echo \"${COMPREPLY[*]}\"; }\n"
                + "t crema ''\nt crema --\nt crema kill --\nt " + Crema.LAUNCHER + " --root " + crema.root() + " kill ''\n";
        String[] lines = run(List.of("bash", "-c", script)).ok().stdout().split("\n");
        assertEquals(Set.copyOf(commandsAndHelp()), Set.of(lines[0].split(" ")));
        assertTrue(Set.of(lines[1].split(" ")).containsAll(List.of("--root", "--log", "--log-format", "--debug", "--version", "--help")), lines[1]);
        assertEquals("--help --all", lines[2]); // every command takes --help (-h), as runc
        assertEquals(id, lines[3]);
    }

    @Test
    void dpkgRemovesEveryFile() throws IOException {
        Path other = install(deb);
        try {
            run(List.of("dpkg", "--root=" + other, "--remove", "crema")).ok();
            try (Stream<Path> left = Files.walk(other)) {
                assertEquals(List.of(), left.filter(p -> !Files.isDirectory(p) && !p.startsWith(other.resolve("var/lib/dpkg")))
                        .toList());
            }
        } finally {
            Crema.exec(List.of("rm", "-rf", other.toString()), null);
        }
    }

    /** The commands crema --help lists: the first word (or words, comma-separated) of each line between "Commands:" and a blank line. */
    private List<String> commands() {
        List<String> commands = new ArrayList<>();
        String help = crema.run("--help").ok().stdout();
        String block = help.substring(help.indexOf("Commands:\n") + "Commands:\n".length());
        for (String line : block.substring(0, block.indexOf("\n\n")).split("\n")) {
            // a line may name several commands: "checkpoint, restore  ..."
            for (String word : line.trim().split("\\s+")) {
                commands.add(word.endsWith(",") ? word.substring(0, word.length() - 1) : word);
                if (!word.endsWith(",")) break;
            }
        }
        assertTrue(commands.size() > 10, "crema --help lists the commands: " + commands);
        return commands;
    }

    private List<String> commandsAndHelp() {
        List<String> all = new ArrayList<>(commands());
        all.add("help");
        return all;
    }

    /** The Debian package that owns a library, under the path ldd gave or the one it resolves to (usrmerge). */
    private static String owningPackage(Path library) throws IOException {
        String resolved = library.toRealPath().toString();
        for (String path : List.of(library.toString(), resolved, resolved.replaceFirst("^/usr/", "/"))) {
            Crema.Result owner = run(List.of("dpkg", "-S", path));
            if (owner.exitCode() == 0) return owner.stdout().substring(0, owner.stdout().indexOf(':'));
        }
        throw new AssertionError("no Debian package owns " + library + " (" + resolved + ")");
    }

    private static boolean inPackage(String fileName) throws IOException {
        try (Stream<Path> files = Files.walk(lib)) {
            return files.anyMatch(p -> p.getFileName().toString().equals(fileName));
        }
    }

    private static boolean isElf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean isBinary(byte[] bytes) {
        for (byte b : bytes) if (b == 0) return true;
        return false;
    }

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    private static Crema.Result run(List<String> command) {
        return run(command, NO_JDK_ENV);
    }

    /** Runs a program with exactly this environment (not the test JVM's, which has a JDK in it). */
    private static Crema.Result run(List<String> command, Map<String, String> env) {
        return Crema.exec(command, null, null, env);
    }
}
