package dev.crema.api;

import dev.crema.db.Liveness;
import dev.crema.db.ProcessIdentity;
import dev.crema.invocation.Invocation;
import dev.crema.sys.Errno;
import dev.crema.sys.Fds;
import dev.crema.sys.Processes;
import dev.crema.sys.SyscallException;
import java.util.HashSet;
import java.util.Set;

/**
 * The container and exec'd processes a runtime started as their subreaper (so they are this JVM's children),
 * until reaped: waiting gives their status; a process that is not ours is waited for through a pidfd, without
 * one. The waits go through the invocation's process host: under {@code crema server} the container is the
 * client's descendant, not this JVM's (docs/server.md). Its own class so that the commands that never wait do not load (and verify) it.
 */
final class ChildProcesses {
    /** Host pids started here and not yet reaped: an unreaped pid cannot be reused, so a pid here is that process. */
    private final Set<Integer> children = new HashSet<>();
    /** Those a thread waits for in waitpid: delete then leaves the reaping to it. */
    private final Set<Integer> waiting = new HashSet<>();

    synchronized void add(int pid) {
        children.add(pid);
    }

    synchronized boolean contains(int pid) {
        return children.contains(pid);
    }

    synchronized boolean isEmpty() {
        return children.isEmpty();
    }

    /** Waits for the process's exit; its status only when it is our child. */
    ExitStatus waitFor(int pid, ProcessIdentity identity) {
        boolean ours;
        synchronized (this) {
            ours = children.contains(pid);
            if (ours) waiting.add(pid);
        }
        if (ours) {
            try {
                return ExitStatus.ofWaitStatus(Invocation.current().host().waitpid(pid, 0)[1]);
            } catch (SyscallException e) {
                if (e.errno() == Errno.ECHILD) return ExitStatus.UNKNOWN; // reaped by another thread's delete
                throw Errors.of(null, e);
            } finally {
                synchronized (this) {
                    waiting.remove(pid);
                    children.remove(pid);
                }
            }
        }
        int pidfd;
        try {
            pidfd = Processes.pidfdOpen(pid);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ESRCH) return ExitStatus.UNKNOWN; // already gone
            throw Errors.of(null, e);
        }
        try {
            // the pidfd pins the process: if its start time still matches, it is the container's
            if (identity != null && !Liveness.isAlive(identity)) return ExitStatus.UNKNOWN;
            while (!Processes.pidfdWaitExit(pidfd, 1000)) {
                // each wait is bounded, so a long one shows up in a thread dump as a loop, not a hang
            }
            return ExitStatus.UNKNOWN;
        } finally {
            Fds.close(pidfd);
        }
    }

    /** After delete: the process is gone, and its zombie is ours to reap unless a waiter does it. */
    void reapIfExited(int pid) {
        synchronized (this) {
            if (waiting.contains(pid) || !children.contains(pid)) return;
        }
        try {
            if (Invocation.current().host().waitpid(pid, Processes.WNOHANG)[0] == 0) return; // still running: a later wait reaps it
        } catch (SyscallException e) {
            // not ours any more
        }
        synchronized (this) {
            children.remove(pid);
        }
    }
}
