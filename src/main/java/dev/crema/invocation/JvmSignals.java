package dev.crema.invocation;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/** The plain CLI: the JVM's own signal handlers. */
final class JvmSignals implements SignalRegistry {
    static final JvmSignals INSTANCE = new JvmSignals();

    private JvmSignals() {}

    @Override
    public void handle(String name, SignalListener listener) {
        Signal.handle(new Signal(name), new Adapter(listener));
    }

    private record Adapter(SignalListener listener) implements SignalHandler {
        @Override
        public void handle(Signal signal) {
            listener.signal(signal.getNumber());
        }
    }
}
