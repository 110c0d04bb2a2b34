package dev.crema.cli;

import dev.crema.sys.Processes;
import dev.crema.sys.SyscallException;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** For a foreground run: signals sent to crema go to the container, as runc forwards them. */
final class SignalForwarder {
    private SignalForwarder() {}

    static void install(int pid) {
        Forward forward = new Forward(pid);
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            Signal.handle(new Signal(name), forward);
        }
    }

    private record Forward(int pid) implements SignalHandler {
        @Override
        public void handle(Signal signal) {
            try {
                Processes.kill(pid, signal.getNumber());
            } catch (SyscallException ignored) {
                // the container has already exited; waitpid will tell
            }
        }
    }
}
