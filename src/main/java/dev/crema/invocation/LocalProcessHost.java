package dev.crema.invocation;

import dev.crema.sys.Processes;

/** The plain CLI's process host: this JVM is the caller, so the calls are made here. */
final class LocalProcessHost implements ProcessHost {
    static final LocalProcessHost INSTANCE = new LocalProcessHost();

    private LocalProcessHost() {}

    @Override
    public int spawn(String path, String[] argv, String[] envp, int[] fdMap) {
        return Processes.spawn(path, argv, envp, fdMap);
    }

    @Override
    public int[] waitpid(int pid, int flags) {
        return Processes.waitpid(pid, flags);
    }

    @Override
    public void becomeSubreaper() {
        Processes.becomeSubreaper();
    }
}
