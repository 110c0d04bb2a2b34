package dev.crema.container;

import dev.crema.spec.JsonWriter;
import dev.crema.spec.LinuxSeccomp;
import dev.crema.spec.POSIXRlimit;
import dev.crema.spec.State;
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

    /**
     * Takes a pty master from the init: to the engine's --console-socket as runc sends it (SCM_RIGHTS, then
     * closed here), or kept for crema's own relay.
     */
    static void handOverConsole(ConsoleTarget target, int master) {
        // instanceof rather than a pattern switch, whose bootstrap costs startup (DESIGN.md section 4)
        if (target instanceof ConsoleTarget.Relay relay) {
            relay.take(master);
            return;
        }
        Path socket = ((ConsoleTarget.Socket) target).path();
        try {
            dev.crema.sys.Fds.sendFdTo(socket.toString(), "/dev/ptmx", master);
        } catch (SyscallException e) {
            throw new ContainerException("--console-socket " + socket + ": " + e.describe(), e);
        } finally {
            dev.crema.sys.Fds.close(master);
        }
    }

    /**
     * Seccomp notify: sends the listener to the agent at linux.seccomp.listenerPath with the container process
     * state (runtime-spec "ContainerProcessState") in the same message, the fd as SCM_RIGHTS, as runc does. The
     * state's pid is the container's; {@code processPid} is the process the filter is on (an exec'd one).
     */
    static void sendSeccompListener(LinuxSeccomp seccomp, State state, int processPid, int listener) {
        StringBuilder json = new StringBuilder(512).append("{\"ociVersion\": ");
        JsonWriter.quote(json, State.OCI_VERSION);
        json.append(", \"fds\": [\"seccompFd\"], \"pid\": ").append(processPid).append(", \"metadata\": ");
        JsonWriter.quote(json, seccomp.listenerMetadata() == null ? "" : seccomp.listenerMetadata());
        json.append(", \"state\": ").append(state.toSpecJson()).append('}');
        try {
            dev.crema.sys.Fds.sendFdTo(seccomp.listenerPath(), json.toString(), listener);
        } catch (SyscallException e) {
            throw new ContainerException("linux.seccomp.listenerPath: " + e.getMessage(), e);
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
        Path absolute = dev.crema.invocation.Invocation.current().absolute(pidFile);
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
        try {
            Files.writeString(temp, Integer.toString(pid), StandardCharsets.US_ASCII);
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // "DIR/.pid.tmp: no such file or directory", in runc's words (engines parse them)
            throw new ContainerException("--pid-file " + pidFile + ": " + dev.crema.sys.FileErrors.describe(e), e);
        }
    }
}
