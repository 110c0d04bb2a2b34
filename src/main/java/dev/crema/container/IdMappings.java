package dev.crema.container;

import dev.crema.plan.Caller;
import dev.crema.spec.Linux;
import dev.crema.spec.LinuxIDMapping;
import dev.crema.sys.Processes;
import dev.crema.sys.SyscallException;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a new user namespace's uid_map and gid_map from the host, as the kernel wants: one write each, as
 * runc's nsexec does. An unprivileged caller may write only a map of its own id, and the gid map only after
 * "deny" in setgroups; so as runc: a gid map that is exactly the caller's egid as 0 gets setgroups denied and
 * direct writes, and any other map that the kernel refuses (EPERM) goes through the setuid tools of Debian's
 * uidmap package, newuidmap and newgidmap, which check /etc/subuid and /etc/subgid.
 */
final class IdMappings {
    private IdMappings() {}

    static void write(int pid, Linux linux, Caller caller) {
        if (caller.rootlessEuid() && !needsMappingTool(linux.gidMappings(), caller.egid())) {
            writeFile(pid, "setgroups", "deny", "linux.gidMappings");
        }
        writeMap(pid, "uid_map", "newuidmap", linux.uidMappings(), "linux.uidMappings");
        writeMap(pid, "gid_map", "newgidmap", linux.gidMappings(), "linux.gidMappings");
    }

    /**
     * runc's requiresRootOrMappingTool: only the single mapping of the caller's own egid to 0 can be written by
     * the caller itself (the uid map of its own euid always can; the gid map needs setgroups denied, which a
     * container that keeps its groups must not get).
     */
    static boolean needsMappingTool(List<LinuxIDMapping> gidMappings, long egid) {
        return !gidMappings.equals(List.of(new LinuxIDMapping(0, egid, 1)));
    }

    private static void writeMap(int pid, String file, String tool, List<LinuxIDMapping> mappings, String field) {
        String text = LinuxIDMapping.mapText(mappings);
        try {
            writeOrThrow(pid, file, text);
        } catch (IOException e) {
            if (!permissionRefused(e)) throw failure(field, pid, file, e);
            runTool(pid, tool, mappings, field, e);
        }
    }

    private static void writeFile(int pid, String file, String text, String field) {
        try {
            writeOrThrow(pid, file, text);
        } catch (IOException e) {
            throw failure(field, pid, file, e);
        }
    }

    private static void writeOrThrow(int pid, String file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(Path.of("/proc/" + pid + "/" + file), StandardOpenOption.WRITE)) {
            int written = channel.write(ByteBuffer.wrap(bytes));
            if (written != bytes.length) throw new IOException("short write");
        }
    }

    /**
     * EPERM from the write, as runc's nsexec tries the tool on (the JDK's message is strerror's, "Operation not
     * permitted", on a plain IOException from the write), or EACCES from the open.
     */
    private static boolean permissionRefused(IOException e) {
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        return e instanceof AccessDeniedException || "Operation not permitted".equals(reason);
    }

    /** newuidmap PID ID HOSTID SIZE ...: the tool's own complaint goes to our stderr, as under runc. */
    private static void runTool(int pid, String tool, List<LinuxIDMapping> mappings, String field, IOException refused) {
        Path path = onPath(tool);
        if (path == null) {
            throw new ContainerException(field + ": write /proc/" + pid + "/" + tool.substring(3, 6) + "_map: "
                    + reason(refused) + ", and " + tool + " (Debian package uidmap) is not on PATH to map more than "
                    + "the caller's own id");
        }
        List<String> argv = new ArrayList<>();
        argv.add(tool);
        argv.add(Integer.toString(pid));
        for (LinuxIDMapping m : mappings) {
            argv.add(Long.toString(m.containerID()));
            argv.add(Long.toString(m.hostID()));
            argv.add(Long.toString(m.size()));
        }
        int status;
        try {
            // crema's stdio and nothing else: the setuid tool gets none of the JVM's files (nor the state lock)
            int child = Processes.spawn(path.toString(), argv.toArray(new String[0]), new String[0],
                    new int[] {Processes.SPAWN_CLOSE_FROM, 3});
            status = Processes.waitpid(child, 0)[1];
        } catch (SyscallException e) {
            throw new ContainerException(field + ": " + path + ": " + e.getMessage(), e);
        }
        if (!Processes.exited(status) || Processes.exitCode(status) != 0) {
            throw new ContainerException(field + ": " + path + " " + String.join(" ", argv.subList(1, argv.size()))
                    + " failed (" + WaitStatusText.of(status) + "); are the ranges in /etc/sub"
                    + (tool.equals("newuidmap") ? "uid" : "gid") + "?");
        }
    }

    /** The tool as runc finds it (exec.LookPath): the first executable on $PATH. */
    private static Path onPath(String tool) {
        String path = dev.crema.invocation.Invocation.current().env().get("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    private static ContainerException failure(String field, int pid, String file, IOException e) {
        return new ContainerException(field + ": write /proc/" + pid + "/" + file + ": " + reason(e), e);
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e instanceof AccessDeniedException ? "Permission denied" : e.getMessage();
    }
}
