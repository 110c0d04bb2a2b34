package dev.crema.container;

import dev.crema.spec.Linux;
import dev.crema.spec.LinuxIDMapping;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Writes a new user namespace's uid_map and gid_map from the host, as the kernel wants: one write each. */
final class IdMappings {
    private IdMappings() {}

    static void write(int pid, Linux linux) {
        writeMap(pid, "uid_map", linux.uidMappings(), "linux.uidMappings");
        writeMap(pid, "gid_map", linux.gidMappings(), "linux.gidMappings");
    }

    private static void writeMap(int pid, String file, List<LinuxIDMapping> mappings, String field) {
        byte[] text = LinuxIDMapping.mapText(mappings).getBytes(StandardCharsets.US_ASCII);
        Path path = Path.of("/proc/" + pid + "/" + file);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            int written = channel.write(ByteBuffer.wrap(text));
            if (written != text.length) throw new IOException("short write");
        } catch (IOException e) {
            throw new ContainerException(field + ": write " + path + ": " + e.getMessage(), e);
        }
    }
}
