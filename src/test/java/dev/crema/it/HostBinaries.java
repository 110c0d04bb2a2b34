package dev.crema.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The host files a CVE-2019-5736 attack would overwrite: crema-init, libcrema.so, the jar, the AOT cache and
 * every file of the jlink'ed runtime the controller's JVM runs from (java, libjvm.so, ...), each with its
 * SHA-256. Taken before an attack, compared after.
 */
record HostBinaries(Map<String, String> hashes) {

    static HostBinaries take() {
        Path target = Crema.REPO.resolve("target");
        Map<String, String> hashes = new TreeMap<>();
        for (String file : new String[] {"libexec/crema-init", "libexec/libcrema.so", "crema.jar", "crema.aot"}) {
            Path path = target.resolve(file);
            if (!Files.isRegularFile(path)) throw new AssertionError("host binary missing (build first): " + path);
            hashes.put(path.toString(), sha256(path));
        }
        Path runtime = target.resolve("runtime");
        if (!Files.isExecutable(runtime.resolve("bin/java"))) throw new AssertionError("no jlink'ed runtime at " + runtime);
        try (Stream<Path> files = Files.walk(runtime)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) hashes.put(path.toString(), sha256(path));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        hashes.put(Crema.LAUNCHER.toString(), sha256(Crema.LAUNCHER));
        return new HostBinaries(hashes);
    }

    /** Every host binary is byte-identical to what it was. */
    void assertUnchanged() {
        HostBinaries now = take();
        for (Map.Entry<String, String> file : hashes.entrySet()) {
            assertEquals(file.getValue(), now.hashes.get(file.getKey()), "host binary changed: " + file.getKey());
        }
        assertEquals(hashes.keySet(), now.hashes.keySet(), "host runtime files added or removed");
    }

    private static String sha256(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new AssertionError(path + ": " + e, e);
        }
    }
}
