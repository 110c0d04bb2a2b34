package dev.crema.container;

import dev.crema.spec.POSIXRlimit;
import dev.crema.sys.Processes;
import dev.crema.sys.SyscallException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** What the controller does to a container process from outside, for create and exec alike. */
final class ContainerProcess {
    private ContainerProcess() {}

    /** Passes a container's pty master to the engine's --console-socket, as runc does (SCM_RIGHTS). */
    static void sendConsole(Path consoleSocket, int master) {
        try {
            dev.crema.sys.Fds.sendFdTo(consoleSocket.toString(), "/dev/ptmx", master);
        } catch (SyscallException e) {
            throw new ContainerException("--console-socket " + consoleSocket + ": " + e.getMessage(), e);
        }
    }

    static void applyRlimits(int pid, List<POSIXRlimit> rlimits) {
        for (int i = 0; i < rlimits.size(); i++) {
            POSIXRlimit r = rlimits.get(i);
            String field = "process.rlimits[" + i + "] (" + r.type() + ")";
            try {
                Processes.prlimit(pid, r.resource(), r.soft(), r.hard());
            } catch (SyscallException e) {
                throw new ContainerException(field + ": " + e.getMessage(), e);
            }
        }
    }

    /** Written atomically like runc's, so an engine polling for it never reads a partial pid. */
    static void writePidFile(Path pidFile, int pid) {
        Path absolute = pidFile.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
        try {
            Files.writeString(temp, Integer.toString(pid), StandardCharsets.US_ASCII);
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ContainerException("--pid-file " + pidFile + ": " + e.getMessage(), e);
        }
    }
}
