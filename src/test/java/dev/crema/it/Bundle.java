package dev.crema.it;

import dev.crema.spec.Json;
import dev.crema.spec.JsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A bundle with a busybox-static rootfs made by the test, and its config.json as a mutable JSON tree (maps and
 * lists) so each test changes just what it checks.
 */
final class Bundle implements AutoCloseable {
    private static final String[] APPLETS = {"sh", "ls", "cat", "echo", "id", "hostname", "sleep", "touch", "mkdir",
            "grep", "stat", "readlink", "true", "false", "unshare", "ionice", "taskset", "nproc", "env", "pwd", "mount", "dd", "head", "wc", "test",
            "domainname", "kill", "ps", "uname", "sed", "tr", "cut", "sort"};

    static final String BASE_CONFIG = """
            {
              "ociVersion": "1.2.0",
              "process": {
                "terminal": false,
                "user": {"uid": 0, "gid": 0},
                "args": ["true"],
                "env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
                "cwd": "/",
                "capabilities": {
                  "bounding": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                  "effective": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
                  "permitted": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]
                },
                "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}],
                "noNewPrivileges": true
              },
              "root": {"path": "rootfs", "readonly": false},
              "hostname": "crema-it",
              "mounts": [
                {"destination": "/proc", "type": "proc", "source": "proc"},
                {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
                {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]},
                {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
                {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"]},
                {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]}
              ],
              "linux": {
                "namespaces": [{"type": "pid"}, {"type": "network"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"}],
                "maskedPaths": ["/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/timer_list", "/sys/firmware"],
                "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
              }
            }
            """;

    final Path dir;
    final Map<String, Object> config;

    @SuppressWarnings("unchecked")
    Bundle() {
        try {
            dir = Files.createTempDirectory("crema-it-");
            // traversable by a container root mapped to another host uid (user namespace tests)
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path rootfs = dir.resolve("rootfs");
            for (String d : new String[] {"bin", "proc", "dev", "sys", "tmp", "etc", "root"}) {
                Files.createDirectories(rootfs.resolve(d));
            }
            Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            for (String applet : APPLETS) Files.createSymbolicLink(rootfs.resolve("bin/" + applet), Path.of("busybox"));
            Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n");
            Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
            config = (Map<String, Object>) Json.parse(BASE_CONFIG);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    Path rootfs() {
        return dir.resolve("rootfs");
    }

    /** Sets process.args to sh -c SCRIPT. */
    Bundle script(String script) {
        process().put("args", new ArrayList<>(List.of("sh", "-c", script)));
        return this;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> process() {
        return (Map<String, Object>) config.get("process");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> linux() {
        return (Map<String, Object>) config.get("linux");
    }

    @SuppressWarnings("unchecked")
    List<Object> mounts() {
        return (List<Object>) config.get("mounts");
    }

    @SuppressWarnings("unchecked")
    List<Object> namespaces() {
        return (List<Object>) linux().get("namespaces");
    }

    Bundle addNamespace(String type) {
        Map<String, Object> ns = new LinkedHashMap<>();
        ns.put("type", type);
        namespaces().add(ns);
        return this;
    }

    Bundle write() {
        try {
            Files.writeString(dir.resolve("config.json"), JsonWriter.write(config, "  "));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return this;
    }

    @Override
    public void close() {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp dir
        }
    }
}
