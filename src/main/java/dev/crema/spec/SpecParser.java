package dev.crema.spec;

import dev.crema.sys.FileErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Entry points: config.json to {@link Spec}, process.json to {@link Process}. */
public final class SpecParser {
    private SpecParser() {}

    public static Spec parse(String json) {
        return Spec.from(Node.root(Json.parse(json), "config.json"));
    }

    /** Reads and parses a config file; syntax errors are prefixed with the file name. */
    public static Spec parseFile(Path file) {
        return Spec.from(Node.root(tree(file, BUNDLE_HINT), file.getFileName().toString()));
    }

    /** A missing config.json: runc says "JSON specification file config.json not found", without errno words. */
    private static final String BUNDLE_HINT = "no such file (is --bundle the bundle directory?)";

    private static Object tree(Path file, String whenMissing) {
        String text = read(file, whenMissing);
        try {
            return Json.parse(text);
        } catch (JsonException e) {
            throw new ConfigException(file.getFileName() + ": " + e.getMessage());
        }
    }

    /** A linux.resources object on its own, as `update --resources` takes it; {@code tree} from {@link Json}. */
    public static LinuxResources parseResources(Object tree) {
        Node.root(tree, "resources"); // checks it is an object
        return LinuxResources.from(new Node("linux.resources", rootMap(tree)));
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> rootMap(Object tree) {
        return (java.util.Map<String, Object>) tree;
    }

    /** A hooks object from a JSON tree (the state db keeps poststart and poststop hooks this way). */
    public static Hooks parseHooks(Object tree) {
        return Hooks.from(new Node("hooks", rootMap(tree)));
    }

    public static Process parseProcess(String json) {
        return Process.from(Node.root(Json.parse(json), "process.json"));
    }

    /** exec --process: read like config.json (bytes that are not UTF-8 as U+FFFD), syntax errors prefixed. */
    public static Process parseProcessFile(Path file) {
        // runc: "open FILE: no such file or directory", words engines parse
        return Process.from(Node.root(tree(file, null), file.getFileName().toString()));
    }

    /** @param whenMissing what to say of a missing file, or null for "open FILE: no such file or directory" */
    private static String read(Path file, String whenMissing) {
        try {
            // not readString, which throws on bytes that are not UTF-8: Go reads them as U+FFFD, and so does this
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (whenMissing != null) throw new ConfigException(file + ": " + whenMissing);
            throw new ConfigException("open " + file + ": " + FileErrors.words(e));
        } catch (IOException e) {
            throw new ConfigException("open " + file + ": " + FileErrors.words(e));
        }
    }
}
