package dev.crema.cli;

import dev.crema.invocation.Invocation;
import dev.crema.invocation.SignalListener;
import dev.crema.invocation.SignalRegistry;
import dev.crema.sys.Processes;
import dev.crema.sys.SyscallException;

/** For a foreground run: signals sent to crema go to the container, as runc forwards them. */
final class SignalForwarder {
    private SignalForwarder() {}

    static void install(int pid) {
        Forward forward = new Forward(pid);
        SignalRegistry signals = Invocation.current().signals();
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            signals.handle(name, forward);
        }
    }

    private record Forward(int pid) implements SignalListener {
        @Override
        public void signal(int number) {
            try {
                Processes.kill(pid, number);
            } catch (SyscallException ignored) {
                // the container has already exited; waitpid will tell
            }
        }
    }
}
